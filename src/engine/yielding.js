let channel = null;
const waiting = [];
const postTask = globalThis.scheduler?.postTask?.bind(globalThis.scheduler);

export function yield_mechanism() {
  return postTask ? 'scheduler.postTask (background)' : 'MessageChannel';
}

export function yield_promise() {
  if (postTask) return postTask(() => {}, { priority: 'background' });
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

export function after_frame(ms) {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, ms);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(resolve);
    });
  });
}

let last = 0, worst = NaN, on = false, armed = false;

function turn() {
  armed = false;
  if (!on) return;
  const t = performance.now();
  worst = Math.max(worst, t - last);
  last = t;
  arm();
}

function arm() {
  armed = true;
  setTimeout(turn);
}

export function watch_loop(watch) {
  last = performance.now();
  worst = watch ? 0 : NaN;
  on = watch;
  if (on && !armed) arm();
}

export function loop_gap() {
  return on ? Math.max(worst, performance.now() - last) : worst;
}

export function stop_watching() {
  worst = loop_gap();
  on = false;
  return worst;
}

export function watching() {
  return on;
}
