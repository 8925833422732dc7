// The shared-state lab on real shared memory: lost updates where a mode lets another task
// in, none under a lock or an atomic, deadlocks found and broken with the pool still usable,
// and what a crash takes with it. Shapes, never timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './fixture.mjs';
import { runToCompletion } from './browser.mjs';

const env = useBrowser({ isolated: true });
const lost = (m, name) => m.shared.vars.find((v) => v.name === name).lost;
const mode = (r, key) => r.modes.find((m) => m.mode === key);

test('race conditions: the lock and the atomic never lose an update; the windows lose where the mode lets others in', async () => {
  const page = await env.newPage();
  let r;
  // Two threads are not always on two cores at once, nor in the same step under the GIL (a late
  // worker lets them miss each other): a couple of tries for both races to show.
  for (let i = 0; i < 3; i++) {
    r = await runToCompletion(page, `${env.url()}?lesson=race-conditions&threads=2&autorun=1`, { timeout: 60_000 });
    if (lost(mode(r, 'threads'), 'call') > 0 && lost(mode(r, 'gil'), 'await') > 0) break;
  }
  assert.equal(r.state, 'done');
  for (const m of r.modes) {
    assert.equal(m.outcome, 'completed', m.mode);
    assert.deepEqual(m.shared.vars.map((v) => v.expected), [8000, 8000, 8000, 8000], m.mode);
    if (m.mode === 'processes') {
      // Each process counted its own copy: the page's never moved, and the messages add up.
      for (const v of m.shared.vars) {
        assert.equal(v.value, 0, v.name);
        assert.equal(v.summed_by_message, v.expected, v.name);
        assert.equal(v.seen_by_tasks.length, 4, v.name);
      }
      continue;
    }
    assert.equal(lost(m, 'locked'), 0, `${m.mode}: the lock`);
    assert.equal(lost(m, 'atomic'), 0, `${m.mode}: the atomic`);
  }
  assert.deepEqual(mode(r, 'sequential').shared.vars.map((v) => v.lost), [0, 0, 0, 0]);
  const coop = mode(r, 'cooperative');
  assert.equal(lost(coop, 'call'), 0, 'no await in the window: the event loop loses nothing');
  assert.ok(lost(coop, 'await') > 0, 'an await in the window lets the other tasks in');
  assert.ok(lost(mode(r, 'gil'), 'await') > 0, 'a yield gives the GIL away between read and write');
  assert.ok(lost(mode(r, 'threads'), 'call') > 0, 'threads on two cores race');
  // The lock's cost is measured, and its waits are drawn as their own kind.
  const lock = coop.shared.locks.find((l) => l.name === 'L');
  assert.equal(lock.acquisitions, 8000);
  assert.ok(lock.waits > 0 && lock.wait_ms > 0 && lock.held_ms > 0, JSON.stringify(lock));
  assert.ok(coop.spans.some((s) => s.kind === 'lock-wait'));
  assert.match(await page.textContent('#shared-state'), /await: expected 8,000, got [\d,]+: [\d,]+ updates lost/);
  assert.match(await page.textContent('.verdict'), /As expected/);
  // The matrix: one cell per counter and mode, each with the result's lost count, and a bar
  // as long as the lost share; a line per mode on why.
  const cells = await page.$$eval('#race-matrix td.race-cell', (tds) => tds.map((td) => ({
    counter: td.dataset.counter, mode: td.dataset.mode, lost: Number(td.dataset.lost),
    bar: Number(td.querySelector('rect.share').getAttribute('width')), text: td.textContent,
  })));
  assert.equal(cells.length, 4 * r.modes.length);
  for (const m of r.modes) {
    for (const v of m.shared.vars) {
      const c = cells.find((c) => c.counter === v.name && c.mode === m.mode);
      assert.ok(c, `${v.name} in ${m.mode}`);
      assert.equal(c.lost, v.lost, `${v.name} in ${m.mode}`);
      const share = m.mode === 'processes' ? 0 : (100 * v.lost) / v.expected;
      assert.ok(Math.abs(c.bar - share) < 0.1, `${v.name} in ${m.mode}: bar ${c.bar}, share ${share}`);
    }
  }
  assert.match(cells.find((c) => c.counter === 'locked' && c.mode === 'threads').text, /none of 8,000 lost/);
  assert.equal(await page.locator('.race-why li').count(), r.modes.length);
  await page.close();
});

