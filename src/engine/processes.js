// The processes mode's JavaScript, both sides of it. On the page, the exports below start,
// feed and end processes for src/engine/processes.rs. In a process, this same file is the
// worker's script: a process is a module worker started from this file's own URL, which the
// Content Security Policy's worker-src 'self' allows, and which the build ships already
// (wasm-bindgen copies the file among the app's snippets).

const NAME = 'interleave process';
const now = () => performance.timeOrigin + performance.now();

// In a process. Every worker that loads the app imports this file too (the pool's workers,
// and each process through the app's module); only a process answers messages here.
if (typeof WorkerGlobalScope !== 'undefined' && self.name === NAME) {
  let pkg = null;
  self.onmessage = async ({ data }) => {
    try {
      if (data.type === 'init') {
        pkg = await import(data.mainJS);
        // No memory is passed, so this instance gets a fresh one: nothing is shared.
        pkg.initSync({ module: data.module });
        postMessage({ type: 'ready', at: now() });
      } else if (data.type === 'task') {
        const received = now();
        const reply = pkg.interleave_process_task(data.payload);
        postMessage({ type: 'done', received, sent: now(), reply });
      }
    } catch (e) {
      // An async handler's error is no 'error' event: report it, or the page waits forever.
      postMessage({ type: 'failed', message: String((e && e.message) || e) });
    }
  };
}

// On the page.
const live = new Set();

function settle(worker, resolve, reject) {
  worker.onmessage = ({ data }) => {
    worker.pending = null;
    if (data.type === 'failed') reject(new Error('the process failed: ' + data.message));
    else resolve(data);
  };
  worker.onerror = (e) => {
    worker.pending = null;
    e.preventDefault();
    reject(new Error(e.message || 'the process failed'));
  };
  worker.pending = reject;
}

// A process starts in ~0.1–0.5 s; one that has not after this never will, and must not hold
// the run until Stop.
const START_TIMEOUT_MS = 10_000;

export function spawn_process(module, mainJS) {
  const worker = new Worker(import.meta.url, { type: 'module', name: NAME });
  live.add(worker);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => worker.pending?.(
      new Error(`the process did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    // A start that fails or hangs ends its worker: nothing half-started stays alive.
    const failed = (e) => {
      clearTimeout(timer);
      worker.pending = null;
      end_process(worker);
      reject(e);
    };
    settle(worker, (data) => { clearTimeout(timer); resolve([worker, data.at]); }, failed);
    worker.postMessage({ type: 'init', module, mainJS });
  });
}

export function ask(worker, payload) {
  return new Promise((resolve, reject) => {
    settle(worker, (data) => resolve([data.received, data.sent, data.reply]), reject);
    worker.postMessage({ type: 'task', payload });
  });
}

export function end_process(worker) {
  live.delete(worker);
  worker.terminate();
  if (worker.pending) worker.pending(new Error('stopped'));
}

export function end_all_processes() {
  for (const w of [...live]) end_process(w);
}
