use super::axis::Unit;
use super::*;

use crate::testing::{close, span as s};

mod band;
mod markers;

fn cpu(lane: Lane, start: f64, end: f64) -> Span {
    s(lane, 0, SpanKind::Cpu, start, end)
}

fn finished(mode: Mode, spans: &[Span], wall: f64) -> Section<'_> {
    Section {
        mode,
        spans,
        wall_ms: Some(wall),
        now_ms: wall,
        tasks: 2,
        threads: 2,
        source: &crate::run::trace::Source::Browser,
        deadlock_ms: None,
    }
}

/// A width whose plot is exactly 1000 px, so 1 px is a thousandth of the view.
const W1000: f64 = 1000.0 + LABEL_W + RIGHT_PAD;

/// The number in a tick label, in ms.
fn tick_ms(text: &str) -> f64 {
    let (n, unit) = text.split_once(' ').expect("number and unit");
    let n: f64 = n.parse().expect("a number");
    match unit {
        "µs" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        u => panic!("unknown unit {u}"),
    }
}

#[test]
fn ticks_are_round_numbers() {
    assert_eq!(tick_step(1000.0, 10.0), 100.0);
    assert_eq!(tick_step(730.0, 8.0), 100.0);
    assert_eq!(tick_step(12.0, 8.0), 2.0);
    assert_eq!(tick_step(0.3, 5.0), 0.1);
    assert_eq!(Unit::Millis.label(0.30000000000000004, 0.1), "0.3 ms");
    assert_eq!(Unit::Millis.label(-0.0, 0.1), "0 ms");
    assert_eq!(Unit::Millis.label(100.0, 20.0), "100 ms");
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
            source: &crate::run::trace::Source::Browser,
            deadlock_ms: None,
        },
        Section {
            mode: Mode::Threads,
            spans: &thr,
            wall_ms: None,
            now_ms: 100.0,
            tasks: 2,
            threads: 2,
            source: &crate::run::trace::Source::Browser,
            deadlock_ms: None,
        },
    ];
    let l = layout(&sections, W1000, None);
    assert_eq!(l.span_ms, 200.0);
    assert_eq!(l.view, Viewport::fit(200.0));
    assert_eq!(l.full, l.view);
    assert_eq!(l.bars.len(), 3);
    assert!(l.marks.is_empty());
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
    assert_eq!((l.bars[2].section, l.bars[2].span), (1, 1));
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
        source: &crate::run::trace::Source::Browser,
        deadlock_ms: None,
    }];
    let l = layout(&sections, 500.0, None);
    let waits: Vec<&Bar> = l.bars.iter().filter(|b| b.style == BarStyle::Io).collect();
    assert_eq!(waits.len(), 2);
    assert!(waits[1].y > waits[0].y, "each task's wait has its own row");
    assert!(waits[1].w > waits[0].w, "the open wait runs until now");
    let cpu = l.bars.iter().find(|b| b.style == BarStyle::Cpu).unwrap();
    assert!(cpu.w >= 1.0, "short spans are still drawn");
    assert!(cpu.y + cpu.h <= waits[0].y);
}

#[test]
fn a_zoomed_view_culls_outside_bars_and_clips_partial_ones() {
    let w0 = Lane::Worker(0);
    let spans = [
        cpu(w0, 0.0, 10.0),   // before the view
        cpu(w0, 20.0, 50.0),  // runs in from the left
        cpu(w0, 45.0, 55.0),  // inside
        cpu(w0, 60.0, 100.0), // runs out to the right
        cpu(w0, 90.0, 100.0), // after the view
    ];
    let sections = [finished(Mode::Sequential, &spans, 100.0)];
    let view = Viewport {
        start_ms: 30.0,
        end_ms: 70.0,
    };
    let l = layout(&sections, W1000, Some(view));
    assert_eq!(l.view, view);
    assert_eq!(l.full, Viewport::fit(100.0));
    let got: Vec<(usize, f64, f64)> = l.bars.iter().map(|b| (b.span, b.x, b.w)).collect();
    let right = W1000 - RIGHT_PAD;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, 1);
    assert!(close(got[0].1, LABEL_W) && close(got[0].2, 500.0));
    assert_eq!(got[1].0, 2);
    assert!(close(got[1].1, LABEL_W + 375.0) && close(got[1].2, 250.0));
    assert_eq!(got[2].0, 3);
    assert!(close(got[2].1, LABEL_W + 750.0) && close(got[2].1 + got[2].2, right));
    assert!(l.marks.is_empty());
}

