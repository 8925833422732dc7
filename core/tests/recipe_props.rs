//! The recipe language from the outside: what it accepts, how it explains mistakes, and that
//! printing and parsing agree for every recipe within the limits.

use interleave_core::scenario::recipe::*;
use interleave_core::scenario::step::{MsStep, Step};
use proptest::prelude::*;

const EXAMPLE: &str = "# 6 web requests: parse, wait for the network, render
6 × cpu 15ms → io 120ms → cpu 5ms
2 x io 50..200ms

cpu 30ms   # a trailing comment
seed 7";

fn cpu(ms: f64) -> RecipeStep {
    Step::Cpu(Millis::Fixed(ms))
}

fn io(ms: f64) -> RecipeStep {
    Step::Io(Millis::Fixed(ms))
}

fn fail(text: &str) -> RecipeError {
    parse(text).expect_err(text)
}

fn first_step_ms(task: &[MsStep]) -> f64 {
    match task[0] {
        Step::Cpu(ms) | Step::Io(ms) => ms,
        _ => 0.0,
    }
}

#[test]
fn the_example_parses_into_groups_of_steps() {
    let r = parse(EXAMPLE).unwrap();
    assert_eq!(r.seed, 7);
    let counts: Vec<u32> = r.groups.iter().map(|g| g.count).collect();
    assert_eq!(counts, [6, 2, 1]);
    let first = [cpu(15.0), io(120.0), cpu(5.0)];
    assert_eq!(r.groups[0].steps, first);
    let wait = Millis::Range(50.0, 200.0);
    assert_eq!(r.groups[1].steps, [Step::Io(wait)]);
    assert_eq!(r.groups[2].steps, [cpu(30.0)]);
    assert_eq!(r.task_count(), 9);
    let canonical = "seed 7\n6 × cpu 15ms → io 120ms → cpu 5ms\n2 × io 50..200ms\ncpu 30ms";
    assert_eq!(r.to_string(), canonical);
}

#[test]
fn signs_arrows_spacing_case_and_units_are_flexible() {
    let plain = parse("3 × cpu 1500ms → io 0.5ms → io 2..3ms").unwrap();
    for text in [
        "3 x cpu 1500ms -> io 0.5ms -> io 2..3ms",
        "3*CPU 1.5s->Io 500us->IO 2 .. 3 ms",
        "3×cpu1.5s→io500µs→io2000..3000μs",
        "\n  3 X Cpu 1500 MS → iO 0.0005s → io 0.002..0.003s  # same\n\n",
    ] {
        assert_eq!(parse(text), Ok(plain.clone()), "{text}");
    }
    assert_eq!(parse("io 1.1s").unwrap().to_string(), "io 1100ms");
    assert_eq!(parse("io 0.5us").unwrap().to_string(), "io 0.0005ms");
    assert_eq!(parse("1 × io 0ms").unwrap().to_string(), "io 0ms");
    let seeded = parse("seed 1\ncpu 0.5ms # seed 1 is the default").unwrap();
    assert_eq!(seeded.to_string(), "cpu 0.5ms");
}

