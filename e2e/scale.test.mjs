// Thousands of tasks (issue 31): "one thread, many coroutines" as the course says it, with the
// limit a mode would pass named, the timeline and the kitchen still readable, and the trace
// exported whole. Shapes, never timings, except the course's own: 10,000 waits on one loop
// finish in well under 10 waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

const env = useBrowser({ isolated: true });

test('10,000 waiting tasks finish on one event loop in well under 10 waits; the mode that would take 1,000 s is left out, and says so', async () => {
  const page = await env.newPage();
  const recipe = encodeURIComponent('10000 x io 100ms');
  const r = await runToCompletion(page, `${env.url()}?recipe=${recipe}&modes=sequential,cooperative&autorun=1`, { timeout: 90_000 });
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative'], 'sequential is left out');
  const [loop] = r.modes;
  assert.equal(loop.results.length, 10_000);
  assert.ok(loop.results.every((x) => x !== null), 'every task finished');
  assert.ok(loop.wall_ms < 10 * 100, `${loop.wall_ms} ms`);
  const said = await page.textContent('#time-limit');
  assert.match(said, /sequential would take at least 1,000 s for these 10,000 tasks, over the 120 s one mode may run/);

  // The page stays a page: thousands of wait rows would be 40,000 px of timeline.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 4000, `${height} px`);

  // The kitchen is a crowd: a count, not 10,000 dishes.
  await page.keyboard.press('K');
  await page.waitForSelector('.stage[data-view="kitchen"]');
  await page.fill('#replay-scrubber', String(loop.wall_ms / 2));
  await page.dispatchEvent('#replay-scrubber', 'input');
  const oven = await page.waitForSelector('.kitchen-picture .oven');
  const dishes = Number(await oven.getAttribute('data-dishes'));
  assert.ok(dishes > 1000, `${dishes} in the oven halfway`);
  assert.ok((await oven.$$('g.dish')).length <= 8, 'a few dishes drawn');
  assert.match(await oven.textContent(), /oven: \d{1,2},\d{3} waiting/);
  assert.match(await oven.textContent(), /\+\d{1,2},\d{3}/);
  await page.close();
});

test('the many-requests lesson runs the loop, a pool sized to the cores and one sized for I/O', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=many-requests&autorun=1`, { timeout: 120_000 });
  assert.equal(r.state, 'done');
  const cores = r.env.cores;
  const io = Math.min(32, cores + 4);
  assert.deepEqual(r.modes.map((m) => [m.mode, m.threads]), [['cooperative', 1], ['threads', cores], ['threads', io]]);
  for (const m of r.modes) assert.equal(m.outcome, 'completed', m.mode);
  const verdict = await page.waitForSelector('#verdict');
  assert.equal(await verdict.getAttribute('data-matches'), 'true', await verdict.textContent());
  await page.close();
});
