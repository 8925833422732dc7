//! The blocking probes of the costs table, for threads that may block: shared-memory adds,
//! two threads waking each other, and the GIL changing hands. The page runs them on pool
//! workers; the tests on native threads. Each returns its time per operation in ms, or `None`
//! when the other thread never came.

use crate::run::gil::Gil;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The clock: ms, the same on every thread.
pub type Clock<'a> = &'a (dyn Fn() -> f64 + Sync);
/// Runs both closures at once on two threads, and returns once both have.
pub type Both<'a> = &'a dyn Fn(&(dyn Fn() + Sync), &(dyn Fn() + Sync));

/// How long one side waits for the other before the probe gives up.
const GIVE_UP: Duration = Duration::from_secs(2);

/// One kind of add to a shared counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Add {
    /// A load and a store, as the race lesson's unguarded increment: other threads' writes
    /// can be lost in between.
    Plain,
    /// One indivisible read-modify-write.
    Atomic,
    /// A load and a store under a lock, taken and given back for each add.
    Locked,
}

impl Add {
    pub const ALL: [Add; 3] = [Add::Plain, Add::Atomic, Add::Locked];

    pub fn what(self) -> &'static str {
        match self {
            Add::Plain => "one shared-memory add (+=, unguarded)",
            Add::Atomic => "one atomic add",
            Add::Locked => "one add under a lock",
        }
    }
}

/// Ms per add, over `n` adds of `kind` on this thread, uncontended.
pub fn adds(kind: Add, n: u64, now: Clock) -> f64 {
    let counter = AtomicU64::new(0);
    let lock = Mutex::new(());
    let t0 = now();
    match kind {
        Add::Plain => {
            for _ in 0..n {
                let v = counter.load(Ordering::Relaxed);
                counter.store(black_box(v) + 1, Ordering::Relaxed);
            }
        }
        Add::Atomic => {
            for _ in 0..n {
                black_box(counter.fetch_add(1, Ordering::AcqRel));
            }
        }
        Add::Locked => {
            for _ in 0..n {
                let held = lock.lock().unwrap_or_else(|e| e.into_inner());
                let v = counter.load(Ordering::Relaxed);
                counter.store(black_box(v) + 1, Ordering::Relaxed);
                drop(held);
            }
        }
    }
    let elapsed = now() - t0;
    assert_eq!(counter.load(Ordering::Relaxed), n, "every add counted");
    elapsed / n.max(1) as f64
}

/// How long each side keeps its turn before handing over, in ms: long enough for the other to
/// have gone to sleep, so that each hand-over wakes a sleeping thread, as in a real run (two
/// threads both awake hand a lock over in a fraction of a µs, and that is no context switch).
const HOLD_MS: f64 = 0.02;

/// Both sides, once each has come: the timed part's start and end, and the turns they held.
struct Meeting {
    arrived: AtomicU32,
    gave_up: AtomicBool,
    start: Mutex<f64>,
    end: Mutex<f64>,
    held: Mutex<f64>,
}

impl Meeting {
    fn new() -> Self {
        Meeting {
            arrived: AtomicU32::new(0),
            gave_up: AtomicBool::new(false),
            start: Mutex::new(f64::NAN),
            end: Mutex::new(f64::NAN),
            held: Mutex::new(0.0),
        }
    }

    /// Waits (spinning) until both sides are here; false if the other never came.
    fn arrive(&self, now: Clock) -> bool {
        self.arrived.fetch_add(1, Ordering::AcqRel);
        let since = now();
        while self.arrived.load(Ordering::Acquire) < 2 {
            if self.gave_up.load(Ordering::Acquire) || now() - since > GIVE_UP.as_secs_f64() * 1e3 {
                self.gave_up.store(true, Ordering::Release);
                return false;
            }
            std::hint::spin_loop();
        }
        true
    }

    fn mark(slot: &Mutex<f64>, t: f64) {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }

