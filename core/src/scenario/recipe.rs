//! Recipes: a workload as text, e.g. `6 × cpu 15ms → io 120ms`, one group of identical tasks per
//! line, short enough to type on a slide and plain enough to read aloud.
//!
//! Parsing stops at the first mistake and says where it is, what would fit and how to fix it.

use crate::scenario::step::{Count, Gap, Guard, MsStep, Step};
use crate::view::quote::Quoted;
use std::fmt;

// Shared with the URL configuration, so a recipe never asks for more than the page allows.
/// The most tasks a recipe may have, over all its lines: enough for the course's "one thread,
/// many coroutines" (`10000 x io 100ms`). How long a mode may run is limited per mode, for the
/// pool it runs on (`run::time_limit`), since waits cost one mode far more than another.
pub const MAX_TASKS: u32 = 10_000;
/// The most steps one task may have.
pub const MAX_STEPS: usize = 16;
/// The most steps over all tasks: each records a span or more, and a mode keeps at most
/// `budget::MAX_SPANS_PER_MODE`.
pub const MAX_TOTAL_STEPS: u64 = 40_000;
/// The longest any one step may be, in ms.
pub const MAX_STEP_MS: f64 = 5_000.0;
/// The most CPU work over all tasks, in ms: a mode computes all of it on the visitor's cores.
pub const MAX_CPU_MS: f64 = 120_000.0;
/// The most increments over all `count` steps: 64 tasks of the most one step may make, as
/// when 64 tasks were the most.
pub const MAX_TOTAL_COUNT: u64 = 6_400_000;
/// The most text, in bytes, a recipe from outside may have: a scenario's link carries the text
/// as typed, and unpacks no more than this (`link.rs`).
pub const MAX_TEXT_BYTES: usize = 16 * 1024;

/// What an error found when a line ended too soon.
const END: &str = "end of line";

/// A duration in ms; a range is resolved per task by [`Recipe::tasks`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Millis {
    Fixed(f64),
    Range(f64, f64),
}

/// A step as the recipe says it: a duration or a range for CPU and I/O.
pub type RecipeStep = Step<Millis, Millis>;

impl Millis {
    /// The longest it can be.
    pub fn high(self) -> f64 {
        match self {
            Millis::Fixed(ms) | Millis::Range(_, ms) => ms,
        }
    }

    /// The shortest it can be.
    pub fn low(self) -> f64 {
        match self {
            Millis::Fixed(ms) | Millis::Range(ms, _) => ms,
        }
    }

    /// The duration for one task: `bits` (a hash of seed, task and step) picks where in a range.
    fn resolve(self, bits: u64) -> f64 {
        match self {
            Millis::Fixed(ms) => ms,
            Millis::Range(lo, hi) => {
                let unit = (bits >> 11) as f64 / ((1u64 << 53) - 1) as f64;
                (lo + (hi - lo) * unit).clamp(lo, hi)
            }
        }
    }
}

// f64's Display never uses an exponent and is the shortest text that reads back as the same
// value, so printing in ms round-trips exactly.
impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Millis::Fixed(ms) => write!(f, "{ms}ms"),
            Millis::Range(lo, hi) => write!(f, "{lo}..{hi}ms"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskGroup {
    pub count: u32,
    pub steps: Vec<RecipeStep>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recipe {
    pub seed: u64,
    pub groups: Vec<TaskGroup>,
    pub names: Names,
}

/// The shared counters and locks a recipe names, in order of first mention; steps refer to
/// them by index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub vars: Vec<String>,
    pub locks: Vec<String>,
}

/// The most shared counters, and the most locks, a recipe may name.
pub const MAX_NAMES: usize = 8;
/// The most increments one `count` step may make.
pub const MAX_COUNT: u32 = 100_000;
/// The most increments one `count` step may make when each records a span (a wait in its
/// window, or a lock).
pub const MAX_COUNT_RECORDED: u32 = 10_000;

/// The first mistake in a recipe. Line and column are 1-based; the column counts characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeError {
    pub line: usize,
    pub column: usize,
    pub expected: String,
    pub found: String,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecipeSummary {
    pub tasks: u32,
    pub cpu_ms: f64,
    pub io_ms: f64,
}

impl fmt::Display for RecipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column, expected) = (self.line, self.column, &self.expected);
        write!(
            f,
            "line {line}, column {column}: expected {expected}, found "
        )?;
        // Quoted, "end of line" would read as if the user had typed it.
        match self.found.as_str() {
            END => f.write_str(END)?,
            found => write!(f, "{}", Quoted(found))?,
        }
        write!(f, ". Hint: {}", self.hint)
    }
}

