//! Tests for `kitchen`: each mode's trace retold at chosen moments, and any trace at any time.

use super::*;
use crate::testing::{span, trace};
use proptest::prelude::*;

fn doing(scene: &Scene) -> Vec<(String, Activity)> {
    scene
        .rooms
        .iter()
        .flat_map(|r| &r.chefs)
        .map(|c| (c.name.clone(), c.doing.clone()))
        .collect()
}

fn chef(name: &str, doing: Activity) -> (String, Activity) {
    (name.to_string(), doing)
}

use Activity::*;
use Lane::{MainLoop, Process, Worker};
use SpanKind::{Cpu, GilWait, Io, Message, Startup};

#[test]
fn the_event_loop_cooks_one_dish_while_others_share_the_oven() {
    let t = trace(
        Mode::Cooperative,
        100.0,
        4,
        vec![
            span(MainLoop, 0, Io, 0.0, 10.0),
            span(MainLoop, 1, Io, 1.0, 12.0),
            span(MainLoop, 2, Cpu, 2.0, 5.0),
            span(MainLoop, 3, Cpu, 20.0, 25.0),
        ],
    );
    let s = scene(&t, 3.0);
    assert_eq!(s.rooms.len(), 1);
    assert_eq!(s.rooms[0].name, "the kitchen");
    assert_eq!(doing(&s), vec![chef("chef 1", Cooking(2))]);
    assert_eq!(s.oven, vec![0, 1]);
    assert_eq!(s.knife, None, "only the GIL has a knife");
    assert_eq!(
        s.caption,
        "Chef 1 cooks dish 2; dishes 0, 1 are in the oven; 1 order waiting."
    );
    // Between slices the dishes still bake but the one chef has nothing to do.
    let s = scene(&t, 6.0);
    assert_eq!(doing(&s), vec![chef("chef 1", Idle)]);
    assert_eq!(s.oven, vec![0, 1]);
    assert_eq!(s.caption, "Dishes 0, 1 are in the oven; 1 order waiting.");
}

#[test]
fn threads_give_each_worker_a_chef_who_blocks_beside_the_oven() {
    let t = trace(
        Mode::Threads,
        100.0,
        2,
        vec![
            span(Worker(0), 0, Cpu, 0.0, 5.0),
            span(Worker(1), 1, Io, 0.0, 8.0),
            span(Worker(1), 1, Cpu, 8.0, 12.0),
        ],
    );
    let s = scene(&t, 2.0);
    assert_eq!(s.rooms.len(), 1);
    assert_eq!(
        doing(&s),
        vec![chef("chef 1", Cooking(0)), chef("chef 2", WatchingOven(1))]
    );
    assert_eq!(s.rooms[0].chefs[1].lane, Worker(1));
    assert_eq!(s.oven, vec![1]);
    assert_eq!(s.knife, None);
    assert_eq!(
        s.caption,
        "Chef 1 cooks dish 0, chef 2 watches dish 1 in the oven."
    );
    let s = scene(&t, 9.0);
    assert_eq!(
        doing(&s),
        vec![chef("chef 1", Idle), chef("chef 2", Cooking(1))]
    );
    assert!(s.oven.is_empty());
    assert_eq!(s.served, vec![0]);
}

#[test]
fn under_the_gil_one_chef_holds_the_knife_and_the_rest_wait_for_it() {
    let t = trace(
        Mode::Gil,
        100.0,
        4,
        vec![
            span(Worker(0), 0, Cpu, 0.0, 5.0),
            span(Worker(1), 1, GilWait, 0.0, 5.0),
            span(Worker(1), 1, Cpu, 5.0, 9.0),
            span(Worker(2), 2, GilWait, 1.0, 9.0),
            span(Worker(3), 3, Io, 0.0, 20.0),
        ],
    );
    let s = scene(&t, 2.0);
    assert_eq!(s.knife.as_deref(), Some("chef 1"));
    assert_eq!(
        doing(&s),
        vec![
            chef("chef 1", Cooking(0)),
            chef("chef 2", WaitingForKnife(1)),
            chef("chef 3", WaitingForKnife(2)),
            chef("chef 4", WatchingOven(3)),
        ]
    );
    assert_eq!(
        s.caption,
        "Chef 1 holds the knife and cooks dish 0, chef 2 waits for the knife with dish 1, \
         chef 3 waits for the knife with dish 2, chef 4 watches dish 3 in the oven."
    );
    assert_eq!(scene(&t, 6.0).knife.as_deref(), Some("chef 2"));
    let s = scene(&t, 10.0);
    assert_eq!(s.knife, None);
    assert_eq!(s.caption, "Chef 4 watches dish 3 in the oven.");
}

