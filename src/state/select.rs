//! Selectors: what the page shows that follows from the state alone, kept here so it is tested
//! natively. The costly ones go over every span of a recording; `App` computes them only when
//! their key changes (`recorded`, `verdict`), not on every render: the page re-renders on
//! every keystroke in the recipe editor.

use super::{AppState, Availability, Phase, Recording};
use interleave_core::analysis::stats::{
    long_holds, max_parallel, plan_computes_in_parallel, silent_fallbacks, summarize,
};
use interleave_core::codec::report::{PoolStatus, RunEnd};
use interleave_core::lesson::{self, RunContext, RunKind, Verdict, YieldSample};
use interleave_core::python;
use interleave_core::run::mode::Mode;
use interleave_core::scenario::config::MAX_THREADS;
use interleave_core::view::columns::{columns, Column};
use std::rc::Rc;

/// A cooperative slice longer than this is reported: at 60 Hz it costs three frames.
pub const LONG_HOLD_MS: f64 = 50.0;

/// Everything `AppState::recorded` reads: while none of it changes, neither does its result.
/// The run's number stands for the config it ran with, which only a new run changes.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingKey {
    traces: Recording,
    imported: Recording,
    run: u32,
}

/// Everything `AppState::verdict` reads.
#[derive(Clone, Debug, PartialEq)]
pub struct VerdictKey {
    recording: RecordingKey,
    finished: bool,
    cores: usize,
    history: Vec<YieldSample>,
}

/// The figures over every span of the recording, and what the views draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The browser's runs, then CPython's imported one.
    pub shown: Recording,
    /// How CPython's imported run compares with the browser's.
    pub comparison: Option<Verdict>,
    /// The cooperative mode's slices that held the event loop longer than `LONG_HOLD_MS`.
    pub long_holds: Vec<(u32, f64)>,
    /// The most lanes that computed at once, once anything ran.
    pub max_parallel: Option<usize>,
    /// Whether the plan could compute on two lanes at once in a mode that has them; fewer is
    /// a shortfall only then (for waits alone it is what should happen).
    pub parallel_expected: bool,
    /// Modes that silently ran on one thread where the plan could overlap.
    pub fallbacks: Vec<String>,
    /// The results table's columns that mean something for this run.
    pub columns: Rc<[Column]>,
}

impl AppState {
    /// Run is possible: calibration is done, and the pool is not still starting even when no
    /// chosen mode needs it (starting and warming up workers takes the cores a measured run
    /// would use).
    pub fn ready(&self) -> bool {
        self.env.calibration.is_some()
            && !matches!(self.availability(Mode::Threads), Availability::Pending(_))
    }

    /// What the page is doing, in a few words, for the embed's status line.
    pub fn status(&self) -> String {
        match (&self.run.phase, &self.env.pool) {
            (Phase::Running { mode: Some(m) }, _) => format!("running {}…", m.label()),
            (Phase::Running { .. }, PoolStatus::Starting { threads }) => {
                format!("starting {threads} workers…")
            }
            (Phase::Running { .. }, _) => "starting…".into(),
            (Phase::Stopping, _) => "stopping…".into(),
            (Phase::Finished, _) => match &self.run.ended {
                Some(RunEnd::Done) => "done".into(),
                Some(RunEnd::NothingRan { .. }) => "nothing could run here".into(),
                Some(RunEnd::Crashed) => "a task crashed".into(),
                Some(RunEnd::Deadlocked) => "deadlocked: found and broken".into(),
                _ => "stopped".into(),
            },
            (Phase::Idle, _) if self.presence.parked => "waiting for its slide".into(),
            (Phase::Idle, _) if !self.presence.shown => "waiting to be seen".into(),
            (Phase::Idle, _) if !self.ready() => "measuring this device…".into(),
            (Phase::Idle, _) => "ready: press Run or space".into(),
        }
    }

    /// Whether the machine was busy during the last run, for the embed's results line: the
    /// page never went quiet before it, or its CPU work ran slower than calibrated.
    pub fn busy_note(&self) -> Option<String> {
        if self.is_running() {
            return None;
        }
        let planned = self.run.ran_with.as_ref()?.recipe.summary().cpu_ms;
        let tasks = self.run.traces.first()?.results.len();
        let slow = lesson::busy_during(&summarize(&self.run.traces, tasks), planned);
        let unsettled = self.presence.settled.filter(|s| s.gave_up).map(|s| {
            format!(
                "the page was still busy when this run began (it waited {} to settle)",
                interleave_core::view::figure::ms(s.waited_ms, 0)
            )
        });
        let said: Vec<String> = unsettled.into_iter().chain(slow).collect();
        (!said.is_empty()).then(|| {
            let mut text = said.join("; ");
            text[..1].make_ascii_uppercase();
            format!("{text}: these figures may be low.")
        })
    }

    /// What Run does: the lesson's kind of run; free play runs its modes once.
    pub fn run_kind(&self) -> RunKind {
        self.scenario
            .config
            .lesson
            .map_or(RunKind::Modes, |l| lesson::get(l).run)
    }

