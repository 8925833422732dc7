// The costs lesson: the course's table measured in this browser, every cell a figure or a
// reason, in the course's order of magnitude; the table drawn, and the crash row from the
// crash-impact lesson run before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './fixture.mjs';
import { runToCompletion } from './browser.mjs';
import { assertCostShapes, ROWS, UNITS } from './costs.mjs';

const env = useBrowser({ isolated: true });

test('the costs table: every cell measured or said why, in the course\'s order, drawn as a table', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=what-each-costs&autorun=1`, { timeout: 90_000 });
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes, [], 'no modes run: the table is the result');
  assertCostShapes(r.costs);
  const cells = await page.$$eval('#costs tbody tr', (rows) => rows.map((tr) => [tr.dataset.row, tr.querySelectorAll('td').length]));
  assert.deepEqual(cells, ROWS.map((row) => [row, UNITS.length]));
  // A process's creation reads as the course says, with the ratio that makes the point.
  const heavy = await page.textContent('#costs tr[data-row="creation"] td[data-unit="process"] .said');
  assert.match(heavy, /^heavy: [\d.]+ m?s, about [\d,]+ × a coroutine$/);
  assert.match(await page.textContent('#costs caption'), /CPython 3\.11\.7/);
  await page.close();
});

test('after the crash-impact lesson, the crash row says what one crash took in each unit', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?lesson=crash-impact&threads=2&autorun=1`, { timeout: 60_000 });
  await page.selectOption('#lesson', 'what-each-costs');
  await page.click('#run');
  await page.waitForFunction(() => window.interleaveResult?.costs && document.documentElement.dataset.runState === 'done', null, { timeout: 90_000 });
  const costs = await page.evaluate(() => window.interleaveResult.costs);
  const crash = costs.rows.find((row) => row.row === 'crash-impact').cells;
  assert.equal(crash.process.figures[0].median, 1, 'a process loses its one task');
  assert.equal(crash.coroutine.figures[0].median, 1, 'the event loop loses one future');
  assert.ok(crash.thread.figures[0].median >= 1);
  assert.match(crash.thread.figures[0].includes, /pool crashed/);
  // The crashed pool cannot measure threads: the table says so instead of a figure.
  assert.match(costs.rows.find((row) => row.row === 'communication').cells.thread.missing, /crashed.*reload/);
  assertCostShapes(costs, { pool: false });
  env.pageErrors.splice(0);
  await page.close();
});
