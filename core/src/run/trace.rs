//! What a run really did: measured spans on lanes, on one clock shared by every thread.

use crate::run::mode::Mode;
use crate::run::shared::SharedOutcome;

/// A thread that spans are drawn on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    /// The page's own thread, where the event loop runs.
    MainLoop,
    /// Web Worker number `n` of the pool.
    Worker(u16),
    /// Process number `n`: a worker with its own instance and memory.
    Process(u16),
}

impl Lane {
    pub fn name(self) -> String {
        match self {
            Lane::MainLoop => "main loop".to_string(),
            Lane::Worker(n) => format!("worker {n}"),
            Lane::Process(n) => format!("process {n}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// Real computation.
    Cpu,
    /// A real wait.
    Io,
    /// Waiting for the global lock before computing (threads + GIL).
    GilWait,
    /// Starting a process: a new worker and its own WebAssembly instance.
    Startup,
    /// A message between the page and a process, from posting to arrival.
    Message,
    /// A cooperative task that gave the loop back and waits for its next turn.
    Yield,
    /// The moment a task crashed (a recipe's `crash` step): no length, drawn as a mark.
    Crash,
    /// Waiting for a lock another task holds.
    LockWait,
}

impl SpanKind {
    pub const ALL: [SpanKind; 8] = [
        SpanKind::Cpu,
        SpanKind::Io,
        SpanKind::GilWait,
        SpanKind::Startup,
        SpanKind::Message,
        SpanKind::Yield,
        SpanKind::Crash,
        SpanKind::LockWait,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SpanKind::Cpu => "cpu",
            SpanKind::Io => "io",
            SpanKind::GilWait => "gil-wait",
            SpanKind::Startup => "startup",
            SpanKind::Message => "message",
            SpanKind::Yield => "yield",
            SpanKind::Crash => "crash",
            SpanKind::LockWait => "lock-wait",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// How busy a lane is with a span of this kind, for choosing what it is doing when several
    /// spans cover one instant: on the main loop many waits overlap one CPU slice, and the
    /// slice is the real activity; a process starting or passing a message is busier than a
    /// task sleeping on it.
    pub fn busyness(self) -> u8 {
        match self {
            SpanKind::Crash => 6,
            SpanKind::Cpu => 5,
            SpanKind::Startup => 4,
            SpanKind::Message => 3,
            SpanKind::GilWait | SpanKind::LockWait => 2,
            SpanKind::Io => 1,
            SpanKind::Yield => 0,
        }
    }
}

/// The task of a span that belongs to no task, such as starting a process.
pub const NO_TASK: u32 = u32::MAX;

/// One measured stretch of a task's work on a lane. Times are ms since the run started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub lane: Lane,
    pub task: u32,
    pub step: u16,
    pub kind: SpanKind,
    pub start: f64,
    /// `NaN` while the span is still open.
    pub end: f64,
}

impl Span {
    pub fn is_open(&self) -> bool {
        self.end.is_nan()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Cancelled,
    Failed,
    /// A task crashed: in a pool mode that took the run with it, elsewhere only the task.
    Crashed,
    /// Tasks waited on each other's locks for ever; the waiters gave up.
    Deadlocked,
}

/// A finished run of one mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub mode: Mode,
    pub outcome: Outcome,
    /// Threads the mode had: 1 for sequential and cooperative, the pool size for threads.
    pub threads: usize,
    pub wall_ms: f64,
    /// When the run started, in ms since the Unix epoch on the shared clock; span times count
    /// from here.
    pub epoch_ms: f64,
    pub spans: Vec<Span>,
    /// Primes counted per task; `None` where a task did not finish.
    pub results: Vec<Option<u64>>,
    /// Processes only: how many tasks the process had run, by its own count, after each task.
    pub counters: Vec<Option<u64>>,
    /// Longest gap between two animation frames on the main thread during the run.
    pub max_frame_gap_ms: Option<f64>,
    /// Spans not kept because the mode had recorded its budget (`budget::MAX_SPANS_PER_MODE`).
    pub spans_dropped: usize,
    /// The recipe's shared counters and locks, as this run left them.
    pub shared: SharedOutcome,
    /// Who measured it: this page, or CPython running the mode's program (imported).
    pub source: Source,
    /// Why the mode failed, in the engine's words, when it did (`Outcome::Failed`).
    pub failure: Option<String>,
}

impl Trace {
    /// A trace of `mode` with nothing recorded: no spans, results, counters or shared state,
    /// measured by this page, its clock at 0.
    pub fn new(mode: Mode, outcome: Outcome, threads: usize, wall_ms: f64) -> Self {
        Trace {
            mode,
            outcome,
            threads,
            wall_ms,
            epoch_ms: 0.0,
            spans: Vec::new(),
            results: Vec::new(),
            counters: Vec::new(),
            max_frame_gap_ms: None,
            spans_dropped: 0,
            shared: Default::default(),
            source: Default::default(),
            failure: None,
        }
    }
}

/// Who measured a trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Source {
    /// This page, in this browser.
    #[default]
    Browser,
    /// CPython running the program the page wrote for the mode (`crate::python`), read from
    /// the trace file it wrote.
    Python(Box<PythonRun>),
}

/// Where and on what a Python program measured its trace, as it recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct PythonRun {
    /// `platform.python_implementation()`: "CPython".
    pub implementation: String,
    /// `platform.python_version()`: "3.11.2".
    pub version: String,
    /// `platform.machine()` and `platform.system()`: "x86_64", "Linux".
    pub machine: String,
    pub system: String,
    /// `os.cpu_count()`, where known.
    pub cpus: Option<u32>,
    /// Whether the GIL was on (it is off only on a free-threaded build that runs without it).
    pub gil: bool,
    /// The recipe the program ran, as it wrote it.
    pub recipe: String,
}

impl Trace {
    /// The row's name: the mode, or for an imported run the Python that measured it.
    pub fn label(&self) -> String {
        match &self.source {
            Source::Browser => self.mode.label().into(),
            Source::Python(run) => format!(
                "{} {} · {}",
                run.implementation,
                run.version,
                self.mode.python()
            ),
        }
    }

