//! The locks and the deadlock detector, with real threads.

use super::*;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

fn clock() -> impl Fn() -> f64 {
    let start = Instant::now();
    move || start.elapsed().as_secs_f64() * 1e3
}

/// Takes `first`, waits for everyone, then takes `second`; returns whether it got both.
fn take_two(locks: &Locks, task: u32, (first, second): (u8, u8), meet: &Barrier) -> bool {
    let now = clock();
    assert!(locks.try_acquire(first, task, now()));
    meet.wait();
    let got = locks.try_acquire(second, task, now()) || {
        locks.begin_wait(second, task, now());
        locks.wait(task, &now, &|| false)
    };
    if got {
        locks.release(second, now());
    }
    locks.release(first, now());
    got
}

fn names(locks: &[&str]) -> Vec<String> {
    locks.iter().map(|s| s.to_string()).collect()
}

#[test]
fn opposite_lock_order_deadlocks_and_is_found_and_broken() {
    let locks = Locks::new(2, false);
    let meet = Barrier::new(2);
    let got = thread::scope(|s| {
        let a = s.spawn(|| take_two(&locks, 0, (0, 1), &meet));
        let b = s.spawn(|| take_two(&locks, 3, (1, 0), &meet));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(got, (false, false), "both waiters give up");
    let deadlock = locks.deadlock().expect("a deadlock");
    assert!(deadlock.at_ms >= locks::PERSIST_MS * 0.9);
    let mut cycle: Vec<_> = deadlock.cycle.iter().map(Edge::key).collect();
    cycle.sort();
    assert_eq!(cycle, [(0, 0, 1), (3, 1, 0)]);
    let formed = deadlock.formed_ms();
    assert!(
        deadlock
            .cycle
            .iter()
            .all(|e| e.held_from_ms <= e.waits_from_ms),
        "each task took its first lock before it waited for its second: {deadlock:?}"
    );
    assert!(
        formed <= deadlock.at_ms - locks::PERSIST_MS * 0.9,
        "found once the cycle had lasted: {deadlock:?}"
    );
    let sentence = deadlock_sentence(&deadlock, &names(&["A", "B"]));
    assert!(
        sentence.contains("task 0 holds A and waits for B")
            && sentence.contains("task 3 holds B and waits for A"),
        "{sentence}"
    );
    assert!(locks.try_acquire(0, 9, 0.0), "the locks were given back");
}

#[test]
fn a_cycle_of_three_locks_is_found() {
    let locks = Locks::new(3, false);
    let meet = Barrier::new(3);
    thread::scope(|s| {
        for (task, order) in [(0, (0, 1)), (1, (1, 2)), (2, (2, 0))] {
            let (locks, meet) = (&locks, &meet);
            s.spawn(move || take_two(locks, task, order, meet));
        }
    });
    let cycle = locks.deadlock().expect("a deadlock").cycle;
    assert_eq!(cycle.len(), 3, "{cycle:?}");
    for e in &cycle {
        let before = cycle.iter().find(|b| b.wants == e.holds);
        assert!(before.is_some(), "each holds what another wants: {cycle:?}");
    }
}

#[test]
fn one_lock_order_is_never_flagged_however_long_the_waits() {
    let locks = Locks::new(2, false);
    let meet = Barrier::new(3);
    let hold = |task: u32| {
        let now = clock();
        for lock in [0, 1] {
            if !locks.try_acquire(lock, task, now()) {
                locks.begin_wait(lock, task, now());
                assert!(locks.wait(task, &now, &|| false), "task {task} got {lock}");
            }
            if task == 0 && lock == 0 {
                meet.wait();
            }
        }
        // Longer than a deadlock must last to be reported.
        thread::sleep(Duration::from_millis((locks::PERSIST_MS * 1.5) as u64));
        locks.release(1, now());
        locks.release(0, now());
    };
    thread::scope(|s| {
        s.spawn(|| hold(0));
        for task in [1, 2] {
            let (hold, meet) = (&hold, &meet);
            s.spawn(move || {
                meet.wait();
                hold(task)
            });
        }
    });
    assert_eq!(locks.deadlock(), None);
    let stats = locks.stats();
    assert_eq!(stats[0].acquisitions, 3);
    assert!(stats[0].longest_wait_ms >= locks::PERSIST_MS, "{stats:?}");
    assert!(stats[0].held_ms >= 3.0 * locks::PERSIST_MS, "{stats:?}");
}

#[test]
fn a_stopped_run_gives_up_waiting() {
    let locks = Locks::new(1, false);
    assert!(locks.try_acquire(0, 0, 0.0));
    locks.begin_wait(0, 1, 0.0);
    assert!(!locks.wait(1, &|| 0.0, &|| true));
    assert_eq!(
        locks.poll(1, 0.0, false),
        Waiting::GaveUp,
        "no longer waiting"
    );
}

/// Increments from two threads with a window between read and write.
fn race(locked: bool) -> (u64, u64) {
    let (counters, locks) = (Counters::new(1), Locks::new(1, false));
    let times = 50_000u32;
    thread::scope(|s| {
        for task in 0..2 {
            let (counters, locks) = (&counters, &locks);
            s.spawn(move || {
                let now = clock();
                for _ in 0..times {
                    if locked && !locks.try_acquire(0, task, now()) {
                        locks.begin_wait(0, task, now());
                        assert!(locks.wait(task, &now, &|| false));
                    }
                    let v = counters.read(0);
                    std::hint::black_box((0..20).sum::<u64>());
                    counters.write(0, v + 1);
                    if locked {
                        locks.release(0, now());
                    }
                }
            });
        }
    });
    (2 * u64::from(times), counters.values()[0])
}

#[test]
fn a_lock_loses_no_update_and_a_window_without_one_loses_some() {
    let (expected, got) = race(true);
    assert_eq!(got, expected);
    // Two threads are not always scheduled at once: a few tries.
    let lost = (0..5).any(|_| {
        let (expected, got) = race(false);
        got < expected
    });
    assert!(lost, "an unlocked window never lost an update in five runs");
}

#[test]
fn sentences_name_what_was_lost() {
    let var = SharedVar {
        name: "hits".into(),
        expected: 8000,
        value: 5213,
        seen_by_tasks: vec![],
        summed: None,
    };
    assert_eq!(var.lost(), 2787);
    assert_eq!(
        var.sentence(),
        "hits: expected 8,000, got 5,213: 2,787 updates lost"
    );
}
