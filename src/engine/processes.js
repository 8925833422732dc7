const NAME = 'interleave process';
const now = () => performance.timeOrigin + performance.now();

// A process's worker runs this file, and then the app's module imports it again. WebKit
// evaluates that import as a second copy of the module, which must not take the message handler
// from the first, whose `pkg` holds the instance.
if (typeof WorkerGlobalScope !== 'undefined' && self.name === NAME && self.onmessage === null) {
  let pkg = null;
  self.onmessage = async ({ data }) => {
    try {
      if (data.type === 'init') {
        pkg = await import(data.mainJS);
        pkg.initSync({ module: data.module });
        postMessage({ type: 'ready', at: now(), memory: pkg.interleave_memory_bytes() });
      } else if (data.type === 'task') {
        const received = now();
        const reply = pkg.interleave_process_task(data.payload);
        postMessage({ type: 'done', received, sent: now(), reply });
      } else if (data.type === 'echo') {
        postMessage({ type: 'echo', data: data.data });
      }
    } catch (e) {
      postMessage({ type: 'failed', message: String((e && e.message) || e) });
    }
  };
}

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

const START_TIMEOUT_MS = 10_000;

export function spawn_process(module, mainJS) {
  const worker = new Worker(import.meta.url, { type: 'module', name: NAME });
  live.add(worker);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => worker.pending?.(
      new Error(`the process did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const failed = (e) => {
      clearTimeout(timer);
      worker.pending = null;
      end_process(worker);
      reject(e);
    };
    settle(worker, (data) => { clearTimeout(timer); resolve([worker, data.at, data.memory]); }, failed);
    worker.postMessage({ type: 'init', module, mainJS });
  });
}

export function ask(worker, payload) {
  return new Promise((resolve, reject) => {
    settle(worker, (data) => resolve([data.received, data.sent, data.reply]), reject);
    worker.postMessage({ type: 'task', payload });
  });
}

export function echo(worker, data) {
  return new Promise((resolve, reject) => {
    settle(worker, () => resolve(), reject);
    worker.postMessage({ type: 'echo', data });
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
