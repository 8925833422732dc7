//! Whether CPython's imported run has the same shape as the browser's run of the same mode and
//! recipe, in one sentence: how long, how many waits at once, and at what pace the CPU work
//! got done; and where they differ, the likely reason.
//!
//! The pace is the recipe's CPU work over the wall time: 1× is one core's worth. It, not the
//! lanes computing at once, is what the two can share: CPython's trace times whole steps, and
//! under its GIL a step's span includes the time its thread waited for the lock.

use crate::lesson::Verdict;
use crate::run::mode::Mode;
use crate::run::trace::{Outcome, Source, SpanKind, Trace};
use crate::scenario::recipe::Recipe;
use crate::view::figure::{ms, times};

/// Paces within this ratio of each other count as the same.
const SAME_PACE: f64 = 1.35;
/// Below this pace (in both runs) the work is mostly waiting, and the pace says little.
const PACE_THAT_COUNTS: f64 = 0.5;

/// A run's shape, as far as the two can be compared across machines.
struct Shape {
    wall_ms: f64,
    /// The most waits under way at the same instant, on any lanes.
    waits: usize,
    /// The recipe's CPU work ÷ the wall time: how many cores' worth of computing it got.
    pace: f64,
}

fn shape(t: &Trace, cpu_ms: f64) -> Shape {
    Shape {
        wall_ms: t.wall_ms,
        waits: most_at_once(t, SpanKind::Io),
        pace: cpu_ms / t.wall_ms.max(1e-9),
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

fn describe(s: &Shape, cpu_ms: f64) -> String {
    let mut parts = vec![ms(s.wall_ms, 0)];
    if s.waits > 0 {
        parts.push(format!("up to {} waits at once", s.waits));
    }
    if cpu_ms > 0.0 {
        parts.push(format!("CPU work at {} one core's pace", times(s.pace, 1)));
    }
    parts.join(", ")
}

/// The recipe as the Python program writes it.
pub fn recipe_line(recipe: &Recipe) -> String {
    recipe.to_string().trim().replace('\n', "; ")
}

/// CPython's `imported` run beside the browser's run of the same mode among `browser`, which
/// ran `recipe`: whether their shapes match, and why not where they differ.
pub fn compare(imported: &Trace, browser: &[Trace], recipe: Option<&Recipe>) -> Verdict {
    let differ = |sentence: String| Verdict {
        matches: false,
        sentence,
    };
    let Source::Python(run) = &imported.source else {
        return differ("This row was measured in the browser, not imported.".into());
    };
    let python = format!("{}'s {}", run.implementation, imported.mode.python());
    let page = imported.mode.label();
    let ours = browser
        .iter()
        .find(|t| t.mode == imported.mode && !t.is_imported());
    let (Some(ours), Some(recipe)) = (ours, recipe) else {
        return differ(format!(
            "CPython ran {} as {python}. Run the {page} mode here to compare its shape with the browser's.",
            crate::view::quote::Quoted(&run.recipe)
        ));
    };
    if recipe_line(recipe) != run.recipe {
        return differ(format!(
            "CPython ran {}, the browser {}: import the trace of the recipe that ran here to compare shapes.",
            crate::view::quote::Quoted(&run.recipe),
            crate::view::quote::Quoted(&recipe_line(recipe))
        ));
    }
    let cpu_ms = recipe.summary().cpu_ms;
    let (a, b) = (shape(imported, cpu_ms), shape(ours, cpu_ms));
    let mut why = Vec::new();
    let paces_count = a.pace.max(b.pace) >= PACE_THAT_COUNTS;
    if paces_count && a.pace.max(b.pace) > SAME_PACE * a.pace.min(b.pace) {
        why.push(match imported.mode {
            Mode::Threads if run.gil => "this CPython has a GIL, so its threads compute one at a time; the page's threads stand for free-threaded CPython (python3.13t)".to_string(),
            _ => format!(
                "the CPU work went at {} and {} one core's pace: the machines' cores or the pool sizes differ (CPython had {} workers, the page {})",
                times(a.pace, 1), times(b.pace, 1), imported.threads, ours.threads
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
        describe(&a, cpu_ms),
        describe(&b, cpu_ms)
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
