// The first visit: what the browser fetches before Run can first start, compressed as a host
// would serve it, and how long the page takes to first paint, to the first possible Run, and
// to start its worker pool. Each sample is a fresh browser profile: no HTTP cache, no service
// worker.
//
// A visitor's browser is already running when they follow a link, so the figure with the
// target is taken in a browser that has settled first (`SETTLE_MS` on about:blank). A browser
// launched just before keeps both cores of this machine busy for a second or more with its
// own start-up (vmstat: a run queue of 5–18), which put ~200 ms on the first Run; those
// loads are reported beside, as `cold`.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { launch, runAgain } from '../e2e/browser.mjs';

const compressed = async (file) => {
  const body = await readFile(file);
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

/** How long a just-launched browser is left on about:blank before the page is loaded. */
const SETTLE_MS = 3000;

/** One first visit in a fresh profile, after `settleMs` on about:blank; `fetched` collects paths. */
async function visit(url, settleMs, fetched) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.on('requestfinished', (r) => {
      if (r.url().startsWith(url)) fetched.add(new URL(r.url()).pathname);
    });
    if (settleMs) {
      await page.goto('about:blank');
      await new Promise((done) => setTimeout(done, settleMs));
    }
    await page.goto(url);
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    // The full page marks its pool up before it is ready; wait for the mark all the same.
    await page.waitForFunction(() => performance.getEntriesByName('interleave-pool-ready').length, null, { timeout: 60_000 });
    return await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      return {
        first_paint_ms: at('first-paint'),
        first_contentful_paint_ms: at('first-contentful-paint'),
        ready_ms: at('interleave-ready'),
        pool_start_ms: at('interleave-pool-start'),
        pool_ready_ms: at('interleave-pool-ready'),
      };
    });
  } finally {
    await browser.close();
  }
}

/**
 * Loads `url` `repeat` times in a settled browser and `repeat` times in one just launched,
 * alternating, each in a fresh profile; `dist` is the folder served at `url`.
 */
export async function firstLoad(url, dist, repeat) {
  const samples = [];
  const cold = [];
  const fetched = new Set();
  for (let i = 0; i < repeat; i++) {
    samples.push(await visit(url, SETTLE_MS, fetched));
    cold.push(await visit(url, 0, fetched));
  }
  const files = [...fetched];
  // What the page needs to show itself and run: the app's own code and style. The document
  // and the service worker's script (fetched in the background, after) are listed apart.
  const byKind = { wasm: [], js: [], css: [], other: [] };
  for (const path of files.sort()) {
    const name = path.slice(new URL(url).pathname.length) || 'index.html';
    const kind = name === 'sw.js' ? 'other' : ({ '.wasm': 'wasm', '.js': 'js', '.css': 'css' }[extname(name)] ?? 'other');
    byKind[kind].push({ name, ...(await compressed(join(dist, name))) });
  }
  const sum = (list, k) => list.reduce((s, f) => s + f[k], 0);
  const code = [...byKind.wasm, ...byKind.js, ...byKind.css];
  return {
    samples,
    cold,
    files: byKind,
    first_load_brotli: sum(code, 'brotli'),
    first_load_gzip: sum(code, 'gzip'),
    first_load_raw: sum(code, 'raw'),
  };
}

/** The core counts the page is made to see, from a phone to a workstation. */
export const CORE_COUNTS = [1, 2, 4, 8, 16, 32, 64];

/**
 * The first visit as a machine with `cores` cores would make it (issue 30): the page reads
 * `navigator.hardwareConcurrency`, which is overridden before any of its scripts run, so the
 * page sizes its pool for that many cores while the work runs on this machine's. A fresh,
 * settled browser loads `modes=threads`, `2 x cpu 5ms`; then Run is clicked as soon as it is
 * possible, and the run's end says how long a visitor who clicked at once waited in all,
 * workers the run needed included.
 */
export async function visitAs(url, cores) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    await page.addInitScript((n) => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n });
    }, cores);
    await page.goto(`${url}?modes=threads&recipe=${encodeURIComponent('2 x cpu 5ms')}`);
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    const at = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      return {
        ready_ms: mark('interleave-ready'),
        pool_start_ms: mark('interleave-pool-start'),
        pool_ready_ms: mark('interleave-pool-ready'),
        calibrated_ms: mark('interleave-calibrated'),
      };
    });
    const workers_at_ready = page.workers().length;
    const r = await runAgain(page);
    if (r.state !== 'done') throw new Error(`${cores} cores: the run ended ${r.state}`);
    return {
      ...at,
      workers_at_ready,
      run_done_ms: await page.evaluate(() => performance.now()),
      threads: r.modes.find((m) => m.mode === 'threads').threads,
      workers_after_run: page.workers().length,
      wasm_memory_mb: r.wasm_memory_bytes / 2 ** 20,
    };
  } finally {
    await browser.close();
  }
}

/** `repeat` first visits per core count of `CORE_COUNTS`; one entry per count. */
export async function firstLoadByCores(url, repeat, counts = CORE_COUNTS) {
  const rows = [];
  for (const cores of counts) {
    const samples = [];
    for (let i = 0; i < repeat; i++) samples.push(await visitAs(url, cores));
    rows.push({ cores, samples });
    process.stderr.write(`bench: first visit as ${cores} cores done\n`);
  }
  return rows;
}
