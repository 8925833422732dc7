//! Where everything goes on the timeline, in CSS pixels. Pure, so the canvas code only paints
//! what this computes, and the geometry is tested natively.
//!
//! Modes are stacked on one shared time axis, of which a [`Viewport`] is shown. Each lane is a
//! row; on the main-loop lane the waits of many tasks overlap, so they get thin rows, one per
//! task, under the CPU row, and past [`MAX_WAIT_ROWS`] a [`Band`] that counts the other tasks
//! by state. Spans too short to see become [`DensityMark`]s, and under each mode a strip tells
//! how busy each lane was and how many tasks computed at once.

mod activity;
mod axis;
mod band;
mod density;
mod header;
mod plot;
#[cfg(test)]
mod proptests;
mod reserve;
#[cfg(test)]
mod tests;
mod viewport;

pub use activity::{concurrency_steps, lane_utilisation};
pub use axis::tick_step;
pub use band::{band_at, waits_height, Band, Reading, BAND_H, BAND_STATES, MAX_WAIT_ROWS};
pub use density::MARK_W;
pub use reserve::Expected;
pub use viewport::Viewport;

use crate::run::mode::Mode;
use crate::run::trace::{lanes_of, Lane, Source, Span, SpanKind};
use activity::section_stats;
use band::row_of;
use header::header;
use plot::{Plot, Rows};

pub const LABEL_W: f64 = 96.0;
/// Space kept free right of the plot.
pub const RIGHT_PAD: f64 = 8.0;
pub const HEADER_H: f64 = 22.0;
pub const LANE_H: f64 = 22.0;
pub const GIL_ROW_H: f64 = 8.0;
pub const LANE_GAP: f64 = 4.0;
pub const WAIT_ROW_H: f64 = 4.0;
/// The strip under each mode's lanes for utilisation and the concurrency line.
pub const STATS_H: f64 = 26.0;
pub const SECTION_GAP: f64 = 10.0;
pub const AXIS_H: f64 = 22.0;

/// One mode's spans, finished or still running.
pub struct Section<'a> {
    pub mode: Mode,
    pub spans: &'a [Span],
    /// The run's wall time, or `None` while it is still running.
    pub wall_ms: Option<f64>,
    /// Ms since this mode started; where open spans end for now.
    pub now_ms: f64,
    pub tasks: usize,
    /// The pool size the mode ran with.
    pub threads: usize,
    /// Who measured it: an imported CPython run is named as such.
    pub source: &'a Source,
    /// When a deadlock was found in this mode, marked on its lanes.
    pub deadlock_ms: Option<f64>,
}

impl<'a> Section<'a> {
    /// Where `s` ends in the picture: an open span runs until now.
    pub(crate) fn end_of(&self, s: &Span) -> f64 {
        if s.is_open() {
            self.now_ms.max(s.start)
        } else {
            s.end
        }
    }

    /// A finished mode, drawn to its wall time.
    pub fn finished(trace: &'a crate::run::trace::Trace, tasks: usize) -> Self {
        Section {
            mode: trace.mode,
            spans: &trace.spans,
            wall_ms: Some(trace.wall_ms),
            now_ms: trace.wall_ms,
            tasks,
            threads: trace.threads,
            source: &trace.source,
            deadlock_ms: trace.shared.deadlock.as_ref().map(|d| d.at_ms),
        }
    }
}

pub use crate::run::trace::SpanKind as BarStyle;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub task: u32,
    pub style: BarStyle,
    /// Which section the span is from.
    pub section: usize,
    /// The span's index in that section's spans.
    pub span: usize,
}

/// Spans narrower than a pixel in one 2-pixel bucket of one row, drawn as one mark.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityMark {
    pub x: f64,
    pub y: f64,
    /// At least [`MARK_W`].
    pub w: f64,
    pub h: f64,
    /// How many spans the mark stands for.
    pub count: usize,
}