#[test]
fn tick_labels_adapt_to_the_width_shown() {
    let spans = [cpu(Lane::Worker(0), 0.0, 30_000.0)];
    let sections = [finished(Mode::Sequential, &spans, 30_000.0)];
    let cases = [
        (0.2, 0.9, "µs", "500 µs"),
        (0.0, 3.0, "ms", "1.5 ms"),
        (100.0, 400.0, "ms", "200 ms"),
        (0.0, 30_000.0, "s", "25 s"),
        (1000.2, 1000.7, "µs", "1000500 µs"),
    ];
    for (start_ms, end_ms, unit, sample) in cases {
        let view = Viewport { start_ms, end_ms };
        let l = layout(&sections, W1000, Some(view));
        let texts: Vec<&str> = l.ticks.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.len() >= 3, "{texts:?}");
        assert!(
            texts.iter().all(|t| t.ends_with(&format!(" {unit}"))),
            "{texts:?}"
        );
        assert!(texts.contains(&sample), "{sample} not in {texts:?}");
        let values: Vec<f64> = texts.iter().map(|t| tick_ms(t)).collect();
        assert!(values.windows(2).all(|p| p[0] < p[1]), "{texts:?}");
        assert!(values[0] >= start_ms - 1e-9, "{texts:?}");
        let step = values[1] - values[0];
        assert!(
            values[0] - start_ms < step,
            "the first multiple of the step"
        );
        assert!(l.ticks.iter().all(|t| t.x >= LABEL_W && t.x <= W1000));
        assert!(l.ticks.windows(2).all(|p| p[0].x < p[1].x));
    }
}

/// Bars, marks and bands together stand for every span in view, once (twice for the GIL row).
pub(super) fn drawn(l: &Layout) -> usize {
    l.bars.len()
        + l.marks.iter().map(|m| m.count).sum::<usize>()
        + l.bands.iter().map(|b| b.spans).sum::<usize>()
}

#[test]
fn sub_pixel_spans_become_density_marks() {
    let spans: Vec<Span> = (0..10_000)
        .map(|i| cpu(Lane::Worker(0), i as f64 * 0.01, (i + 1) as f64 * 0.01))
        .collect();
    let sections = [finished(Mode::Sequential, &spans, 100.0)];
    let width = 1000.0;
    let l = layout(&sections, width, None);
    assert!(l.bars.is_empty(), "{} bars", l.bars.len());
    assert!(
        !l.marks.is_empty() && l.marks.len() <= 500,
        "{}",
        l.marks.len()
    );
    assert_eq!(drawn(&l), 10_000);
    for m in &l.marks {
        assert!(m.w >= MARK_W);
        assert!(
            m.x >= LABEL_W && m.x + m.w <= width - RIGHT_PAD + 1e-9,
            "{m:?}"
        );
        assert_eq!((m.y, m.h), (HEADER_H, LANE_H));
    }
    // Zoomed in on a tenth of a millisecond the same spans are bars again.
    let view = Viewport {
        start_ms: 50.0,
        end_ms: 50.1,
    };
    let l = layout(&sections, width, Some(view));
    let shown = spans
        .iter()
        .filter(|s| s.end > 50.0 && s.start < 50.1)
        .count();
    assert_eq!(drawn(&l), shown);
    assert!(l.bars.len() >= 9, "{}", l.bars.len());
}

