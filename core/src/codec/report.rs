//! The JSON a finished run is exposed as, for tests, benches and other pages.
//!
//! Shape (documented in README.md, "Automation"): `{ state, reason?, config, env, modes: [ { mode,
//! outcome, threads, wall_ms, cpu_ms, speedup, efficiency, tasks_in_flight, max_parallel_cpu,
//! max_frame_gap_ms, epoch_ms, lanes, results, spans: [ { lane, task, step, kind, start, end }
//! ] } ] }`, times in ms.

use crate::analysis::costs::Costs;
use crate::analysis::stats::summarize;
use crate::codec::json::{self, ToJson};
use crate::lesson::{self, LessonId};
use crate::run::budget;
use crate::run::isolation::{Capabilities, Isolation, SharedMemory};
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, Span, SpanKind, Trace};
use crate::run::work::Calibration;
use crate::scenario::config::{ProcessStart, RunConfig, Theme};
use crate::scenario::embed::{Autoplay, Embed};
use crate::scenario::recipe::{Millis, Recipe, RecipeStep, TaskGroup};
use crate::scenario::step::Step;

/// What the page found out about the browser it runs in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    pub cross_origin_isolated: bool,
    /// How the page got isolation, or why it did not.
    pub isolation: Isolation,
    /// What the worker modes need, tested as they use it.
    pub capabilities: Capabilities,
    pub cores: usize,
    pub pool: PoolStatus,
    /// Units of work per ms that plans are sized with: measured on a pool worker, where
    /// every mode but the cooperative one computes, or on the main thread without a pool.
    pub calibration: Option<Calibration>,
    /// The same, measured on the main thread, where the cooperative mode computes.
    pub calibration_main: Option<Calibration>,
    /// Median cost of one cooperative yield, measured at load.
    pub yield_cost_us: Option<f64>,
    /// The smallest step `performance.now()` takes here, in µs (browsers coarsen it unless
    /// the page is cross-origin isolated).
    pub timer_resolution_us: Option<f64>,
    pub yield_mechanism: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum PoolStatus {
    /// Not started: an embed starts it when a run first needs it.
    #[default]
    Idle,
    Starting {
        threads: usize,
    },
    Ready {
        threads: usize,
        startup_ms: f64,
        /// Time spent bringing every worker's code to its optimized tier, after start-up.
        warmup_ms: f64,
    },
    Unavailable {
        reason: String,
    },
}

/// How a finished run ended: the report's `state` and `<html data-run-state>`. Automation
/// reads "done" as success, so it is only ever the case when modes ran and completed.
#[derive(Clone, Debug, PartialEq)]
pub enum RunEnd {
    /// Every mode that ran completed, and at least one did.
    Done,
    /// Stopped, or a mode did not complete.
    Stopped,
    /// A task crashed (a recipe's `crash` step, or a trap), and nobody pressed Stop.
    Crashed,
    /// Tasks deadlocked on each other's locks (found and broken), and nobody pressed Stop.
    Deadlocked,
    /// None of the chosen modes could run here; `reason` says why and how to fix it.
    NothingRan { reason: String },
}

impl RunEnd {
    pub fn key(&self) -> &'static str {
        match self {
            RunEnd::Done => "done",
            RunEnd::Stopped => "stopped",
            RunEnd::Crashed => "crashed",
            RunEnd::Deadlocked => "deadlocked",
            RunEnd::NothingRan { .. } => "nothing-ran",
        }
    }
}

impl Environment {
    pub fn pool_threads(&self) -> Option<usize> {
        match self.pool {
            PoolStatus::Ready { threads, .. } => Some(threads),
            _ => None,
        }
    }
}

/// The report as JSON: `state` is how the run ended, with the `reason` when nothing ran.
pub fn to_json(config: &RunConfig, env: &Environment, traces: &[Trace], end: &RunEnd) -> String {
    write(config, env, traces, end, None, true)
}

/// The report without the modes' `spans`, which [`spans_json`] gives one mode at a time: a
/// run's spans can be a few hundred thousand, too many to hold twice over in one string. A
/// run of the costs lesson adds its table as `costs`.
pub fn head_json(
    config: &RunConfig,
    env: &Environment,
    traces: &[Trace],
    end: &RunEnd,
    costs: Option<&Costs>,
) -> String {
    write(config, env, traces, end, costs, false)
}

/// One mode's `spans`, as [`to_json`] writes them.
pub fn spans_json(trace: &Trace) -> String {
    let mut out = String::new();
    trace.spans.write_json(&mut out);
    out
}

