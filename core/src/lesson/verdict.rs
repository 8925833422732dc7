//! Verdicts: whether a measured run has its lesson's expected shape, in one sentence, and if
//! not, the likely reason.

use super::{Lesson, LessonId, RunKind, YieldSample};
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
    /// The recipe's CPU work as planned, in ms: what the calibration says it takes.
    pub planned_cpu_ms: f64,
}

/// CPU work that took this much longer than calibration predicts ran on a busy machine.
/// Calibration's rate and a run's differ by a few per cent from load to load, so only more
/// than this counts as measured contention.
pub const BUSY_SLOWDOWN: f64 = 1.3;

/// The machine was busy during `s`'s run, measured: its CPU work took longer than calibrated,
/// as the end of a sentence; `None` when it did not, or computed too little to tell.
fn busy(s: &ModeStats, planned_cpu_ms: f64) -> Option<String> {
    let slowdown = (planned_cpu_ms >= 20.0).then(|| s.cpu_ms / planned_cpu_ms)?;
    (slowdown > BUSY_SLOWDOWN).then(|| {
        format!(
            "the machine was busy: the {} mode's CPU work took {} its calibrated time",
            s.mode.label(),
            times(slowdown, 2)
        )
    })
}

/// The first mode of `stats` that ran on a busy machine, measured, as a sentence's end.
pub fn busy_during(stats: &[ModeStats], planned_cpu_ms: f64) -> Option<String> {
    stats.iter().find_map(|s| busy(s, planned_cpu_ms))
}

/// The verdict on a finished run; `None` when the run lacks what the lesson compares.
pub fn verdict(lesson: &Lesson, traces: &[Trace], ctx: RunContext<'_>) -> Option<Verdict> {
    let cores = ctx.cores;
    let tasks = traces.first()?.results.len();
    let stats = summarize(traces, tasks);
    match lesson.id {
        LessonId::CpuBound => timing::cpu_bound(&stats, tasks, ctx),
        LessonId::IoBound => timing::io_bound(traces, &stats, tasks, ctx),
        LessonId::MixedRequests => timing::mixed_requests(&stats, tasks, ctx),
        LessonId::BlockingTheLoop => timing::blocking_the_loop(traces, ctx),
        LessonId::YieldGranularity => timing::yield_granularity(traces, ctx),
        LessonId::PoolsAndAmdahl => match lesson.run {
            RunKind::Sweep(mode) => sweep_verdict(traces, mode, cores, tasks),
            _ => None,
        },
        LessonId::PythonModels => python_verdict(traces, &stats, tasks, ctx),
        LessonId::RaceConditions => shared::race_verdict(traces, cores),
        LessonId::Deadlock => shared::deadlock_verdict(traces),
        LessonId::LockOrder => shared::lock_order_verdict(traces),
        LessonId::CrashImpact => shared::crash_verdict(traces),
        // The costs table says its own shape; it runs no modes.
        LessonId::Costs => None,
        LessonId::ManyRequests => timing::many_requests(traces, &stats, tasks, ctx),
    }
}

mod shared;
mod timing;

fn python_verdict(
    traces: &[Trace],
    stats: &[ModeStats],
    tasks: usize,
    ctx: RunContext<'_>,
) -> Option<Verdict> {
    let speedup = |m: Mode| completed(stats, m).and_then(|s| s.speedup);
    let (gil, procs, thr) = (
        speedup(Mode::Gil)?,
        speedup(Mode::Processes)?,
        speedup(Mode::Threads)?,
    );
    let (seq, threads) = (
        completed(stats, Mode::Sequential)?,
        completed(stats, Mode::Threads)?,
    );
    let procs_usable = usable(tasks, completed(stats, Mode::Processes)?.threads, ctx.cores);
    let usable = usable(tasks, threads.threads, ctx.cores);
    let startup: f64 = traces
        .iter()
        .filter(|t| t.mode == Mode::Processes)
        .flat_map(|t| &t.spans)
        .filter(|s| s.kind == SpanKind::Startup)
        .map(|s| s.end - s.start)
        .fold(0.0, f64::max);
    // What the processes' own start-up allows: start, then the job split over the workers.
    let predicted = seq.wall_ms / (startup + seq.wall_ms / procs_usable.max(1) as f64);
    let gil_ok = gil <= 1.3;
    let no_parallelism = why_no_parallelism(tasks, threads.threads, ctx.cores);
    let thr_ok = thr >= 0.6 * usable as f64;
    let procs_ok = procs >= 0.75 * predicted && procs > gil;
    let spawn = format!(
        "its processes took {} to start (spawn, as CPython starts them on macOS and Windows)",
        ms(startup, 0)
    );
    let busy_now = [Mode::Threads, Mode::Processes, Mode::Sequential]
        .iter()
        .filter_map(|&m| completed(stats, m))
        .find_map(|s| busy(s, ctx.planned_cpu_ms));
    let matches = gil_ok && no_parallelism.is_none() && thr_ok && procs_ok;
    let sentence = if matches {
        format!("As expected: threading with the GIL was no faster than the plain script ({}); free threads reached {}; multiprocessing reached {}, where {spawn}.", times(gil, 2), times(thr, 2), times(procs, 2))
    } else if !gil_ok {
        format!("Threading with the GIL reached {}; expected about 1×, since only the lock holder computes.", times(gil, 2))
    } else if let Some(why) = no_parallelism {
        format!("Free threads reached {} and multiprocessing {}, but nothing could compute in parallel: {why}.", times(thr, 2), times(procs, 2))
    } else if let Some(cause) = busy_now {
        format!(
            "Free threads reached {} and multiprocessing {} on {usable} workers, because {cause}.",
            times(thr, 2),
            times(procs, 2)
        )
    } else if !thr_ok {
        format!("Free threads reached only {} on {usable} workers; nothing this run measured explains it.", times(thr, 2))
    } else {
        format!("Multiprocessing reached {}, below the {} that its processes' start-up ({}) predicts; the rest of the gap is not explained by anything this run measured.", times(procs, 2), times(predicted, 2), ms(startup, 0))
    };
    Some(Verdict { matches, sentence })
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
        return fail(format!("Speedup reached only {} with up to {} threads, where {usable} tasks could have computed at once: nothing this run measured explains it.", times(best, 2), cores.min(largest_pool)));
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
