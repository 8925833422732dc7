// Runs before the app. Registers the service worker (www/sw.js) for offline use, and where the
// host sent no isolation headers, reloads once so the page is served through the worker, which
// adds them. What it found goes to window.interleaveIsolation.state, which the app explains
// (src/model/isolation.rs). A classic script, so it runs before the app's module.
(function () {
  'use strict';
  var report = (window.interleaveIsolation = { state: 'isolated' });
  var KEY = 'interleave-isolation-reload';
  function reloadedBefore() {
    try {
      return sessionStorage.getItem(KEY) === '1';
    } catch (blocked) {
      return true; // No storage (blocked third-party frame): never risk a reload loop.
    }
  }
  function remember(reloaded) {
    try {
      if (reloaded) sessionStorage.setItem(KEY, '1');
      else sessionStorage.removeItem(KEY);
    } catch (blocked) {}
  }

  if (!window.isSecureContext) {
    if (!window.crossOriginIsolated) report.state = 'insecure';
    return;
  }
  if (!('serviceWorker' in navigator)) {
    if (!window.crossOriginIsolated) report.state = 'no-service-worker';
    return;
  }
  var registered = navigator.serviceWorker.register('./sw.js');
  if (window.crossOriginIsolated) {
    remember(false);
    registered.catch(function () {}); // Offline use is a bonus; the page works without it.
    return;
  }
  if (reloadedBefore()) {
    // Served through the worker and still not isolated: a frame in a page that is not.
    report.state = window.top !== window ? 'embedded' : 'refused';
    return;
  }
  report.state = 'reloading';
  registered
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function () {
      remember(true);
      window.location.reload();
    })
    .catch(function (error) {
      report.state = 'refused';
      report.error = String(error);
    });
})();
