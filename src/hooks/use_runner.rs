//! Starting and stopping runs: the glue between the page's state and `engine::run`. A run
//! that needs more pool workers than have started (embeds start none until then; a larger pool
//! size; a sweep) grows the pool first, shown as start-up, before any mode's clock starts.

use crate::engine::run::{run_kind, threads_needed, Machine, Progress, RunHandle};
use crate::engine::{costs, env, publish_report, publish_running};
use crate::state::{run_end, runnable_modes, too_long, Action, AppState, LiveMode};
use interleave_core::analysis::costs::{crash_impact, Costs, Row};
use interleave_core::codec::report::{head_json, spans_json, Environment, PoolStatus, RunEnd};
use interleave_core::lesson::RunKind;
use interleave_core::run::mode::Mode;
use interleave_core::run::trace::Trace;
use interleave_core::scenario::config::RunConfig;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Starts a run of a kind (the modes, a sweep, the costs table) and stops the current one.
#[derive(Clone, PartialEq)]
pub struct Runner {
    pub start: Callback<RunKind>,
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
        Callback::from(move |kind: RunKind| {
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
            // What the costs table reads a crash from: the run before this one.
            let before = state.run.traces.clone();
            let dispatch = state.dispatcher();
            dispatch.dispatch(Action::RunStarted(kind));
            publish_running();
            spawn_local(async move {
                let wanted = match kind {
                    RunKind::Sweep(mode) => vec![mode],
                    // Its thread probes need the pool.
                    RunKind::Costs => vec![Mode::Threads],
                    RunKind::Modes | RunKind::PoolForIo => config.modes.clone(),
                };
                let too_long = too_long(&config, kind, env.cores);
                // Those within the time limit, whatever the pool's state: it grows for them.
                let within: Vec<Mode> = runnable_modes(&wanted, &PoolStatus::Idle, &too_long);
                let machine = Machine { cores: env.cores };
                let needed = threads_needed(&config, &within, kind, machine);
                grow_pool(&mut env, needed, &dispatch).await;
                if kind == RunKind::Costs {
                    run_costs(&config, &env, &before, &dispatch, &run).await;
                    *busy.borrow_mut() = false;
                    return;
                }
                let modes = runnable_modes(&wanted, &env.pool, &too_long);
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
                let traces = run_kind(
                    kind,
                    &config,
                    calibration,
                    &modes,
                    machine,
                    &run,
                    &mut on_progress,
                )
                .await;
                if let Some(broken) = env::broken_pool() {
                    env.pool = broken;
                    dispatch.dispatch(Action::Environment(env.clone()));
                }
                let end = run_end(&wanted, &env.pool, &too_long, &traces, run.is_stopped());
                let head = head_json(&config, &env, &traces, &end, None);
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

/// Measures the costs table, showing each group of cells as it comes, and publishes it as the
/// run's result. The crash row comes from the run before, if it had a crash step.
async fn run_costs(
    config: &RunConfig,
    env: &Environment,
    before: &[Trace],
    dispatch: &UseReducerDispatcher<AppState>,
    run: &RunHandle,
) {
    let crash = crash_impact(before);
    let with_crash = |mut costs: Costs| {
        for (unit, cell) in &crash {
            costs.set(Row::CrashImpact, *unit, cell.clone());
        }
        costs
    };
    let mut on_progress = |costs: &Costs| {
        dispatch.dispatch(Action::CostsMeasured(Rc::new(with_crash(costs.clone()))));
    };
    let stopped = || run.is_stopped();
    let costs = costs::measure(env.cores, &env.pool, &stopped, &mut on_progress).await;
    let costs = with_crash(costs);
    let end = if run.is_stopped() {
        RunEnd::Stopped
    } else {
        RunEnd::Done
    };
    let head = head_json(config, env, &[], &end, Some(&costs));
    publish_report(&head, std::iter::empty(), end.key());
    dispatch.dispatch(Action::CostsMeasured(Rc::new(costs)));
    dispatch.dispatch(Action::RunEnded(end));
}
