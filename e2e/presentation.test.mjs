// Presentation: the page and the embed fit every width without sideways scrolling, and axe
// (WCAG 2.1 A and AA) finds nothing in either theme, after a run, in the kitchen, the race
// matrix and the deadlock's cycle too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

const env = useBrowser({ isolated: true });
const WIDTHS = [360, 768, 1280, 1920, 2560];
const PAGES = { page: 'lesson=io-bound', embed: 'lesson=io-bound&embed=1' };

for (const [name, query] of Object.entries(PAGES)) {
  test(`the ${name} never scrolls sideways, from 360 to 2560 px wide`, async () => {
    for (const width of WIDTHS) {
      const page = await env.newPage();
      await page.setViewportSize({ width, height: name === 'embed' ? Math.round((width * 9) / 16) : 900 });
      await runToCompletion(page, `${env.url()}?${query}&autorun=1`);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(scroll <= client, `${name} at ${width} px: ${scroll} px of content in ${client} px`);
      await page.close();
    }
  });
}

test('the Python lesson\'s legend fits a 360 px phone', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`${env.url()}?lesson=python-models`);
  await page.waitForSelector('#python-legend');
  const { scroll, client, legend } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    legend: document.querySelector('#python-legend').getBoundingClientRect().right,
  }));
  assert.ok(scroll <= client && legend <= client, `${scroll} px of content, the legend to ${legend}, in ${client} px`);
  await page.close();
});

for (const [name, lesson, modes, width, height] of [
  ['page', 'cpu-bound', 3, 1440, 900],
  ['embed', 'cpu-bound&embed=1', 3, 960, 540],
  ['page', 'python-models', 5, 1440, 900],
  ['embed', 'python-models&embed=1', 5, 960, 540],
]) {
  test(`a ${modes}-mode lesson's kitchens fit one ${width} × ${height} slide (${name})`, async () => {
    const page = await env.newPage();
    await page.setViewportSize({ width, height });
    const r = await runToCompletion(page, `${env.url()}?lesson=${lesson}&autorun=1`);
    assert.equal(r.modes.length, modes);
    await page.keyboard.press('K');
    await page.waitForSelector('.stage[data-view="kitchen"]');
    const box = await page.evaluate(() => {
      const k = document.querySelector('#kitchen').getBoundingClientRect();
      const stage = document.querySelector('.stage');
      return { w: k.width, h: k.height, client: document.documentElement.clientWidth,
        stage: { scroll: stage.scrollHeight, client: stage.clientHeight } };
    });
    assert.ok(box.h <= height, `the kitchens are ${Math.round(box.h)} px tall in ${height}`);
    assert.ok(box.w <= box.client, `the kitchens are ${Math.round(box.w)} px wide in ${box.client}`);
    if (name === 'embed') assert.ok(box.stage.scroll <= box.stage.client + 1, `the embed's stage scrolls: ${JSON.stringify(box.stage)}`);
    await page.close();
  });
}

for (const theme of ['light', 'dark']) {
  const drawn = { races: 'lesson=race-conditions&threads=2', deadlock: 'lesson=deadlock&threads=2' };
  for (const [name, query] of Object.entries({ ...PAGES, kitchen: 'lesson=io-bound', ...drawn })) {
    test(`axe finds no WCAG 2.1 A/AA violation: ${name}, ${theme} theme, after a run`, async () => {
      const page = await env.newPage();
      await page.emulateMedia({ colorScheme: theme });
      await runToCompletion(page, `${env.url()}?${query}&theme=${theme}&autorun=1`);
      if (name === 'kitchen') {
        await page.keyboard.press('K');
        await page.waitForSelector('.stage[data-view="kitchen"]');
      }
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const found = violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(found, []);
      await page.close();
    });
  }
}

/** WCAG contrast of two CSS colours given as #rrggbb. */
function contrast(a, b) {
  const lum = (hex) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const theme of ['light', 'dark']) {
  test(`the timeline's text is drawn in the ${theme} theme's text colour, at 4.5:1 or more`, async () => {
    const page = await env.newPage();
    await page.emulateMedia({ colorScheme: theme });
    await runToCompletion(page, `${env.url()}?lesson=io-bound&theme=${theme}&autorun=1`);
    const { ink, bg, found } = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      // #666 is #666666.
      const full = (v) => (v.length === 4 ? `#${[...v.slice(1)].map((d) => d + d).join('')}` : v);
      const ink = full(style.getPropertyValue('--muted').trim());
      const bg = full(style.getPropertyValue('--bg').trim());
      const c = document.querySelector('#timeline');
      // The lane labels, left of the plot: their solid pixels are the ink itself.
      const data = c.getContext('2d').getImageData(0, 0, Math.min(90, c.width), c.height).data;
      const hex = (i) => `#${[0, 1, 2].map((k) => data[i + k].toString(16).padStart(2, '0')).join('')}`;
      let found = false;
      for (let i = 0; i < data.length && !found; i += 4) found = data[i + 3] === 255 && hex(i) === ink;
      return { ink, bg, found };
    });
    assert.ok(found, `labels are drawn in ${ink}`);
    assert.ok(contrast(ink, bg) >= 4.5, `${ink} on ${bg}: ${contrast(ink, bg).toFixed(2)}:1`);
    await page.close();
  });
}

