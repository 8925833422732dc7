// The bench's hardening figures: how soon Stop takes effect in each mode, and whether memory
// and workers stay flat over many runs in one page.
import { runAgain } from '../e2e/browser.mjs';
import { spread } from './measure.mjs';

const R = (t) => encodeURIComponent(t);
// Long enough that Stop always lands mid-run; CPU and waits, in every mode.
const STOPPED = {
  sequential: `recipe=${R('8 x cpu 2s')}&modes=sequential`,
  'cooperative (yield 5 ms)': `recipe=${R('8 x cpu 2s')}&modes=cooperative&yield=5`,
  'cooperative (waits)': `recipe=${R('8 x io 3s')}&modes=cooperative`,
  gil: `recipe=${R('8 x cpu 2s')}&modes=gil&threads=2`,
  threads: `recipe=${R('8 x cpu 2s')}&modes=threads&threads=2`,
  'threads (waits)': `recipe=${R('8 x io 3s')}&modes=threads&threads=2`,
  processes: `recipe=${R('8 x cpu 2s')}&modes=processes&threads=2`,
  'processes (waits)': `recipe=${R('8 x io 3s')}&modes=processes&threads=2`,
};

/** Ms from a click on Stop to `data-run-state="stopped"`, per case: `repeat` loads each. */
export async function stopLatency(browser, url, repeat) {
  const out = {};
  for (const [name, query] of Object.entries(STOPPED)) {
    const samples = [];
    for (let i = 0; i < repeat; i++) {
      const page = await browser.newPage();
      await page.goto(`${url}?${query}`);
      await page.waitForSelector('html[data-ready]');
      await page.click('#run');
      await page.waitForSelector('html[data-run-state="running"]');
      await page.waitForTimeout(700);
      samples.push(await page.evaluate(() => new Promise((resolve) => {
        const root = document.documentElement;
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          if (root.dataset.runState !== 'stopped') return;
          obs.disconnect();
          resolve(performance.now() - t0);
        }).observe(root, { attributes: true });
        document.querySelector('#stop').click();
      })));
      await page.close();
    }
    out[name] = spread(samples);
  }
  return out;
}

/**
 * `runs` runs of every mode in one page. After run 10 and after the last: the JS heap after a
 * garbage collection, the wasm memory, and the page's workers.
 */
export async function soak(browser, url, runs) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${url}?recipe=${R('4 x cpu 5ms -> io 5ms')}&modes=sequential,cooperative,gil,processes,threads&threads=2&live=1`);
  await page.waitForSelector('html[data-ready]');
  const look = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return {
      js_heap_mb: usedSize / 2 ** 20,
      wasm_memory_mb: (await page.evaluate(() => window.interleaveResult.wasm_memory_bytes)) / 2 ** 20,
      workers: page.workers().length,
    };
  };
  let after10;
  for (let i = 1; i <= runs; i++) {
    const r = await runAgain(page);
    if (r.state !== 'done') throw new Error(`soak: run ${i} ended ${r.state}`);
    if (i === 10) after10 = await look();
  }
  const last = await look();
  await page.close();
  return { runs, after10, last };
}
