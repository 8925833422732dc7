//! What this browser offers: isolation, shared memory that workers can share, cores; and the
//! once-per-load measurements: CPU calibration on the main thread and on a pool worker, the
//! cost of one yield, and the workers the first run needs.

use super::run::{threads_needed, Machine};
use super::{now_abs_ms, pool, yield_now};
use interleave_core::analysis::stats::median;
use interleave_core::codec::report::{Environment, PoolStatus};
use interleave_core::lesson::{self, RunKind};
use interleave_core::run::isolation::{explain, Capabilities, Isolation, SharedMemory};
use interleave_core::run::work::{Calibration, Calibrator, SETTLED_ROUNDS};
use interleave_core::scenario::config::RunConfig;
use std::cell::Cell;
use wasm_bindgen::JsValue;

/// Whether `window[name]` is set to something truthy.
pub fn global_flag(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// A field of what `www/isolation.js` found before the app started (see `interleave_core::run::isolation`).
fn found(field: &str) -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("interleaveIsolation"))
        .and_then(|r| js_sys::Reflect::get(&r, &JsValue::from_str(field)))
        .unwrap_or(JsValue::UNDEFINED)
}

/// How the page got isolation, or why not. Read again when deciding on the pool, because a
/// failed service-worker registration lands later.
pub fn isolation() -> Isolation {
    found("state")
        .as_string()
        .map(|s| Isolation::parse(&s))
        .unwrap_or_default()
}

/// What the worker modes need, as `www/isolation.js` tested it.
fn capabilities() -> Capabilities {
    Capabilities {
        shared_memory: found("sharedMemory")
            .as_string()
            .map(|s| SharedMemory::parse(&s))
            .unwrap_or_default(),
        // Not reported (an older script): not known to be missing, so the pool is tried, and a
        // failure to start says what failed.
        module_workers: found("moduleWorkers").as_bool().unwrap_or(true),
    }
}

/// The isolation state once `www/isolation.js` has settled: while it is reloading the page,
/// wait (the reload usually ends this page first); if no reload comes within a few seconds,
/// the service worker could not take over, and the page says so.
pub async fn settled_isolation() -> Isolation {
    for _ in 0..50 {
        match isolation() {
            Isolation::Reloading => gloo_timers::future::TimeoutFuture::new(100).await,
            settled => return settled,
        }
    }
    Isolation::Refused
}

/// Reads what the browser says about itself; measures nothing.
pub fn detect() -> Environment {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .max(1);
    Environment {
        cross_origin_isolated: global_flag("crossOriginIsolated"),
        isolation: isolation(),
        capabilities: capabilities(),
        cores,
        yield_mechanism: Some(super::yielding::yield_mechanism()),
        ..Default::default()
    }
}

/// Why worker modes cannot run here, in one sentence with the fix; `None` if they can.
pub fn workers_unavailable(env: &Environment) -> Option<String> {
    let host = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default();
    explain(env.isolation, env.capabilities, &host)
}

/// Measures this device's units of work per ms on the main thread, yielding between rounds
/// so the page stays responsive.
pub async fn calibrate() -> Calibration {
    let mut cal = Calibrator::new(&now_abs_ms);
    loop {
        if let Some(c) = cal.round() {
            return c;
        }
        yield_now().await;
    }
}

/// Measures this device's units of work per ms on a pool worker, where every mode but the
/// cooperative one computes: a worker's rate need not be the main thread's (another tier of
/// the engine's compiler, another core).
pub async fn calibrate_worker() -> Option<Calibration> {
    pool::run(|| {
        let mut cal = Calibrator::new(&now_abs_ms);
        loop {
            if let Some(c) = cal.round() {
                return c;
            }
        }
    })
    .await
    .ok()
}

/// Runs calibration rounds while the worker pool starts, only to bring the shared code to its
/// optimized tier; their rates are not kept, because the starting workers shared the cores.
/// Ends once `started` is set (and after enough rounds for tier-up to begin).
pub async fn exercise_until(started: &Cell<bool>) {
    let mut cal = Calibrator::new(&now_abs_ms);
    while !started.get() || cal.rounds() < SETTLED_ROUNDS {
        let _ = cal.round();
        yield_now().await;
    }
}

/// The smallest positive step between two readings of `performance.now()`, in µs.
pub fn timer_resolution_us() -> Option<f64> {
    let perf = web_sys::window()?.performance()?;
    let mut best = f64::INFINITY;
    let mut seen = 0;
    let mut last = perf.now();
    // Enough steps to meet the smallest one; a few thousand readings take well under a ms.
    for _ in 0..20_000 {
        let now = perf.now();
        if now > last {
            best = best.min(now - last);
            seen += 1;
            if seen >= 50 {
                break;
            }
        }
        last = now;
    }
    best.is_finite().then_some(best * 1e3)
}

/// The median time one `yield_now` takes when nothing else is waiting, in µs.
pub async fn measure_yield_cost(samples: usize) -> Option<f64> {
    let mut took = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t0 = now_abs_ms();
        yield_now().await;
        took.push((now_abs_ms() - t0) * 1e3);
    }
    median(&took)
}

/// Pool workers started before the page is ready: one, on which the calibration measures a
/// worker's rate. The rest of what the first run needs starts once the page is ready
/// (`grow_pool`), and a run that comes first waits for them as start-up: every worker started
/// before the first Run costs it (on 2 cores, 4 workers took ~440 ms, 32 ~1.4 s).
pub const BEFORE_READY: usize = 1;

/// The pool threads the run `config` describes needs (`threads_needed` for its lesson's kind
/// of run).
pub fn first_run_threads(config: &RunConfig, cores: usize) -> usize {
    let kind = config.lesson.map_or(RunKind::Modes, |l| lesson::get(l).run);
    threads_needed(config, &config.modes, kind, Machine { cores })
}

/// Begins starting the workers the page needs before it is ready, if this page can have them
/// and its first run needs the pool (whether it can is settled from the start:
/// `www/isolation.js` never reloads a page that has shared memory); `grow_pool` then awaits
/// them.
pub fn begin_pool(config: &RunConfig) {
    let env = detect();
    let first = first_run_threads(config, env.cores);
    if workers_unavailable(&env).is_none() && first > 0 {
        pool::begin(first.min(BEFORE_READY));
    }
}

/// The pool's status once a thread of it has crashed, said openly.
pub fn broken_pool() -> Option<PoolStatus> {
    pool::broken().map(|why| PoolStatus::Unavailable {
        reason: format!(
            "In the last run {why}, and a crashed thread takes its whole process with it: the worker pool is gone with it, as the memory its threads share may be half-written. Reload the page for a working pool."
        ),
    })
}

/// The size the pool is growing to, while workers are starting: a run waits for them, as
/// their start would take cores from it.
pub fn pool_growing_to() -> Option<usize> {
    pool::growing_to()
}

/// Grows the pool to `threads` workers, if this page can have one, or awaits the workers
/// `begin_pool` started; resolves with the pool's status.
pub async fn grow_pool(env: &Environment, threads: usize) -> PoolStatus {
    if let Some(reason) = workers_unavailable(env) {
        return PoolStatus::Unavailable { reason };
    }
    match pool::grow(threads).await {
        Ok(started) => PoolStatus::Ready {
            threads: started.threads,
            startup_ms: started.startup_ms,
            warmup_ms: started.warmup_ms,
        },
        Err(e) => broken_pool().unwrap_or_else(|| PoolStatus::Unavailable {
            reason: format!("The worker pool did not start ({e}); worker modes are off."),
        }),
    }
}
