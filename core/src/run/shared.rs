//! Shared state in a run: counters that really are shared between the tasks that use them,
//! and locks with a table of who holds and who waits, from which deadlocks are found.
//!
//! Counters live where the mode's memory is: one set in shared memory for the pool modes, one
//! in the page for cooperative, one per process. An unsynchronised increment is a relaxed
//! load and a relaxed store, two operations with a real window between them, so updates are
//! really lost while the program stays defined Rust.

use crate::scenario::recipe::Names;
use std::sync::atomic::{AtomicU64, Ordering};

mod json;
mod locks;
mod result;
#[cfg(test)]
mod tests;

pub use locks::{Deadlock, Edge, LockStat, Locks, Waiting};
pub use result::{deadlock_sentence, LockUse, SharedOutcome, SharedVar};

/// A run's shared counters, by index in the recipe's names.
pub struct Counters(Vec<AtomicU64>);

impl Counters {
    pub fn new(count: usize) -> Self {
        Counters((0..count).map(|_| AtomicU64::new(0)).collect())
    }

    /// The read of an unsynchronised increment.
    pub fn read(&self, var: u8) -> u64 {
        self.slot(var).load(Ordering::Relaxed)
    }

    /// The write of an unsynchronised increment: whatever another task wrote since the read
    /// is overwritten.
    pub fn write(&self, var: u8, value: u64) {
        self.slot(var).store(value, Ordering::Relaxed);
    }

    /// An increment no other task can come between.
    pub fn fetch_add(&self, var: u8) {
        self.slot(var).fetch_add(1, Ordering::Relaxed);
    }

    pub fn values(&self) -> Vec<u64> {
        self.0.iter().map(|v| v.load(Ordering::Acquire)).collect()
    }

    fn slot(&self, var: u8) -> &AtomicU64 {
        &self.0[usize::from(var)]
    }
}

/// Everything a run's tasks share: counters, locks, and how many increments were made.
pub struct Shared {
    pub counters: Counters,
    pub locks: Locks,
    /// Increments each counter was given by the tasks (each task counts its own and adds
    /// them up once per step, so counting them does not touch the counter's memory).
    made: Vec<AtomicU64>,
    /// Processes only: per counter, what each task's process held after the task, as its
    /// reply said.
    seen: std::sync::Mutex<Vec<Vec<Option<u64>>>>,
}

impl Shared {
    /// State for `names`; `fair` locks go first-come, first-served (asyncio's `Lock`),
    /// the others to whoever asks when they are free (`threading.Lock`).
    pub fn new(names: &Names, fair: bool) -> Self {
        Shared {
            counters: Counters::new(names.vars.len()),
            locks: Locks::new(names.locks.len(), fair),
            made: (0..names.vars.len()).map(|_| AtomicU64::new(0)).collect(),
            seen: Default::default(),
        }
    }

    /// State with room for any recipe's names, for a process that learns them task by task.
    pub fn any(fair: bool) -> Self {
        let names = Names {
            vars: vec![String::new(); crate::scenario::recipe::MAX_NAMES],
            locks: vec![String::new(); crate::scenario::recipe::MAX_NAMES],
        };
        Self::new(&names, fair)
    }

    pub fn made(&self, var: u8, increments: u64) {
        self.made[usize::from(var)].fetch_add(increments, Ordering::Relaxed);
    }

    /// What a process reported by message for `task`: its own copy of `var` after the task
    /// (`value`), and the increments the task made (`added`), summed on the page.
    pub fn reported(&self, task: u32, var: u8, (value, added): (u64, u64)) {
        let (var, task) = (usize::from(var), task as usize);
        if var >= self.made.len() {
            return;
        }
        self.made(var as u8, added);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.resize(self.made.len(), Vec::new());
        if seen[var].len() <= task {
            seen[var].resize(task + 1, None);
        }
        seen[var][task] = Some(value);
    }

    pub fn made_so_far(&self, var: u8) -> u64 {
        self.made[usize::from(var)].load(Ordering::Acquire)
    }

    /// The counters and locks as the run left them.
    pub fn outcome(&self, names: &Names) -> SharedOutcome {
        let values = self.counters.values();
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let vars = names
            .vars
            .iter()
            .enumerate()
            .map(|(i, name)| SharedVar {
                name: name.clone(),
                expected: self.made[i].load(Ordering::Acquire),
                value: values[i],
                seen_by_tasks: seen.get(i).cloned().unwrap_or_default(),
                summed: seen.get(i).map(|_| self.made[i].load(Ordering::Acquire)),
            })
            .collect();
        let locks = names
            .locks
            .iter()
            .zip(self.locks.stats())
            .map(|(name, stat)| LockUse {
                name: name.clone(),
                stat,
            })
            .collect();
        SharedOutcome {
            vars,
            locks,
            deadlock: self.locks.deadlock(),
        }
    }
}
