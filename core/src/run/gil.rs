//! A model of CPython's global interpreter lock: one lock that a worker must hold to compute.
//!
//! It is a ticket lock, so it is handed over in arrival order and slices really alternate
//! between the workers that want it. A holder gives it up when its switch interval has passed
//! and someone is waiting (as CPython's `sys.getswitchinterval()` works), and before any wait.
//! Waiting blocks the worker on a condition variable; only workers ever touch it.

use crate::analysis::stats::median;
use crate::run::mode::Mode;
use crate::run::trace::{Span, SpanKind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

pub const DEFAULT_SWITCH_MS: f64 = 5.0;

pub struct Gil {
    switch_interval_ms: f64,
    /// Units of work a holder computes between two looks at the clock.
    units_per_check: u64,
    /// The next ticket to hand out.
    next: AtomicU64,
    /// The ticket that may hold the lock now. Atomic, so that the holder can see whether anyone
    /// waits, and a waiter whose turn it already is can go on, without taking `wake`.
    serving: AtomicU64,
    /// Only for sleeping on `turn` until `serving` reaches a waiter's ticket.
    wake: Mutex<()>,
    turn: Condvar,
}

/// Proof of holding the GIL; dropping it hands the lock to the next in line.
#[must_use = "the GIL is released as soon as the guard is dropped"]
pub struct GilGuard<'a> {
    gil: &'a Gil,
}

impl Gil {
    /// A GIL for work that runs at `units_per_ms`.
    pub fn new(switch_interval_ms: f64, units_per_ms: f64) -> Self {
        Gil {
            switch_interval_ms,
            units_per_check: units_per_check(units_per_ms, switch_interval_ms),
            next: AtomicU64::new(0),
            serving: AtomicU64::new(0),
            wake: Mutex::new(()),
            turn: Condvar::new(),
        }
    }

    /// How many units a holder computes between two looks at the clock.
    pub fn units_per_check(&self) -> u64 {
        self.units_per_check
    }

    /// Blocks until it is this caller's turn, in arrival order.
    pub fn acquire(&self) -> GilGuard<'_> {
        let ticket = self.next.fetch_add(1, Ordering::AcqRel);
        if self.serving.load(Ordering::Acquire) != ticket {
            let mut woken = self.wake.lock().unwrap_or_else(|e| e.into_inner());
            // `release` moves `serving` while holding `wake`, so no wake-up is missed here.
            while self.serving.load(Ordering::Acquire) != ticket {
                woken = self.turn.wait(woken).unwrap_or_else(|e| e.into_inner());
            }
        }
        GilGuard { gil: self }
    }

    fn release(&self) {
        let woken = self.wake.lock().unwrap_or_else(|e| e.into_inner());
        self.serving.fetch_add(1, Ordering::AcqRel);
        drop(woken);
        self.turn.notify_all();
    }

    /// How many callers hold or wait for the lock.
    fn queued(&self) -> u64 {
        let serving = self.serving.load(Ordering::Acquire);
        self.next.load(Ordering::Acquire) - serving
    }
}

/// How the lock really changed hands during a run, as measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Switching {
    /// CPU slices that ended by handing the lock over (not by finishing their step).
    pub handovers: usize,
    pub per_second: f64,
    /// The median length of those slices: the switch interval as it was honoured.
    pub median_slice_ms: f64,
}

/// The measured hand-overs of a threads + GIL run, from its spans and wall time; `None` for
/// other modes or without any.
pub fn switching_in(mode: Mode, spans: &[Span], wall_ms: f64) -> Option<Switching> {
    if mode != Mode::Gil {
        return None;
    }
    let mut cpu: Vec<&Span> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Cpu && !s.is_open())
        .collect();
    cpu.sort_by(|a, b| {
        (a.task, a.step)
            .cmp(&(b.task, b.step))
            .then(a.start.total_cmp(&b.start))
    });
    // Every slice of a step but its last ended because the holder handed over.
    let slices: Vec<f64> = cpu
        .windows(2)
        .filter(|w| (w[0].task, w[0].step) == (w[1].task, w[1].step))
        .map(|w| w[0].end - w[0].start)
        .collect();
    let median_slice_ms = median(&slices)?;
    Some(Switching {
        handovers: slices.len(),
        per_second: slices.len() as f64 / (wall_ms / 1e3).max(1e-9),
        median_slice_ms,
    })
}