impl fmt::Display for Recipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut newline = "";
        if self.seed != 1 {
            write!(f, "seed {}", self.seed)?;
            newline = "\n";
        }
        for group in &self.groups {
            f.write_str(std::mem::replace(&mut newline, "\n"))?;
            if group.count > 1 {
                write!(f, "{} × ", group.count)?;
            }
            for (i, step) in group.steps.iter().enumerate() {
                if i > 0 {
                    f.write_str(" → ")?;
                }
                self.names.write_step(f, step)?;
            }
        }
        Ok(())
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Recipe {
    pub fn task_count(&self) -> u32 {
        self.groups.iter().fold(0, |n, g| n.saturating_add(g.count))
    }

    /// Every task's concrete steps. A range depends only on (seed, task, step), so the same recipe
    /// is the same run on any device, in any engine and in any order of evaluation.
    pub fn tasks(&self) -> Vec<Vec<MsStep>> {
        let mut tasks = Vec::new();
        for group in &self.groups {
            for _ in 0..group.count {
                let task = (tasks.len() as u64) << 32;
                let steps = group.steps.iter().enumerate().map(|(i, step)| {
                    let bits = splitmix64(splitmix64(self.seed) ^ task ^ i as u64);
                    let mut cpu = |ms: Millis| ms.resolve(bits);
                    let mut io = cpu;
                    step.map(&mut cpu, &mut io)
                });
                tasks.push(steps.collect());
            }
        }
        tasks
    }

    pub fn summary(&self) -> RecipeSummary {
        let tasks = self.tasks();
        let (mut cpu_ms, mut io_ms) = (0.0, 0.0);
        for step in tasks.iter().flatten() {
            cpu_ms += step.cpu_ms();
            io_ms += step.io_ms();
        }
        let tasks = tasks.len() as u32;
        RecipeSummary {
            tasks,
            cpu_ms,
            io_ms,
        }
    }
}

type Res<T> = Result<T, RecipeError>;
/// What would have fitted, and how to fix it.
type Why<'a> = (&'a str, &'a str);

impl Names {
    /// A step as a recipe writes it.
    pub fn write_step(&self, f: &mut impl fmt::Write, step: &RecipeStep) -> fmt::Result {
        let lock = |i: u8| self.locks.get(usize::from(i)).map_or("?", String::as_str);
        match *step {
            Step::Cpu(ms) | Step::Io(ms) => write!(f, "{} {ms}", step.key()),
            Step::Crash => f.write_str("crash"),
            Step::Lock(l) => write!(f, "lock {}", lock(l)),
            Step::Unlock(l) => write!(f, "unlock {}", lock(l)),
            Step::Count(Count {
                var,
                times,
                gap,
                guard,
            }) => {
                let var = self.vars.get(usize::from(var)).map_or("?", String::as_str);
                write!(f, "count {var} {times}")?;
                match gap {
                    Gap::None => {}
                    Gap::Cpu(ms) => write!(f, " with cpu {ms}")?,
                    Gap::Io(ms) => write!(f, " with io {ms}")?,
                    Gap::Yield => f.write_str(" with yield")?,
                }
                match guard {
                    Guard::None => Ok(()),
                    Guard::Atomic => f.write_str(" atomic"),
                    Guard::Lock(l) => write!(f, " under {}", lock(l)),
                }
            }
        }
    }

    /// Whether the recipe shares any state between its tasks.
    pub fn any(&self) -> bool {
        !self.vars.is_empty() || !self.locks.is_empty()
    }
}

mod cursor;
mod parse;
mod shared;

pub use parse::{parse, parse_text};
