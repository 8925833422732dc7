//! Silent single-thread fallbacks: a mode meant to compute in parallel whose lanes never
//! computed at the same moment, although its plan gave it CPU work that could overlap.

use super::max_distinct_lanes_at_once;
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, Span, SpanKind, Trace};
use crate::scenario::step::{MsStep, Step};

/// Whether `threads` workers taking `tasks` from one queue in order, each step lasting its
/// planned time, would have two of them computing at once. Only the middle half of each CPU
/// step counts, so an overlap that process start-up or timer jitter can undo does not: a
/// warning must not fire on a plan that merely grazes parallelism.
pub fn plan_computes_in_parallel(tasks: &[Vec<MsStep>], threads: usize) -> bool {
    if threads < 2 {
        return false;
    }
    let mut free_at = vec![0.0f64; threads.min(tasks.len())];
    let mut spans = Vec::new();
    for (id, steps) in tasks.iter().enumerate() {
        // The worker that is free first takes the next task, as the shared queue hands them out.
        let Some((worker, start)) = free_at
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
        else {
            break;
        };
        let mut t = start;
        for step in steps {
            if let Step::Cpu(ms) = *step {
                spans.push(Span {
                    lane: Lane::Worker(worker as u16),
                    task: id as u32,
                    step: 0,
                    kind: SpanKind::Cpu,
                    start: t + ms / 4.0,
                    end: t + ms * 3.0 / 4.0,
                });
            }
            t += step.cpu_ms() + step.io_ms();
        }
        free_at[worker] = t;
    }
    max_distinct_lanes_at_once(&spans, SpanKind::Cpu) >= 2
}

/// A warning for each threads or processes run that never had two lanes computing at once
/// although the plan (`tasks`, as the run resolved them) gave its pool CPU work that could
/// overlap: the single-thread fallback that looks like parallelism. Work that only waits, one
/// task, one thread or a run that kept no spans (two tasks must show CPU in the trace) cannot
/// show it, and gets no warning.
pub fn silent_fallbacks(traces: &[Trace], tasks: &[Vec<MsStep>]) -> Vec<String> {
    traces
        .iter()
        .filter(|t| {
            matches!(t.mode, Mode::Threads | Mode::Processes) && t.outcome == Outcome::Completed
        })
        .filter(|t| tasks_that_computed(t) >= 2 && plan_computes_in_parallel(tasks, t.threads))
        .filter(|t| max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu) < 2)
        .map(|t| {
            format!(
                "The {} run never had two lanes computing at the same moment: it had {} threads and tasks whose computing could overlap, but ran as if on one.",
                t.mode.label(),
                t.threads
            )
        })
        .collect()
}

fn tasks_that_computed(trace: &Trace) -> usize {
    let mut tasks: Vec<u32> = trace
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Cpu)
        .map(|s| s.task)
        .collect();
    tasks.sort_unstable();
    tasks.dedup();
    tasks.len()
}
