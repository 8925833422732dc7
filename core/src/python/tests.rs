//! The generator: every mode and every kind of step has its Python form, and every program it
//! writes parses (checked by the machine's `python3`, as CI has it); one program really runs
//! and its trace reads back. Import and comparison tests are in `tests/`.

mod costs;
mod import;
mod shared;

use super::number;
use super::steps::{form, render};
use super::*;
use crate::run::mode::Mode;
use crate::scenario::recipe::{parse, Names};
use crate::scenario::step::Step;
use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// What `python3` says of `source`: `Ok` when `ast.parse` accepts it.
fn python_parses(source: &str) -> Result<(), String> {
    let mut child = Command::new("python3")
        .args(["-c", "import ast, sys; ast.parse(sys.stdin.read())"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 must be on PATH for these tests (CPython 3.9 or later)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn text(recipe: &str, mode: Mode, threads: usize, yield_ms: Option<f64>) -> String {
    program(&parse(recipe).unwrap(), mode, threads, yield_ms).text
}

#[test]
fn every_kind_of_step_has_a_python_form() {
    let steps = [Step::Cpu(12.5), Step::Io(100.0), Step::Crash];
    for step in steps {
        let f = form(&step, &Names::default());
        assert!(
            f.literal.starts_with(&format!("(\"{}\", ", f.kind)),
            "{f:?}"
        );
        for asyncio in [false, true] {
            let branch = render(f.branch, asyncio);
            assert!(branch.contains(&format!("if kind == \"{}\":", f.kind)));
            assert!(
                !branch.contains("{await}") && !branch.contains("{sleep}"),
                "{branch}"
            );
        }
    }
    let cpu = form(&Step::Cpu(12.5), &Names::default());
    assert_eq!(cpu.literal, "(\"cpu\", 12.5)");
    assert_eq!(number(1.0 / 3.0), "0.333");
    assert_eq!(number(-0.0), "0");
}

#[test]
fn every_mode_is_its_python_idiom() {
    let recipe = "4 × cpu 30ms → io 20ms → crash";
    let cases = [
        (Mode::Sequential, "for task, steps in enumerate(TASKS)]"),
        (Mode::Cooperative, "asyncio.gather("),
        (Mode::Gil, "ThreadPoolExecutor(max_workers=WORKERS)"),
        (Mode::Processes, "multiprocessing.Pool(WORKERS"),
        (Mode::Threads, "python3.13t"),
    ];
    for (mode, idiom) in cases {
        let py = text(recipe, mode, 3, None);
        assert!(py.contains(idiom), "{mode:?} lacks {idiom}:\n{py}");
        assert!(py.contains(&format!("MODE = \"{}\"", mode.key())));
        assert!(py.contains("TASKS = 4 * [[(\"cpu\", 30), (\"io\", 20), (\"crash\", 0)]]"));
        assert!(py.contains("raise Crash("), "{mode:?}");
        let workers = if mode.has_pool_size() { 3 } else { 1 };
        assert!(py.contains(&format!("WORKERS = {workers}\n")), "{mode:?}");
        python_parses(&py).unwrap_or_else(|e| panic!("{mode:?}: {e}\n{py}"));
    }
    let asyncio = text(recipe, Mode::Cooperative, 1, None);
    assert!(asyncio.contains("await asyncio.sleep(ms / 1000)"));
    assert!(
        !asyncio.contains("time.sleep("),
        "asyncio never blocks the loop"
    );
    assert!(
        !asyncio.contains("YIELD_MS"),
        "a CPU step runs to completion, as in asyncio"
    );
    let threading = text(recipe, Mode::Gil, 2, None);
    assert!(threading.contains("time.sleep(ms / 1000)"));
}

#[test]
fn a_yield_interval_slices_asyncio_cpu_work_and_nothing_else() {
    let py = text("2 × cpu 30ms", Mode::Cooperative, 1, Some(5.0));
    assert!(py.contains("YIELD_MS = 5 "), "{py}");
    assert!(py.contains("await asyncio.sleep(0)"));
    python_parses(&py).unwrap();
    // Only asyncio yields, and only where there is CPU work to slice.
    assert!(!text("2 × cpu 30ms", Mode::Gil, 2, Some(5.0)).contains("YIELD_MS"));
    assert!(!text("2 × io 30ms", Mode::Cooperative, 1, Some(5.0)).contains("YIELD_MS"));
}

#[test]
fn only_the_kinds_a_recipe_uses_are_in_its_program() {
    let py = text("3 × io 40ms", Mode::Sequential, 1, None);
    assert!(!py.contains("Crash"), "{py}");
    assert!(!py.contains("if kind == \"cpu\""));
    let mixed = text("2 × cpu 5ms\nio 10..20ms\nio 10..20ms", Mode::Gil, 2, None);
    assert!(
        mixed.contains("TASKS = (\n    2 * [[(\"cpu\", 5)]]\n    + [["),
        "{mixed}"
    );
}

#[test]
fn programs_are_ascii_apart_from_the_recipe() {
    let py = text("2 × cpu 5ms → io 5ms", Mode::Processes, 2, None);
    let odd: String = py
        .chars()
        .filter(|c| !c.is_ascii() && !"×→".contains(*c))
        .collect();
    assert_eq!(odd, "");
}

/// Runs the program of `recipe` with `python3` and reads its trace back.
fn run_program(recipe: &str, mode: Mode, threads: usize) -> crate::run::trace::Trace {
    let dir = std::env::temp_dir().join(format!(
        "interleave-python-{}-{}",
        std::process::id(),
        mode.key()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (script, trace) = (dir.join("p.py"), dir.join("t.json"));
    std::fs::write(&script, text(recipe, mode, threads, None)).unwrap();
    let status = Command::new("python3")
        .arg(&script)
        .arg(&trace)
        .status()
        .unwrap();
    assert!(status.success());
    let t = import(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    t
}

#[test]
fn a_program_runs_and_its_trace_reads_back() {
    let t = run_program("2 × cpu 3ms → io 5ms\ncpu 2ms → crash", Mode::Gil, 2);
    assert_eq!((t.mode, t.threads), (Mode::Gil, 2));
    assert_eq!(t.outcome, crate::run::trace::Outcome::Crashed);
    assert_eq!(t.results.len(), 3);
    assert!(
        t.results[0].is_some() && t.results[2].is_none(),
        "{:?}",
        t.results
    );
    let kinds: Vec<_> = t
        .spans
        .iter()
        .filter(|s| s.task == 0)
        .map(|s| s.kind.key())
        .collect();
    assert_eq!(kinds, ["cpu", "io"]);
    assert!(t
        .spans
        .iter()
        .any(|s| s.task == 2 && s.kind.key() == "crash"));
    assert!(t.label().starts_with("CPython 3."), "{}", t.label());
}

#[test]
fn ten_thousand_coroutines_run_in_cpython_and_read_back() {
    let t = run_program("10000 × io 20ms", Mode::Cooperative, 1);
    assert_eq!(t.results.len(), 10_000);
    assert!(t.results.iter().all(Option::is_some));
    let waits = t.spans.iter().filter(|s| s.kind.key() == "io").count();
    assert_eq!(waits, 10_000);
}

#[test]
fn highlighting_keeps_every_character_and_marks_the_words() {
    let py = text("2 × cpu 5ms → crash", Mode::Cooperative, 1, Some(1.0));
    let pieces = highlight(&py);
    assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), py);
    let has = |t: Token, s: &str| pieces.contains(&(t, s));
    assert!(has(Token::Keyword, "async"));
    assert!(has(Token::Definition, "run_task"));
    assert!(has(Token::Number, "1000"));
    assert!(has(Token::Text, "\"cpu\""));
    assert!(has(Token::Comment, "# when the run started"));
    assert!(pieces
        .iter()
        .any(|p| p.0 == Token::Text && p.1.starts_with("\"\"\"2 × cpu")));
}

fn recipe_text() -> impl Strategy<Value = String> {
    let step = prop_oneof![
        (1u32..500).prop_map(|ms| format!("cpu {ms}ms")),
        (1u32..500, 1u32..500).prop_map(|(a, b)| format!("io {}..{}ms", a.min(b), a.max(b) + 1)),
        Just("crash".to_string()),
        Just("count hits 3 with yield".to_string()),
        Just("count hits 2 with cpu 0.01ms under L".to_string()),
        Just("count n 2 atomic".to_string()),
        Just("lock A → io 1ms → unlock A".to_string()),
    ];
    let group = (1u32..6, prop::collection::vec(step, 1..5))
        .prop_map(|(n, steps)| format!("{n} × {}", steps.join(" → ")));
    prop::collection::vec(group, 1..4).prop_map(|g| g.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_program_parses(recipe in recipe_text(), mode in 0usize..5, threads in 1usize..33,
                            yield_ms in prop::option::of(1u32..50)) {
        let mode = Mode::ALL[mode];
        let py = text(&recipe, mode, threads, yield_ms.map(f64::from));
        prop_assert!(python_parses(&py).is_ok(), "{}", py);
    }

    #[test]
    fn highlighting_any_text_keeps_it(source in "\\PC*|[\"'#fr0-9a-z_ \n\\\\]{0,40}") {
        let pieces = highlight(&source);
        prop_assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), source);
    }
}
