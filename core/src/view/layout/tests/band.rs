//! Thousands of tasks on the main loop: a row each up to the cap, the rest counted in a band.

use super::*;
use crate::view::figure;

/// `tasks` coroutines as `gather` runs them: each waits for its first turn, computes for a
/// moment, then waits 100 ms on I/O.
fn crowd(tasks: u32) -> Vec<Span> {
    (0..tasks)
        .flat_map(|k| {
            let turn = k as f64 * 0.005;
            [
                s(Lane::MainLoop, k, SpanKind::Yield, 0.0, turn),
                s(Lane::MainLoop, k, SpanKind::Cpu, turn, turn + 0.004),
                s(Lane::MainLoop, k, SpanKind::Io, turn + 0.004, turn + 100.0),
            ]
        })
        .collect()
}

fn cooperative(spans: &[Span], tasks: usize, wall_ms: f64) -> Section<'_> {
    Section {
        tasks,
        ..finished(Mode::Cooperative, spans, wall_ms)
    }
}

/// How many band tasks' spans of each state cover `t`, counted one by one.
fn brute_counts(spans: &[Span], t: f64, now: f64) -> [usize; 3] {
    BAND_STATES.map(|kind| {
        spans
            .iter()
            .filter(|s| s.task as usize >= MAX_WAIT_ROWS && s.kind == kind)
            .filter(|s| s.start <= t && t < if s.is_open() { now } else { s.end })
            .count()
    })
}

#[test]
fn the_band_counts_the_tasks_past_the_rows_in_each_state_at_every_time() {
    let spans = crowd(10_000);
    let l = layout(&[cooperative(&spans, 10_000, 150.0)], W1000, None);
    assert_eq!(l.bands.len(), 1);
    let band = &l.bands[0];
    assert_eq!(band.tasks, 10_000 - MAX_WAIT_ROWS);
    for t in [
        0.0, 0.33, 1.0, 10.0, 33.3, 49.99, 50.0, 60.0, 100.0, 120.0, 149.0,
    ] {
        assert_eq!(
            band.counts_at(t),
            brute_counts(&spans, t, 150.0),
            "at {t} ms"
        );
    }
    // Every wait of a band task is accounted for in it, and nowhere else.
    let waits = spans
        .iter()
        .filter(|s| s.task as usize >= MAX_WAIT_ROWS && s.kind != SpanKind::Cpu)
        .filter(|s| s.end > s.start || s.start == 0.0)
        .count();
    assert_eq!(band.spans, waits);
    // Hover reads it where the pointer is.
    let x = l.x_at(60.0).expect("in view");
    let r = band_at(&l, x, band.top + 1.0).expect("over the band");
    assert!((r.t_ms - 60.0).abs() < 0.2, "{r:?}");
    assert_eq!(r.counts, brute_counts(&spans, r.t_ms, 150.0));
    assert_eq!(
        r.text(),
        format!(
            "at {}: 9,936 of 9,936 tasks waiting on I/O",
            figure::ms(r.t_ms, 1)
        )
    );
    assert!(band_at(&l, x, band.top - 1.0).is_none(), "above it: a row");
    assert!(
        band_at(&l, 10.0, band.top + 1.0).is_none(),
        "the label column"
    );
}

#[test]
fn a_reading_says_how_many_of_the_band_are_in_each_state() {
    let r = Reading {
        section: 0,
        t_ms: 123.44,
        tasks: 9_936,
        counts: [9_800, 12, 0],
    };
    assert_eq!(
        r.text(),
        "at 123.4 ms: 9,800 of 9,936 tasks waiting on I/O, 12 waiting their turn"
    );
    let none = Reading {
        counts: [0; 3],
        ..r
    };
    assert_eq!(
        none.text(),
        "at 123.4 ms: none of 9,936 tasks waiting or computing"
    );
}

