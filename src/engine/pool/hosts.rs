//! The pool's workers: module workers sharing the page's memory, each running one rayon
//! thread after another. A pool the page builds hands its threads to them through one queue,
//! so a larger pool reuses the workers of the one it replaces and starts only the rest: a
//! worker's start (its own instance of the module) is what costs, not a rayon thread.

use crossbeam_channel::{Receiver, Sender};
use rayon::{ThreadBuilder, ThreadPool, ThreadPoolBuilder};
use std::future::Future;
use std::sync::LazyLock;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// wasm-bindgen ships its JavaScript snippets as written, and every byte of them is on the
// first load: what that file does and why is said here, not in it.
// - On the page, `start_host` starts a worker and resolves once it has its instance. In the
//   worker, the same file is the script: a module worker started from the file's own URL,
//   which the Content Security Policy's worker-src 'self' allows (no blob: URL, unlike
//   wasm-bindgen-rayon's helper), as for processes.
// - The worker instantiates the app's module with the page's memory, so it is a thread of the
//   page, then calls `interleave_pool_host`, which never returns while the page lives.
// - A rayon thread that traps (a recipe's `crash` step, or any panic: panics abort) throws out
//   of that call: the worker says so by message, and `on_crash` hears it. Before it is up, a
//   failure rejects the start instead.
#[wasm_bindgen(module = "/src/engine/pool.js")]
extern "C" {
    fn start_host(
        module: JsValue,
        memory: JsValue,
        main_js: JsValue,
        on_crash: &Closure<dyn FnMut(String)>,
    ) -> js_sys::Promise;
}

/// The rayon threads of the pools built, waiting for a worker to run them. Crossbeam's
/// unbounded channel, as wasm-bindgen-rayon uses: sending never blocks, and what it locks to
/// wake a waiting worker it holds for a few instructions, where the main thread may not wait.
static QUEUE: LazyLock<(Sender<ThreadBuilder>, Receiver<ThreadBuilder>)> =
    LazyLock::new(crossbeam_channel::unbounded);

/// A pool worker's whole life, called by `pool.js` once its instance is up: it runs the rayon
/// threads handed to it, one after another (a thread ends when its pool is dropped).
#[wasm_bindgen]
pub fn interleave_pool_host() {
    let queue = QUEUE.1.clone();
    while let Ok(thread) = queue.recv() {
        thread.run();
    }
}

/// Starts `count` workers now; the future resolves once every one has its instance, or with
/// why one did not. `on_crash` hears of any of their threads trapping later.
pub fn start(
    count: usize,
    on_crash: &Closure<dyn FnMut(String)>,
) -> impl Future<Output = Result<(), String>> {
    // Made here, on the main thread, before any worker can race it into a wait.
    LazyLock::force(&QUEUE);
    let started: Vec<JsFuture> = (0..count)
        .map(|_| {
            JsFuture::from(start_host(
                wasm_bindgen::module(),
                wasm_bindgen::memory(),
                super::super::processes::main_js(),
                on_crash,
            ))
        })
        .collect();
    async move {
        futures_util::future::try_join_all(started)
            .await
            .map(drop)
            .map_err(|e| super::said(&e))
    }
}

/// A rayon pool of `threads` threads, run by the workers started; it is only built here, and
/// its threads begin as workers take them. Dropping it ends its threads, whose workers then
/// take the next pool's.
pub fn build(threads: usize) -> Result<ThreadPool, String> {
    let queue = QUEUE.0.clone();
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(move |thread| {
            queue
                .send(thread)
                .map_err(|_| std::io::Error::other("the pool's queue is closed"))
        })
        .build()
        .map_err(|e| e.to_string())
}
