//! Verdicts: whether a measured run has its lesson's expected shape, in one sentence, and if
//! not, the likely reason.

use super::{Lesson, LessonId, YieldSample};
use crate::analysis::stats::{cpu_share, summarize, ModeStats, CPU_WORK_SHARE};
use crate::analysis::sweep::{analyse, SweepPoint};
use crate::run::mode::Mode;
use crate::run::trace::{Outcome, SpanKind, Trace};
use crate::view::figure::{ms, percent, times};

/// How much longer than the loop was held a frame may wait and still count as on time: three
/// frames at 60 Hz, as the page's own drawing and the browser's compositing take their turn.
const FRAME_SLACK_MS: f64 = 50.0;

/// Whether a run has the lesson's expected shape, in one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub matches: bool,
    pub sentence: String,
}

/// How many tasks could compute at once: no more than there are tasks, workers, or cores
/// (0 cores: not known, no cap).
fn usable(tasks: usize, threads: usize, cores: usize) -> usize {
    let u = tasks.min(threads);
    if cores == 0 {
        u
    } else {
        u.min(cores)
    }
}

/// Why nothing could compute in parallel, as the end of a sentence; `None` when two tasks could.
fn why_no_parallelism(tasks: usize, threads: usize, cores: usize) -> Option<String> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if tasks < 2 {
        Some(format!(
            "the recipe has only {tasks} task{}, so there is nothing to share among threads",
            plural(tasks)
        ))
    } else if threads < 2 {
        Some(format!(
            "the pool had only {threads} worker{} for {tasks} tasks",
            plural(threads)
        ))
    } else if cores == 1 {
        Some("this browser reports 1 core, so threads can only take turns".into())
    } else {
        None
    }
}

fn completed(stats: &[ModeStats], mode: Mode) -> Option<&ModeStats> {
    stats
        .iter()
        .find(|s| s.mode == mode && s.outcome == Outcome::Completed)
}

/// What a verdict needs to know besides the traces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunContext<'a> {
    /// The most waiting any one task does, in ms.
    pub longest_wait_ms: f64,
    /// The cooperative yield interval the run used.
    pub yield_ms: Option<f64>,
    pub cores: usize,
    /// Earlier runs of the yield-granularity lesson.
    pub history: &'a [YieldSample],
}

