// Threads' speedup of one embed inside reveal.js decks against the same embed at top level
// (issue 30, part 2): the unseen deck (e2e/pages/unseen-deck: reveal.js's defaults, one frame,
// slide:start at the transition's start) and the example deck (examples/deck, its first slide
// reached by a transition back from the second). A fresh Chromium per round, 1280 x 720.
// Usage: node bench/deck.mjs [--repeat N] (default 5); writes bench/results/deck.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { END_STATES, launch } from '../e2e/browser.mjs';
import { DECK_MOUNTS, serve } from '../e2e/server.mjs';
import { spread } from './measure.mjs';

const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 5;
// Each deck's embed, as its iframe has it.
const EMBED = {
  unseen: '?recipe=4%20x%20cpu%2045ms&modes=sequential,threads&threads=2&embed=1',
  example: '?lesson=cpu-bound&modes=sequential,cooperative,gil,processes,threads&embed=1',
};
const speedup = (r) => r.modes.find((m) => m.mode === 'threads')?.speedup ?? NaN;

/** The result of the frame `selector` once its run has ended. */
async function frameResult(page, selector) {
  const handle = await page.waitForFunction(([sel, ends]) => {
    const w = document.querySelector(sel)?.contentWindow;
    return ends.includes(w?.document.documentElement.dataset.runState) && w.interleaveResult;
  }, [selector, END_STATES], { timeout: 90_000 });
  return handle.jsonValue();
}

const server = await serve('dist', { isolated: true, mounts: DECK_MOUNTS });
const samples = { unseen: [], unseen_alone: [], example: [], example_alone: [] };
for (let i = 0; i < REPEAT; i++) {
  const browser = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await browser.newPage();
    for (const k of ['unseen', 'example']) {
      await page.goto(`${server.url}${EMBED[k]}&autoplay=load`);
      await page.waitForFunction((ends) => ends.includes(document.documentElement.dataset.runState) && window.interleaveResult, END_STATES, { timeout: 90_000 });
      samples[`${k}_alone`].push(speedup(await page.evaluate(() => window.interleaveResult)));
    }
    await page.goto(`${server.url}unseen/`);
    await page.waitForFunction(() => window.Reveal?.isReady());
    // The frame preloads and gets ready before its slide is shown.
    await page.waitForFunction(() => document.querySelector('#embed')?.contentDocument?.documentElement.dataset.ready !== undefined, null, { timeout: 30_000 });
    await page.evaluate(() => Reveal.next());
    samples.unseen.push(speedup(await frameResult(page, '#embed')));
    await page.goto(`${server.url}deck/#/python-models`);
    await page.waitForFunction(() => window.Reveal?.isReady());
    await page.waitForFunction(() => document.querySelector('#cpu-bound iframe')?.contentDocument?.documentElement.dataset.ready !== undefined, null, { timeout: 30_000 });
    await page.evaluate(() => Reveal.prev());
    samples.example.push(speedup(await frameResult(page, '#cpu-bound iframe')));
  } finally {
    await browser.close();
  }
}
await server.close();
const f = (s) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
console.log(`\n## Threads' speedup of an embed in a deck and alone (${REPEAT} rounds, a fresh browser each)\n`);
console.log('| deck | alone (autoplay=load) | in the deck, after a transition | deck ÷ alone | target |');
console.log('|---|---|---|---|---|');
for (const k of ['unseen', 'example']) {
  const [alone, deck] = [spread(samples[`${k}_alone`]), spread(samples[k])];
  const ratio = deck.median / alone.median;
  console.log(`| ${k} | ${f(alone)} | ${f(deck)} | ${ratio.toFixed(2)} | within 10 %: ${Math.abs(1 - ratio) <= 0.1 ? 'meets' : 'MISSES'} |`);
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/deck.json', JSON.stringify(samples, null, 1));
