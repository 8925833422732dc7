//! One clock for every thread: `performance.timeOrigin + performance.now()`, because each
//! worker's `performance.now()` counts from its own origin.

use interleave_core::run::recorder::Clock;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/engine/clock.js")]
extern "C" {
    /// Ms since the Unix epoch, with the page's timer resolution, on any thread.
    pub fn now_abs_ms() -> f64;
}

pub struct WebClock;

impl Clock for WebClock {
    fn now_ms(&self) -> f64 {
        now_abs_ms()
    }
}
