//! Verdicts on the lessons about time: CPU- and I/O-bound work, mixed requests, blocking the
//! loop, the yield interval's trade-off, and thousands of requests on a loop or a pool.

use super::{busy, completed, usable, why_no_parallelism, RunContext, Verdict, FRAME_SLACK_MS};
use crate::analysis::stats::ModeStats;
use crate::lesson::YieldSample;
use crate::run::mode::Mode;
use crate::run::trace::{Outcome, SpanKind, Trace};
use crate::view::figure::{ms, percent, times};

/// A hold of the event loop this long is a cause worth naming: three frames at 60 Hz.
const LONG_GAP_MS: f64 = 50.0;

/// The trace of `mode`'s run, if it completed.
fn completed_run(traces: &[Trace], mode: Mode) -> Option<&Trace> {
    traces
        .iter()
        .find(|t| t.mode == mode && t.outcome == Outcome::Completed)
}

fn v(matches: bool, sentence: String) -> Option<Verdict> {
    Some(Verdict { matches, sentence })
}

pub(super) fn cpu_bound(stats: &[ModeStats], tasks: usize, ctx: RunContext<'_>) -> Option<Verdict> {
    let (seq, coop, thr) = (
        completed(stats, Mode::Sequential)?,
        completed(stats, Mode::Cooperative)?,
        completed(stats, Mode::Threads)?,
    );
    let usable = usable(tasks, thr.threads, ctx.cores);
    let speedup = thr.speedup?;
    let coop_ratio = coop.wall_ms / seq.wall_ms;
    let coop_ok = (0.8..=1.3).contains(&coop_ratio);
    // The lesson is threads beating sequential: a run that cannot show it is not its
    // shape, whatever the reason.
    if let Some(why) = why_no_parallelism(tasks, thr.threads, ctx.cores) {
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
        (_, false) => match busy(thr, ctx.planned_cpu_ms) {
            Some(cause) => format!("Threads were only {} faster on {usable} workers, because {cause}.", times(speedup, 2)),
            None => format!("Threads were only {} faster on {usable} workers; nothing this run measured explains it.", times(speedup, 2)),
        },
        (false, true) => format!("Cooperative took {} as long as sequential; expected about the same, as it does the same CPU work on one thread.", times(coop_ratio, 2)),
    };
    v(coop_ok && thr_ok, sentence)
}

pub(super) fn io_bound(
    traces: &[Trace],
    stats: &[ModeStats],
    tasks: usize,
    ctx: RunContext<'_>,
) -> Option<Verdict> {
    let (coop, thr) = (
        completed(stats, Mode::Cooperative)?,
        completed(stats, Mode::Threads)?,
    );
    let pool = thr.threads.max(1);
    let rounds = tasks.div_ceil(pool);
    let expected_thr = rounds as f64 * ctx.longest_wait_ms;
    let coop_ok = coop.wall_ms <= 1.5 * ctx.longest_wait_ms;
    let thr_ok = (0.75..=1.5).contains(&(thr.wall_ms / expected_thr.max(1e-9)));
    let sentence = if coop_ok && thr_ok {
        format!("As expected: cooperative took {}, about one wait, because all {tasks} tasks waited at once; threads took {}, {rounds} rounds of waits, because each blocking wait occupies one of the {pool} workers.", ms(coop.wall_ms, 0), ms(thr.wall_ms, 0))
    } else if !coop_ok {
        let (took, wait) = (ms(coop.wall_ms, 0), ms(ctx.longest_wait_ms, 0));
        format!(
            "Cooperative took {took}, more than one wait ({wait}){}.",
            why_loop_slow(traces, coop, ctx)
        )
    } else {
        format!(
            "Threads took {}; expected about {rounds} rounds of waits ({}) with {pool} workers.",
            ms(thr.wall_ms, 0),
            ms(expected_thr, 0)
        )
    };
    v(coop_ok && thr_ok, sentence)
}

/// Why the event loop took longer than expected, as the end of a sentence: it was held (its
/// worst hold is measured for the cooperative mode), the machine was busy, or nothing this run
/// measured explains it.
fn why_loop_slow(traces: &[Trace], coop: &ModeStats, ctx: RunContext<'_>) -> String {
    let gap = completed_run(traces, Mode::Cooperative).and_then(|t| t.max_frame_gap_ms);
    match gap.filter(|&g| g >= LONG_GAP_MS) {
        Some(g) => format!(": the event loop was held for {} at once", ms(g, 0)),
        None => match busy(coop, ctx.planned_cpu_ms) {
            Some(why) => format!(": {why}"),
            None => "; nothing this run measured explains it".into(),
        },
    }
}

