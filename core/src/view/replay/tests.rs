//! Tests for `replay`: the playhead's moves and bounds, and what each mode's trace shows at an
//! instant.

use super::*;
use crate::run::mode::Mode;
use crate::testing::{span, trace};
use proptest::prelude::*;

/// Three tasks on the main loop: CPU slices in turn, each followed by an I/O wait that overlaps
/// the others' slices; task 0's wait ends just after its second slice begins.
fn cooperative() -> Trace {
    use SpanKind::{Cpu, Io};
    let m = Lane::MainLoop;
    let spans = vec![
        span(m, 0, Cpu, 0.0, 1.0),
        span(m, 0, Io, 1.0, 5.5),
        span(m, 1, Cpu, 1.0, 2.0),
        span(m, 1, Io, 2.0, 6.0),
        span(m, 2, Cpu, 2.0, 3.0),
        span(m, 2, Io, 3.0, 7.0),
        span(m, 0, Cpu, 5.0, 6.0),
        span(m, 1, Cpu, 6.0, 7.0),
        span(m, 2, Cpu, 7.0, 8.0),
    ];
    trace(Mode::Cooperative, 8.0, 3, spans)
}

fn waiting(pairs: &[(u32, SpanKind)]) -> Vec<Waiting> {
    pairs
        .iter()
        .map(|&(task, on)| Waiting { task, on })
        .collect()
}

/// Each lane's task and kind, in lane order.
fn now(s: &Snapshot) -> Vec<(Option<u32>, Option<SpanKind>)> {
    s.lanes.iter().map(|l| (l.task, l.kind)).collect()
}

fn replay_of(wall_ms: f64, spans: Vec<Span>) -> Replay {
    Replay::new(&[trace(Mode::Threads, wall_ms, 1, spans)])
}

#[test]
fn new_takes_the_longest_wall_and_sorted_distinct_clipped_events() {
    let w = Lane::Worker(0);
    let spans = vec![
        span(w, 0, SpanKind::Cpu, 3.0, 3.0),
        span(w, 0, SpanKind::Io, 1.0, 3.0),
        span(w, 0, SpanKind::Cpu, 3.5, f64::NAN),
    ];
    let short = trace(Mode::Sequential, 4.0, 1, spans);
    let spans = vec![
        span(w, 0, SpanKind::Cpu, -1.0, 2.5),
        span(w, 0, SpanKind::Cpu, 2.5, 12.0),
        span(w, 0, SpanKind::Cpu, 3.0 + 1e-12, 6.0),
    ];
    let long = trace(Mode::Threads, 10.0, 1, spans);
    let r = Replay::new(&[short, long]);
    assert_eq!(r.end_ms, 10.0);
    assert_eq!(r.events(), &[0.0, 1.0, 2.5, 3.0, 3.5, 6.0, 10.0]);
    assert_eq!((r.t_ms, r.speed, r.playing), (0.0, 0.25, false));

    let none = Replay::new(&[]);
    assert_eq!(none.end_ms, 0.0);
    assert_eq!(none.events(), &[0.0]);
    assert!(none.at_end());

    let tiny = vec![span(Lane::MainLoop, 0, SpanKind::Cpu, 0.0, 1e-10)];
    let tiny = replay_of(1e-10, tiny);
    assert_eq!(tiny.events(), &[0.0, 1e-10], "the end is kept exactly");
}

#[test]
fn advance_moves_by_speed_and_stops_at_the_end() {
    let mut r = replay_of(10.0, vec![]);
    r.advance(8.0);
    assert_eq!(r.t_ms, 0.0, "paused: nothing moves");
    r.toggle();
    r.advance(8.0);
    assert_eq!(r.t_ms, 2.0);
    r.advance(f64::NAN);
    r.advance(-5.0);
    assert_eq!(r.t_ms, 2.0, "bad frame times are ignored");
    r.advance(1000.0);
    assert_eq!(r.t_ms, 10.0);
    assert!(r.at_end());
    assert!(!r.playing);
}

#[test]
fn speed_clamps_both_ways_and_ignores_nan() {
    let mut r = replay_of(10.0, vec![]);
    r.set_speed(100.0);
    assert_eq!(r.speed, MAX_SPEED);
    r.set_speed(0.0);
    assert_eq!(r.speed, MIN_SPEED);
    r.set_speed(-3.0);
    assert_eq!(r.speed, MIN_SPEED);
    r.set_speed(1.0);
    r.set_speed(f64::NAN);
    assert_eq!(r.speed, 1.0);
}

