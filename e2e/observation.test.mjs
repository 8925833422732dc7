// Truth under observation: cooperative runs as asyncio does, the GIL honours short switch
// intervals, and the live page draws little while it measures. Shapes, never timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAgain, runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { byMode, sameLaneOverlaps } from './spans.mjs';

const env = useBrowser({ isolated: true });
const recipe = (text) => `recipe=${encodeURIComponent(text)}`;

async function run(query) {
  const page = await env.newPage();
  const result = await runToCompletion(page, `${env.url()}?${query}`);
  return { page, result };
}

/** CPU spans per (task, step). */
const slicesPerStep = (spans) => {
  const n = new Map();
  for (const s of spans.filter((x) => x.kind === 'cpu')) n.set(`${s.task}:${s.step}`, (n.get(`${s.task}:${s.step}`) ?? 0) + 1);
  return n;
};

test('by default cooperative runs each CPU step to completion, as asyncio does', async () => {
  const { page, result } = await run('lesson=mixed-requests&modes=cooperative&autorun=1');
  assert.equal(result.config.yield_ms, null, 'the lesson starts with yield = never');
  const coop = byMode(result, 'cooperative');
  assert.equal(coop.outcome, 'completed');
  const perStep = slicesPerStep(coop.spans);
  // 6 requests, each cpu → io → cpu: two CPU steps each, and each one span.
  assert.equal(perStep.size, 12);
  assert.deepEqual([...new Set(perStep.values())], [1], 'one CPU span per step: no hidden yields');
  assert.deepEqual(sameLaneOverlaps(coop.spans), []);
  // The waits still overlap: the loop moves on at each await.
  const io = coop.spans.filter((s) => s.kind === 'io');
  assert.ok(io.some((a) => io.some((b) => a !== b && a.start < b.end && b.start < a.end)), 'waits overlap');
  await page.close();
});

test('yielding inside CPU work is what a user turns on: the yield-granularity lesson does', async () => {
  const { page, result } = await run('lesson=yield-granularity&autorun=1&live=0');
  assert.ok(result.config.yield_ms > 0);
  const coop = byMode(result, 'cooperative');
  const perStep = [...slicesPerStep(coop.spans).values()];
  assert.ok(perStep.every((n) => n > 10), `each 200 ms step is cut into slices: ${perStep}`);
  await page.close();
});

test('the GIL honours a short switch interval: it hands over after the interval, never before', async () => {
  /** The slices that ended in a hand-over to the other worker, in ms. */
  const handedOver = async (ms) => {
    const { page, result } = await run(`${recipe('2 x cpu 60ms')}&modes=gil&threads=2&switch=${ms}&autorun=1&live=0`);
    const cpu = byMode(result, 'gil').spans.filter((s) => s.kind === 'cpu')
      .sort((a, b) => a.task - b.task || a.step - b.step || a.start - b.start);
    await page.close();
    // All but each step's last slice: that one ends because the step is done.
    return cpu.filter((s, i) => i + 1 < cpu.length && cpu[i + 1].task === s.task && cpu[i + 1].step === s.step)
      .map((s) => s.end - s.start);
  };
  const [coarse, fine] = [await handedOver(5), await handedOver(0.5)];
  assert.ok(coarse.length >= 4, `at 5 ms the lock changed hands ${coarse.length} times`);
  // A busy machine stretches slices (the holder is descheduled while it holds the lock), never
  // shortens them: the shortest slice shows the mechanism, the bench has the typical ones.
  assert.ok(Math.min(...coarse) >= 5 - 0.05, `no slice handed over before 5 ms: ${Math.min(...coarse)}`);
  assert.ok(Math.min(...fine) >= 0.5 - 0.05, `no slice handed over before 0.5 ms: ${Math.min(...fine)}`);
  assert.ok(Math.min(...fine) < 2.5, `at 0.5 ms the lock can change hands within 2.5 ms: ${Math.min(...fine)}`);
  assert.ok(fine.length > coarse.length, `at 0.5 ms it changed hands ${fine.length} times, against ${coarse.length} at 5 ms`);
});

/** Clicks Run on a page of `query` and counts the timeline's paints and the page's frames. */
async function paintsOfRun(query) {
  const page = await env.newPage();
  await page.goto(`${env.url()}?${query}`);
  await page.waitForSelector('html[data-ready]');
  await page.waitForTimeout(300);
  const count = () => page.evaluate(() => [(window.interleavePaintMs ?? []).length, window.__frames.length]);
  const [paintsBefore, framesBefore] = await count();
  await page.click('#run');
  await page.waitForFunction(() => ['done', 'stopped'].includes(document.documentElement.dataset.runState));
  const result = await page.evaluate(() => window.interleaveResult);
  const [paints, frames] = await count();
  await page.close();
  return { result, paints: paints - paintsBefore, frames: frames - framesBefore };
}

