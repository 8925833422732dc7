// The shapes every costs table must have, whatever the engine: never timings against a clock,
// only the course's orderings and that every cell says something.
import assert from 'node:assert/strict';

export const UNITS = ['coroutine', 'thread', 'gil-thread', 'process'];
export const ROWS = ['creation', 'context-switch', 'communication', 'memory', 'crash-impact', 'scalability'];

/** The lead figure's median of a cell, or undefined where it has none. */
export const lead = (costs, row, unit) => costs.rows.find((r) => r.row === row).cells[unit].figures?.[0]?.median;

/** Checks the published `costs` of a run of the costs lesson. */
export function assertCostShapes(costs, { pool = true } = {}) {
  assert.deepEqual(costs.rows.map((r) => r.row), ROWS);
  for (const r of costs.rows) {
    for (const u of UNITS) {
      const cell = r.cells[u];
      assert.ok(cell, `${r.row} × ${u}`);
      const says = Array.isArray(cell.figures) ? cell.figures.length > 0 : typeof cell.missing === 'string' && cell.missing.length > 10;
      assert.ok(says, `${r.row} × ${u} has a value or says why not: ${JSON.stringify(cell)}`);
      for (const f of cell.figures ?? []) {
        assert.ok(Number.isFinite(f.median) && f.min <= f.median && f.median <= f.max && f.count >= 1, `${r.row} × ${u}: ${JSON.stringify(f)}`);
        assert.ok(f.includes.length > 10, 'says what it includes');
      }
    }
  }
  const created = (u) => lead(costs, 'creation', u);
  assert.ok(created('coroutine') < created('process'), `creation: a coroutine ${created('coroutine')} ms, a process ${created('process')} ms`);
  const add = lead(costs, 'communication', 'coroutine');
  assert.ok(lead(costs, 'communication', 'process') > add, 'a message round trip costs more than an add to memory the coroutines share');
  if (pool) {
    // The course orders coroutine < thread < process. In a browser a thread is a Web Worker as
    // a process is, and costs about as much (measured: 0.8-1.3 × a process): the page says so
    // rather than fake the course's order. A coroutine stays far lighter than either.
    assert.ok(100 * created('coroutine') < created('thread'), `creation: a coroutine ${created('coroutine')} ms, a thread ${created('thread')} ms`);
    const thread = costs.rows.find((r) => r.row === 'creation').cells.thread.sentence;
    if (created('thread') >= 0.5 * created('process')) assert.match(thread, /Web Worker, as a process is/);
    const add = lead(costs, 'communication', 'thread');
    const message = lead(costs, 'communication', 'process');
    assert.ok(message > add, `a message round trip (${message} ms) costs more than a shared-memory add (${add} ms)`);
  }
  const waited = costs.rows.find((r) => r.row === 'scalability').cells.coroutine.figures[0];
  assert.match(waited.what, /10,000 futures waiting 100 ms/);
  assert.ok(waited.median < 5 * 100, `10,000 waiting futures finished after ${waited.median} ms, well under 10 × one 100 ms wait`);
}
