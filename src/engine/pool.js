// Crash reports from the pool's threads, for src/engine/pool.rs.

export function watch_worker(channel) {
  // A rayon thread runs inside a promise callback, so a trap there is an unhandled rejection,
  // which never reaches the page as a Worker 'error' event: report it by channel instead.
  const report = (what) => new BroadcastChannel(channel).postMessage(String(what));
  self.addEventListener('unhandledrejection', (e) => report((e.reason && e.reason.message) || e.reason));
  self.addEventListener('error', (e) => report(e.message));
}

export function listen(channel, onCrash) {
  const ch = new BroadcastChannel(channel);
  ch.onmessage = (e) => onCrash(String(e.data));
  return ch;
}