/// The strip under one mode's lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionStats {
    pub y: f64,
    pub h: f64,
    /// Lane name and the share of the wall time it spent computing, in [0, 1], in lane order.
    pub utilisation: Vec<(String, f64)>,
    /// The points of a line of how many tasks computed at each moment in view, as steps in
    /// the strip, `max_concurrency` at its top and 0 at its bottom.
    pub concurrency: Vec<(f64, f64)>,
    /// The most tasks computing at once over the whole run, not only in view.
    pub max_concurrency: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The end of the longest mode: where the fitted view ends.
    pub span_ms: f64,
    /// The time shown, from the left to the right edge of the plot.
    pub view: Viewport,
    /// All of the time there is: the view that fits everything.
    pub full: Viewport,
    pub headers: Vec<Label>,
    pub lane_labels: Vec<Label>,
    /// In paint order; later bars are on top.
    pub bars: Vec<Bar>,
    pub marks: Vec<DensityMark>,
    /// The tasks past the wait rows of a main loop, counted by state.
    pub bands: Vec<Band>,
    /// One per section, in order.
    pub stats: Vec<SectionStats>,
    /// Moments marked across a mode's lanes, such as the deadlock found.
    pub markers: Vec<Marker>,
    /// Tick positions and their labels, along the axis at the bottom.
    pub ticks: Vec<Label>,
    /// Where the axis line is drawn.
    pub axis_y: f64,
}

/// A moment marked across a mode's lanes, from `top` to `bottom`, named by `text` in the
/// mode's header row at `label_y`, where no bar is.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
    pub label_y: f64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

impl Layout {
    /// Where time `t` is drawn, or `None` when it is outside the view.
    pub fn x_at(&self, t: f64) -> Option<f64> {
        let plot = Plot::new(self.view, self.width);
        self.view.contains(t).then(|| plot.x_of(t))
    }

    /// The time at horizontal position `x`, held inside the view.
    pub fn time_at(&self, x: f64) -> f64 {
        let plot = Plot::new(self.view, self.width);
        let t = self.view.start_ms + (x - plot.left) / plot.width() * self.view.width_ms();
        t.clamp(self.view.start_ms, self.view.end_ms)
    }
}

fn lane_height(lane: Lane, tasks: usize, has_waits: bool) -> f64 {
    match lane {
        Lane::MainLoop if has_waits => LANE_H + waits_height(tasks),
        _ => LANE_H,
    }
}