for (const query of ['lesson=python-models', `recipe=${encodeURIComponent('4 x cpu 10ms -> io 40ms -> cpu 5ms')}&modes=cooperative,gil,processes,threads`]) test(`the kitchen picture (${query.slice(0, 20)}…): a chef per lane, the knife in one hand at most, a kitchen per process, the oven as the trace says`, async () => {
  const page = await env.newPage();
  const r = await runToCompletion(page, `${env.url()}?${query}&threads=2&autorun=1`);
  await page.keyboard.press('K');
  await page.waitForSelector('.stage[data-view="kitchen"]');
  for (const m of r.modes) {
    const block = page.locator(`.kitchen-mode[data-mode="${m.mode}"]`);
    assert.equal(await block.locator('svg.kitchen-picture g.chef').count(), m.lanes.length, `${m.mode}: a chef per lane`);
  }
  const procs = r.modes.find((m) => m.mode === 'processes');
  assert.equal(await page.locator('.kitchen-mode[data-mode="processes"] g.room[data-hatch="true"]').count(), procs.lanes.length);
  // Every replay instant: what the picture shows against what the trace says at that time.
  const waitsAt = (m, t) => [...new Set(m.spans.filter((s) => s.kind === 'io' && s.start <= t && t < s.end).map((s) => s.task))].sort((a, b) => a - b);
  let [seenKnife, seenOven] = [false, false];
  for (let step = 0; step < 200; step++) {
    const t = Number(await page.getAttribute('#replay', 'data-t'));
    const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.kitchen-mode')].map((b) => [b.dataset.mode, {
      knives: b.querySelectorAll('g.chef[data-knife="true"]').length,
      cooking: b.querySelectorAll('g.chef[data-pose="cooking"]').length,
      oven: [...b.querySelectorAll('g.oven g.dish')].map((d) => Number(d.dataset.task)).sort((x, y) => x - y),
    }])));
    const gil = shown.gil;
    assert.ok(gil.knives <= 1, `t=${t}: ${gil.knives} knives`);
    assert.equal(gil.knives, gil.cooking, `t=${t}: whoever cooks under the GIL holds the knife`);
    seenKnife ||= gil.knives === 1;
    for (const m of r.modes) {
      const waits = waitsAt(m, t);
      if (waits.length <= 8) assert.deepEqual(shown[m.mode].oven, waits, `${m.mode} at t=${t}: the oven holds the waiting dishes`);
      seenOven ||= waits.length > 0;
    }
    if ((await page.getAttribute('#replay', 'data-at-end')) === 'true') break;
    await page.click('#replay-forward');
  }
  assert.ok(seenKnife, 'the knife was in a hand at some moment');
  if (query.includes('io')) assert.ok(seenOven, 'dishes were in the oven at some moment');
  const label = await page.getAttribute('.kitchen-mode[data-mode="gil"] svg.kitchen-picture', 'aria-label');
  assert.ok(label?.trim().length > 0, 'the picture has a text alternative');
  await page.close();
});

test('where a finger is the pointer, every control is at least 44 px tall', async () => {
  const page = await env.newPage();
  // Touch emulation makes (pointer: coarse) match, as on a phone.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`${env.url()}?lesson=io-bound`);
  await page.waitForSelector('html[data-ready]');
  const small = await page.evaluate(() => {
    if (!matchMedia('(pointer: coarse)').matches) return ['(pointer: coarse) does not match'];
    return [...document.querySelectorAll('button, select, input, textarea')]
      .filter((e) => e.offsetParent)
      .map((e) => [e.id || e.tagName.toLowerCase(), Math.round(e.getBoundingClientRect().height)])
      .filter(([, h]) => h < 44)
      .map(([id, h]) => `${id}: ${h} px`);
  });
  assert.deepEqual(small, []);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await page.close();
});
