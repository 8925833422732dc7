//! The rayon pool on Web Workers, and the hand-off that keeps blocking work off the main
//! thread: the job is only enqueued here, and its result comes back through a channel that
//! the main thread awaits.
//!
//! A pool thread that traps (a recipe's `crash` step, or any panic: panics abort) never
//! answers. Its worker reports the trap on a `BroadcastChannel` of this page's own, every job
//! still waiting then fails with that message, and the pool counts as broken: rayon's global
//! pool cannot be rebuilt, so only a reload brings a working one back.

use futures_util::StreamExt;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// wasm-bindgen ships its JavaScript snippets as written, and every byte of them is on the
// first load: what that file does and why is said here, not in it.
// A rayon thread runs inside a promise callback, so a trap there is an unhandled rejection,
// which never reaches the page as a Worker 'error' event: `watch_worker` reports both kinds on
// the channel, and `listen` hands what comes on it to the page.
#[wasm_bindgen(module = "/src/engine/pool.js")]
extern "C" {
    fn watch_worker(channel: &str);
    fn listen(channel: &str, on_crash: &Closure<dyn FnMut(String)>) -> JsValue;
}

/// This page's channel for crash reports, chosen before the pool starts; pool workers share
/// the page's memory and read it there. Another tab's pool reports on its own channel.
static CHANNEL: AtomicU64 = AtomicU64::new(0);

fn channel_name(id: u64) -> String {
    format!("interleave-pool-{id:x}")
}

/// Run once on every pool thread, by the warm-up's broadcast (the wasm start function does
/// not run in rayon's workers): from then on its trap is reported to the page.
pub fn watch_this_thread() {
    let id = CHANNEL.load(Ordering::Acquire);
    if id != 0 {
        watch_worker(&channel_name(id));
    }
}

/// A job handed to the pool and not answered yet, with a way to fail it.
type Waiting = (u64, Box<dyn FnOnce(String)>);
/// The crash channel and its handler, kept for the page's lifetime.
type Listener = (JsValue, Closure<dyn FnMut(String)>);

thread_local! {
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
    static NEXT_JOB: Cell<u64> = const { Cell::new(0) };
    /// Why the pool is broken, once a thread of it has crashed.
    static BROKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
    /// When `begin` started the workers, and the promise that they are up.
    static STARTING: RefCell<Option<(f64, js_sys::Promise)>> = const { RefCell::new(None) };
}

/// Why the pool can no longer be trusted, if a thread of it crashed.
pub fn broken() -> Option<String> {
    BROKEN.with(|b| b.borrow().clone())
}

fn on_crash(message: String) {
    let why = format!("a pool thread crashed ({message})");
    BROKEN.with(|b| {
        b.borrow_mut().get_or_insert(why.clone());
    });
    for (_, fail) in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        fail(why.clone());
    }
}

/// Begins starting `threads` workers; `start` awaits them. The full page begins before its
/// first render: of everything before the first Run the workers take longest, and they start
/// on threads of their own while the page renders.
pub fn begin(threads: usize) {
    let begun = begin_now(threads);
    STARTING.with(|s| *s.borrow_mut() = Some(begun));
}

fn begin_now(threads: usize) -> (f64, js_sys::Promise) {
    super::mark("interleave-pool-start");
    let id = (js_sys::Math::random() * 2f64.powi(52)) as u64 | 1;
    CHANNEL.store(id, Ordering::Release);
    let closure = Closure::<dyn FnMut(String)>::new(on_crash);
    let channel = listen(&channel_name(id), &closure);
    LISTENER.with(|l| *l.borrow_mut() = Some((channel, closure)));
    (
        super::now_abs_ms(),
        wasm_bindgen_rayon::init_thread_pool(threads),
    )
}

/// Starts `threads` workers, or awaits those `begin` started; resolves with the start-up time
/// in ms.
pub async fn start(threads: usize) -> Result<f64, String> {
    let begun = STARTING.with(|s| s.borrow_mut().take());
    let (t0, started) = begun.unwrap_or_else(|| begin_now(threads));
    JsFuture::from(started).await.map_err(|e| {
        e.as_string()
            .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
            .unwrap_or_else(|| format!("{e:?}"))
    })?;
    Ok(super::now_abs_ms() - t0)
}

/// Runs `job` on a pool worker and resolves with its result, or why it never will. Never
/// blocks the caller.
pub async fn run<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> Result<R, String> {
    if let Some(why) = broken() {
        return Err(why);
    }
    // Two senders, the job's and the crash report's: whichever comes first is the answer.
    // Neither takes a lock, which the main thread could not wait for.
    let (tx, mut rx) = futures_channel::mpsc::unbounded::<Result<R, String>>();
    let id = NEXT_JOB.with(|n| n.replace(n.get() + 1));
    let fail = tx.clone();
    WAITING.with(|w| {
        w.borrow_mut().push((
            id,
            Box::new(move |why| {
                let _ = fail.unbounded_send(Err(why));
            }),
        ))
    });
    rayon::spawn(move || {
        let _ = tx.unbounded_send(Ok(job()));
    });
    let answer = rx.next().await;
    WAITING.with(|w| w.borrow_mut().retain(|(job, _)| *job != id));
    answer.unwrap_or_else(|| Err("the pool job ended without an answer".into()))
}
