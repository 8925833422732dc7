//! How many spans a mode may record, and how a run that would record more is made to fit.
//!
//! A trace lives in the page's memory, which is capped (a 1 GiB wasm memory that aborts when
//! full), and the live copy, the layout and the report are built from it. The limits allow
//! 120 s of CPU work and a yield every 0.1 ms: about 2.4 million spans from one URL. So a run
//! whose finest yield or switch interval would pass the budget runs with the finest interval
//! that fits, and the page says so, as it does for every other limit. The recorder also stops
//! keeping spans at the budget, in case a machine slower than its calibration makes more.

use crate::run::mode::Mode;
use crate::scenario::config::RunConfig;
use crate::scenario::step::{Count, Guard, MsStep, Step};
use crate::view::figure;

/// The most spans one mode keeps: ~5 MB of spans, and ~10 MB of them in the report.
pub const MAX_SPANS_PER_MODE: usize = 100_000;

/// A CPU step can take longer than planned when the machine is busier than at calibration,
/// and then it is cut into more slices: the estimate allows for twice the planned time.
const SLOWER_THAN_PLANNED: f64 = 2.0;

/// At most how many spans `mode` records for `tasks` (each a list of steps), when the
/// cooperative mode yields every `yield_ms` and the GIL changes hands every `switch_ms`.
pub fn spans_at_most(
    tasks: &[Vec<MsStep>],
    mode: Mode,
    yield_ms: Option<f64>,
    switch_ms: f64,
) -> usize {
    // A CPU step cut into slices records each slice and the wait before the next one.
    let slices = |ms: f64, every: f64| (ms * SLOWER_THAN_PLANNED / every).ceil() as usize + 1;
    let per_step = |s: &MsStep| match (*s, mode) {
        (Step::Io(_) | Step::Crash | Step::Unlock(_), _) => 1,
        // A lock waited for, and under a GIL the wait for it again afterwards.
        (Step::Lock(_), _) => 2,
        (Step::Count(c), _) => count_spans(c, mode, switch_ms),
        (Step::Cpu(ms), Mode::Cooperative) => yield_ms.map_or(1, |y| 2 * slices(ms, y)),
        (Step::Cpu(ms), Mode::Gil) => 2 * slices(ms, switch_ms),
        (Step::Cpu(_), _) => 1,
    };
    // Per task: a start (a turn of the loop, a message to a process) and an answer.
    tasks
        .iter()
        .map(|steps| 2 + steps.iter().map(per_step).sum::<usize>())
        .sum()
}

/// A count step records its computing (in slices under a GIL) and, per increment, the wait in
/// its window and the waits for its lock.
fn count_spans(c: Count<f64, f64>, mode: Mode, switch_ms: f64) -> usize {
    let times = c.times as usize;
    let window = if c.gap.waits() { times } else { 0 };
    let lock = if matches!(c.guard, Guard::Lock(_)) {
        2 * times
    } else {
        0
    };
    let slices = match mode {
        Mode::Gil => {
            let ms = c.times as f64 * c.gap.ms() * SLOWER_THAN_PLANNED;
            2 * ((ms / switch_ms).ceil() as usize + 1) + window
        }
        _ => 1,
    };
    slices + window + lock
}

/// The intervals a run uses, and why they differ from those asked for, if they do.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub yield_ms: Option<f64>,
    pub switch_ms: f64,
    /// What was changed and why, for the page.
    pub notice: Option<String>,
}

/// The yield and switch intervals `config` asks for, made just coarse enough, in steps of
/// 0.1 ms, for each of its modes to stay within [`MAX_SPANS_PER_MODE`].
pub fn fit(config: &RunConfig) -> Fitted {
    let tasks = config.recipe.tasks();
    let runs = |mode| config.modes.contains(&mode);
    let coarsest = |mode: Mode, asked: f64, spans: &dyn Fn(f64) -> usize| {
        if !runs(mode) || spans(asked) <= MAX_SPANS_PER_MODE {
            return None;
        }
        // Spans fall about in proportion to the interval: start near the answer, then step.
        let guess = asked * spans(asked) as f64 / MAX_SPANS_PER_MODE as f64;
        let mut ms = (guess * 10.0).floor().max(1.0) / 10.0;
        while spans(ms) > MAX_SPANS_PER_MODE {
            ms = ((ms + 0.1) * 10.0).round() / 10.0;
        }
        Some((ms, spans(asked)))
    };
    let yields = config.yield_ms.and_then(|y| {
        coarsest(Mode::Cooperative, y, &|ms| {
            spans_at_most(&tasks, Mode::Cooperative, Some(ms), config.switch_ms)
        })
    });
    let switches = coarsest(Mode::Gil, config.switch_ms, &|ms| {
        spans_at_most(&tasks, Mode::Gil, config.yield_ms, ms)
    });
    let mut why = Vec::new();
    if let (Some(y), Some((fitted, spans))) = (config.yield_ms, yields) {
        why.push(format!(
            "yielding every {} would record up to {} spans in the cooperative mode, so it yields every {}",
            figure::ms(y, 1),
            figure::count(spans),
            figure::ms(fitted, 1)
        ));
    }
    if let Some((fitted, spans)) = switches {
        why.push(format!(
            "a GIL switch interval of {} would record up to {} spans, so the GIL switches every {}",
            figure::ms(config.switch_ms, 1),
            figure::count(spans),
            figure::ms(fitted, 1)
        ));
    }
    Fitted {
        yield_ms: yields.map(|(ms, _)| ms).or(config.yield_ms),
        switch_ms: switches.map_or(config.switch_ms, |(ms, _)| ms),
        notice: (!why.is_empty()).then(|| {
            format!(
                "This recipe is long for such fine slices: {}. A mode keeps at most {} spans, so that the page stays within its memory.",
                why.join("; "),
                figure::count(MAX_SPANS_PER_MODE)
            )
        }),
    }
}

/// What the page says about spans: the intervals fitted to the budget before a run, and any
/// mode of the last run that still recorded more than it could keep.
pub fn notice(config: &RunConfig, traces: &[crate::run::trace::Trace]) -> Option<String> {
    let dropped = traces.iter().filter(|t| t.spans_dropped > 0).map(|t| {
        format!(
            "{} kept its first {} spans and not the {} after them, so its timeline ends early.",
            t.mode.label(),
            figure::count(t.spans.len()),
            figure::count(t.spans_dropped)
        )
    });
    let all: Vec<String> = fit(config).notice.into_iter().chain(dropped).collect();
    (!all.is_empty()).then(|| all.join(" "))
}

#[cfg(test)]
mod tests;
