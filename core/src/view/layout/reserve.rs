//! The room a running mode's section will need once all its lanes have appeared, given to it
//! from its first frame. A lane appearing mid-run made the live canvas taller, and the page
//! under it moved: a relayout and a repaint of the whole page, committed with every canvas, in
//! a frame that took a cooperative run ~12 ms of its own thread at its first live tick, ~3 ms
//! more than the same frame once the room was kept (traced).

use super::{waits_height, AXIS_H, GIL_ROW_H, HEADER_H, LANE_GAP, LANE_H, SECTION_GAP, STATS_H};
use crate::run::mode::Mode;

/// The lanes a running mode will show. At most what it shows: a blank strip under a run that
/// used fewer is drawn away when it ends, which moves the page then, not while it is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    pub lanes: usize,
    /// Whether the main loop's lane gets its wait rows, one per task and a band for those
    /// past the rows: every task waits there for its first turn, as `gather` starts it, or
    /// before each slice.
    pub wait_rows: bool,
}

impl Expected {
    /// For `mode` running `tasks` tasks on a pool of `threads`.
    pub fn of(mode: Mode, threads: usize, tasks: usize) -> Self {
        match mode {
            Mode::Cooperative => Expected {
                lanes: tasks.min(1),
                wait_rows: tasks > 0,
            },
            Mode::Sequential => Expected {
                lanes: tasks.min(1),
                wait_rows: false,
            },
            Mode::Threads | Mode::Gil | Mode::Processes => Expected {
                lanes: tasks.min(threads.max(1)),
                wait_rows: false,
            },
        }
    }

    /// From the section's top to the bottom of the axis under it, as `layout_part` lays out
    /// a running `mode` (measured in this browser) whose expected lanes have all appeared.
    pub fn height(self, mode: Mode, tasks: usize) -> f64 {
        let gil_row = match mode {
            Mode::Gil => GIL_ROW_H + LANE_GAP,
            _ => 0.0,
        };
        let wait_rows = match self.wait_rows {
            true => waits_height(tasks),
            false => 0.0,
        };
        let lanes = self.lanes as f64 * (LANE_H + LANE_GAP) + wait_rows;
        HEADER_H + gil_row + lanes + STATS_H + SECTION_GAP + AXIS_H
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::trace::{Lane, Source, Span, SpanKind};
    use crate::testing::span;
    use crate::view::layout::{layout_part, Part, Section};

    /// The height `layout_part` gives a running `mode` with these spans, from its top.
    fn laid_out(mode: Mode, threads: usize, tasks: usize, spans: &[Span]) -> f64 {
        let top = 130.0;
        let section = Section {
            mode,
            spans,
            wall_ms: None,
            now_ms: 50.0,
            tasks,
            threads,
            source: &Source::Browser,
            deadlock_ms: None,
        };
        let part = Part {
            first: 0,
            top,
            span_ms: 100.0,
        };
        layout_part(&[section], part, 800.0, None).height - top
    }

    fn cpu(lane: Lane, task: u32) -> Span {
        span(lane, task, SpanKind::Cpu, 0.0, 10.0)
    }

    #[test]
    fn the_room_kept_is_what_the_layout_takes_once_every_lane_has_appeared() {
        // The event loop: one lane, and a wait row per task.
        let e = Expected::of(Mode::Cooperative, 1, 3);
        assert_eq!(
            e,
            Expected {
                lanes: 1,
                wait_rows: true
            }
        );
        let turn = span(Lane::MainLoop, 1, SpanKind::Yield, 0.0, 10.0);
        let spans = [turn, cpu(Lane::MainLoop, 0)];
        assert_eq!(
            e.height(Mode::Cooperative, 3),
            laid_out(Mode::Cooperative, 1, 3, &spans)
        );

        // A pool: whichever of its threads the lanes turn out to be, and the GIL's row.
        let spans = [cpu(Lane::Worker(0), 0), cpu(Lane::Worker(3), 1)];
        for mode in [Mode::Threads, Mode::Gil] {
            let e = Expected::of(mode, 2, 4);
            assert_eq!(
                e,
                Expected {
                    lanes: 2,
                    wait_rows: false
                }
            );
            assert_eq!(e.height(mode, 4), laid_out(mode, 2, 4, &spans));
        }
        let spans = [cpu(Lane::Worker(2), 0)];
        let e = Expected::of(Mode::Sequential, 4, 4);
        assert_eq!(
            e.height(Mode::Sequential, 4),
            laid_out(Mode::Sequential, 1, 4, &spans)
        );
        let io = span(Lane::Process(1), 1, SpanKind::Io, 10.0, 20.0);
        let spans = [cpu(Lane::Process(0), 0), io];
        let e = Expected::of(Mode::Processes, 2, 4);
        assert_eq!(
            e.height(Mode::Processes, 4),
            laid_out(Mode::Processes, 2, 4, &spans)
        );
    }

    #[test]
    fn a_pool_larger_than_the_work_keeps_room_only_for_the_tasks() {
        assert_eq!(Expected::of(Mode::Threads, 8, 2).lanes, 2);
        assert_eq!(Expected::of(Mode::Sequential, 8, 0), Expected::default());
        assert_eq!(Expected::of(Mode::Cooperative, 1, 0), Expected::default());
    }
}
