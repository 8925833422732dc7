//! Interleave: a concurrency playground. The same workload runs sequentially, cooperatively on
//! the event loop and in parallel on Web Workers, and every run is drawn as a measured timeline.
//!
//! `model` and `state` are platform-free and tested natively; `engine`, `components`, `hooks`
//! and `app` are the thin browser shell and only build for wasm32.

pub mod model;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod engine;
#[cfg(target_arch = "wasm32")]
mod hooks;

/// Mounts the app, unless this instance is a worker's (a process's) that ran the wasm start-up.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    yew::Renderer::<app::App>::new().render();
}