    /// What the row stands for in Python; for an imported run, where it was measured.
    pub fn python(&self) -> String {
        match &self.source {
            Source::Browser => self.mode.python().into(),
            Source::Python(run) => {
                let cpus = run.cpus.map(|n| format!(", {n} CPUs")).unwrap_or_default();
                let gil = if run.gil { "" } else { ", no GIL" };
                format!("imported: {} on {}{cpus}{gil}", run.system, run.machine)
            }
        }
    }

    pub fn is_imported(&self) -> bool {
        self.source != Source::Browser
    }

    /// The lanes that have spans, in order: the main loop first, then workers by number.
    pub fn lanes(&self) -> Vec<Lane> {
        lanes_of(&self.spans)
    }

    /// Summed CPU time over all spans.
    pub fn cpu_ms(&self) -> f64 {
        self.spans
            .iter()
            .filter(|s| s.kind == SpanKind::Cpu && !s.is_open())
            .map(|s| s.end - s.start)
            .sum()
    }
}

pub fn lanes_of(spans: &[Span]) -> Vec<Lane> {
    // Lanes are few and spans many: collect each lane once, then sort the few.
    let mut lanes: Vec<Lane> = Vec::new();
    let mut last = None;
    for s in spans {
        if last != Some(s.lane) && !lanes.contains(&s.lane) {
            lanes.push(s.lane);
        }
        last = Some(s.lane);
    }
    lanes.sort();
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: Lane, kind: SpanKind, start: f64, end: f64) -> Span {
        crate::testing::span(lane, 0, kind, start, end)
    }

    #[test]
    fn lanes_are_sorted_main_loop_first_and_named() {
        let t = Trace {
            spans: vec![
                span(Lane::Worker(1), SpanKind::Cpu, 0.0, 4.0),
                span(Lane::MainLoop, SpanKind::Io, 0.0, 1.0),
                span(Lane::Worker(0), SpanKind::Cpu, 1.0, 3.0),
                span(Lane::Worker(1), SpanKind::Cpu, 5.0, f64::NAN),
            ],
            results: vec![Some(3)],
            ..Trace::new(Mode::Threads, Outcome::Completed, 2, 10.0)
        };
        assert_eq!(
            t.lanes(),
            vec![Lane::MainLoop, Lane::Worker(0), Lane::Worker(1)]
        );
        assert_eq!(Lane::Worker(1).name(), "worker 1");
        assert_eq!(t.cpu_ms(), 6.0, "open spans and waits are not CPU time");
    }
}
