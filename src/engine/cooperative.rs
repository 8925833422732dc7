//! Cooperative mode: every task is a future on the main thread's event loop, as asyncio runs
//! coroutines. By default (`yield_ms = None`) a CPU step runs to completion, as a coroutine's
//! CPU work does until it reaches an `await`; an I/O step awaits a timer. With `yield_ms` set, a
//! CPU step also gives the loop back every `yield_ms` (an `await asyncio.sleep(0)` inside the
//! work), which is the fix the "blocking the loop" and "yield granularity" lessons teach.

use super::yielding::yield_now;
use crate::model::plan::{Plan, Step, TaskPlan};
use crate::model::recorder::Recorder;
use crate::model::shared::Shared;
use crate::model::trace::{Lane, SpanKind};
use crate::model::work::primes_in_unit;
use futures_util::future::join_all;
use gloo_timers::future::TimeoutFuture;
use shared::Loop;
use std::sync::Arc;

/// Units between two looks at the clock while deciding whether a slice is over.
const UNITS_PER_CLOCK_CHECK: u64 = 8;

mod shared;

/// Runs every task of the plan concurrently on this thread; resolves with the wall time.
pub async fn run(
    plan: Arc<Plan>,
    rec: Arc<Recorder>,
    yield_ms: Option<f64>,
    shared: Arc<Shared>,
) -> f64 {
    let lp = Loop::new(&rec, &shared);
    join_all(plan.tasks.iter().map(|t| run_task(t, &lp, yield_ms))).await;
    rec.now()
}

/// Runs a task; whatever way it ends, it gives back the locks it holds, as `async with` does.
async fn run_task(task: &TaskPlan, lp: &Loop<'_>, yield_ms: Option<f64>) {
    let mut held = Vec::new();
    run_steps(task, lp, yield_ms, &mut held).await;
    for lock in held {
        lp.unlock(lock);
    }
}

async fn run_steps(task: &TaskPlan, lp: &Loop<'_>, yield_ms: Option<f64>, held: &mut Vec<u8>) {
    let rec = lp.rec;
    if yield_ms.is_none() {
        // Like a task that `gather` scheduled: it starts in a turn of the loop of its own, not
        // in the same one as every other task. (With yields, the first slice's yield does it.)
        wait_for_turn(rec, task.id, 0).await;
    }
    let mut primes = 0;
    for (i, step) in task.steps.iter().enumerate() {
        if rec.is_cancelled() {
            return;
        }
        match *step {
            Step::Cpu { units, seed } => {
                match compute(task.id, i as u16, seed, units, rec, yield_ms).await {
                    Some(p) => primes += p,
                    None => return,
                }
            }
            Step::Io { ms } => io(rec, task.id, i as u16, ms).await,
            // As an exception fails an asyncio task: this future ends, the loop and the other
            // tasks go on.
            Step::Crash => {
                rec.crash(Lane::MainLoop, task.id, i as u16);
                return;
            }
            Step::Lock(lock) => {
                if lp.lock(lock, task.id, i as u16).await.is_err() {
                    return;
                }
                held.push(lock);
            }
            Step::Unlock(lock) => {
                held.retain(|&l| l != lock);
                lp.unlock(lock);
            }
            Step::Count {
                var,
                times,
                gap,
                guard,
            } => {
                let at = (task.id, i as u16);
                if lp.count(at, (var, times), gap, guard).await.is_err() {
                    return;
                }
            }
        }
    }
    if !rec.is_cancelled() {
        rec.set_result(task.id, primes);
    }
}

/// Runs a CPU step, in slices of `yield_ms` if set. Yielding *before* each slice matters:
/// futures that become ready together are polled in one go, so only a yield first puts every
/// slice in its own macrotask and lets the browser paint between them.
async fn compute(
    task: u32,
    step: u16,
    seed: u64,
    units: u64,
    rec: &Recorder,
    yield_ms: Option<f64>,
) -> Option<u64> {
    let mut primes = 0;
    let mut done = 0;
    while done < units {
        if yield_ms.is_some() {
            wait_for_turn(rec, task, step).await;
        }
        if rec.is_cancelled() {
            return None;
        }
        let open = rec.open(Lane::MainLoop, task, step, SpanKind::Cpu);
        let slice_end = yield_ms.map(|ms| rec.now() + ms);
        while done < units {
            let to = (done + UNITS_PER_CLOCK_CHECK).min(units);
            primes += (done..to).map(|u| primes_in_unit(seed, u)).sum::<u64>();
            done = to;
            if slice_end.is_some_and(|end| rec.now() >= end) {
                break;
            }
        }
        rec.close(open);
    }
    Some(primes)
}

/// Gives the loop back: the task is ready to go on, but the loop is another task's until this
/// one's turn comes.
async fn wait_for_turn(rec: &Recorder, task: u32, step: u16) {
    let waiting = rec.open(Lane::MainLoop, task, step, SpanKind::Yield);
    yield_now().await;
    rec.close(waiting);
}

/// An I/O wait, recorded as such.
async fn io(rec: &Recorder, task: u32, step: u16, ms: f64) {
    let open = rec.open(Lane::MainLoop, task, step, SpanKind::Io);
    wait(ms, rec).await;
    rec.close(open);
}

/// Waits `ms` without blocking: the timer frees the loop for the other tasks. Long waits are
/// cut into pieces so that Stop takes effect quickly.
async fn wait(ms: f64, rec: &Recorder) {
    let until = rec.now() + ms;
    loop {
        let left = until - rec.now();
        if left <= 0.0 || rec.is_cancelled() {
            return;
        }
        TimeoutFuture::new(left.min(50.0).ceil() as u32).await;
    }
}