/// Thousands of waits: the loop overlaps them all; a pool takes rounds of one wait per
/// pool-full, so one sized for I/O beats one sized to the cores.
pub(super) fn many_requests(
    traces: &[Trace],
    stats: &[ModeStats],
    tasks: usize,
    ctx: RunContext<'_>,
) -> Option<Verdict> {
    let coop = completed(stats, Mode::Cooperative)?;
    let mut pools: Vec<&ModeStats> = stats
        .iter()
        .filter(|s| s.mode == Mode::Threads && s.outcome == Outcome::Completed)
        .collect();
    pools.sort_by_key(|s| s.threads);
    let (small, large) = (*pools.first()?, *pools.last()?);
    let wait = ctx.longest_wait_ms.max(1e-9);
    let rounds = |s: &ModeStats| tasks.div_ceil(s.threads.max(1));
    let pool_off = pools.iter().find(|s| {
        let expected = rounds(s) as f64 * wait;
        !(0.75..=1.5).contains(&(s.wall_ms / expected))
    });
    let said = |s: &ModeStats| {
        let (threads, took) = (s.threads, ms(s.wall_ms, 0));
        format!(
            "({threads} threads) took {took}, {} rounds of one wait",
            rounds(s)
        )
    };
    let (took, waits) = (ms(coop.wall_ms, 0), times(coop.wall_ms / wait, 0));
    if coop.wall_ms >= large.wall_ms {
        let why = why_loop_slow(traces, coop, ctx);
        return v(false, format!("The event loop took {took} ({waits} one wait), no faster than the pool of {}{why}.", large.threads));
    }
    if let Some(s) = pool_off {
        let expected = ms(rounds(s) as f64 * wait, 0);
        return v(false, format!("The pool of {} threads took {}; expected about {} rounds of one wait ({expected}).", s.threads, ms(s.wall_ms, 0), rounds(s)));
    }
    let pools_said = if pools.len() > 1 {
        format!(
            "a pool sized for I/O {}, and one sized to the cores {}",
            said(large),
            said(small)
        )
    } else {
        // From 28 cores, cores + 4 passes the 32 the pool goes to: one size for both.
        format!(
            "the pool {}: sized to the {} cores, it is as large as a pool goes here",
            said(large),
            ctx.cores
        )
    };
    v(true, format!("As expected: on one event loop the {} requests took {took}, {waits} one wait, because every wait overlapped; {pools_said}: a thread blocked in a wait does nothing else, so a pool for waits is sized by the waits, not the cores.", crate::view::figure::count(tasks)))
}

pub(super) fn mixed_requests(
    stats: &[ModeStats],
    tasks: usize,
    ctx: RunContext<'_>,
) -> Option<Verdict> {
    let (seq, coop, thr) = (
        completed(stats, Mode::Sequential)?,
        completed(stats, Mode::Cooperative)?,
        completed(stats, Mode::Threads)?,
    );
    let waits_overlap = coop.wall_ms < 0.7 * seq.wall_ms;
    let cpu_one_at_a_time = coop.max_parallel_cpu <= 1;
    let thr_both = thr.max_parallel_cpu >= 2;
    let ok = waits_overlap && cpu_one_at_a_time && thr_both;
    let sentence = if ok {
        format!("As expected: cooperative overlapped the waits ({} against {} sequential) but computed one task at a time; threads overlapped both, with up to {} lanes computing at once ({}).", ms(coop.wall_ms, 0), ms(seq.wall_ms, 0), thr.max_parallel_cpu, ms(thr.wall_ms, 0))
    } else if !waits_overlap {
        format!(
            "Cooperative took {} against {} sequential: the waits did not overlap as expected.",
            ms(coop.wall_ms, 0),
            ms(seq.wall_ms, 0)
        )
    } else if !cpu_one_at_a_time {
        format!("Cooperative had {} lanes computing at once; one thread should compute one task at a time.", coop.max_parallel_cpu)
    } else if let Some(why) = why_no_parallelism(tasks, thr.threads, ctx.cores) {
        format!("Threads could not overlap the CPU parts: {why}.")
    } else {
        format!("Threads never had two lanes computing at once (pool of {}): CPU parts did not overlap.", thr.threads)
    };
    v(ok, sentence)
}

pub(super) fn blocking_the_loop(traces: &[Trace], ctx: RunContext<'_>) -> Option<Verdict> {
    let coop = completed_run(traces, Mode::Cooperative)?;
    let gap = coop.max_frame_gap_ms?;
    match ctx.yield_ms {
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

pub(super) fn yield_granularity(traces: &[Trace], ctx: RunContext<'_>) -> Option<Verdict> {
    let coop = completed_run(traces, Mode::Cooperative)?;
    let now = YieldSample::from_trace(coop, ctx.yield_ms);
    let slices = coop
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Cpu)
        .count();
    let here = format!(
        "Yielding every {}: {slices} slices, {} over the CPU time, worst frame gap {}.",
        ctx.yield_ms
            .map(|y| format!("{y} ms"))
            .unwrap_or_else(|| "never".into()),
        percent(now.overhead(), 1),
        ms(now.max_frame_gap_ms, 0)
    );
    let Some(other) = ctx
        .history
        .iter()
        .rev()
        .find(|s| s.yield_ms != ctx.yield_ms && s.yield_ms.is_some() && ctx.yield_ms.is_some())
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
                format!("{here} Frames waited far longer than the longest slice ({}) explains, and nothing this run measured says what else held the loop. Run again to see the trade-off.", ms(slice, 1))
            },
        );
    };
    let (fine, coarse) = if other.yield_ms < ctx.yield_ms {
        (other, &now)
    } else {
        (&now, other)
    };
    let ok =
        fine.overhead() >= coarse.overhead() && coarse.max_frame_gap_ms >= fine.max_frame_gap_ms;
    v(
        ok,
        if ok {
            format!("{here} As expected against your run at {} ms: the finer interval cost more, the coarser one let frames wait longer.",
            other.yield_ms.unwrap_or(0.0))
        } else {
            format!("{here} Against your run at {} ms the trade-off did not show clearly; try intervals further apart.", other.yield_ms.unwrap_or(0.0))
        },
    )
}
