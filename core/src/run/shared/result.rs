//! What a run did to its shared state, as the page and the report give it.

use super::{Deadlock, LockStat};
use crate::view::figure;

/// What a mode's run did to the recipe's shared state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SharedOutcome {
    pub vars: Vec<SharedVar>,
    pub locks: Vec<LockUse>,
    pub deadlock: Option<Deadlock>,
}

/// One lock after a run.
#[derive(Clone, Debug, PartialEq)]
pub struct LockUse {
    pub name: String,
    pub stat: LockStat,
}

impl SharedOutcome {
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty() && self.locks.is_empty()
    }

    /// "Deadlock: task 0 holds A and waits for B; task 3 holds B and waits for A."
    pub fn deadlock_sentence(&self) -> Option<String> {
        let names: Vec<String> = self.locks.iter().map(|l| l.name.clone()).collect();
        Some(deadlock_sentence(self.deadlock.as_ref()?, &names))
    }
}

/// One shared counter after a run.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedVar {
    pub name: String,
    /// Increments the finished tasks made.
    pub expected: u64,
    /// The counter's value in the memory the page sees.
    pub value: u64,
    /// Processes only: what each task's process held after the task, in its own copy.
    pub seen_by_tasks: Vec<Option<u64>>,
    /// Processes only: the increments each task reported by message, summed on the page.
    pub summed: Option<u64>,
}

impl SharedVar {
    /// Updates that got lost: made, but not in the value.
    pub fn lost(&self) -> u64 {
        self.expected.saturating_sub(self.value)
    }

    /// What happened to the counter, in words; processes say where each copy went.
    pub fn describe(&self) -> String {
        let Some(summed) = self.summed else {
            return self.sentence();
        };
        let seen: Vec<String> = self
            .seen_by_tasks
            .iter()
            .map(|v| v.map_or("–".into(), |v| figure::count(v as usize)))
            .collect();
        format!(
            "{}: the page's copy stayed {}; each process counted in its own memory ({} after each task); summed by message on the page: {}",
            self.name,
            figure::count(self.value as usize),
            seen.join(", "),
            figure::count(summed as usize)
        )
    }

    /// "expected 8,000, got 5,213: 2,787 updates lost"
    pub fn sentence(&self) -> String {
        let got = format!(
            "{}: expected {}, got {}",
            self.name,
            figure::count(self.expected as usize),
            figure::count(self.value as usize)
        );
        match self.lost() {
            0 => format!("{got}: none lost"),
            1 => format!("{got}: 1 update lost"),
            n => format!("{got}: {} updates lost", figure::count(n as usize)),
        }
    }
}

impl LockUse {
    /// "L: 8,000 acquisitions, 1,234 had to wait (12.3 ms in all, longest 0.8 ms), held 40.0 ms"
    pub fn describe(&self) -> String {
        let s = &self.stat;
        format!(
            "{}: {} acquisitions, {} had to wait ({} in all, longest {}), held {}",
            self.name,
            figure::count(s.acquisitions as usize),
            figure::count(s.waits as usize),
            figure::ms(s.wait_ms, 1),
            figure::ms(s.longest_wait_ms, 1),
            figure::ms(s.held_ms, 1)
        )
    }
}

/// "Deadlock: task 0 holds A and waits for B; task 3 holds B and waits for A."
pub fn deadlock_sentence(deadlock: &Deadlock, locks: &[String]) -> String {
    let lock = |i: u8| locks.get(usize::from(i)).map_or("?", String::as_str);
    let links: Vec<String> = deadlock
        .cycle
        .iter()
        .map(|e| {
            format!(
                "task {} holds {} and waits for {}",
                e.task,
                lock(e.holds),
                lock(e.wants)
            )
        })
        .collect();
    format!("Deadlock: {}.", links.join("; "))
}
