//! Reading trace files: a good one becomes a row; anything else, truncated, mangled or hostile,
//! is a clear error and never a panic. And the comparison with the browser's run.

use super::super::*;
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, SpanKind};
use crate::testing::{span, trace};
use proptest::prelude::*;

const GOOD: &str = r#"{"format": "interleave-python-trace", "version": 1, "python": "3.11.2",
 "implementation": "CPython", "machine": "x86_64", "system": "Linux", "cpus": 2, "gil": true,
 "mode": "cooperative", "threads": 1, "recipe": "2 \u00d7 io 100ms", "units_per_ms": 4.5,
 "wall_ms": 101.5, "results": [0, 0],
 "spans": [[0, 0, 0, "io", 0.01, 100.2], [0, 1, 0, "io", 0.02, 100.9e0]]}"#;

fn error(text: &str) -> String {
    import(text).expect_err(text).to_string()
}

#[test]
fn a_good_trace_becomes_an_imported_row() {
    let t = import(GOOD).unwrap();
    assert_eq!(
        (t.mode, t.threads, t.outcome),
        (Mode::Cooperative, 1, Outcome::Completed)
    );
    assert_eq!(t.wall_ms, 101.5);
    assert_eq!(t.spans.len(), 2);
    assert_eq!(t.spans[1].lane, Lane::MainLoop);
    assert_eq!(t.spans[1].end, 100.9);
    assert!(t.is_imported());
    assert_eq!(t.label(), "CPython 3.11.2 · asyncio");
    assert_eq!(t.python(), "imported: Linux on x86_64, 2 CPUs");
    assert!(t.epoch_ms.is_nan(), "not on the page's clock");
}

#[test]
fn mistakes_say_what_and_where() {
    assert_eq!(
        error(""),
        "Not imported: the text is empty; paste or drop the trace file the Python program wrote."
    );
    assert_eq!(error("{\"a\": [1, 2"), "Not imported: at line 1, column 12, expected a comma or ] in an array: this is not complete JSON.");
    assert!(error("[1]").contains("at the top, expected an object, found an array"));
    assert!(error("{\"format\": \"chrome\"}")
        .contains("not a file written by Interleave's Python programs"));
    let with = |from: &str, to: &str| error(&GOOD.replace(from, to));
    assert!(with("\"version\": 1", "\"version\": 2").contains("at \"version\", expected 1"));
    assert!(with("\"cooperative\"", "\"fibers\"").contains("found \"fibers\""));
    assert!(with("\"threads\": 1", "\"threads\": 0.5")
        .contains("at \"threads\", expected a whole number"));
    assert!(with("\"io\", 0.02", "\"nap\", 0.02").contains("at spans[1][3], expected a kind"));
    assert!(with("0.02, 100.9e0", "0.02, -1").contains("at spans[1][5]"));
    assert!(
        with("100.9e0", "500").contains("at spans[1][5]"),
        "past the wall time"
    );
    assert!(with("[0, 1, 0,", "[3, 1, 0,").contains("asyncio runs on one thread"));
    assert!(
        with("\"wall_ms\": 101.5, ", "").contains("\"wall_ms\", expected a value: it is missing")
    );
    assert!(with(
        "\"python\": \"3.11.2\"",
        "\"python\": \"3.11.2\", \"python\": 1"
    )
    .contains("each key once"));
}

#[test]
fn hostile_input_is_capped() {
    let deep = "[".repeat(100_000);
    assert!(error(&deep).contains("nested less deep"));
    let huge = " ".repeat(MAX_IMPORT_BYTES + 1);
    assert!(error(&huge).contains("at most"));
    let long = GOOD.replace("x86_64", &"<b>".repeat(1000));
    let t = import(&long).unwrap();
    assert!(
        t.python().chars().count() < 120,
        "shown strings are cut: {}",
        t.python()
    );
}

