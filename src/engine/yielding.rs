//! Giving the event loop back for one macrotask, at the lowest priority the browser offers
//! (`scheduler.postTask` with `background`), or as a MessageChannel message where it has no
//! `scheduler.postTask`.
//!
//! At background priority a frame that is due is drawn before the next turn of any waiting
//! task, however many wait: eight tasks yielding every 5 ms then wait at most one slice for a
//! frame (worst gap 21 ms, measured). Messages queue in order with the frame behind them (worst
//! gap 52 ms) when every waiting task posts its own, so the fallback keeps one message in flight
//! (`yielding.js` says how); `scheduler.yield()` continuations even run ahead of rendering (a
//! frame only every ~100 ms); `setTimeout(0)` is clamped to 4 ms once calls nest.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/engine/yielding.js")]
extern "C" {
    /// Which mechanism `yield_now` uses in this browser, for the report.
    pub fn yield_mechanism() -> String;
    fn yield_promise() -> js_sys::Promise;
    /// One animation frame and then one task: a frame paints after its callbacks, so this
    /// resolves once that paint is done; never later than `ms` (a hidden tab draws no frames).
    fn after_frame(ms: i32) -> js_sys::Promise;
    /// Starts the loop meter afresh: a timer that asks for the loop again each time it has
    /// run. The longest time between two of its turns is the longest the loop was held.
    /// Unwatched (`false`), the hold is not measured (NaN) until the next watch.
    pub fn watch_loop(watch: bool);
    /// The longest hold since `watch_loop`, counting the one still going on while it watches;
    /// after `stop_watching`, the last one it saw.
    pub fn loop_gap() -> f64;
    /// Stops the meter; returns the longest hold it saw.
    pub fn stop_watching() -> f64;
    /// Whether the meter watches the loop now.
    pub fn watching() -> bool;
}

/// Resumes in a later macrotask, after the browser has had a chance to run other work (a frame
/// that is due, timers, input).
pub async fn yield_now() {
    // The promise never rejects; a rejection would only mean "resume", which is what we do.
    let _ = JsFuture::from(yield_promise()).await;
}

/// Resumes after the next animation frame has been drawn, or after `ms` if none comes.
pub async fn after_frame_drawn(ms: i32) {
    let _ = JsFuture::from(after_frame(ms)).await;
}
