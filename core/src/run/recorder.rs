//! The one recording mechanism every engine uses: open a span, close it, on a shared clock.
//! It only records: Stop, crashes and results are the run's control (`control.rs`).
//!
//! A `Recorder` is shared by all threads of a run. Spans go into a lock-free append-only log,
//! so no worker ever waits on the page (or on another worker) while it is being measured, and
//! the page reads it without blocking (the browser forbids `Atomics.wait` there) and copies
//! only what changed since its last look (`LiveSpans`).

use crate::run::budget::MAX_SPANS_PER_MODE;
use crate::run::control::RunControl;
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, Span, SpanKind, Trace};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Absolute time in ms, the same origin on every thread (e.g. `timeOrigin + now()`).
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> f64;
}

/// One span in the log: everything but its end is fixed when it opens; the end is stored once,
/// by the thread that opened it, and read by anyone.
struct Slot {
    lane: Lane,
    task: u32,
    step: u16,
    kind: SpanKind,
    start: f64,
    /// f64 bits; NaN while open.
    end: AtomicU64,
}

impl From<Span> for Slot {
    fn from(span: Span) -> Self {
        Slot {
            lane: span.lane,
            task: span.task,
            step: span.step,
            kind: span.kind,
            start: span.start,
            end: AtomicU64::new(span.end.to_bits()),
        }
    }
}

impl Slot {
    fn span(&self) -> Span {
        Span {
            lane: self.lane,
            task: self.task,
            step: self.step,
            kind: self.kind,
            start: self.start,
            end: f64::from_bits(self.end.load(Ordering::Acquire)),
        }
    }
}

/// A reader's copy of a recording in progress, brought up to date by `Recorder::refresh` with
/// only the spans that are new or have closed since its last look.
#[derive(Clone, Debug, Default)]
pub struct LiveSpans {
    pub spans: Vec<Span>,
    /// Indices of `spans` that were still open at the last look.
    open: Vec<usize>,
}

pub struct Recorder {
    clock: Box<dyn Clock>,
    /// The run's start on the shared clock, as f64 bits, so it can restart before any span.
    epoch_ms: AtomicU64,
    /// The latest time any thread has read, as f64 bits (see `read_clock`).
    latest_ms: AtomicU64,
    spans: boxcar::Vec<Slot>,
    /// Off, spans are not kept: only for measuring what recording itself costs.
    recording: bool,
    /// Spans not kept once the log held its budget.
    dropped: AtomicUsize,
}

/// A span that has been opened; closing it records its end.
#[must_use = "an open span stays open until `Recorder::close` is called"]
pub struct OpenSpan(usize);

impl LiveSpans {
    /// Whether a span was still open at the last look.
    pub fn has_open(&self) -> bool {
        !self.open.is_empty()
    }
}

impl Recorder {
    /// Starts the run's clock now.
    pub fn new(clock: Box<dyn Clock>) -> Self {
        let epoch_ms = clock.now_ms();
        Self::with_epoch(clock, epoch_ms)
    }

    /// A recorder for a run that started at `epoch_ms` on the shared clock, e.g. in another
    /// instance that reports its spans back by message.
    pub fn with_epoch(clock: Box<dyn Clock>, epoch_ms: f64) -> Self {
        Recorder {
            clock,
            epoch_ms: AtomicU64::new(epoch_ms.to_bits()),
            latest_ms: AtomicU64::new(epoch_ms.to_bits()),
            spans: boxcar::Vec::new(),
            recording: true,
            dropped: AtomicUsize::new(0),
        }
    }

    /// Keeps the clock but no spans, to measure the cost of recording them.
    pub fn without_spans(mut self) -> Self {
        self.recording = false;
        self
    }

    /// Whether spans are kept (see `without_spans`).
    pub fn records(&self) -> bool {
        self.recording
    }

    /// Ms since the run started.
    pub fn now(&self) -> f64 {
        self.read_clock() - self.epoch_ms()
    }

