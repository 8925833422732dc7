//! A task's steps on a blocking thread (a pool worker or a process): `Ctx` is the
//! [`Runner`] the threads engines and every process run a task with. CPU work computes, under
//! the GIL model in slices; I/O blocks the thread, as a blocking socket call would;
//! shared-state steps make increments of a shared counter and take named locks.
//!
//! Under a GIL the model switches only where CPython can: when the window's call starts and at
//! the loop's back-edge, never inside one operation; a task that waits for a lock, sleeps or
//! yields gives the GIL up, as CPython's do. Platform-free (std threads and sleeps only), so
//! the switch points are tested natively with real threads.

use crate::run::control::RunControl;
use crate::run::gil::{Gil, GilGuard};
use crate::run::interpret::{next_piece, record_crash, run_task_blocking, GaveUp, Runner};
use crate::run::plan::{PlanGap, TaskPlan, Work};
use crate::run::recorder::{OpenSpan, Recorder};
use crate::run::shared::Shared;
use crate::run::trace::{Lane, SpanKind};
use crate::run::work::primes_in_units;
use crate::scenario::step::{Count, Guard};
use std::time::Duration;

/// How many units of CPU work run between two looks at the cancel flag (well under 1 ms).
const UNITS_PER_CHECK: u64 = 64;

/// The longest a blocking wait sleeps before it looks at the cancel flag again.
const WAIT_SLICE_MS: f64 = 5.0;

/// Blocks this thread until `ms` have passed on the shared clock (or the run is cancelled).
fn blocking_wait(ms: f64, (rec, control): (&Recorder, &RunControl)) {
    let until = rec.now() + ms;
    while let Some(piece) = next_piece((rec, control), until, WAIT_SLICE_MS) {
        std::thread::sleep(Duration::from_secs_f64(piece / 1e3));
    }
}

/// Where a task runs and what it shares.
pub struct Ctx<'a> {
    pub lane: Lane,
    pub task: u32,
    pub rec: &'a Recorder,
    pub control: &'a RunControl,
    pub gil: Option<&'a Gil>,
    pub shared: &'a Shared,
}

impl Ctx<'_> {
    /// Takes `lock`, recording the wait if another task holds it.
    fn lock_blocking(&self, lock: u8, step: u16) -> Result<(), GaveUp> {
        if self.try_lock(lock) {
            return Ok(());
        }
        self.wait_lock(lock, step)
    }

    fn try_lock(&self, lock: u8) -> bool {
        let locks = &self.shared.locks;
        locks.try_acquire(lock, self.task, self.rec.now())
    }

    fn wait_lock(&self, lock: u8, step: u16) -> Result<(), GaveUp> {
        let (rec, locks) = (self.rec, &self.shared.locks);
        locks.begin_wait(lock, self.task, rec.now());
        let wait = rec.open(self.lane, self.task, step, SpanKind::LockWait);
        let got = locks.wait(self.task, &|| rec.now(), &|| self.control.is_cancelled());
        rec.close(wait);
        got.then_some(()).ok_or(GaveUp)
    }

    fn release(&self, lock: u8) {
        self.shared.locks.release(lock, self.rec.now());
    }

    /// Runs one task on this thread, blocking, and records it on the context's lane.
    pub fn run(&self, task: &TaskPlan) {
        run_task_blocking(task, self);
    }

    /// A blocking I/O wait of `ms`, recorded as such.
    fn wait(&self, step: u16, ms: f64) {
        let rec = self.rec;
        rec.measure(self.lane, self.task, step, SpanKind::Io, || {
            blocking_wait(ms, (rec, self.control))
        });
    }

    /// `times` increments of `var`, with `gap` between each read and write, under `guard`.
    fn count_blocking(&self, step: u16, count: Count<Work, f64>) -> Result<(), GaveUp> {
        let Count {
            var,
            times,
            gap,
            guard,
        } = count;
        let mut run = Counting {
            ctx: self,
            step,
            gil: None,
            slice: None,
            slice_start: 0.0,
            // Computing is drawn only where it is continuous; between waits it is too short.
            draw_cpu: !gap.waits(),
        };
        run.take_gil();
        let mut made = 0;
        let result = (|| {
            for _ in 0..times {
                if self.control.is_cancelled() {
                    return Err(GaveUp);
                }
                if let Guard::Lock(l) = guard {
                    if !self.try_lock(l) {
                        run.around_wait(|| self.wait_lock(l, step))?;
                    }
                }
                if guard == Guard::Atomic {
                    self.shared.counters.fetch_add(var);
                } else {
                    let value = self.shared.counters.read(var);
                    run.window(gap);
                    self.shared.counters.write(var, value + 1);
                }
                made += 1;
                if let Guard::Lock(l) = guard {
                    self.release(l);
                }
                // The loop's back-edge: CPython may switch here.
                run.maybe_switch();
            }
            Ok(())
        })();
        self.shared.made(var, made);
        run.end();
        result
    }
}

impl Runner for Ctx<'_> {
    fn control(&self) -> &RunControl {
        self.control
    }

    async fn cpu(&self, step: u16, Work { units, seed }: Work) -> Option<u64> {
        let (lane, rec, control) = (self.lane, self.rec, self.control);
        Some(match self.gil {
            Some(gil) => compute_holding(gil, (lane, self.task, step), (seed, units), self),
            None => rec.measure(lane, self.task, step, SpanKind::Cpu, || {
                compute_from(seed, (0, units, UNITS_PER_CHECK), control, || false).0
            }),
        })
    }

    async fn io(&self, step: u16, ms: f64) {
        self.wait(step, ms);
    }

    fn crash(&self, step: u16) {
        record_crash(self.control, self.rec, (self.lane, self.task, step));
        trap();
    }

    async fn lock(&self, step: u16, lock: u8) -> Result<(), GaveUp> {
        self.lock_blocking(lock, step)
    }

    fn unlock(&self, lock: u8) {
        self.release(lock);
    }

    async fn count(&self, step: u16, count: Count<Work, f64>) -> Result<(), GaveUp> {
        self.count_blocking(step, count)
    }
}

