//! Numbers derived from traces: wall and CPU time, speedup, efficiency where it means
//! something, tasks in flight, and how much really ran at once.

use crate::run::mode::Mode;
use crate::run::trace::{Outcome, Span, SpanKind, Trace, NO_TASK};

mod fallback;

pub use fallback::{plan_computes_in_parallel, silent_fallbacks};

#[derive(Clone, Debug, PartialEq)]
pub struct ModeStats {
    pub mode: Mode,
    pub outcome: Outcome,
    pub threads: usize,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    /// Sequential wall ÷ this wall; `None` without a completed sequential run to compare to.
    pub speedup: Option<f64>,
    /// Speedup ÷ min(tasks, threads), only where that means something: see `efficiency`.
    pub efficiency: Option<f64>,
    /// How many tasks were under way at once, on average: see `tasks_in_flight`.
    pub tasks_in_flight: Option<f64>,
    /// The most lanes that had CPU work at the same moment.
    pub max_parallel_cpu: usize,
}

/// Work counts as CPU work when computing is at least this share of it (CPU and waits).
pub const CPU_WORK_SHARE: f64 = 0.8;

pub fn summarize(traces: &[Trace], tasks: usize) -> Vec<ModeStats> {
    // Speedups compare runs on this device: an imported CPython run has none, and is none's
    // baseline.
    let sequential = traces.iter().find(|t| {
        t.mode == Mode::Sequential && t.outcome == Outcome::Completed && !t.is_imported()
    });
    let baseline = sequential.map(|t| t.wall_ms);
    let sequential_cpu = sequential.map(Trace::cpu_ms);
    traces
        .iter()
        .map(|t| {
            let speedup = baseline
                .filter(|_| t.outcome == Outcome::Completed && t.wall_ms > 0.0 && !t.is_imported())
                .map(|b| b / t.wall_ms);
            ModeStats {
                mode: t.mode,
                outcome: t.outcome,
                threads: t.threads,
                wall_ms: t.wall_ms,
                cpu_ms: t.cpu_ms(),
                speedup,
                efficiency: speedup.and_then(|s| efficiency(t, s, tasks, sequential_cpu)),
                tasks_in_flight: tasks_in_flight(t),
                max_parallel_cpu: max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu),
            }
        })
        .collect()
}

/// Speedup ÷ min(tasks, threads): how much of the threads' capacity the run turned into
/// speed. It means that only for CPU work on two threads or more: one thread that overlaps
/// waits (cooperative on I/O) reaches "800 %" without computing anything in parallel. Above
/// 100 % it is kept only when the work itself took less CPU than sequentially (each core's
/// cache holding its share, say); otherwise the sequential run lost time to something else,
/// and the figure would flatter the parallel one.
pub fn efficiency(
    trace: &Trace,
    speedup: f64,
    tasks: usize,
    sequential_cpu_ms: Option<f64>,
) -> Option<f64> {
    let usable = tasks.min(trace.threads);
    if usable < 2 || !cpu_share(trace).is_some_and(|s| s >= CPU_WORK_SHARE) {
        return None;
    }
    let e = speedup / usable as f64;
    let cheaper = sequential_cpu_ms.is_some_and(|c| trace.cpu_ms() < c);
    (e.is_finite() && (e <= 1.0 || cheaper)).then_some(e)
}

/// The share of computing in the work a trace recorded: CPU ÷ (CPU + waits), over closed
/// spans. `None` when it recorded neither (no spans kept, or nothing ran).
pub fn cpu_share(trace: &Trace) -> Option<f64> {
    let (mut cpu, mut io) = (0.0, 0.0);
    for s in trace.spans.iter().filter(|s| !s.is_open()) {
        match s.kind {
            SpanKind::Cpu => cpu += s.end - s.start,
            SpanKind::Io => io += s.end - s.start,
            _ => {}
        }
    }
    (cpu + io > 0.0).then(|| cpu / (cpu + io))
}

