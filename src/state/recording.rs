//! The traces views draw: a run's finished modes as one shared `Recording`, and the mode
//! running now.

use interleave_core::run::mode::Mode;
use interleave_core::run::recorder::SharedRecorder;
use interleave_core::run::trace::{Span, Trace};
use interleave_core::view::layout::Expected;
use std::rc::Rc;

/// The finished traces of the current or last run. Views share them without copying, and two
/// recordings are equal only when they are the same one, so comparing props costs nothing
/// however many spans there are.
#[derive(Clone, Debug, Default)]
pub struct Recording(Rc<Vec<Trace>>);

impl Recording {
    /// Adds a finished mode; the copy this makes happens once per mode, not per render.
    pub fn push(&mut self, trace: Trace) {
        Rc::make_mut(&mut self.0).push(trace);
    }

    /// These traces, then `more`'s: what the views draw. Where either is empty it is the other
    /// itself, so it stays equal to it.
    pub fn joined(&self, more: &Recording) -> Recording {
        match (self.is_empty(), more.is_empty()) {
            (_, true) => self.clone(),
            (true, false) => more.clone(),
            _ => Recording(Rc::new(self.iter().chain(more.iter()).cloned().collect())),
        }
    }

    /// The span a timeline bar stands for: its section's trace, its index there.
    pub fn span_at(&self, (section, span): (usize, usize)) -> Option<&Span> {
        self.get(section).and_then(|t| t.spans.get(span))
    }
}

impl PartialEq for Recording {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Recording {
    type Target = [Trace];

    fn deref(&self) -> &[Trace] {
        &self.0
    }
}

/// The mode running now: what the timeline draws as it happens.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveMode {
    pub mode: Mode,
    /// The pool size it runs with.
    pub threads: usize,
    pub recorder: SharedRecorder,
    /// The lanes it will show, which its picture has room for from the start.
    pub expected: Expected,
}
