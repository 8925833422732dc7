//! Runs the chosen modes one after another on one plan, and reports progress as it goes.

use super::clock::WebClock;
use super::{cooperative, frames, processes, workers};
use interleave_core::analysis::sweep;
use interleave_core::lesson::{io_pool, RunKind};
use interleave_core::run::budget;
use interleave_core::run::control::RunControl;
use interleave_core::run::gil::Gil;
use interleave_core::run::mode::Mode;
use interleave_core::run::plan::Plan;
use interleave_core::run::recorder::{Recorder, SharedRecorder};
use interleave_core::run::shared::Shared;
use interleave_core::run::trace::{Outcome, Trace};
use interleave_core::run::work::Calibration;
use interleave_core::scenario::config::{ProcessStart, RunConfig, MAX_THREADS};
use interleave_core::view::layout::Expected;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// How long the threads that outlive a crashed one get to see the cancel flag and close their
/// spans: they look at it every few µs of work, and every 5 ms of a wait.
const CLOSE_SPANS_MS: u32 = 20;

pub enum Progress {
    /// A mode starts: the lanes it will show, and the recorder to draw it from as it runs.
    Started {
        mode: Mode,
        threads: usize,
        recorder: SharedRecorder,
        expected: Expected,
    },
    Finished(Trace),
}

/// Lets the page stop a run: the current mode is cancelled and no further mode starts.
#[derive(Default)]
pub struct RunHandle {
    stopped: Cell<bool>,
    current: RefCell<Option<Arc<RunControl>>>,
}

impl RunHandle {
    pub fn stop(&self) {
        self.stopped.set(true);
        if let Some(control) = self.current.borrow().as_ref() {
            control.cancel();
        }
        // A process cannot see the page's cancel flag (its memory is its own): end it.
        processes::end_all();
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.get()
    }
}

/// What the machine offers a run: its cores. The pool grows to whatever size a run asks for,
/// up to `MAX_THREADS` (`pool::grow`), so its size is no limit here.
#[derive(Clone, Copy, Debug)]
pub struct Machine {
    pub cores: usize,
}

/// The pool sizes a sweep of `mode` runs: from 1 to twice the cores, as far as a pool goes.
pub fn sweep_sizes(mode: Mode, machine: Machine) -> Vec<usize> {
    sweep::sizes(machine.cores, MAX_THREADS, mode).sizes
}

/// The pool threads a run of `kind` needs when it may run `modes`: the largest pool size
/// among those that run on the pool (for a sweep, its largest size; with a pool for I/O, that
/// one too), the costs table's two, or none.
pub fn threads_needed(
    config: &RunConfig,
    modes: &[Mode],
    kind: RunKind,
    machine: Machine,
) -> usize {
    let pool_modes = modes.iter().filter(|m| m.needs_pool());
    let largest = pool_modes
        .map(|&m| config.pool_size(m, machine.cores))
        .max();
    match kind {
        RunKind::Sweep(mode) if modes.contains(&mode) && mode.needs_pool() => {
            sweep_sizes(mode, machine).into_iter().max().unwrap_or(1)
        }
        RunKind::Sweep(_) => 0,
        // Two threads at least: the costs' hand-overs are between two.
        RunKind::Costs => 2,
        RunKind::PoolForIo if modes.contains(&Mode::Threads) => {
            largest.unwrap_or(0).max(io_pool(machine.cores))
        }
        RunKind::Modes | RunKind::PoolForIo => largest.unwrap_or(0),
    }
}