#[test]
fn the_comparison_says_same_or_where_it_differs() {
    let imported = import(GOOD).unwrap();
    let io = |lane, task, start, end| span(lane, task, SpanKind::Io, start, end);
    // Two waits on the loop, the second starting at `second`.
    let waits = |wall, second| {
        let (a, b) = (
            io(Lane::MainLoop, 0, 0.0, 99.0),
            io(Lane::MainLoop, 1, second, second + 99.5),
        );
        trace(Mode::Cooperative, wall, 2, vec![a, b])
    };
    let ours = waits(100.0, 0.0);
    let recipe = crate::scenario::recipe::parse("2 x io 100ms").unwrap();
    let v = compare(&imported, std::slice::from_ref(&ours), Some(&recipe));
    assert!(v.matches, "{}", v.sentence);
    assert_eq!(v.sentence, "CPython's asyncio finished in 102 ms, up to 2 waits at once; the browser's cooperative mode in 100 ms, up to 2 waits at once: the same shape.");
    let other = crate::scenario::recipe::parse("3 x io 100ms").unwrap();
    let v = compare(&imported, std::slice::from_ref(&ours), Some(&other));
    assert!(
        !v.matches
            && v.sentence
                .contains("import the trace of the recipe that ran here"),
        "{}",
        v.sentence
    );
    let one_at_a_time = waits(200.0, 100.0);
    let v = compare(&imported, &[one_at_a_time], Some(&recipe));
    assert!(
        !v.matches && v.sentence.contains("They differ: 2 and 1 waits at once"),
        "{}",
        v.sentence
    );
    let v = compare(&imported, &[], Some(&recipe));
    assert!(
        v.sentence.contains("Run the cooperative mode here"),
        "{}",
        v.sentence
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_is_a_trace_or_an_error(text in "\\PC{0,200}") {
        let _ = import(&text);
    }

    #[test]
    fn a_cut_or_mangled_trace_is_an_error_never_a_panic(cut in 0usize..400, at in 0usize..400, byte in any::<u8>()) {
        let cut_text: String = GOOD.chars().take(cut).collect();
        if cut_text.len() < GOOD.len() {
            prop_assert!(import(&cut_text).is_err());
        }
        let mut bytes = GOOD.as_bytes().to_vec();
        let i = at % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = import(text);
        }
    }
}

#[test]
fn the_pace_of_cpu_work_tells_a_gil_from_free_threads() {
    let recipe = crate::scenario::recipe::parse("4 x cpu 40ms").unwrap();
    let cpu = |lane, task, start, end| span(Lane::Worker(lane), task, SpanKind::Cpu, start, end);
    let mut python = trace(
        Mode::Threads,
        170.0,
        4,
        vec![cpu(0, 0, 0.0, 80.0), cpu(1, 1, 0.0, 85.0)],
    );
    python.source = import(GOOD).unwrap().source;
    if let crate::run::trace::Source::Python(run) = &mut python.source {
        run.recipe = "4 × cpu 40ms".into();
    }
    let free = trace(
        Mode::Threads,
        82.0,
        4,
        vec![cpu(0, 0, 0.0, 40.0), cpu(1, 1, 0.0, 40.0)],
    );
    let v = compare(&python, &[free], Some(&recipe));
    assert!(
        !v.matches && v.sentence.contains("this CPython has a GIL"),
        "{}",
        v.sentence
    );
    assert!(
        v.sentence.contains("CPU work at 0.9× one core's pace"),
        "{}",
        v.sentence
    );
}

#[test]
fn a_repeated_key_is_found_among_many() {
    use crate::python::read::parse;
    // 100,000 keys: found where it is, in one pass (the reader once compared every key with
    // every earlier one).
    let mut text = String::from("{");
    for k in 0..100_000 {
        text.push_str(&format!("\"k{k}\": {k}, "));
    }
    let ok = format!("{}\"last\": 0}}", text);
    assert!(parse(&ok).is_ok());
    let repeated = format!("{}\"k5\": 0}}", text);
    let err = parse(&repeated).unwrap_err();
    assert_eq!(err.what, "each key once in an object");
    assert_eq!((err.line, err.column), (1, text.chars().count() + 1));
}
