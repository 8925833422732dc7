//! How long one mode may run. The same recipe takes very different times in different modes:
//! `10000 x io 100ms` finishes in about one wait on the event loop, in 1,250 rounds on a pool of
//! 8 threads, and in 10,000 waits one after another. So the recipe language limits what it
//! can (tasks, steps, CPU work), and the time is limited per mode, for the pool size it runs
//! with: a mode that would run longer than [`MAX_MODE_MS`] is left out, and the page says which
//! limit it hit and what would fit.

use crate::run::mode::Mode;
use crate::scenario::config::RunConfig;
use crate::scenario::recipe::{Millis, Recipe};
use crate::scenario::step::MsStep;
use crate::view::figure;

/// The longest one mode may run, in ms: two minutes, as the recipe's CPU work is limited to.
pub const MAX_MODE_MS: f64 = 120_000.0;

/// The least time `mode` can take for `recipe` on `threads` threads (or processes), whatever
/// the order it takes its tasks in: the longest task, the work shared evenly between its
/// threads, and for one interpreter at a time (the event loop, the GIL) all the CPU work in a
/// row. Read off the recipe's lines with each range at its low end, a bound on every seed, so
/// the page can ask on every render without resolving 10,000 tasks' steps.
pub fn least_ms(recipe: &Recipe, mode: Mode, threads: usize) -> f64 {
    let (mut longest, mut total, mut cpu) = (0.0, 0.0, 0.0);
    for group in &recipe.groups {
        let steps = group
            .steps
            .iter()
            .map(|s| s.map(&mut Millis::low, &mut Millis::low));
        let (length, group_cpu) = steps.fold((0.0, 0.0), |(len, cpu), s: MsStep| {
            (len + s.cpu_ms() + s.io_ms(), cpu + s.cpu_ms())
        });
        let n = f64::from(group.count);
        longest = f64::max(longest, length);
        total += n * length;
        cpu += n * group_cpu;
    }
    let shared = total / threads.max(1) as f64;
    match mode {
        Mode::Sequential => total,
        Mode::Cooperative => longest.max(cpu),
        Mode::Gil => longest.max(shared).max(cpu),
        Mode::Threads | Mode::Processes => longest.max(shared),
    }
}

/// Why `mode` with `threads` in its pool may not run `recipe`: it would take longer than
/// [`MAX_MODE_MS`]. Says how long at least, and what would fit.
pub fn over(recipe: &Recipe, mode: Mode, threads: usize) -> Option<String> {
    let least = least_ms(recipe, mode, threads);
    if least <= MAX_MODE_MS {
        return None;
    }
    let on = match mode {
        Mode::Threads | Mode::Gil | Mode::Processes => format!(" on {threads}"),
        Mode::Sequential | Mode::Cooperative => String::new(),
    };
    let fix = match mode {
        Mode::Threads | Mode::Processes => "a larger pool, fewer tasks or shorter steps",
        _ => "fewer tasks or shorter steps",
    };
    Some(format!(
        "{}{on} would take at least {} for these {} tasks, over the {} one mode may run: {fix}",
        mode.label(),
        seconds(least),
        figure::count(recipe.task_count() as usize),
        seconds(MAX_MODE_MS)
    ))
}

/// Whole seconds, "1,000 s": at these lengths ms would be hard to read.
fn seconds(ms: f64) -> String {
    format!("{} s", figure::count((ms / 1000.0).round() as usize))
}

/// Each mode `config` chooses that would run too long, with why, for a machine of `cores`.
pub fn too_long(config: &RunConfig, cores: usize) -> Vec<(Mode, String)> {
    config
        .modes
        .iter()
        .filter_map(|&m| Some((m, over(&config.recipe, m, config.pool_size(m, cores))?)))
        .collect()
}

#[cfg(test)]
mod tests;