/// Runs what `kind` runs of `modes` (those that can run here): the modes in order, a sweep,
/// or the modes and then threads on a pool sized for I/O. The costs table runs no mode.
pub async fn run_kind(
    kind: RunKind,
    config: &RunConfig,
    calibration: Calibration,
    modes: &[Mode],
    machine: Machine,
    handle: &RunHandle,
    on_progress: &mut dyn FnMut(Progress),
) -> Vec<Trace> {
    // The modes once each (none in a sweep), then one mode at the pool sizes after them.
    let (first, then) = match kind {
        RunKind::Sweep(mode) if modes.contains(&mode) => {
            (&[][..], Some((mode, sweep_sizes(mode, machine))))
        }
        RunKind::Sweep(_) | RunKind::Costs => return Vec::new(),
        RunKind::Modes => (modes, None),
        RunKind::PoolForIo => {
            let io = io_pool(machine.cores);
            // Unless the pool sized to the cores already is that size.
            let again = modes.contains(&Mode::Threads)
                && io != config.pool_size(Mode::Threads, machine.cores);
            (modes, again.then(|| (Mode::Threads, vec![io])))
        }
    };
    let mut traces = Vec::new();
    if !first.is_empty() {
        traces = run_modes(config, calibration, first, machine, handle, on_progress).await;
    }
    if let Some((mode, sizes)) = then {
        let more = run_sweep(
            config,
            calibration,
            mode,
            &sizes,
            machine,
            handle,
            on_progress,
        );
        traces.extend(more.await);
    }
    traces
}

/// Runs `modes` in order and returns their traces.
pub async fn run_modes(
    config: &RunConfig,
    calibration: Calibration,
    modes: &[Mode],
    machine: Machine,
    handle: &RunHandle,
    on_progress: &mut dyn FnMut(Progress),
) -> Vec<Trace> {
    let plan = Plan::build(&config.recipe.tasks(), calibration);
    let plan = Arc::new(plan.named(config.recipe.names.clone()));
    let mut traces = Vec::new();
    for &mode in modes {
        if handle.stopped.get() {
            break;
        }
        let threads = config.pool_size(mode, machine.cores);
        if mode == Mode::Processes {
            match config.process_start {
                // Like creating the Pool before timing: start-up is not part of the run.
                ProcessStart::BeforeRun => {
                    if let Err(e) = processes::prepare(threads).await {
                        web_sys::console::warn_1(&format!("processes did not start: {e}").into());
                    }
                }
                ProcessStart::InsideRun => processes::end_all(),
            }
        }
        // Stop may have come while processes were starting.
        if handle.stopped.get() {
            break;
        }
        let one = OneMode {
            mode,
            threads,
            plan: &plan,
            config,
            calibration,
        };
        let (trace, pool_lost) = one.run(handle, on_progress).await;
        traces.push(trace);
        if pool_lost {
            break;
        }
    }
    traces
}

/// What every thread of one mode's run shares: its span log, its control, its shared state.
#[derive(Clone)]
pub struct Run {
    pub rec: Arc<Recorder>,
    pub control: Arc<RunControl>,
    pub shared: Arc<Shared>,
}

/// One mode's run of the plan.
struct OneMode<'a> {
    mode: Mode,
    threads: usize,
    plan: &'a Arc<Plan>,
    config: &'a RunConfig,
    calibration: Calibration,
}

