//! Tests for `kitchen::picture`: the shapes issue 13 asks of the picture, at any moment of any
//! trace: a station per lane, the knife in at most one hand, a kitchen per process, and a
//! dish in an oven exactly when its task waits.

use super::picture::{picture, Picture, Pose, HEIGHT, WIDTH};
use super::*;
use crate::testing::{span, trace};
use proptest::prelude::*;

fn stations(p: &Picture) -> usize {
    p.rooms.iter().map(|r| r.stations.len()).sum()
}

fn in_ovens(p: &Picture) -> Vec<u32> {
    let mut d: Vec<u32> = p.rooms.iter().flat_map(|r| r.oven.dishes.clone()).collect();
    d.sort_unstable();
    d
}

#[test]
fn processes_are_kitchens_of_their_own_with_a_hatch() {
    let t = trace(
        Mode::Processes,
        50.0,
        2,
        vec![
            span(Lane::Process(0), 0, SpanKind::Io, 0.0, 30.0),
            span(Lane::Process(1), 1, SpanKind::Cpu, 0.0, 30.0),
        ],
    );
    let p = picture(&scene(&t, 10.0));
    assert_eq!(p.rooms.len(), 2);
    assert!(p.rooms.iter().all(|r| r.hatch && r.stations.len() == 1));
    assert_eq!(
        p.rooms[0].oven.dishes,
        [0],
        "the dish waits in its own kitchen's oven"
    );
    assert_eq!(p.rooms[0].stations[0].pose, Pose::AtOven);
    assert_eq!(p.rooms[1].stations[0].dish, Some(1));
    assert!(!p.knife_on_rack);
}

#[test]
fn the_knife_goes_from_hand_to_rack_to_hand() {
    let t = trace(
        Mode::Gil,
        30.0,
        2,
        vec![
            span(Lane::Worker(0), 0, SpanKind::Cpu, 0.0, 10.0),
            span(Lane::Worker(1), 1, SpanKind::GilWait, 0.0, 12.0),
            span(Lane::Worker(1), 1, SpanKind::Cpu, 12.0, 20.0),
        ],
    );
    let hands = |t_ms| {
        let p = picture(&scene(&t, t_ms));
        let holders: Vec<String> = p.rooms[0]
            .stations
            .iter()
            .filter(|s| s.knife)
            .map(|s| s.chef.clone())
            .collect();
        (holders, p.knife_on_rack)
    };
    assert_eq!(hands(5.0), (vec!["chef 1".to_string()], false));
    assert_eq!(
        hands(11.0),
        (vec![], true),
        "between slices it is on its rack"
    );
    assert_eq!(hands(15.0), (vec!["chef 2".to_string()], false));
}

proptest! {
    #[test]
    fn any_trace_at_any_moment_has_the_promised_shape(
        spans in prop::collection::vec((0u16..4, 0u32..6, 0usize..4, 0.0f64..100.0, 0.0f64..50.0), 0..40),
        mode in prop::sample::select(vec![Mode::Sequential, Mode::Cooperative, Mode::Gil, Mode::Processes, Mode::Threads]),
        t in 0.0f64..160.0,
    ) {
        let kinds = [SpanKind::Cpu, SpanKind::Io, SpanKind::GilWait, SpanKind::Message];
        let lane = |n: u16| match mode {
            Mode::Processes => Lane::Process(n),
            Mode::Cooperative => Lane::MainLoop,
            _ => Lane::Worker(n),
        };
        let spans = spans.into_iter()
            .map(|(l, task, k, start, len)| span(lane(l), task, kinds[k], start, start + len))
            .collect();
        let tr = trace(mode, 160.0, 6, spans);
        let s = scene(&tr, t);
        let p = picture(&s);
        prop_assert_eq!(stations(&p), chef_count(&tr));
        prop_assert!(p.rooms.iter().flat_map(|r| &r.stations).filter(|s| s.knife).count() <= 1);
        if mode == Mode::Processes {
            prop_assert_eq!(p.rooms.iter().filter(|r| r.hatch).count(), chef_count(&tr));
        }
        prop_assert_eq!(in_ovens(&p), s.oven.clone());
        for r in &p.rooms {
            prop_assert!(r.x >= 0.0 && r.x + r.w <= WIDTH + 1e-9 && r.y >= 0.0 && r.y + r.h <= HEIGHT + 1e-9);
            for st in &r.stations {
                prop_assert!(st.x >= r.x - 1e-9 && st.x + st.w <= r.x + r.w + 1e-9);
            }
        }
    }
}
