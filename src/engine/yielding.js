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