#[test]
fn hits_find_the_topmost_bar_and_nothing_in_gaps() {
    let w0 = Lane::Worker(0);
    let spans = [
        cpu(w0, 0.0, 60.0),
        cpu(w0, 40.0, 100.0),
        cpu(Lane::Worker(1), 0.0, 20.0),
    ];
    let gil = [cpu(w0, 0.0, 30.0), cpu(Lane::Worker(1), 30.0, 50.0)];
    let sections = [
        finished(Mode::Threads, &spans, 100.0),
        finished(Mode::Gil, &gil, 100.0),
    ];
    let l = layout(&sections, W1000, None);
    let x_at = |t: f64| LABEL_W + t * 10.0;
    let row = |section: usize, span: usize| {
        l.bars
            .iter()
            .find(|b| (b.section, b.span) == (section, span))
            .map(|b| b.y + b.h / 2.0)
            .expect("a bar")
    };
    assert_eq!(hit(&l, x_at(10.0), row(0, 0)), Some((0, 0)));
    assert_eq!(
        hit(&l, x_at(50.0), row(0, 0)),
        Some((0, 1)),
        "later is on top"
    );
    assert_eq!(hit(&l, x_at(80.0), row(0, 1)), Some((0, 1)));
    assert_eq!(hit(&l, x_at(10.0), row(0, 2)), Some((0, 2)));
    assert_eq!(hit(&l, x_at(50.0), row(0, 2)), None, "a gap on worker 1");
    assert_eq!(hit(&l, 10.0, row(0, 0)), None, "the label column");
    // The GIL-holder row and the lane both lead back to the same span.
    let holder = l
        .bars
        .iter()
        .find(|b| b.section == 1 && b.h == GIL_ROW_H)
        .unwrap();
    assert_eq!(hit(&l, x_at(40.0), holder.y + holder.h / 2.0), Some((1, 1)));
    assert_eq!(hit(&l, x_at(40.0), l.stats[1].y + 1.0), None);
    // The step's first slice ended in a hand-over, measured, in the GIL section's header only.
    assert!(
        l.headers[1]
            .text
            .ends_with("GIL hand-overs: 1 (10/s), median slice 30.00 ms"),
        "{}",
        l.headers[1].text
    );
    assert!(!l.headers[0].text.contains("GIL"));
}

#[test]
fn each_section_gets_a_stats_strip_under_its_lanes() {
    let thr = [
        cpu(Lane::Worker(0), 0.0, 100.0),
        cpu(Lane::Worker(1), 0.0, 50.0),
    ];
    let seq = [cpu(Lane::Worker(0), 0.0, 40.0)];
    let sections = [
        finished(Mode::Threads, &thr, 100.0),
        Section {
            wall_ms: None,
            now_ms: 80.0,
            ..finished(Mode::Sequential, &seq, 0.0)
        },
    ];
    let l = layout(&sections, W1000, None);
    assert_eq!(l.stats.len(), 2);
    let st = &l.stats[0];
    assert_eq!(st.h, STATS_H);
    assert_eq!(st.max_concurrency, 2);
    assert_eq!(st.utilisation[0], ("worker 0".to_string(), 1.0));
    assert_eq!(st.utilisation[1], ("worker 1".to_string(), 0.5));
    assert!(l
        .bars
        .iter()
        .filter(|b| b.section == 0)
        .all(|b| b.y + b.h <= st.y));
    assert!(st.y + st.h < l.headers[1].y);
    let points = &st.concurrency;
    assert_eq!(points.first().map(|p| p.0), Some(LABEL_W));
    assert_eq!(points.last().map(|p| p.0), Some(W1000 - RIGHT_PAD));
    let top = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    assert!(close(top, st.y + 3.0), "two at once reaches the top");
    assert!(points.iter().all(|p| p.1 >= st.y && p.1 <= st.y + st.h));
    // Still running: utilisation is over the time so far.
    assert_eq!(l.stats[1].utilisation, vec![("worker 0".to_string(), 0.5)]);
    assert!(l.stats[1].y + STATS_H <= l.axis_y);
}

