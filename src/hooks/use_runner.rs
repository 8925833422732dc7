//! Starting and stopping runs: the glue between the page's state and `engine::run`. A run
//! that needs more pool workers than have started (embeds start none until then; a larger pool
//! size; a sweep) grows the pool first, shown as start-up, before any mode's clock starts.

use crate::engine::run::{run_sweep, sweep_sizes, threads_needed, Machine, Progress, RunHandle};
use crate::engine::{env, publish_report, publish_running, run_modes};
use crate::state::{run_end, runnable_modes, Action, AppState, LiveMode};
use interleave_core::codec::report::{head_json, spans_json, Environment, PoolStatus};
use interleave_core::run::mode::Mode;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Starts a run (`Some(mode)` sweeps that mode over pool sizes) and stops the current one.
#[derive(Clone, PartialEq)]
pub struct Runner {
    pub start: Callback<Option<Mode>>,
    pub stop: Callback<()>,
}

/// Grows the pool to the `needed` threads before any mode's clock starts, showing it as
/// start-up. Workers still starting (the first run's, begun once the page was ready) are
/// awaited whatever the run needs: their start would take cores from it.
async fn grow_pool(
    env: &mut Environment,
    needed: usize,
    dispatch: &UseReducerDispatcher<AppState>,
) {
    let threads = needed.max(env::pool_growing_to().unwrap_or(0));
    let usable = matches!(env.pool, PoolStatus::Idle | PoolStatus::Ready { .. });
    if usable && env.pool_threads().unwrap_or(0) < threads {
        env.pool = PoolStatus::Starting { threads };
        dispatch.dispatch(Action::Environment(env.clone()));
        env.pool = env::grow_pool(env, threads).await;
        dispatch.dispatch(Action::Environment(env.clone()));
    }
}

#[hook]
pub fn use_runner(state: &UseReducerHandle<AppState>, ready: bool) -> Runner {
    let handle = use_mut_ref(|| Rc::new(RunHandle::default()));
    // Set from start to end of a run: several callers (button, keys, autoplay, a deck) may ask
    // before the page renders the first run as running.
    let busy = use_mut_ref(|| false);
    let start = {
        let (state, handle, busy) = (state.clone(), handle.clone(), busy.clone());
        Callback::from(move |sweep: Option<Mode>| {
            if state.is_running() || !ready || *busy.borrow() {
                return;
            }
            let Some(calibration) = state.env.calibration else {
                return;
            };
            *busy.borrow_mut() = true;
            let busy = busy.clone();
            let run = Rc::new(RunHandle::default());
            *handle.borrow_mut() = run.clone();
            let (config, mut env) = (state.scenario.config.clone(), state.env.clone());
            let dispatch = state.dispatcher();
            dispatch.dispatch(Action::RunStarted(sweep));
            publish_running();
            spawn_local(async move {
                let wanted = match sweep {
                    Some(mode) => vec![mode],
                    None => config.modes.clone(),
                };
                let machine = Machine { cores: env.cores };
                let needed = threads_needed(&config, &wanted, sweep, machine);
                grow_pool(&mut env, needed, &dispatch).await;
                let modes = runnable_modes(&wanted, &env.pool);
                let mut on_progress = |p: Progress| {
                    dispatch.dispatch(match p {
                        Progress::Started {
                            mode,
                            threads,
                            recorder,
                            expected,
                        } => Action::ModeStarted(LiveMode {
                            mode,
                            threads,
                            recorder,
                            expected,
                        }),
                        Progress::Finished(trace) => Action::ModeFinished(trace),
                    })
                };
                let traces = match sweep {
                    Some(mode) if modes.contains(&mode) => {
                        let sizes = sweep_sizes(mode, machine);
                        run_sweep(
                            &config,
                            calibration,
                            mode,
                            &sizes,
                            machine,
                            &run,
                            &mut on_progress,
                        )
                        .await
                    }
                    Some(_) => Vec::new(),
                    None => {
                        run_modes(
                            &config,
                            calibration,
                            &modes,
                            machine,
                            &run,
                            &mut on_progress,
                        )
                        .await
                    }
                };
                if let Some(broken) = env::broken_pool() {
                    env.pool = broken;
                    dispatch.dispatch(Action::Environment(env.clone()));
                }
                let end = run_end(&wanted, &env.pool, &traces, run.is_stopped());
                let head = head_json(&config, &env, &traces, &end);
                publish_report(&head, traces.iter().map(spans_json), end.key());
                dispatch.dispatch(Action::RunEnded(end));
                *busy.borrow_mut() = false;
            });
        })
    };
    let stop = {
        let (dispatch, handle) = (state.dispatcher(), handle);
        Callback::from(move |()| {
            handle.borrow().stop();
            dispatch.dispatch(Action::StopRequested);
        })
    };
    Runner { start, stop }
}