/// Dies as a thread really crashes: a trap, which ends this worker's thread for good (in a
/// process, the process). Nothing after it runs; the recorder already has the mark.
fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    // Native builds only test the model; a crash step there is a bug in the test.
    #[cfg(not(target_arch = "wasm32"))]
    panic!("a crash step on a native thread");
}

/// Computes units `from..units` until done, cancelled, or `stop` says so (asked every `stride`
/// units); returns the primes found and where it stopped.
pub fn compute_from(
    seed: u64,
    (from, units, stride): (u64, u64, u64),
    control: &RunControl,
    mut stop: impl FnMut() -> bool,
) -> (u64, u64) {
    let (mut primes, mut done) = (0, from);
    while done < units && !control.is_cancelled() {
        let to = (done + stride).min(units);
        primes += primes_in_units(seed, done, to);
        done = to;
        if stop() {
            break;
        }
    }
    (primes, done)
}

/// A CPU step under the GIL: wait for the lock, compute until the switch interval is up and
/// someone waits, hand over, wait again. Every wait and every slice is its own span.
fn compute_holding(
    gil: &Gil,
    (lane, task, step): (Lane, u32, u16),
    (seed, units): (u64, u64),
    ctx: &Ctx,
) -> u64 {
    let (rec, control) = (ctx.rec, ctx.control);
    let wait = rec.open(lane, task, step, SpanKind::GilWait);
    let mut guard = gil.acquire();
    rec.close(wait);
    let (mut primes, mut done) = (0, 0);
    loop {
        let slice = rec.open(lane, task, step, SpanKind::Cpu);
        let start = rec.now();
        let range = (done, units, gil.units_per_check());
        let switch = || guard.should_switch(rec.now() - start);
        let (p, upto) = compute_from(seed, range, control, switch);
        rec.close(slice);
        primes += p;
        done = upto;
        if done >= units || control.is_cancelled() {
            return primes;
        }
        let wait = rec.open(lane, task, step, SpanKind::GilWait);
        guard = guard.hand_over();
        rec.close(wait);
    }
}

/// One count step in progress: the GIL it holds and the computing slice it is drawing.
struct Counting<'a, 'c> {
    ctx: &'c Ctx<'a>,
    step: u16,
    gil: Option<GilGuard<'a>>,
    slice: Option<OpenSpan>,
    slice_start: f64,
    draw_cpu: bool,
}

impl<'a> Counting<'a, '_> {
    fn open_slice(&mut self) {
        let c = self.ctx;
        self.slice_start = c.rec.now();
        if self.draw_cpu {
            self.slice = Some(c.rec.open(c.lane, c.task, self.step, SpanKind::Cpu));
        }
    }

    fn close_slice(&mut self) {
        if let Some(slice) = self.slice.take() {
            self.ctx.rec.close(slice);
        }
    }

    fn take_gil(&mut self) {
        let c = self.ctx;
        if let Some(gil) = c.gil {
            let wait = c.rec.open(c.lane, c.task, self.step, SpanKind::GilWait);
            self.gil = Some(gil.acquire());
            c.rec.close(wait);
        }
        self.open_slice();
    }

    /// Stops computing around a wait: the slice ends and the GIL is given up until it is over.
    fn around_wait<R>(&mut self, wait: impl FnOnce() -> R) -> R {
        self.close_slice();
        let had_gil = self.gil.take().is_some();
        let out = wait();
        if had_gil {
            self.take_gil();
        } else {
            self.open_slice();
        }
        out
    }

    /// Hands the GIL over if the switch interval is up and someone waits for it.
    fn maybe_switch(&mut self) {
        let c = self.ctx;
        // Without a GIL there is nothing to switch, and no clock to read for each increment.
        let Some(gil) = &self.gil else {
            return;
        };
        if !gil.should_switch(c.rec.now() - self.slice_start) {
            return;
        }
        self.close_slice();
        let wait = c.rec.open(c.lane, c.task, self.step, SpanKind::GilWait);
        self.gil = self.gil.take().map(GilGuard::hand_over);
        c.rec.close(wait);
        self.open_slice();
    }

    /// Between an increment's read and its write.
    fn window(&mut self, gap: PlanGap) {
        let (c, step) = (self.ctx, self.step);
        match gap {
            PlanGap::None => {}
            PlanGap::Cpu(Work { units, seed }) => {
                // A call: CPython checks for a switch as it starts.
                self.maybe_switch();
                std::hint::black_box(primes_in_units(seed, 0, units));
            }
            PlanGap::Io(ms) => self.around_wait(|| c.wait(step, ms)),
            // `time.sleep(0)`: gives the GIL up and queues for it again; without one, a
            // thread's yield is only a hint to the scheduler.
            PlanGap::Yield => match self.gil.take() {
                Some(held) => {
                    drop(held);
                    self.take_gil();
                }
                None => std::thread::yield_now(),
            },
        }
    }

    fn end(mut self) {
        self.close_slice();
        self.gil = None;
    }
}

#[cfg(test)]
mod tests;
