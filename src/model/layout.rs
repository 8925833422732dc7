//! Where everything goes on the timeline, in CSS pixels. Pure, so the canvas code only paints
//! what this computes, and the geometry is tested natively.
//!
//! Modes are stacked on one shared time axis. Each lane is a row; on the main-loop lane the
//! waits of many tasks overlap, so they get a band of thin rows, one per task, under the CPU row.

use super::mode::Mode;
use super::trace::{lanes_of, Lane, Span, SpanKind};

pub const LABEL_W: f64 = 96.0;
pub const HEADER_H: f64 = 22.0;
pub const LANE_H: f64 = 22.0;
pub const GIL_ROW_H: f64 = 8.0;
pub const LANE_GAP: f64 = 4.0;
pub const WAIT_ROW_H: f64 = 4.0;
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
}

pub use super::trace::SpanKind as BarStyle;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub task: u32,
    pub style: BarStyle,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The time at the right edge of the plot.
    pub span_ms: f64,
    pub headers: Vec<Label>,
    pub lane_labels: Vec<Label>,
    pub bars: Vec<Bar>,
    /// Tick positions and their labels, along the axis at the bottom.
    pub ticks: Vec<Label>,
    /// Where the axis line is drawn.
    pub axis_y: f64,
}

/// A round step (1, 2 or 5 × 10ⁿ) that puts about `target` ticks across `span`.
pub fn tick_step(span: f64, target: f64) -> f64 {
    let raw = (span / target.max(1.0)).max(1e-6);
    let pow = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow)
}

fn lane_height(lane: Lane, tasks: usize, has_waits: bool) -> f64 {
    match lane {
        Lane::MainLoop if has_waits => LANE_H + tasks as f64 * WAIT_ROW_H,
        _ => LANE_H,
    }
}

