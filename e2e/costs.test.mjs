// The costs lesson: the course's table measured in this browser, every cell a figure or a
// reason, in the course's order of magnitude; the table drawn, and the crash row from the
// crash-impact lesson run before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useBrowser } from './fixture.mjs';
import { runToCompletion } from './browser.mjs';
import { assertCostShapes, ROWS, UNITS } from './costs.mjs';

const env = useBrowser({ isolated: true });
const run = promisify(execFile);

test('the costs table: every cell measured or said why, in the course\'s order, drawn as a table', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=what-each-costs&autorun=1`, { timeout: 90_000 });
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes, [], 'no modes run: the table is the result');
  assertCostShapes(r.costs);
  const cells = await page.$$eval('#costs tbody tr', (rows) => rows.map((tr) => [tr.dataset.row, tr.querySelectorAll('td').length]));
  assert.deepEqual(cells, ROWS.map((row) => [row, UNITS.length]));
  // A process's creation reads as the course says, with the ratio that makes the point.
  const heavy = await page.textContent('#costs tr[data-row="creation"] td[data-unit="process"] .said');
  assert.match(heavy, /^heavy: [\d.]+ m?s, about [\d,]+ × a coroutine$/);
  assert.match(await page.textContent('#costs caption'), /CPython 3\.11\.7/);
  await page.close();
});

test('after the crash-impact lesson, the crash row says what one crash took in each unit', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?lesson=crash-impact&threads=2&autorun=1`, { timeout: 60_000 });
  await page.selectOption('#lesson', 'what-each-costs');
  await page.click('#run');
  await page.waitForFunction(() => window.interleaveResult?.costs && document.documentElement.dataset.runState === 'done', null, { timeout: 90_000 });
  const costs = await page.evaluate(() => window.interleaveResult.costs);
  const crash = costs.rows.find((row) => row.row === 'crash-impact').cells;
  assert.equal(crash.process.figures[0].median, 1, 'a process loses its one task');
  assert.equal(crash.coroutine.figures[0].median, 1, 'the event loop loses one future');
  assert.ok(crash.thread.figures[0].median >= 1);
  assert.match(crash.thread.figures[0].includes, /pool crashed/);
  // The crashed pool cannot measure threads: the table says so instead of a figure.
  assert.match(costs.rows.find((row) => row.row === 'communication').cells.thread.missing, /crashed.*reload/);
  assertCostShapes(costs, { pool: false });
  env.pageErrors.splice(0);
  await page.close();
});

test('the costs program the page shows runs under python3, and its file fills each cell\'s CPython line from this machine', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=what-each-costs&autorun=1`, { timeout: 90_000 });
  assert.equal(r.state, 'done');
  // The program is fetched when the lesson shows it, never on the first load.
  await page.waitForFunction(() => document.querySelector('#python-program')?.textContent.includes('interleave-python-costs'));
  const source = await page.locator('#python-program').textContent();
  assert.match(source, /interleave-python-costs/);
  assert.equal(await page.locator('#python-mode').count(), 0, 'no mode to choose');
  const dir = await mkdtemp(join(tmpdir(), 'interleave-costs-'));
  let text;
  try {
    await writeFile(join(dir, 'interleave_costs.py'), source);
    await run('python3', [join(dir, 'interleave_costs.py'), join(dir, 'costs.json')], { cwd: dir, timeout: 120_000 });
    text = await readFile(join(dir, 'costs.json'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await page.click('#python summary');
  await page.fill('#python-paste', text);
  await page.click('#python-paste-import');
  await page.waitForSelector('#python-imported-costs');
  const line = await page.textContent('#costs tr[data-row="creation"] td[data-unit="process"] .cpython');
  assert.match(line, /^CPython here: start a process \((fork|spawn)\) and join it: [\d.]+ m?s/);
  assert.match(await page.textContent('#costs caption'), /CPython here: CPython 3\.\d+/);
  // A file out of shape is refused with where and why, and the imported column stays.
  await page.fill('#python-paste', text.replace('"median"', '"medium"'));
  await page.click('#python-paste-import');
  assert.match(await page.textContent('#python-import-error'), /Not imported: at rows\[0\]\.cells\.\w+\.figures\[0\]\.median/);
  await page.waitForSelector('#python-imported-costs');
  await page.close();
});