#[test]
fn processes_get_kitchens_of_their_own_that_open_then_receive_orders() {
    let t = trace(
        Mode::Processes,
        100.0,
        2,
        vec![
            span(Process(0), NO_TASK, Startup, 0.0, 10.0),
            span(Process(0), 0, Message, 10.0, 11.0),
            span(Process(0), 0, Cpu, 11.0, 20.0),
            span(Process(0), 0, Message, 20.0, 21.0),
            span(Process(1), NO_TASK, Startup, 0.0, 12.0),
            span(Process(1), 1, Message, 12.0, 13.0),
            span(Process(1), 1, Io, 13.0, 30.0),
        ],
    );
    let s = scene(&t, 5.0);
    let names: Vec<&str> = s.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["kitchen 1", "kitchen 2"]);
    assert!(s.rooms.iter().all(|r| r.chefs.len() == 1));
    assert_eq!(
        doing(&s),
        vec![
            chef("chef 1", OpeningKitchen),
            chef("chef 2", OpeningKitchen)
        ]
    );
    assert_eq!(s.waiting_orders, vec![0, 1], "start-up belongs to no dish");
    assert_eq!(
        s.caption,
        "Chef 1 opens kitchen 1, chef 2 opens kitchen 2; 2 orders waiting."
    );
    let s = scene(&t, 10.5);
    assert_eq!(
        doing(&s),
        vec![chef("chef 1", Carrying(0)), chef("chef 2", OpeningKitchen)]
    );
    assert_eq!(doing(&scene(&t, 20.5))[0], chef("chef 1", Carrying(0)));
    assert_eq!(doing(&scene(&t, 15.0))[1], chef("chef 2", WatchingOven(1)));
}

#[test]
fn orders_wait_until_their_first_span_and_are_served_after_their_last() {
    let t = trace(
        Mode::Sequential,
        100.0,
        3,
        vec![
            span(Worker(0), 0, Cpu, 0.0, 5.0),
            span(Worker(0), 1, Cpu, 5.0, 7.0),
            span(Worker(0), 1, Io, 7.0, 10.0),
            span(Worker(0), 2, Cpu, 10.0, 15.0),
        ],
    );
    let s = scene(&t, 0.0);
    assert_eq!((s.waiting_orders, s.served), (vec![1, 2], vec![]));
    let s = scene(&t, 8.0);
    assert_eq!((s.waiting_orders, s.served), (vec![2], vec![0]));
    let s = scene(&t, 15.0);
    assert_eq!((s.waiting_orders, s.served), (vec![], vec![0, 1, 2]));
    assert_eq!(s.caption, "All 3 dishes served.");
    let s = scene(&t, -1.0);
    assert_eq!(s.waiting_orders, vec![0, 1, 2]);
    assert_eq!(s.caption, "The kitchen is idle; 3 orders waiting.");
}

#[test]
fn an_open_span_keeps_its_chef_busy_and_its_dish_unserved() {
    let t = trace(
        Mode::Threads,
        100.0,
        1,
        vec![span(Worker(0), 0, Cpu, 1.0, f64::NAN)],
    );
    let s = scene(&t, 1e9);
    assert_eq!(doing(&s), vec![chef("chef 1", Cooking(0))]);
    assert!(s.served.is_empty() && s.waiting_orders.is_empty());
}

#[test]
fn overlapping_spans_on_one_lane_show_the_highest_priority() {
    let kinds = [Cpu, Startup, Message, GilWait, Io];
    let expected = [
        Cooking(0),
        OpeningKitchen,
        Carrying(2),
        WaitingForKnife(3),
        WatchingOven(4),
    ];
    for (first, shown) in expected.into_iter().enumerate() {
        let spans = (first..kinds.len())
            .rev()
            .map(|i| span(Worker(0), i as u32, kinds[i], 0.0, 10.0))
            .collect();
        let s = scene(&trace(Mode::Threads, 100.0, 5, spans), 5.0);
        assert_eq!(s.rooms[0].chefs[0].doing, shown);
    }
}

