//! Numbers derived from traces: wall and CPU time, speedup, efficiency, and how much really
//! ran at once.

use super::mode::Mode;
use super::trace::{Outcome, Span, SpanKind, Trace};

#[derive(Clone, Debug, PartialEq)]
pub struct ModeStats {
    pub mode: Mode,
    pub outcome: Outcome,
    pub threads: usize,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    /// Sequential wall ÷ this wall; `None` without a completed sequential run to compare to.
    pub speedup: Option<f64>,
    /// Speedup ÷ min(tasks, threads): 1.0 means every usable thread was kept busy.
    pub efficiency: Option<f64>,
    /// The most lanes that had CPU work at the same moment.
    pub max_parallel_cpu: usize,
}

pub fn summarize(traces: &[Trace], tasks: usize) -> Vec<ModeStats> {
    let baseline = traces
        .iter()
        .find(|t| t.mode == Mode::Sequential && t.outcome == Outcome::Completed)
        .map(|t| t.wall_ms);
    traces
        .iter()
        .map(|t| {
            let speedup = baseline
                .filter(|_| t.outcome == Outcome::Completed && t.wall_ms > 0.0)
                .map(|b| b / t.wall_ms);
            let usable = tasks.min(t.threads).max(1) as f64;
            ModeStats {
                mode: t.mode,
                outcome: t.outcome,
                threads: t.threads,
                wall_ms: t.wall_ms,
                cpu_ms: t.cpu_ms(),
                speedup,
                efficiency: speedup.map(|s| s / usable),
                max_parallel_cpu: max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu),
            }
        })
        .collect()
}

