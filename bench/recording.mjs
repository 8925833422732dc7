// What recording spans costs, measured in one warm page: separate page loads differ by more
// than that (a few %), so recording is switched between runs of the same page, through
// `window.interleaveNoRecord` (src/engine/run.rs), and each run is paired with its neighbour.
import { runAgain, runToCompletion } from '../e2e/browser.mjs';
import { spread } from './measure.mjs';

/** Runs the loaded page's scenario again, recording or not; returns the published result. */
async function runRecording(page, record) {
  await page.evaluate((on) => {
    window.interleaveNoRecord = !on;
  }, record);
  const r = await runAgain(page, { timeout: 120_000 });
  if (r.state !== 'done') throw new Error(`recording cost: a run ended ${r.state}`);
  return r;
}

/**
 * For each mode of `modes`: wall with recording ÷ wall without, minus 1, over `pairs` pairs of
 * runs in one page loaded from `url` (after one run that warms it up). The order alternates
 * (on, off, off, on, …) so that a drift in the machine's speed favours neither side.
 */
export async function recordingCost(browser, url, modes, pairs) {
  const page = await browser.newPage();
  try {
    const first = await runToCompletion(page, `${url}&autorun=1`, { timeout: 120_000 });
    if (first.state !== 'done') throw new Error(`recording cost: the first run ended ${first.state}`);
    const cost = Object.fromEntries(modes.map((m) => [m, []]));
    for (let i = 0; i < pairs; i++) {
      const runs = {};
      for (const record of i % 2 ? [false, true] : [true, false]) {
        runs[record ? 'on' : 'off'] = await runRecording(page, record);
      }
      for (const m of modes) {
        const on = runs.on.modes.find((x) => x.mode === m);
        const off = runs.off.modes.find((x) => x.mode === m);
        // Proof that the switch took: only the recording run kept spans.
        if (!on.spans.length || off.spans.length) throw new Error(`recording cost: ${m} did not switch recording`);
        cost[m].push(on.wall_ms / off.wall_ms - 1);
      }
    }
    return Object.fromEntries(modes.map((m) => [m, spread(cost[m])]));
  } finally {
    await page.close();
  }
}
