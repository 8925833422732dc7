//! Once per load: read the environment, start a pool worker while calibrating (or leave the
//! pool for the first run that needs it: embeds), measure a yield, and then start the rest of
//! the workers the first run needs.

use crate::engine::{env, frames, yield_now};
use crate::state::Action;
use futures_util::future::join;
use interleave_core::codec::report::PoolStatus;
use interleave_core::scenario::config::RunConfig;
use std::cell::Cell;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Samples taken to measure the cost of one yield at load.
const YIELD_SAMPLES: usize = 200;

/// Measures the environment and dispatches it as it fills in. `config` is the page's first:
/// workers start only if its run needs the pool, and an embed (`config.embed`) leaves them
/// `Idle`: one on a slide that is never run starts none.
#[hook]
pub fn use_environment(dispatch: UseReducerDispatcher<crate::state::AppState>, config: &RunConfig) {
    let lazy_pool = config.embed.is_some();
    let config = config.clone();
    use_effect_with((), move |_| {
        // Quiet until calibrated: a heartbeat moving at every vsync cost ~5 ms of main thread
        // and as much compositing per frame, on the cores the starting workers and the
        // calibration need; on 2 cores, the first possible Run came ~125 ms sooner without it
        // (12 paired loads, medians 836 → 711 ms).
        frames::set_quiet(true);
        spawn_local(async move {
            let mut env = env::detect();
            dispatch.dispatch(Action::Environment(env.clone()));
            // Nothing may start while the page is about to reload for isolation.
            env.isolation = env::settled_isolation().await;
            let first = env::first_run_threads(&config, env.cores);
            let threads = first.min(env::BEFORE_READY);
            env.pool = match env::workers_unavailable(&env) {
                Some(reason) => PoolStatus::Unavailable { reason },
                None if lazy_pool || first == 0 => PoolStatus::Idle,
                None => PoolStatus::Starting { threads },
            };
            dispatch.dispatch(Action::Environment(env.clone()));
            // The worker starts on its own thread, from before the first render (`start()`
            // began it), because it takes longest; this thread first paints (a yield at
            // background priority comes after the first frame), then brings the shared code to
            // its optimized tier while they start, then calibrates on a quiet page, which
            // settles in a few rounds once the code is optimized.
            let started = Cell::new(false);
            let pool = async {
                let status = match env.pool {
                    PoolStatus::Starting { .. } => Some(env::grow_pool(&env, threads).await),
                    _ => None,
                };
                started.set(true);
                status
            };
            let exercise = async {
                yield_now().await;
                env::exercise_until(&started).await
            };
            let (pool, ()) = join(pool, exercise).await;
            // Where the work runs: the main thread and a pool worker at once, each on a core
            // of its own; one after the other where there is only one core.
            let on_worker = async {
                match pool {
                    Some(PoolStatus::Ready { .. }) => env::calibrate_worker().await,
                    _ => None,
                }
            };
            let (main, worker) = if env.cores >= 2 {
                join(env::calibrate(), on_worker).await
            } else {
                let main = env::calibrate().await;
                (main, on_worker.await)
            };
            env.calibration_main = Some(main);
            env.calibration = Some(worker.unwrap_or(main));
            crate::engine::mark("interleave-calibrated");
            env.yield_cost_us = env::measure_yield_cost(YIELD_SAMPLES).await;
            env.timer_resolution_us = env::timer_resolution_us();
            frames::set_quiet(false);
            if let Some(pool) = pool {
                env.pool = pool;
            }
            dispatch.dispatch(Action::Environment(env.clone()));
            // The page is ready: now the rest of the first run's workers, which a run that
            // comes first awaits (`use_runner`). After the page has drawn that it is ready (a
            // yield at background priority comes after the frame): starting workers takes the
            // cores that drawing needs.
            if matches!(env.pool, PoolStatus::Ready { .. }) && first > threads {
                yield_now().await;
                env.pool = env::grow_pool(&env, first).await;
                dispatch.dispatch(Action::Environment(env));
            }
        });
    });
}
