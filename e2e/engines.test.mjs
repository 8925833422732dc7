// The same truth in every engine: Chromium, Firefox and WebKit run the same tests through the
// page API of e2e/engines.mjs. Every mode, shared state, deadlock, crash, export, import, the
// example deck, the service worker on a host without headers, and offline use; and WebKitGTK
// as it ships, without SharedArrayBuffer, saying what is missing while the rest still runs.
// Shapes, never timings: the bench prints each engine's figures (bench/engines.mjs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { END_STATES } from './browser.mjs';
import { ENGINES, launchEngine } from './engines.mjs';
import { DECK_MOUNTS, serve } from './server.mjs';
import { byMode, crossLaneOverlap, sameLaneOverlaps } from './spans.mjs';
import { assertCostShapes } from './costs.mjs';

const ALL_MODES = ['sequential', 'cooperative', 'gil', 'processes', 'threads'];
/** Every lesson and the modes it lists (core/src/lesson.rs); a sweep runs threads at each size. */
const THREE = ['sequential', 'cooperative', 'threads'];
const LESSONS = [
  ['cpu-bound', THREE], ['io-bound', THREE], ['mixed-requests', THREE], ['blocking-the-loop', ['cooperative']],
  ['yield-granularity', ['cooperative']], ['pools-and-amdahl', ['threads']], ['python-models', ALL_MODES],
  ['race-conditions', ALL_MODES], ['deadlock', ALL_MODES], ['lock-order', ALL_MODES],
  ['crash-impact', ['cooperative', 'processes', 'threads']], ['many-requests', ['cooperative', 'threads']],
];
const ended = (ends) => ends.includes(document.documentElement.dataset.runState) && window.interleaveResult;

/** Opens `url` and resolves with the published result of the run it describes. */
async function runAt(page, url, timeout = 90_000) {
  await page.goto(url);
  await page.waitFor(ended, END_STATES, { timeout });
  return page.evaluate(() => window.interleaveResult);
}

/** The updates mode `m` lost on the shared counter `name`. */
const lost = (m, name) => m.shared.vars.find((v) => v.name === name).lost;

/**
 * What the download button `selector` hands the browser, taken as it is made (a download's
 * file is no business of the page, and WebDriver cannot reach it): its type, its text, and its
 * first 24 bytes (a PNG's size is in there).
 */
function download(page, selector) {
  return page.evaluate(async (selector) => {
    let blob = null;
    const make = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b) => ((blob = b), make.call(URL, b));
    HTMLAnchorElement.prototype.click = function () {};
    try {
      document.querySelector(selector).click();
      for (let i = 0; !blob && i < 250; i++) await new Promise((ok) => setTimeout(ok, 20));
      const head = [...new Uint8Array(await blob.slice(0, 24).arrayBuffer())];
      return { type: blob.type, text: blob.type.startsWith('image/') ? null : await blob.text(), head };
    } finally {
      URL.createObjectURL = make;
      HTMLAnchorElement.prototype.click = click;
    }
  }, selector);
}

/**
 * The tests every engine must pass. `b()` is the engine's browser, `url()` the isolated app,
 * `engine` its name; `errors` are checked after each test by the caller's afterEach.
 */
