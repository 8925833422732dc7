//! The page's state as plain data, and the pure reducer that changes it. The Yew glue in
//! `app.rs` only forwards actions here, so the rules are tested natively.

use interleave_core::analysis::costs::Costs;
use interleave_core::codec::report::{Environment, PoolStatus, RunEnd};
use interleave_core::lesson::{LessonId, RunKind, YieldSample};
use interleave_core::python::{self, CostsRun, Imported};
use interleave_core::run::mode::Mode;
use interleave_core::run::time_limit;
use interleave_core::run::trace::{Outcome, Trace};
use interleave_core::scenario::config::{ConfigError, RunConfig};
use interleave_core::scenario::embed::settle::Settled;
use interleave_core::scenario::embed::Autoplay;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Running { mode: Option<Mode> },
    Stopping,
    Finished,
}

/// The page's state, by concern: what to run, where, the run, whether the page is seen, and
/// CPython's imported row.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub scenario: Scenario,
    pub env: Environment,
    pub run: Run,
    pub presence: Presence,
    pub import: Import,
}

/// What to run, as the controls and the recipe editor have it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub config: RunConfig,
    pub config_errors: Vec<ConfigError>,
    /// The recipe editor's text, which may not parse; `config` keeps the last good recipe.
    pub recipe_draft: String,
    /// Why the draft does not parse, with line, column and a hint.
    pub recipe_error: Option<String>,
    /// Runs of the yield-granularity lesson so far, to show the trade-off across intervals.
    pub yield_history: Vec<YieldSample>,
}

/// The current or last run, and whether one is asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub phase: Phase,
    pub traces: Recording,
    /// The scenario the current or last run used; the controls may have moved on since.
    pub ran_with: Option<RunConfig>,
    /// The mode the last run swept over pool sizes, if it was a sweep.
    pub swept: Option<Mode>,
    /// The costs table, as far as the last run of the costs lesson measured it.
    pub costs: Option<Rc<Costs>>,
    /// The mode running now and its recorder, for drawing it live.
    pub live: Option<LiveMode>,
    /// How the last run ended, once it has.
    pub ended: Option<RunEnd>,
    /// Counts runs, so that views can tell a new run from an old one.
    pub number: u32,
    /// Autoplay, a shown slide or a loop asked for a run; it starts when the page is ready.
    pub play_requested: bool,
}

/// Whether the page is seen: in view, its slide shown, or parked as an embed.
#[derive(Clone, Debug, PartialEq)]
pub struct Presence {
    /// Whether the page is in view, or its slide shown. A parked embed starts hidden.
    pub shown: bool,
    /// Reloaded after its deck left the slide. Being in view wakes it only once it has been out
    /// of view (a deck may keep a left slide's frame on screen during a transition, and a
    /// `slide:start` sent while the frame was reloading is lost).
    pub parked: bool,
    /// A parked page has been out of view since it loaded.
    pub parked_out_of_view: bool,
    /// How the page settled before the last run a request started.
    pub settled: Option<Settled>,
}

/// CPython's run of the program the page wrote (`interleave_core::python`), imported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Import {
    /// None or one trace, drawn after the browser's and kept across runs.
    pub row: Recording,
    /// The costs program's figures, shown in the costs table beside the browser's.
    pub costs: Option<Rc<CostsRun>>,
    /// Why the last import was refused, with what and where; an imported row stays.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Configure(RunConfig),
    EditRecipe(String),
    ChooseLesson(Option<LessonId>),
    Environment(Environment),
    /// A run starts: the modes, a sweep of one over pool sizes, or the costs table.
    RunStarted(RunKind),
    /// The costs table so far: each group of cells as it is measured.
    CostsMeasured(Rc<Costs>),
    ModeStarted(LiveMode),
    ModeFinished(Trace),
    StopRequested,
    RunEnded(RunEnd),
    /// The deck showed the page's slide (`slide:start`) or left it (`slide:stop`).
    SlideShown(bool),
    /// The page came into view or left it.
    InView(bool),
    /// A looping embed's pause after a completed run is over.
    LoopDue,
    /// The page went quiet (or gave up waiting) before a requested run.
    Settled(Settled),
    /// The text of a trace file a generated Python program wrote, dropped or pasted.
    Import(String),
    /// A file that could not be read as text, and why.
    ImportFailed(String),
    /// The imported row is removed.
    ClearImport,
}

/// Whether a mode can run here, and if not, why and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub enum Availability {
    Ready,
    Pending(String),
    Unavailable(String),
}

impl AppState {
    /// `parked`: reloaded after its slide was left; it waits to be shown again.
    pub fn new(config: RunConfig, config_errors: Vec<ConfigError>, parked: bool) -> Self {
        AppState {
            presence: Presence {
                // With autoplay on visibility, the page counts as hidden until seen.
                shown: !parked && config.autoplay != Autoplay::Visible,
                parked,
                parked_out_of_view: false,
                settled: None,
            },
            run: Run {
                phase: Phase::Idle,
                traces: Recording::default(),
                ran_with: None,
                swept: None,
                costs: None,
                live: None,
                ended: None,
                number: 0,
                play_requested: !parked && config.autoplay == Autoplay::Load,
            },
            scenario: Scenario {
                recipe_draft: config.recipe_text.clone(),
                recipe_error: None,
                yield_history: Vec::new(),
                config,
                config_errors,
            },
            env: Environment::default(),
            import: Import::default(),
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run.phase, Phase::Running { .. } | Phase::Stopping)
    }

