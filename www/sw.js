// Interleave's service worker. Two jobs:
// 1. The headers of _headers on hosts that cannot send headers (GitHub Pages): every response
//    it hands the page carries COOP/COEP, so after one reload the page has SharedArrayBuffer,
//    and the Content Security Policy, so the page is held to it there too.
// 2. Offline use: every same-origin GET is kept, and answered from the cache when the network
//    cannot answer. Pages are fetched network first, so a new deploy shows at once; the
//    build's hashed files are answered from the cache first, since their names change with
//    their content.
// It does not take over the page that registered it (no clients.claim): that page already
// has its files, and answering its worker pool's script requests on a first visit delayed the
// first possible Run by ~100 ms (measured; traced, the worker was busy the whole pool start). A page that needs the headers reloads once and is
// then served by it; for the others it keeps the app's files itself once active, so the next
// visit works offline.
// It never touches another origin's requests (the app makes none), nor a page of the same
// origin that is not the app's (`isApp`).
'use strict';

const CACHE = 'interleave-shell-v1';
// A copy of www/_headers, which says why each is there; tests/policy.rs holds them equal.
const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
};
// Trunk names build outputs with a content hash, and puts wasm-bindgen's snippets under a
// hashed folder: those files never change under their name, so the kept copy answers at once.
const IMMUTABLE = /\/[^/]+-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$|\/snippets\//;

self.addEventListener('install', () => self.skipWaiting());
// Later, when the page that registered it has loaded and started its workers: fetched during
// that load, the files took the cores and the network from it (first paint ~150 ms later,
// measured). Not awaited by the event, which would hold back the reload of a host without
// headers, whose second load keeps the files anyway.
const KEEP_AFTER_MS = 5_000;
self.addEventListener('activate', () => {
  setTimeout(() => keepApp().catch(() => {}), KEEP_AFTER_MS);
});

// Only the app's own files are answered here: the scope's page and the files beside it, and
// the snippets its glue imports. Any other page under the scope (a deck at /deck/, with its
// inline script) stays its own: never given the app's headers, never kept.
function isApp(url) {
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return false;
  const rest = url.pathname.slice(scope.pathname.length);
  return !rest.includes('/') || rest.startsWith('snippets/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !isApp(url)) return;
  // A devtools quirk: this combination throws in fetch().
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(answer(event, request, url));
});

async function answer(event, request, url) {
  const page = request.mode === 'navigate';
  // Pages are kept once per path: the query only chooses a scenario inside the same app.
  const key = page ? url.origin + url.pathname : request;
  const cache = await caches.open(CACHE);
  if (!page && IMMUTABLE.test(url.pathname)) {
    const kept = await cache.match(key);
    if (kept) return withHeaders(kept);
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      // A page is kept before it is answered, so that its files are asked for only after an
      // old deploy's copies are gone; other files are kept in the background.
      const keeping = page ? keepPage(cache, key, response.clone()) : cache.put(key, response.clone());
      if (page) await keeping;
      else event.waitUntil(keeping);
    }
    return withHeaders(response);
  } catch (offline) {
    const kept = await cache.match(key);
    if (kept) return withHeaders(kept);
    throw offline;
  }
}

// The app's page and every file its first load asks for: the files the page names, and the
// snippets (the worker pool's script among them) that the app's glue code imports.
const ON_DEMAND = ['kitchen_png.js', 'costs.py'];

async function keepApp() {
  const cache = await caches.open(CACHE);
  const page = new URL(self.registration.scope);
  const response = await fetch(page);
  if (!response.ok) return;
  const html = await response.clone().text();
  await keepPage(cache, page.origin + page.pathname, response);
  // Paths on this origin: relative in a release build (which leaves attributes unquoted),
  // from the root under `trunk serve`.
  const named = [...html.matchAll(/(?:href|src|data-app-js|data-app-wasm)=["']?(\.?\/(?!\/)[^"'\s>]+)/g)];
  // And the files the page fetches only when asked: the kitchen's PNG drawing, the costs
  // program.
  for (const file of ON_DEMAND) named.push([null, `./${file}`]);
  for (const url of named.map((m) => new URL(m[1], page))) {
    const kept = await keep(cache, url);
    if (kept && url.pathname.endsWith('.js')) {
      const code = await kept.text();
      for (const m of code.matchAll(/["'](\.?\/snippets\/[^"']+)["']/g)) await keep(cache, new URL(m[1], url));
    }
  }
}

async function keep(cache, url) {
  if (url.origin !== self.location.origin || (await cache.match(url))) return null;
  const response = await fetch(url);
  if (!response.ok) return null;
  await cache.put(url, response.clone());
  return response;
}

async function keepPage(cache, key, response) {
  const html = await response.clone().text();
  const before = await cache.match(key);
  // A new deploy of the app (its page names a different build): drop everything kept from
  // the old one, snippets included, whose names may not change.
  if (/_bg\.wasm/.test(html) && before && (await before.text()) !== html) {
    for (const old of await cache.keys()) await cache.delete(old);
  }
  await cache.put(key, response);
}

function withHeaders(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
