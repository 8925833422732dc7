//! Giving the event loop back for one macrotask. `setTimeout(0)` is clamped to 4 ms once calls
//! nest, so this uses `scheduler.yield()` where the browser has it, else a MessageChannel
//! message, which is not clamped.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let channel = null;
const waiting = [];
const hasSchedulerYield = () =>
  typeof globalThis.scheduler === 'object' && typeof globalThis.scheduler.yield === 'function';
export function yield_mechanism() {
  return hasSchedulerYield() ? 'scheduler.yield()' : 'MessageChannel';
}
export function yield_promise() {
  if (hasSchedulerYield()) return globalThis.scheduler.yield();
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
"#)]
extern "C" {
    /// Which mechanism `yield_now` uses in this browser.
    pub fn yield_mechanism() -> String;
    fn yield_promise() -> js_sys::Promise;
}

/// Resumes in a later macrotask, after the browser has had a chance to run other work.
pub async fn yield_now() {
    // The promise never rejects; a rejection would only mean "resume", which is what we do.
    let _ = JsFuture::from(yield_promise()).await;
}
