//! Lessons: presets that teach one idea each. A lesson is a recipe, the modes to run, what to
//! look at, and a check of whether the measured run has the expected shape.

use super::mode::Mode;
use super::stats::{summarize, ModeStats};
use super::trace::{Outcome, SpanKind, Trace};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LessonId {
    CpuBound,
    IoBound,
    MixedRequests,
    BlockingTheLoop,
    YieldGranularity,
}

#[derive(Debug, PartialEq)]
pub struct Lesson {
    pub id: LessonId,
    pub key: &'static str,
    pub title: &'static str,
    pub recipe: &'static str,
    pub modes: &'static [Mode],
    /// The cooperative yield interval the lesson starts with; `None` is "never".
    pub yield_ms: Option<f64>,
    /// What to look at on the timeline and what the numbers should show.
    pub explain: &'static str,
}

const ALL_MODES: &[Mode] = &[Mode::Sequential, Mode::Cooperative, Mode::Threads];

pub const LESSONS: [Lesson; 5] = [
    Lesson {
        id: LessonId::CpuBound,
        key: "cpu-bound",
        title: "CPU-bound work",
        recipe: "# 8 tasks that only compute (count primes)\n8 × cpu 40ms\n",
        modes: ALL_MODES,
        yield_ms: Some(5.0),
        explain:
            "Each task only computes. Cooperative takes turns on one lane, so it takes as long \
                  as sequential; threads compute on every core at once, so the lanes overlap and \
                  the wall time shrinks by up to the number of cores.",
    },
    Lesson {
        id: LessonId::IoBound,
        key: "io-bound",
        title: "I/O-bound work",
        recipe: "# 8 requests that mostly wait\n8 × io 150ms\n",
        modes: ALL_MODES,
        yield_ms: Some(5.0),
        explain: "Each task mostly waits. On the event loop all the waits overlap, so cooperative \
                  takes about one wait. A blocking wait occupies a worker, so threads finish in \
                  rounds of one wait per pool-full of tasks: that is why I/O pools are sized \
                  larger than the core count.",
    },
    Lesson {
        id: LessonId::MixedRequests,
        key: "mixed-requests",
        title: "Mixed requests: cpu → io → cpu",
        recipe: "# 6 web requests: parse, wait for the network, render\n\
                 6 × cpu 15ms → io 120ms → cpu 15ms\n",
        modes: ALL_MODES,
        yield_ms: Some(5.0),
        explain: "Each request computes, waits, then computes again. Cooperative overlaps the \
                  waits but runs the CPU parts one at a time on the main loop; threads overlap \
                  both.",
    },
    Lesson {
        id: LessonId::BlockingTheLoop,
        key: "blocking-the-loop",
        title: "Blocking the loop",
        recipe: "# three quick requests, then one long computation that never yields\n\
                 3 × io 30ms → cpu 2ms\n\
                 cpu 600ms\n",
        modes: &[Mode::Cooperative],
        yield_ms: None,
        explain:
            "One task computes for 600 ms on the event loop. With yield set to never it holds \
                  the loop the whole time: the heartbeat freezes, and the quick requests cannot \
                  even notice that their waits are over. Set yield to 5 ms and run again: the \
                  page stays smooth and the total time barely changes.",
    },
    Lesson {
        id: LessonId::YieldGranularity,
        key: "yield-granularity",
        title: "Yield granularity",
        recipe: "# two long computations sharing the event loop\n2 × cpu 200ms\n",
        modes: &[Mode::Cooperative],
        yield_ms: Some(0.1),
        explain: "Run at 0.1 ms, then at 5 ms, then at 50 ms. Every yield costs a little, so very \
                  small intervals add up to a visible overhead; large intervals keep the page \
                  waiting longer between frames. The table below collects your runs.",
    },
];

pub fn by_key(key: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.key == key)
}

pub fn get(id: LessonId) -> &'static Lesson {
    LESSONS
        .iter()
        .find(|l| l.id == id)
        .expect("every id has a lesson")
}

/// One earlier cooperative run of the yield-granularity lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YieldSample {
    pub yield_ms: Option<f64>,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub max_frame_gap_ms: f64,
}

