//! The recipe language's shared-state steps: counters, windows, guards and locks, what they
//! mean, the mistakes they explain, and that any such recipe prints back to itself.

use interleave_core::scenario::recipe::*;
use interleave_core::scenario::step::{Count, Gap, Guard, Step};
use proptest::prelude::*;

fn fail(text: &str) -> RecipeError {
    parse(text).expect_err(text)
}

#[test]
fn counters_windows_guards_and_locks_parse_and_read_back() {
    let text = "4 × count hits 2000 with cpu 0.01ms → count hits 10 times with io 1ms under L\n\
                lock A → count total 5 atomic → count hits 3 with yield → unlock A";
    let r = parse(text).unwrap();
    assert_eq!(r.names.vars, ["hits", "total"]);
    assert_eq!(r.names.locks, ["L", "A"]);
    let count = |var, times, gap, guard| {
        Step::Count(Count {
            var,
            times,
            gap,
            guard,
        })
    };
    let tasks = r.tasks();
    assert_eq!(
        tasks[0],
        [
            count(0, 2000, Gap::Cpu(0.01), Guard::None),
            count(0, 10, Gap::Io(1.0), Guard::Lock(0)),
        ]
    );
    assert_eq!(
        tasks[4],
        [
            Step::Lock(1),
            count(1, 5, Gap::None, Guard::Atomic),
            count(0, 3, Gap::Yield, Guard::None),
            Step::Unlock(1),
        ]
    );
    assert_eq!(parse(&r.to_string()), Ok(r.clone()));
    assert_eq!(
        r.to_string().lines().next(),
        Some("4 × count hits 2000 with cpu 0.01ms → count hits 10 with io 1ms under L")
    );
    // 2000 calls of 0.01 ms compute, 10 waits of 1 ms wait, per task.
    let s = r.summary();
    assert!((s.cpu_ms - 4.0 * 20.0).abs() < 1e-9 && (s.io_ms - 40.0).abs() < 1e-9);
}

#[test]
fn lock_mistakes_say_where_and_how_to_fix_them() {
    let cases = [
        (
            "lock A → lock A → unlock A",
            10,
            "does not hold",
            "unlock A first",
        ),
        ("unlock A", 1, "holds", "lock A before"),
        ("lock A → cpu 5ms", 17, "every lock given back", "unlock A"),
        (
            "lock L → count x 5 under L → unlock L",
            10,
            "does not hold",
            "unlock L first",
        ),
        ("count 5", 7, "a name", "a letter"),
        ("count x", 8, "how many", "whole number"),
        (
            "count x 5 with cpu 1..2ms",
            20,
            "a fixed duration",
            "one length",
        ),
        ("count x 5 with sleep", 16, "cpu, io or yield", "with yield"),
        ("count x 5 twice", 11, "with, atomic, under", "under L"),
        (
            "count x 10001 with yield",
            9,
            "at most 10000",
            "records a wait",
        ),
        ("count x 100001", 9, "at most 100000", "more tasks"),
    ];
    for (text, column, expected, hint) in cases {
        let e = fail(text);
        assert_eq!((e.line, e.column), (1, column), "{text}: {e}");
        assert!(e.expected.contains(expected), "{text}: {e}");
        assert!(e.hint.contains(hint), "{text}: {e}");
    }
    let many: Vec<String> = (0..9).map(|i| format!("count c{i} 1")).collect();
    let e = fail(&many.join(" → "));
    assert!(e.expected.contains("at most 8 counters"), "{e}");
}

/// A recipe of shared-state steps: counters and locks named in first-mention order, each
/// task's locks taken and given back in a nested order.
fn shared_recipe() -> impl Strategy<Value = Recipe> {
    let gap = prop_oneof![
        Just(Gap::None),
        Just(Gap::Yield),
        (1..=20u32).prop_map(|k| Gap::Cpu(Millis::Fixed(f64::from(k) / 100.0))),
        (0..=4u32).prop_map(|k| Gap::Io(Millis::Fixed(f64::from(k) / 2.0))),
    ];
    // A lock guard is lock M, which no task holds around its counts (L0–L2 are those).
    let guard = prop_oneof![
        Just(Guard::None),
        Just(Guard::Atomic),
        Just(Guard::Lock(u8::MAX))
    ];
    let count = (0..3u8, 1..=50u32, gap, guard);
    let task = (prop::collection::vec(count, 1..5), prop::option::of(0..3u8));
    let groups = prop::collection::vec((1..=4u32, task), 1..=3);
    groups.prop_map(|groups| {
        let mut names = Names::default();
        let index = |list: &mut Vec<String>, name: String| {
            let i = list.iter().position(|n| *n == name).unwrap_or_else(|| {
                list.push(name);
                list.len() - 1
            });
            i as u8
        };
        let mut out = Vec::new();
        for (n, (counts, lock)) in groups {
            let mut steps = Vec::new();
            let lock = lock.map(|l| index(&mut names.locks, format!("L{l}")));
            if let Some(l) = lock {
                steps.push(Step::Lock(l));
            }
            for (var, times, gap, guard) in counts {
                let var = index(&mut names.vars, format!("v{var}"));
                let guard = match guard {
                    Guard::Lock(_) => Guard::Lock(index(&mut names.locks, "M".into())),
                    g => g,
                };
                steps.push(Step::Count(Count {
                    var,
                    times,
                    gap,
                    guard,
                }));
            }
            if let Some(l) = lock {
                steps.push(Step::Unlock(l));
            }
            out.push(TaskGroup { count: n, steps });
        }
        Recipe {
            seed: 1,
            groups: out,
            names,
        }
    })
}

proptest! {
    #[test]
    fn shared_state_recipes_print_back_to_themselves(recipe in shared_recipe()) {
        let text = recipe.to_string();
        prop_assert_eq!(parse(&text), Ok(recipe.clone()), "{}", text);
    }
}