/// The verdict on a finished run; `None` when the run lacks what the lesson compares.
pub fn verdict(lesson: &Lesson, traces: &[Trace], ctx: RunContext<'_>) -> Option<Verdict> {
    let RunContext {
        longest_wait_ms,
        yield_ms,
        cores,
        history,
    } = ctx;
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
            let usable = usable(tasks, thr.threads, cores);
            let speedup = thr.speedup?;
            let coop_ratio = coop.wall_ms / seq.wall_ms;
            let coop_ok = (0.8..=1.3).contains(&coop_ratio);
            // The lesson is threads beating sequential: a run that cannot show it is not its
            // shape, whatever the reason.
            if let Some(why) = why_no_parallelism(tasks, thr.threads, cores) {
                return v(
                    false,
                    format!(
                        "Threads could not beat sequential ({}): {why}.",
                        times(speedup, 2)
                    ),
                );
            }
            let thr_ok = speedup >= 0.6 * usable as f64;
            let sentence = match (coop_ok, thr_ok) {
                (true, true) => format!("As expected: threads were {} faster than sequential on {usable} workers, while cooperative took {} as long as sequential, because one thread can only take turns.", times(speedup, 1), times(coop_ratio, 2)),
                (_, false) => format!("Threads were only {} faster on {usable} workers; other work on this device (other tabs, the page's own drawing) competes for the cores.", times(speedup, 2)),
                (false, true) => format!("Cooperative took {} as long as sequential; expected about the same, as it does the same CPU work on one thread.", times(coop_ratio, 2)),
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
                format!("As expected: cooperative took {}, about one wait, because all {tasks} tasks waited at once; threads took {}, {rounds} rounds of waits, because each blocking wait occupies one of the {pool} workers.", ms(coop.wall_ms, 0), ms(thr.wall_ms, 0))
            } else if !coop_ok {
                format!("Cooperative took {}, more than one wait ({}): something kept the event loop busy.", ms(coop.wall_ms, 0), ms(longest_wait_ms, 0))
            } else {
                format!("Threads took {}; expected about {rounds} rounds of waits ({}) with {pool} workers.", ms(thr.wall_ms, 0), ms(expected_thr, 0))
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
            let thr_both = thr.max_parallel_cpu >= 2;
            let ok = waits_overlap && cpu_one_at_a_time && thr_both;
            let sentence = if ok {
                format!("As expected: cooperative overlapped the waits ({} against {} sequential) but computed one task at a time; threads overlapped both, with up to {} lanes computing at once ({}).", ms(coop.wall_ms, 0), ms(seq.wall_ms, 0), thr.max_parallel_cpu, ms(thr.wall_ms, 0))
            } else if !waits_overlap {
                format!("Cooperative took {} against {} sequential: the waits did not overlap as expected.", ms(coop.wall_ms, 0), ms(seq.wall_ms, 0))
            } else if !cpu_one_at_a_time {
                format!("Cooperative had {} lanes computing at once; one thread should compute one task at a time.", coop.max_parallel_cpu)
            } else if let Some(why) = why_no_parallelism(tasks, thr.threads, cores) {
                format!("Threads could not overlap the CPU parts: {why}.")
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
                        format!("As expected: without yields the loop was blocked and the heartbeat froze for {}. Never yielding is a misuse: every other task, and the page itself, waits.", ms(gap, 0))
                    } else {
                        format!("The worst frame gap was only {}: the long task was too short to freeze the page visibly.", ms(gap, 0))
                    },
                ),
                Some(y) => {
                    let ratio = coop.wall_ms / coop.cpu_ms().max(1e-9);
                    v(
                        gap < 50.0,
                        if gap < 50.0 {
                            format!("As expected: yielding every {y} ms kept the page responsive (worst frame gap {}), and the run took {} its CPU time.", ms(gap, 0), times(ratio, 2))
                        } else {
                            format!("Even with a yield every {y} ms the worst frame gap was {}: the browser had other work, or the interval is too long.", ms(gap, 0))
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
            let here = format!(
                "Yielding every {}: {slices} slices, {} over the CPU time, worst frame gap {}.",
                yield_ms
                    .map(|y| format!("{y} ms"))
                    .unwrap_or_else(|| "never".into()),
                percent(now.overhead(), 1),
                ms(now.max_frame_gap_ms, 0)
            );
            let Some(other) = history
                .iter()
                .rev()
                .find(|s| s.yield_ms != yield_ms && s.yield_ms.is_some() && yield_ms.is_some())
            else {
                // One run cannot show the trade-off, but it can show the half it rests on: the
                // loop is held for a slice at most, so no frame waits much longer than one.
                let gap = coop.max_frame_gap_ms?;
                let slice = coop
                    .spans
                    .iter()
                    .filter(|s| s.kind == SpanKind::Cpu && !s.is_open())
                    .map(|s| s.end - s.start)
                    .fold(0.0, f64::max);
                let ok = gap <= slice + FRAME_SLACK_MS;
                return v(
                    ok,
                    if ok {
                        format!("{here} No frame waited much longer than the longest slice ({}). Run again with another interval to see the trade-off.", ms(slice, 1))
                    } else {
                        format!("{here} Frames waited far longer than the longest slice ({}) explains: the browser had other work. Run again to see the trade-off.", ms(slice, 1))
                    },
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
        LessonId::PoolsAndAmdahl => sweep_verdict(traces, lesson.sweep?, cores, tasks),
        LessonId::PythonModels => python_verdict(traces, &stats, tasks, cores),
        LessonId::RaceConditions => shared::race_verdict(traces, cores),
        LessonId::Deadlock => shared::deadlock_verdict(traces),
        LessonId::LockOrder => shared::lock_order_verdict(traces),
        LessonId::CrashImpact => shared::crash_verdict(traces),
    }
}

mod shared;

fn python_verdict(
    traces: &[Trace],
    stats: &[ModeStats],
    tasks: usize,
    cores: usize,
) -> Option<Verdict> {
    let speedup = |m: Mode| completed(stats, m).and_then(|s| s.speedup);
    let (gil, procs, thr) = (
        speedup(Mode::Gil)?,
        speedup(Mode::Processes)?,
        speedup(Mode::Threads)?,
    );
    let threads = completed(stats, Mode::Threads)?.threads;
    let usable = usable(tasks, threads, cores);
    let startup: f64 = traces
        .iter()
        .filter(|t| t.mode == Mode::Processes)
        .flat_map(|t| &t.spans)
        .filter(|s| s.kind == SpanKind::Startup)
        .map(|s| s.end - s.start)
        .fold(0.0, f64::max);
    let gil_ok = gil <= 1.3;
    let no_parallelism = why_no_parallelism(tasks, threads, cores);
    let parallel_ok = no_parallelism.is_none() && thr >= 0.6 * usable as f64 && procs > gil;
    let sentence = if gil_ok && parallel_ok {
        format!("As expected: threading with the GIL was no faster than the plain script ({}); multiprocessing reached {} after {} starting its processes; free threads reached {}.", times(gil, 2), times(procs, 2), ms(startup, 0), times(thr, 2))
    } else if !gil_ok {
        format!("Threading with the GIL reached {}; expected about 1×, since only the lock holder computes.", times(gil, 2))
    } else if let Some(why) = no_parallelism {
        format!("Free threads reached {} and multiprocessing {}, but nothing could compute in parallel: {why}.", times(thr, 2), times(procs, 2))
    } else {
        format!("Free threads reached {} and multiprocessing {} on {usable} workers; other load on the cores can hold them back.", times(thr, 2), times(procs, 2))
    };
    Some(Verdict {
        matches: gil_ok && parallel_ok,
        sentence,
    })
}

/// The sweep's points: the wall time of each completed run of `mode`, by pool size.
pub fn sweep_points(traces: &[Trace], mode: Mode) -> Vec<SweepPoint> {
    traces
        .iter()
        .filter(|t| t.mode == mode && t.outcome == Outcome::Completed)
        .map(|t| SweepPoint {
            pool: t.threads,
            wall_ms: t.wall_ms,
        })
        .collect()
}

/// A sweep has the lesson's shape when speedup climbs with the pool up to the cores and stops
/// there. Each way it can miss says why: waits instead of work, nothing to run in parallel,
/// no climb, or a climb that goes on past the cores.
fn sweep_verdict(traces: &[Trace], mode: Mode, cores: usize, tasks: usize) -> Option<Verdict> {
    let a = analyse(&sweep_points(traces, mode), cores)?;
    let fail = |sentence: String| {
        Some(Verdict {
            matches: false,
            sentence,
        })
    };
    let within_cores = |p: usize| cores == 0 || p <= cores;
    let best = a
        .speedup
        .iter()
        .filter(|s| within_cores(s.0))
        .map(|s| s.1)
        .fold(0.0, f64::max);
    let peak = a.speedup.iter().map(|s| s.1).fold(0.0, f64::max);
    let at = |p: usize| a.speedup.iter().find(|s| s.0 == p).map(|s| s.1);
    let (largest, at_largest) = a.speedup.last().copied()?;
    let largest_pool = a.speedup.iter().map(|s| s.0).max().unwrap_or(1);
    // The least CPU-heavy run speaks for the recipe; NaN (no spans kept) judges nothing.
    let share = traces
        .iter()
        .filter(|t| t.mode == mode && t.outcome == Outcome::Completed)
        .filter_map(cpu_share)
        .fold(f64::NAN, f64::min);
    if share < CPU_WORK_SHARE {
        return fail(format!("This recipe mostly waits (computing is {} of its work): waits overlap on any number of threads, so more threads keep helping past the cores. Amdahl's law is about computing; try a recipe of CPU steps.", percent(share, 0)));
    }
    if let Some(why) = why_no_parallelism(tasks, largest_pool, cores) {
        return fail(format!(
            "Speedup stayed at {}: {why}. The curve needs tasks to share and cores to share them on.",
            times(best, 2)
        ));
    }
    let usable = usable(tasks, largest_pool, cores);
    if best < 0.6 * usable as f64 {
        return fail(format!("Speedup reached only {} with up to {} threads, where {usable} tasks could have computed at once: other work on this device competes for the cores, or the pool ran on fewer threads than it says.", times(best, 2), cores.min(largest_pool)));
    }
    // Past the cores, more threads only take turns: no real gain is expected there.
    let flat_past_cores = largest <= cores || at(cores).is_none_or(|c| at_largest <= c * 1.15);
    if !flat_past_cores {
        return fail(format!("Speedup kept rising past the {cores} cores this browser reports ({} at {largest} threads): the device may have more cores than it says.", times(at_largest, 2)));
    }
    let fit = a
        .amdahl_serial_fraction
        .map(|f| format!("; Amdahl's law on {cores} cores fitted to your points gives a serial fraction of {}", percent(f, 0)))
        .unwrap_or_default();
    let kf = a
        .serial_fraction_estimate
        .map(|e| format!(" (Karp–Flatt: {})", percent(e.clamp(0.0, 1.0), 0)))
        .unwrap_or_default();
    Some(Verdict {
        matches: true,
        sentence: format!("As expected: speedup peaked at {} with {} threads on {cores} cores{fit}{kf}. Beyond {cores} threads the extra ones only take turns.", times(peak, 2), a.best_pool),
    })
}
