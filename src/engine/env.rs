//! What this browser offers: isolation, shared memory that workers can share, cores; and the
//! once-per-load measurements: CPU calibration on the main thread and on a pool worker, the
//! cost of one yield, and the worker pool's start-up.

use super::{now_abs_ms, pool, yield_now};
use interleave_core::analysis::stats::median;
use interleave_core::codec::report::{Environment, PoolStatus};
use interleave_core::run::isolation::{explain, Capabilities, Isolation, SharedMemory};
use interleave_core::run::work::{primes_in_units, Calibration, Calibrator, SETTLED_ROUNDS};
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

/// Units of work each worker does in its warm-up job.
const WARM_UP_UNITS: u64 = 1024;

/// Runs one small job on every pool worker before any measured run. A worker's first job pays
/// for its rayon thread getting going, which took ~180 ms over 8 workers whether the job was one
/// unit of work or 40 ms of it (measured): that wait must not land in a run. The work enters the
/// CPU unit function on every worker; its code is shared with the main thread's, which the
/// calibration has brought to the optimized tier. Resolves with the time taken.
async fn warm_up_workers() -> Option<f64> {
    let t0 = now_abs_ms();
    pool::run(move || {
        rayon::broadcast(|ctx| {
            pool::watch_this_thread();
            let seed = ctx.index() as u64 + 1;
            (0..WARM_UP_UNITS)
                .step_by(32)
                .map(|u| primes_in_units(seed, u, u + 32))
                .sum::<u64>()
        })
    })
    .await
    .ok()?;
    Some(now_abs_ms() - t0)
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

/// Pool workers started per core: the largest pool size the page offers.
const POOL_PER_CORE: usize = 2;

/// The pool size that leaves room for every size the page offers (up to 2× the cores, as far
/// as sweeps go), so pool sizes and sweeps never need a reload; idle workers sleep. Every
/// worker costs start-up before the first Run (4 workers started in ~250 ms here, 8 in ~500).
pub fn pool_threads(cores: usize, asked: Option<usize>) -> usize {
    asked
        .unwrap_or(0)
        .max(POOL_PER_CORE * cores)
        .min(interleave_core::scenario::config::MAX_THREADS)
}

/// Begins starting the pool's workers now (`asked` as in `pool_threads`), if this page can
/// have them (whether it can is settled from the start: `www/isolation.js` never reloads a
/// page that has shared memory); `start_pool` then awaits them.
pub fn begin_pool(asked: Option<usize>) {
    let env = detect();
    if workers_unavailable(&env).is_none() {
        pool::begin(pool_threads(env.cores, asked));
    }
}

/// Starts the pool with `threads` workers, if this page can have one, or awaits the workers
/// `begin_pool` started.
pub async fn start_pool(env: &Environment, threads: usize) -> PoolStatus {
    if let Some(reason) = workers_unavailable(env) {
        return PoolStatus::Unavailable { reason };
    }
    let started = pool::start(threads).await;
    super::mark("interleave-pool-ready");
    match started {
        Ok(startup_ms) => PoolStatus::Ready {
            threads,
            startup_ms,
            warmup_ms: warm_up_workers().await.unwrap_or(f64::NAN),
        },
        Err(e) => PoolStatus::Unavailable {
            reason: format!("The worker pool did not start ({e}); worker modes are off."),
        },
    }
}