function suite(engine, b, url, deckUrl) {
  let page;
  before(async () => {
    page = await b().newPage();
  });
  after(() => page?.close());
  const noErrors = async (allowed = /$^/) => {
    const errors = (await page.errors()).filter((e) => !allowed.test(e));
    assert.deepEqual(errors, [], `errors in the page (${engine})`);
  };

  test('every mode runs to its end with the same primes; threads overlap on two lanes, the GIL never does', async () => {
    const r = await runAt(page, `${url()}?modes=${ALL_MODES}&workload=cpu&tasks=4&cpu=40&threads=2&autorun=1`);
    assert.equal(r.state, 'done', JSON.stringify(r.modes.map((m) => [m.mode, m.outcome, m.failure])));
    assert.equal(r.env.shared_memory, 'yes');
    assert.deepEqual(r.modes.map((m) => m.mode), ALL_MODES);
    const seq = byMode(r, 'sequential');
    for (const m of r.modes) {
      assert.equal(m.outcome, 'completed', m.mode);
      assert.deepEqual(m.results, seq.results, `${m.mode} found the same primes as sequential`);
    }
    const threads = byMode(r, 'threads');
    assert.ok(crossLaneOverlap(threads.spans, 'cpu'), 'threads computed on two lanes at once');
    assert.equal(crossLaneOverlap(byMode(r, 'gil').spans, 'cpu'), null, 'the GIL lets one thread compute at a time');
    const coop = byMode(r, 'cooperative');
    assert.deepEqual([...new Set(coop.spans.map((s) => s.lane))], ['main loop']);
    assert.deepEqual(sameLaneOverlaps(coop.spans, 'cpu'), []);
    await noErrors();
  });

  test('I/O: the event loop overlaps every wait; a yielding coroutine lets frames through', async () => {
    const at = (y) => `${url()}?modes=cooperative&recipe=${encodeURIComponent('8 x cpu 100ms -> io 60ms')}&yield=${y}&autorun=1`;
    const r = await runAt(page, at(5));
    assert.equal(r.state, 'done');
    const coop = byMode(r, 'cooperative');
    const waits = coop.spans.filter((s) => s.kind === 'io');
    assert.equal(waits.length, 8);
    assert.ok(Math.max(...waits.map((w) => w.start)) < Math.min(...waits.map((w) => w.end)), 'all eight waits were under way at once');
    // Shape, not rate: yielding every 5 ms, the loop never waited anything like the 100 ms it
    // waits for a CPU step that runs to its end (the bench gives each engine's figures).
    const held = byMode(await runAt(page, at('never')), 'cooperative').max_frame_gap_ms;
    assert.ok(coop.max_frame_gap_ms < held / 2, `worst gap ${coop.max_frame_gap_ms} ms yielding, ${held} ms not`);
    await noErrors();
  });

  test('shared state: the lock and the atomic lose nothing, an await in the window does; processes sum by message', async () => {
    const r = await runAt(page, `${url()}?lesson=race-conditions&threads=2&autorun=1`);
    assert.equal(r.state, 'done');
    for (const m of r.modes) {
      assert.equal(m.outcome, 'completed', m.mode);
      if (m.mode === 'processes') {
        for (const v of m.shared.vars) assert.equal(v.summed_by_message, v.expected, v.name);
        continue;
      }
      assert.equal(lost(m, 'locked'), 0, `${m.mode}: the lock`);
      assert.equal(lost(m, 'atomic'), 0, `${m.mode}: the atomic`);
    }
    assert.equal(lost(byMode(r, 'cooperative'), 'call'), 0);
    assert.ok(lost(byMode(r, 'cooperative'), 'await') > 0);
    // Under the GIL an await loses updates only while two threads are in that step at once,
    // which their phases decide, as in CPython: one run in a few can miss it.
    let gil = lost(byMode(r, 'gil'), 'await');
    let last = r;
    for (let i = 0; i < 2 && gil === 0; i++) {
      last = await runAt(page, `${url()}?lesson=race-conditions&modes=gil&threads=2&autorun=1`);
      gil = lost(byMode(last, 'gil'), 'await');
    }
    assert.ok(gil > 0, 'the GIL let an await lose updates in one of three runs');
    // The last run's matrix: a cell per counter and mode, drawn in this engine.
    const cells = await page.evaluate(() => [...document.querySelectorAll('#race-matrix td.race-cell')].map((td) => td.querySelector('rect.track').getBoundingClientRect().height));
    assert.equal(cells.length, 4 * last.modes.length, 'four counters of each mode');
    assert.ok(cells.every((h) => h > 0), 'every bar is drawn');
    await noErrors();
  });

  test('opposite lock order deadlocks, and the cycle is found in every mode that shares locks', async () => {
    const r = await runAt(page, `${url()}?lesson=deadlock&threads=2&autorun=1`);
    assert.equal(r.state, 'deadlocked');
    for (const key of ['cooperative', 'gil', 'threads']) {
      const m = byMode(r, key);
      assert.equal(m.outcome, 'deadlocked', key);
      assert.deepEqual(m.shared.deadlock.cycle.map((c) => [c.holds, c.wants]), [['A', 'B'], ['B', 'A']], key);
    }
    assert.equal(byMode(r, 'processes').outcome, 'completed');
    const cycles = await page.evaluate(() => [...document.querySelectorAll('#deadlock-cycles figure')].map((f) => ({
      mode: f.dataset.mode, closed: f.dataset.closed, nodes: f.querySelectorAll('.node').length,
      height: f.querySelector('svg').getBoundingClientRect().height,
    })));
    assert.deepEqual(cycles.map((c) => [c.mode, c.closed, c.nodes]), [['cooperative', 'true', 4], ['gil', 'true', 4], ['threads', 'true', 4]]);
    assert.ok(cycles.every((c) => c.height > 50), JSON.stringify(cycles));
    await noErrors();
  });

  test('crash impact: a process loses exactly its task, threads lose the pool', async () => {
    const r = await runAt(page, `${url()}?lesson=crash-impact&threads=2&autorun=1`);
    assert.equal(r.state, 'crashed');
    for (const key of ['processes', 'cooperative']) {
      assert.deepEqual(byMode(r, key).results.map((x) => x !== null), [true, true, false, true], key);
    }
    assert.equal(byMode(r, 'threads').outcome, 'crashed');
    assert.equal(await page.evaluate(() => document.querySelector('#stopped')), null, 'a worker\'s trap is not the page stopping');
    // The pool thread's trap is the one error the page may report here, in any engine's words.
    await noErrors(/unreachable|Unreachable/);
  });

  test('the costs table: every cell measured or said why, in the course\'s order of magnitude', async () => {
    const r = await runAt(page, `${url()}?lesson=what-each-costs&autorun=1`);
    assert.equal(r.state, 'done');
    assertCostShapes(r.costs);
    await noErrors();
  });

  test('trace.json holds every recorded span, the PNG is 1920×1080; a CPython trace imports as one more row', async () => {
    const r = await runAt(page, `${url()}?modes=cooperative,threads&recipe=${encodeURIComponent('2 x cpu 5ms -> io 10ms')}&threads=2&autorun=1`);
    const { text } = await download(page, '#download-trace');
    const trace = JSON.parse(text);
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    assert.equal(slices.length, r.modes.reduce((n, m) => n + m.spans.length, 0));
    // The PNG, at slide resolution: width and height are the IHDR's first eight bytes.
    const png = await download(page, '#download-png');
    assert.equal(png.type, 'image/png');
    const size = (at) => png.head.slice(at, at + 4).reduce((n, b) => n * 256 + b, 0);
    assert.deepEqual([size(16), size(20)], [1920, 1080]);

    const source = await page.text('#python-program');
    const dir = await mkdtemp(join(tmpdir(), 'interleave-py-'));
    let written;
    try {
      await writeFile(join(dir, 'program.py'), source);
      await promisify(execFile)('python3', [join(dir, 'program.py'), join(dir, 'trace.json')], { timeout: 60_000 });
      written = await readFile(join(dir, 'trace.json'), 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await page.evaluate((t) => {
      document.querySelector('#python details').open = true;
      const area = document.querySelector('#python-paste');
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, written);
    await page.click('#python-paste-import');
    const row = await page.waitFor(() => document.querySelector('#results tr[data-imported="cpython"] th')?.textContent.trim());
    assert.match(row, /^CPython/);
    await noErrors();
  });

  test('10,000 waiting tasks: one event loop ends them in well under 10 waits, and the page stays a page', async () => {
    const r = await runAt(page, `${url()}?recipe=${encodeURIComponent('10000 x io 100ms')}&modes=cooperative&autorun=1`);
    const loop = byMode(r, 'cooperative');
    assert.equal(loop.results.length, 10_000);
    assert.ok(loop.results.every((x) => x !== null), 'every task finished');
    assert.ok(loop.wall_ms < 10 * 100, `${loop.wall_ms} ms`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 4000, `${height} px: the waits past 64 tasks are one band`);
    await noErrors();
  });

  test('every lesson runs to the end its lesson expects, every mode it lists present, with a verdict', async () => {
    const ENDS = { deadlock: 'deadlocked', 'crash-impact': 'crashed' };
    for (const [lesson, want] of LESSONS) {
      const r = await runAt(page, `${url()}?lesson=${lesson}&threads=2&autorun=1`);
      assert.equal(r.state, ENDS[lesson] ?? 'done', `${lesson}: ${JSON.stringify(r.modes.map((m) => [m.mode, m.outcome, m.failure]))}`);
      assert.ok(want.every((m) => r.modes.some((x) => x.mode === m)), `${lesson}: ${r.modes.map((m) => m.mode)}`);
      assert.ok(await page.waitFor(() => document.querySelector('.verdict')?.textContent), `${lesson} has a verdict`);
    }
    await noErrors(/unreachable|Unreachable/);
  });

  test('replay plays to its end with a moving playhead; the kitchen has one chef per lane', async () => {
    const r = await runAt(page, `${url()}?lesson=python-models&threads=2&autorun=1`);
    const t = () => page.evaluate(() => Number(document.querySelector('#replay').dataset.t));
    await page.click('#replay-forward');
    const first = await t();
    await page.click('#replay-forward');
    assert.ok((await t()) > first, 'a step forward moves on');
    await page.click('#replay-play');
    await page.waitFor((t0) => Number(document.querySelector('#replay').dataset.t) > t0, first, { timeout: 10_000 });
    await page.waitFor(() => document.querySelector('#replay').dataset.atEnd === 'true', undefined, { timeout: 30_000 });
    // The view switch, as the K key does it.
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true })));
    await page.waitFor(() => document.querySelector('.stage')?.dataset.view === 'kitchen');
    const chefs = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('.kitchen-mode')].map((b) => [b.dataset.mode, b.querySelectorAll('.chef').length])));
    for (const m of r.modes) assert.equal(chefs[m.mode], m.lanes.length, `${m.mode}: one chef per lane`);
    await noErrors();
  });

  test('a trap on the main thread: the page says it stopped and offers a reload of the same scenario', async () => {
    await runAt(page, `${url()}?modes=cooperative&workload=cpu&tasks=2&cpu=5&autorun=1`);
    // The app's own module, as the page loaded it: the same instance.
    await page.evaluate(async () => {
      const app = await import(document.querySelector('script[data-app-js]').dataset.appJs);
      setTimeout(() => app.interleave_test_trap());
    });
    const said = await page.waitFor(() => document.querySelector('#stopped[role="alert"]')?.textContent);
    assert.match(said, /^Interleave stopped: its code failed on this page \(.*nreachable.*\)/);
    await page.click('#stopped-reload');
    await page.waitFor(() => document.documentElement.dataset.ready !== undefined && !document.querySelector('#stopped'));
    const query = await page.evaluate(() => location.search);
    assert.match(query, /modes=cooperative/);
    assert.doesNotMatch(query, /autorun|autoplay/, 'what broke does not start again by itself');
    await noErrors(/nreachable/);
  });

  test('the example deck plays its first embed on its slide, with threads', { skip: !deckUrl && 'no deck' }, async () => {
    await page.goto(`${deckUrl()}deck/`);
    await page.waitFor(() => window.Reveal?.isReady());
    const r = await page.waitFor((ends) => {
      const frame = document.querySelector('#cpu-bound iframe')?.contentWindow;
      const state = frame?.document.documentElement.dataset.runState;
      return ends.includes(state) && frame.interleaveResult;
    }, END_STATES, { timeout: 120_000 });
    assert.equal(r.state, 'done');
    assert.equal(r.env.cross_origin_isolated, true);
    assert.ok(byMode(r, 'threads').max_parallel_cpu >= 2, 'threads ran in parallel inside the deck');
    await noErrors();
  });
}

