//! Sequential, threads and threads + GIL: `lanes` runners on pool workers take tasks from one
//! shared queue, like a thread pool executor. Sequential is the same with one runner; with a
//! GIL, CPU work runs only while holding it. Each task runs through the core's
//! `run::blocking::Ctx`, as in a process.

use super::pool;
use super::run::Run;
use interleave_core::run::blocking::Ctx;
use interleave_core::run::gil::Gil;
use interleave_core::run::plan::Plan;
use interleave_core::run::trace::Lane;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Runs the plan on the pool with `lanes` runners, under `gil` if given; resolves with the
/// wall time in ms, or why the pool never answered.
pub async fn run(
    plan: Arc<Plan>,
    run: Run,
    lanes: usize,
    gil: Option<Arc<Gil>>,
) -> Result<f64, String> {
    pool::run(move || {
        let next = AtomicUsize::new(0);
        rayon::scope(|s| {
            for _ in 0..lanes.max(1) {
                s.spawn(|_| runner(&plan, &run, &next, gil.as_deref()));
            }
        });
        run.rec.now()
    })
    .await
}

fn runner(plan: &Plan, run: &Run, next: &AtomicUsize, gil: Option<&Gil>) {
    let lane = Lane::Worker(rayon::current_thread_index().unwrap_or(0) as u16);
    while !run.control.is_cancelled() {
        let Some(task) = plan.tasks.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        let ctx = Ctx {
            lane,
            task: task.id,
            rec: &run.rec,
            control: &run.control,
            gil,
            shared: &run.shared,
        };
        ctx.run(task);
    }
}
