// Embed mode (?embed=1), for slides: minimal chrome that fits 16:9 from 640×360, autoplay,
// looping, panels, keys once the frame has focus, slide messages in their documented shapes
// only, the Embed button's snippet, and a clear message for a bad embed parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToCompletion } from './browser.mjs';
import { useBrowser } from './fixture.mjs';

// e2e/pages/host.html, at /host/, embeds the app with its own query: a page around the frame.
const env = useBrowser({ isolated: true, mounts: { '/host/': 'e2e/pages' } });
const SMALL = 'workload=cpu&tasks=4&cpu=10';

async function pageAt(width, height) {
  const page = await env.newPage();
  await page.setViewportSize({ width, height });
  return page;
}

for (const [w, h] of [[640, 360], [1920, 1080]]) {
  test(`at ${w}×${h} the embed shows the timeline, one Run button and the results line, and fits`, async () => {
    const page = await pageAt(w, h);
    const r = await runToCompletion(page, `${env.url()}?lesson=cpu-bound&modes=cooperative,threads&embed=1&autoplay=load`);
    assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
    assert.equal(await page.locator('button').count(), 1, 'one button: Run');
    assert.equal(await page.textContent('#run'), 'Run');
    for (const absent of ['#lesson', '#recipe', '#lesson-panel', '#env-badge', '#theme', '#embed', '#toggle-view', 'table#results']) {
      assert.equal(await page.$(absent), null, `${absent} is not shown`);
    }
    assert.ok(await page.isVisible('#timeline canvas, .timeline canvas'));
    const line = await page.textContent('#results-line');
    assert.match(line, /cooperative \d+ ms/);
    assert.match(line, /threads \d+ ms/);
    const box = await page.evaluate(() => ({
      scrollW: document.documentElement.scrollWidth,
      scrollH: document.documentElement.scrollHeight,
      font: parseFloat(getComputedStyle(document.querySelector('.app.embed')).fontSize),
    }));
    assert.ok(box.scrollW <= w && box.scrollH <= h, `fits: ${JSON.stringify(box)}`);
    assert.ok(box.font >= 15 && box.font >= h / 45, `large type: ${box.font}px`);
    assert.deepEqual(env.pageErrors, []);
    await page.close();
  });
}