    /// The shared clock, never earlier than a time another thread has already read. Two
    /// workers' absolute clocks can disagree by a rounding (at today's epoch one f64 step is
    /// 0.24 µs), and when a lock orders two spans, the later must not start before the earlier
    /// ends: the GIL's kitchen would show two chefs cooking with one knife.
    fn read_clock(&self) -> f64 {
        // Absolute times are positive, so their bits order as the times do.
        let read = self.clock.now_ms().to_bits();
        let before = self.latest_ms.fetch_max(read, Ordering::AcqRel);
        f64::from_bits(before.max(read))
    }

    /// Starts the run's clock again now; only before anything is recorded, e.g. after the
    /// page has drawn that the run is starting, so that drawing is not part of the run.
    pub fn restart(&self) {
        debug_assert_eq!(self.spans.count(), 0, "restart before recording");
        self.epoch_ms
            .store(self.read_clock().to_bits(), Ordering::Release);
    }

    /// Whether a new span may be kept. A full log counts what it turns away: the plan is
    /// fitted to the budget (`budget::fit`), so this happens only on a machine much slower
    /// than its calibration, and then the page still survives the run and says so.
    fn keeps_another(&self) -> bool {
        if !self.recording {
            return false;
        }
        // Threads that check at once may each add one: the budget is kept to within a few.
        if self.spans.count() >= MAX_SPANS_PER_MODE {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        true
    }

    pub fn open(&self, lane: Lane, task: u32, step: u16, kind: SpanKind) -> OpenSpan {
        if !self.keeps_another() {
            return OpenSpan(usize::MAX);
        }
        let start = self.now();
        OpenSpan(self.spans.push(Slot::from(Span {
            lane,
            task,
            step,
            kind,
            start,
            end: f64::NAN,
        })))
    }

    pub fn close(&self, span: OpenSpan) {
        if span.0 == usize::MAX {
            return;
        }
        let end = self.now();
        self.spans[span.0]
            .end
            .store(end.to_bits(), Ordering::Release);
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
        if !self.keeps_another() {
            return;
        }
        self.spans.push(span.into());
    }

    /// Marks that `task` crashes at `step`, now, on `lane` (the run's control keeps the flag).
    pub fn crash(&self, lane: Lane, task: u32, step: u16) {
        let now = self.now();
        self.push(Span {
            lane,
            task,
            step,
            kind: SpanKind::Crash,
            start: now,
            end: now,
        });
    }

    /// The absolute time on the shared clock this run started at.
    pub fn epoch_ms(&self) -> f64 {
        f64::from_bits(self.epoch_ms.load(Ordering::Acquire))
    }

    /// Brings `copy` up to date without ever blocking: appends the spans recorded since its last
    /// look and fills in the ends of those it saw open. Returns whether anything changed. Costs
    /// what changed plus the spans still open, not the whole recording.
    pub fn refresh(&self, copy: &mut LiveSpans) -> bool {
        let mut changed = false;
        let spans = &mut copy.spans;
        copy.open.retain(|&i| {
            let end = f64::from_bits(self.spans[i].end.load(Ordering::Acquire));
            if end.is_nan() {
                return true;
            }
            spans[i].end = end;
            changed = true;
            false
        });
        // A slot that is reserved but not yet written ends the look: the next one resumes there,
        // so indices in the copy stay those of the log.
        while let Some(slot) = self.spans.get(spans.len()) {
            let span = slot.span();
            if span.is_open() {
                copy.open.push(spans.len());
            }
            spans.push(span);
            changed = true;
        }
        changed
    }

    /// The finished trace, with what `control` says the tasks produced. Call it once every
    /// thread of the run has stopped recording.
    pub fn finish(
        &self,
        control: &RunControl,
        mode: Mode,
        threads: usize,
        wall_ms: f64,
        outcome: Outcome,
        max_frame_gap_ms: Option<f64>,
    ) -> Trace {
        let mut copy = LiveSpans::default();
        self.refresh(&mut copy);
        let spans = copy.spans;
        debug_assert_eq!(
            spans.len(),
            self.spans.count(),
            "finish() called while a thread still records"
        );
        Trace {
            epoch_ms: self.epoch_ms(),
            spans,
            results: control.results(),
            counters: control.counters(),
            max_frame_gap_ms,
            spans_dropped: self.dropped.load(Ordering::Relaxed),
            ..Trace::new(mode, outcome, threads, wall_ms)
        }
    }
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
mod tests;
