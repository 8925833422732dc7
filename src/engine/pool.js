export function watch_worker(channel) {
  const report = (what) => new BroadcastChannel(channel).postMessage(String(what));
  self.addEventListener('unhandledrejection', (e) => report((e.reason && e.reason.message) || e.reason));
  self.addEventListener('error', (e) => report(e.message));
}

export function listen(channel, onCrash) {
  const ch = new BroadcastChannel(channel);
  ch.onmessage = (e) => onCrash(String(e.data));
  return ch;
}