test('panels, theme and scenario come from the URL; space runs and Escape stops once focused', async () => {
  const page = await pageAt(960, 540);
  await page.goto(`${env.url()}?lesson=python-models&embed=1&panels=verdict,table&theme=dark`);
  await page.waitForSelector('html[data-ready]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await page.getAttribute('html', 'data-run-state'), null, 'autoplay is off by default');
  await page.mouse.click(300, 300); // the presenter clicks into the frame once
  await page.keyboard.press(' ');
  await page.waitForSelector('html[data-run-state="running"]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('html[data-run-state="stopped"]');
  await page.keyboard.press(' ');
  await page.waitForSelector('html[data-run-state="running"]');
  await page.waitForSelector('html[data-run-state="done"]', { timeout: 60_000 });
  assert.ok(await page.isVisible('#verdict'));
  assert.ok(await page.isVisible('table#results'));
  assert.equal(await page.$('#results-line'), null, 'results line not asked for');
  assert.equal(await page.$('#toggle-view'), null);
  await page.goto(`${env.url()}?lesson=python-models&embed=1&panels=replay`);
  await page.waitForSelector('#toggle-view');
  assert.deepEqual(env.pageErrors, []);
  await page.close();
});

test('loop=1 runs again after a pause', async () => {
  const page = await pageAt(640, 360);
  // Every run-state change, as it happens: a short run is "running" for only a few frames.
  await page.addInitScript(() => {
    window.__states = [];
    new MutationObserver(() => window.__states.push(document.documentElement.dataset.runState))
      .observe(document, { subtree: true, attributeFilter: ['data-run-state'] });
  });
  await page.goto(`${env.url()}?${SMALL}&modes=cooperative&embed=1&autoplay=load&loop=1`);
  await page.waitForFunction(() => window.__states.filter((s) => s === 'done').length >= 2, null, { timeout: 30_000 });
  const states = await page.evaluate(() => window.__states);
  assert.deepEqual(states.slice(0, 4), ['running', 'done', 'running', 'done']);
  await page.close();
});

test('a bad embed parameter gets a clear message and the embed still works', async () => {
  const page = await pageAt(640, 360);
  const r = await runToCompletion(page, `${env.url()}?${SMALL}&modes=cooperative&embed=1&autoplay=soon&panels=results,chart&autorun=1`);
  assert.equal(r.state, 'done');
  const text = await page.textContent('#config-errors');
  assert.match(text, /autoplay="soon": expected off, load or visible/);
  assert.match(text, /panels="results,chart": expected a comma-separated list of results, verdict, table, replay/);
  const bare = await pageAt(640, 360);
  await bare.goto(`${env.url()}?loop=1`);
  assert.match(await bare.textContent('#config-errors'), /loop="1": expected embed=1 alongside/);
  await page.close();
  await bare.close();
});

// A page that embeds the playground, to post messages from the right window and the wrong one.
async function hostPage(query) {
  const page = await pageAt(1000, 700);
  await page.goto(`${env.url()}host/host.html?${query}`);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await frame.waitForSelector('html[data-ready]');
  return { page, frame, post: (data) => page.evaluate((d) => document.getElementById('f').contentWindow.postMessage(d, '*'), data) };
}

test('only slide:start and slide:stop from the embedding page are obeyed; nothing else, and nothing is injected', async () => {
  const { page, frame, post } = await hostPage(`${SMALL}&modes=cooperative,threads&embed=1&autoplay=visible&loop=1`);
  // autoplay=visible: in view at once, so it plays; wait for that first run, then stop it.
  await frame.waitForSelector('html[data-run-state="done"]', { timeout: 30_000 });
  await post('slide:stop');
  await frame.waitForSelector('html[data-parked]', { timeout: 10_000 });
  // Snapshot once the parked page has finished loading, so only the messages could change it.
  await frame.waitForSelector('html[data-ready]');
  const before = await frame.content();
  for (const junk of ['slide:start ', 'SLIDE:START', '{"method":"play"}', { type: 'slide:start' }, '<img src=x onerror="document.title=1">', 42]) {
    await post(junk);
  }
  // From the frame's own window rather than its parent: ignored too.
  await frame.evaluate(() => window.postMessage('slide:start', '*'));
  await page.waitForTimeout(500);
  assert.equal(await frame.getAttribute('html', 'data-run-state'), null, 'nothing started');
  assert.equal(await frame.content(), before, 'nothing injected');
  await post('slide:start');
  await frame.waitForSelector('html[data-run-state="done"]', { timeout: 30_000 });
  const r = await frame.evaluate(() => window.interleaveResult);
  assert.deepEqual(r.modes.map((m) => m.mode), ['cooperative', 'threads']);
  await page.close();
});

test('slide:stop mid-run stops the work and ends the workers', async () => {
  const { page, frame, post } = await hostPage(`workload=cpu&tasks=16&cpu=200&modes=threads&embed=1&autoplay=load`);
  await frame.waitForSelector('html[data-run-state="running"]');
  const during = page.workers().length;
  assert.ok(during >= 2, `workers while running: ${during}`);
  await post('slide:stop');
  await frame.waitForSelector('html[data-parked]', { timeout: 10_000 });
  for (let i = 0; i < 50 && page.workers().length > 0; i++) await page.waitForTimeout(100);
  assert.equal(page.workers().length, 0, 'every worker ended');
  await page.close();
});

test('a page that nothing embeds obeys no slide message, even one posted to itself', async () => {
  const page = await pageAt(1000, 700);
  await page.goto(`${env.url()}?workload=cpu&tasks=8&cpu=200&modes=threads&embed=1&autoplay=load`);
  await page.waitForSelector('html[data-run-state="running"]');
  // window.parent is the window itself at the top level: any script could post this.
  await page.evaluate(() => window.postMessage('slide:stop', '*'));
  await page.waitForSelector('html[data-run-state="done"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('html', 'data-parked'), null, 'not parked');
  const r = await page.evaluate(() => window.interleaveResult);
  assert.equal(r.modes[0].outcome, 'completed');
  await page.close();
});

test('the Embed button gives an iframe snippet for this scenario that works as an embed', async () => {
  const page = await pageAt(1280, 900);
  await page.goto(`${env.url()}?lesson=io-bound&threads=3`);
  await page.click('#embed');
  const snippet = await page.inputValue('#embed-code');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?lesson=io-bound&amp;[^"]*threads=3[^"]*&amp;embed=1/);
  assert.match(snippet, /autoplay=visible/);
  assert.match(snippet, /allow="cross-origin-isolated; fullscreen"/);
  assert.match(await page.textContent('#embed-note'), /Threads run inside the frame only when the page around it is cross-origin isolated/);
  const src = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  const embedded = await pageAt(640, 360);
  const r = await runToCompletion(embedded, src);
  assert.equal(r.state, 'done');
  assert.equal(r.config.threads, 3);
  assert.deepEqual(env.pageErrors, []);
  await page.close();
  await embedded.close();
});
