// Runs before the app. Registers the service worker (www/sw.js) for offline use, and where the
// host sent no isolation headers, reloads once so the page is served through the worker, which
// adds them. What it found goes to window.interleaveIsolation.state, which the app explains
// (src/model/isolation.rs). A classic script, so it runs before the app's module.
(function () {
  'use strict';
  var report = (window.interleaveIsolation = { state: 'isolated' });
  // The mark of our own reload lives in this document's history entry: it survives the reload,
  // belongs to this frame alone (sibling frames in a deck have their own), and needs no storage.
  var MARK = 'interleaveIsolationReload';
  function reloadedBefore() {
    return !!(history.state && history.state[MARK]);
  }
  function markAndReload() {
    var state = {};
    state[MARK] = true;
    try {
      history.replaceState(state, '');
    } catch (refused) {}
    // Reload only if the mark stuck: otherwise a page the worker cannot isolate would reload
    // for ever.
    if (reloadedBefore()) window.location.reload();
    else report.state = 'no-reload';
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
    registered.catch(function () {}); // Offline use is a bonus; the page works without it.
    return;
  }
  if (reloadedBefore()) {
    // Reloaded for the worker and still not isolated. In a frame, the embedding page is not
    // isolated; a load the worker did not serve (a hard reload skips it) had no headers to
    // act on; otherwise the browser ignored the headers the worker added.
    if (window.top !== window) report.state = 'embedded';
    else report.state = navigator.serviceWorker.controller ? 'refused' : 'bypassed';
    return;
  }
  report.state = 'reloading';
  registered.then(
    function () {
      return navigator.serviceWorker.ready.then(markAndReload);
    },
    function (error) {
      // The browser would not take the worker at all (blocked site data, some private modes,
      // a policy): nothing will add the headers, and the page must say that, not that it
      // tried.
      report.state = 'worker-refused';
      report.error = String(error);
    },
  );
})();
