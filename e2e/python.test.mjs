// Python side by side: the page's program for each mode runs under the machine's python3, its
// trace imports into the page as one more row, and CPython's shapes hold (wide margins, never
// timings): asyncio overlaps waits and never CPU; threading's CPU-bound wall is about the sum
// of its work; multiprocessing's is clearly less on two cores or more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { crossLaneOverlap, maxAtOnce, sameLaneOverlaps } from './spans.mjs';

const env = useBrowser({ isolated: true });
const run = promisify(execFile);
const query = (recipe, mode, extra = '') =>
  `?recipe=${encodeURIComponent(recipe)}&modes=${mode}&threads=2${extra}`;

/** The program the page shows for `mode`, run by python3; returns [page, trace text, trace]. */
async function programRun(recipe, mode, { extra = '', page } = {}) {
  page ??= await env.newPage();
  if (!page.url().includes('recipe=')) await page.goto(`${env.url()}${query(recipe, mode, extra)}`);
  await page.selectOption('#python-mode', mode);
  const source = await page.locator('#python-program').textContent();
  // The page measures its device and starts its pool at load: let it settle first, so that
  // it takes no core from the program.
  await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
  assert.match(source, new RegExp(`MODE = "${mode}"`));
  const dir = await mkdtemp(join(tmpdir(), 'interleave-py-'));
  try {
    await writeFile(join(dir, 'program.py'), source);
    await run('python3', [join(dir, 'program.py'), join(dir, 'trace.json')], { timeout: 60_000 });
    const text = await readFile(join(dir, 'trace.json'), 'utf8');
    return [page, text, JSON.parse(text)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function importByPaste(page, text) {
  await page.click('#python summary');
  await page.fill('#python-paste', text);
  await page.click('#python-paste-import');
}

/** The imported row of the results table, once it is there. */
async function importedRow(page) {
  const row = page.locator('#results tr[data-imported="cpython"]');
  await row.waitFor();
  return (await row.locator('th').textContent()).trim();
}

const cpuWork = (trace) => trace.spans.filter((s) => s[3] === 'cpu');
const asSpans = (trace) => trace.spans.map(([lane, task, step, kind, start, end]) => ({ lane, task, step, kind, start, end }));

test('asyncio overlaps the waits and never two CPU steps; its row imports beside the browser run', async () => {
  const recipe = '4 x cpu 10ms -> io 60ms';
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}${query(recipe, 'cooperative', '&autorun=1')}`);
  const [, text, trace] = await programRun(recipe, 'cooperative', { page });
  assert.equal(trace.format, 'interleave-python-trace');
  assert.equal(trace.mode, 'cooperative');
  const spans = asSpans(trace);
  assert.ok(maxAtOnce(spans, 'io') >= 3, 'the waits overlap on the one thread');
  assert.equal(maxAtOnce(spans, 'cpu'), 1, 'never two CPU steps at once');
  assert.deepEqual(sameLaneOverlaps(spans, 'cpu'), []);
  assert.ok(trace.wall_ms < 2 * 60 + 4 * 10 * 3, `one wait, not four in a row: ${trace.wall_ms} ms`);
  await importByPaste(page, text);
  assert.match(await importedRow(page), /^CPython 3\.\d+.* · asyncio$/);
  const verdict = await page.locator('#python-verdict').textContent();
  assert.match(verdict, /CPython's asyncio finished in .*the browser's cooperative mode in/);
  await page.close();
});

test('threading: the CPU steps share the GIL, so the wall is about the sum of the work; multiprocessing\'s is clearly less', async () => {
  // Long enough that the pool's start-up is small beside the work.
  const recipe = '4 x cpu 60ms';
  const work = 4 * 60;
  // Three runs of each, alternating, and the faster of each compared: a core taken by another
  // program for a moment slows one run, not the comparison.
  const runs = { sequential: [], gil: [], processes: [] };
  let page;
  let text;
  for (let i = 0; i < 3; i++) {
    for (const mode of ['sequential', 'gil', 'processes']) {
      let trace;
      [page, text, trace] = await programRun(recipe, mode, { page });
      runs[mode].push(trace);
    }
  }
  const best = (mode) => Math.min(...runs[mode].map((t) => t.wall_ms));
  const [threading, processes] = [runs.gil[0], runs.processes[0]];
  assert.equal(threading.threads, 2);
  assert.equal(new Set(cpuWork(threading).map((s) => s[0])).size, 2, 'two threads ran tasks');
  // Against the plain script, which does the same work one step at a time: each program
  // calibrates its own work, so a machine busier during one calibration than during the run
  // shifts every program alike, not the ratio.
  assert.ok(best('gil') > 0.75 * best('sequential'),
    `threading took ${best('gil')} ms, the plain script ${best('sequential')} ms, for ${work} ms of planned work`);
  assert.equal(new Set(cpuWork(processes).map((s) => s[0])).size, 2, 'two processes ran tasks');
  if (cpus().length >= 2) {
    assert.ok(crossLaneOverlap(asSpans(processes), 'cpu'), 'two processes computed at once');
    assert.ok(best('processes') < 0.85 * best('gil'),
      `multiprocessing ${best('processes')} ms, threading ${best('gil')} ms`);
  }
  // Chosen as a file, as the file input gives it.
  const dir = await mkdtemp(join(tmpdir(), 'interleave-py-'));
  await writeFile(join(dir, 'trace.json'), text);
  await page.setInputFiles('#python-file', join(dir, 'trace.json'));
  // The page reads the file after the input changes: removed before that, it has nothing to
  // read (CI once waited 30 s for a row that could not come).
  assert.match(await importedRow(page), / · multiprocessing$/);
  await rm(dir, { recursive: true, force: true });
  await page.close();
});

test('sequential and free threads run, and a dropped trace file becomes the row', async () => {
  const [page, , sequential] = await programRun('2 x cpu 5ms -> io 10ms -> crash', 'sequential');
  assert.deepEqual(sequential.results.map((r) => r === null), [true, true], 'a crash ends its task');
  assert.ok(sequential.spans.some((s) => s[3] === 'crash'));
  const [, text, threads] = await programRun('2 x cpu 5ms -> io 10ms', 'threads', { page });
  assert.equal(typeof threads.gil, 'boolean');
  const dropped = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'trace.json', { type: 'application/json' }));
    return d;
  }, text);
  await page.dispatchEvent('main.app', 'drop', { dataTransfer: dropped });
  assert.match(await importedRow(page), / · free threads$/);
  await page.close();
});

test('a bad trace file gets what and where, and the imported row stays', async () => {
  const [page, text] = await programRun('2 x io 10ms', 'sequential');
  await importByPaste(page, text);
  await importedRow(page);
  await page.fill('#python-paste', '{"format": "interleave-python-trace", "version": 1, "spans": [<b>x</b>]}');
  await page.click('#python-paste-import');
  const error = await page.locator('#python-import-error').textContent();
  assert.match(error, /^Not imported: at line 1, column \d+, expected a value/);
  assert.equal(await page.locator('#python-import-error b').count(), 0, 'the text is never markup');
  assert.equal(await page.locator('#results tr[data-imported="cpython"]').count(), 1);
  await page.click('#python-clear');
  assert.equal(await page.locator('#results tr[data-imported="cpython"]').count(), 0);
  await page.close();
});
