// Without postTask (WebKit), a yield is a MessageChannel message. Each waiting coroutine posting
// its own would queue them all ahead of any timer or frame that comes due meanwhile (a frame
// every ~60 ms, 8 tasks yielding every 5 ms in WebKit). So the waiting keep their order here
// and one message at a time is in flight: whatever comes due during a slice goes before the
// slice after next (a frame every ~20 ms, measured the same way).
let channel = null;
let posted = false;
const waiting = [];
const postTask = globalThis.scheduler?.postTask?.bind(globalThis.scheduler);

export function yield_mechanism() {
  return postTask ? 'scheduler.postTask (background)' : 'MessageChannel, one message at a time';
}

function post() {
  posted = true;
  channel.port2.postMessage(null);
}

export function yield_promise() {
  if (postTask) return postTask(() => {}, { priority: 'background' });
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      posted = false;
      const resume = waiting.shift();
      if (waiting.length) post();
      resume();
    };
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!posted) post();
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
