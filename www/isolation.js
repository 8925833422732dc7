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
    else report.state = 'refused';
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
    // Served through the worker and still not isolated: a frame in a page that is not.
    report.state = window.top !== window ? 'embedded' : 'refused';
    return;
  }
  report.state = 'reloading';
  registered
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(markAndReload)
    .catch(function (error) {
      report.state = 'refused';
      report.error = String(error);
    });
})();
