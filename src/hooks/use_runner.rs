//! Starting and stopping runs: the glue between the page's state and `engine::run`. A run
//! that needs the worker pool before it has started (embeds start it lazily) starts it first.

use crate::engine::run::{run_sweep, Machine, Progress, RunHandle};
use crate::engine::{env, pool_broken, publish_report, publish_running, run_modes};
use crate::state::{run_end, runnable_modes, Action, AppState, LiveMode};
use interleave_core::analysis::sweep;
use interleave_core::codec::report::{head_json, spans_json, PoolStatus};
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
                if env.pool == PoolStatus::Idle && wanted.iter().any(|m| m.needs_pool()) {
                    let threads = env::pool_threads(env.cores, config.threads);
                    env.pool = PoolStatus::Starting { threads };
                    dispatch.dispatch(Action::Environment(env.clone()));
                    env.pool = env::start_pool(&env, threads).await;
                    dispatch.dispatch(Action::Environment(env.clone()));
                }
                let modes = runnable_modes(&wanted, &env.pool);
                let machine = Machine {
                    cores: env.cores,
                    pool_threads: env.pool_threads().unwrap_or(1),
                };
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
                        let sizes = sweep::sizes(machine.cores, machine.pool_threads, mode).sizes;
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
                if let Some(why) = pool_broken() {
                    // Said openly: rayon's global pool cannot be rebuilt in place.
                    env.pool = PoolStatus::Unavailable {
                        reason: format!(
                            "In the last run {why}, and a crashed thread takes its whole process with it: the worker pool cannot be rebuilt in place. Reload the page for a working pool."
                        ),
                    };
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
