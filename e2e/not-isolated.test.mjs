// The same build served WITHOUT the isolation headers: it must load, say clearly what is
// missing and how to fix it, and still run the cooperative mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

// No service worker either, or it would add the headers itself (see service-worker.test.mjs):
// as in a Firefox private window, where navigator.serviceWorker is missing.
const env = useBrowser({ isolated: false, serviceWorkers: 'block' });
const newPage = async () => {
  const page = await env.newPage();
  await page.addInitScript(() => delete Navigator.prototype.serviceWorker);
  return page;
};

test('without isolation the page explains itself and runs cooperatively', async () => {
  const page = await newPage();
  const r = await runToCompletion(page, `${env.url()}?workload=io&tasks=4&io=50&autorun=1`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.equal(r.env.cross_origin_isolated, false);
  assert.equal(r.env.pool.state, 'unavailable');
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative'], 'only cooperative could run');
  assert.equal(r.modes[0].outcome, 'completed');

  const notice = await page.textContent('#workers-unavailable');
  assert.match(notice, /no service worker here \(a Firefox private window does not\)/);
  assert.match(notice, /Cross-Origin-Embedder-Policy: require-corp/);
  assert.equal(r.env.isolation, 'no-service-worker');
  assert.equal(await page.isDisabled('#mode-threads'), true);
  assert.equal(await page.textContent('#env-isolated'), 'no');
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('without isolation processes still run: they share no memory', async () => {
  const page = await newPage();
  const r = await runToCompletion(
    page,
    `${env.url()}?workload=cpu&tasks=4&cpu=10&modes=cooperative,processes,threads&threads=2&autorun=1`,
  );
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'processes']);
  assert.ok(r.modes.every((m) => m.outcome === 'completed'));
  assert.deepEqual(r.modes[1].results, r.modes[0].results);
  assert.match(await page.textContent('#workers-unavailable'), /processes modes still run/);
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('a run in which no chosen mode can run is reported as such, not as done', async () => {
  const page = await newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=cpu-bound&modes=threads&autorun=1`);
  assert.equal(r.state, 'nothing-ran');
  assert.notEqual(r.state, 'done');
  assert.deepEqual(r.modes, []);
  assert.match(r.reason, /^None of the chosen modes \(threads\) could run here/);
  assert.match(r.reason, /Cross-Origin-Embedder-Policy: require-corp/, 'with the way to fix it');
  assert.equal(await page.getAttribute('html', 'data-run-state'), 'nothing-ran');
  const notice = await page.textContent('#nothing-ran');
  assert.match(notice, /^Nothing ran\. None of the chosen modes \(threads\)/);
  assert.equal(await page.locator('#verdict').count(), 0, 'no verdict on a run that did not happen');
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('a browser that refuses the service worker is told so, not that the worker tried', async () => {
  // Serving workers is allowed in this browser, but registering one is refused, as where a
  // site's data is blocked. The refusal is set on the container itself, so it wins over
  // anything set on its prototype.
  const page = await env.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(navigator.serviceWorker, 'register', {
      value: () => Promise.reject(new DOMException('refused by the test', 'SecurityError')),
    });
  });
  const r = await runToCompletion(page, `${env.url()}?workload=io&tasks=2&io=20&autorun=1`);
  assert.equal(r.env.isolation, 'worker-refused');
  assert.equal(r.env.pool.state, 'unavailable');
  assert.equal(r.state, 'done', 'cooperative still ran');
  const notice = await page.textContent('#workers-unavailable');
  assert.match(notice, /This browser refused the service worker that would add the isolation headers/);
  assert.match(notice, /normal window/);
  assert.doesNotMatch(notice, /headers it added|still did not isolate/);
  assert.equal(await page.evaluate(() => window.interleaveIsolation.error), 'SecurityError: refused by the test');
  await page.close();
});
