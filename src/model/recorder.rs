//! The one recording mechanism every engine uses: open a span, close it, on a shared clock.
//!
//! A `Recorder` is shared by all threads of a run. Workers may block on its lock; the main
//! thread must never block (the browser forbids `Atomics.wait` there), so everything the main
//! thread reads while workers may still write goes through `try_lock`.

use super::mode::Mode;
use super::trace::{Lane, Outcome, Span, SpanKind, Trace};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

/// Absolute time in ms, the same origin on every thread (e.g. `timeOrigin + now()`).
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> f64;
}

const NO_RESULT: u64 = u64::MAX;

pub struct Recorder {
    clock: Box<dyn Clock>,
    /// The run's start on the shared clock, as f64 bits, so it can restart before any span.
    epoch_ms: AtomicU64,
    spans: Mutex<Vec<Span>>,
    results: Vec<AtomicU64>,
    counters: Vec<AtomicU64>,
    cancelled: AtomicBool,
    /// Off, spans are not kept: only for measuring what recording itself costs.
    recording: bool,
}

/// A span that has been opened; closing it records its end.
#[must_use = "an open span stays open until `Recorder::close` is called"]
pub struct OpenSpan(usize);

impl Recorder {
    /// Starts the run's clock now.
    pub fn new(clock: Box<dyn Clock>, tasks: usize) -> Self {
        let epoch_ms = clock.now_ms();
        Self::with_epoch(clock, tasks, epoch_ms)
    }

    /// A recorder for a run that started at `epoch_ms` on the shared clock, e.g. in another
    /// instance that reports its spans back by message.
    pub fn with_epoch(clock: Box<dyn Clock>, tasks: usize, epoch_ms: f64) -> Self {
        Recorder {
            clock,
            epoch_ms: AtomicU64::new(epoch_ms.to_bits()),
            spans: Mutex::new(Vec::new()),
            results: (0..tasks).map(|_| AtomicU64::new(NO_RESULT)).collect(),
            counters: (0..tasks).map(|_| AtomicU64::new(NO_RESULT)).collect(),
            cancelled: AtomicBool::new(false),
            recording: true,
        }
    }

    /// Keeps results and the clock but no spans, to measure the cost of recording them.
    pub fn without_spans(mut self) -> Self {
        self.recording = false;
        self
    }

    /// Ms since the run started.
    pub fn now(&self) -> f64 {
        self.clock.now_ms() - self.epoch_ms()
    }

    /// Starts the run's clock again now; only before anything is recorded, e.g. after the
    /// page has drawn that the run is starting, so that drawing is not part of the run.
    pub fn restart(&self) {
        debug_assert!(
            self.try_copy_spans(0, &mut Vec::new()),
            "restart before recording"
        );
        self.epoch_ms
            .store(self.clock.now_ms().to_bits(), Ordering::Release);
    }

    pub fn open(&self, lane: Lane, task: u32, step: u16, kind: SpanKind) -> OpenSpan {
        if !self.recording {
            return OpenSpan(usize::MAX);
        }
        let start = self.now();
        let mut spans = self.spans.lock().unwrap_or_else(|e| e.into_inner());
        spans.push(Span {
            lane,
            task,
            step,
            kind,
            start,
            end: f64::NAN,
        });
        OpenSpan(spans.len() - 1)
    }

    pub fn close(&self, span: OpenSpan) {
        if span.0 == usize::MAX {
            return;
        }
        let end = self.now();
        let mut spans = self.spans.lock().unwrap_or_else(|e| e.into_inner());
        spans[span.0].end = end;
    }

    /// Runs `work` inside a span and returns its result.
    pub fn measure<R>(
        &self,
        lane: Lane,
        task: u32,
        step: u16,
        kind: SpanKind,
        work: impl FnOnce() -> R,
    ) -> R {
        let open = self.open(lane, task, step, kind);
        let r = work();
        self.close(open);
        r
    }

    /// Adds a span measured elsewhere on the shared clock.
    pub fn push(&self, span: Span) {
        if !self.recording {
            return;
        }
        let mut spans = self.spans.lock().unwrap_or_else(|e| e.into_inner());
        spans.push(span);
    }

    /// The absolute time on the shared clock this run started at.
    pub fn epoch_ms(&self) -> f64 {
        f64::from_bits(self.epoch_ms.load(Ordering::Acquire))
    }

    pub fn set_result(&self, task: u32, primes: u64) {
        self.results[task as usize].store(primes, Ordering::Release);
    }

