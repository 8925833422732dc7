//! A model of CPython's global interpreter lock: one lock that a worker must hold to compute.
//!
//! It is a ticket lock, so it is handed over in arrival order and slices really alternate
//! between the workers that want it. A holder gives it up when its switch interval has passed
//! and someone is waiting (as CPython's `sys.getswitchinterval()` works), and before any wait.
//! Waiting blocks the worker on a condition variable; only workers ever touch it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

pub const DEFAULT_SWITCH_MS: f64 = 5.0;

pub struct Gil {
    switch_interval_ms: f64,
    /// The next ticket to hand out; read without the lock to see whether anyone waits.
    next: AtomicU64,
    /// The ticket that may hold the lock now.
    serving: Mutex<u64>,
    turn: Condvar,
}

/// Proof of holding the GIL; dropping it hands the lock to the next in line.
#[must_use = "the GIL is released as soon as the guard is dropped"]
pub struct GilGuard<'a> {
    gil: &'a Gil,
}

impl Gil {
    pub fn new(switch_interval_ms: f64) -> Self {
        Gil {
            switch_interval_ms,
            next: AtomicU64::new(0),
            serving: Mutex::new(0),
            turn: Condvar::new(),
        }
    }

    pub fn switch_interval_ms(&self) -> f64 {
        self.switch_interval_ms
    }

    /// Blocks until it is this caller's turn, in arrival order.
    pub fn acquire(&self) -> GilGuard<'_> {
        let ticket = self.next.fetch_add(1, Ordering::AcqRel);
        let mut serving = self.serving.lock().unwrap_or_else(|e| e.into_inner());
        while *serving != ticket {
            serving = self.turn.wait(serving).unwrap_or_else(|e| e.into_inner());
        }
        GilGuard { gil: self }
    }

    fn release(&self) {
        let mut serving = self.serving.lock().unwrap_or_else(|e| e.into_inner());
        *serving += 1;
        drop(serving);
        self.turn.notify_all();
    }

    /// How many callers hold or wait for the lock.
    fn queued(&self) -> u64 {
        let serving = *self.serving.lock().unwrap_or_else(|e| e.into_inner());
        self.next.load(Ordering::Acquire) - serving
    }
}

impl GilGuard<'_> {
    /// Whether another worker is waiting for the lock.
    pub fn contended(&self) -> bool {
        self.gil.queued() > 1
    }

    /// Whether a holder that has computed for `held_ms` must hand over now.
    pub fn should_switch(&self, held_ms: f64) -> bool {
        held_ms >= self.gil.switch_interval_ms && self.contended()
    }

    /// Hands the lock to the longest waiter, queues again behind everyone waiting, and
    /// returns holding it once more.
    pub fn hand_over(self) -> Self {
        let gil = self.gil;
        drop(self);
        gil.acquire()
    }
}

impl Drop for GilGuard<'_> {
    fn drop(&mut self) {
        self.gil.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// Runs `threads` workers that each compute for `work_ms` under the GIL, handing over
    /// whenever they should; returns every slice as (worker, start, end) in ms.
    fn slices(threads: usize, work_ms: f64, switch_ms: f64) -> Vec<(usize, f64, f64)> {
        let gil = Arc::new(Gil::new(switch_ms));
        let t0 = Instant::now();
        let now = move || t0.elapsed().as_secs_f64() * 1e3;
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                let gil = gil.clone();
                std::thread::spawn(move || {
                    let mut out = vec![];
                    let mut guard = gil.acquire();
                    let mut done = 0.0;
                    while done < work_ms {
                        let start = now();
                        while now() - start < 0.2 && done + (now() - start) < work_ms {}
                        let mut end = now();
                        while !guard.should_switch(end - start) && done + (end - start) < work_ms {
                            end = now();
                        }
                        out.push((w, start, end));
                        done += end - start;
                        if done < work_ms {
                            guard = guard.hand_over();
                        }
                    }
                    drop(guard);
                    out
                })
            })
            .collect();
        let mut all: Vec<_> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1));
        all
    }

    #[test]
    fn only_one_worker_computes_at_a_time() {
        let all = slices(3, 30.0, 2.0);
        for pair in all.windows(2) {
            assert!(pair[1].1 >= pair[0].2, "slices overlap: {pair:?}");
        }
    }

    #[test]
    fn slices_alternate_between_workers_at_the_switch_interval() {
        let all = slices(2, 40.0, 4.0);
        let switches = all.windows(2).filter(|p| p[0].0 != p[1].0).count();
        assert!(
            switches >= 6,
            "the lock changed hands only {switches} times: {all:?}"
        );
        // A holder keeps the lock for about one switch interval when someone waits.
        let contended: Vec<f64> = all[..all.len() / 2].iter().map(|s| s.2 - s.1).collect();
        assert!(contended.iter().all(|d| *d >= 4.0 - 1e-9), "{contended:?}");
    }

    #[test]
    fn without_contention_the_holder_keeps_the_lock() {
        let gil = Gil::new(1.0);
        let g = gil.acquire();
        assert!(!g.contended());
        assert!(!g.should_switch(100.0));
        let g = g.hand_over();
        drop(g);
        let _again = gil.acquire();
    }

    #[test]
    fn a_waiter_is_served_in_arrival_order() {
        let gil = Arc::new(Gil::new(1.0));
        let first = gil.acquire();
        let order = Arc::new(Mutex::new(vec![]));
        let mut handles = vec![];
        for w in 0..3 {
            let (mine, order) = (gil.clone(), order.clone());
            handles.push(std::thread::spawn(move || {
                let _g = mine.acquire();
                order.lock().unwrap().push(w);
            }));
            // Let each take its ticket before the next starts.
            while gil.queued() < w + 2 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        assert!(first.contended());
        drop(first);
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2]);
    }
}