    /// The mode Sweep runs over pool sizes: threads if chosen, else the first chosen mode that
    /// has a pool size and can run here.
    pub fn sweep_mode(&self) -> Option<Mode> {
        let runnable = self.runnable_modes();
        [Mode::Threads, Mode::Gil, Mode::Processes]
            .into_iter()
            .find(|m| runnable.contains(m))
    }

    /// How many tasks the numbers are about: the run that happened (or is happening), not
    /// the recipe being edited since; at least as many as an imported run had.
    pub fn task_count(&self) -> usize {
        let run = &self.run;
        let tasks = run
            .ran_with
            .as_ref()
            .filter(|_| !run.traces.is_empty() || self.is_running())
            .unwrap_or(&self.scenario.config)
            .recipe
            .task_count() as usize;
        tasks.max(self.import.row.first().map_or(0, |t| t.results.len()))
    }

    /// What the exported files call the last run: its lesson (or free play) and its recipe.
    pub fn run_title(&self) -> String {
        let Some(ran) = &self.run.ran_with else {
            return "Interleave".into();
        };
        let lesson = ran
            .lesson
            .map(|l| lesson::get(l).title)
            .unwrap_or("Free play");
        format!(
            "Interleave — {lesson}: {}",
            ran.recipe.to_string().trim().replace('\n', "; ")
        )
    }

    /// Why the modes that need the worker pool cannot run here, if they cannot.
    pub fn workers_unavailable(&self) -> Option<String> {
        match &self.env.pool {
            PoolStatus::Unavailable { reason } => Some(reason.clone()),
            _ => None,
        }
    }

    /// The modes the next run will leave out, for the time they would take, and why.
    pub fn time_limit(&self) -> Option<String> {
        let said: Vec<String> =
            super::too_long(&self.scenario.config, self.run_kind(), self.env.cores)
                .into_iter()
                .map(|(_, why)| why)
                .collect();
        (!said.is_empty()).then(|| format!("Left out of a run: {}.", said.join("; ")))
    }

    /// Why the last run ran nothing, if it did.
    pub fn nothing_ran(&self) -> Option<String> {
        match &self.run.ended {
            Some(RunEnd::NothingRan { reason }) => Some(reason.clone()),
            _ => None,
        }
    }

    /// The pool size the Python program is written for: the chosen one, else one per core.
    pub fn python_threads(&self) -> usize {
        let config = &self.scenario.config;
        config
            .threads
            .unwrap_or(self.env.cores)
            .clamp(1, MAX_THREADS)
    }

    /// Whether the last finished run showed what its lesson teaches.
    pub fn verdict(&self) -> Option<Verdict> {
        let ran = self
            .run
            .ran_with
            .as_ref()
            .filter(|_| self.run.phase == Phase::Finished)?;
        let l = lesson::get(ran.lesson?);
        let longest_wait = ran
            .recipe
            .tasks()
            .iter()
            .map(|steps| steps.iter().map(|s| s.io_ms()).sum::<f64>())
            .fold(0.0, f64::max);
        let ctx = RunContext {
            longest_wait_ms: longest_wait,
            yield_ms: ran.yield_ms,
            cores: self.env.cores,
            history: &self.scenario.yield_history,
            planned_cpu_ms: ran.recipe.summary().cpu_ms,
        };
        lesson::verdict(l, &self.run.traces, ctx)
    }

    /// What `recorded` depends on.
    pub fn recording_key(&self) -> RecordingKey {
        RecordingKey {
            traces: self.run.traces.clone(),
            imported: self.import.row.clone(),
            run: self.run.number,
        }
    }

    /// What `verdict` depends on.
    pub fn verdict_key(&self) -> VerdictKey {
        VerdictKey {
            recording: self.recording_key(),
            finished: self.run.phase == Phase::Finished,
            cores: self.env.cores,
            history: self.scenario.yield_history.clone(),
        }
    }

    /// The figures over every span of the recording, which describe the run that happened:
    /// the recipe it ran, not the one being edited since.
    pub fn recorded(&self) -> Recorded {
        let (traces, imported) = (&self.run.traces, &self.import.row);
        let recipe = self.run.ran_with.as_ref().map(|c| &c.recipe);
        let plan = recipe.map(|r| r.tasks()).unwrap_or_default();
        let shown = traces.joined(imported);
        let table_recipe = recipe.unwrap_or(&self.scenario.config.recipe);
        let stats = summarize(&shown, table_recipe.task_count() as usize);
        Recorded {
            columns: columns(table_recipe, &stats, &shown).into(),
            shown,
            comparison: imported.first().map(|t| python::compare(t, traces, recipe)),
            long_holds: traces
                .iter()
                .find(|t| t.mode == Mode::Cooperative)
                .map(|t| long_holds(t, LONG_HOLD_MS))
                .unwrap_or_default(),
            max_parallel: (!traces.is_empty()).then(|| max_parallel(traces)),
            parallel_expected: traces.iter().any(|t| {
                matches!(t.mode, Mode::Threads | Mode::Processes)
                    && plan_computes_in_parallel(&plan, t.threads)
            }),
            fallbacks: silent_fallbacks(traces, &plan),
        }
    }
}