pub fn layout(sections: &[Section<'_>], width: f64) -> Layout {
    let span_ms = sections
        .iter()
        .map(|s| s.wall_ms.unwrap_or(s.now_ms))
        .fold(1.0, f64::max);
    let plot_w = (width - LABEL_W - 8.0).max(10.0);
    let x_of = |ms: f64| LABEL_W + ms / span_ms * plot_w;
    let mut out = Layout {
        width,
        span_ms,
        ..Default::default()
    };
    let mut y = 0.0;
    for section in sections {
        let state = match section.wall_ms {
            Some(w) => format!("{w:.0} ms"),
            None => "running…".into(),
        };
        out.headers.push(Label {
            x: 4.0,
            y,
            text: if section.mode.has_pool_size() {
                format!(
                    "{} (pool {}) · {} — {}",
                    section.mode.label(),
                    section.threads,
                    section.mode.python(),
                    state
                )
            } else {
                format!(
                    "{} · {} — {}",
                    section.mode.label(),
                    section.mode.python(),
                    state
                )
            },
        });
        y += HEADER_H;
        if section.mode == Mode::Gil {
            // Who holds the GIL at each moment: every CPU slice, from whichever worker.
            out.lane_labels.push(Label {
                x: 4.0,
                y: y + GIL_ROW_H / 2.0,
                text: "GIL holder".into(),
            });
            for s in section.spans.iter().filter(|s| s.kind == SpanKind::Cpu) {
                let end = if s.is_open() {
                    section.now_ms.max(s.start)
                } else {
                    s.end
                };
                out.bars.push(Bar {
                    x: x_of(s.start),
                    y,
                    w: (x_of(end) - x_of(s.start)).max(1.0),
                    h: GIL_ROW_H,
                    task: s.task,
                    style: BarStyle::Cpu,
                });
            }
            y += GIL_ROW_H + LANE_GAP;
        }
        for lane in lanes_of(section.spans) {
            let on_lane = || section.spans.iter().filter(move |s| s.lane == lane);
            let has_waits = on_lane().any(|s| s.kind == SpanKind::Io);
            let h = lane_height(lane, section.tasks, has_waits);
            out.lane_labels.push(Label {
                x: 4.0,
                y: y + LANE_H / 2.0,
                text: lane.name(),
            });
            for s in on_lane() {
                let end = if s.is_open() {
                    section.now_ms.max(s.start)
                } else {
                    s.end
                };
                let (bar_y, bar_h) = match (lane, s.kind) {
                    (Lane::MainLoop, SpanKind::Io) => {
                        let row = s.task as usize % section.tasks.max(1);
                        (y + LANE_H + row as f64 * WAIT_ROW_H, WAIT_ROW_H - 1.0)
                    }
                    // Waiting for the lock or for a message is thinner than doing something.
                    (_, SpanKind::GilWait) => (y + LANE_H * 0.25, LANE_H * 0.5),
                    (_, SpanKind::Message) => (y + LANE_H * 0.6, LANE_H * 0.4),
                    _ => (y, LANE_H),
                };
                out.bars.push(Bar {
                    x: x_of(s.start),
                    y: bar_y,
                    // Never thinner than a pixel, so that short spans stay visible.
                    w: (x_of(end) - x_of(s.start)).max(1.0),
                    h: bar_h,
                    task: s.task,
                    style: s.kind,
                });
            }
            y += h + LANE_GAP;
        }
        y += SECTION_GAP;
    }
    out.axis_y = y;
    let step = tick_step(span_ms, (plot_w / 90.0).floor());
    let mut t = 0.0;
    while t <= span_ms + step * 1e-9 {
        out.ticks.push(Label {
            x: x_of(t),
            y,
            text: format!("{} ms", round_label(t)),
        });
        t += step;
    }
    out.height = y + AXIS_H;
    out
}

fn round_label(t: f64) -> String {
    let s = format!("{t:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(lane: Lane, task: u32, kind: SpanKind, start: f64, end: f64) -> Span {
        Span {
            lane,
            task,
            step: 0,
            kind,
            start,
            end,
        }
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(tick_step(1000.0, 10.0), 100.0);
        assert_eq!(tick_step(730.0, 8.0), 100.0);
        assert_eq!(tick_step(12.0, 8.0), 2.0);
        assert_eq!(tick_step(0.3, 5.0), 0.1);
        assert_eq!(round_label(0.30000000000000004), "0.3");
    }

    #[test]
    fn modes_share_one_axis_so_lengths_compare() {
        let seq = [s(Lane::Worker(0), 0, SpanKind::Cpu, 0.0, 200.0)];
        let thr = [
            s(Lane::Worker(0), 0, SpanKind::Cpu, 0.0, 100.0),
            s(Lane::Worker(1), 1, SpanKind::Cpu, 0.0, 100.0),
        ];
        let sections = [
            Section {
                mode: Mode::Sequential,
                spans: &seq,
                wall_ms: Some(200.0),
                now_ms: 200.0,
                tasks: 2,
                threads: 2,
            },
            Section {
                mode: Mode::Threads,
                spans: &thr,
                wall_ms: None,
                now_ms: 100.0,
                tasks: 2,
                threads: 2,
            },
        ];
        let l = layout(&sections, 1000.0 + LABEL_W + 8.0);
        assert_eq!(l.span_ms, 200.0);
        assert_eq!(l.bars.len(), 3);
        assert!((l.bars[0].w - 1000.0).abs() < 1e-9);
        assert!(
            (l.bars[1].w - 500.0).abs() < 1e-9,
            "half the time, half the width"
        );
        assert_eq!(
            l.headers[1].text,
            "threads (pool 2) · free threads — running…"
        );
        assert_eq!(l.lane_labels.len(), 3);
        assert!(
            l.bars[2].y > l.bars[1].y,
            "worker 1 is drawn below worker 0"
        );
        assert_eq!(l.ticks.first().map(|t| t.text.as_str()), Some("0 ms"));
        assert!(l
            .bars
            .iter()
            .all(|b| b.y + b.h <= l.axis_y && b.x + b.w <= l.width + 1e-9));
    }

    #[test]
    fn main_loop_waits_get_a_row_per_task_and_open_spans_run_to_now() {
        let spans = [
            s(Lane::MainLoop, 0, SpanKind::Io, 0.0, 50.0),
            s(Lane::MainLoop, 1, SpanKind::Io, 0.0, f64::NAN),
            s(Lane::MainLoop, 1, SpanKind::Cpu, 0.0, 1.0),
        ];
        let sections = [Section {
            mode: Mode::Cooperative,
            spans: &spans,
            wall_ms: None,
            now_ms: 80.0,
            tasks: 2,
            threads: 2,
        }];
        let l = layout(&sections, 500.0);
        let waits: Vec<&Bar> = l.bars.iter().filter(|b| b.style == BarStyle::Io).collect();
        assert_eq!(waits.len(), 2);
        assert!(waits[1].y > waits[0].y, "each task's wait has its own row");
        assert!(waits[1].w > waits[0].w, "the open wait runs until now");
        let cpu = l.bars.iter().find(|b| b.style == BarStyle::Cpu).unwrap();
        assert!(cpu.w >= 1.0, "tiny spans are still drawn");
        assert!(cpu.y + cpu.h <= waits[0].y);
    }
}