#[test]
fn toggle_restarts_from_the_end_and_seek_clamps() {
    let mut r = replay_of(10.0, vec![]);
    r.seek(4.0);
    r.toggle();
    assert!(r.playing);
    r.toggle();
    assert!(!r.playing);
    assert_eq!(r.t_ms, 4.0, "pausing keeps the place");
    r.seek(10.0);
    r.toggle();
    assert!(r.playing);
    assert_eq!(r.t_ms, 0.0);

    r.seek(-1.0);
    assert_eq!(r.t_ms, 0.0);
    r.seek(99.0);
    assert_eq!(r.t_ms, 10.0);
    r.seek(3.0);
    r.seek(f64::NAN);
    assert_eq!(r.t_ms, 3.0);
}

#[test]
fn stepping_walks_the_events_in_order_and_stops_at_the_bounds() {
    let mut r = Replay::new(&[cooperative()]);
    let events = r.events().to_vec();
    assert_eq!(events, [0.0, 1.0, 2.0, 3.0, 5.0, 5.5, 6.0, 7.0, 8.0]);
    for &e in &events[1..] {
        r.step_forward();
        assert_eq!(r.t_ms, e);
    }
    r.step_forward();
    assert_eq!(r.t_ms, 8.0, "stays at the end");
    for &e in events.iter().rev().skip(1) {
        r.step_back();
        assert_eq!(r.t_ms, e);
    }
    r.step_back();
    assert_eq!(r.t_ms, 0.0, "stays at the start");

    r.seek(4.0);
    r.step_back();
    assert_eq!(r.t_ms, 3.0, "from between two events, to the earlier");
    r.seek(4.0);
    r.step_forward();
    assert_eq!(r.t_ms, 5.0);
}

#[test]
fn advance_by_steps_lands_only_on_events_and_keeps_what_it_owes() {
    let mut r = Replay::new(&[cooperative()]);
    r.set_speed(1.0);
    r.toggle();
    r.advance_by_steps(0.4);
    assert_eq!(r.t_ms, 0.0, "not yet owed a whole gap");
    r.advance_by_steps(0.7);
    assert_eq!(r.t_ms, 1.0, "0.4 + 0.7 covers the first gap");
    r.advance_by_steps(2.5);
    assert_eq!(r.t_ms, 3.0, "passes 2 and lands on the last event covered");
    for _ in 0..100 {
        r.advance_by_steps(0.3);
        assert!(r.events().contains(&r.t_ms), "{} is not an event", r.t_ms);
    }
    assert!(r.at_end());
    assert!(!r.playing);
}

#[test]
fn cooperative_lane_shows_the_cpu_slice_and_the_others_wait_on_io() {
    use SpanKind::{Cpu, Io};
    let t = cooperative();
    let s = snapshot(&t, 2.5);
    assert_eq!(now(&s), [(Some(2), Some(Cpu))]);
    assert_eq!(s.waiting, waiting(&[(0, Io), (1, Io)]));

    // Task 0's wait overlaps its own slice: it is computing, not waiting.
    let s = snapshot(&t, 5.2);
    assert_eq!(now(&s), [(Some(0), Some(Cpu))]);
    assert_eq!(s.waiting, waiting(&[(1, Io), (2, Io)]));

    // Between slices the lane shows the earliest still-running wait.
    let s = snapshot(&t, 4.0);
    assert_eq!(now(&s), [(Some(0), Some(Io))]);
    assert_eq!(s.waiting, waiting(&[(0, Io), (1, Io), (2, Io)]));
}

#[test]
fn done_and_not_started_at_the_start_middle_and_end() {
    let t = cooperative();
    let s = snapshot(&t, 0.0);
    assert_eq!((s.done, s.not_started), (vec![], vec![1, 2]));
    let s = snapshot(&t, 1.5);
    assert_eq!((s.done, s.not_started), (vec![], vec![2]));
    let s = snapshot(&t, 7.0);
    assert_eq!((s.done, s.not_started), (vec![0, 1], vec![]));
    let s = snapshot(&t, 8.0);
    assert_eq!((&s.done, &s.not_started), (&vec![0, 1, 2], &vec![]));
    assert_eq!(now(&s), [(None, None)]);
    assert!(s.waiting.is_empty());
}

#[test]
fn a_worker_blocked_on_io_shows_io_and_waits() {
    use SpanKind::{Cpu, Io};
    let (w0, w1) = (Lane::Worker(0), Lane::Worker(1));
    let spans = vec![
        span(w0, 0, Cpu, 0.0, 2.0),
        span(w0, 0, Io, 2.0, 5.0),
        span(w0, 0, Cpu, 5.0, 6.0),
        span(w1, 1, Cpu, 0.0, 4.0),
    ];
    let t = trace(Mode::Sequential, 6.0, 2, spans);
    let s = snapshot(&t, 3.0);
    assert_eq!(now(&s), [(Some(0), Some(Io)), (Some(1), Some(Cpu))]);
    assert_eq!(s.waiting, waiting(&[(0, Io)]));
    let s = snapshot(&t, 4.5);
    assert_eq!(now(&s)[1], (None, None));
    assert_eq!(s.done, vec![1]);
}

