//! The count step with real threads: where the GIL model may switch, and what each guard keeps.

use super::*;
use crate::run::recorder::StdClock;
use crate::scenario::recipe::Names;

fn names() -> Names {
    Names {
        vars: vec!["hits".into()],
        locks: vec!["L".into()],
    }
}

/// Two threads each make `times` increments; returns (lost updates, hand-overs of the GIL).
fn race(times: u32, gap: PlanGap, guard: Guard, gil: Option<&Gil>) -> (u64, usize) {
    let rec = Recorder::new(Box::new(StdClock::default()));
    let control = RunControl::new(2);
    let shared = Shared::new(&names(), false);
    std::thread::scope(|s| {
        for task in 0..2u32 {
            let (rec, control, shared) = (&rec, &control, &shared);
            s.spawn(move || {
                let ctx = Ctx {
                    lane: Lane::Worker(task as u16),
                    task,
                    rec,
                    control,
                    gil,
                    shared,
                };
                let count = Count {
                    var: 0,
                    times,
                    gap,
                    guard,
                };
                assert!(ctx.count_blocking(0, count).is_ok());
            });
        }
    });
    let trace = rec.finish(
        &control,
        crate::run::mode::Mode::Gil,
        2,
        rec.now(),
        crate::run::trace::Outcome::Completed,
        None,
    );
    let handovers = trace
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::GilWait)
        .count();
    let outcome = shared.outcome(&names());
    assert_eq!(outcome.vars[0].expected, 2 * u64::from(times));
    (outcome.vars[0].lost(), handovers)
}

/// A GIL that wants to switch every 0.1 ms: as often as the model allows.
fn busy_gil() -> Gil {
    Gil::new(0.1, 1000.0)
}

#[test]
fn the_gil_never_switches_inside_an_increment() {
    let gil = busy_gil();
    let (lost, handovers) = race(200_000, PlanGap::None, Guard::None, Some(&gil));
    assert_eq!(
        lost, 0,
        "counter += 1 with nothing in between loses nothing under the GIL"
    );
    assert!(
        handovers > 2,
        "the GIL did change hands ({handovers} waits)"
    );
}

#[test]
fn under_the_gil_a_yield_in_the_window_loses_updates_and_a_lock_or_an_atomic_does_not() {
    let gil = busy_gil();
    // On a loaded machine one thread may finish before the other starts: a few tries.
    let lost = (0..5).any(|_| race(5_000, PlanGap::Yield, Guard::None, Some(&gil)).0 > 0);
    assert!(
        lost,
        "time.sleep(0) between read and write gives the GIL away"
    );
    assert_eq!(race(5_000, PlanGap::Yield, Guard::Lock(0), Some(&gil)).0, 0);
    assert_eq!(race(5_000, PlanGap::None, Guard::Atomic, Some(&gil)).0, 0);
}

#[test]
fn without_a_gil_the_atomic_and_the_lock_lose_nothing_and_a_window_loses_some() {
    let window = PlanGap::Cpu(Work { units: 1, seed: 1 });
    assert_eq!(race(50_000, window, Guard::Atomic, None).0, 0);
    assert_eq!(race(20_000, window, Guard::Lock(0), None).0, 0);
    // Two threads are not always scheduled at once: a few tries.
    let lost = (0..5).any(|_| race(50_000, window, Guard::None, None).0 > 0);
    assert!(
        lost,
        "an unguarded window never lost an update in five runs"
    );
}