/**
 * On a host that sends no headers, the page reloads once through the service worker, comes
 * back isolated and runs (with `threads`, on two lanes); once the worker has kept the app's
 * files, the page runs with the host gone.
 */
async function serviceWorkerPath(browser, { threads }) {
  const bare = await serve('dist', { isolated: false });
  const page = await browser.newPage();
  try {
    const modes = threads ? 'cooperative,threads' : 'cooperative';
    const r = await runAt(page, `${bare.url}?modes=${modes}&workload=cpu&tasks=2&cpu=10&threads=2&autorun=1`);
    assert.equal(r.env.cross_origin_isolated, true, 'isolated through the service worker');
    assert.equal(r.env.isolation, 'isolated');
    assert.equal(r.state, 'done');
    if (threads) assert.ok(byMode(r, 'threads').lanes.length >= 2);
    // The worker keeps the app's files a few seconds after it is active (www/sw.js).
    await new Promise((ok) => setTimeout(ok, 7_000));
    await bare.close();
    const offline = await runAt(page, `${bare.url}?modes=cooperative&workload=cpu&tasks=2&cpu=10&autorun=1`);
    assert.equal(offline.state, 'done', 'the app ran from the kept files with the host gone');
    assert.deepEqual(await page.errors(), []);
  } finally {
    await page.close();
    await bare.close().catch(() => {});
  }
}