#[test]
fn gil_waiters_are_listed_while_another_holds_the_lock() {
    use SpanKind::{Cpu, GilWait};
    let (w0, w1) = (Lane::Worker(0), Lane::Worker(1));
    let spans = vec![
        span(w0, 0, Cpu, 0.0, 2.0),
        span(w1, 1, GilWait, 0.0, 2.0),
        span(w1, 1, Cpu, 2.0, 4.0),
        span(w0, 0, GilWait, 2.0, 3.0),
        span(w0, 0, Cpu, 3.0, f64::NAN),
    ];
    let t = trace(Mode::Gil, 4.0, 2, spans);
    let s = snapshot(&t, 1.0);
    assert_eq!(now(&s), [(Some(0), Some(Cpu)), (Some(1), Some(GilWait))]);
    assert_eq!(s.waiting, waiting(&[(1, GilWait)]));
    let s = snapshot(&t, 2.0);
    assert_eq!(s.waiting, waiting(&[(0, GilWait)]), "ends are exclusive");
    // An open span runs on forever, so its task is never done.
    let s = snapshot(&t, 100.0);
    assert_eq!(now(&s)[0], (Some(0), Some(Cpu)));
    assert_eq!(s.done, vec![1]);
}

#[test]
fn processes_show_start_up_without_a_task_and_messages_in_flight() {
    use SpanKind::{Cpu, Message, Startup};
    let (p0, p1) = (Lane::Process(0), Lane::Process(1));
    let spans = vec![
        span(p0, NO_TASK, Startup, 0.0, 3.0),
        span(p1, NO_TASK, Startup, 0.0, 3.5),
        span(p0, 0, Message, 3.0, 4.0),
        span(p0, 0, Cpu, 4.0, 6.0),
        span(p0, 0, Message, 6.0, 7.0),
        span(p1, 1, Message, 3.5, 4.5),
        span(p1, 1, Cpu, 4.5, 8.0),
        span(p1, 1, Message, 8.0, 9.0),
    ];
    let t = trace(Mode::Processes, 9.0, 2, spans);
    let s = snapshot(&t, 1.0);
    assert_eq!(now(&s), [(None, Some(Startup)), (None, Some(Startup))]);
    assert!(s.waiting.is_empty(), "start-up belongs to no task");
    assert_eq!(s.not_started, vec![0, 1]);

    let s = snapshot(&t, 3.2);
    assert_eq!(now(&s)[0], (Some(0), Some(Message)));
    assert_eq!(now(&s)[1], (None, Some(Startup)));
    assert_eq!(s.waiting, waiting(&[(0, Message)]));
    assert_eq!(s.not_started, vec![1]);

    let s = snapshot(&t, 6.5);
    assert_eq!(now(&s)[1], (Some(1), Some(Cpu)));
    assert_eq!(s.waiting, waiting(&[(0, Message)]));
    assert_eq!(snapshot(&t, 7.0).done, vec![0]);
}

#[test]
fn lane_priority_is_cpu_startup_message_gil_wait_io() {
    use SpanKind::{Cpu, GilWait, Io, Message, Startup};
    let l = Lane::Worker(0);
    let mut spans = vec![
        span(l, 4, Io, 0.0, 2.0),
        span(l, 3, GilWait, 0.0, 2.0),
        span(l, 2, Message, 0.0, 2.0),
        span(l, NO_TASK, Startup, 0.0, 2.0),
        span(l, 0, Cpu, 0.0, 2.0),
    ];
    for expected in [Cpu, Startup, Message, GilWait, Io] {
        let s = snapshot(&trace(Mode::Threads, 2.0, 5, spans.clone()), 1.0);
        assert_eq!(s.lanes[0].kind, Some(expected));
        spans.pop();
    }
}

#[test]
fn a_task_waiting_twice_is_listed_once() {
    use SpanKind::{Io, Message};
    let spans = vec![
        span(Lane::MainLoop, 0, Io, 0.0, 2.0),
        span(Lane::Process(0), 0, Message, 0.0, 2.0),
    ];
    let t = trace(Mode::Processes, 2.0, 1, spans);
    assert_eq!(snapshot(&t, 1.0).waiting, waiting(&[(0, Message)]));
}

