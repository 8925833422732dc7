//! Test helpers shared by the core's tests and the app state's (feature `testing`): spans and
//! traces with only what a test cares about.

use crate::run::mode::Mode;
use crate::run::shared::SharedVar;
use crate::run::trace::{Lane, Outcome, Span, SpanKind, Trace};

/// A span of step 0.
pub fn span(lane: Lane, task: u32, kind: SpanKind, start: f64, end: f64) -> Span {
    Span {
        lane,
        task,
        step: 0,
        kind,
        start,
        end,
    }
}

/// A completed one-thread trace of `tasks` finished tasks.
pub fn trace(mode: Mode, wall_ms: f64, tasks: usize, spans: Vec<Span>) -> Trace {
    Trace {
        spans,
        results: vec![Some(1); tasks],
        ..Trace::new(mode, Outcome::Completed, 1, wall_ms)
    }
}

/// Equal up to floating-point rounding, relative to the size of the numbers.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// A shared counter after a run on the page's memory: `expected` increments made, `value` seen.
pub fn var(name: &str, expected: u64, value: u64) -> SharedVar {
    SharedVar {
        name: name.into(),
        expected,
        value,
        seen_by_tasks: vec![],
        summed: None,
    }
}