    fn read(slot: &Mutex<f64>) -> f64 {
        *slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps the turn for `HOLD_MS`, computing nothing, and counts it if `counted`.
    fn hold(&self, now: Clock, counted: bool) {
        let t0 = now();
        let mut t = t0;
        while t - t0 < HOLD_MS {
            std::hint::spin_loop();
            t = now();
        }
        if counted {
            *self.held.lock().unwrap_or_else(|e| e.into_inner()) += t - t0;
        }
    }

    /// Ms per hand-over, if both sides finished: the timed part less the turns held in it.
    fn per(&self, handovers: u32) -> Option<f64> {
        if self.gave_up.load(Ordering::Acquire) {
            return None;
        }
        let span = Self::read(&self.end) - Self::read(&self.start) - Self::read(&self.held);
        span.is_finite()
            .then(|| span.max(0.0) / f64::from(handovers.max(1)))
    }
}

/// Ms per one-way hand-over: two threads take turns `n` times each, each waking the other,
/// asleep by then, through a lock and a condition variable (`Atomics.wait`/`notify`
/// underneath in a browser).
pub fn ping_pong(n: u32, now: Clock, both: Both) -> Option<f64> {
    let turn = Mutex::new(0u64);
    let changed = Condvar::new();
    let meeting = Meeting::new();
    let n = u64::from(n.max(2));
    let side = |parity: u64| {
        if !meeting.arrive(now) {
            return;
        }
        for i in 0..n {
            let mut t = turn.lock().unwrap_or_else(|e| e.into_inner());
            while *t % 2 != parity {
                let (next, waited) = changed
                    .wait_timeout(t, GIVE_UP)
                    .unwrap_or_else(|e| e.into_inner());
                t = next;
                if waited.timed_out() || meeting.gave_up.load(Ordering::Acquire) {
                    meeting.gave_up.store(true, Ordering::Release);
                    changed.notify_all();
                    return;
                }
            }
            drop(t);
            // Both ends on one thread, side 0: each worker's clock has an origin of its own.
            // In between: side 0's n turns, side 1's first n − 1, and 2(n − 1) hand-overs.
            if parity == 0 && i == 0 {
                Meeting::mark(&meeting.start, now());
            }
            meeting.hold(now, parity == 0 || i + 1 < n);
            if parity == 0 && i + 1 == n {
                Meeting::mark(&meeting.end, now());
            }
            *turn.lock().unwrap_or_else(|e| e.into_inner()) += 1;
            changed.notify_all();
        }
    };
    both(&|| side(0), &|| side(1));
    meeting.per(2 * (n as u32 - 1))
}

/// Ms per hand-over of the modelled GIL between two threads, each keeping it a moment and
/// then handing it over, `n` times, as its switch interval would make it.
pub fn gil_handovers(n: u32, now: Clock, both: Both) -> Option<f64> {
    let gil = Gil::new(0.0, 1.0);
    let meeting = Meeting::new();
    let first_holds = AtomicBool::new(false);
    let side = |first: bool| {
        if !meeting.arrive(now) {
            return;
        }
        if !first {
            // Queue behind the first side, once it holds the lock.
            let since = now();
            while !first_holds.load(Ordering::Acquire) {
                if now() - since > GIVE_UP.as_secs_f64() * 1e3 {
                    meeting.gave_up.store(true, Ordering::Release);
                    return;
                }
                std::hint::spin_loop();
            }
        }
        let mut held = gil.acquire();
        if first {
            first_holds.store(true, Ordering::Release);
            // Hand over only once the other waits, or the first hand-overs go nowhere.
            while !held.contended() {
                if meeting.gave_up.load(Ordering::Acquire) {
                    return;
                }
                std::hint::spin_loop();
            }
            Meeting::mark(&meeting.start, now());
        }
        for _ in 0..n {
            meeting.hold(now, true);
            held = held.hand_over();
        }
        // Both ends on one thread: each worker's clock has an origin of its own. Side 0's
        // last hand-over came back once the other had held and handed over n times too.
        if first {
            Meeting::mark(&meeting.end, now());
        }
        drop(held);
    };
    both(&|| side(true), &|| side(false));
    meeting.per(2 * n)
}
