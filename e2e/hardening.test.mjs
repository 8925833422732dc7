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

const CRASH = encodeURIComponent('5 × cpu 30ms\ncpu 10ms → crash → cpu 10ms');
const resultsOf = (m) => m.results.map((x) => x !== null);

test('a crash on the event loop or in a process loses its own task; the others finish', async () => {
  const page = await env.newPage();
  const { runToCompletion } = await import('./browser.mjs');
  const r = await runToCompletion(page, `${env.url()}?recipe=${CRASH}&modes=cooperative,processes&threads=2&autorun=1`);
  assert.equal(r.state, 'crashed');
  for (const m of r.modes) {
    assert.equal(m.outcome, 'crashed', m.mode);
    assert.deepEqual(resultsOf(m), [true, true, true, true, true, false], `${m.mode}: only task 5 is lost`);
    const crashes = m.spans.filter((s) => s.kind === 'crash');
    assert.deepEqual(crashes.map((s) => [s.task, s.step]), [[5, 1]], m.mode);
  }
  assert.match(await page.textContent('#results'), /a task crashed/);
  await page.close();
});

test('a crashed pool thread takes the pool with it; the page says so, and Reload brings a working one', async () => {
  const page = await env.newPage();
  const { runToCompletion } = await import('./browser.mjs');
  const r = await runToCompletion(page, `${env.url()}?recipe=${CRASH}&modes=sequential,threads&threads=2&autorun=1`);
  assert.equal(r.state, 'crashed');
  assert.deepEqual(r.modes.map((m) => [m.mode, m.outcome]), [['sequential', 'crashed']], 'the run ends with the pool');
  assert.deepEqual(r.modes[0].spans.filter((s) => s.kind === 'crash').map((s) => s.task), [5]);
  assert.ok(r.modes[0].spans.every((s) => s.end >= s.start), 'the threads still running closed their spans');
  assert.equal(r.env.pool.state, 'unavailable');
  assert.match(r.env.pool.reason, /pool thread crashed/);
  // The trap is a real one: the worker reported it as an uncaught error.
  assert.ok(env.pageErrors.splice(0).every((e) => /unreachable/.test(e)));
  assert.match(await page.textContent('#workers-unavailable'), /Reload the page for a working pool/);
  await page.click('#reload');
  await page.waitForSelector('html[data-ready]');
  const again = await page.evaluate(() => window.location.search);
  assert.match(again, /modes=sequential,threads/, 'the reload keeps the scenario');
  assert.doesNotMatch(again, /autoplay|autorun/, 'but does not run it again by itself');
  assert.equal(await page.getAttribute('html', 'data-run-state'), null);
  await page.goto(`${env.url()}?workload=cpu&tasks=4&cpu=20&modes=threads&threads=2&autorun=1`);
  await page.waitForFunction(() => ['done', 'stopped', 'crashed'].includes(document.documentElement.dataset.runState));
  const next = await page.evaluate(() => window.interleaveResult);
  assert.equal(next.state, 'done');
  assert.equal(next.modes[0].outcome, 'completed');
  await page.close();
});

test('a process that never starts is given up after 10 s and ended; the run goes on', async () => {
  const page = await env.newPage();
  // A process whose worker never answers: what a start that hangs looks like to the page. Its
  // script is the app's clock.js, beside processes.js, which only exports a function: the
  // policy allows workers from the app's own files only.
  await page.addInitScript(() => {
    const Real = window.Worker;
    window.Worker = function (url, options) {
      if (options?.name === 'interleave process') {
        return new Real(String(url).replace(/processes\.js$/, 'clock.js'), options);
      }
      return new Real(url, options);
    };
  });
  const { runToCompletion } = await import('./browser.mjs');
  const r = await runToCompletion(page, `${env.url()}?recipe=${encodeURIComponent('2 x cpu 5ms')}&modes=cooperative,processes&threads=2&procstart=insiderun&autorun=1`, { timeout: 40_000 });
  assert.deepEqual(r.modes.map((m) => [m.mode, m.outcome]), [['cooperative', 'completed'], ['processes', 'failed']]);
  assert.equal(page.workers().filter((w) => w.url().endsWith('/clock.js')).length <= 4, true);
  await page.close();
});
