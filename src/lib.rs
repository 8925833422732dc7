//! Interleave: a concurrency playground. The same workload runs sequentially, cooperatively on
//! the event loop and in parallel on Web Workers, and every run is drawn as a measured timeline.
//!
//! The platform-free core is the `interleave-core` crate (`core/`); `state` is platform-free
//! too and tested natively. `engine`, `components`, `hooks` and `app` are the thin browser
//! shell and only build for wasm32.

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
/// The pool's first worker starts first, if the first run needs the pool, unless this is an
/// embed (which starts it on its first run): of everything before the first Run, a worker takes
/// longest, and it starts on a thread of its own while this one renders.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The app reads the address again as it renders: passing this one down as props would
    // cost more code than a second parse.
    let query = window.location().search().unwrap_or_default();
    let (config, _) = interleave_core::scenario::config::RunConfig::from_query(&query);
    if config.embed.is_none() {
        engine::env::begin_pool(&config);
    }
    yew::Renderer::<app::App>::new().render();
}

/// Traps on purpose: the tests' way to stop the app's code on the main thread, as a bug would
/// (`e2e/engines.test.mjs`), to see that the page says it stopped (`www/boot.js`). Nothing in
/// the app calls it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn interleave_test_trap() {
    core::arch::wasm32::unreachable()
}