#[test]
fn ten_thousand_tasks_lay_out_small_with_no_more_rows_than_the_cap() {
    let spans = crowd(10_000);
    let l = layout(&[cooperative(&spans, 10_000, 150.0)], W1000, None);
    assert!(l.height < 600.0, "{}", l.height);
    let band = &l.bands[0];
    let waits: Vec<&Bar> = l
        .bars
        .iter()
        .filter(|b| matches!(b.style, BarStyle::Io | BarStyle::Yield))
        .collect();
    let mut rows: Vec<u64> = waits.iter().map(|b| b.y.to_bits()).collect();
    rows.sort_unstable();
    rows.dedup();
    assert!(rows.len() <= MAX_WAIT_ROWS, "{} rows", rows.len());
    assert!(waits.iter().all(|b| b.y + b.h <= band.top));
    assert!(
        l.bars.len() + l.marks.len() < 3_000,
        "{} bars, {} marks",
        l.bars.len(),
        l.marks.len()
    );
    assert!(l.lane_labels.iter().any(|t| t.text == "+9,936 tasks"));
    // O(width): two points per column at most, per edge.
    for (kind, points) in &band.areas {
        assert!(points.len() <= 4 * 1001, "{kind:?}: {}", points.len());
        for &(x, y) in points {
            let plot = LABEL_W - 1e-9..=W1000 - RIGHT_PAD + 1e-9;
            assert!(plot.contains(&x), "{x}");
            assert!(y >= band.top && y <= band.top + band.h, "{y}");
        }
    }
    // While every band task waits on I/O, its area fills the band.
    let io = &band
        .areas
        .iter()
        .find(|a| a.0 == SpanKind::Io)
        .expect("I/O")
        .1;
    assert!(io.iter().any(|p| close(p.1, band.top)));

    // Zoomed in on the first turns: still inside the plot, still the true counts.
    let view = Viewport {
        start_ms: 10.0,
        end_ms: 12.0,
    };
    let z = layout(&[cooperative(&spans, 10_000, 150.0)], W1000, Some(view));
    let band = &z.bands[0];
    let in_view = spans
        .iter()
        .filter(|s| s.task as usize >= MAX_WAIT_ROWS && s.kind != SpanKind::Cpu)
        .filter(|s| s.end > view.start_ms && s.start < view.end_ms)
        .count();
    assert_eq!(band.spans, in_view, "only the waits in view");
    let x = z.x_at(11.0).expect("in view");
    let r = band_at(&z, x, band.top + 2.0).expect("over the band");
    assert_eq!(r.counts, brute_counts(&spans, r.t_ms, 150.0));
    assert!(r.counts[0] > 0 && r.counts[1] > 0, "{r:?}");
}

#[test]
fn a_running_crowd_keeps_its_room_and_its_open_waits_end_now() {
    let tasks = 10_000;
    let mut spans = crowd(tasks as u32);
    for s in spans.iter_mut().filter(|s| s.kind == SpanKind::Io) {
        s.end = f64::NAN;
    }
    let mut live = cooperative(&spans, tasks, 0.0);
    (live.wall_ms, live.now_ms) = (None, 80.0);
    let l = layout(&[live], W1000, None);
    let band = &l.bands[0];
    assert_eq!(band.counts_at(79.0), brute_counts(&spans, 79.0, 80.0));
    assert_eq!(band.counts_at(81.0), [0; 3], "nothing is known past now");
    let expected = Expected::of(Mode::Cooperative, 1, tasks).height(Mode::Cooperative, tasks);
    assert_eq!(l.height, expected, "the room it kept is the room it takes");
    let done = layout(
        &[cooperative(&crowd(tasks as u32), tasks, 150.0)],
        W1000,
        None,
    );
    assert_eq!(done.height, expected, "and keeps when it ends");
}

#[test]
fn up_to_the_cap_every_task_keeps_its_row_and_there_is_no_band() {
    assert_eq!(
        waits_height(MAX_WAIT_ROWS),
        MAX_WAIT_ROWS as f64 * WAIT_ROW_H
    );
    assert_eq!(
        waits_height(MAX_WAIT_ROWS + 1),
        MAX_WAIT_ROWS as f64 * WAIT_ROW_H + BAND_H
    );
    let spans = crowd(MAX_WAIT_ROWS as u32);
    let l = layout(&[cooperative(&spans, MAX_WAIT_ROWS, 150.0)], W1000, None);
    assert!(l.bands.is_empty());
    let last = l
        .bars
        .iter()
        .filter(|b| b.style == BarStyle::Io)
        .map(|b| b.y)
        .fold(0.0, f64::max);
    let lane_top = l.headers[0].y + HEADER_H;
    assert_eq!(
        last - lane_top,
        LANE_H + (MAX_WAIT_ROWS - 1) as f64 * WAIT_ROW_H
    );
}
