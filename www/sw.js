// Interleave's service worker. Two jobs:
// 1. Cross-origin isolation on hosts that cannot send headers (GitHub Pages): every response
//    it hands the page carries COOP/COEP, so after one reload the page has SharedArrayBuffer.
// 2. Offline use: every same-origin GET is kept, and answered from the cache when the network
//    cannot answer. Network first, so a new deploy shows at once.
// It never touches another origin's requests (the app makes none).
'use strict';

const CACHE = 'interleave-shell-v1';
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Lets an isolated page on another origin (a slide deck) embed this one.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
// Trunk names build outputs with a content hash; old ones are dropped when a new page names others.
const HASHED = /\/[^/]+-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // A devtools quirk: this combination throws in fetch().
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(answer(event, request, url));
});

async function answer(event, request, url) {
  // Pages are kept once per path: the query only chooses a scenario inside the same app.
  const key = request.mode === 'navigate' ? url.origin + url.pathname : request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      event.waitUntil(keep(key, response.clone(), request.mode === 'navigate'));
    }
    return isolate(response);
  } catch (offline) {
    const cache = await caches.open(CACHE);
    const kept = await cache.match(key);
    if (kept) return isolate(kept);
    throw offline;
  }
}

async function keep(key, response, isPage) {
  const cache = await caches.open(CACHE);
  if (!isPage) return cache.put(key, response);
  const html = await response.clone().text();
  await cache.put(key, response);
  // Only the app's page names its build; other pages in scope (the example deck) do not.
  if (!/_bg\.wasm/.test(html)) return;
  // Drop hashed files that the app's page no longer names (a previous deploy's).
  for (const old of await cache.keys()) {
    const path = new URL(old.url).pathname;
    if (HASHED.test(path) && !html.includes(path.slice(path.lastIndexOf('/') + 1))) {
      await cache.delete(old);
    }
  }
}

function isolate(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
