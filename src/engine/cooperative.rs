//! Cooperative mode: every task is a future on the main thread's event loop, as asyncio runs
//! coroutines. By default (`yield_ms = None`) a CPU step runs to completion, as a coroutine's
//! CPU work does until it reaches an `await`; an I/O step awaits a timer. With `yield_ms` set, a
//! CPU step also gives the loop back every `yield_ms` (an `await asyncio.sleep(0)` inside the
//! work), which is the fix the "blocking the loop" and "yield granularity" lessons teach.

use super::run::Run;
use super::yielding::yield_now;
use futures_util::future::{join_all, FutureExt};
use gloo_timers::future::TimeoutFuture;
use interleave_core::run::blocking::compute_from;
use interleave_core::run::control::RunControl;
use interleave_core::run::interpret::{next_piece, record_crash, run_task, GaveUp, Runner};
use interleave_core::run::plan::{Plan, TaskPlan, Work};
use interleave_core::run::recorder::Recorder;
use interleave_core::run::trace::{Lane, SpanKind};
use interleave_core::scenario::step::Count;
use shared::Loop;
use std::future::Future;
use std::sync::Arc;

/// Units between two looks at the clock while deciding whether a slice is over.
const UNITS_PER_CLOCK_CHECK: u64 = 8;

mod shared;

/// Runs every task of the plan concurrently on this thread; resolves with the wall time.
pub async fn run(plan: Arc<Plan>, run: Run, yield_ms: Option<f64>) -> f64 {
    let lp = Loop::new(&run);
    // As `asyncio.gather` starts its tasks: each one's first step is scheduled for the loop's
    // next turn, and that turn runs them all, one after another in order, before the loop
    // looks at anything else. One yield for all, not one each: 10,000 tasks started in 10,000
    // turns of their own took four waits' time to begin (twelve in WebKit, whose yields are
    // messages). With a yield interval, each task's first slice yields first, as it always
    // did, so no task waits twice.
    let first_turn = yield_now().shared();
    let first_turn = yield_ms.is_none().then_some(&first_turn);
    join_all(
        plan.tasks
            .iter()
            .map(|t| coroutine(t, &lp, yield_ms, first_turn)),
    )
    .await;
    run.rec.now()
}

/// One task as a coroutine on the loop, as `asyncio.gather` runs it: it waits for the turn
/// that starts every task (`first_turn`, unless its first slice yields), then runs its steps.
async fn coroutine<F: Future<Output = ()> + Clone>(
    task: &TaskPlan,
    lp: &Loop<'_>,
    yield_ms: Option<f64>,
    first_turn: Option<&F>,
) {
    if let Some(turn) = first_turn {
        let waiting = lp.run.rec.open(Lane::MainLoop, task.id, 0, SpanKind::Yield);
        turn.clone().await;
        lp.run.rec.close(waiting);
    }
    let id = task.id;
    run_task(task, &Coroutine { lp, id, yield_ms }).await;
}

/// How a coroutine runs each step: on the loop, giving it back only at an `await`.
struct Coroutine<'a> {
    lp: &'a Loop<'a>,
    id: u32,
    yield_ms: Option<f64>,
}

impl Runner for Coroutine<'_> {
    fn control(&self) -> &RunControl {
        &self.lp.run.control
    }

    async fn cpu(&self, step: u16, work: Work) -> Option<u64> {
        compute((self.id, step), work, self.lp.run, self.yield_ms).await
    }

    async fn io(&self, step: u16, ms: f64) {
        io(self.lp.run, self.id, step, ms).await;
    }

    // As an exception fails an asyncio task: this future ends, the loop and the other tasks
    // go on.
    fn crash(&self, step: u16) {
        let Run { rec, control, .. } = self.lp.run;
        record_crash(control, rec, (Lane::MainLoop, self.id, step));
    }

    async fn lock(&self, step: u16, lock: u8) -> Result<(), GaveUp> {
        self.lp.lock(lock, self.id, step).await
    }

    fn unlock(&self, lock: u8) {
        self.lp.unlock(lock);
    }

    async fn count(&self, step: u16, count: Count<Work, f64>) -> Result<(), GaveUp> {
        self.lp.count((self.id, step), count).await
    }
}

/// Runs a CPU step, in slices of `yield_ms` if set. Yielding *before* each slice matters:
/// futures that become ready together are polled in one go, so only a yield first puts every
/// slice in its own macrotask and lets the browser paint between them.
async fn compute(
    (task, step): (u32, u16),
    Work { units, seed }: Work,
    Run { rec, control, .. }: &Run,
    yield_ms: Option<f64>,
) -> Option<u64> {
    let (mut primes, mut done) = (0, 0);
    while done < units {
        if yield_ms.is_some() {
            wait_for_turn(rec, task, step).await;
        }
        if control.is_cancelled() {
            return None;
        }
        let open = rec.open(Lane::MainLoop, task, step, SpanKind::Cpu);
        let slice_end = yield_ms.map(|ms| rec.now() + ms);
        let over = || slice_end.is_some_and(|end| rec.now() >= end);
        let (found, upto) = compute_from(seed, (done, units, UNITS_PER_CLOCK_CHECK), control, over);
        rec.close(open);
        primes += found;
        done = upto;
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
async fn io(run: &Run, task: u32, step: u16, ms: f64) {
    let open = run.rec.open(Lane::MainLoop, task, step, SpanKind::Io);
    wait(ms, run).await;
    run.rec.close(open);
}

/// Waits `ms` without blocking: the timer frees the loop for the other tasks. Long waits are
/// cut into pieces so that Stop takes effect quickly.
async fn wait(ms: f64, run: &Run) {
    let until = run.rec.now() + ms;
    while let Some(piece) = next_piece((&run.rec, &run.control), until, 50.0) {
        TimeoutFuture::new(piece.ceil() as u32).await;
    }
}