/// The most distinct lanes that had a closed span of `kind` open at the same instant.
pub fn max_distinct_lanes_at_once(spans: &[Span], kind: SpanKind) -> usize {
    let mut edges: Vec<(f64, i32, usize)> = Vec::new();
    let lanes = super::trace::lanes_of(spans);
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

/// The most spans of `kind` that were open at the same instant, on any lanes.
pub fn max_spans_at_once(spans: &[Span], kind: SpanKind) -> usize {
    let mut edges: Vec<(f64, i32)> = spans
        .iter()
        .filter(|s| s.kind == kind && !s.is_open() && s.end > s.start)
        .flat_map(|s| [(s.start, 1), (s.end, -1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut open, mut best) = (0i32, 0i32);
    for (_, d) in edges {
        open += d;
        best = best.max(open);
    }
    best as usize
}

/// Tasks that held the event loop longer than `threshold_ms` in one CPU slice, with the
/// longest hold of each, longest first: on the main loop nothing else runs meanwhile.
pub fn long_holds(trace: &Trace, threshold_ms: f64) -> Vec<(u32, f64)> {
    let mut worst: Vec<(u32, f64)> = Vec::new();
    for s in trace.spans.iter().filter(|s| {
        s.lane == super::trace::Lane::MainLoop && s.kind == SpanKind::Cpu && !s.is_open()
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

/// The most lanes that computed at the same moment in any of the traces.
pub fn max_parallel(traces: &[Trace]) -> usize {
    traces
        .iter()
        .map(|t| max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu))
        .max()
        .unwrap_or(0)
}

/// A warning for each mode that was meant to compute in parallel but never had two lanes
/// computing at once: the silent single-thread fallback that looks like parallelism.
pub fn silent_fallbacks(traces: &[Trace]) -> Vec<String> {
    traces
        .iter()
        .filter(|t| {
            let parallel = matches!(t.mode, super::mode::Mode::Threads | super::mode::Mode::Processes);
            parallel && t.threads >= 2 && t.results.len() >= 2 && t.outcome == super::trace::Outcome::Completed
        })
        .filter(|t| max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu) < 2)
        .map(|t| format!("The {} run never had two lanes computing at the same moment: it had {} threads but ran as if on one.", t.mode.label(), t.threads))
        .collect()
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
mod tests {
    use super::*;
    use crate::model::trace::Lane;

    fn s(lane: Lane, kind: SpanKind, start: f64, end: f64) -> Span {
        Span {
            lane,
            task: 0,
            step: 0,
            kind,
            start,
            end,
        }
    }

    fn trace(mode: Mode, threads: usize, wall: f64, spans: Vec<Span>) -> Trace {
        Trace {
            mode,
            outcome: Outcome::Completed,
            threads,
            wall_ms: wall,
            epoch_ms: 0.0,
            spans,
            results: vec![],
            counters: vec![],
            max_frame_gap_ms: None,
        }
    }

    #[test]
    fn speedup_and_efficiency_are_against_sequential_and_usable_threads() {
        let traces = vec![
            trace(
                Mode::Sequential,
                1,
                100.0,
                vec![s(Lane::Worker(0), SpanKind::Cpu, 0.0, 100.0)],
            ),
            trace(
                Mode::Threads,
                4,
                50.0,
                vec![
                    s(Lane::Worker(0), SpanKind::Cpu, 0.0, 50.0),
                    s(Lane::Worker(1), SpanKind::Cpu, 0.0, 50.0),
                ],
            ),
        ];
        let st = summarize(&traces, 2);
        assert_eq!(st[0].speedup, Some(1.0));
        assert_eq!(st[1].speedup, Some(2.0));
        // Two tasks can use only two of the four threads.
        assert_eq!(st[1].efficiency, Some(1.0));
        assert_eq!(st[1].cpu_ms, 100.0);
        assert_eq!(st[1].max_parallel_cpu, 2);
    }

    #[test]
    fn no_sequential_run_means_no_speedup() {
        let st = summarize(&[trace(Mode::Cooperative, 1, 10.0, vec![])], 3);
        assert_eq!(st[0].speedup, None);
        assert_eq!(st[0].efficiency, None);
    }

    #[test]
    fn concurrency_counts_lanes_and_spans_and_ignores_touching_edges() {
        let spans = vec![
            s(Lane::MainLoop, SpanKind::Io, 0.0, 10.0),
            s(Lane::MainLoop, SpanKind::Io, 1.0, 10.0),
            s(Lane::MainLoop, SpanKind::Io, 2.0, 10.0),
            s(Lane::Worker(0), SpanKind::Cpu, 0.0, 5.0),
            s(Lane::Worker(1), SpanKind::Cpu, 5.0, 9.0),
            s(Lane::Worker(1), SpanKind::Cpu, 9.0, 12.0),
        ];
        assert_eq!(max_spans_at_once(&spans, SpanKind::Io), 3);
        assert_eq!(max_distinct_lanes_at_once(&spans, SpanKind::Io), 1);
        assert_eq!(max_distinct_lanes_at_once(&spans, SpanKind::Cpu), 1);
    }

    #[test]
    fn long_holds_name_each_task_once_with_its_worst_slice() {
        let mut t = trace(
            Mode::Cooperative,
            1,
            500.0,
            vec![
                s(Lane::MainLoop, SpanKind::Cpu, 0.0, 180.0),
                s(Lane::MainLoop, SpanKind::Cpu, 180.0, 200.0),
                s(Lane::MainLoop, SpanKind::Io, 0.0, 400.0),
            ],
        );
        t.spans[1].task = 3;
        t.spans.push(Span {
            task: 3,
            ..s(Lane::MainLoop, SpanKind::Cpu, 200.0, 260.0)
        });
        t.spans.push(Span {
            task: 3,
            ..s(Lane::MainLoop, SpanKind::Cpu, 260.0, 330.0)
        });
        assert_eq!(long_holds(&t, 50.0), vec![(0, 180.0), (3, 70.0)]);
        assert!(long_holds(&t, 500.0).is_empty());
    }

    #[test]
    fn a_parallel_run_without_two_busy_lanes_is_called_out() {
        let mut serial = trace(
            Mode::Threads,
            2,
            100.0,
            vec![
                s(Lane::Worker(0), SpanKind::Cpu, 0.0, 50.0),
                s(Lane::Worker(1), SpanKind::Cpu, 50.0, 100.0),
            ],
        );
        serial.results = vec![Some(1), Some(2)];
        let warnings = silent_fallbacks(std::slice::from_ref(&serial));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("never had two lanes"),
            "{}",
            warnings[0]
        );
        serial.spans[1].start = 40.0;
        assert!(silent_fallbacks(std::slice::from_ref(&serial)).is_empty());
        assert_eq!(max_parallel(&[serial]), 2);
        let coop = trace(
            Mode::Cooperative,
            1,
            10.0,
            vec![s(Lane::MainLoop, SpanKind::Cpu, 0.0, 5.0)],
        );
        assert!(
            silent_fallbacks(&[coop]).is_empty(),
            "one lane is the point of cooperative"
        );
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
