// A host that sends no isolation headers, like GitHub Pages: the service worker adds them,
// so the first visit reloads once and comes back isolated; after that visit the app shell
// loads and runs with the network off. A host that sends them: the first visit is left
// alone, and the next works offline. Another page under the app's scope (a deck) is never
// answered by the worker. Also: what the page says on an insecure origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { launch, runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { serve } from './server.mjs';

const env = useBrowser({ isolated: false });

test('without headers the service worker isolates the page after exactly one reload', async () => {
  const page = await env.newPage();
  let loads = 0;
  page.on('load', () => loads++);
  const r = await runToCompletion(
    page,
    `${env.url()}?workload=cpu&tasks=4&cpu=10&modes=cooperative,threads&threads=2&autorun=1`,
  );
  assert.equal(loads, 2, 'the first visit reloads once');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(r.env.isolation, 'isolated');
  assert.equal(r.env.pool.state, 'ready');
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
  assert.ok(r.modes.every((m) => m.outcome === 'completed'));
  assert.equal(await page.$('#workers-unavailable'), null);

  // Controlled from now on: the next visit is isolated at once.
  await page.reload();
  await page.waitForSelector('html[data-ready]');
  assert.equal(loads, 3, 'no second reload');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('after one visit the app shell loads and runs with the network off and the host gone', async () => {
  // Same profile as the test above: the worker is installed and has kept the shell.
  const page = await env.newPage();
  await page.goto(`${env.url()}?lesson=io-bound`);
  await page.waitForSelector('html[data-ready]');
  await env.browser().setOffline(true);
  await env.closeServer();
  try {
    const r = await runToCompletion(
      page,
      `${env.url()}?workload=mixed&tasks=3&cpu=10&io=40&modes=cooperative,threads&threads=2&autorun=1`,
    );
    assert.equal(r.state, 'done');
    assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'isolated offline too');
  } finally {
    await env.browser().setOffline(false);
  }
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('on a host that sends the headers the worker leaves the first visit alone and keeps the app for the next, offline', async () => {
  const server = await serve('dist', { isolated: true });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const first = await runToCompletion(page, `${server.url}?workload=cpu&tasks=2&cpu=10&modes=threads&threads=2&autorun=1`);
    assert.equal(first.state, 'done');
    // Nothing of this visit went through the worker: its pool's scripts came straight from
    // the host.
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    // A few seconds after it is active, the worker keeps the page and every file it names.
    const kept = () =>
      page.evaluate(async () => {
        const names = (await (await caches.open('interleave-shell-v1')).keys()).map((r) => r.url);
        return ['_bg.wasm', 'pool.js', 'processes.js', 'boot.js'].every((n) => names.some((u) => u.includes(n)));
      });
    const until = Date.now() + 30_000;
    while (!(await kept())) {
      assert.ok(Date.now() < until, 'the worker kept the app within 30 s');
      await page.waitForTimeout(250);
    }
    await browser.setOffline(true);
    await server.close();
    const r = await runToCompletion(page, `${server.url}?workload=cpu&tasks=2&cpu=10&modes=cooperative,threads&threads=2&autorun=1`);
    assert.equal(r.state, 'done');
    assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'isolated offline too');
  } finally {
    await browser.close();
    await server.close().catch(() => {});
  }
});

test('a page of its own under the app\'s scope, opened after the app, is left to itself', async () => {
  // The README's layout: the app at /, a deck at /deck/ whose inline script starts it. The
  // host sends no headers, so the app's worker is installed and controls the whole scope.
  const server = await serve('dist', { isolated: false, mounts: { '/deck/': 'e2e/pages/inline-deck' } });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const app = await runToCompletion(page, `${server.url}?workload=cpu&tasks=2&cpu=10&modes=threads&threads=2&autorun=1`);
    assert.equal(app.env.isolation, 'isolated', 'the app itself is served by the worker');
    const response = await page.goto(`${server.url}deck/`);
    assert.equal(response.fromServiceWorker(), false, 'the worker did not answer for the deck');
    assert.equal(response.headers()['content-security-policy'], undefined);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.started), 'yes', 'its inline script ran');
    assert.equal(await page.$eval('#title', (e) => getComputedStyle(e).color), 'rgb(200, 0, 0)', 'its inline style applies');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

// Browsers give service workers and shared memory only to https and localhost; a LAN address
// over plain http is neither. Skipped on a machine without one.
const lan = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

test('on plain http from a LAN address the page says why and how to fix it', { skip: !lan && 'no LAN address' }, async () => {
  const server = await serve('dist', { isolated: false, host: lan });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const r = await runToCompletion(page, `${server.url}?workload=io&tasks=2&io=20&autorun=1`);
    assert.equal(r.env.isolation, 'insecure');
    assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative']);
    const notice = await page.textContent('#workers-unavailable');
    assert.match(notice, new RegExp(`plain http from ${lan.replaceAll('.', '\\.')}:\\d+`));
    assert.match(notice, /https/);
  } finally {
    await browser.close();
    await server.close();
  }
});