impl YieldSample {
    pub fn from_trace(trace: &Trace, yield_ms: Option<f64>) -> Self {
        YieldSample {
            yield_ms,
            wall_ms: trace.wall_ms,
            cpu_ms: trace.cpu_ms(),
            max_frame_gap_ms: trace.max_frame_gap_ms.unwrap_or(0.0),
        }
    }

    /// How much longer than its CPU time the run took, as a fraction.
    pub fn overhead(&self) -> f64 {
        self.wall_ms / self.cpu_ms.max(1e-9) - 1.0
    }
}

/// Whether a run has the lesson's expected shape, in one sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub matches: bool,
    pub sentence: String,
}

fn completed(stats: &[ModeStats], mode: Mode) -> Option<&ModeStats> {
    stats
        .iter()
        .find(|s| s.mode == mode && s.outcome == Outcome::Completed)
}

/// The verdict on a finished run; `None` when the run lacks what the lesson compares.
/// `longest_wait_ms` is the most waiting any one task does; `yield_ms` the interval used.
pub fn verdict(
    lesson: &Lesson,
    traces: &[Trace],
    longest_wait_ms: f64,
    yield_ms: Option<f64>,
    history: &[YieldSample],
) -> Option<Verdict> {
    let tasks = traces.first()?.results.len();
    let stats = summarize(traces, tasks);
    let v = |matches: bool, sentence: String| Some(Verdict { matches, sentence });
    match lesson.id {
        LessonId::CpuBound => {
            let (seq, coop, thr) = (
                completed(&stats, Mode::Sequential)?,
                completed(&stats, Mode::Cooperative)?,
                completed(&stats, Mode::Threads)?,
            );
            let usable = tasks.min(thr.threads);
            let speedup = thr.speedup?;
            let coop_ratio = coop.wall_ms / seq.wall_ms;
            let coop_ok = (0.8..=1.3).contains(&coop_ratio);
            if usable < 2 {
                return v(
                    coop_ok,
                    format!("Threads could not beat sequential ({speedup:.2}×): the pool had only {} worker for {tasks} tasks.", thr.threads),
                );
            }
            let thr_ok = speedup >= 0.6 * usable as f64;
            let sentence = match (coop_ok, thr_ok) {
                (true, true) => format!("As expected: threads were {speedup:.1}× faster than sequential on {usable} workers, while cooperative took {coop_ratio:.2}× as long as sequential, because one thread can only take turns."),
                (_, false) => format!("Threads were only {speedup:.2}× faster on {usable} workers; other work on this device (other tabs, the page's own drawing) competes for the cores."),
                (false, true) => format!("Cooperative took {coop_ratio:.2}× as long as sequential; expected about the same, as it does the same CPU work on one thread."),
            };
            v(coop_ok && thr_ok, sentence)
        }
        LessonId::IoBound => {
            let (coop, thr) = (
                completed(&stats, Mode::Cooperative)?,
                completed(&stats, Mode::Threads)?,
            );
            let pool = thr.threads.max(1);
            let rounds = tasks.div_ceil(pool);
            let expected_thr = rounds as f64 * longest_wait_ms;
            let coop_ok = coop.wall_ms <= 1.5 * longest_wait_ms;
            let thr_ok = (0.75..=1.5).contains(&(thr.wall_ms / expected_thr.max(1e-9)));
            let sentence = if coop_ok && thr_ok {
                format!("As expected: cooperative took {:.0} ms, about one wait, because all {tasks} tasks waited at once; threads took {:.0} ms, {rounds} rounds of waits, because each blocking wait occupies one of the {pool} workers.", coop.wall_ms, thr.wall_ms)
            } else if !coop_ok {
                format!("Cooperative took {:.0} ms, more than one wait ({longest_wait_ms:.0} ms): something kept the event loop busy.", coop.wall_ms)
            } else {
                format!("Threads took {:.0} ms; expected about {rounds} rounds of waits ({expected_thr:.0} ms) with {pool} workers.", thr.wall_ms)
            };
            v(coop_ok && thr_ok, sentence)
        }
        LessonId::MixedRequests => {
            let (seq, coop, thr) = (
                completed(&stats, Mode::Sequential)?,
                completed(&stats, Mode::Cooperative)?,
                completed(&stats, Mode::Threads)?,
            );
            let waits_overlap = coop.wall_ms < 0.7 * seq.wall_ms;
            let cpu_one_at_a_time = coop.max_parallel_cpu <= 1;
            let thr_both = thr.max_parallel_cpu >= 2 || thr.threads < 2;
            let ok = waits_overlap && cpu_one_at_a_time && thr_both;
            let sentence = if ok {
                format!("As expected: cooperative overlapped the waits ({:.0} ms against {:.0} ms sequential) but computed one task at a time; threads overlapped both, with up to {} lanes computing at once ({:.0} ms).", coop.wall_ms, seq.wall_ms, thr.max_parallel_cpu, thr.wall_ms)
            } else if !waits_overlap {
                format!("Cooperative took {:.0} ms against {:.0} ms sequential: the waits did not overlap as expected.", coop.wall_ms, seq.wall_ms)
            } else {
                format!("Threads never had two lanes computing at once (pool of {}): CPU parts did not overlap.", thr.threads)
            };
            v(ok, sentence)
        }
        LessonId::BlockingTheLoop => {
            let coop = traces
                .iter()
                .find(|t| t.mode == Mode::Cooperative && t.outcome == Outcome::Completed)?;
            let gap = coop.max_frame_gap_ms?;
            match yield_ms {
                None => v(
                    gap >= 100.0,
                    if gap >= 100.0 {
                        format!("As expected: without yields the loop was blocked and the heartbeat froze for {gap:.0} ms. Never yielding is a misuse: every other task, and the page itself, waits.")
                    } else {
                        format!("The worst frame gap was only {gap:.0} ms: the long task was too short to freeze the page visibly.")
                    },
                ),
                Some(y) => {
                    let ratio = coop.wall_ms / coop.cpu_ms().max(1e-9);
                    v(
                        gap < 50.0,
                        if gap < 50.0 {
                            format!("As expected: yielding every {y} ms kept the page responsive (worst frame gap {gap:.0} ms), and the run took {ratio:.2}× its CPU time.")
                        } else {
                            format!("Even with a yield every {y} ms the worst frame gap was {gap:.0} ms: the browser had other work, or the interval is too long.")
                        },
                    )
                }
            }
        }
        LessonId::YieldGranularity => {
            let coop = traces
                .iter()
                .find(|t| t.mode == Mode::Cooperative && t.outcome == Outcome::Completed)?;
            let now = YieldSample::from_trace(coop, yield_ms);
            let slices = coop
                .spans
                .iter()
                .filter(|s| s.kind == SpanKind::Cpu)
                .count();
            let here = format!("Yielding every {}: {slices} slices, {:.1}% over the CPU time, worst frame gap {:.0} ms.",
                yield_ms.map(|y| format!("{y} ms")).unwrap_or_else(|| "never".into()), now.overhead() * 100.0, now.max_frame_gap_ms);
            let Some(other) = history
                .iter()
                .rev()
                .find(|s| s.yield_ms != yield_ms && s.yield_ms.is_some() && yield_ms.is_some())
            else {
                return v(
                    true,
                    format!("{here} Run again with another interval to see the trade-off."),
                );
            };
            let (fine, coarse) = if other.yield_ms < yield_ms {
                (other, &now)
            } else {
                (&now, other)
            };
            let ok = fine.overhead() >= coarse.overhead()
                && coarse.max_frame_gap_ms >= fine.max_frame_gap_ms;
            v(
                ok,
                if ok {
                    format!("{here} As expected against your run at {} ms: the finer interval cost more, the coarser one let frames wait longer.",
                    other.yield_ms.unwrap_or(0.0))
                } else {
                    format!("{here} Against your run at {} ms the trade-off did not show clearly; timer noise can hide it at small sizes.", other.yield_ms.unwrap_or(0.0))
                },
            )
        }
    }
}

#[cfg(test)]
mod tests;