#[test]
fn the_concurrency_line_stays_short_but_keeps_its_peaks() {
    // 10,000 changes between 1 and 2 in the first millisecond of a 100 ms view.
    let mut spans = vec![cpu(Lane::Worker(0), 0.0, 100.0)];
    spans.extend((0..5_000).map(|i| {
        let t = i as f64 * 2e-4;
        cpu(Lane::Worker(1), t, t + 1e-4)
    }));
    let sections = [finished(Mode::Threads, &spans, 100.0)];
    let l = layout(&sections, W1000, None);
    let st = &l.stats[0];
    assert_eq!(st.max_concurrency, 2);
    let points = st.concurrency.len();
    // At most four points per half-pixel column where it changes: 1 ms is 10 px here.
    assert!(points <= 4 * 2 * 11 + 4, "{points} points");
    assert!(st.concurrency.iter().any(|p| close(p.1, st.y + 3.0)));
    assert_eq!(drawn(&l), spans.len());
}

#[test]
fn a_running_mode_stretches_the_axis_in_steps() {
    let spans = [cpu(Lane::Worker(0), 0.0, f64::NAN)];
    let running = |now_ms| Section {
        wall_ms: None,
        now_ms,
        ..finished(Mode::Threads, &spans, 0.0)
    };
    assert_eq!(span_of(&[running(130.0)]), 160.0);
    assert_eq!(span_of(&[running(160.0)]), 160.0);
    assert_eq!(span_of(&[running(0.7)]), 1.0, "never shorter than 1 ms");
    // Three redraws between 101 and 125 ms share one axis, so the modes above keep theirs.
    let axes: Vec<f64> = [101.0, 110.0, 125.0]
        .map(|now| span_of(&[running(now)]))
        .to_vec();
    assert_eq!(axes, [125.0; 3]);
    let done = [cpu(Lane::Worker(0), 0.0, 300.0)];
    assert_eq!(
        span_of(&[finished(Mode::Sequential, &done, 300.0), running(130.0)]),
        300.0,
        "a longer finished mode sets the axis"
    );
}

/// `above` and `below` as one picture.
fn joined(mut above: Layout, below: Layout) -> Layout {
    above.headers.extend(below.headers);
    above.lane_labels.extend(below.lane_labels);
    above.bars.extend(below.bars);
    above.marks.extend(below.marks);
    above.bands.extend(below.bands);
    above.stats.extend(below.stats);
    Layout {
        height: below.height,
        ticks: below.ticks,
        axis_y: below.axis_y,
        ..above
    }
}

#[test]
fn a_picture_laid_out_in_two_parts_is_the_whole_picture() {
    let seq = [
        cpu(Lane::Worker(0), 0.0, 120.0),
        s(Lane::MainLoop, 1, SpanKind::Io, 10.0, 50.0),
    ];
    let thr = [
        cpu(Lane::Worker(0), 0.0, 60.0),
        cpu(Lane::Worker(1), 0.0, f64::NAN),
    ];
    let mut live = finished(Mode::Threads, &thr, 0.0);
    (live.wall_ms, live.now_ms) = (None, 70.0);
    let sections = [finished(Mode::Sequential, &seq, 120.0), live];
    let whole = layout(&sections, W1000, None);
    let span_ms = span_of(&sections);
    let part = |first, top| Part {
        first,
        top,
        span_ms,
    };
    let above = layout_part(&sections[..1], part(0, 0.0), W1000, None);
    let below = layout_part(&sections, part(1, above.axis_y), W1000, None);
    assert_eq!(
        below.bars[0].section, 1,
        "bars name their section in the whole"
    );
    assert_eq!(joined(above, below), whole);
}
