// The timeline as a thing to present and export: downloads, keyboard, theme, environment badge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

const env = useBrowser({ isolated: true });

async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), body: await readFile(await download.path()) };
}

test('trace.json parses as Chrome trace events and holds every recorded span', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=mixed-requests&threads=2&autorun=1`);
  const { name, body } = await downloaded(page, '#download-trace');
  assert.equal(name, 'trace.json');
  const trace = JSON.parse(body.toString());
  const slices = trace.traceEvents.filter((e) => e.ph === 'X');
  const recorded = r.modes.reduce((n, m) => n + m.spans.length, 0);
  assert.equal(slices.length, recorded, 'one slice per recorded span');
  assert.equal(trace.otherData.spans, recorded);
  const pids = new Set(slices.map((e) => e.pid));
  assert.equal(pids.size, r.modes.length, 'one pid per mode');
  const names = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args.name);
  assert.ok(names.includes('main loop') && names.some((n) => n.startsWith('worker ')), names.join(', '));
  await page.close();
});

test('the PNG downloads at slide resolution, 1920×1080', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?lesson=cpu-bound&threads=2&autorun=1`);
  const { name, body } = await downloaded(page, '#download-png');
  assert.equal(name, 'interleave.png');
  assert.equal(body.subarray(1, 4).toString(), 'PNG');
  assert.equal(body.readUInt32BE(16), 1920, 'width');
  assert.equal(body.readUInt32BE(20), 1080, 'height');
  await page.close();
});

test('with the kitchen view shown, the PNG export adds the kitchen as a second 1920×1080 picture', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?lesson=python-models&threads=2&autorun=1`);
  await page.keyboard.press('K');
  await page.waitForSelector('.stage[data-view="kitchen"]');
  const files = [];
  page.on('download', (d) => files.push(d));
  await page.click('#download-png');
  for (let i = 0; i < 100 && files.length < 2; i++) await page.waitForTimeout(100);
  const names = files.map((d) => d.suggestedFilename()).sort();
  assert.deepEqual(names, ['interleave-kitchen.png', 'interleave.png']);
  const kitchen = await readFile(await files.find((d) => d.suggestedFilename() === 'interleave-kitchen.png').path());
  assert.equal(kitchen.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([kitchen.readUInt32BE(16), kitchen.readUInt32BE(20)], [1920, 1080]);
  await page.close();
});

test('keyboard: ? lists the keys, T switches the theme, space runs', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url()}?lesson=io-bound&modes=cooperative`);
  await page.waitForSelector('#run:not([disabled])');
  await page.keyboard.press('?');
  assert.match(await page.textContent('#key-help'), /Space/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#key-help').count(), 0);
  await page.keyboard.press('t');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.keyboard.press('t');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.match(page.url(), /theme=dark/, 'the theme is part of the scenario link');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.documentElement.dataset.runState === 'done');
  await page.close();
});

test('the environment badge shows timer resolution and whether threads really ran in parallel', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?recipe=${encodeURIComponent('4 x cpu 40ms')}&modes=threads&threads=2&autorun=1`);
  assert.match(await page.textContent('#env-timer'), /^\d+ µs$/);
  assert.match(await page.textContent('#env-parallel'), /^2 lanes at once$/);
  assert.equal(await page.locator('#fallback-warning').count(), 0);
  await page.close();
});

test('replay plays to the end with a moving playhead, and steps by event both ways', async () => {
  const page = await env.newPage();
  await runToCompletion(page, `${env.url()}?lesson=mixed-requests&threads=2&autorun=1`);
  const t = async () => Number(await page.getAttribute('#replay', 'data-t'));
  await page.click('#replay-forward');
  const first = await t();
  await page.click('#replay-forward');
  const second = await t();
  await page.click('#replay-forward');
  assert.ok(second > first && (await t()) > second, 'forward steps move on');
  await page.click('#replay-back');
  assert.equal(await t(), second, 'step back returns to the previous event');
  assert.equal(await page.getAttribute('#timeline-overlay', 'data-t'), String(second), 'the playhead is drawn there');

  await page.selectOption('#replay-speed', '2');
  await page.click('#replay-play');
  const from = await t();
  // It moves, however long a loaded machine takes to draw the next frames.
  await page.waitForFunction((t0) => Number(document.querySelector('#replay').dataset.t) > t0, from, { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('#replay').dataset.atEnd === 'true', null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#replay', 'data-playing'), 'false', 'it stops at the end');
  await page.close();
});

test('keys drive the replay, the zoom and the view; the kitchen has one chef per lane', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=python-models&threads=2&autorun=1`);
  const t = async () => Number(await page.getAttribute('#replay', 'data-t'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const stepped = await t();
  assert.ok(stepped > 0);
  await page.keyboard.press('ArrowLeft');
  assert.ok((await t()) < stepped);
  await page.keyboard.press('+');
  assert.equal(await page.getAttribute('#timeline', 'data-zoomed'), 'true');
  await page.keyboard.press('0');
  assert.equal(await page.getAttribute('#timeline', 'data-zoomed'), 'false');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#replay', 'data-playing'), 'true');
  await page.keyboard.press(' ');
  await page.keyboard.press('k');
  assert.equal(await page.getAttribute('.stage', 'data-view'), 'kitchen');
  for (const mode of r.modes) {
    const block = page.locator(`.kitchen-mode[data-mode="${mode.mode}"]`);
    assert.equal(await block.locator('.chef').count(), mode.lanes.length, `${mode.mode}: one chef per lane`);
  }
  assert.equal(await page.locator('.kitchen-mode[data-mode="processes"] .room').count(), 2, 'processes are separate kitchens');
  await page.keyboard.press('K');
  assert.equal(await page.getAttribute('.stage', 'data-view'), 'lanes');
  await page.close();
});

test('hovering a span names it; clicking highlights its task in every mode', async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?lesson=cpu-bound&modes=sequential&autorun=1`);
  const box = await page.locator('#timeline').boundingBox();
  // The middle of task 0's span, wherever a loaded machine put it: the plot runs from the
  // 96-px labels to 8 px short of the right edge, and the first lane starts under the 22-px
  // header.
  const seq = r.modes[0];
  const first = seq.spans.find((s) => s.task === 0);
  const x = box.x + 96 + ((first.start + first.end) / 2 / seq.wall_ms) * (box.width - 96 - 8);
  await page.mouse.move(x, box.y + 33);
  assert.match(await page.textContent('#span-tooltip'), /sequential · task 0 · step 0 · cpu · start [\d.]+ ms · [\d.]+ ms long · worker \d+/);
  await page.mouse.click(x, box.y + 33);
  assert.equal(await page.getAttribute('#timeline-overlay', 'data-highlight'), '0');
  await page.close();
});