#[test]
fn each_mistake_is_located_and_explained() {
    // (text, line, column, start of `expected`, part of `hint`)
    let cases = [
        ("", 1, 1, "at least one task", "6 × cpu 20ms"),
        ("# nothing\nseed 3", 1, 1, "at least one task", "→"),
        (
            "gpu 5ms",
            1,
            1,
            "a step: cpu, io, count, lock, unlock or crash",
            "cpu or io",
        ),
        (
            "cpu 5ms → disk 5ms",
            1,
            11,
            "a step: cpu, io, count, lock, unlock or crash",
            "cpu or io",
        ),
        ("cpu", 1, 4, "a duration such as 20ms", "a unit"),
        ("io fast", 1, 4, "a duration such as 20ms", "a number"),
        ("cpu 1.2.3ms", 1, 5, "a number", "decimal point"),
        ("cpu .5ms", 1, 5, "a number", "decimal point"),
        ("cpu 15", 1, 7, "a unit", "unit after the number"),
        ("cpu 15 → io 5ms", 1, 8, "a unit", "unit after the number"),
        ("cpu 15 min", 1, 8, "a unit", "ms, s or us"),
        ("io 50ms..200ms", 1, 8, "→ or the end", "unit once"),
        ("io 50..ms", 1, 8, "the upper end", "50..200ms"),
        ("io 200..50ms", 1, 4, "a range from low to high", "smaller"),
        ("cpu 0ms", 1, 5, "a cpu duration above 0ms", "io"),
        ("cpu 0..5ms", 1, 5, "a cpu duration above 0ms", "io"),
        ("seed 1\nseed 2\ncpu 1ms", 2, 1, "one seed line", "line 1"),
        ("cpu 1ms\n seed", 2, 6, "a whole number seed", "seed 7"),
        ("seed -3", 1, 6, "a whole number seed", "seed 7"),
        ("seed 3 4", 1, 8, "end of line after the seed", "own line"),
        ("cpu 5ms io 5ms", 1, 9, "→ or the end", "→ or ->"),
        ("cpu 5ms => io 5ms", 1, 9, "→ or the end", "→ or ->"),
        ("cpu 20ms × 6", 1, 10, "→ or the end", "count comes first"),
        ("cpu 20ms x6", 1, 10, "→ or the end", "count comes first"),
        (
            "cpu 5ms →",
            1,
            10,
            "a step after the arrow",
            "drop the arrow",
        ),
        (
            "cpu 5ms → → io 1ms",
            1,
            11,
            "a step: cpu, io, count, lock, unlock or crash",
            "between",
        ),
        (
            "-> io 5ms",
            1,
            1,
            "a step: cpu, io, count, lock, unlock or crash",
            "between",
        ),
        (
            "15ms",
            1,
            1,
            "a step: cpu, io, count, lock, unlock or crash",
            "cpu 15ms",
        ),
        (
            "2 × 50..60ms",
            1,
            5,
            "a step: cpu, io, count, lock, unlock or crash",
            "cpu 15ms",
        ),
        ("6 cpu 5ms", 1, 3, "×, x or * after the count", "6 × cpu"),
        (
            "6 ×",
            1,
            4,
            "a step: cpu, io, count, lock, unlock or crash",
            "6 × cpu",
        ),
        ("2.5 × io 1ms", 1, 1, "a whole number of tasks", "6 × cpu"),
        ("0 × cpu 5ms", 1, 1, "a count of at least 1", "delete"),
    ];
    for (text, line, column, expected, hint) in cases {
        let e = fail(text);
        let at = (e.line, e.column, e.expected.starts_with(expected));
        assert_eq!(at, (line, column, true), "{text:?}: {e}");
        assert!(e.hint.contains(hint), "{text:?}: {e}");
    }
    assert_eq!(fail("cpu 5ms →").found, "end of line");
    assert_eq!(fail("cpu 20ms × 6").found, "×");
    assert_eq!(fail("io 200 .. 50 ms").found, "200 .. 50 ms");
    assert_eq!(
        fail("cpu 5ms\n# wait\n  io fast → cpu 1ms").to_string(),
        "line 3, column 6: expected a duration such as 20ms or 50..200ms, found \"fast\". \
         Hint: a number and a unit, like 20ms or 2s"
    );
    assert!(fail("cpu")
        .to_string()
        .ends_with("found end of line. Hint: a number and a unit, like 20ms or 2s"));
}

#[test]
fn limits_name_their_cap() {
    let e = fail("6000 × io 1ms\n\n  4001 × io 1ms");
    assert_eq!((e.line, e.column, e.found.as_str()), (3, 3, "10001 tasks"));
    assert_eq!(e.expected, "at most 10000 tasks in all");
    assert_eq!(e.hint, "use a smaller count: at most 10000 tasks in all");
    assert_eq!(fail("9999 × io 1ms\nio 1ms\nio 1ms").line, 3);
    assert!(parse(&"2500 × io 1ms\n".repeat(4)).is_ok());
    assert!(
        parse("10000 × io 100ms").is_ok(),
        "waits are limited per mode, not here"
    );

    let e = fail("8000 × io 1ms → io 1ms → io 1ms → io 1ms\n2000 × io 1ms → io 1ms → io 1ms → io 1ms → io 1ms");
    assert_eq!((e.line, e.column, e.found.as_str()), (2, 1, "42000 steps"));
    assert_eq!(e.expected, "at most 40,000 steps over all tasks");
    assert!(parse(&format!("2500 × {}", ["io 1ms"; 16].join(" → "))).is_ok());

    let e = fail("100 × count hits 60000\n10 × count hits 100000");
    assert_eq!((e.line, e.found.as_str()), (2, "7000000 increments"));
    assert_eq!(e.expected, "at most 6,400,000 increments in all");

    let e = fail(&["io 1ms"; 18].join(" → "));
    assert_eq!((e.column, e.found.as_str()), (16 * 9 + 1, "18 steps"));
    assert_eq!(e.expected, "at most 16 steps per task");
    assert!(parse(&["io 1ms"; 16].join(" → ")).is_ok());

    let e = fail("cpu 5.5s");
    assert_eq!(
        (e.column, e.expected.as_str()),
        (5, "at most 5000ms per step")
    );
    assert_eq!(fail("io 1..5001ms").found, "1..5001ms");
    assert!(parse("cpu 5s").is_ok());

    assert!(
        parse("20 × cpu 5s\n5 × cpu 4s\n1000 × io 5s").is_ok(),
        "exactly at the cap of CPU work; waits do not count"
    );
    let e = fail("20 × cpu 5s\n5 × cpu 4s → cpu 0.5..1ms");
    assert_eq!((e.line, e.column, e.found.as_str()), (2, 1, "120005ms"));
    assert_eq!(e.expected, "at most 120000ms of cpu work in all");
}

