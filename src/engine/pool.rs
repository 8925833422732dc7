//! The page's rayon pool on Web Workers, and the hand-off that keeps blocking work off the
//! main thread: a job is only enqueued here, and its result comes back through a channel that
//! the main thread awaits.
//!
//! The page owns its pool and starts only the workers asked for; a run that needs more grows
//! it before it starts (`grow`): the workers missing are started, a `ThreadPool` of the new
//! size is built on all of them and replaces the old one (whose workers take the new pool's
//! threads, `hosts`), and every thread of it is warmed up. Growth is start-up, never part of a
//! measured run; memory follows the workers started.
//!
//! A pool thread that traps (a recipe's `crash` step, or any panic: panics abort) never
//! answers. Its worker reports the trap, every job still waiting then fails with that message,
//! and the pool counts as broken: the trap may have left the memory every thread shares
//! half-written, so no pool is built again before a reload.

mod hosts;

use futures_util::StreamExt;
use interleave_core::run::work::primes_in_units;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// A job handed to the pool and not answered yet, with a way to fail it.
type Waiting = (u64, Box<dyn FnOnce(String)>);

/// What the pool is, once workers have started: its size, and the time spent starting and
/// warming up all the workers it has (every growth included).
#[derive(Clone, Copy, Debug, Default)]
pub struct Started {
    pub threads: usize,
    pub startup_ms: f64,
    pub warmup_ms: f64,
}