/// The time every section is drawn against: the end of the longest mode. A running mode counts
/// with its time so far rounded up a step of about a quarter, so that while it runs the axis,
/// and every finished mode drawn on it, changes a few times rather than on every redraw.
pub fn span_of(sections: &[Section<'_>]) -> f64 {
    sections
        .iter()
        .map(|s| s.wall_ms.unwrap_or_else(|| round_up(s.now_ms)))
        .fold(1.0, f64::max)
}

/// The smallest of 1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.4, 8 × 10ⁿ that is at least `t`.
fn round_up(t: f64) -> f64 {
    if !(t.is_finite() && t > 0.0) {
        return t;
    }
    let pow = 10f64.powi(axis::decade_exp(t));
    [1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.4, 8.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|v| *v >= t)
        .unwrap_or(10.0 * pow)
}

/// Everything in `sections`, `width` pixels wide, showing `view` of the time (all of it when
/// `None`).
pub fn layout(sections: &[Section<'_>], width: f64, view: Option<Viewport>) -> Layout {
    let part = Part {
        first: 0,
        top: 0.0,
        span_ms: span_of(sections),
    };
    layout_part(sections, part, width, view)
}

/// Which sections a [`layout_part`] lays out, and on what axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    /// The first section laid out; those before it are only counted for indices.
    pub first: usize,
    /// Where the first one starts.
    pub top: f64,
    /// The axis, as [`span_of`] all the sections of the picture gives it.
    pub span_ms: f64,
}

/// The sections from `part.first` on, placed as [`layout`] would place them in a picture whose
/// earlier sections end at `part.top`: the timeline paints a running mode apart from the
/// finished ones above it, which then need no repaint while it runs.
pub fn layout_part(
    sections: &[Section<'_>],
    part: Part,
    width: f64,
    view: Option<Viewport>,
) -> Layout {
    let span_ms = part.span_ms;
    let full = Viewport::fit(span_ms);
    let view = view.map_or(full, |v| v.sanitized(full));
    let plot = Plot::new(view, width);
    let mut rows = Rows {
        plot,
        bars: Vec::new(),
        sub_pixel: Vec::new(),
    };
    let mut out = Layout {
        width,
        span_ms,
        view,
        full,
        ..Default::default()
    };
    let mut y = part.top;
    for (si, section) in sections.iter().enumerate().skip(part.first) {
        out.headers.push(Label {
            x: 4.0,
            y,
            text: header(section),
        });
        y += HEADER_H;
        let lanes_top = y;
        // CPython's own trace says when each step ran, not who held its GIL.
        if section.mode == Mode::Gil && *section.source == Source::Browser {
            // Who holds the GIL at each moment: every CPU slice, from whichever worker.
            out.lane_labels.push(Label {
                x: 4.0,
                y: y + GIL_ROW_H / 2.0,
                text: "GIL holder".into(),
            });
            for (i, s) in section.spans.iter().enumerate() {
                if s.kind == SpanKind::Cpu {
                    rows.place(si, i, s, section.end_of(s), y, GIL_ROW_H);
                }
            }
            y += GIL_ROW_H + LANE_GAP;
        }
        for lane in lanes_of(section.spans) {
            y += place_lane(section, si, lane, y, &mut rows, &mut out) + LANE_GAP;
        }
        if let Some(t) = section.deadlock_ms.filter(|t| view.contains(*t)) {
            out.markers.push(Marker {
                x: plot.x_of(t),
                top: lanes_top,
                bottom: y - LANE_GAP,
                label_y: lanes_top - HEADER_H / 2.0,
                text: format!("deadlock found · {}", crate::view::figure::ms(t, 0)),
            });
        }
        out.stats.push(section_stats(section, &plot, y));
        y += STATS_H + SECTION_GAP;
    }
    out.bars = rows.bars;
    out.marks = density::merge(rows.sub_pixel, plot.left, plot.right);
    out.axis_y = y;
    out.ticks = axis::ticks(&plot, y);
    out.height = y + AXIS_H;
    out
}

/// One lane of section `si` from `y`: its label, its bars and, past the wait rows, its band.
/// Returns how tall it is.
fn place_lane(
    section: &Section<'_>,
    si: usize,
    lane: Lane,
    y: f64,
    rows: &mut Rows,
    out: &mut Layout,
) -> f64 {
    let on_lane = || {
        section
            .spans
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.lane == lane)
    };
    let has_waits = on_lane().any(|(_, s)| matches!(s.kind, SpanKind::Io | SpanKind::Yield));
    let h = lane_height(lane, section.tasks, has_waits);
    out.lane_labels.push(Label {
        x: 4.0,
        y: y + LANE_H / 2.0,
        text: lane.name(),
    });
    let mut band =
        band::Builder::new(si, section.tasks).filter(|_| lane == Lane::MainLoop && has_waits);
    for (i, s) in on_lane() {
        let end = section.end_of(s);
        let row = row_of(s.task, section.tasks);
        if let Some(band) = band.as_mut().filter(|_| row.is_none()) {
            band.add(s, end, &rows.plot);
        }
        let (bar_y, bar_h) = match (lane, s.kind) {
            // A task's waits and its turns-in-waiting never overlap: they share its row,
            // or, past the rows, are counted in the band.
            (Lane::MainLoop, SpanKind::Io | SpanKind::Yield) => match row {
                Some(row) => (y + LANE_H + row as f64 * WAIT_ROW_H, WAIT_ROW_H - 1.0),
                None => continue,
            },
            // Waiting for the lock or for a message is thinner than doing something.
            (_, SpanKind::GilWait | SpanKind::LockWait) => (y + LANE_H * 0.25, LANE_H * 0.5),
            (_, SpanKind::Message) => (y + LANE_H * 0.6, LANE_H * 0.4),
            _ => (y, LANE_H),
        };
        rows.place(si, i, s, end, bar_y, bar_h);
    }
    if let Some(band) = band {
        let top = y + LANE_H + MAX_WAIT_ROWS as f64 * WAIT_ROW_H;
        let band = band.finish(&rows.plot, top);
        out.lane_labels.push(Label {
            x: 4.0,
            // Its top stands for this many.
            y: top + LANE_H / 2.0,
            text: format!("+{} tasks", crate::view::figure::count(band.tasks)),
        });
        out.bands.push(band);
    }
    h
}

/// The span of the topmost bar under (`x`, `y`), as (section, span index); `None` in a gap.
pub fn hit(layout: &Layout, x: f64, y: f64) -> Option<(usize, usize)> {
    layout
        .bars
        .iter()
        .rev()
        .find(|b| x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)
        .map(|b| (b.section, b.span))
}
