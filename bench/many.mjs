// Thousands of tasks (issue 31): 10,000 waits of 100 ms on one event loop, drawn live beside
// not drawn (live=0), alternated load by load in one Chromium; then the timeline's repaint at
// that scale (the band past 64 wait rows), and the many-requests lesson's three runs.
// Usage: node bench/many.mjs [--repeat N] (default 5); writes bench/results/many.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { launch, runToCompletion } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';
import { spread } from './measure.mjs';

const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 5;
const WAITS = `?recipe=${encodeURIComponent('10000 x io 100ms')}&modes=cooperative&autorun=1`;

const fmt = (s, d = 0) => (s.median == null ? '–' : `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`);

const server = await serve('dist', { isolated: true });
const browser = await launch({ viewport: { width: 1440, height: 900 } });
const out = { on: [], off: [], paint_ms: [], canvas_px: null, lesson: [] };
try {
  for (let i = 0; i < REPEAT; i++) {
    for (const live of ['on', 'off']) {
      const page = await browser.newPage();
      const r = await runToCompletion(page, `${server.url}${WAITS}${live === 'off' ? '&live=0' : ''}`, { timeout: 120_000 });
      out[live].push(r.modes[0].wall_ms);
      if (live === 'on' && i === 0) {
        // Repaint at scale: zoom in and back out ten times, as the timeline bench does.
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        const before = await page.evaluate(() => (window.interleavePaintMs ?? []).length);
        for (let k = 0; k < 10; k++) {
          await page.keyboard.press('+');
          await page.keyboard.press('0');
        }
        await page.waitForTimeout(300);
        out.paint_ms = (await page.evaluate(() => window.interleavePaintMs ?? [])).slice(before);
        out.canvas_px = await page.evaluate(() => document.querySelector('canvas#timeline')?.getBoundingClientRect().height);
      }
      await page.close();
    }
  }
  const page = await browser.newPage();
  const r = await runToCompletion(page, `${server.url}?lesson=many-requests&autorun=1`, { timeout: 180_000 });
  out.lesson = r.modes.map((m) => ({ mode: m.mode, threads: m.threads, wall_ms: m.wall_ms }));
  out.verdict = await page.textContent('#verdict');
  await page.close();
} finally {
  await browser.close();
  await server.close();
}

const [on, off, paint] = [spread(out.on), spread(out.off), spread(out.paint_ms)];
console.log(`10,000 waits of 100 ms on one event loop (${REPEAT} loads each, alternated; median (min–max)):`);
console.log(`  all done after, live drawing on:  ${fmt(on)} ms  (${(on.median / 100).toFixed(1)} waits)`);
console.log(`  all done after, live drawing off: ${fmt(off)} ms  (${(off.median / 100).toFixed(1)} waits)`);
console.log(`  on ÷ off: ${(on.median / off.median).toFixed(2)}`);
console.log(`  timeline repaint at this scale: ${fmt(paint, 1)} ms over ${paint.n} paints; canvas ${out.canvas_px?.toFixed(0)} px tall`);
console.log('many-requests lesson (one run):');
for (const m of out.lesson) console.log(`  ${m.mode} on ${m.threads}: ${m.wall_ms.toFixed(0)} ms`);
console.log(`  ${out.verdict}`);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/many.json', JSON.stringify({ ...out, spread: { on, off, paint } }, null, 2));
