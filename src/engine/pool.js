const NAME = 'interleave pool';
const said = (e) => String((e && e.message) || e);

// A pool worker runs this file; then the app's module imports it again, which WebKit evaluates
// as a second copy that must not take the handler of the first.
if (typeof WorkerGlobalScope !== 'undefined' && self.name === NAME && self.onmessage === null) {
  self.onmessage = async ({ data }) => {
    self.onmessage = () => {};
    let pkg;
    try {
      pkg = await import(data.mainJS);
      pkg.initSync({ module: data.module, memory: data.memory });
    } catch (e) {
      postMessage({ type: 'failed', message: said(e) });
      return;
    }
    postMessage({ type: 'ready' });
    try {
      pkg.interleave_pool_host();
    } catch (e) {
      postMessage({ type: 'crashed', message: said(e) });
    }
  };
}

// Held for the page's lifetime: Firefox collects a worker that shares memory with the page
// but that nothing on the page refers to.
const hosts = new Set();

export function start_host(module, memory, mainJS, onCrash) {
  const worker = new Worker(import.meta.url, { type: 'module', name: NAME });
  hosts.add(worker);
  let up = false;
  return new Promise((resolve, reject) => {
    const fail = (message) => {
      if (up) onCrash(message);
      else reject(new Error(message));
    };
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') {
        up = true;
        resolve();
      } else {
        fail(data.message);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(e.message || 'a pool worker failed');
    };
    worker.postMessage({ type: 'init', module, memory, mainJS });
  });
}