#[test]
fn text_from_outside_must_fit_in_a_link() {
    // Found writing the fuzz target for the URL query: a plain ?recipe= of 17 KB (a long
    // comment) was accepted, and the page's link for it, which unpacks at most 16 KB, was not.
    let long = format!("cpu 1ms\n# {}", "x".repeat(17_000));
    let e = parse_text(&long).expect_err("17 KB");
    let column = MAX_TEXT_BYTES - "cpu 1ms\n".len() + 1;
    assert_eq!((e.line, e.column), (2, column));
    assert_eq!(e.found, format!("{} bytes", long.len()));
    assert_eq!(e.expected, "at most 16384 bytes of text");
    assert!(e.hint.contains("comments"), "{e}");
    assert!(
        parse(&long).is_ok(),
        "the language itself has no such limit"
    );
    // The limit falls inside the 5459th `→` (3 bytes each); the column counts characters.
    let arrows = "cpu 1ms #".to_string() + &"→".repeat(6000);
    let e = parse_text(&arrows).expect_err("over the limit");
    assert_eq!((e.line, e.column), (1, 9 + 5458 + 1));
    // A mistake before the limit comes first, as anywhere in a recipe; one after it does not.
    let e = parse_text(&format!("cpu 1ms\nio 5 →{}", "→".repeat(6000))).unwrap_err();
    assert_eq!(
        (e.line, e.column, e.expected.as_str()),
        (2, 6, "a unit: ms, s or us")
    );
    let e = parse_text(&format!("{long}\ngpu 5ms")).unwrap_err();
    assert_eq!((e.line, e.column), (2, column));
    // A megabyte is refused at the limit like 17 KB: only the lines up to it are read.
    let huge = format!(
        "cpu 1ms\n# {}\n{}",
        "x".repeat(17_000),
        "gpu 5ms\n".repeat(120_000)
    );
    let e = parse_text(&huge).unwrap_err();
    assert_eq!((e.line, e.column), (2, column));
    assert_eq!(e.found, format!("{} bytes", huge.len()));
    let one_line = format!("cpu 1ms #{}", "x".repeat(1 << 20));
    assert_eq!(parse_text(&one_line).unwrap_err().expected, e.expected);
    let exact = format!("io 1ms\r\n#{}", "x".repeat(MAX_TEXT_BYTES - 9));
    assert_eq!(parse_text(&exact), parse(&exact));
    assert_eq!(parse_text(&(exact + "x")).unwrap_err().line, 2);
}

#[test]
fn ranges_resolve_deterministically_within_bounds() {
    let text = "seed 42\n20 × io 0..5000ms → cpu 10ms → cpu 1..2ms";
    let r = parse(text).unwrap();
    let tasks = r.tasks();
    assert_eq!(tasks, parse(text).unwrap().tasks());
    assert_eq!(tasks.len(), 20);
    let waits: Vec<f64> = tasks.iter().map(|t| first_step_ms(t)).collect();
    assert!(waits.iter().all(|ms| (0.0..=5000.0).contains(ms)));
    assert!(waits.iter().any(|ms| *ms < 1500.0) && waits.iter().any(|ms| *ms > 3500.0));
    assert!(tasks.iter().all(|t| t[1] == Step::Cpu(10.0)));
    let last = |t: &Vec<MsStep>| matches!(t[2], Step::Cpu(ms) if (1.0..=2.0).contains(&ms));
    assert!(tasks.iter().all(last));
    let reseeded = parse(&text.replace("42", "43")).unwrap();
    assert_ne!(reseeded.tasks(), tasks);
}

#[test]
fn summary_adds_up_the_resolved_tasks() {
    let s = parse("3 × cpu 10ms → io 100ms\nio 7..7ms\ncpu 0.5ms")
        .unwrap()
        .summary();
    assert_eq!((s.tasks, s.cpu_ms, s.io_ms), (5, 30.5, 307.0));
    let r = parse("4 × cpu 1..3ms → io 5ms").unwrap();
    let cpu: f64 = r.tasks().iter().map(|t| first_step_ms(t)).sum();
    let s = r.summary();
    assert_eq!((s.tasks, s.cpu_ms, s.io_ms), (4, cpu, 20.0));
    assert!((4.0..=12.0).contains(&cpu));
}

