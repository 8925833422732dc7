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
