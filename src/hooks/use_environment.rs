//! Once per load: read the environment, calibrate, measure a yield, and start the worker pool
//! after the first paint, or leave it for the first run that needs it (embeds).

use crate::engine::{env, frames};
use crate::model::report::PoolStatus;
use crate::state::Action;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Pool workers started per core: the largest pool size the page offers.
pub const POOL_PER_CORE: usize = 4;

/// Samples taken to measure the cost of one yield at load.
const YIELD_SAMPLES: usize = 200;

/// The pool size that leaves room for every size the page offers (up to 4× the cores), so pool
/// sizes and sweeps never need a reload; idle workers sleep.
pub fn pool_threads(cores: usize, asked: Option<usize>) -> usize {
    asked
        .unwrap_or(0)
        .max(POOL_PER_CORE * cores)
        .min(crate::model::config::MAX_THREADS)
}

/// Measures the environment and dispatches it as it fills in. With `lazy_pool`, workers that
/// could start are left `Idle`: an embed on a slide that is never run starts none.
#[hook]
pub fn use_environment(
    dispatch: UseReducerDispatcher<crate::state::AppState>,
    threads: Option<usize>,
    lazy_pool: bool,
) {
    use_effect_with((), move |_| {
        frames::start();
        spawn_local(async move {
            let mut env = env::detect();
            dispatch.dispatch(Action::Environment(env.clone()));
            // Each step yields, so the first paint happens before any of this finishes.
            env.calibration = Some(env::calibrate().await);
            env.yield_cost_us = env::measure_yield_cost(YIELD_SAMPLES).await;
            env.timer_resolution_us = env::timer_resolution_us();
            // Nothing may start while the page is about to reload for isolation.
            env.isolation = env::settled_isolation().await;
            let threads = pool_threads(env.cores, threads);
            env.pool = match env::workers_unavailable(&env) {
                Some(reason) => PoolStatus::Unavailable { reason },
                None if lazy_pool => PoolStatus::Idle,
                None => PoolStatus::Starting { threads },
            };
            dispatch.dispatch(Action::Environment(env.clone()));
            if matches!(env.pool, PoolStatus::Starting { .. }) {
                env.pool = env::start_pool(&env, threads).await;
                dispatch.dispatch(Action::Environment(env));
            }
        });
    });
}