fn any_lane() -> impl Strategy<Value = Lane> {
    prop_oneof![
        Just(Lane::MainLoop),
        (0u16..3).prop_map(Lane::Worker),
        (0u16..2).prop_map(Lane::Process),
    ]
}

fn any_kind() -> impl Strategy<Value = SpanKind> {
    use SpanKind::{Cpu, GilWait, Io, Message, Startup};
    prop::sample::select(vec![Cpu, Io, GilWait, Startup, Message])
}

fn any_time() -> impl Strategy<Value = f64> {
    prop_oneof![8 => -5.0..60.0f64, 1 => Just(f64::NAN), 1 => Just(0.0)]
}

fn any_span() -> impl Strategy<Value = Span> {
    let task = prop_oneof![4 => 0u32..6, 1 => Just(NO_TASK)];
    (any_lane(), task, any_kind(), any_time(), any_time())
        .prop_map(|(lane, task, kind, start, end)| span(lane, task, kind, start, end))
}

fn any_trace() -> impl Strategy<Value = Trace> {
    (
        prop_oneof![4 => 0.0..60.0f64, 1 => Just(f64::NAN)],
        0usize..7,
        prop::collection::vec(any_span(), 0..30),
    )
        .prop_map(|(wall, tasks, spans)| trace(Mode::Threads, wall, tasks, spans))
}

proptest! {
    #[test]
    fn any_snapshot_is_consistent(t in any_trace(), at in -10.0..70.0f64) {
        let s = snapshot(&t, at);
        prop_assert_eq!(s.lanes.iter().map(|l| l.lane).collect::<Vec<_>>(), t.lanes());
        for k in &s.done {
            prop_assert!(!s.not_started.contains(k), "task {} done and not started", k);
        }
        prop_assert!(s.waiting.windows(2).all(|w| w[0].task < w[1].task));
        prop_assert!(s.waiting.iter().all(|w| w.task != NO_TASK));
    }

    #[test]
    fn stepping_forward_from_zero_reaches_the_end(traces in prop::collection::vec(any_trace(), 0..4)) {
        let mut r = Replay::new(&traces);
        let events = r.events();
        prop_assert!(events.windows(2).all(|w| w[0] < w[1]));
        prop_assert_eq!(events.first().copied(), Some(0.0));
        prop_assert_eq!(events.last().copied(), Some(r.end_ms));
        let mut steps = 0;
        while !r.at_end() {
            prop_assert!(steps < r.events().len(), "more steps than events");
            r.step_forward();
            steps += 1;
        }
        prop_assert_eq!(r.t_ms, r.end_ms);
    }

    #[test]
    fn reduced_motion_only_lands_on_events(
        traces in prop::collection::vec(any_trace(), 1..3),
        dts in prop::collection::vec(0.0..40.0f64, 1..50),
        speed in 0.0..3.0f64,
    ) {
        let mut r = Replay::new(&traces);
        r.set_speed(speed);
        r.toggle();
        for dt in dts {
            r.advance_by_steps(dt);
            prop_assert!(r.events().contains(&r.t_ms), "{} is not an event", r.t_ms);
        }
    }
}

#[test]
fn a_crowd_of_waiting_tasks_is_named_up_to_a_dozen_then_counted() {
    let few = waiting(&[(3, SpanKind::Io), (5, SpanKind::Yield)]);
    assert_eq!(waiting_text(&few), "3 (io), 5 (yield)");
    let crowd: Vec<Waiting> = (0..10_000)
        .map(|task| Waiting {
            task,
            on: if task < 9_000 {
                SpanKind::Io
            } else {
                SpanKind::Yield
            },
        })
        .collect();
    let text = waiting_text(&crowd);
    assert!(text.starts_with("0 (io), 1 (io), "), "{text}");
    assert!(
        text.ends_with("11 (io) and 9,988 more (8,988 io, 1,000 yield)"),
        "{text}"
    );
}

#[test]
fn a_snapshot_of_ten_thousand_tasks_counts_each_once() {
    let spans: Vec<Span> = (0..10_000u32)
        .map(|k| span(Lane::MainLoop, k, SpanKind::Io, k as f64 * 0.01, 100.0))
        .collect();
    let t = trace(Mode::Cooperative, 100.0, 10_000, spans);
    let now = snapshot(&t, 50.0);
    assert_eq!(now.waiting.len(), 5_001, "tasks 0 to 5,000 have begun");
    assert_eq!(now.not_started.len(), 4_999);
    assert!(now.done.is_empty());
    assert_eq!(snapshot(&t, 100.0).done.len(), 10_000);
}
