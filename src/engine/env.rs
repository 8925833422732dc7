//! What this browser offers: isolation, shared memory, cores; and the once-per-load
//! measurements: CPU calibration, the cost of one yield, and the worker pool's start-up.

use super::{now_abs_ms, pool, yield_now};
use crate::model::report::{Environment, PoolStatus};
use crate::model::stats::median;
use crate::model::work::{primes_in_units, settled_rate, Calibration};
use wasm_bindgen::JsValue;

fn global_flag(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// Reads what the browser says about itself; measures nothing.
pub fn detect() -> Environment {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .max(1);
    Environment {
        cross_origin_isolated: global_flag("crossOriginIsolated"),
        shared_array_buffer: global_flag("SharedArrayBuffer"),
        cores,
        yield_mechanism: Some(super::yielding::yield_mechanism()),
        ..Default::default()
    }
}

/// Why worker modes cannot run here, in one sentence with the fix; `None` if they can.
pub fn workers_unavailable(env: &Environment) -> Option<String> {
    if !env.cross_origin_isolated || !env.shared_array_buffer {
        return Some(
            "Worker modes need SharedArrayBuffer, which this page only gets when it is \
             cross-origin isolated: serve it with the headers Cross-Origin-Opener-Policy: \
             same-origin and Cross-Origin-Embedder-Policy: require-corp (bash scripts/serve.sh \
             does)."
                .into(),
        );
    }
    None
}

/// Length of one calibration round, in ms.
const CALIBRATION_ROUND_MS: f64 = 20.0;
/// Calibration gives up waiting for the rate to settle after this long, and takes the best.
const CALIBRATION_BUDGET_MS: f64 = 2_000.0;

/// Measures how many units of prime counting this device does per ms. It runs short rounds,
/// yielding between them so the page stays responsive, until the rate settles: the first
/// rounds run on V8's baseline compiler and are much slower than the optimized code.
pub async fn calibrate() -> Calibration {
    let start = now_abs_ms();
    let mut rates = Vec::new();
    loop {
        let t0 = now_abs_ms();
        let mut units = 0;
        while now_abs_ms() - t0 < CALIBRATION_ROUND_MS {
            std::hint::black_box(primes_in_units(units + 1, 0, 32));
            units += 32;
        }
        rates.push(Calibration::from_measurement(units, now_abs_ms() - t0).units_per_ms);
        yield_now().await;
        if let Some(rate) = settled_rate(&rates) {
            return Calibration { units_per_ms: rate };
        }
        if now_abs_ms() - start > CALIBRATION_BUDGET_MS {
            let best = rates.iter().copied().fold(0.0, f64::max);
            return Calibration { units_per_ms: best };
        }
    }
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

/// Starts the pool with `threads` workers, if this page can have one.
pub async fn start_pool(env: &Environment, threads: usize) -> PoolStatus {
    if let Some(reason) = workers_unavailable(env) {
        return PoolStatus::Unavailable { reason };
    }
    match pool::start(threads).await {
        Ok(startup_ms) => PoolStatus::Ready {
            threads,
            startup_ms,
        },
        Err(e) => PoolStatus::Unavailable {
            reason: format!("The worker pool did not start ({e}); worker modes are off."),
        },
    }
}