    /// Records a process's own count of tasks run, after task `task`.
    pub fn set_counter(&self, task: u32, count: u64) {
        self.counters[task as usize].store(count, Ordering::Release);
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Copies the spans from index `from` on into `out`, without ever blocking. Returns false
    /// (and copies nothing) when a worker holds the lock; the caller tries again next frame.
    pub fn try_copy_spans(&self, from: usize, out: &mut Vec<Span>) -> bool {
        match self.spans.try_lock() {
            Ok(spans) => {
                out.extend_from_slice(spans.get(from..).unwrap_or(&[]));
                true
            }
            Err(std::sync::TryLockError::Poisoned(p)) => {
                out.extend_from_slice(p.get_ref().get(from..).unwrap_or(&[]));
                true
            }
            Err(std::sync::TryLockError::WouldBlock) => false,
        }
    }

    /// The finished trace. Call it once every thread of the run has stopped recording.
    pub fn finish(
        &self,
        mode: Mode,
        threads: usize,
        wall_ms: f64,
        outcome: Outcome,
        max_frame_gap_ms: Option<f64>,
    ) -> Trace {
        let mut spans = Vec::new();
        // Nothing records any more, so the lock is free; a failure here would be a bug.
        let copied = self.try_copy_spans(0, &mut spans);
        debug_assert!(copied, "finish() called while a thread still records");
        Trace {
            mode,
            outcome,
            threads,
            wall_ms,
            epoch_ms: self.epoch_ms(),
            spans,
            results: loaded(&self.results),
            counters: if self
                .counters
                .iter()
                .any(|c| c.load(Ordering::Acquire) != NO_RESULT)
            {
                loaded(&self.counters)
            } else {
                Vec::new()
            },
            max_frame_gap_ms,
        }
    }
}

fn loaded(slots: &[AtomicU64]) -> Vec<Option<u64>> {
    slots
        .iter()
        .map(|r| Some(r.load(Ordering::Acquire)).filter(|&v| v != NO_RESULT))
        .collect()
}

/// A recorder shared between the engine and the view, compared by identity.
#[derive(Clone)]
pub struct SharedRecorder(pub std::sync::Arc<Recorder>);

impl PartialEq for SharedRecorder {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedRecorder({:p})", std::sync::Arc::as_ptr(&self.0))
    }
}

/// A clock for native tests and benches: `Instant` since creation.
pub struct StdClock(std::time::Instant);

impl Default for StdClock {
    fn default() -> Self {
        StdClock(std::time::Instant::now())
    }
}

impl Clock for StdClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1e3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn spans_from_many_threads_land_in_one_trace_on_one_clock() {
        let rec = Arc::new(Recorder::new(Box::new(StdClock::default()), 4));
        // Every thread is inside its span when the barrier opens: the spans must overlap.
        let inside = Arc::new(std::sync::Barrier::new(4));
        let handles: Vec<_> = (0..4u16)
            .map(|i| {
                let (rec, inside) = (rec.clone(), inside.clone());
                std::thread::spawn(move || {
                    rec.measure(Lane::Worker(i), i.into(), 0, SpanKind::Cpu, || {
                        inside.wait();
                    });
                    rec.set_result(i.into(), 10 + u64::from(i));
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let t = rec.finish(Mode::Threads, 4, rec.now(), Outcome::Completed, None);
        assert_eq!(t.spans.len(), 4);
        assert_eq!(t.lanes().len(), 4);
        assert!(t.spans.iter().all(|s| !s.is_open() && s.end >= s.start));
        assert_eq!(t.results, vec![Some(10), Some(11), Some(12), Some(13)]);
        let latest_start = t.spans.iter().map(|s| s.start).fold(0.0, f64::max);
        let earliest_end = t.spans.iter().map(|s| s.end).fold(f64::INFINITY, f64::min);
        assert!(
            latest_start <= earliest_end,
            "the four spans overlap on the shared clock"
        );
    }

    #[test]
    fn open_spans_are_visible_before_they_close_and_copies_are_incremental() {
        let rec = Recorder::new(Box::new(StdClock::default()), 1);
        let a = rec.open(Lane::MainLoop, 0, 0, SpanKind::Io);
        let mut seen = vec![];
        assert!(rec.try_copy_spans(0, &mut seen));
        assert!(seen[0].is_open());
        rec.close(a);
        rec.measure(Lane::MainLoop, 0, 1, SpanKind::Cpu, || ());
        let mut more = vec![];
        assert!(rec.try_copy_spans(1, &mut more));
        assert_eq!(more.len(), 1);
        assert_eq!(more[0].step, 1);
        let t = rec.finish(Mode::Cooperative, 1, 1.0, Outcome::Cancelled, Some(3.0));
        assert_eq!(t.results, vec![None], "a task without a result stays None");
    }

    #[test]
    fn without_spans_keeps_results_but_records_nothing() {
        let rec = Recorder::new(Box::new(StdClock::default()), 1).without_spans();
        rec.measure(Lane::MainLoop, 0, 0, SpanKind::Cpu, || ());
        rec.set_result(0, 5);
        let t = rec.finish(Mode::Cooperative, 1, 1.0, Outcome::Completed, None);
        assert!(t.spans.is_empty());
        assert_eq!(t.results, vec![Some(5)]);
    }

    #[test]
    fn cancelling_is_seen_by_every_holder() {
        let rec = Arc::new(Recorder::new(Box::new(StdClock::default()), 0));
        let other = rec.clone();
        assert!(!other.is_cancelled());
        rec.cancel();
        assert!(other.is_cancelled());
    }
}
