// Hardening: the worst URL the limits allow, and hostile inputs, must leave a working page
// with a clear message. Shapes, never timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './fixture.mjs';

const env = useBrowser({ isolated: true });
const MAX_SPANS_PER_MODE = 100_000;

test('the worst URL the limits allow runs with slices that fit the span budget, and says so', async () => {
  const page = await env.newPage();
  // 120 s of CPU, the recipe's cap, yielding and switching every 0.1 ms: millions of spans.
  const recipe = encodeURIComponent('24 x cpu 5s');
  await page.goto(`${env.url()}?recipe=${recipe}&modes=cooperative,gil&threads=2&yield=0.1&switch=0.1&live=0`);
  await page.waitForSelector('html[data-ready]');
  const notice = await page.textContent('#span-budget');
  assert.match(notice, /cooperative mode, so it yields every \d+(\.\d)? ms/);
  assert.match(notice, /the GIL switches every \d+(\.\d)? ms/);
  await page.click('#run');
  await page.waitForSelector('html[data-run-state="running"]');
  await page.waitForTimeout(2000);
  await page.click('#stop');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'stopped', null, { timeout: 10_000 });
  const r = await page.evaluate(() => window.interleaveResult);
  assert.ok(r.fitted.yield_ms > 0.1 && r.fitted.switch_ms > 0.1, JSON.stringify(r.fitted));
  assert.equal(r.config.yield_ms, 0.1, 'the config still says what was asked for');
  const coop = r.modes.find((m) => m.mode === 'cooperative');
  const cpu = coop.spans.filter((s) => s.kind === 'cpu');
  // Two seconds of 5 s steps sliced at the fitted interval, not at 0.1 ms.
  const median = cpu.map((s) => s.end - s.start).sort((a, b) => a - b)[cpu.length >> 1];
  assert.ok(median >= r.fitted.yield_ms * 0.8, `slices of ${median} ms at a fitted yield of ${r.fitted.yield_ms} ms`);
  assert.ok(coop.spans.length <= MAX_SPANS_PER_MODE);
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('in a hidden tab, which draws no frames, autoplay=load still runs to the end', async () => {
  const page = await env.newPage();
  // What a background tab is to the page: hidden, and no animation frame ever comes.
  await page.addInitScript(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { get: () => true });
    window.requestAnimationFrame = () => 0;
  });
  await page.goto(`${env.url()}?recipe=${encodeURIComponent('2 x cpu 20ms')}&modes=sequential,cooperative,threads&autoplay=load`);
  // Polled by a timer: Playwright's default polling waits for animation frames.
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'done', null, { timeout: 30_000, polling: 100 });
  const r = await page.evaluate(() => window.interleaveResult);
  assert.deepEqual(r.modes.map((m) => [m.mode, m.outcome]), [['sequential', 'completed'], ['cooperative', 'completed'], ['threads', 'completed']]);
  await page.close();
});
