//! Whether CPython's imported run has the same shape as the browser's run of the same mode, in
//! one sentence: how long, how many waits at once, how many lanes computing at once; and where
//! they differ, the likely reason.

use crate::model::figure::ms;
use crate::model::lesson::Verdict;
use crate::model::mode::Mode;
use crate::model::stats::max_distinct_lanes_at_once;
use crate::model::trace::{Outcome, Source, SpanKind, Trace};

/// A run's shape, as far as the two can be compared across machines.
struct Shape {
    wall_ms: f64,
    /// The most waits under way at the same instant, on any lanes.
    waits: usize,
    /// The most lanes computing at the same instant.
    computing: usize,
}

fn shape(t: &Trace) -> Shape {
    Shape {
        wall_ms: t.wall_ms,
        waits: most_at_once(t, SpanKind::Io),
        computing: max_distinct_lanes_at_once(&t.spans, SpanKind::Cpu),
    }
}

/// The most closed spans of `kind` open at one instant; touching spans do not overlap.
fn most_at_once(t: &Trace, kind: SpanKind) -> usize {
    let mut edges: Vec<(f64, i32)> = t
        .spans
        .iter()
        .filter(|s| s.kind == kind && s.end > s.start)
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

fn describe(s: &Shape) -> String {
    let mut parts = vec![ms(s.wall_ms, 0)];
    if s.waits > 0 {
        parts.push(format!("up to {} waits at once", s.waits));
    }
    if s.computing > 0 {
        let lanes = if s.computing == 1 { "lane" } else { "lanes" };
        parts.push(format!("computing on {} {lanes} at a time", s.computing));
    }
    parts.join(", ")
}

/// CPython's `imported` run beside the browser's run of the same mode among `browser`:
/// whether their shapes match, and why not where they differ.
pub fn compare(imported: &Trace, browser: &[Trace]) -> Verdict {
    let Source::Python(run) = &imported.source else {
        return Verdict {
            matches: false,
            sentence: "This row was measured in the browser, not imported.".into(),
        };
    };
    let python = format!("{}'s {}", run.implementation, imported.mode.python());
    let page = imported.mode.label();
    let Some(ours) = browser
        .iter()
        .find(|t| t.mode == imported.mode && !t.is_imported())
    else {
        return Verdict {
            matches: false,
            sentence: format!(
                "{python}: {}. Run the {page} mode here to compare it with the browser's.",
                describe(&shape(imported))
            ),
        };
    };
    let (a, b) = (shape(imported), shape(ours));
    let mut why = Vec::new();
    if a.computing != b.computing {
        why.push(match imported.mode {
            Mode::Threads if run.gil => "this CPython has a GIL, so its threads compute one at a time; the page's threads stand for free-threaded CPython (python3.13t)".to_string(),
            _ => format!(
                "computing on {} and {} lanes at once: the machines or pool sizes differ (CPython had {} threads, the page {})",
                a.computing, b.computing, imported.threads, ours.threads
            ),
        });
    }
    if a.waits != b.waits {
        why.push(format!(
            "{} and {} waits at once: the pool sizes differ ({} and {})",
            a.waits, b.waits, imported.threads, ours.threads
        ));
    }
    let pool_crash = ours.outcome == Outcome::Crashed
        && imported.mode.needs_pool()
        && imported.results.iter().filter(|r| r.is_some()).count()
            > ours.results.iter().filter(|r| r.is_some()).count();
    if pool_crash {
        why.push("a crash in the page's thread pool takes the pool with it, while in CPython an exception ends only its own task".into());
    }
    let sentence = format!(
        "{python} finished in {}; the browser's {page} mode in {}",
        describe(&a),
        describe(&b)
    );
    let matches = why.is_empty();
    Verdict {
        sentence: if matches {
            format!("{sentence}: the same shape.")
        } else {
            format!("{sentence}. They differ: {}.", why.join("; "))
        },
        matches,
    }
}
