//! One interpreter of a task's steps for every engine. What differs between a future on the
//! event loop and a blocking thread (how it computes, waits, locks and dies) is a [`Runner`];
//! the order of the steps, Stop, the locks a task gives back and its result are here, once.

use crate::run::control::RunControl;
use crate::run::plan::{TaskPlan, Work};
use crate::run::recorder::Recorder;
use crate::run::trace::Lane;
use crate::scenario::step::{Count, Step};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// The task cannot go on: the run was stopped, or it deadlocked and this task gave up.
pub struct GaveUp;

/// How one engine runs each kind of step for one task.
// The futures are polled where they are made (one thread, or none at all for a blocking
// runner), so no caller needs them to be `Send`.
#[allow(async_fn_in_trait)]
pub trait Runner {
    /// The run's Stop, and where a finished task's result goes.
    fn control(&self) -> &RunControl;
    /// A CPU step: the primes it found, or `None` if the task stopped inside it.
    async fn cpu(&self, step: u16, work: Work) -> Option<u64>;
    async fn io(&self, step: u16, ms: f64);
    /// Records the crash and dies as the unit dies: a thread or a process traps (and never
    /// returns); a future returns, and the task ends there.
    fn crash(&self, step: u16);
    async fn lock(&self, step: u16, lock: u8) -> Result<(), GaveUp>;
    fn unlock(&self, lock: u8);
    async fn count(&self, step: u16, count: Count<Work, f64>) -> Result<(), GaveUp>;
}

/// Runs one task's steps. A task that gives up (stopped, or deadlocked) gives back the locks
/// it holds, as `with lock:` and `async with lock:` do; only a finished task has a result.
pub async fn run_task(task: &TaskPlan, runner: &impl Runner) {
    let mut held = Vec::new();
    let finished = run_steps(task, runner, &mut held).await;
    for lock in held {
        runner.unlock(lock);
    }
    let control = runner.control();
    if let Some(primes) = finished {
        if !control.is_cancelled() {
            control.set_result(task.id, primes);
        }
    }
}

/// The primes the task's steps found, or `None` if it did not finish.
async fn run_steps(task: &TaskPlan, runner: &impl Runner, held: &mut Vec<u8>) -> Option<u64> {
    let mut primes = 0;
    for (step, kind) in (0u16..).zip(&task.steps) {
        if runner.control().is_cancelled() {
            return None;
        }
        match *kind {
            Step::Cpu(work) => primes += runner.cpu(step, work).await?,
            Step::Io(ms) => runner.io(step, ms).await,
            Step::Crash => {
                runner.crash(step);
                return None;
            }
            Step::Lock(lock) => {
                runner.lock(step, lock).await.ok()?;
                held.push(lock);
            }
            Step::Unlock(lock) => {
                held.retain(|&l| l != lock);
                runner.unlock(lock);
            }
            Step::Count(count) => runner.count(step, count).await.ok()?,
        }
    }
    Some(primes)
}

/// Task `task` crashes now at `step` on `lane`: the run's crash flag first, which the page reads
/// even if the crash takes this thread with it, then the crash's mark on the lane.
pub fn record_crash(control: &RunControl, rec: &Recorder, (lane, task, step): (Lane, u32, u16)) {
    control.mark_crashed();
    rec.crash(lane, task, step);
}

/// Runs a task whose runner blocks instead of awaiting (a pool worker, a process): every
/// future it makes is ready the first time it is polled.
pub fn run_task_blocking(task: &TaskPlan, runner: &impl Runner) {
    let mut cx = Context::from_waker(Waker::noop());
    match pin!(run_task(task, runner)).poll(&mut cx) {
        Poll::Ready(()) => {}
        Poll::Pending => unreachable!("a blocking runner never waits for a wake-up"),
    }
}

/// The next piece of a wait that ends at `until` on the run's clock, or `None` once it is over
/// or the run was stopped. Every engine waits in pieces of at most `piece_ms` (a timer on the
/// loop, a sleep on a thread), so that Stop ends a long wait quickly.
pub fn next_piece(
    (rec, control): (&Recorder, &RunControl),
    until: f64,
    piece_ms: f64,
) -> Option<f64> {
    let left = until - rec.now();
    (left > 0.0 && !control.is_cancelled()).then(|| left.min(piece_ms))
}