    pub fn reduce(&mut self, action: Action) {
        match action {
            Action::Configure(_) | Action::EditRecipe(_) | Action::ChooseLesson(_)
                if self.is_running() => {}
            Action::Configure(config) => self.scenario.config = config,
            Action::EditRecipe(text) => self.scenario.edit_recipe(text),
            Action::ChooseLesson(lesson) => self.scenario.choose_lesson(lesson),
            Action::Environment(env) => self.env = env,
            Action::RunStarted(kind) => {
                // A run someone pressed for waited for nothing.
                if !self.run.play_requested {
                    self.presence.settled = None;
                }
                let run = &mut self.run;
                run.play_requested = false;
                run.swept = match kind {
                    RunKind::Sweep(mode) => Some(mode),
                    _ => None,
                };
                run.costs = None;
                run.traces = Recording::default();
                run.ran_with = Some(self.scenario.config.clone());
                run.ended = None;
                run.number += 1;
                run.phase = Phase::Running { mode: None };
            }
            Action::CostsMeasured(costs) => self.run.costs = Some(costs),
            Action::Settled(settled) => self.presence.settled = Some(settled),
            Action::ModeStarted(live) => {
                if self.run.phase != Phase::Stopping {
                    self.run.phase = Phase::Running {
                        mode: Some(live.mode),
                    };
                }
                self.run.live = Some(live);
            }
            Action::ModeFinished(trace) => {
                self.run.live = None;
                self.scenario.note_yield(&trace);
                self.run.traces.push(trace);
            }
            Action::StopRequested if self.is_running() => self.run.phase = Phase::Stopping,
            Action::StopRequested => {}
            Action::RunEnded(end) => {
                self.run.live = None;
                self.run.ended = Some(end);
                self.run.phase = Phase::Finished;
            }
            Action::InView(false) if self.presence.parked => {
                self.presence.parked_out_of_view = true
            }
            Action::InView(true) if self.presence.parked && !self.presence.parked_out_of_view => {}
            Action::SlideShown(true) | Action::InView(true) if self.presence.parked => {
                self.presence.parked = false;
                self.show(true);
            }
            Action::SlideShown(true) => self.show(true),
            Action::SlideShown(false) | Action::InView(false) => self.show(false),
            Action::InView(true) => self.show(true),
            Action::LoopDue => {
                self.run.play_requested = self.presence.shown && self.loops_now();
            }
            // A bad file changes nothing but the message.
            Action::Import(text) => match python::import_file(&text) {
                Ok(Imported::Trace(trace)) => {
                    self.import.row = Recording::default();
                    self.import.row.push(trace);
                    self.import.error = None;
                }
                Ok(Imported::Costs(costs)) => {
                    self.import.costs = Some(Rc::new(costs));
                    self.import.error = None;
                }
                Err(e) => self.import.error = Some(e.to_string()),
            },
            Action::ImportFailed(why) => self.import.error = Some(why),
            Action::ClearImport => self.import = Import::default(),
        }
    }

    pub fn availability(&self, mode: Mode) -> Availability {
        availability(&self.env.pool, mode)
    }

    /// Shown twice (in view, and the deck's slide:start) is still one request.
    fn show(&mut self, shown: bool) {
        if shown != self.presence.shown {
            self.presence.shown = shown;
            self.run.play_requested = shown && self.scenario.config.autoplay != Autoplay::Off;
        }
    }

    /// Whether a looping embed should run again after a pause: its last run completed.
    pub fn loops_now(&self) -> bool {
        self.scenario.config.embed.is_some_and(|e| e.looping)
            && self.run.phase == Phase::Finished
            && self.run.ended == Some(RunEnd::Done)
    }

    /// The selected modes that can run now, in the order they run.
    pub fn runnable_modes(&self) -> Vec<Mode> {
        let config = &self.scenario.config;
        let too_long = too_long(config, RunKind::Modes, self.env.cores);
        runnable_modes(&config.modes, &self.env.pool, &too_long)
    }
}

impl Scenario {
    /// A draft that does not parse keeps the last good recipe and says why.
    fn edit_recipe(&mut self, text: String) {
        self.recipe_error = self.config.set_recipe(&text).err().map(|e| e.to_string());
        if self.recipe_error.is_none() {
            self.yield_history.clear();
        }
        self.recipe_draft = text;
    }

