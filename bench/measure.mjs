// The bench's measuring helpers: spread of samples, the printed table with targets, the
// timeline at scale, and the release sizes.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { runToCompletion } from '../e2e/browser.mjs';

const FRAME_MS = 1000 / 60;
// About 10,000 spans: two 300 ms computations cut into 0.1 ms cooperative slices, each with
// its wait for the next turn.
const MANY_SPANS = `?recipe=${encodeURIComponent('2 x cpu 300ms')}&modes=cooperative&yield=0.1&autorun=1&live=0`;

/** Median, min and max of the finite samples. */
export function spread(xs) {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return { median: null, min: null, max: null, n: 0 };
  const m = v.length >> 1;
  return { median: v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
}

const fmt = (s, d) => (s?.median == null ? '–' : `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`);

/** Whether a median meets a target [op, value, tolerance]. */
function verdict(s, t) {
  if (!t || s?.median == null) return '';
  const [op, v, tol] = t;
  const ok = op === '≤' ? s.median <= v : op === '≥' ? s.median >= v : Math.abs(s.median - v) <= tol;
  const want = op === '≈' ? `${v} ± ${tol}` : `${op} ${v}`;
  return `${want}: ${ok ? 'meets' : 'MISSES'}`;
}

/**
 * Rows are [label, {on, off}, targets {on, off}, digits, column names] or a group heading
 * [label, ...[sub label, {on, off}]]; prints live-on beside live-off with each target's mark.
 */
export function table(rows) {
  const lines = [['figure', 'live drawing on', 'target', 'live drawing off (live=0)', 'target']];
  for (const row of rows) {
    if (Array.isArray(row[1])) {
      lines.push([row[0], '', '', '', '']);
      for (const [label, s, targets = {}, digits = 1] of row.slice(1)) {
        lines.push([label, fmt(s.on, digits), verdict(s.on, targets.on), fmt(s.off, digits), verdict(s.off, targets.off)]);
      }
      continue;
    }
    const [label, s, targets = {}, digits = 2, names] = row;
    const named = (i, text) => (names && text !== '–' ? `${names[i]} ${text}` : text);
    lines.push([label, named(0, fmt(s.on, digits)), verdict(s.on, targets.on), named(1, fmt(s.off, digits)), verdict(s.off, targets.off)]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/** Paint cost and replay smoothness of the timeline with about 10,000 spans. */
export async function timelineAtScale(browser, url) {
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
    paint_ms: spread(paints),
    replay_frames: frames.length,
    replay_dropped_frames: gaps.filter((g) => g > 1.5 * FRAME_MS).length,
    replay_worst_gap_ms: Math.max(...gaps),
  };
}

/** The release .wasm and .js, raw, gzip and brotli. */
export async function releaseSizes(dir) {
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

/**
 * Rows for `table` from `firstLoadByCores`: per core count, the first possible Run (target
 * ≤ 800 ms) beside the workers then running, and the first run's end beside the workers and
 * wasm memory after it (memory follows the workers started).
 */
export function coreRows(byCores) {
  const of = (samples, k) => spread(samples.map((s) => s[k]));
  return byCores.flatMap(({ cores, samples }) => [
    [`first visit as ${cores} cores: Run possible (ms) / workers seen just after`,
      { on: of(samples, 'ready_ms'), off: of(samples, 'workers_at_ready') }, { on: ['≤', 800] }, 0, ['', 'workers']],
    [`  workers before Run up / calibrated (ms)`,
      { on: of(samples, 'pool_ready_ms'), off: of(samples, 'calibrated_ms') }, {}, 0, ['up', 'calibrated']],
    [`  clicked at once: run done (ms) / threads it ran`,
      { on: of(samples, 'run_done_ms'), off: of(samples, 'threads') }, {}, 0, ['', 'threads']],
    [`  after it: workers / wasm memory (MB)`,
      { on: of(samples, 'workers_after_run'), off: of(samples, 'wasm_memory_mb') }, {}, 0, ['workers', 'MB']],
  ]);
}
