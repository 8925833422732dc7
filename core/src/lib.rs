//! Interleave's platform-free core: what a run means, from the recipe's text to the figures
//! on the page. Nothing here can touch the browser: this crate does not depend on web-sys,
//! js-sys, wasm-bindgen or Yew, so the compiler holds that, and `cargo test` runs all of it.
//!
//! Data flows one way through its groups: `scenario` (what to run) → `run` (plan, engines'
//! shared parts, recording, trace) → `analysis` (stats, sweeps) → `lesson` (verdicts) →
//! `view` (layout, replay, kitchen); `codec` writes and reads the formats at the edges, and
//! `python` is CPython side by side.

pub mod analysis;
pub mod codec;
pub mod lesson;
pub mod python;
pub mod run;
pub mod scenario;
// Helpers for tests, the core's own and the app state's (feature `testing`).
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod view;
