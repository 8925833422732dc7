// The real release build, served cross-origin isolated, in Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAgain, runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { byMode, crossLaneOverlap, maxAtOnce, sameLaneOverlaps } from './spans.mjs';

const env = useBrowser({ isolated: true });
const newPage = () => env.newPage();

test('the page is cross-origin isolated and reports its cores', async () => {
  const page = await newPage();
  await page.goto(env.url());
  await page.waitForFunction(() => document.querySelector('#env-pool')?.textContent.includes('workers'));
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.textContent('#env-isolated'), 'yes');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(Number(await page.textContent('#env-cores')), cores);
  await page.close();
});

test('CPU-bound: threads overlap on two lanes, cooperative interleaves on the main loop, results agree, frames keep coming', async () => {
  const page = await newPage();
  const r = await runToCompletion(page, `${env.url()}?workload=cpu&tasks=4&cpu=80&threads=2&yield=10&autorun=1`);
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => m.mode), ['sequential', 'cooperative', 'threads']);

  const threads = byMode(r, 'threads');
  assert.ok(new Set(threads.spans.map((s) => s.lane)).size >= 2, 'threads used at least two lanes');
  assert.ok(crossLaneOverlap(threads.spans, 'cpu'), 'CPU spans on different lanes overlap in time');
  assert.ok(threads.lanes.every((l) => l.startsWith('worker')), 'threads ran on workers');

  const coop = byMode(r, 'cooperative');
  assert.deepEqual([...new Set(coop.spans.map((s) => s.lane))], ['main loop']);
  assert.deepEqual(sameLaneOverlaps(coop.spans, 'cpu'), [], 'cooperative CPU spans never overlap');
  // Yielding every 10 ms cuts each 80 ms step into slices, and the tasks' slices alternate.
  const slices = coop.spans.filter((s) => s.kind === 'cpu').sort((a, b) => a.start - b.start);
  for (let task = 0; task < 4; task++) {
    const mine = slices.filter((s) => s.task === task).length;
    assert.ok(mine >= 4, `task ${task}'s 80 ms step was cut into ${mine} slices`);
  }
  const switches = slices.filter((s, i) => i > 0 && s.task !== slices[i - 1].task).length;
  assert.ok(switches >= 8, `the loop went from one task to another ${switches} times`);

  const seq = byMode(r, 'sequential');
  assert.equal(new Set(seq.spans.map((s) => s.lane)).size, 1, 'sequential used one worker');
  for (const m of r.modes) {
    assert.equal(m.results.length, 4);
    assert.ok(m.results.every((n) => Number.isInteger(n) && n > 0), `${m.mode} finished every task`);
    assert.deepEqual(m.results, seq.results, `${m.mode} found the same primes as sequential`);
  }

  // The main thread kept animating while the workers computed.
  // Shape, not rate: no gap between frames took half the run, as one would if the page waited
  // for the workers (a loaded machine may drop frames, never that many).
  const frames = await page.evaluate(() => window.__frames);
  const [from, to] = [threads.epoch_ms, threads.epoch_ms + threads.wall_ms];
  const edges = [from, ...frames.filter((t) => t > from && t < to), to];
  const worst = Math.max(...edges.slice(1).map((t, i) => t - edges[i]));
  assert.ok(worst < threads.wall_ms / 2, `longest frame gap ${worst.toFixed(0)} ms in a ${threads.wall_ms.toFixed(0)} ms run`);
  await page.close();
});

test('the pool starts only the workers a run needs: none without a pool mode, more when a larger pool size asks', async () => {
  const page = await newPage();
  await page.goto(`${env.url()}?modes=cooperative,processes`);
  await page.waitForSelector('html[data-ready]');
  assert.equal(await page.textContent('#env-pool'), 'not started');
  assert.equal(page.workers().length, 0, 'no worker for a run that needs no pool');

  const recipe = encodeURIComponent('6 x cpu 10ms');
  const two = await runToCompletion(page, `${env.url()}?recipe=${recipe}&modes=threads&threads=2&autorun=1`);
  assert.equal(two.state, 'done');
  assert.equal(two.env.pool.threads, 2);
  assert.equal(page.workers().length, 2, 'two workers for pool size 2');

  // A larger pool size grows the pool before the run: the run has its five threads.
  await page.fill('#threads', '5');
  await page.dispatchEvent('#threads', 'change');
  const five = await runAgain(page);
  assert.equal(five.state, 'done');
  assert.equal(five.env.pool.threads, 5);
  assert.equal(byMode(five, 'threads').threads, 5);
  assert.ok(new Set(byMode(five, 'threads').spans.map((s) => s.lane)).size > 2, 'more than the first two workers ran');
  assert.equal(page.workers().length, 5, 'the two workers were reused, three more started');
  await page.close();
});

test('I/O-bound cooperative run: every task waits at once on the one main-loop lane', async () => {
  const page = await newPage();
  const r = await runToCompletion(page, `${env.url()}?workload=io&tasks=6&io=150&modes=cooperative&autorun=1`);
  const coop = byMode(r, 'cooperative');
  assert.equal(coop.outcome, 'completed');
  assert.ok(coop.spans.every((s) => s.lane === 'main loop'));
  assert.equal(maxAtOnce(coop.spans, 'io'), 6, 'all six waits overlap');
  await page.close();
});

test('mixed requests run cpu → io → cpu in every mode', async () => {
  const page = await newPage();
  const r = await runToCompletion(page, `${env.url()}?workload=mixed&tasks=3&cpu=20&io=60&threads=2&autorun=1`);
  for (const m of r.modes) {
    const task0 = m.spans.filter((s) => s.task === 0 && ['cpu', 'io'].includes(s.kind));
    const kinds = [...new Set(task0.map((s) => `${s.step}:${s.kind}`))];
    assert.deepEqual(kinds, ['0:cpu', '1:io', '2:cpu'], `${m.mode} ran the steps in order`);
  }
  await page.close();
});

test('an invalid URL parameter shows a specific message and falls back to the default', async () => {
  const page = await newPage();
  await page.goto(`${env.url()}?tasks=abc&modes=turbo`);
  const text = await page.textContent('#config-errors');
  assert.match(text, /tasks="abc": expected a whole number from 1 to 10000; using 8/);
  assert.match(text, /modes="turbo"/);
  assert.match(await page.textContent('#recipe-preview'), /^Plan: 8 tasks/, 'the default plan is kept');
  await page.close();
});

test('Stop cancels the running mode and skips the rest', async () => {
  const page = await newPage();
  await page.goto(`${env.url()}?workload=cpu&tasks=8&cpu=1500&threads=2`);
  await page.click('#run:not([disabled])');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'running');
  await page.waitForTimeout(300);
  await page.click('#stop');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'stopped', null, {
    timeout: 10_000,
  });
  const r = await page.evaluate(() => window.interleaveResult);
  assert.equal(r.state, 'stopped');
  assert.equal(r.modes.length, 1, 'no mode starts after Stop');
  assert.equal(r.modes[0].outcome, 'cancelled');
  assert.ok(r.modes[0].wall_ms < 8 * 1500, 'it stopped long before the work was done');
  await page.close();
});
