// The costs table (lesson 12) in each engine, side by side: every cell's lead figure, median
// with its spread over the probe's own rounds, and the sentence the page says. One fresh
// browser per engine, the page isolated. Usage: node bench/costs.mjs; writes
// bench/results/costs.json. Figures, not assertions.
import { mkdir, writeFile } from 'node:fs/promises';
import { END_STATES } from '../e2e/browser.mjs';
import { ENGINES, launchEngine } from '../e2e/engines.mjs';
import { serve } from '../e2e/server.mjs';

const UNITS = ['coroutine', 'thread', 'gil-thread', 'process'];

async function measure(engine) {
  const server = await serve('dist', { isolated: true });
  const browser = await launchEngine(engine);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}?lesson=what-each-costs&autorun=1`);
    await page.waitFor((ends) => ends.includes(document.documentElement.dataset.runState) && window.interleaveResult?.costs, END_STATES, { timeout: 120_000 });
    return await page.evaluate(() => window.interleaveResult.costs);
  } finally {
    await browser.close();
    await server.close();
  }
}

const cellText = (cell) => {
  const f = cell.figures?.[0];
  if (!f) return `– (${cell.missing.slice(0, 40)}…)`;
  const s = (v) => (f.unit === 'ms' ? (v >= 1 ? `${v.toFixed(2)} ms` : v >= 1e-3 ? `${(v * 1e3).toFixed(2)} µs` : `${(v * 1e6).toFixed(1)} ns`)
    : f.unit === 'bytes' ? `${v.toFixed(0)} B` : `${v}`);
  return f.count > 1 ? `${s(f.median)} (${s(f.min)}–${s(f.max)})` : s(f.median);
};

const tables = {};
for (const engine of ENGINES) {
  const costs = await measure(engine);
  tables[engine] = costs;
  console.log(`\n## ${engine}: what each costs (lead figure of each cell: median (min–max) over its rounds)\n`);
  console.log(`| row | ${UNITS.join(' | ')} |`);
  console.log(`|---|${UNITS.map(() => '---').join('|')}|`);
  for (const r of costs.rows) console.log(`| ${r.row} | ${UNITS.map((u) => cellText(r.cells[u])).join(' | ')} |`);
  console.log('\nAs the page says it:');
  for (const r of costs.rows) for (const u of UNITS) if (r.cells[u].sentence) console.log(`- ${r.row}, ${u}: ${r.cells[u].sentence}`);
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/costs.json', JSON.stringify(tables, null, 1));
