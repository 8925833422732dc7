// The example reveal.js deck (examples/deck), served with isolation headers: each embedded
// playground plays when its slide shows, stops and gives its workers back when it is left,
// and the slide whose frame is refused isolation shows the fallback and still runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END_STATES } from './browser.mjs';
import { useBrowser } from './fixture.mjs';
import { DECK_MOUNTS } from './server.mjs';

const env = useBrowser({ isolated: true, mounts: DECK_MOUNTS });

/** The frame of the iframe on slide `id`, once reveal.js has given it a src. */
async function frameOf(page, id) {
  await page.waitForFunction((id) => document.querySelector(`#${id} iframe`)?.getAttribute('src'), id);
  return (await page.$(`#${id} iframe`)).contentFrame();
}

async function runOf(frame, timeout = 90_000) {
  await frame.waitForFunction(
    (ends) => ends.includes(document.documentElement.dataset.runState),
    END_STATES,
    { timeout },
  );
  return frame.evaluate(() => window.interleaveResult);
}

test('the deck plays each embed on its slide, uses threads, and stops when the slide is left', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${env.url()}deck/`);
  await page.waitForFunction(() => window.Reveal?.isReady());

  // Slide 1 autoplays: CPU-bound in every mode, threads really on workers.
  const first = await frameOf(page, 'cpu-bound');
  const r1 = await runOf(first);
  assert.equal(r1.state, 'done');
  assert.equal(r1.env.cross_origin_isolated, true);
  assert.deepEqual(r1.modes.map((m) => m.mode), ['sequential', 'cooperative', 'gil', 'processes', 'threads']);
  const threads = r1.modes.find((m) => m.mode === 'threads');
  assert.ok(threads.lanes.length >= 2 && threads.max_parallel_cpu >= 2, 'threads ran in parallel');

  // The second slide's frame was preloaded but waits until shown.
  const second = await frameOf(page, 'python-models');
  assert.ok(second, 'preloaded');
  assert.equal(await second.evaluate(() => document.documentElement.dataset.runState ?? null), null);

  // Leaving slide 1 stops it and releases its workers: the frame reloads parked.
  const workersBefore = page.workers().length;
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => Reveal.getIndices().h === 1);
  await page.waitForFunction(
    () => document.querySelector('#cpu-bound iframe').contentDocument?.documentElement?.dataset.parked === '',
    null,
    { timeout: 10_000 },
  );
  const parked = await frameOf(page, 'cpu-bound');
  assert.equal(await parked.evaluate(() => document.documentElement.dataset.runState ?? null), null);
  await parked.waitForSelector('#status:has-text("waiting for its slide")');

  const r2 = await runOf(second);
  assert.equal(r2.state, 'done');
  assert.ok(r2.modes.some((m) => m.mode === 'threads' && m.outcome === 'completed'));
  assert.ok(await second.isVisible('#verdict'), 'the verdict panel was asked for');
  // Workers of the document the parked frame left, and the processes of the run that just
  // ended, take a moment to go; what must not happen is that any stay.
  const settled = Date.now() + 5_000;
  while (page.workers().length > workersBefore && Date.now() < settled) await page.waitForTimeout(100);
  assert.ok(page.workers().length <= workersBefore, 'no workers gained by leaving a slide');
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('the fallback slide says threads are unavailable in one line and still runs the rest', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${env.url()}deck/#/2`);
  await page.waitForFunction(() => window.Reveal?.isReady());
  const frame = await frameOf(page, 'fallback');
  const r = await runOf(frame);
  assert.equal(r.env.cross_origin_isolated, false);
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'processes']);
  assert.ok(r.modes.every((m) => m.outcome === 'completed'));
  const line = await frame.textContent('#workers-unavailable');
  assert.match(line, /Threads modes are unavailable here/);
  const href = await frame.getAttribute('#open-full-page', 'href');
  assert.match(href, /lesson=cpu-bound/);
  assert.doesNotMatch(href, /embed=/);
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('in a deck never written for it, the run waits for the slide transition to end before it measures', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${env.url()}unseen/`);
  await page.waitForFunction(() => window.Reveal?.isReady());
  const frame = await (async () => {
    await page.waitForFunction(() => document.querySelector('#embed')?.getAttribute('src'));
    return (await page.$('#embed')).contentFrame();
  })();
  await frame.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 30_000 });
  // reveal.js sends slide:start as the transition begins; the transition ends ~0.8 s later.
  const moved = await page.evaluate(() => new Promise((done) => {
    const started = performance.timeOrigin + performance.now();
    Reveal.on('slidetransitionend', () => done({ started, ended: performance.timeOrigin + performance.now() }));
    Reveal.next();
  }));
  const r = await runOf(frame);
  assert.equal(r.state, 'done');
  const began = Math.min(...r.modes.map((m) => m.epoch_ms));
  assert.ok(moved.ended - moved.started > 300, `a transition to wait for: ${JSON.stringify(moved)}`);
  assert.ok(began >= moved.ended - 50, `the run began ${(moved.ended - began).toFixed(0)} ms before the transition ended`);
  assert.ok(began - moved.started < 2_500, 'and was not held back for long');
  await page.close();
});
