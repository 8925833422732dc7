//! Which columns of the results table mean something for a run. A figure that cannot apply to
//! the recipe is noise on a projector: primes for work that counts none, efficiency where no
//! mode could have one (or where tasks share state, and contention is the point), a frame gap
//! where nothing ran on the event loop. Lost updates and lock waits belong where the recipe
//! shares state.

use crate::analysis::stats::ModeStats;
use crate::run::trace::{Outcome, Trace};
use crate::scenario::recipe::Recipe;
use crate::scenario::step::Step;

/// A column of the results table, in the order the table shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Mode,
    Python,
    Wall,
    SummedCpu,
    Speedup,
    Efficiency,
    InFlight,
    Threads,
    Utilisation,
    MaxParallel,
    FrameGap,
    LostUpdates,
    LockWaits,
    Primes,
}

/// The columns that apply to `recipe`'s run, whose modes measured `stats` and `traces`.
pub fn columns(recipe: &Recipe, stats: &[ModeStats], traces: &[Trace]) -> Vec<Column> {
    let steps = || recipe.groups.iter().flat_map(|g| &g.steps);
    let counts_primes = steps().any(|s| matches!(s, Step::Cpu(_)));
    let computes = recipe.summary().cpu_ms > 0.0;
    let shares = recipe.names.any();
    let wanted = |c: Column| match c {
        Column::SummedCpu | Column::Utilisation | Column::MaxParallel => computes,
        // With shared state, contention is the lesson: speed per thread says nothing of it.
        Column::Efficiency => !shares && stats.iter().any(|s| s.efficiency.is_some()),
        Column::FrameGap => traces.iter().any(|t| t.max_frame_gap_ms.is_some()),
        Column::LostUpdates => !recipe.names.vars.is_empty(),
        Column::LockWaits => !recipe.names.locks.is_empty(),
        // Its cell also says how a mode ended badly ("failed: …"), wherever that happened.
        Column::Primes => counts_primes || traces.iter().any(|t| t.outcome == Outcome::Failed),
        Column::Mode | Column::Python | Column::Wall | Column::Speedup => true,
        Column::InFlight | Column::Threads => true,
    };
    ALL.into_iter().filter(|&c| wanted(c)).collect()
}

const ALL: [Column; 14] = [
    Column::Mode,
    Column::Python,
    Column::Wall,
    Column::SummedCpu,
    Column::Speedup,
    Column::Efficiency,
    Column::InFlight,
    Column::Threads,
    Column::Utilisation,
    Column::MaxParallel,
    Column::FrameGap,
    Column::LostUpdates,
    Column::LockWaits,
    Column::Primes,
];

/// Updates a mode lost over every shared counter, as the table shows them.
pub fn lost_updates(trace: &Trace) -> u64 {
    trace.shared.vars.iter().map(|v| v.lost()).sum()
}

/// How many acquisitions of the recipe's locks had to wait, over every lock.
pub fn lock_waits(trace: &Trace) -> u64 {
    trace.shared.locks.iter().map(|l| l.stat.waits).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::summarize;
    use crate::run::mode::Mode;
    use crate::scenario::recipe::parse;
    use crate::testing::trace;

    fn for_recipe(text: &str, traces: &[Trace]) -> Vec<Column> {
        let recipe = parse(text).unwrap();
        let stats = summarize(traces, recipe.task_count() as usize);
        columns(&recipe, &stats, traces)
    }

    #[test]
    fn a_race_shows_lost_updates_and_no_primes() {
        let traces = [trace(Mode::Threads, 10.0, 2, vec![])];
        let c = for_recipe("2 × count hits 1000 with yield", &traces);
        let recipe = parse("2 × count hits 1000 with cpu 0.01ms").unwrap();
        let mut stats = summarize(&traces, 2);
        stats[0].efficiency = Some(0.1);
        let computing = columns(&recipe, &stats, &traces);
        assert!(
            !computing.contains(&Column::Efficiency),
            "contention is the lesson"
        );
        assert!(c.contains(&Column::LostUpdates));
        assert!(!c.contains(&Column::Primes) && !c.contains(&Column::LockWaits));
        assert!(!c.contains(&Column::Efficiency), "no mode has one");
        assert!(!c.contains(&Column::FrameGap), "nothing ran on the loop");
    }

    #[test]
    fn waiting_work_shows_no_computing_columns_and_locks_show_their_waits() {
        let mut coop = trace(Mode::Cooperative, 10.0, 2, vec![]);
        coop.max_frame_gap_ms = Some(3.0);
        let c = for_recipe("2 × lock A → io 10ms → unlock A", &[coop]);
        assert!(c.contains(&Column::LockWaits) && c.contains(&Column::FrameGap));
        for absent in [
            Column::SummedCpu,
            Column::Utilisation,
            Column::MaxParallel,
            Column::Primes,
        ] {
            assert!(!c.contains(&absent), "{absent:?}");
        }
        assert_eq!(c[..3], [Column::Mode, Column::Python, Column::Wall]);
    }

    #[test]
    fn cpu_work_keeps_its_primes() {
        let c = for_recipe("4 × cpu 10ms", &[trace(Mode::Sequential, 40.0, 4, vec![])]);
        assert!(c.contains(&Column::Primes) && c.contains(&Column::SummedCpu));
        assert!(!c.contains(&Column::LostUpdates));
    }
}
