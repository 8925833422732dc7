//! Verdicts of the shared-state lessons, on made-up outcomes: each can pass, and each fails
//! with its reason when the shape is wrong.

use super::*;
use crate::run::shared::{Deadlock, Edge, LockStat, LockUse, SharedOutcome};
use crate::testing::var;

/// A completed run of `mode` whose four race counters ended at these values (of 8,000).
fn race(mode: Mode, threads: usize, [call, wait, locked, atomic]: [u64; 4]) -> Trace {
    let mut t = trace(mode, threads, 100.0, 4);
    let mut vars = vec![
        var("call", 8000, call),
        var("await", 8000, wait),
        var("locked", 8000, locked),
        var("atomic", 8000, atomic),
    ];
    if mode == Mode::Processes {
        for v in &mut vars {
            v.summed = Some(v.expected);
        }
    }
    t.shared.vars = vars;
    t
}

fn good_race(threads: usize, threads_call: u64) -> Vec<Trace> {
    vec![
        race(Mode::Sequential, 1, [8000; 4]),
        race(Mode::Cooperative, 1, [8000, 2000, 8000, 8000]),
        race(Mode::Gil, threads, [7200, 6000, 8000, 8000]),
        race(Mode::Processes, threads, [0; 4]),
        race(Mode::Threads, threads, [threads_call, 8000, 8000, 8000]),
    ]
}

#[test]
fn the_race_verdict_passes_on_lost_updates_and_fails_without_them() {
    let l = get(LessonId::RaceConditions);
    let v = verdict(l, &good_race(2, 4000), ctx(0.0, None, &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(v.sentence.contains("threads 4,000"), "{}", v.sentence);

    // One worker: threads cannot interleave, and the verdict says why it lost nothing.
    let one = verdict(l, &good_race(1, 8000), ctx(0.0, None, &[])).unwrap();
    assert!(
        !one.matches && one.sentence.contains("1 worker"),
        "{}",
        one.sentence
    );

    // A lock that lost updates is never the expected shape.
    let mut broken = good_race(2, 4000);
    broken[4].shared.vars[2].value = 7999;
    let v = verdict(l, &broken, ctx(0.0, None, &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("locked"),
        "{}",
        v.sentence
    );

    // On the event loop a call with no await in the window must lose nothing.
    let mut broken = good_race(2, 4000);
    broken[1].shared.vars[0].value = 7000;
    let v = verdict(l, &broken, ctx(0.0, None, &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("no await"),
        "{}",
        v.sentence
    );

    // An edited recipe without the lesson's counters has no verdict of this lesson's.
    let mut edited = good_race(2, 4000);
    edited.iter_mut().for_each(|t| t.shared.vars.truncate(1));
    assert_eq!(verdict(l, &edited, ctx(0.0, None, &[])), None);
}

fn deadlocked(mode: Mode) -> Trace {
    let mut t = trace(mode, 2, 220.0, 2);
    t.outcome = Outcome::Deadlocked;
    let lock = |name: &str| LockUse {
        name: name.into(),
        stat: LockStat::default(),
    };
    let edge = |task, holds, wants| Edge {
        task,
        holds,
        wants,
        held_from_ms: 0.0,
        waits_from_ms: 20.0,
    };
    t.shared = SharedOutcome {
        vars: vec![],
        locks: vec![lock("A"), lock("B")],
        deadlock: Some(Deadlock {
            cycle: vec![edge(0, 0, 1), edge(1, 1, 0)],
            at_ms: 220.0,
        }),
    };
    t
}

#[test]
fn the_deadlock_verdict_needs_the_sharing_modes_to_deadlock() {
    let l = get(LessonId::Deadlock);
    let mut traces = vec![
        trace(Mode::Sequential, 1, 60.0, 2),
        deadlocked(Mode::Cooperative),
        deadlocked(Mode::Threads),
    ];
    let v = verdict(l, &traces, ctx(0.0, None, &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(
        v.sentence
            .contains("task 0 holds A and waits for B; task 1 holds B and waits for A"),
        "{}",
        v.sentence
    );
    // Threads on one worker run the two tasks one after the other.
    traces[2] = trace(Mode::Threads, 1, 60.0, 2);
    let v = verdict(l, &traces, ctx(0.0, None, &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("1 worker"),
        "{}",
        v.sentence
    );

    // With one lock order, any deadlock is a failure.
    let order = get(LessonId::LockOrder);
    let v = verdict(order, &traces[..2], ctx(0.0, None, &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("deadlocked"),
        "{}",
        v.sentence
    );
    let fine = [trace(Mode::Threads, 2, 60.0, 2)];
    assert!(verdict(order, &fine, ctx(0.0, None, &[])).unwrap().matches);
}

#[test]
fn the_crash_verdict_counts_what_each_crash_took() {
    let l = get(LessonId::CrashImpact);
    let lost_one = |mode| {
        let mut t = trace(mode, 2, 100.0, 4);
        t.outcome = Outcome::Crashed;
        t.results[2] = None;
        t
    };
    let mut pool = trace(Mode::Threads, 2, 50.0, 4);
    pool.outcome = Outcome::Crashed;
    pool.results = vec![None; 4];
    let mut traces = vec![lost_one(Mode::Cooperative), lost_one(Mode::Processes), pool];
    let v = verdict(l, &traces, ctx(0.0, None, &[])).unwrap();
    assert!(
        v.matches && v.sentence.contains("whole worker pool"),
        "{}",
        v.sentence
    );
    // A process crash that took two tasks is not a process crash's shape.
    traces[1].results[3] = None;
    let v = verdict(l, &traces, ctx(0.0, None, &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("processes lost 2 tasks"),
        "{}",
        v.sentence
    );
}
