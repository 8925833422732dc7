//! The messages between the page and a process: a task goes in, its spans and result come
//! back. Each process is a separate instance with its own memory, so everything crosses as
//! text; times are on the clock every thread shares (ms since the Unix epoch).
//!
//! The text is a line of words, e.g. `task 3 process 1 epoch 4278eb4d2e1cd200 record 1 cpu 40 7
//! io 4029000000000000` and `task 3 primes 11 run 2 io 1 3ff0000000000000 4030800000000000`. Both
//! ends are the same build of this crate, so the format needs no versions. Why not serde_json:
//! it writes a float that is not finite as null and cannot read it back, and a span still open
//! when a run stops has a NaN end; here floats cross as their bits in hex, exact, NaN included.
//! (Cost, measured 2026-12-05: serde_json's reader and writer and one derive added 14.3 kB
//! brotli to the first load.)

use crate::run::plan::{PlanGap, TaskPlan, Work};
use crate::run::trace::{Lane, Span, SpanKind};
use crate::scenario::step::{Count, Gap, Guard, Step};
use std::fmt::{self, Write};

/// A float as the 16 hex digits of its bits.
struct Bits(f64);

impl fmt::Display for Bits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0.to_bits())
    }
}
use std::str::FromStr;

/// What the page sends a process to run one task.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessRequest {
    pub task: TaskPlan,
    /// The process's number, which names its lane.
    pub process: u16,
    /// When the run started on the shared clock; span times count from here.
    pub epoch_ms: f64,
    /// Whether the process keeps spans; off only to measure what recording costs.
    pub record: bool,
}

/// One span measured inside a process, relative to the run's epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProcessSpan {
    pub step: u16,
    pub kind: SpanKind,
    pub start: f64,
    pub end: f64,
}

/// What a process answers after running a task.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessReply {
    pub task: u32,
    pub primes: Option<u64>,
    pub spans: Vec<ProcessSpan>,
    /// How many tasks this process has run so far, by its own count in its own memory.
    pub tasks_run_here: u64,
    /// Per shared counter: the value of this process's own copy after the task, and how much
    /// the task added to it.
    pub vars: Vec<(u64, u64)>,
}

impl ProcessRequest {
    pub fn encode(&self) -> String {
        let mut out = format!(
            "task {} process {} epoch {} record {}",
            self.task.id,
            self.process,
            Bits(self.epoch_ms),
            u8::from(self.record)
        );
        for step in &self.task.steps {
            out.push(' ');
            out.push_str(step.key());
            let _ = match *step {
                Step::Cpu(work) => write_cpu(&mut out, work),
                Step::Io(ms) => write_io(&mut out, ms),
                Step::Crash => Ok(()),
                Step::Lock(l) | Step::Unlock(l) => write!(out, " {l}"),
                Step::Count(Count {
                    var,
                    times,
                    gap,
                    guard,
                }) => {
                    let _ = write!(out, " {var} {times}");
                    let _ = match gap {
                        PlanGap::None => write!(out, " none"),
                        PlanGap::Cpu(work) => write!(out, " cpu").and(write_cpu(&mut out, work)),
                        PlanGap::Io(ms) => write!(out, " io").and(write_io(&mut out, ms)),
                        PlanGap::Yield => write!(out, " yield"),
                    };
                    match guard {
                        Guard::None => write!(out, " none"),
                        Guard::Atomic => write!(out, " atomic"),
                        Guard::Lock(l) => write!(out, " lock {l}"),
                    }
                }
            };
        }
        out
    }

    pub fn decode(text: &str) -> Result<Self, String> {
        let mut words = Words::new("process request", text);
        let id = words.labelled("task")?;
        let process = words.labelled("process")?;
        words.label("epoch")?;
        let epoch_ms = words.float("the epoch")?;
        let record = words.labelled::<u8>("record")? != 0;
        let mut steps = Vec::new();
        while let Some(kind) = words.next() {
            steps.push(match kind {
                "cpu" => Step::Cpu(words.cpu("the step")?),
                "io" => Step::Io(words.io("the step")?),
                "crash" => Step::Crash,
                "lock" => Step::Lock(words.number("the lock")?),
                "unlock" => Step::Unlock(words.number("the lock")?),
                "count" => Step::Count(Count {
                    var: words.number("the counter")?,
                    times: words.number("how many times")?,
                    gap: match words.word("the window")? {
                        "none" => Gap::None,
                        "cpu" => Gap::Cpu(words.cpu("the window")?),
                        "io" => Gap::Io(words.io("the window")?),
                        "yield" => Gap::Yield,
                        other => return Err(words.unexpected("none, cpu, io or yield", other)),
                    },
                    guard: match words.word("the guard")? {
                        "none" => Guard::None,
                        "atomic" => Guard::Atomic,
                        "lock" => Guard::Lock(words.number("the lock")?),
                        other => return Err(words.unexpected("none, atomic or lock", other)),
                    },
                }),
                _ => {
                    return Err(
                        words.unexpected("a step, cpu, io, count, lock, unlock or crash", kind)
                    )
                }
            });
        }
        Ok(ProcessRequest {
            task: TaskPlan { id, steps },
            process,
            epoch_ms,
            record,
        })
    }
}

