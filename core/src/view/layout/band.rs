//! Past the wait rows that fit, the main loop's other tasks as one band: how many of them wait
//! on I/O, wait for their turn and compute at each moment, stacked and scaled to the band's
//! height (all of its tasks at its top). A lesson of thousands of tasks stays a few hundred
//! pixels tall and quick to draw, and no task is dropped: each is counted in the band, which
//! hover reads at any instant.
//!
//! One sweep over the spans' sorted starts and ends gives the counts as steps; each pixel
//! column of the plot then shows their average over the time it covers (the area is task-time,
//! so a crowd of short waits is not lost between columns), which keeps the picture O(width).

use super::plot::Plot;
use super::WAIT_ROW_H;
use crate::run::trace::{Span, SpanKind};
use crate::view::figure;

/// How many tasks get a wait row of their own: the old limit of a recipe's tasks, so every
/// lesson up to it looks as it did.
pub const MAX_WAIT_ROWS: usize = 64;
/// The band's height, under the last wait row.
pub const BAND_H: f64 = 48.0;
/// What the band counts, stacked from its bottom up.
pub const BAND_STATES: [SpanKind; 3] = [SpanKind::Io, SpanKind::Yield, SpanKind::Cpu];

/// The room under the main loop's CPU row for the waits of `tasks` tasks: a row each up to
/// [`MAX_WAIT_ROWS`], and the band for the rest. The layout and the room a running mode
/// reserves (`Expected`) both take it from here.
pub fn waits_height(tasks: usize) -> f64 {
    let rows = tasks.min(MAX_WAIT_ROWS) as f64 * WAIT_ROW_H;
    if tasks > MAX_WAIT_ROWS {
        rows + BAND_H
    } else {
        rows
    }
}

/// The wait row of `task` among `tasks`, or `None` when it is counted in the band.
pub(super) fn row_of(task: u32, tasks: usize) -> Option<usize> {
    let row = task as usize % tasks.max(1);
    (row < MAX_WAIT_ROWS).then_some(row)
}

/// The tasks past the wait rows of one section's main loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Which section it is in.
    pub section: usize,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub h: f64,
    /// How many tasks it stands for: its top.
    pub tasks: usize,
    /// How many of its waits are in view: drawn nowhere else, they are accounted for here.
    pub spans: usize,
    /// One filled outline per state with any time in view, in [`BAND_STATES`] order, each on
    /// the one below it.
    pub areas: Vec<(SpanKind, Vec<(f64, f64)>)>,
    /// From each time on, how many tasks are in each of [`BAND_STATES`], in time order.
    steps: Vec<(f64, [u32; 3])>,
}

/// What a band says at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub section: usize,
    pub t_ms: f64,
    pub tasks: usize,
    /// How many tasks are in each of [`BAND_STATES`].
    pub counts: [usize; 3],
}

impl Reading {
    /// "at 123.4 ms: 9,800 of 9,936 tasks waiting on I/O, 12 waiting their turn".
    pub fn text(&self) -> String {
        let words = ["waiting on I/O", "waiting their turn", "computing"];
        let mut parts = self
            .counts
            .iter()
            .zip(words)
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| (figure::count(*n), w));
        let of = format!("of {} tasks", figure::count(self.tasks));
        let said = match parts.next() {
            None => format!("none {of} waiting or computing"),
            Some((n, what)) => {
                let rest: String = parts.map(|(n, w)| format!(", {n} {w}")).collect();
                format!("{n} {of} {what}{rest}")
            }
        };
        format!("at {}: {said}", figure::ms(self.t_ms, 1))
    }
}

/// A band's spans as they are laid out.
pub(super) struct Builder {
    section: usize,
    tasks: usize,
    /// (time, +1 or −1, state)
    edges: Vec<(f64, i32, usize)>,
    spans: usize,
}

impl Builder {
    /// For `section`, whose main loop runs `tasks` tasks, if some of them go past the rows.
    pub(super) fn new(section: usize, tasks: usize) -> Option<Self> {
        (tasks > MAX_WAIT_ROWS).then(|| Builder {
            section,
            tasks: tasks - MAX_WAIT_ROWS,
            edges: Vec::new(),
            spans: 0,
        })
    }

    /// Counts `s`, ending at `end`, if it is one of the band's states; `plot` tells whether
    /// it is in view.
    pub(super) fn add(&mut self, s: &Span, end: f64, plot: &Plot) {
        let Some(state) = BAND_STATES.iter().position(|k| *k == s.kind) else {
            return;
        };
        let end = end.max(s.start);
        if !(s.start.is_finite() && end.is_finite()) {
            return;
        }
        // Its CPU work is also drawn on the lane's own row; its waits only here.
        if s.kind != SpanKind::Cpu && plot.shows(s.start, end) {
            self.spans += 1;
        }
        // A span of no length covers no instant (start inclusive, end exclusive, as replay's).
        if end > s.start {
            self.edges.push((s.start, 1, state));
            self.edges.push((end, -1, state));
        }
    }