fn write(
    config: &RunConfig,
    env: &Environment,
    traces: &[Trace],
    end: &RunEnd,
    costs: Option<&Costs>,
    with_spans: bool,
) -> String {
    let stats = summarize(traces, config.recipe.task_count() as usize);
    let fitted = budget::fit(config);
    let mut out = String::new();
    json::object(&mut out, |o| {
        o.field("state", end.key());
        if let RunEnd::NothingRan { reason } = end {
            o.field("reason", reason.as_str());
        }
        o.field("config", config).field("env", env);
        // What ran when the asked-for slices would have recorded too many spans.
        if let Some(notice) = &fitted.notice {
            json::object(o.key("fitted"), |f| {
                f.field("yield_ms", &fitted.yield_ms)
                    .field("switch_ms", &fitted.switch_ms)
                    .field("notice", notice.as_str());
            });
        }
        if let Some(costs) = costs {
            o.field("costs", costs);
        }
        json::array(o.key("modes"), |modes| {
            for (t, stats) in traces.iter().zip(stats) {
                json::object(modes.next_item(), |m| {
                    m.field("mode", &stats.mode)
                        .field("outcome", &stats.outcome)
                        .field("threads", &stats.threads)
                        .field("wall_ms", &stats.wall_ms)
                        .field("cpu_ms", &stats.cpu_ms)
                        .field("speedup", &stats.speedup)
                        .field("efficiency", &stats.efficiency)
                        .field("tasks_in_flight", &stats.tasks_in_flight)
                        .field("max_parallel_cpu", &stats.max_parallel_cpu)
                        .field("max_frame_gap_ms", &t.max_frame_gap_ms)
                        .field("epoch_ms", &t.epoch_ms)
                        .field("lanes", &t.lanes())
                        .field("results", &t.results);
                    if let Some(why) = &t.failure {
                        m.field("failure", why);
                    }
                    if !t.counters.is_empty() {
                        m.field("counters", &t.counters);
                    }
                    if t.spans_dropped > 0 {
                        m.field("spans_dropped", &t.spans_dropped);
                    }
                    if !t.shared.is_empty() {
                        m.field("shared", &t.shared);
                    }
                    if with_spans {
                        m.field("spans", &t.spans);
                    }
                });
            }
        });
    });
    out
}

impl ToJson for RunConfig {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("lesson", &self.lesson)
                .field("recipe_text", &self.recipe_text)
                .field("recipe", &self.recipe)
                .field("modes", &self.modes)
                .field("threads", &self.threads)
                .field("yield_ms", &self.yield_ms)
                .field("switch_ms", &self.switch_ms)
                .field("process_start", &self.process_start)
                .field("autoplay", &self.autoplay)
                .field("embed", &self.embed)
                .field("live", &self.live)
                .field("theme", &self.theme)
                .field("record", &self.record);
        });
    }
}

impl ToJson for Recipe {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("seed", &self.seed).field("groups", &self.groups);
        });
    }
}

impl ToJson for TaskGroup {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("count", &self.count).field("steps", &self.steps);
        });
    }
}

impl ToJson for RecipeStep {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("kind", self.key());
            // Only CPU and I/O steps have a duration of their own.
            if let Step::Cpu(ms) | Step::Io(ms) = *self {
                json::object(o.key("ms"), |o| match ms {
                    Millis::Fixed(v) => {
                        o.field("fixed", &v);
                    }
                    Millis::Range(low, high) => {
                        o.field("range", &[low, high][..]);
                    }
                });
            }
        });
    }
}

impl ToJson for Environment {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("cross_origin_isolated", &self.cross_origin_isolated)
                .field("isolation", &self.isolation)
                .field("shared_memory", &self.capabilities.shared_memory)
                .field("module_workers", &self.capabilities.module_workers)
                .field("cores", &self.cores)
                .field("pool", &self.pool)
                .field("calibration", &self.calibration)
                .field("calibration_main", &self.calibration_main)
                .field("yield_cost_us", &self.yield_cost_us)
                .field("timer_resolution_us", &self.timer_resolution_us)
                .field("yield_mechanism", &self.yield_mechanism);
        });
    }
}

impl ToJson for PoolStatus {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| match self {
            PoolStatus::Idle => {
                o.field("state", "idle");
            }
            PoolStatus::Starting { threads } => {
                o.field("state", "starting").field("threads", threads);
            }
            PoolStatus::Ready {
                threads,
                startup_ms,
                warmup_ms,
            } => {
                o.field("state", "ready")
                    .field("threads", threads)
                    .field("startup_ms", startup_ms)
                    .field("warmup_ms", warmup_ms);
            }
            PoolStatus::Unavailable { reason } => {
                o.field("state", "unavailable").field("reason", reason);
            }
        });
    }
}

impl ToJson for Calibration {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("units_per_ms", &self.units_per_ms);
        });
    }
}

impl ToJson for Span {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("lane", &self.lane)
                .field("task", &self.task)
                .field("step", &self.step)
                .field("kind", &self.kind)
                .field("start", &self.start)
                .field("end", &self.end);
        });
    }
}

/// Enums the report names with a word. The words are the ones serde derived from the variant
/// names, lowercase or kebab-case, which readers of the report already match on.
macro_rules! named_by {
    ($($t:ty: $name:expr;)*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let name: fn($t) -> _ = $name;
                name(*self).write_json(out);
            }
        }
    )*};
}

impl ToJson for Embed {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("loop", &self.looping)
                .field("panels", &self.panels.key());
        });
    }
}

named_by! {
    Autoplay: Autoplay::key;
    Isolation: Isolation::key;
    SharedMemory: SharedMemory::key;
    Mode: Mode::key;
    SpanKind: SpanKind::key;
    Theme: Theme::key;
    Lane: Lane::name;
    LessonId: |id| lesson::get(id).key;
    Outcome: |outcome| match outcome {
        Outcome::Completed => "completed",
        Outcome::Cancelled => "cancelled",
        Outcome::Failed => "failed",
        Outcome::Crashed => "crashed",
        Outcome::Deadlocked => "deadlocked",
    };
    ProcessStart: |start| match start {
        ProcessStart::InsideRun => "insiderun",
        ProcessStart::BeforeRun => "beforerun",
    };
}

#[cfg(test)]
mod tests;