#[test]
fn an_empty_trace_is_an_idle_kitchen() {
    for mode in Mode::ALL {
        let s = scene(&trace(mode, 100.0, 0, vec![]), 0.0);
        assert_eq!(s.caption, "The kitchen is idle.");
        assert_eq!(s.rooms.len(), 1);
        assert_eq!(chef_count(&trace(mode, 100.0, 0, vec![])), 0);
    }
}

#[test]
fn chef_count_is_one_per_lane_and_chefs_keep_theirs() {
    let t = trace(
        Mode::Threads,
        100.0,
        3,
        vec![
            span(Worker(2), 0, Cpu, 0.0, 1.0),
            span(MainLoop, 1, Io, 0.0, 1.0),
            span(Worker(0), 2, Cpu, 0.0, 1.0),
            span(Worker(0), 2, Cpu, 1.0, 2.0),
        ],
    );
    assert_eq!(chef_count(&t), 3);
    let s = scene(&t, 0.5);
    let chef = &s.rooms[0].chefs[2];
    assert_eq!((chef.lane, &chef.doing), (Worker(2), &Activity::Cooking(0)));
}

fn any_span() -> impl Strategy<Value = Span> {
    let lane = prop_oneof![
        Just(MainLoop),
        (0..3u16).prop_map(Worker),
        (0..3u16).prop_map(Process)
    ];
    let kind = prop_oneof![
        Just(Cpu),
        Just(Io),
        Just(GilWait),
        Just(Startup),
        Just(Message)
    ];
    let task = prop_oneof![0..8u32, Just(NO_TASK)];
    let time = prop_oneof![-5.0..100.0, (0..100u32).prop_map(f64::from)];
    let end = prop_oneof![
        (-10.0..60.0f64).prop_map(Some),
        (0..60u32).prop_map(|l| Some(f64::from(l))),
        Just(None)
    ];
    (lane, task, kind, time, end).prop_map(|(lane, task, kind, start, length)| {
        span(
            lane,
            task,
            kind,
            start,
            length.map_or(f64::NAN, |l| start + l),
        )
    })
}

proptest! {
    #[test]
    fn any_trace_at_any_time_shows_every_lane_as_one_chef(
        spans in prop::collection::vec(any_span(), 0..40),
        tasks in 0..6usize,
        mode in prop::sample::select(Mode::ALL.to_vec()),
        t in prop_oneof![-10.0..120.0f64, (0..120u32).prop_map(f64::from)],
    ) {
        let tr = trace(mode, 100.0, tasks, spans);
        let s = scene(&tr, t);
        let lanes: Vec<Lane> = s.rooms.iter().flat_map(|r| &r.chefs).map(|c| c.lane).collect();
        prop_assert_eq!(&lanes, &tr.lanes());
        prop_assert_eq!(chef_count(&tr), lanes.len());
        for d in &s.served {
            prop_assert!(!s.waiting_orders.contains(d), "dish {} served and waiting", d);
        }
        for list in [&s.oven, &s.waiting_orders, &s.served] {
            prop_assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?} not sorted", list);
        }
        if mode == Mode::Processes {
            for r in s.rooms.iter().filter(|r| r.name != "the kitchen") {
                prop_assert_eq!(r.chefs.len(), 1);
            }
        } else {
            prop_assert_eq!(s.rooms.len(), 1);
        }
        prop_assert!(s.caption.ends_with('.'));
    }
}

#[test]
fn a_crowd_in_the_oven_is_named_by_its_first_dishes_and_counted() {
    let spans: Vec<Span> = (0..10_000u32)
        .map(|t| Span {
            lane: Lane::MainLoop,
            task: t,
            step: 0,
            kind: SpanKind::Io,
            start: 0.0,
            end: 100.0,
        })
        .collect();
    let trace = Trace {
        spans,
        results: vec![Some(0); 10_000],
        ..Trace::new(
            Mode::Cooperative,
            crate::run::trace::Outcome::Completed,
            1,
            100.0,
        )
    };
    let s = scene(&trace, 50.0);
    assert_eq!(s.oven.len(), 10_000);
    assert_eq!(
        s.caption,
        "Dishes 0, 1, 2, 3, 4, 5, 6, 7 and 9,992 more are in the oven."
    );
}
