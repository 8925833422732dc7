//! Sequential, threads and threads + GIL: `lanes` runners on pool workers take tasks from one
//! shared queue, like a thread pool executor. Sequential is the same with one runner; with a
//! GIL, CPU work runs only while holding it. CPU steps compute; I/O steps block the worker, as
//! a blocking socket call would. Processes run the same tasks through `run_task`.

use super::pool;
use crate::model::counting::Ctx;
use crate::model::gil::Gil;
use crate::model::plan::{Plan, Step, TaskPlan};
use crate::model::recorder::Recorder;
use crate::model::shared::Shared;
use crate::model::trace::{Lane, SpanKind};
use crate::model::work::primes_in_units;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How many units of CPU work run between two looks at the cancel flag (well under 1 ms).
const UNITS_PER_CHECK: u64 = 64;

/// Runs the plan on the pool with `lanes` runners, under `gil` if given; resolves with the
/// wall time in ms, or why the pool never answered.
pub async fn run(
    plan: Arc<Plan>,
    rec: Arc<Recorder>,
    lanes: usize,
    gil: Option<Arc<Gil>>,
    shared: Arc<Shared>,
) -> Result<f64, String> {
    pool::run(move || {
        let next = AtomicUsize::new(0);
        rayon::scope(|s| {
            for _ in 0..lanes.max(1) {
                s.spawn(|_| runner(&plan, &rec, &next, gil.as_deref(), &shared));
            }
        });
        rec.now()
    })
    .await
}

fn runner(plan: &Plan, rec: &Recorder, next: &AtomicUsize, gil: Option<&Gil>, shared: &Shared) {
    let lane = Lane::Worker(rayon::current_thread_index().unwrap_or(0) as u16);
    while !rec.is_cancelled() {
        let Some(task) = plan.tasks.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        let ctx = Ctx {
            lane,
            task: task.id,
            rec,
            gil,
            shared,
        };
        run_task(task, &ctx);
    }
}

/// Runs one task's steps on this thread, blocking, and records them on its lane. A task that
/// gives up (stopped, or deadlocked) gives back the locks it holds, as `with lock:` does.
pub fn run_task(task: &TaskPlan, ctx: &Ctx) {
    let mut held = Vec::new();
    let finished = run_steps(task, ctx, &mut held);
    for lock in held {
        ctx.unlock(lock);
    }
    if let Some(primes) = finished {
        if !ctx.rec.is_cancelled() {
            ctx.rec.set_result(task.id, primes);
        }
    }
}

/// The primes the task's steps found, or `None` if it did not finish.
fn run_steps(task: &TaskPlan, ctx: &Ctx, held: &mut Vec<u8>) -> Option<u64> {
    let (lane, rec, gil) = (ctx.lane, ctx.rec, ctx.gil);
    let mut primes = 0;
    for (i, step) in task.steps.iter().enumerate() {
        if rec.is_cancelled() {
            return None;
        }
        let step_no = i as u16;
        match *step {
            Step::Cpu { units, seed } => match gil {
                Some(gil) => {
                    primes += compute_holding(gil, (lane, task.id, step_no), seed, units, rec)
                }
                None => {
                    primes += rec.measure(lane, task.id, step_no, SpanKind::Cpu, || {
                        compute_from(seed, (0, units, UNITS_PER_CHECK), rec, || false).0
                    })
                }
            },
            Step::Io { ms } => ctx.io(step_no, ms),
            Step::Crash => {
                rec.crash(lane, task.id, step_no);
                crash();
            }
            Step::Lock(lock) => {
                ctx.lock(lock, step_no).ok()?;
                held.push(lock);
            }
            Step::Unlock(lock) => {
                held.retain(|&l| l != lock);
                ctx.unlock(lock);
            }
            Step::Count {
                var,
                times,
                gap,
                guard,
            } => ctx.count(step_no, (var, times), gap, guard).ok()?,
        }
    }
    Some(primes)
}

/// Crashes as a thread really crashes: a trap, which ends this worker's thread for good (in
/// a process, the process). Nothing after it runs; the recorder already has the mark.
fn crash() -> ! {
    core::arch::wasm32::unreachable()
}

/// Computes units `from..units` until done, cancelled, or `stop` says so (asked every `stride`
/// units); returns the primes found and where it stopped.
fn compute_from(
    seed: u64,
    (from, units, stride): (u64, u64, u64),
    rec: &Recorder,
    stop: impl Fn() -> bool,
) -> (u64, u64) {
    let (mut primes, mut done) = (0, from);
    while done < units && !rec.is_cancelled() {
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
    seed: u64,
    units: u64,
    rec: &Recorder,
) -> u64 {
    let wait = rec.open(lane, task, step, SpanKind::GilWait);
    let mut guard = gil.acquire();
    rec.close(wait);
    let (mut primes, mut done) = (0, 0);
    loop {
        let slice = rec.open(lane, task, step, SpanKind::Cpu);
        let start = rec.now();
        let range = (done, units, gil.units_per_check());
        let (p, upto) = compute_from(seed, range, rec, || guard.should_switch(rec.now() - start));
        rec.close(slice);
        primes += p;
        done = upto;
        if done >= units || rec.is_cancelled() {
            return primes;
        }
        let wait = rec.open(lane, task, step, SpanKind::GilWait);
        guard = guard.hand_over();
        rec.close(wait);
    }
}