    /// A lesson loads its scenario but keeps this machine's settings; free play keeps the
    /// recipe.
    fn choose_lesson(&mut self, lesson: Option<LessonId>) {
        if let Some(id) = lesson {
            let RunConfig { threads, live, .. } = self.config;
            self.config = RunConfig {
                threads,
                live,
                ..RunConfig::for_lesson(id)
            };
            self.recipe_draft = self.config.recipe_text.clone();
            self.recipe_error = None;
        }
        self.config.lesson = lesson;
        self.yield_history.clear();
    }

    /// The yield-granularity lesson keeps each completed cooperative run's sample.
    fn note_yield(&mut self, trace: &Trace) {
        let granularity = self.config.lesson == Some(LessonId::YieldGranularity);
        if granularity && trace.mode == Mode::Cooperative && trace.outcome == Outcome::Completed {
            let sample = YieldSample::from_trace(trace, self.config.yield_ms);
            self.yield_history.push(sample);
        }
    }
}

/// Whether `mode` can run with the pool as it is. A pool not started yet (`Idle`, in embeds)
/// counts as ready: the run starts it first.
pub fn availability(pool: &PoolStatus, mode: Mode) -> Availability {
    if !mode.needs_pool() {
        return Availability::Ready;
    }
    match pool {
        PoolStatus::Ready { .. } | PoolStatus::Idle => Availability::Ready,
        PoolStatus::Starting { .. } => Availability::Pending("the worker pool is starting".into()),
        PoolStatus::Unavailable { reason } => Availability::Unavailable(reason.clone()),
    }
}

/// The modes a run of `kind` leaves out because they would run longer than a mode may
/// (`time_limit`), each with why. A sweep starts from one thread, its longest size.
pub fn too_long(config: &RunConfig, kind: RunKind, cores: usize) -> Vec<(Mode, String)> {
    match kind {
        RunKind::Modes | RunKind::PoolForIo => time_limit::too_long(config, cores),
        RunKind::Sweep(mode) => time_limit::over(&config.recipe, mode, 1)
            .map(|why| (mode, format!("a sweep starts from 1: {why}")))
            .into_iter()
            .collect(),
        RunKind::Costs => Vec::new(),
    }
}

/// How a finished run ended: `wanted` are the modes it was asked for (the swept one for a
/// sweep), `too_long` those left out for the time they would take, `traces` what ran,
/// `stopped` whether Stop was pressed. A run in which no chosen mode could run is not "done"
/// with nothing in it: automation would read that as success.
pub fn run_end(
    wanted: &[Mode],
    pool: &PoolStatus,
    too_long: &[(Mode, String)],
    traces: &[Trace],
    stopped: bool,
) -> RunEnd {
    // Stopped before its first mode started is still a stop, if anything could have run.
    let stopped_early = stopped && !runnable_modes(wanted, pool, too_long).is_empty();
    if traces.is_empty() && !stopped_early {
        return RunEnd::NothingRan {
            reason: why_nothing_ran(wanted, pool, too_long),
        };
    }
    let crashed = traces.iter().any(|t| t.outcome == Outcome::Crashed);
    let deadlocked = traces.iter().any(|t| t.outcome == Outcome::Deadlocked);
    if crashed && !stopped {
        RunEnd::Crashed
    } else if deadlocked && !stopped {
        RunEnd::Deadlocked
    } else if stopped || traces.iter().any(|t| t.outcome != Outcome::Completed) {
        RunEnd::Stopped
    } else {
        RunEnd::Done
    }
}

/// Why none of `wanted` ran, with the fix the pool's status or the time limit gives.
fn why_nothing_ran(wanted: &[Mode], pool: &PoolStatus, too_long: &[(Mode, String)]) -> String {
    if wanted.is_empty() {
        return "No mode was chosen: tick at least one.".into();
    }
    let names: Vec<&str> = wanted.iter().map(|m| m.label()).collect();
    let why = wanted.iter().find_map(|&m| match availability(pool, m) {
        Availability::Unavailable(why) => Some(why),
        Availability::Pending(_) => Some("The worker pool was still starting.".into()),
        Availability::Ready => None,
    });
    let long: Vec<&str> = too_long.iter().map(|(_, why)| why.as_str()).collect();
    match why {
        Some(why) => format!(
            "None of the chosen modes ({}) could run here: they need the shared-memory worker pool. {why}",
            names.join(", ")
        ),
        None if !long.is_empty() => format!(
            "None of the chosen modes ({}) could run: {}.",
            names.join(", "),
            long.join("; ")
        ),
        None => "The run ended before any mode started.".into(),
    }
}

/// Those of `modes` that can run with the pool as it is, and are not `too_long`, in the
/// order they run.
pub fn runnable_modes(modes: &[Mode], pool: &PoolStatus, too_long: &[(Mode, String)]) -> Vec<Mode> {
    modes
        .iter()
        .copied()
        .filter(|&m| availability(pool, m) == Availability::Ready)
        .filter(|&m| !too_long.iter().any(|(long, _)| *long == m))
        .collect()
}

mod recording;
mod select;
#[cfg(test)]
mod tests;

pub use recording::{LiveMode, Recording};
pub use select::{Recorded, RecordingKey, VerdictKey};