impl ProcessReply {
    /// The reply's spans on the process's lane.
    pub fn spans_on(&self, process: u16) -> impl Iterator<Item = Span> + '_ {
        self.spans.iter().map(move |s| Span {
            lane: Lane::Process(process),
            task: self.task,
            step: s.step,
            kind: s.kind,
            start: s.start,
            end: s.end,
        })
    }

    pub fn encode(&self) -> String {
        let mut out = format!("task {} primes ", self.task);
        let _ = match self.primes {
            Some(primes) => write!(out, "{primes}"),
            None => write!(out, "{NO_PRIMES}"),
        };
        let _ = write!(out, " run {} vars {}", self.tasks_run_here, self.vars.len());
        for (value, added) in &self.vars {
            let _ = write!(out, " {value} {added}");
        }
        for s in &self.spans {
            let _ = write!(
                out,
                " {} {} {} {}",
                s.kind.key(),
                s.step,
                Bits(s.start),
                Bits(s.end)
            );
        }
        out
    }

    pub fn decode(text: &str) -> Result<Self, String> {
        let mut words = Words::new("process reply", text);
        let task = words.labelled("task")?;
        words.label("primes")?;
        let primes = match words.word("a count of primes")? {
            NO_PRIMES => None,
            count => Some(words.parse(count, "a count of primes")?),
        };
        let tasks_run_here = words.labelled("run")?;
        let count: usize = words.labelled("vars")?;
        let mut vars = Vec::new();
        for _ in 0..count.min(u8::MAX.into()) {
            vars.push((words.number("a value")?, words.number("an increment")?));
        }
        let mut spans = Vec::new();
        while let Some(kind) = words.next() {
            let Some(kind) = SpanKind::from_key(kind) else {
                return Err(words.unexpected("a span kind", kind));
            };
            spans.push(ProcessSpan {
                kind,
                step: words.number("the span's step")?,
                start: words.float("the span's start")?,
                end: words.float("the span's end")?,
            });
        }
        Ok(ProcessReply {
            task,
            primes,
            spans,
            tasks_run_here,
            vars,
        })
    }
}

// One codec for CPU work and for a wait, in a step and in a count's window alike.
fn write_cpu(out: &mut String, work: Work) -> fmt::Result {
    write!(out, " {} {}", work.units, work.seed)
}

fn write_io(out: &mut String, ms: f64) -> fmt::Result {
    write!(out, " {}", Bits(ms))
}

/// What a reply says for a task that counted no primes, because it did not finish.
const NO_PRIMES: &str = "-";

/// Reads a message word by word. Only this crate writes messages, so a bad one is a bug; its
/// error says what was expected where, to find which end is wrong.
struct Words<'a> {
    what: &'static str,
    words: std::str::SplitAsciiWhitespace<'a>,
    count: usize,
}

impl<'a> Words<'a> {
    fn new(what: &'static str, text: &'a str) -> Self {
        Words {
            what,
            words: text.split_ascii_whitespace(),
            count: 0,
        }
    }

    fn next(&mut self) -> Option<&'a str> {
        self.count += 1;
        self.words.next()
    }

    fn word(&mut self, expected: &str) -> Result<&'a str, String> {
        self.next().ok_or_else(|| {
            format!(
                "a {} ended at word {} where {expected} should be",
                self.what, self.count
            )
        })
    }

    fn unexpected(&self, expected: &str, found: &str) -> String {
        let (what, at) = (self.what, self.count);
        format!("a {what} has {found:?} at word {at} where {expected} should be")
    }

    fn parse<T: FromStr>(&self, word: &str, expected: &str) -> Result<T, String> {
        word.parse().map_err(|_| self.unexpected(expected, word))
    }

    fn number<T: FromStr>(&mut self, expected: &str) -> Result<T, String> {
        let word = self.word(expected)?;
        self.parse(word, expected)
    }

    fn float(&mut self, expected: &str) -> Result<f64, String> {
        let word = self.word(expected)?;
        u64::from_str_radix(word, 16)
            .map(f64::from_bits)
            .map_err(|_| self.unexpected(expected, word))
    }

    /// `write_cpu`'s words back: the units and the seed of `what`'s work.
    fn cpu(&mut self, what: &str) -> Result<Work, String> {
        Ok(Work {
            units: self.number(&format!("{what}'s units"))?,
            seed: self.number(&format!("{what}'s seed"))?,
        })
    }

    /// `write_io`'s word back: `what`'s wait in ms.
    fn io(&mut self, what: &str) -> Result<f64, String> {
        self.float(&format!("{what}'s ms"))
    }

    fn label(&mut self, label: &str) -> Result<(), String> {
        let expected = format!("the word {label}");
        match self.word(&expected)? {
            word if word == label => Ok(()),
            word => Err(self.unexpected(&expected, word)),
        }
    }

    /// The number after the word `label`.
    fn labelled<T: FromStr>(&mut self, label: &str) -> Result<T, String> {
        self.label(label)?;
        self.number(&format!("the {label} number"))
    }
}

impl From<&Span> for ProcessSpan {
    fn from(s: &Span) -> Self {
        ProcessSpan {
            step: s.step,
            kind: s.kind,
            start: s.start,
            end: s.end,
        }
    }
}

#[cfg(test)]
mod tests;