test('while a worker mode runs, the live timeline is drawn about four times a second, not every frame', async () => {
  const { result, paints, frames } = await paintsOfRun(`${recipe('4 x cpu 400ms')}&modes=threads&threads=2`);
  const wall = byMode(result, 'threads').wall_ms;
  assert.ok(paints >= 2, `the run was drawn as it happened (${paints} paints)`);
  // Four a second, plus the paints when the run starts and ends; far fewer than frames.
  assert.ok(paints <= wall / 250 + 6, `${paints} paints in ${wall.toFixed(0)} ms`);
  assert.ok(paints < frames / 3, `${paints} paints against ${frames} frames`);
});

test('while the cooperative mode runs, its live timeline is drawn, spaced by its own cost', async () => {
  const { result, paints } = await paintsOfRun(`${recipe('8 x cpu 200ms')}&modes=cooperative&yield=5`);
  const wall = byMode(result, 'cooperative').wall_ms;
  // At most 500 ms apart, and up to a tick later for a frame on a loaded machine, plus the
  // paints when the mode starts and ends.
  assert.ok(paints >= Math.floor(wall / 600) + 2, `the loop was drawn as it ran (${paints} paints in ${wall.toFixed(0)} ms)`);
  // Every draw on the loop is time the coroutines do not get: never more than one per tick.
  assert.ok(paints <= wall / 100 + 4, `${paints} paints in ${wall.toFixed(0)} ms`);
});

test('a running mode is drawn on a canvas of its own: the finished modes above it are not repainted', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url()}?${recipe('4 x cpu 500ms')}&modes=sequential,threads&threads=2`);
  await page.waitForSelector('html[data-ready]');
  await page.click('#run');
  // The main canvas gets its first rows when sequential has finished and threads runs.
  await page.waitForFunction(() => document.querySelector('#timeline').height > 0);
  const shot = () => page.evaluate(() => ({
    running: document.documentElement.dataset.runState === 'running',
    above: document.querySelector('#timeline').toDataURL(),
    below: document.querySelector('#timeline-live').toDataURL(),
  }));
  const first = await shot();
  // Longer than a quiet tick, so the running mode was drawn again.
  await page.waitForTimeout(500);
  const second = await shot();
  assert.ok(first.running && second.running, 'both pictures were taken while threads ran');
  assert.notEqual(second.below, first.below, 'the running mode grew on its own canvas');
  assert.equal(second.above, first.above, 'the finished mode above it was left alone');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'done');
  const heights = await page.evaluate(() => ['#timeline', '#timeline-live'].map((s) => document.querySelector(s).height));
  assert.ok(heights[0] > 0 && heights[1] === 0, `once it ends, everything is on the main canvas: ${heights}`);
  await page.close();
});

test('nothing on the page moves while a mode runs: its picture has room for every lane from the start', async () => {
  for (const query of [`${recipe('8 x cpu 60ms')}&modes=cooperative`, `${recipe('4 x cpu 250ms')}&modes=threads&threads=2`]) {
    const page = await env.newPage();
    await page.goto(`${env.url()}?${query}`);
    await page.waitForSelector('html[data-ready]');
    await page.evaluate(() => {
      window.liveHeights = [];
      const live = document.querySelector('#timeline-live');
      new MutationObserver(() => {
        if (document.documentElement.dataset.runState === 'running') window.liveHeights.push(live.height);
      }).observe(live, { attributes: true });
    });
    await page.click('#run');
    await page.waitForFunction(() => document.documentElement.dataset.runState === 'done');
    const seen = new Set((await page.evaluate(() => window.liveHeights)).filter((h) => h > 0));
    // A lane appearing mid-run made the canvas taller, and everything under it moved.
    assert.equal(seen.size, 1, `${query}: the running mode's canvas kept one height: ${[...seen]}`);
    await page.close();
  }
});

test("the bench's recording switch takes effect between runs of one page, in every mode", async () => {
  const modes = ['sequential', 'cooperative', 'gil', 'processes', 'threads'];
  const page = await env.newPage();
  await page.goto(`${env.url()}?${recipe('2 x cpu 20ms')}&modes=${modes.join(',')}&threads=2&live=0`);
  await page.waitForSelector('html[data-ready]');
  for (const record of [false, true]) {
    await page.evaluate((on) => {
      window.interleaveNoRecord = !on;
    }, record);
    const result = await runAgain(page);
    assert.equal(result.state, 'done');
    for (const m of modes) {
      const spans = byMode(result, m).spans.length;
      assert.equal(spans > 0, record, `${m}, recording ${record}: ${spans} spans`);
      assert.ok(byMode(result, m).wall_ms > 0, `${m} still has its wall time`);
    }
  }
  await page.close();
});
