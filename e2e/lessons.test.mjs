// Lessons, recipes and shareable links, against the release build served isolated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

const LESSONS = [
  'cpu-bound', 'io-bound', 'mixed-requests', 'blocking-the-loop', 'yield-granularity', 'pools-and-amdahl',
  'python-models',
];

const env = useBrowser({ isolated: true });
const newPage = () => env.newPage();

/** The longest gap between two animation frames the test itself saw during `mode`'s run. */
async function frameGapDuring(page, mode) {
  const frames = await page.evaluate(() => window.__frames);
  const from = mode.epoch_ms;
  const to = mode.epoch_ms + mode.wall_ms;
  const inside = [from, ...frames.filter((t) => t > from && t < to), to];
  return Math.max(...inside.slice(1).map((t, i) => t - inside[i]));
}

const speedup = (r, mode) => r.modes.find((m) => m.mode === mode)?.speedup ?? NaN;
const shape = (r) => r.modes.map((m) => [m.mode, m.threads, m.wall_ms.toFixed(0), m.speedup?.toFixed(2)]);

/**
 * The verdict each lesson must give, judged from the run's own figures. Lessons whose shape
 * needs two cores computing at once can rightly say no on a loaded machine: there the verdict
 * must agree with the speedup measured, with a margin either side of the lesson's own rule in
 * which either verdict stands (undefined). Every other lesson must get its shape.
 */
const PARALLEL = {
  'cpu-bound': (r) => {
    const [thr, coop] = [speedup(r, 'threads'), speedup(r, 'cooperative')];
    if (thr >= 1.5 && coop >= 0.85 && coop <= 1.2) return true;
    return thr < 1.0 ? false : undefined;
  },
  'pools-and-amdahl': (r) => {
    // A sweep has no sequential run: its speedups are against its own pool of one.
    const one = r.modes.find((m) => m.threads === 1).wall_ms;
    const at = (p) => one / r.modes.find((m) => m.threads === p)?.wall_ms;
    const best = one / Math.min(...r.modes.map((m) => m.wall_ms));
    if (best < 1.05) return false;
    // A pool as large as the cores that lost a core for a moment makes the curve rise past
    // them, which the verdict rightly calls out (more than 15 %): then either verdict stands.
    const largest = Math.max(...r.modes.map((m) => m.threads));
    const rising = at(largest) > 1.15 * at(r.env.cores);
    return best >= 1.5 && !rising ? true : undefined;
  },
  'python-models': (r) => {
    const [gil, procs, thr] = ['gil', 'processes', 'threads'].map((m) => speedup(r, m));
    if (gil > 1.4 || thr < 1.0) return false;
    return gil <= 1.2 && thr >= 1.5 && procs > gil + 0.15 ? true : undefined;
  },
};

for (const key of LESSONS) {
  test(`lesson ${key} runs in every mode it lists and gives a verdict`, async () => {
    const page = await newPage();
    const r = await runToCompletion(page, `${env.url()}?lesson=${key}&threads=2&autorun=1`);
    assert.equal(r.state, 'done');
    assert.equal(r.config.lesson, key);
    // A sweep runs its one mode at every pool size; other lessons run each mode once.
    assert.deepEqual([...new Set(r.modes.map((m) => m.mode))], r.config.modes, 'every listed mode ran');
    for (const m of r.modes) assert.equal(m.outcome, 'completed', m.mode);
    const verdict = await page.waitForSelector('#verdict');
    const sentence = await verdict.textContent();
    const matches = await verdict.getAttribute('data-matches');
    const expected = (PARALLEL[key] ?? (() => true))(r);
    if (expected !== undefined) assert.equal(matches, String(expected), `${JSON.stringify(shape(r))}: ${sentence}`);
    await page.close();
  });
}

test('a run of the wrong shape gets the other verdict, and says why', async () => {
  const page = await newPage();
  // One thread cannot be faster than sequential: the CPU-bound lesson's shape is missing.
  await runToCompletion(page, `${env.url()}?lesson=cpu-bound&threads=1&autorun=1`);
  const verdict = await page.waitForSelector('#verdict');
  assert.equal(await verdict.getAttribute('data-matches'), 'false', await verdict.textContent());
  await page.close();
});

