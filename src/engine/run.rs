//! Runs the chosen modes one after another on one plan, and reports progress as it goes.

use super::clock::WebClock;
use super::{cooperative, frames, workers, yield_now};
use crate::model::config::RunConfig;
use crate::model::mode::Mode;
use crate::model::plan::Plan;
use crate::model::recorder::{Recorder, SharedRecorder};
use crate::model::trace::{Outcome, Trace};
use crate::model::work::Calibration;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

pub enum Progress {
    Started(Mode, SharedRecorder),
    Finished(Trace),
}

/// Lets the page stop a run: the current mode is cancelled and no further mode starts.
#[derive(Default)]
pub struct RunHandle {
    stopped: Cell<bool>,
    current: RefCell<Option<Arc<Recorder>>>,
}

impl RunHandle {
    pub fn stop(&self) {
        self.stopped.set(true);
        if let Some(rec) = self.current.borrow().as_ref() {
            rec.cancel();
        }
    }
}

/// Runs `modes` in order and returns their traces. `pool_threads` is the pool's size.
pub async fn run_modes(
    config: &RunConfig,
    calibration: Calibration,
    modes: &[Mode],
    pool_threads: usize,
    handle: &RunHandle,
    mut on_progress: impl FnMut(Progress),
) -> Vec<Trace> {
    let plan = Arc::new(Plan::build(&config.recipe.tasks(), calibration));
    let mut traces = Vec::new();
    for &mode in modes {
        if handle.stopped.get() {
            break;
        }
        // Let the page paint the previous mode before the next one starts.
        yield_now().await;
        let rec = Arc::new(Recorder::new(Box::new(WebClock), plan.task_count()));
        *handle.current.borrow_mut() = Some(rec.clone());
        on_progress(Progress::Started(mode, SharedRecorder(rec.clone())));
        frames::reset();
        let threads = match mode {
            Mode::Sequential | Mode::Cooperative => 1,
            Mode::Threads => config
                .threads
                .unwrap_or(pool_threads)
                .clamp(1, pool_threads.max(1)),
        };
        let wall = match mode {
            Mode::Cooperative => {
                Some(cooperative::run(plan.clone(), rec.clone(), config.yield_ms).await)
            }
            Mode::Sequential | Mode::Threads => {
                workers::run(plan.clone(), rec.clone(), threads).await
            }
        };
        let outcome = match wall {
            None => Outcome::Failed,
            Some(_) if rec.is_cancelled() => Outcome::Cancelled,
            Some(_) => Outcome::Completed,
        };
        let trace = rec.finish(
            mode,
            threads,
            wall.unwrap_or_else(|| rec.now()),
            outcome,
            Some(frames::max_gap_ms()),
        );
        *handle.current.borrow_mut() = None;
        on_progress(Progress::Finished(trace.clone()));
        traces.push(trace);
    }
    traces
}
