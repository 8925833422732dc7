// The bench's shared-state figures: what one increment costs unguarded, as an atomic and
// under a lock, alone and contended by a second thread; and how many updates two threads
// lose by the size of the window between read and write.
import { runToCompletion } from '../e2e/browser.mjs';
import { spread } from './measure.mjs';

const R = (t) => encodeURIComponent(t);
const GUARDS = { unguarded: '', atomic: ' atomic', lock: ' under L' };
const WINDOWS = { none: '', '1 µs': ' with cpu 0.001ms', '10 µs': ' with cpu 0.01ms', '100 µs': ' with cpu 0.1ms' };

/** Ns per increment of each task of a threads run: its count step's first start to last end. */
function nsPerIncrement(result, times) {
  const spans = result.modes[0].spans.filter((s) => s.step === 0);
  const tasks = new Map();
  for (const s of spans) {
    const [a, b] = tasks.get(s.task) ?? [Infinity, -Infinity];
    tasks.set(s.task, [Math.min(a, s.start), Math.max(b, s.end)]);
  }
  return [...tasks.values()].map(([a, b]) => ((b - a) * 1e6) / times);
}

async function run(browser, url, query) {
  const page = await browser.newPage();
  const r = await runToCompletion(page, `${url}?${query}&autorun=1&live=0`, { timeout: 60_000 });
  await page.close();
  return r;
}

export async function sharedState(browser, url, repeat) {
  const times = 10_000;
  const cost = {};
  for (const [name, guard] of Object.entries(GUARDS)) {
    for (const [k, tasks] of [['alone', 1], ['contended', 2]]) {
      const xs = [];
      for (let i = 0; i < repeat; i++) {
        const r = await run(browser, url, `recipe=${R(`${tasks} x count x ${times}${guard}`)}&modes=threads&threads=${tasks}`);
        xs.push(...nsPerIncrement(r, times));
      }
      cost[`${name} ${k}`] = spread(xs);
    }
  }
  const lost = {};
  for (const [name, window] of Object.entries(WINDOWS)) {
    const per = { threads: [], gil: [] };
    for (let i = 0; i < repeat; i++) {
      const r = await run(browser, url, `recipe=${R(`2 x count x ${times}${window}`)}&modes=gil,threads&threads=2`);
      for (const m of r.modes) per[m.mode].push((m.shared.vars[0].lost / m.shared.vars[0].expected) * 100);
    }
    lost[name] = { on: spread(per.threads), off: spread(per.gil) };
  }
  return { cost, lost };
}

/** The table's rows for these figures. */
export function sharedRows(s) {
  return [
    ['one increment on a pool thread (ns); first column alone, second with another thread at it', ...Object.keys(GUARDS).map((g) => [`  ${g}`, { on: s.cost[`${g} alone`], off: s.cost[`${g} contended`] }, {}, 0, ['alone', 'contended']])],
    ['updates lost by 2 threads × 10,000, by window between read and write (%); first column threads, second threads + GIL', ...Object.keys(WINDOWS).map((w) => [`  ${w}`, s.lost[w], {}, 1, ['threads', 'GIL']])],
  ];
}
