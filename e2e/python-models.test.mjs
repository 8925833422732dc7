// Threads + GIL, processes, pool sizes and the sweep, against the release build (isolated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { byMode, crossLaneOverlap, maxAtOnce } from './spans.mjs';

const env = useBrowser({ isolated: true });
const newPage = () => env.newPage();

async function run(query) {
  const page = await newPage();
  const result = await runToCompletion(page, `${env.url()}?${query}`);
  return { page, result };
}

const recipe = (text) => `recipe=${encodeURIComponent(text)}`;

test('threads + GIL on CPU-bound work: no two CPU spans on different lanes overlap', async () => {
  const { page, result } = await run(`${recipe('4 x cpu 40ms')}&modes=gil&threads=2&autorun=1`);
  const gil = byMode(result, 'gil');
  assert.equal(gil.outcome, 'completed');
  const cpu = gil.spans.filter((s) => s.kind === 'cpu');
  assert.ok(new Set(cpu.map((s) => s.lane)).size >= 2, 'two workers took turns');
  // Not even by a rounding of two workers' clocks: the recorder's clock never goes back.
  assert.equal(crossLaneOverlap(cpu, 'cpu'), null, 'only the GIL holder computes');
  assert.ok(gil.spans.some((s) => s.kind === 'gil-wait'), 'waiting for the GIL is recorded');
  const switches = cpu.sort((a, b) => a.start - b.start).filter((s, i, all) => i > 0 && s.lane !== all[i - 1].lane).length;
  assert.ok(switches >= 4, `the GIL changed hands ${switches} times`);
  await page.close();
});

test('threads + GIL on I/O-bound work: the GIL is released while waiting, so waits overlap', async () => {
  const { page, result } = await run(`${recipe('4 x io 80ms')}&modes=gil&threads=2&autorun=1`);
  const gil = byMode(result, 'gil');
  assert.ok(maxAtOnce(gil.spans, 'io') >= 2, 'two workers waited at once');
  assert.ok(crossLaneOverlap(gil.spans, 'io'), 'on different lanes');
  await page.close();
});

test('processes never see one another\'s memory: each counts only its own tasks', async () => {
  const { page, result } = await run(`${recipe('6 x cpu 10ms')}&modes=processes&threads=2&autorun=1`);
  const procs = byMode(result, 'processes');
  assert.equal(procs.outcome, 'completed');
  assert.ok(procs.lanes.every((l) => l.startsWith('process')));
  assert.ok(procs.spans.some((s) => s.kind === 'startup'), 'start-up is measured and drawn');
  assert.ok(procs.spans.filter((s) => s.kind === 'message').length >= 12, 'a message each way per task');
  const laneOf = new Map(procs.spans.filter((s) => s.kind === 'cpu').map((s) => [s.task, s.lane]));
  const byLane = new Map();
  procs.counters.forEach((count, task) => {
    const lane = laneOf.get(task);
    byLane.set(lane, [...(byLane.get(lane) ?? []), count]);
  });
  assert.ok(byLane.size >= 2, 'both processes ran tasks');
  for (const [lane, counts] of byLane) {
    const sorted = [...counts].sort((a, b) => a - b);
    assert.deepEqual(sorted, sorted.map((_, i) => i + 1), `${lane} counted only its own tasks`);
  }
  assert.ok(Math.max(...procs.counters) < 6, 'no process saw all six tasks');
  await page.close();
});

test('pool size 2 with 6 I/O tasks gives 3 visible batches of waits', async () => {
  const { page, result } = await run(`${recipe('6 x io 120ms')}&modes=threads&threads=2&autorun=1`);
  const threads = byMode(result, 'threads');
  assert.equal(threads.threads, 2);
  // Two workers, each taking three of the waits one after another: three batches of two.
  const io = threads.spans.filter((s) => s.kind === 'io');
  const lanes = [...new Set(io.map((s) => s.lane))];
  assert.equal(lanes.length, 2);
  for (const lane of lanes) assert.equal(io.filter((s) => s.lane === lane).length, 3, lane);
  assert.equal(maxAtOnce(threads.spans, 'io'), 2);
  assert.ok(threads.wall_ms >= 3 * 120, `three waits in a row on each worker: ${threads.wall_ms} ms`);
  await page.close();
});

test('the sweep plots one point per pool size, from 1 to twice the cores', async () => {
  const { page, result } = await run('lesson=pools-and-amdahl&autorun=1');
  const cores = result.env.cores;
  assert.deepEqual(result.modes.map((m) => m.threads), Array.from({ length: 2 * cores }, (_, i) => i + 1));
  assert.equal(await page.locator('#sweep-plot circle.measured').count(), 2 * cores);
  assert.match(await page.textContent('#sweep-panel'), /serial fraction \d+%/);
  assert.equal(await page.locator('#sweep-plot polyline.amdahl').count(), 1);
  await page.close();
});

test('the comparison runs every model with its Python label and legend', async () => {
  const { page, result } = await run('lesson=python-models&autorun=1');
  assert.deepEqual(result.modes.map((m) => m.mode), ['sequential', 'cooperative', 'gil', 'processes', 'threads']);
  const first = result.modes[0].results;
  for (const m of result.modes) assert.deepEqual(m.results, first, `${m.mode} found the same primes`);
  const legend = await page.textContent('#python-legend');
  for (const label of ['plain script', 'asyncio', 'threading', 'multiprocessing', 'free threads']) {
    assert.ok(legend.includes(label), label);
  }
  assert.match(await page.textContent('#lesson-panel'), /The GIL here is a model/);
  await page.close();
});

test('Stop ends a processes run at once: the processes are terminated', async () => {
  const page = await newPage();
  await page.goto(`${env.url()}?${recipe('8 x cpu 1500ms')}&modes=processes&threads=2`);
  await page.click('#run:not([disabled])');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'running');
  await page.waitForTimeout(500);
  await page.click('#stop');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'stopped', null, { timeout: 5_000 });
  const r = await page.evaluate(() => window.interleaveResult);
  assert.equal(r.modes[0].outcome, 'cancelled');
  assert.ok(r.modes[0].wall_ms < 4 * 1500, 'it did not wait for the work to finish');
  await page.close();
});