    /// The band at `top`, across `plot`.
    pub(super) fn finish(mut self, plot: &Plot, top: f64) -> Band {
        self.edges.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut steps: Vec<(f64, [u32; 3])> = Vec::new();
        let mut open = [0i64; 3];
        for group in self.edges.chunk_by(|a, b| a.0 == b.0) {
            for &(_, delta, state) in group {
                open[state] += i64::from(delta);
            }
            let counts = open.map(|n| n.max(0) as u32);
            if steps.last().map_or([0; 3], |s| s.1) != counts {
                steps.push((group[0].0, counts));
            }
        }
        let mut band = Band {
            section: self.section,
            left: plot.left,
            right: plot.right,
            top,
            h: BAND_H,
            tasks: self.tasks,
            spans: self.spans,
            areas: Vec::new(),
            steps,
        };
        band.areas = band.outline(plot);
        band
    }
}

impl Band {
    /// How many tasks are in each state at `t_ms`.
    pub fn counts_at(&self, t_ms: f64) -> [usize; 3] {
        let i = self.steps.partition_point(|s| s.0 <= t_ms);
        i.checked_sub(1)
            .map_or([0; 3], |i| self.steps[i].1.map(|n| n as usize))
    }

    /// The average count of each state over each pixel column of the plot, in one pass over
    /// the steps.
    fn columns(&self, plot: &Plot) -> Vec<[f64; 3]> {
        let view = plot.view;
        let n = (plot.width().ceil() as usize).max(1);
        let dt = view.width_ms() / n as f64;
        let mut i = self.steps.partition_point(|s| s.0 <= view.start_ms);
        let mut now = i.checked_sub(1).map_or([0; 3], |i| self.steps[i].1);
        (0..n)
            .map(|c| {
                let (mut t, end) = (
                    view.start_ms + c as f64 * dt,
                    view.start_ms + (c + 1) as f64 * dt,
                );
                let mut sum = [0.0; 3];
                while let Some(&(at, next)) = self.steps.get(i).filter(|s| s.0 < end) {
                    for k in 0..3 {
                        sum[k] += f64::from(now[k]) * (at - t).max(0.0);
                    }
                    (t, now, i) = (at.max(t), next, i + 1);
                }
                for k in 0..3 {
                    sum[k] += f64::from(now[k]) * (end - t).max(0.0);
                }
                sum.map(|s| s / dt)
            })
            .collect()
    }

    /// Each state's area as a closed outline: its top edge left to right, then the top of the
    /// state under it right to left, both as steps one column wide.
    fn outline(&self, plot: &Plot) -> Vec<(SpanKind, Vec<(f64, f64)>)> {
        let columns = self.columns(plot);
        let col_w = plot.width() / columns.len() as f64;
        let bottom = self.top + self.h;
        let y_of =
            |n: f64| (bottom - n / self.tasks.max(1) as f64 * self.h).clamp(self.top, bottom);
        let mut below: Vec<f64> = vec![bottom; columns.len()];
        let mut sums = vec![0.0; columns.len()];
        let mut areas = Vec::new();
        for (k, kind) in BAND_STATES.into_iter().enumerate() {
            if columns.iter().all(|c| c[k] <= 0.0) {
                continue;
            }
            let above: Vec<f64> = columns
                .iter()
                .zip(&mut sums)
                .map(|(c, sum)| {
                    *sum += c[k];
                    y_of(*sum)
                })
                .collect();
            let mut points = steps_of(&above, plot.left, col_w);
            let mut under = steps_of(&below, plot.left, col_w);
            under.reverse();
            points.extend(under);
            areas.push((kind, points));
            below = above;
        }
        areas
    }
}

/// A line of one `y` per column from `left`, `w` wide each, as steps: a point where each run
/// of equal heights starts and ends.
fn steps_of(ys: &[f64], left: f64, w: f64) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for (c, &y) in ys.iter().enumerate() {
        if c == 0 || ys[c - 1] != y {
            points.push((left + c as f64 * w, y));
        }
        if ys.get(c + 1) != Some(&y) {
            points.push((left + (c + 1) as f64 * w, y));
        }
    }
    points
}

/// The reading of the band under (`x`, `y`), at the time `layout` shows there.
pub fn band_at(layout: &super::Layout, x: f64, y: f64) -> Option<Reading> {
    let band = layout
        .bands
        .iter()
        .find(|b| x >= b.left && x <= b.right && y >= b.top && y < b.top + b.h)?;
    let t_ms = layout.time_at(x);
    Some(Reading {
        section: band.section,
        t_ms,
        tasks: band.tasks,
        counts: band.counts_at(t_ms),
    })
}
