// Figures that mean what they say, against the release build served isolated: efficiency only
// where it measures parallel computing, no negative zero, no fallback warning where nothing
// computes, and a sweep verdict that fails when the sweep is flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

const env = useBrowser({ isolated: true });

/** Every number on `text` written with a minus sign that is nevertheless zero: "-0", "-0.0". */
function negativeZeros(text) {
  return (text.match(/-\d+(?:\.\d+)?/g) ?? []).filter((n) => Number(n) === 0);
}

/** The results table's rows as { mode, efficiency, inFlight } from the cells the page shows;
 * `efficiency` is null where the table has no such column. */
async function rows(page) {
  return page.$$eval('#results tbody tr', (trs) =>
    trs.map((tr) => ({
      mode: tr.dataset.mode,
      efficiency: tr.querySelector('td.efficiency')?.textContent.trim() ?? null,
      inFlight: tr.querySelector('td.in-flight').textContent.trim(),
    })),
  );
}

for (const lesson of ['io-bound', 'mixed-requests']) {
  test(`${lesson}: no efficiency for waiting work, none over 100 %, no negative zero`, async () => {
    const page = await env.newPage();
    const r = await runToCompletion(page, `${env.url()}?lesson=${lesson}&threads=2&autorun=1`);
    assert.equal(r.state, 'done');
    const table = await rows(page);
    assert.deepEqual(table.map((row) => row.mode), r.modes.map((m) => m.mode));
    // Mostly waiting (all of io-bound, 80 % of mixed requests): speedup ÷ threads says
    // nothing about computing in parallel, so no mode has one, and the table has no column
    // for it.
    for (const row of table) assert.equal(row.efficiency, null, `${row.mode}: ${row.efficiency}`);
    for (const m of r.modes) assert.equal(m.efficiency, null, `${m.mode} in the report`);
    // Tasks in flight says what overlapping waits did instead: all at once on the loop, one
    // at a time in sequence.
    const inFlight = Object.fromEntries(table.map((row) => [row.mode, Number(row.inFlight)]));
    assert.ok(inFlight.cooperative >= 2, `cooperative had ${inFlight.cooperative} in flight`);
    assert.ok(inFlight.sequential < 1.5, `sequential had ${inFlight.sequential} in flight`);

    const text = (await page.textContent('#results')) + (await page.textContent('#lesson-panel'));
    assert.deepEqual(negativeZeros(text), [], 'no "-0.0 ms" or "-0%" on the page');
    assert.deepEqual(env.pageErrors, []);
    await page.close();
  });
}

test('work that only waits gets no warning about lanes never computing together', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=io-bound&threads=2&autorun=1`);
  assert.equal(r.state, 'done');
  const threads = r.modes.find((m) => m.mode === 'threads');
  assert.equal(threads.max_parallel_cpu, 0, 'nothing computed');
  assert.equal(await page.locator('#fallback-warning').count(), 0);
  // Nor is "really parallel: 0 lanes" marked as falling short.
  const badge = page.locator('#env-parallel').locator('..');
  assert.notEqual(await badge.getAttribute('data-ok'), 'no');
  await page.close();
});

test('a race shows its lost updates and not the primes its recipe never counts', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=race-conditions&autorun=1`);
  assert.equal(r.state, 'done');
  const heads = await page.$$eval('#results thead th', (ths) => ths.map((th) => th.textContent.trim()));
  assert.ok(heads.includes('lost updates'), heads.join(' | '));
  for (const absent of ['primes found', 'efficiency']) assert.ok(!heads.includes(absent), `${absent} in ${heads.join(' | ')}`);
  // Each mode's cell is what its trace lost, over every counter.
  const cells = await page.$$eval('#results tbody tr', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.mode, tr.querySelector('td.lost').textContent.trim()])),
  );
  for (const m of r.modes) {
    const lost = m.shared.vars.reduce((n, v) => n + Math.max(0, v.expected - v.value), 0);
    assert.equal(cells[m.mode].replaceAll(',', ''), String(lost), m.mode);
  }
  await page.close();
});

test('CPU work on two threads does get an efficiency, at most 100 % unless the CPU got cheaper', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?workload=cpu&tasks=4&cpu=60&threads=2&autorun=1`);
  assert.equal(r.state, 'done');
  const threads = r.modes.find((m) => m.mode === 'threads');
  const sequential = r.modes.find((m) => m.mode === 'sequential');
  const row = (await rows(page)).find((x) => x.mode === 'threads');
  if (threads.efficiency === null) {
    // Hidden only when it would read over 100 % without cheaper CPU.
    assert.ok(threads.speedup / 2 > 1 && threads.cpu_ms >= sequential.cpu_ms, JSON.stringify(threads));
    assert.equal(row.efficiency, '–');
  } else {
    assert.match(row.efficiency, /^\d+%$/);
    assert.ok(threads.efficiency <= 1 || threads.cpu_ms < sequential.cpu_ms, JSON.stringify(threads));
  }
  for (const m of ['sequential', 'cooperative']) {
    assert.equal(r.modes.find((x) => x.mode === m).efficiency, null, `${m} has one thread`);
  }
  await page.close();
});

test('a flat sweep (one task: nothing to share) reads as not the expected shape', async () => {
  const page = await env.newPage();
  const recipe = encodeURIComponent('cpu 150ms');
  const r = await runToCompletion(page, `${env.url()}?lesson=pools-and-amdahl&recipe=${recipe}&autorun=1`, {
    timeout: 90_000,
  });
  assert.equal(r.state, 'done');
  assert.ok(r.modes.length >= 2 && r.modes.every((m) => m.mode === 'threads'), 'a sweep of threads');
  assert.ok(r.modes.every((m) => m.results.length === 1));
  const verdict = await page.waitForSelector('#verdict');
  assert.equal(await verdict.getAttribute('data-matches'), 'false');
  const sentence = await verdict.textContent();
  assert.match(sentence, /^≠ /);
  assert.match(sentence, /only 1 task/);
  assert.doesNotMatch(sentence, /As expected/);
  assert.deepEqual(negativeZeros(await page.textContent('#sweep-panel')), []);
  await page.close();
});