for (const engine of ENGINES) {
  describe(engine, () => {
    let browser;
    let app;
    let deck;
    before(async () => {
      app = await serve('dist', { isolated: true });
      deck = await serve('dist', { isolated: true, mounts: DECK_MOUNTS });
      browser = await launchEngine(engine);
    });
    suite(engine, () => browser, () => app.url, () => deck.url);
    // After the suite's own, which closes its page in this browser.
    after(async () => {
      try {
        await browser?.close();
      } finally {
        await app?.close();
        await deck?.close();
      }
    });

    // JavaScriptCore's SharedArrayBuffer option, which stands in for Safari's, gives shared
    // memory to pages that are not isolated too: there the worker has nothing to add. The
    // path is tested in WebKit as it ships, below.
    test('on a host without headers the service worker isolates the page, and it then works offline',
      { skip: engine === 'webkit' && 'WebKit with SharedArrayBuffer forced on needs no isolation; tested below' },
      () => serviceWorkerPath(browser, { threads: true }));
  });
}

if (ENGINES.includes('webkit')) {
  describe('webkit as WebKitGTK ships, without SharedArrayBuffer', () => {
    let browser;
    let app;
    before(async () => {
      app = await serve('dist', { isolated: true });
      browser = await launchEngine('webkit', { safari: false });
    });
    after(async () => {
      try {
        await browser?.close();
      } finally {
        await app?.close();
      }
    });

    test('the page says what is missing, and the cooperative mode and processes still run', async () => {
      const page = await browser.newPage();
      const r = await runAt(page, `${app.url}?modes=${ALL_MODES}&workload=cpu&tasks=4&cpu=20&threads=2&autorun=1`);
      assert.equal(r.env.cross_origin_isolated, true);
      assert.equal(r.env.shared_memory, 'no-transfer');
      assert.equal(r.env.pool.state, 'unavailable');
      assert.match(r.env.pool.reason, /^This page is cross-origin isolated, but this browser will not hand shared memory to a worker/);
      assert.deepEqual(r.modes.map((m) => [m.mode, m.outcome]), [['cooperative', 'completed'], ['processes', 'completed']]);
      assert.equal(r.state, 'done');
      const notices = await page.evaluate(() => [...document.querySelectorAll('.notice')].map((n) => n.textContent).join('\n'));
      assert.match(notices, /will not hand shared memory to a worker/);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test('the costs table measures what it can without shared memory, and says why for the threads', async () => {
      const page = await browser.newPage();
      const r = await runAt(page, `${app.url}?lesson=what-each-costs&autorun=1`);
      assert.equal(r.state, 'done');
      assertCostShapes(r.costs, { pool: false });
      const threads = r.costs.rows.find((row) => row.row === 'creation').cells.thread;
      assert.match(threads.missing, /will not hand shared memory to a worker/);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test('on a host without headers the service worker isolates the page, and it then works offline', () =>
      serviceWorkerPath(browser, { threads: false }));
  });
}