/// Sum over tasks of (its last span's end − its first span's start) ÷ wall: how many tasks
/// were under way at once, on average. Unlike efficiency it means the same for every mode:
/// eight waits overlapping on one thread make 8, a pool of two working through a queue 2.
/// `None` without a wall time or any finished span of a task.
pub fn tasks_in_flight(trace: &Trace) -> Option<f64> {
    if !(trace.wall_ms > 0.0 && trace.wall_ms.is_finite()) {
        return None;
    }
    let mut spans: Vec<(u32, f64, f64)> = trace
        .spans
        .iter()
        .filter(|s| s.task != NO_TASK && !s.is_open() && s.start.is_finite() && s.end.is_finite())
        .map(|s| (s.task, s.start, s.end))
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|s| s.0);
    let mut total = 0.0;
    for task in spans.chunk_by(|a, b| a.0 == b.0) {
        let first = task.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
        let last = task.iter().map(|s| s.2).fold(f64::NEG_INFINITY, f64::max);
        total += (last - first).max(0.0);
    }
    Some(total / trace.wall_ms)
}

/// The most distinct lanes that had a closed span of `kind` open at the same instant.
pub fn max_distinct_lanes_at_once(spans: &[Span], kind: SpanKind) -> usize {
    let mut edges: Vec<(f64, i32, usize)> = Vec::new();
    let lanes = crate::run::trace::lanes_of(spans);
    for s in spans
        .iter()
        .filter(|s| s.kind == kind && !s.is_open() && s.end > s.start)
    {
        let lane = lanes.binary_search(&s.lane).unwrap_or(0);
        // Ends sort before starts at the same instant: touching spans do not overlap.
        edges.push((s.start, 1, lane));
        edges.push((s.end, -1, lane));
    }
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut open_per_lane = vec![0i32; lanes.len()];
    let (mut busy, mut best) = (0usize, 0usize);
    for (_, delta, lane) in edges {
        let before = open_per_lane[lane];
        open_per_lane[lane] += delta;
        match (before, open_per_lane[lane]) {
            (0, 1) => busy += 1,
            (1, 0) => busy -= 1,
            _ => {}
        }
        best = best.max(busy);
    }
    best
}

/// Tasks that held the event loop longer than `threshold_ms` in one CPU slice, with the
/// longest hold of each, longest first: on the main loop nothing else runs meanwhile.
pub fn long_holds(trace: &Trace, threshold_ms: f64) -> Vec<(u32, f64)> {
    let mut worst: Vec<(u32, f64)> = Vec::new();
    for s in trace.spans.iter().filter(|s| {
        s.lane == crate::run::trace::Lane::MainLoop && s.kind == SpanKind::Cpu && !s.is_open()
    }) {
        let held = s.end - s.start;
        if held <= threshold_ms {
            continue;
        }
        match worst.iter_mut().find(|(t, _)| *t == s.task) {
            Some(w) => w.1 = w.1.max(held),
            None => worst.push((s.task, held)),
        }
    }
    worst.sort_by(|a, b| b.1.total_cmp(&a.1));
    worst
}

/// The long holds of [`long_holds`] said once: "Task 3 held the event loop for 63 ms without
/// yielding", or "4 tasks held the event loop for 55–63 ms each without yielding".
pub fn long_holds_sentence(holds: &[(u32, f64)]) -> Option<String> {
    let longest = holds.iter().map(|h| h.1).fold(f64::NAN, f64::max);
    let shortest = holds.iter().map(|h| h.1).fold(f64::NAN, f64::min);
    let (lo, hi) = (format!("{shortest:.0}"), format!("{longest:.0}"));
    let how_long = if lo == hi {
        format!("{hi} ms")
    } else {
        format!("{lo}–{hi} ms")
    };
    match holds {
        [] => None,
        [(task, _)] => Some(format!(
            "Task {task} held the event loop for {how_long} without yielding"
        )),
        _ => Some(format!(
            "{} tasks held the event loop for {how_long} each without yielding",
            holds.len()
        )),
    }
}

/// The most lanes that computed at the same moment in any of the traces.
pub fn max_parallel(traces: &[Trace]) -> usize {
    traces
        .iter()
        .map(|t| max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu))
        .max()
        .unwrap_or(0)
}

/// The median of some samples; `None` when there are none.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

#[cfg(test)]
mod tests;
