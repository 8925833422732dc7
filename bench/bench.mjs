// Measures the release build in headless Chromium and prints one table; also writes
// bench/results/bench.json. Usage: node bench/bench.mjs [--repeat N] (default 3 page loads per
// scenario; medians are reported). Figures vary with the machine and its load: they are
// measured side by side in one run so that the ratios compare like with like.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { launch, runToCompletion } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';
import { firstLoad } from './first_load.mjs';

const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 3;

const CPU = { tasks: 8, cpu: 50 };
const IO = { tasks: 8, io: 200 };
const YIELD_RECIPE = '2 x cpu 200ms';
const OVERHEAD_RECIPE = '2 x cpu 200ms';
// About 10,000 spans: two 300 ms computations cut into 0.1 ms cooperative slices, each with
// its wait for the next turn.
const MANY_SPANS = `?recipe=${encodeURIComponent('2 x cpu 300ms')}&modes=cooperative&yield=0.1&autorun=1&live=0`;
const FRAME_MS = 1000 / 60;

/** Paint cost and replay smoothness of the timeline with about 10,000 spans. */
async function timelineAtScale(browser, url) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const r = await runToCompletion(page, url + MANY_SPANS, { timeout: 120_000 });
  const spans = r.modes[0].spans.length;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const before = await page.evaluate(() => (window.interleavePaintMs ?? []).length);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('+');
    await page.keyboard.press('0');
  }
  await page.waitForTimeout(200);
  const paints = (await page.evaluate(() => window.interleavePaintMs)).slice(before);
  await page.selectOption('#replay-speed', '0.25');
  const from = await page.evaluate(() => performance.now());
  await page.click('#replay-play');
  await page.waitForTimeout(3000);
  const frames = (await page.evaluate(() => window.__frames)).filter((t) => t > from + 100);
  await page.click('#replay-play');
  await page.close();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    spans,
    paint_ms_median: median(paints),
    paint_ms_max: Math.max(...paints),
    paints: paints.length,
    replay_frames: frames.length,
    replay_dropped_frames: gaps.filter((g) => g > 1.5 * FRAME_MS).length,
    replay_worst_gap_ms: Math.max(...gaps),
  };
}
const MODES = ['sequential', 'cooperative', 'gil', 'processes', 'threads'];
const ALL_MODES = `modes=${MODES.join(',')}`;
const SCENARIOS = {
  cpu: `?workload=cpu&tasks=${CPU.tasks}&cpu=${CPU.cpu}&${ALL_MODES}&autorun=1`,
  // The same run without live drawing: in headless Chromium every animated frame is composited
  // in software on the same cores the workers are measured on.
  cpu_quiet: `?workload=cpu&tasks=${CPU.tasks}&cpu=${CPU.cpu}&autorun=1&live=0`,
  io: `?workload=io&tasks=${IO.tasks}&io=${IO.io}&${ALL_MODES}&autorun=1`,
  // The same cooperative CPU work, yielding every 0.1 ms and never: what fine yields cost.
  yield_fine: `?recipe=${encodeURIComponent(YIELD_RECIPE)}&modes=cooperative&yield=0.1&autorun=1&live=0`,
  yield_never: `?recipe=${encodeURIComponent(YIELD_RECIPE)}&modes=cooperative&yield=never&autorun=1&live=0`,
  // The same runs with recording on and off: what measuring costs.
  record_on_coop: `?recipe=${encodeURIComponent(OVERHEAD_RECIPE)}&modes=cooperative&yield=0.5&autorun=1&live=0`,
  record_off_coop: `?recipe=${encodeURIComponent(OVERHEAD_RECIPE)}&modes=cooperative&yield=0.5&autorun=1&live=0&record=0`,
  record_on_threads: `?workload=cpu&tasks=${CPU.tasks}&cpu=${CPU.cpu}&modes=threads&autorun=1&live=0`,
  record_off_threads: `?workload=cpu&tasks=${CPU.tasks}&cpu=${CPU.cpu}&modes=threads&autorun=1&live=0&record=0`,
};

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

