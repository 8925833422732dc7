// The release build as a host serves it: under a path prefix, and with nothing fetched from
// any other origin, workers and processes included.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, runToCompletion } from './browser.mjs';
import { serve } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await serve('dist', { isolated: true, prefix: '/talks/interleave/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('under a path prefix every mode runs, and no request leaves the origin', async () => {
  const requests = [];
  browser.on('request', (r) => requests.push(r.url()));
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const r = await runToCompletion(page, `${server.url}?lesson=python-models&threads=2&autorun=1`);
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => m.mode), ['sequential', 'cooperative', 'gil', 'processes', 'threads']);
  assert.ok(requests.length > 5, `requests seen: ${requests.length}`);
  const away = requests.filter((u) => !u.startsWith(server.origin + '/talks/interleave/') && !/^(data|blob):/.test(u));
  assert.deepEqual(away, [], 'every request stays on the origin, under the prefix');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the build ships the _headers file for hosts that read it', async () => {
  const res = await fetch(`${server.url}_headers`);
  const text = await res.text();
  assert.match(text, /Cross-Origin-Opener-Policy: same-origin/);
  assert.match(text, /Cross-Origin-Embedder-Policy: require-corp/);
});