impl OneMode<'_> {
    /// Runs it and returns its trace, and whether a crashed pool thread took the pool with it.
    async fn run(self, handle: &RunHandle, on_progress: &mut dyn FnMut(Progress)) -> (Trace, bool) {
        let OneMode {
            mode,
            threads,
            plan,
            ..
        } = self;
        let rec = Recorder::new(Box::new(WebClock));
        let rec = Arc::new(if records(self.config) {
            rec
        } else {
            rec.without_spans()
        });
        let control = Arc::new(RunControl::new(plan.task_count()));
        *handle.current.borrow_mut() = Some(control.clone());
        on_progress(Progress::Started {
            mode,
            threads,
            recorder: SharedRecorder(rec.clone()),
            expected: Expected::of(mode, threads, plan.task_count()),
        });
        // Only the cooperative mode runs on the main thread: only its frame gaps are measured.
        let main_thread = mode == Mode::Cooperative;
        start_clock(&rec, main_thread).await;
        // asyncio's Lock is first-come, first-served; threading.Lock is not.
        let state = Arc::new(Shared::new(&plan.names, mode == Mode::Cooperative));
        let wall = self.engine((&rec, &control), &state).await;
        // A crashed pool thread takes the pool with it, as a crashed thread takes its process:
        // the threads still running stop where they are, and close their spans first.
        let pool_lost = wall.is_err() && super::pool_broken().is_some();
        if pool_lost {
            control.cancel();
            gloo_timers::future::TimeoutFuture::new(CLOSE_SPANS_MS).await;
        }
        let outcome = match &wall {
            Err(_) if pool_lost || control.crashed() => Outcome::Crashed,
            Ok(_) if control.crashed() => Outcome::Crashed,
            Ok(_) if state.locks.deadlock().is_some() => Outcome::Deadlocked,
            Err(e) => {
                web_sys::console::warn_1(&format!("{} failed: {e}", mode.label()).into());
                Outcome::Failed
            }
            Ok(_) if control.is_cancelled() || handle.stopped.get() => Outcome::Cancelled,
            Ok(_) => Outcome::Completed,
        };
        let failure = wall.as_ref().err().filter(|_| outcome == Outcome::Failed);
        let failure = failure.cloned();
        let wall = wall.unwrap_or_else(|_| rec.now());
        let gap = main_thread.then(frames::stop_watching);
        frames::set_quiet(false);
        let mut trace = rec.finish(&control, mode, threads, wall, outcome, gap);
        trace.failure = failure;
        trace.shared = state.outcome(&plan.names);
        if mode == Mode::Processes {
            // Each process has locks of its own, which no other process ever waits for;
            // the page's were never taken.
            trace.shared.locks.clear();
        }
        *handle.current.borrow_mut() = None;
        on_progress(Progress::Finished(trace.clone()));
        (trace, pool_lost)
    }

    /// Hands the plan to the mode's engine; resolves with the wall time, or why it failed.
    async fn engine(
        &self,
        (rec, control): (&Arc<Recorder>, &Arc<RunControl>),
        state: &Arc<Shared>,
    ) -> Result<f64, String> {
        // Slices too fine for this recipe would record more spans than a mode may keep.
        let fitted = budget::fit(self.config);
        let p = self.plan.clone();
        let run = Run {
            rec: rec.clone(),
            control: control.clone(),
            shared: state.clone(),
        };
        let threads = self.threads;
        match self.mode {
            Mode::Cooperative => Ok(cooperative::run(p, run, fitted.yield_ms).await),
            Mode::Sequential | Mode::Threads => workers::run(p, run, threads, None).await,
            Mode::Gil => {
                let gil = Gil::new(fitted.switch_ms, self.calibration.units_per_ms);
                workers::run(p, run, threads, Some(Arc::new(gil))).await
            }
            Mode::Processes => processes::run(p, run, threads).await,
        }
    }
}

/// Quiets the page and starts the mode's clock once what the page shows for it is drawn.
async fn start_clock(rec: &Recorder, main_thread: bool) {
    frames::set_quiet(true);
    // From before the clock starts too, so that the heartbeat says from this mode's first
    // frame whether its gaps are measured.
    frames::watch_loop(main_thread);
    // Let the page draw that the mode starts before its clock does: that drawing takes a
    // core the run would otherwise share, and the first tasks would look slower. Started
    // from a frame's callback instead, the clock took in that frame's paint (a 10 ms
    // commit, traced).
    frames::after_frames(2).await;
    rec.restart();
    frames::ticks_from_now();
    if main_thread {
        // Afresh: only what the run held counts.
        frames::watch_loop(true);
    }
}

/// Whether a mode keeps its spans: as the URL says, unless the bench has set
/// `window.interleaveNoRecord = true`. Separate page loads differ by more than recording costs,
/// so the bench alternates it in one warm page, between runs.
fn records(config: &RunConfig) -> bool {
    config.record && !super::env::global_flag("interleaveNoRecord")
}

/// Runs `mode` once at every pool size of `sizes`, on the same plan; returns the traces.
pub async fn run_sweep(
    config: &RunConfig,
    calibration: Calibration,
    mode: Mode,
    sizes: &[usize],
    machine: Machine,
    handle: &RunHandle,
    on_progress: &mut dyn FnMut(Progress),
) -> Vec<Trace> {
    let mut traces = Vec::new();
    for &size in sizes {
        // A crashed pool thread took the pool: the sizes after it have nothing to run on.
        if super::pool_broken().is_some() {
            break;
        }
        let sized = RunConfig {
            threads: Some(size),
            ..config.clone()
        };
        traces.extend(run_modes(&sized, calibration, &[mode], machine, handle, on_progress).await);
    }
    traces
}