async function sizes(dir) {
  const out = { wasm: {}, js: {} };
  const walk = async (d) => {
    for (const name of await readdir(d)) {
      const p = join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else if (/\.(wasm|js)$/.test(name)) {
        const body = await readFile(p);
        const kind = name.endsWith('.wasm') ? 'wasm' : 'js';
        out[kind].raw = (out[kind].raw ?? 0) + body.length;
        out[kind].gzip = (out[kind].gzip ?? 0) + gzipSync(body, { level: 9 }).length;
        out[kind].brotli =
          (out[kind].brotli ?? 0) +
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      }
    }
  };
  await walk(dir);
  return out;
}

const server = await serve('dist', { isolated: true });
const browser = await launch();
const samples = Object.fromEntries(Object.keys(SCENARIOS).map((k) => [k, []]));
const first = await firstLoad(server.url, 'dist', REPEAT);
process.stderr.write('bench: first loads done\n');
try {
  for (let i = 0; i < REPEAT; i++) {
    for (const [name, query] of Object.entries(SCENARIOS)) {
      const page = await browser.newPage();
      const r = await runToCompletion(page, server.url + query, { timeout: 120_000 });
      if (r.state !== 'done') throw new Error(`${name} run ended ${r.state}`);
      samples[name].push(r);
      await page.close();
      process.stderr.write(`bench: ${name} load ${i + 1}/${REPEAT} done\n`);
    }
  }
  var atScale = await timelineAtScale(browser, server.url);
} finally {
  await browser.close();
  await server.close();
}

const wall = (name, mode) => median(samples[name].map((r) => r.modes.find((m) => m.mode === mode)?.wall_ms));
const fromMode = (name, mode, key) =>
  median(samples[name].map((r) => r.modes.find((m) => m.mode === mode)?.[key]));
const env = samples.cpu[0].env;
const threads = samples.cpu[0].modes.find((m) => m.mode === 'threads')?.threads;
const usable = Math.min(CPU.tasks, threads);
const speedupOf = (name) => median(samples[name].map((r) => r.modes.find((m) => m.mode === 'threads').speedup));
const speedup = speedupOf('cpu');
const quietSpeedup = speedupOf('cpu_quiet');
const size = await sizes('dist');

const figures = {
  machine: { cores: env.cores, pool_threads: threads, yield_mechanism: env.yield_mechanism, repeat: REPEAT },
  cpu_bound: {
    workload: CPU,
    wall_ms: Object.fromEntries(MODES.map((m) => [m, wall('cpu', m)])),
    threads_speedup: speedup,
    threads_efficiency: speedup / usable,
    threads_speedup_live_off: quietSpeedup,
    threads_efficiency_live_off: quietSpeedup / usable,
    cooperative_over_sequential: wall('cpu', 'cooperative') / wall('cpu', 'sequential'),
    cooperative_over_sequential_live_off: wall('cpu_quiet', 'cooperative') / wall('cpu_quiet', 'sequential'),
    worst_frame_gap_threads_ms: fromMode('cpu', 'threads', 'max_frame_gap_ms'),
  },
  io_bound: {
    workload: IO,
    wall_ms: Object.fromEntries(MODES.map((m) => [m, wall('io', m)])),
    cooperative_over_longest_wait: wall('io', 'cooperative') / IO.io,
  },
  yield_granularity: (() => {
    const fine = wall('yield_fine', 'cooperative');
    const never = wall('yield_never', 'cooperative');
    const slices = median(samples.yield_fine.map((r) => r.modes[0].spans.filter((x) => x.kind === 'cpu').length));
    return {
      recipe: YIELD_RECIPE,
      wall_ms_yield_0_1: fine,
      wall_ms_never: never,
      ratio: fine / never,
      yields: slices,
      cost_per_yield_us: ((fine - never) / slices) * 1000,
    };
  })(),
  python_models: (() => {
    const speed = (name, mode) => fromMode(name, mode, 'speedup');
    const spansOf = (kind) =>
      samples.cpu.flatMap((r) => r.modes.find((m) => m.mode === 'processes').spans.filter((x) => x.kind === kind));
    const startups = spansOf('startup').map((x) => x.end - x.start);
    // Each task crosses twice: in, then its result back.
    const messages = samples.cpu.flatMap((r) => {
      const m = r.modes.find((x) => x.mode === 'processes');
      const byTask = new Map();
      for (const x of m.spans.filter((y) => y.kind === 'message')) {
        byTask.set(x.task, (byTask.get(x.task) ?? 0) + (x.end - x.start));
      }
      return [...byTask.values()];
    });
    return {
      gil_cpu_speedup: speed('cpu', 'gil'),
      gil_io_speedup: speed('io', 'gil'),
      threads_io_speedup: speed('io', 'threads'),
      process_startup_ms_median: median(startups),
      message_round_trip_ms_median: median(messages),
      processes_over_threads_wall_cpu: wall('cpu', 'processes') / wall('cpu', 'threads'),
    };
  })(),
  timeline: atScale,
  instrumentation: {
    cooperative_overhead: wall('record_on_coop', 'cooperative') / wall('record_off_coop', 'cooperative') - 1,
    cooperative_spans: median(samples.record_on_coop.map((r) => r.modes[0].spans.length)),
    threads_overhead: wall('record_on_threads', 'threads') / wall('record_off_threads', 'threads') - 1,
  },
  yield_cost_us_median: median([...samples.cpu, ...samples.io].map((r) => r.env.yield_cost_us)),
  pool_startup_ms: median([...samples.cpu, ...samples.io].map((r) => r.env.pool.startup_ms)),
  pool_warmup_ms: median([...samples.cpu, ...samples.io].map((r) => r.env.pool.warmup_ms)),
  calibration_units_per_ms: median([...samples.cpu, ...samples.io].map((r) => r.env.calibration.units_per_ms)),
  release_bytes: size,
  first_load: {
    files: first.files,
    wasm_js_css_brotli: first.first_load_brotli,
    wasm_js_css_gzip: first.first_load_gzip,
    wasm_js_css_raw: first.first_load_raw,
    ...Object.fromEntries(Object.keys(first.samples[0]).map((k) => [k, median(first.samples.map((x) => x[k]))])),
  },
};