test('blocking the loop: the frame gap is far larger with "never" than with a 5 ms yield', async () => {
  const page = await newPage();
  const never = await runToCompletion(page, `${env.url()}?lesson=blocking-the-loop&autorun=1`);
  const gapNever = await frameGapDuring(page, never.modes[0]);
  assert.match(await page.textContent('#long-holds'), /held the event loop for [\d–]+ ms (each )?without yielding/);
  assert.equal(await page.getAttribute('#long-holds a', 'href'), './?lesson=blocking-the-loop');

  const smooth = await runToCompletion(page, `${env.url()}?lesson=blocking-the-loop&yield=5&autorun=1`);
  const gapSmooth = await frameGapDuring(page, smooth.modes[0]);
  // A CPU step that never yields holds the loop for its whole length: no frame in between.
  const longestHold = Math.max(...never.modes[0].spans.filter((s) => s.kind === 'cpu').map((s) => s.end - s.start));
  assert.ok(gapNever >= 0.9 * longestHold, `never yielding froze the page for ${gapNever.toFixed(0)} ms, its longest step ${longestHold.toFixed(0)} ms`);
  assert.ok(gapNever > 2 * gapSmooth, `never ${gapNever.toFixed(0)} ms vs 5 ms yields ${gapSmooth.toFixed(0)} ms`);
  assert.ok(never.modes[0].max_frame_gap_ms > 4 * smooth.modes[0].max_frame_gap_ms, 'the page reports it too');
  assert.equal(await page.locator('#long-holds').count(), 0, 'no hold notice once it yields');
  await page.close();
});

test('a bad recipe shows its error next to the editor and keeps the last good plan', async () => {
  const page = await newPage();
  await page.goto(`${env.url()}?lesson=cpu-bound&modes=cooperative`);
  const preview = await page.textContent('#recipe-preview');
  await page.fill('#recipe', '3 × cpu soon');
  const error = await page.textContent('#recipe-error');
  assert.match(error, /line 1, column \d+/);
  assert.match(error, /last good recipe stays loaded/);
  assert.equal(await page.textContent('#recipe-preview'), preview, 'the preview still shows the good plan');
  await page.click('#run:not([disabled])');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'done');
  const r = await page.evaluate(() => window.interleaveResult);
  assert.equal(r.modes[0].results.length, 8, 'the last good recipe (8 tasks) ran');

  await page.fill('#recipe', '2 x io 40ms -> cpu 5ms');
  assert.equal(await page.locator('#recipe-error').count(), 0);
  assert.match(await page.textContent('#recipe-preview'), /^Plan: 2 tasks/);
  await page.close();
});

test('a copied link opened in a new page reproduces the scenario', async () => {
  const page = await newPage();
  await page.goto(env.url());
  await page.selectOption('#lesson', 'mixed-requests');
  const recipe = '# my requests\n3 × cpu 5ms → io 40..90ms → cpu 5ms\nseed 4\n';
  await page.fill('#recipe', recipe);
  await page.selectOption('#yield', '2');
  await page.uncheck('#mode-sequential');
  await page.click('#copy-link');
  const link = await page.inputValue('#share-link');
  assert.ok(link.startsWith(env.url()), link);

  const other = await newPage();
  await other.goto(link);
  assert.equal(await other.inputValue('#lesson'), 'mixed-requests');
  assert.equal(await other.inputValue('#recipe'), recipe);
  assert.equal(await other.inputValue('#yield'), '2');
  assert.equal(await other.isChecked('#mode-sequential'), false);
  assert.equal(await other.isChecked('#mode-threads'), true);
  await other.click('#run:not([disabled])');
  await other.waitForFunction(() => document.documentElement.dataset.runState === 'done');
  const r = await other.evaluate(() => window.interleaveResult);
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
  assert.equal(r.config.recipe_text, recipe);
  await page.close();
  await other.close();
});

test('the automation interface accepts a recipe', async () => {
  const page = await newPage();
  const recipe = encodeURIComponent('2 x io 40ms -> cpu 5ms');
  const r = await runToCompletion(page, `${env.url()}?recipe=${recipe}&modes=cooperative&autorun=1`);
  assert.equal(r.config.lesson, null);
  const task0 = r.modes[0].spans.filter((s) => s.task === 0 && s.kind !== 'yield').map((s) => s.kind);
  assert.deepEqual([...new Set(task0)], ['io', 'cpu']);
  assert.equal(r.modes[0].results.length, 2);
  await page.close();
});
