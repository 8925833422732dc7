//! The plot's geometry: where a time is drawn, and how a span becomes a bar or a sub-pixel mark.

use super::density::SubPixel;
use super::{Bar, Viewport, LABEL_W, RIGHT_PAD};
use crate::run::trace::{Span, SpanKind};

/// How wide a crash's mark is drawn, in CSS pixels.
const CRASH_W: f64 = 10.0;

/// Where the plot is on screen and which time it shows.
#[derive(Clone, Copy, Debug)]
pub(super) struct Plot {
    pub(super) view: Viewport,
    pub(super) left: f64,
    pub(super) right: f64,
}

impl Plot {
    pub(super) fn new(view: Viewport, width: f64) -> Self {
        Plot {
            view,
            left: LABEL_W,
            right: LABEL_W + (width - LABEL_W - RIGHT_PAD).max(10.0),
        }
    }

    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }

    /// Where time `t` is, held inside the plot.
    pub(super) fn x_of(&self, t: f64) -> f64 {
        let x = self.left + (t - self.view.start_ms) / self.view.width_ms() * self.width();
        x.clamp(self.left, self.right)
    }

    /// Whether any of the span from `start` to `end` is in view; a span of no length counts
    /// where it is, edges included.
    pub(super) fn shows(&self, start: f64, end: f64) -> bool {
        let v = self.view;
        if end > start {
            end > v.start_ms && start < v.end_ms
        } else {
            start >= v.start_ms && start <= v.end_ms
        }
    }
}

/// Bars and sub-pixel spans as they are placed.
pub(super) struct Rows {
    pub(super) plot: Plot,
    pub(super) bars: Vec<Bar>,
    pub(super) sub_pixel: Vec<SubPixel>,
}

impl Rows {
    /// A bar for a span of `section`, clipped to the plot; a sub-pixel span for later if it
    /// would be narrower than a pixel; nothing if it is out of view.
    pub(super) fn place(
        &mut self,
        section: usize,
        span: usize,
        s: &Span,
        end: f64,
        y: f64,
        h: f64,
    ) {
        let end = end.max(s.start);
        if !self.plot.shows(s.start, end) {
            return;
        }
        let x0 = self.plot.x_of(s.start);
        // A crash is a moment: a mark wide enough to see and to point at, centred on it.
        let (x0, x1) = match s.kind {
            SpanKind::Crash => (x0 - CRASH_W / 2.0, x0 + CRASH_W / 2.0),
            _ => (x0, self.plot.x_of(end)),
        };
        if x1 - x0 >= 1.0 {
            self.bars.push(Bar {
                x: x0,
                y,
                w: x1 - x0,
                h,
                task: s.task,
                style: s.kind,
                section,
                span,
            });
        } else {
            self.sub_pixel.push(SubPixel { x: x0, y, h });
        }
    }
}
