//! Tests for `recorder`: one trace from many threads, incremental live copies, no recording.

use super::*;
use crate::run::control::RunControl;
use std::sync::Arc;

#[test]
fn spans_from_many_threads_land_in_one_trace_on_one_clock() {
    let rec = Arc::new(Recorder::new(Box::new(StdClock::default())));
    let control = Arc::new(RunControl::new(4));
    // Every thread is inside its span when the barrier opens: the spans must overlap.
    let inside = Arc::new(std::sync::Barrier::new(4));
    let handles: Vec<_> = (0..4u16)
        .map(|i| {
            let (rec, control, inside) = (rec.clone(), control.clone(), inside.clone());
            std::thread::spawn(move || {
                rec.measure(Lane::Worker(i), i.into(), 0, SpanKind::Cpu, || {
                    inside.wait();
                });
                control.set_result(i.into(), 10 + u64::from(i));
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let t = rec.finish(
        &control,
        Mode::Threads,
        4,
        rec.now(),
        Outcome::Completed,
        None,
    );
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
    let rec = Recorder::new(Box::new(StdClock::default()));
    let a = rec.open(Lane::MainLoop, 0, 0, SpanKind::Io);
    let mut seen = LiveSpans::default();
    assert!(rec.refresh(&mut seen));
    assert!(seen.spans[0].is_open());
    assert!(
        !rec.refresh(&mut seen),
        "nothing changed since the last look"
    );
    rec.close(a);
    rec.measure(Lane::MainLoop, 0, 1, SpanKind::Cpu, || ());
    assert!(rec.refresh(&mut seen));
    assert_eq!(seen.spans.len(), 2);
    assert!(
        !seen.spans[0].is_open(),
        "the end of a span seen open arrives"
    );
    assert_eq!(seen.spans[1].step, 1);
    assert!(!seen.has_open());
    let t = rec.finish(
        &RunControl::new(1),
        Mode::Cooperative,
        1,
        1.0,
        Outcome::Cancelled,
        Some(3.0),
    );
    assert_eq!(t.results, vec![None], "a task without a result stays None");
}

#[test]
fn a_reader_refreshing_while_threads_record_ends_with_the_finished_spans() {
    let rec = Arc::new(Recorder::new(Box::new(StdClock::default())));
    let writers: Vec<_> = (0..4u16)
        .map(|i| {
            let rec = rec.clone();
            std::thread::spawn(move || {
                for step in 0..2000 {
                    rec.measure(Lane::Worker(i), i.into(), step, SpanKind::Cpu, || ());
                }
            })
        })
        .collect();
    let mut live = LiveSpans::default();
    while !writers.iter().all(|w| w.is_finished()) {
        rec.refresh(&mut live);
    }
    for w in writers {
        w.join().unwrap();
    }
    rec.refresh(&mut live);
    let t = rec.finish(
        &RunControl::new(1),
        Mode::Threads,
        4,
        rec.now(),
        Outcome::Completed,
        None,
    );
    assert_eq!(live.spans, t.spans);
    assert_eq!(t.spans.len(), 8000);
    assert!(t.spans.iter().all(|s| !s.is_open()));
}

#[test]
fn without_spans_keeps_results_but_records_nothing() {
    let rec = Recorder::new(Box::new(StdClock::default())).without_spans();
    let control = RunControl::new(1);
    rec.measure(Lane::MainLoop, 0, 0, SpanKind::Cpu, || ());
    control.set_result(0, 5);
    let t = rec.finish(
        &control,
        Mode::Cooperative,
        1,
        1.0,
        Outcome::Completed,
        None,
    );
    assert!(t.spans.is_empty());
    assert_eq!(t.results, vec![Some(5)]);
}

#[test]
fn cancelling_is_seen_by_every_holder() {
    let control = Arc::new(RunControl::new(0));
    let other = control.clone();
    assert!(!other.is_cancelled());
    control.cancel();
    assert!(other.is_cancelled());
}

#[test]
fn a_full_log_keeps_its_budget_and_counts_what_it_turned_away() {
    let rec = Recorder::new(Box::new(StdClock::default()));
    for _ in 0..MAX_SPANS_PER_MODE + 10 {
        rec.measure(Lane::MainLoop, 0, 0, SpanKind::Cpu, || ());
    }
    rec.push(crate::testing::span(
        Lane::MainLoop,
        0,
        SpanKind::Io,
        0.0,
        1.0,
    ));
    let t = rec.finish(
        &RunControl::new(1),
        Mode::Cooperative,
        1,
        rec.now(),
        Outcome::Completed,
        None,
    );
    assert_eq!(t.spans.len(), MAX_SPANS_PER_MODE);
    assert_eq!(t.spans_dropped, 11);
}

/// A clock whose every other read is a little behind, as two workers' clocks can be.
struct Jittery(AtomicUsize);

impl Clock for Jittery {
    fn now_ms(&self) -> f64 {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        1.7e12 + n as f64 * 0.01 - if n % 2 == 1 { 0.025 } else { 0.0 }
    }
}

#[test]
fn a_span_that_follows_another_never_starts_before_it_ends_even_if_a_clock_lags() {
    let rec = Recorder::new(Box::new(Jittery(AtomicUsize::new(0))));
    // As under the GIL: one lane's slice closes, then the other's opens.
    let mut last = rec.now();
    for i in 0..10u16 {
        let slice = rec.open(Lane::Worker(i % 2), 0, i, SpanKind::Cpu);
        rec.close(slice);
        let now = rec.now();
        assert!(now >= last, "the clock went back from {last} to {now}");
        last = now;
    }
    let t = rec.finish(
        &RunControl::new(1),
        Mode::Gil,
        2,
        rec.now(),
        Outcome::Completed,
        None,
    );
    assert!(t.spans.iter().all(|s| s.end >= s.start), "{:?}", t.spans);
    for w in t.spans.windows(2) {
        assert!(
            w[1].start >= w[0].end,
            "{:?} starts before {:?} ends",
            w[1],
            w[0]
        );
    }
}