thread_local! {
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
    static NEXT_JOB: Cell<u64> = const { Cell::new(0) };
    /// Why the pool is broken, once a thread of it has crashed.
    static BROKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Hears of a crashed thread from any worker, for the page's lifetime.
    static ON_CRASH: Closure<dyn FnMut(String)> = Closure::new(on_crash);
    /// The pool jobs go to, once one is built.
    static POOL: RefCell<Option<Rc<rayon::ThreadPool>>> = const { RefCell::new(None) };
    static STARTED: Cell<Started> = Cell::new(Started::default());
    /// Workers started or starting.
    static WORKERS: Cell<usize> = const { Cell::new(0) };
    /// The growth under way and the size it grows to; every caller that needs it awaits it.
    static GROWING: RefCell<Option<(usize, js_sys::Promise)>> = const { RefCell::new(None) };
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

/// A JavaScript error as a sentence.
fn said(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The size the pool is growing to, while it is.
pub fn growing_to() -> Option<usize> {
    GROWING.with(|g| g.borrow().as_ref().map(|(threads, _)| *threads))
}

/// Begins growing the pool to `threads`, unless it is that large or a growth is under way;
/// `grow` awaits it. The full page begins before its first render: the workers start on
/// threads of their own while the page renders.
pub fn begin(threads: usize) {
    let busy = GROWING.with(|g| g.borrow().is_some());
    if busy || STARTED.get().threads >= threads {
        return;
    }
    // Run as a promise so that every caller can await the one growth.
    let growing = future_to_promise(async move {
        let grown = grow_now(threads).await;
        GROWING.with(|g| g.borrow_mut().take());
        grown.map(|()| JsValue::UNDEFINED).map_err(JsValue::from)
    });
    GROWING.with(|g| *g.borrow_mut() = Some((threads, growing)));
}

/// Grows the pool to at least `threads`, or awaits the growth under way first; resolves with
/// the pool as it then is, or why it cannot grow.
pub async fn grow(threads: usize) -> Result<Started, String> {
    loop {
        if let Some(why) = broken() {
            return Err(why);
        }
        if let Some((_, growing)) = GROWING.with(|g| g.borrow().clone()) {
            JsFuture::from(growing).await.map_err(|e| said(&e))?;
            continue;
        }
        if STARTED.get().threads >= threads {
            return Ok(STARTED.get());
        }
        begin(threads);
    }
}

/// Starts the workers missing for `threads`, builds a pool of that size on all of them in
/// place of the last, and warms it up.
async fn grow_now(threads: usize) -> Result<(), String> {
    let missing = threads.saturating_sub(WORKERS.get());
    super::mark("interleave-pool-start");
    let t0 = super::now_abs_ms();
    WORKERS.set(WORKERS.get() + missing);
    ON_CRASH
        .with(|on_crash| hosts::start(missing, on_crash))
        .await?;
    let startup_ms = super::now_abs_ms() - t0;
    super::mark("interleave-pool-ready");
    let pool = hosts::build(threads)?;
    // The old pool's threads end once idle (nothing runs between runs), and their workers
    // take this pool's threads.
    POOL.with(|p| *p.borrow_mut() = Some(Rc::new(pool)));
    let warmup_ms = warm_up().await.unwrap_or(f64::NAN);
    let before = STARTED.get();
    STARTED.set(Started {
        threads,
        startup_ms: before.startup_ms + startup_ms,
        warmup_ms: before.warmup_ms + warmup_ms,
    });
    Ok(())
}

/// Units of work each thread does in its warm-up job.
const WARM_UP_UNITS: u64 = 1024;

/// Runs one small job on every thread of a new pool before any measured run. A rayon thread's
/// first job pays for its getting going, which took ~180 ms over 8 workers whether the job was
/// one unit of work or 40 ms of it (measured): that wait must not land in a run. The work
/// enters the CPU unit function on every worker; its code is shared with the main thread's,
/// which the calibration has brought to the optimized tier. Resolves with the time taken.
async fn warm_up() -> Option<f64> {
    let t0 = super::now_abs_ms();
    run(move || {
        // Inside a job, rayon's free functions mean the pool the job runs on.
        rayon::broadcast(|ctx| {
            let seed = ctx.index() as u64 + 1;
            (0..WARM_UP_UNITS)
                .step_by(32)
                .map(|u| primes_in_units(seed, u, u + 32))
                .sum::<u64>()
        })
    })
    .await
    .ok()?;
    Some(super::now_abs_ms() - t0)
}

/// Runs `job` on a pool worker and resolves with its result, or why it never will. Never
/// blocks the caller: inside the job, rayon's `scope`, `broadcast` and `current_thread_index`
/// mean the pool it runs on.
pub async fn run<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> Result<R, String> {
    if let Some(why) = broken() {
        return Err(why);
    }
    let Some(pool) = POOL.with(|p| p.borrow().clone()) else {
        return Err("the worker pool has not started".into());
    };
    run_on(&pool, job).await
}

/// For the costs table: starts one more worker, builds a pool of one thread on it, and runs a
/// first job there. Resolves with the ms from the request to the job's answer, and the heap's
/// growth meanwhile (the worker's stack and thread-local storage in the shared memory). The
/// worker then waits with the others for the next pool's threads: it is one of the pool's.
pub async fn probe_new_thread() -> Result<(f64, f64), String> {
    if let Some(why) = broken() {
        return Err(why);
    }
    let t0 = super::now_abs_ms();
    let (started, grown) = super::heap::growth_while(async {
        WORKERS.set(WORKERS.get() + 1);
        ON_CRASH.with(|on_crash| hosts::start(1, on_crash)).await?;
        // The other workers run the page's pool's threads: only the new one takes this one.
        let one = Rc::new(hosts::build(1)?);
        run_on(&one, || ()).await
    })
    .await;
    started?;
    Ok((super::now_abs_ms() - t0, grown as f64))
}

/// Runs `job` on `pool` and resolves with its result, or why it never will.
async fn run_on<R: Send + 'static>(
    pool: &rayon::ThreadPool,
    job: impl FnOnce() -> R + Send + 'static,
) -> Result<R, String> {
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
    pool.spawn(move || {
        let _ = tx.unbounded_send(Ok(job()));
    });
    let answer = rx.next().await;
    WAITING.with(|w| w.borrow_mut().retain(|(job, _)| *job != id));
    answer.unwrap_or_else(|| Err("the pool job ended without an answer".into()))
}