/// How many units of work a holder computes between two looks at the clock, so that it hands
/// over within a tenth of the switch interval however short that is (at least one unit, at most
/// 64, which keeps Stop quick on long intervals).
fn units_per_check(units_per_ms: f64, switch_interval_ms: f64) -> u64 {
    ((units_per_ms * switch_interval_ms / 10.0).floor() as u64).clamp(1, 64)
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
        let gil = Arc::new(Gil::new(switch_ms, 1000.0));
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
        let all = slices(2, 60.0, 4.0);
        // How long a slice lasts past the interval is up to the OS's scheduler (a busy machine
        // stretches it); that the lock changes hands at every slice while both want it is not.
        let contended = &all[..all.len() / 2];
        assert!(
            contended.len() >= 2,
            "the lock changed hands while both wanted it: {all:?}"
        );
        assert!(
            contended.windows(2).all(|p| p[0].0 != p[1].0),
            "slices alternate while both workers want the lock: {all:?}"
        );
        // A holder keeps the lock for at least one switch interval when someone waits.
        let contended: Vec<f64> = contended.iter().map(|s| s.2 - s.1).collect();
        assert!(contended.iter().all(|d| *d >= 4.0 - 1e-9), "{contended:?}");
    }

    #[test]
    fn short_intervals_are_checked_often_enough_to_be_honoured() {
        // At 80 units per ms, a unit is 12.5 µs.
        assert_eq!(units_per_check(80.0, 0.1), 1);
        assert_eq!(units_per_check(80.0, 0.5), 4);
        assert_eq!(units_per_check(80.0, 5.0), 40);
        assert_eq!(units_per_check(80.0, 100.0), 64);
        assert_eq!(
            units_per_check(0.0, 5.0),
            1,
            "a unit at a time at the least"
        );
        for switch in [0.1, 0.3, 1.0, 5.0, 20.0] {
            let check_ms = units_per_check(80.0, switch) as f64 / 80.0;
            assert!(
                check_ms <= switch * 0.2,
                "{switch} ms: a look every {check_ms} ms"
            );
        }
    }

    #[test]
    fn hand_overs_are_the_slices_that_did_not_end_their_step() {
        use crate::run::trace::Lane;
        use crate::testing::{span, trace};
        let slice = |task: u32, step, start, end| Span {
            step,
            ..span(Lane::Worker(task as u16), task, SpanKind::Cpu, start, end)
        };
        let mut t = trace(
            Mode::Gil,
            20.0,
            2,
            vec![
                slice(0, 0, 0.0, 5.0),
                slice(1, 0, 5.0, 10.2),
                slice(0, 0, 10.2, 15.0),
                slice(1, 0, 15.0, 17.0),
                slice(0, 0, 17.0, 19.0),
                span(Lane::Worker(1), 1, SpanKind::GilWait, 0.0, 5.0),
            ],
        );
        let s = switching_in(t.mode, &t.spans, t.wall_ms).unwrap();
        assert_eq!(s.handovers, 3, "0:0–5, 1:5–10.2 and 0:10.2–15 handed over");
        assert!((s.median_slice_ms - 5.0).abs() < 1e-9);
        assert!((s.per_second - 150.0).abs() < 1e-9);
        t.mode = Mode::Threads;
        assert_eq!(switching_in(Mode::Threads, &t.spans, t.wall_ms), None);
    }

    #[test]
    fn without_contention_the_holder_keeps_the_lock() {
        let gil = Gil::new(1.0, 1000.0);
        let g = gil.acquire();
        assert!(!g.contended());
        assert!(!g.should_switch(100.0));
        let g = g.hand_over();
        drop(g);
        let _again = gil.acquire();
    }

    #[test]
    fn a_waiter_is_served_in_arrival_order() {
        let gil = Arc::new(Gil::new(1.0, 1000.0));
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