test('opposite lock order deadlocks, is found with its cycle and broken; the next run on the same page completes', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=deadlock&threads=2&autorun=1`, { timeout: 30_000 });
  assert.equal(r.state, 'deadlocked');
  for (const key of ['cooperative', 'gil', 'threads']) {
    const m = mode(r, key);
    assert.equal(m.outcome, 'deadlocked', key);
    const { cycle, formed_ms: formed, at_ms: found } = m.shared.deadlock;
    assert.deepEqual(cycle.map(({ task, holds, wants }) => ({ task, holds, wants })), [
      { task: 0, holds: 'A', wants: 'B' },
      { task: 1, holds: 'B', wants: 'A' },
    ], key);
    // Each task took its first lock, then waited 100 ms of I/O before wanting the second.
    for (const e of cycle) assert.ok(e.waits_from_ms - e.held_from_ms >= 95, `${key}: ${JSON.stringify(e)}`);
    assert.equal(formed, Math.max(...cycle.map((e) => e.waits_from_ms)), key);
    assert.ok(found - formed >= 190, `${key}: found once the cycle had lasted: ${formed} → ${found}`);
    assert.equal(m.shared.deadlock.sentence, 'Deadlock: task 0 holds A and waits for B; task 1 holds B and waits for A.');
    // The stuck waits are drawn up to the moment the deadlock was found, not on to the run's
    // end. On the loop they close ~0.4–1.3 ms after it (measured), more on a loaded machine.
    const waits = m.spans.filter((s) => s.kind === 'lock-wait');
    assert.equal(waits.length, 2, key);
    for (const w of waits) assert.ok(w.end <= m.shared.deadlock.at_ms + 5 && w.end - w.start >= 150, `${JSON.stringify(w)} found at ${m.shared.deadlock.at_ms}`);
  }
  assert.equal(mode(r, 'sequential').outcome, 'completed');
  assert.equal(mode(r, 'processes').outcome, 'completed', 'each process has locks of its own');
  assert.match(await page.textContent('#shared-state'), /Deadlock: task 0 holds A and waits for B/);
  await drawnCycles(page, r);
  // The same page, the same pool: one lock order completes, and nothing is taken for a deadlock.
  await page.selectOption('#lesson', 'lock-order');
  await page.click('#run');
  await page.waitForFunction(() => ['done', 'deadlocked', 'stopped', 'crashed'].includes(document.documentElement.dataset.runState) && window.interleaveResult?.config?.lesson === 'lock-order', null, { timeout: 30_000 });
  const fixed = await page.evaluate(() => window.interleaveResult);
  assert.equal(fixed.state, 'done');
  for (const m of fixed.modes) {
    assert.equal(m.outcome, 'completed', m.mode);
    assert.equal(m.shared?.deadlock, undefined, m.mode);
  }
  assert.ok(mode(fixed, 'threads').shared.locks[0].waits >= 1, 'the second task waited for A');
  await page.close();
});

/** Each deadlocked mode's cycle is drawn beside the lanes, and closes in replay when it formed. */
async function drawnCycles(page, r) {
  const locked = r.modes.filter((m) => m.shared?.deadlock);
  const drawn = await page.$$eval('#deadlock-cycles figure', (fs) => fs.map((f) => ({
    mode: f.dataset.mode, closed: f.dataset.closed === 'true', name: f.querySelector('svg').getAttribute('aria-label'),
    nodes: [...f.querySelectorAll('.node text')].map((t) => t.textContent),
    links: [...f.querySelectorAll('.link text')].map((t) => t.textContent).sort(),
  })));
  assert.deepEqual(drawn.map((f) => f.mode), locked.map((m) => m.mode));
  for (const [i, f] of drawn.entries()) {
    assert.equal(f.name, locked[i].shared.deadlock.sentence, f.mode);
    assert.deepEqual(f.nodes, ['T0', 'B', 'T1', 'A'], f.mode);
    assert.deepEqual(f.links, ['holds', 'holds', 'waits for', 'waits for'], f.mode);
    assert.ok(f.closed, f.mode);
  }
  // Replay to between the two waits, then just after the last: the cycle closes then.
  const { mode, shared } = locked[0];
  const figure = `#deadlock-cycles figure[data-mode=${mode}]`;
  const seek = (t) => page.$eval('#replay-scrubber', (el, t) => {
    el.value = String(t);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  const [first, last] = shared.deadlock.cycle.map((e) => e.waits_from_ms).sort((a, b) => a - b);
  await seek((first + last) / 2);
  await page.waitForFunction((f) => document.querySelector(f)?.dataset.closed === 'false', figure);
  // Both holds, and the first wait unless the two began at the same instant.
  assert.equal(await page.locator(`${figure} .link`).count(), last > first ? 3 : 2);
  await seek(shared.deadlock.formed_ms + 0.5);
  await page.waitForFunction((f) => document.querySelector(f)?.dataset.closed === 'true', figure);
}

test('a three-lock cycle is found too', async () => {
  const page = await env.newPage();
  const recipe = encodeURIComponent('lock A → io 100ms → lock B → unlock B → unlock A\nlock B → io 100ms → lock C → unlock C → unlock B\nlock C → io 100ms → lock A → unlock A → unlock C');
  const r = await runToCompletion(page, `${env.url()}?recipe=${recipe}&modes=cooperative,threads&threads=3&autorun=1`, { timeout: 30_000 });
  for (const m of r.modes) {
    assert.equal(m.outcome, 'deadlocked', m.mode);
    assert.equal(m.shared.deadlock.cycle.length, 3, m.mode);
  }
  await page.close();
});

test('crash impact: a process loses exactly its task, the event loop its future, threads the pool', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=crash-impact&threads=2&autorun=1`, { timeout: 30_000 });
  assert.equal(r.state, 'crashed');
  for (const key of ['processes', 'cooperative']) {
    const m = mode(r, key);
    assert.deepEqual(m.results.map((x) => x !== null), [true, true, false, true], key);
  }
  assert.equal(mode(r, 'threads').outcome, 'crashed');
  assert.match(await page.textContent('.verdict'), /As expected.*whole worker pool/);
  // The thread's trap is the one error the page may throw here.
  assert.ok(env.pageErrors.splice(0).every((e) => /unreachable/.test(e)));
  await page.close();
});