const f = (v, d = 1) => (v == null ? '–' : v.toFixed(d));
const target = (ok) => (ok ? 'meets target' : 'MISSES target');
const rows = [
  ['CPU-bound wall: sequential / cooperative / GIL / processes / threads (ms)',
    MODES.map((m) => f(figures.cpu_bound.wall_ms[m])).join(' / '), ''],
  ['I/O-bound wall: sequential / cooperative / GIL / processes / threads (ms)',
    MODES.map((m) => f(figures.io_bound.wall_ms[m])).join(' / '), ''],
  [`threads speedup vs sequential, live drawing on (${threads} threads, ${CPU.tasks} tasks)`, `${f(speedup, 2)}×`, ''],
  ['threads parallel efficiency, live drawing on', f(figures.cpu_bound.threads_efficiency, 2), `≥ 0.85: ${target(figures.cpu_bound.threads_efficiency >= 0.85)}`],
  ['threads speedup / efficiency, live drawing off (live=0)', `${f(quietSpeedup, 2)}× / ${f(figures.cpu_bound.threads_efficiency_live_off, 2)}`, `≥ 0.85: ${target(figures.cpu_bound.threads_efficiency_live_off >= 0.85)}`],
  ['cooperative ÷ sequential wall (CPU-bound), live drawing on', f(figures.cpu_bound.cooperative_over_sequential, 3), `≤ 1.10: ${target(figures.cpu_bound.cooperative_over_sequential <= 1.1)}`],
  ['cooperative ÷ sequential wall (CPU-bound), live drawing off', f(figures.cpu_bound.cooperative_over_sequential_live_off, 3), `≤ 1.10: ${target(figures.cpu_bound.cooperative_over_sequential_live_off <= 1.1)}`],
  ['cooperative wall ÷ longest wait (I/O-bound)', f(figures.io_bound.cooperative_over_longest_wait, 3), `≤ 1.10: ${target(figures.io_bound.cooperative_over_longest_wait <= 1.1)}`],
  [`yield every 0.1 ms ÷ never, same CPU work (${YIELD_RECIPE}, cooperative)`,
    `${f(figures.yield_granularity.ratio, 3)} (${f(figures.yield_granularity.wall_ms_yield_0_1)} / ${f(figures.yield_granularity.wall_ms_never)} ms, ${figures.yield_granularity.yields} slices, ${f(figures.yield_granularity.cost_per_yield_us)} µs each)`, ''],
  [`median cost of one yield (${env.yield_mechanism})`, `${f(figures.yield_cost_us_median)} µs`, `≤ 100 µs: ${target(figures.yield_cost_us_median <= 100)}`],
  ['worst main-thread frame gap, threads run', `${f(figures.cpu_bound.worst_frame_gap_threads_ms)} ms`, `≤ 50 ms: ${target(figures.cpu_bound.worst_frame_gap_threads_ms <= 50)}`],
  ['threads + GIL speedup, CPU-bound (expected ≈ 1.0)', `${f(figures.python_models.gil_cpu_speedup, 2)}×`, ''],
  ['threads + GIL / threads speedup, I/O-bound', `${f(figures.python_models.gil_io_speedup, 2)}× / ${f(figures.python_models.threads_io_speedup, 2)}×`, ''],
  ['process start-up per worker (median)', `${f(figures.python_models.process_startup_ms_median)} ms`, ''],
  ['message round trip per task (median, in + back)', `${f(figures.python_models.message_round_trip_ms_median, 2)} ms`, ''],
  ['processes ÷ threads wall, same CPU-bound recipe', f(figures.python_models.processes_over_threads_wall_cpu, 2), ''],
  [`timeline paint with ${atScale.spans} spans (median / worst of ${atScale.paints})`, `${f(atScale.paint_ms_median, 2)} / ${f(atScale.paint_ms_max, 2)} ms`, `≤ 8 ms: ${target(atScale.paint_ms_median <= 8)}`],
  [`replay at 60 fps with ${atScale.spans} spans: frames / dropped / worst gap`, `${atScale.replay_frames} / ${atScale.replay_dropped_frames} / ${f(atScale.replay_worst_gap_ms)} ms`, `no dropped frames: ${target(atScale.replay_dropped_frames === 0)}`],
  ['recording overhead: cooperative (spans) / threads', `${f(figures.instrumentation.cooperative_overhead * 100)}% (${figures.instrumentation.cooperative_spans}) / ${f(figures.instrumentation.threads_overhead * 100)}%`, `≤ 2%: ${target(Math.max(figures.instrumentation.cooperative_overhead, figures.instrumentation.threads_overhead) <= 0.02)}`],
  ['pool start-up / worker warm-up', `${f(figures.pool_startup_ms)} / ${f(figures.pool_warmup_ms)} ms`, ''],
  [`first load: wasm + js + css, ${Object.values(first.files).slice(0, 3).flat().length} files (brotli / gzip)`,
    `${(first.first_load_brotli / 1000).toFixed(1)} / ${(first.first_load_gzip / 1000).toFixed(1)} kB`,
    `≤ 200 kB brotli: ${target(first.first_load_brotli <= 200_000)}`],
  ['first visit: first paint / first contentful paint / Run possible (ms from navigation)',
    ['first_paint_ms', 'first_contentful_paint_ms', 'ready_ms'].map((k) => f(figures.first_load[k], 0)).join(' / '), ''],
  ['first visit: pool start begins / pool started (ms from navigation)',
    `${f(figures.first_load.pool_start_ms, 0)} / ${f(figures.first_load.pool_ready_ms, 0)}`,
    `after first paint: ${target(figures.first_load.pool_start_ms > figures.first_load.first_contentful_paint_ms)}`],
  ['release .wasm raw / gzip / brotli', `${(size.wasm.raw / 1024).toFixed(0)} / ${(size.wasm.gzip / 1024).toFixed(0)} / ${(size.wasm.brotli / 1024).toFixed(0)} KiB`, ''],
  ['release .js raw / gzip / brotli', `${(size.js.raw / 1024).toFixed(1)} / ${(size.js.gzip / 1024).toFixed(1)} / ${(size.js.brotli / 1024).toFixed(1)} KiB`, ''],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\nInterleave bench — ${env.cores} cores, medians of ${REPEAT} page loads per scenario\n`);
for (const [k, v, t] of rows) console.log(`${k.padEnd(w0)}  ${v.padStart(w1)}  ${t}`);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/bench.json', JSON.stringify(figures, null, 2));
console.log('\nwritten: bench/results/bench.json');