/// Durations on a half-millisecond grid, mostly short so that many steps fit under the total.
fn millis(lowest: u32) -> impl Strategy<Value = Millis> {
    let half = |k: u32| f64::from(k) / 2.0;
    prop_oneof![
        4 => (lowest..=200u32).prop_map(move |k| Millis::Fixed(half(k))),
        4 => (lowest..=200u32, 0..=200u32).prop_map(move |(a, b)| Millis::Range(half(a), half(a + b))),
        1 => (lowest..=10_000u32).prop_map(move |k| Millis::Fixed(half(k))),
    ]
}

fn step() -> impl Strategy<Value = RecipeStep> {
    prop_oneof![
        millis(1).prop_map(Step::Cpu),
        millis(0).prop_map(Step::Io),
        Just(Step::Crash),
    ]
}

fn cpu_ms(r: &Recipe) -> f64 {
    let top = |s: &RecipeStep| match s {
        Step::Cpu(ms) => ms.high(),
        _ => 0.0,
    };
    let group_ms = |g: &TaskGroup| f64::from(g.count) * g.steps.iter().map(top).sum::<f64>();
    r.groups.iter().map(group_ms).sum()
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let steps = prop::collection::vec(step(), 1..=MAX_STEPS);
    let group = (1..=16u32, steps).prop_map(|(count, steps)| TaskGroup { count, steps });
    let groups = prop::collection::vec(group, 1..=4);
    (prop_oneof![Just(1u64), any::<u64>()], groups)
        .prop_map(|(seed, groups)| Recipe {
            seed,
            groups,
            names: Names::default(),
        })
        .prop_filter("within the total", |r| cpu_ms(r) <= MAX_CPU_MS)
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "cpu",
            "io",
            "IO",
            "crash",
            "count hits 10",
            "lock A",
            "unlock A",
            " with ",
            "yield",
            " under ",
            "atomic",
            "seed",
            "→",
            "->",
            "-",
            ">",
            "×",
            "x",
            "*",
            "..",
            ".",
            "ms",
            "s",
            "us",
            "µs",
            "#",
            "\n",
            " ",
            "\t",
            "\r\n",
            "0",
            "5000",
            "99999999999999999999",
            "",
        ])
        .prop_map(str::to_string),
        "[0-9]{1,4}(\\.[0-9]{1,3})?",
        any::<char>().prop_map(String::from),
    ]
}

/// A valid recipe with a few characters cut or pasted in, so the parser fails deep in a line.
fn mangled() -> impl Strategy<Value = String> {
    let edit = (any::<prop::sample::Index>(), 0..4usize, piece());
    (recipe(), prop::collection::vec(edit, 1..4)).prop_map(|(recipe, edits)| {
        let mut chars: Vec<char> = recipe.to_string().chars().collect();
        for (at, cut, paste) in edits {
            let at = at.index(chars.len() + 1);
            let end = (at + cut).min(chars.len());
            chars.splice(at..end, paste.chars());
        }
        chars.into_iter().collect()
    })
}

/// Whatever the outcome, an error points inside the text and a recipe prints back to itself.
fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(recipe) => prop_assert_eq!(parse(&recipe.to_string()), Ok(recipe)),
        Err(e) => {
            let line = text.lines().nth(e.line - 1).unwrap_or("");
            prop_assert!(e.line >= 1 && e.column >= 1 && !e.expected.is_empty());
            prop_assert!(e.column <= line.chars().count() + 1, "{e}");
            prop_assert!(!e.found.is_empty() && !e.hint.is_empty(), "{e}");
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn printing_then_parsing_gives_back_the_recipe(recipe in recipe()) {
        let text = recipe.to_string();
        prop_assert_eq!(parse(&text), Ok(recipe.clone()), "{}", text);
        prop_assert_eq!(recipe.task_count() as usize, recipe.tasks().len());
    }

    #[test]
    fn any_string_parses_or_fails_cleanly(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn recipe_like_words_parse_or_fail_cleanly(pieces in prop::collection::vec(piece(), 0..40)) {
        let text = pieces.concat();
        check(&text)?;
    }

    #[test]
    fn mangled_recipes_parse_or_fail_cleanly(text in mangled()) {
        check(&text)?;
    }
}

#[test]
fn a_crash_step_has_no_duration_and_reads_back() {
    let r = parse("7 × cpu 20ms\ncpu 10ms → crash → io 5ms").unwrap();
    let crash: RecipeStep = Step::Crash;
    assert_eq!(r.groups[1].steps[1], crash);
    assert_eq!(parse(&r.to_string()).unwrap(), r);
    let tasks = r.tasks();
    assert_eq!(tasks[7][1], Step::Crash);
    assert_eq!(r.summary().cpu_ms, 150.0);
    let e = fail("cpu 10ms → crash 5ms");
    assert_eq!((e.line, e.column), (1, 18), "{e}");
}
