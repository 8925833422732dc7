//! Shared-state steps on the event loop, as asyncio runs them: a task can only be interrupted
//! at an `await`, so an increment with no await between its read and its write is never
//! interleaved; an `asyncio.Lock` held across an await makes the others wait, first come,
//! first served.

use super::{io, wait_for_turn};
use crate::engine::run::Run;
use futures_channel::oneshot;
use futures_util::future::select;
use gloo_timers::future::TimeoutFuture;
use interleave_core::run::interpret::GaveUp;
use interleave_core::run::plan::{PlanGap, Work};
use interleave_core::run::shared::Waiting;
use interleave_core::run::trace::{Lane, SpanKind};
use interleave_core::run::work::primes_in_units;
use interleave_core::scenario::step::{Count, Guard};
use std::cell::RefCell;

/// How often a waiting task looks at the lock table even if nothing woke it: to find a
/// deadlock once it has lasted long enough, and to see Stop.
const LOOK_EVERY_MS: u32 = 20;

/// The tasks of one run, their shared state, and who to wake when a lock is given back.
pub struct Loop<'a> {
    pub run: &'a Run,
    /// One per waiting task: a message on it says that a lock was given back.
    waiters: RefCell<Vec<oneshot::Sender<()>>>,
}

impl<'a> Loop<'a> {
    pub fn new(run: &'a Run) -> Self {
        Loop {
            run,
            waiters: RefCell::new(Vec::new()),
        }
    }

    /// `async with lock:`'s acquire: at once if free and no one queues, else waits its turn.
    pub async fn lock(&self, lock: u8, task: u32, step: u16) -> Result<(), GaveUp> {
        if self
            .run
            .shared
            .locks
            .try_acquire(lock, task, self.run.rec.now())
        {
            return Ok(());
        }
        self.wait_lock(lock, task, step).await
    }

    async fn wait_lock(&self, lock: u8, task: u32, step: u16) -> Result<(), GaveUp> {
        let (rec, locks) = (&self.run.rec, &self.run.shared.locks);
        locks.begin_wait(lock, task, rec.now());
        let wait = rec.open(Lane::MainLoop, task, step, SpanKind::LockWait);
        let got = loop {
            match locks.poll(task, rec.now(), self.run.control.is_cancelled()) {
                Waiting::Acquired => break true,
                Waiting::GaveUp => {
                    // The others in the cycle wait too: wake them to give up as well.
                    self.wake_all();
                    break false;
                }
                Waiting::Still => {
                    let (tx, rx) = oneshot::channel();
                    self.waiters.borrow_mut().push(tx);
                    let look = TimeoutFuture::new(LOOK_EVERY_MS);
                    let _ = select(rx, look).await;
                }
            }
        };
        rec.close(wait);
        got.then_some(()).ok_or(GaveUp)
    }

    pub fn unlock(&self, lock: u8) {
        self.run.shared.locks.release(lock, self.run.rec.now());
        self.wake_all();
    }

    fn wake_all(&self) {
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        for waiter in waiters {
            // A waiter that stopped listening (its look at the clock came first) is gone.
            let _ = waiter.send(());
        }
    }

    /// `times` increments of `var`: the read, the window, the write.
    pub async fn count(
        &self,
        (task, step): (u32, u16),
        Count {
            var,
            times,
            gap,
            guard,
        }: Count<Work, f64>,
    ) -> Result<(), GaveUp> {
        let (rec, counters) = (&self.run.rec, &self.run.shared.counters);
        // Without an await in it, the whole loop is one stretch of computing on the loop.
        let continuous = !gap.waits();
        let open = || rec.open(Lane::MainLoop, task, step, SpanKind::Cpu);
        let mut slice = continuous.then(open);
        let mut made = 0;
        let mut result = Ok(());
        for _ in 0..times {
            if self.run.control.is_cancelled() {
                result = Err(GaveUp);
                break;
            }
            if let Guard::Lock(l) = guard {
                if !self.run.shared.locks.try_acquire(l, task, rec.now()) {
                    // Waiting is not computing: the slice ends for the wait.
                    if let Some(s) = slice.take() {
                        rec.close(s);
                    }
                    let got = self.wait_lock(l, task, step).await;
                    slice = continuous.then(open);
                    if let Err(e) = got {
                        result = Err(e);
                        break;
                    }
                }
            }
            if guard == Guard::Atomic {
                counters.fetch_add(var);
            } else {
                let value = counters.read(var);
                match gap {
                    PlanGap::None => {}
                    PlanGap::Cpu(Work { units, seed }) => {
                        std::hint::black_box(primes_in_units(seed, 0, units));
                    }
                    PlanGap::Io(ms) => io(self.run, task, step, ms).await,
                    PlanGap::Yield => wait_for_turn(rec, task, step).await,
                }
                counters.write(var, value + 1);
            }
            made += 1;
            if let Guard::Lock(l) = guard {
                self.unlock(l);
            }
        }
        if let Some(slice) = slice {
            rec.close(slice);
        }
        self.run.shared.made(var, made);
        result
    }
}
