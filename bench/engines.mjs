// The headline figures in each engine, side by side: Chromium, Firefox and WebKit through the
// page API of e2e/engines.mjs (WebKit with SharedArrayBuffer on, standing in for Safari).
// Usage: node bench/engines.mjs [--repeat N] (default 5 loads per scenario and engine); writes
// bench/results/engines.json. Figures, not assertions: each is the median over the loads with
// its spread (min–max), every engine measured in one run on the same machine, live drawing on
// (and off, for threads' efficiency).
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { END_STATES } from '../e2e/browser.mjs';
import { ENGINES, launchEngine } from '../e2e/engines.mjs';
import { serve } from '../e2e/server.mjs';
import { spread } from './measure.mjs';

const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 5;
const CORES = cpus().length;
const rec = (r) => encodeURIComponent(r);

// The scenarios of bench/bench.mjs that the headline figures come from.
const SCENARIOS = {
  cpu: `?workload=cpu&tasks=8&cpu=50&modes=sequential,cooperative,threads&threads=${CORES}`,
  // The same with no drawing while a mode runs: what the page's own drawing costs each engine.
  cpu_off: `?workload=cpu&tasks=8&cpu=50&modes=sequential,cooperative,threads&threads=${CORES}&live=0`,
  gil: `?recipe=${rec('4 x cpu 50ms')}&modes=sequential,gil&threads=2`,
  coop_gap: `?recipe=${rec('8 x cpu 100ms')}&modes=cooperative&yield=5`,
};

/** The CPU work the `cpu` scenario plans. */
const PLANNED_MS = 8 * 50;
const wall = (r, mode) => r.modes.find((m) => m.mode === mode).wall_ms;

/** A load of `url` to its run's end, on an origin of its own (no cache, no service worker). */
async function load(browser, query) {
  const server = await serve('dist', { isolated: true });
  const page = await browser.newPage();
  try {
    const t0 = Date.now();
    await page.goto(`${server.url}${query}&autorun=1`);
    await page.waitFor((ends) => ends.includes(document.documentElement.dataset.runState) && window.interleaveResult, END_STATES, { timeout: 120_000 });
    const r = await page.evaluate(() => ({
      ...window.interleaveResult,
      ready_ms: performance.getEntriesByName('interleave-ready')[0]?.startTime ?? null,
    }));
    if (r.state !== 'done') throw new Error(`${query} ended ${r.state} after ${Date.now() - t0} ms`);
    return r;
  } finally {
    await page.close();
    await server.close();
    // The closed page's teardown takes a core for a while (bench/bench.mjs measured it).
    await new Promise((done) => setTimeout(done, 1000));
  }
}

/** The brotli'd bytes of the app's code and style: what every engine fetches before Run. */
async function firstLoadBytes(dist) {
  const files = [];
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (['.wasm', '.js', '.css'].includes(extname(e.name)) && !['sw.js', 'kitchen_png.js'].includes(e.name)) files.push(path);
    }
  };
  await walk(dist);
  let sum = 0;
  for (const f of files) {
    sum += brotliCompressSync(await readFile(f), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return sum;
}

const figures = {};
for (const engine of ENGINES) {
  const runs = {};
  // A browser per round: one WebKit session lost itself after some twenty loads.
  for (let i = 0; i < REPEAT; i++) {
    const browser = await launchEngine(engine);
    try {
      for (const [name, query] of Object.entries(SCENARIOS)) (runs[name] ??= []).push(await load(browser, query));
    } finally {
      await browser.close();
    }
    process.stderr.write(`bench: ${engine} round ${i + 1}/${REPEAT} done\n`);
  }
  const all = Object.values(runs).flat();
  figures[engine] = {
    // A CPU step of 50 ms must take 50 ms wherever it runs: on a pool worker (sequential) and on
    // the main thread (cooperative), against the plan's 8 × 50 ms.
    sequential_over_planned: spread(runs.cpu.map((r) => wall(r, 'sequential') / PLANNED_MS)),
    cooperative_over_planned: spread(runs.cpu.map((r) => wall(r, 'cooperative') / PLANNED_MS)),
    threads_efficiency: spread(runs.cpu.map((r) => wall(r, 'sequential') / wall(r, 'threads') / Math.min(8, CORES))),
    threads_efficiency_live_off: spread(runs.cpu_off.map((r) => wall(r, 'sequential') / wall(r, 'threads') / Math.min(8, CORES))),
    cooperative_over_sequential: spread(runs.cpu.map((r) => wall(r, 'cooperative') / wall(r, 'sequential'))),
    gil_over_sequential: spread(runs.gil.map((r) => wall(r, 'gil') / wall(r, 'sequential'))),
    first_possible_run_ms: spread(all.map((r) => r.ready_ms)),
    yield_cost_us: spread(all.map((r) => r.env.yield_cost_us)),
    worst_frame_gap_ms: spread(runs.coop_gap.map((r) => r.modes[0].max_frame_gap_ms)),
    timer_resolution_us: spread(all.map((r) => r.env.timer_resolution_us)),
    calibration_units_per_ms: spread(all.map((r) => r.env.calibration.units_per_ms)),
    cores_reported: spread(all.map((r) => r.env.cores)),
    yield_mechanism: all[0].env.yield_mechanism,
  };
}
const brotli = await firstLoadBytes('dist');

const ROWS = [
  ['sequential wall ÷ planned CPU (a pool worker), 8 × cpu 50 ms', 'sequential_over_planned', 3, '≈ 1 (± 0.15)'],
  ['cooperative wall ÷ planned CPU (the main thread)', 'cooperative_over_planned', 3, '≈ 1 (± 0.15)'],
  [`threads efficiency, 8 × cpu 50 ms on ${CORES} threads`, 'threads_efficiency', 2, '≥ 0.85'],
  ['  the same, live drawing off (live=0)', 'threads_efficiency_live_off', 2, '≥ 0.90'],
  ['cooperative ÷ sequential wall, CPU-bound', 'cooperative_over_sequential', 3, '≤ 1.05'],
  ['threads + GIL ÷ sequential wall, 4 × cpu 50 ms', 'gil_over_sequential', 3, '≤ 1.05'],
  ['first possible Run, a load in a running browser (ms)', 'first_possible_run_ms', 0, '≤ 800'],
  ['one cooperative yield (µs)', 'yield_cost_us', 0, ''],
  ['worst frame gap, 8 tasks yielding every 5 ms (ms)', 'worst_frame_gap_ms', 1, '≤ 34'],
  ['performance.now() step (µs)', 'timer_resolution_us', 0, ''],
  ['calibration (units of work per ms, main thread)', 'calibration_units_per_ms', 0, ''],
  ['cores the browser reports', 'cores_reported', 0, `${CORES} here`],
];
const fmt = (s, d) => (s?.median == null ? '–' : `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`);
const lines = [['figure', ...ENGINES, 'target']];
for (const [label, key, digits, target] of ROWS) lines.push([label, ...ENGINES.map((e) => fmt(figures[e][key], digits)), target]);
lines.push(['yield mechanism', ...ENGINES.map((e) => figures[e].yield_mechanism), '']);
lines.push(['first load, brotli (wasm + js + css), the same files in each', ...ENGINES.map(() => `${(brotli / 1000).toFixed(1)} kB`), '≤ 300 kB']);
const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
console.log(`\nInterleave in each engine: median (min–max) of ${REPEAT} loads, live drawing on unless said, ${CORES} cores\n`);
console.log(lines.map((l) => l.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n'));
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/engines.json', JSON.stringify({ repeat: REPEAT, cores: CORES, first_load_brotli: brotli, figures }, null, 2));
