//! A run's control and what its tasks produced: Stop, the crash flag, each task's result and
//! a process's own count of tasks. The engines set and read it; the span log
//! ([`Recorder`](super::recorder::Recorder)) only records.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

const NONE: u64 = u64::MAX;

/// Shared by every thread of one mode's run.
pub struct RunControl {
    cancelled: AtomicBool,
    /// Set before the crash itself, which may take its thread along.
    crashed: AtomicBool,
    results: Vec<AtomicU64>,
    counters: Vec<AtomicU64>,
}

impl RunControl {
    pub fn new(tasks: usize) -> Self {
        let slots = || (0..tasks).map(|_| AtomicU64::new(NONE)).collect();
        RunControl {
            cancelled: AtomicBool::new(false),
            crashed: AtomicBool::new(false),
            results: slots(),
            counters: slots(),
        }
    }

    /// Stop: every engine looks at this between units of work and in every wait.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// A task crashes now; the page reads this even if the crash takes the thread with it.
    pub fn mark_crashed(&self) {
        self.crashed.store(true, Ordering::Release);
    }

    pub fn crashed(&self) -> bool {
        self.crashed.load(Ordering::Acquire)
    }

    /// The primes a finished task found.
    pub fn set_result(&self, task: u32, primes: u64) {
        self.results[task as usize].store(primes, Ordering::Release);
    }

    /// A process's own count of tasks run, after task `task`.
    pub fn set_counter(&self, task: u32, count: u64) {
        self.counters[task as usize].store(count, Ordering::Release);
    }

    /// Each task's result, `None` for one that did not finish.
    pub fn results(&self) -> Vec<Option<u64>> {
        loaded(&self.results)
    }

    /// The processes' counts per task; empty unless processes reported any.
    pub fn counters(&self) -> Vec<Option<u64>> {
        let reported = self
            .counters
            .iter()
            .any(|c| c.load(Ordering::Acquire) != NONE);
        if reported {
            loaded(&self.counters)
        } else {
            Vec::new()
        }
    }
}

fn loaded(slots: &[AtomicU64]) -> Vec<Option<u64>> {
    slots
        .iter()
        .map(|r| Some(r.load(Ordering::Acquire)).filter(|&v| v != NONE))
        .collect()
}
