//! Sequential and threads modes: `lanes` runners on pool workers take tasks from one shared
//! queue, like a thread pool executor. Sequential is the same with one runner. CPU steps
//! compute; I/O steps block the worker, as a blocking socket call would.

use super::pool;
use crate::model::plan::{Plan, Step, TaskPlan};
use crate::model::recorder::Recorder;
use crate::model::trace::{Lane, SpanKind};
use crate::model::work::primes_in_units;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How many units of CPU work run between two looks at the cancel flag (well under 1 ms).
const UNITS_PER_CHECK: u64 = 64;
/// The longest a blocking wait sleeps before it looks at the cancel flag again.
const WAIT_SLICE_MS: f64 = 5.0;

/// Runs the plan on the pool with `lanes` runners; resolves with the wall time in ms.
pub async fn run(plan: Arc<Plan>, rec: Arc<Recorder>, lanes: usize) -> Option<f64> {
    pool::run(move || {
        let next = AtomicUsize::new(0);
        rayon::scope(|s| {
            for _ in 0..lanes.max(1) {
                s.spawn(|_| runner(&plan, &rec, &next));
            }
        });
        rec.now()
    })
    .await
}

fn runner(plan: &Plan, rec: &Recorder, next: &AtomicUsize) {
    let lane = Lane::Worker(rayon::current_thread_index().unwrap_or(0) as u16);
    while !rec.is_cancelled() {
        let Some(task) = plan.tasks.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        run_task(task, lane, rec);
    }
}

fn run_task(task: &TaskPlan, lane: Lane, rec: &Recorder) {
    let mut primes = 0;
    for (i, step) in task.steps.iter().enumerate() {
        if rec.is_cancelled() {
            return;
        }
        let step_no = i as u16;
        match *step {
            Step::Cpu { units, seed } => {
                primes += rec.measure(lane, task.id, step_no, SpanKind::Cpu, || {
                    compute(seed, units, rec)
                })
            }
            Step::Io { ms } => rec.measure(lane, task.id, step_no, SpanKind::Io, || {
                blocking_wait(ms, rec)
            }),
        }
    }
    if !rec.is_cancelled() {
        rec.set_result(task.id, primes);
    }
}

fn compute(seed: u64, units: u64, rec: &Recorder) -> u64 {
    let mut primes = 0;
    let mut done = 0;
    while done < units && !rec.is_cancelled() {
        let to = (done + UNITS_PER_CHECK).min(units);
        primes += primes_in_units(seed, done, to);
        done = to;
    }
    primes
}

/// Blocks this worker until `ms` have passed on the shared clock (or the run is cancelled).
fn blocking_wait(ms: f64, rec: &Recorder) {
    let until = rec.now() + ms;
    loop {
        let left = until - rec.now();
        if left <= 0.0 || rec.is_cancelled() {
            return;
        }
        std::thread::sleep(Duration::from_secs_f64(left.min(WAIT_SLICE_MS) / 1e3));
    }
}
