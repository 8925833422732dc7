// The first visit: what the browser fetches before Run can first start, compressed as a host
// would serve it, and how long the page takes to first paint, to the first possible Run, and
// to start its worker pool. Each sample is a fresh browser profile: no HTTP cache, no service
// worker.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { launch } from '../e2e/browser.mjs';

const compressed = async (file) => {
  const body = await readFile(file);
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

/** Loads `url` `repeat` times, each in a fresh profile; `dist` is the folder served at `url`. */
export async function firstLoad(url, dist, repeat) {
  const samples = [];
  let files;
  for (let i = 0; i < repeat; i++) {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const fetched = new Set();
      page.on('requestfinished', (r) => {
        if (r.url().startsWith(url)) fetched.add(new URL(r.url()).pathname);
      });
      await page.goto(url);
      await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
      // The full page starts its pool after the first paint; wait for it to report.
      await page.waitForFunction(() => performance.getEntriesByName('interleave-pool-ready').length, null, { timeout: 60_000 });
      samples.push(
        await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
          return {
            first_paint_ms: at('first-paint'),
            first_contentful_paint_ms: at('first-contentful-paint'),
            ready_ms: at('interleave-ready'),
            pool_start_ms: at('interleave-pool-start'),
            pool_ready_ms: at('interleave-pool-ready'),
          };
        }),
      );
      files ??= [...fetched];
    } finally {
      await browser.close();
    }
  }
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
    files: byKind,
    first_load_brotli: sum(code, 'brotli'),
    first_load_gzip: sum(code, 'gzip'),
    first_load_raw: sum(code, 'raw'),
  };
}
