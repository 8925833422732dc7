//! Giving the event loop back for one macrotask, through a MessageChannel message.
//!
//! Not `setTimeout(0)`: it is clamped to 4 ms once calls nest. Not `scheduler.yield()` either:
//! its continuations run before rendering, so a page that yields every few ms through it still
//! paints only when Chrome's starvation guard steps in (a frame every ~100 ms, measured here).
//! A message is an ordinary task, so a frame that is due is drawn at the next yield.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let channel = null;
const waiting = [];
export function yield_promise() {
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
    fn yield_promise() -> js_sys::Promise;
}

/// The mechanism `yield_now` uses, for the report.
pub const YIELD_MECHANISM: &str = "MessageChannel";

/// Resumes in a later macrotask, after the browser has had a chance to run other work (a frame
/// that is due, timers, input).
pub async fn yield_now() {
    // The promise never rejects; a rejection would only mean "resume", which is what we do.
    let _ = JsFuture::from(yield_promise()).await;
}
