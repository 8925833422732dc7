// Runs before the app. Registers the service worker (www/sw.js) for offline use, and where the
// host sent no isolation headers, reloads once so the page is served through the worker, which
// adds them. What it found goes to window.interleaveIsolation.state, which the app explains
// (src/model/isolation.rs). A classic script, so it runs before the app's module.
(function () {
  'use strict';
  // Every uncaught error, rejection and policy violation of the page, from its first script
  // on, for automation (README, "Automation"): every engine's tests read them here, since not
  // every driver reports a page's errors.
  var errors = (window.interleaveErrors = []);
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
  });
  window.addEventListener('unhandledrejection', function (e) {
    errors.push(String((e.reason && e.reason.message) || e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    errors.push('Content Security Policy violation: ' + e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline'));
  });
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

  // What the worker modes need, tested as they use it rather than read from a global: a
  // shared WebAssembly memory that can be posted to a worker. WebKitGTK, isolated, creates one
  // but will not post it, and exposes no global SharedArrayBuffer, while Safari does both.
  function sharedMemory() {
    var memory;
    try {
      memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    } catch (e) {
      return 'no-memory';
    }
    var channel = new MessageChannel();
    try {
      channel.port1.postMessage(memory);
      return 'yes';
    } catch (e) {
      return 'no-transfer';
    } finally {
      channel.port1.close();
      channel.port2.close();
    }
  }
  report.sharedMemory = sharedMemory();
  // The pool's workers and each process are module workers. A browser that reads `type` knows
  // the option; it reads it before the URL, which does not parse, so no worker ever starts.
  report.moduleWorkers = false;
  try {
    new Worker('http://[', {
      get type() {
        report.moduleWorkers = true;
        return 'module';
      },
    }).terminate();
  } catch (refused) {}
  var shares = report.sharedMemory === 'yes';

  if (!window.isSecureContext) {
    if (!shares) report.state = 'insecure';
    return;
  }
  if (!('serviceWorker' in navigator)) {
    if (!shares) report.state = 'no-service-worker';
    return;
  }
  var registered = navigator.serviceWorker.register('./sw.js');
  // The worker adds headers; where they are in force already, a reload would add nothing.
  if (shares || window.crossOriginIsolated) {
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
