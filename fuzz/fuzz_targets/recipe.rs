//! The recipe language (the editor, `?recipe=`): any text is a recipe or an error that points
//! inside the text, and a recipe prints as text that reads back as the same recipe.
#![no_main]

use interleave_core::scenario::recipe::{self, RecipeError};
use interleave_core::scenario::recipe::{
    MAX_CPU_MS, MAX_STEPS, MAX_TASKS, MAX_TEXT_BYTES, MAX_TOTAL_STEPS,
};
use libfuzzer_sys::fuzz_target;

#[path = "per_byte.rs"]
mod per_byte;

/// The error's line and column name a place in the text (or just past the end of a line), and
/// it says what it found, what would fit and how to fix it.
fn check_error(text: &str, e: &RecipeError) {
    let lines: Vec<&str> = text.lines().collect();
    assert!(e.line >= 1 && e.line <= lines.len().max(1), "{e}");
    let width = lines.get(e.line - 1).map_or(0, |l| l.chars().count());
    assert!(e.column >= 1 && e.column <= width + 1, "{e}");
    assert!(!e.expected.is_empty() && !e.found.is_empty() && !e.hint.is_empty());
    let _ = e.to_string();
}

fuzz_target!(|text: &str| {
    let read = per_byte::bounded(text.as_bytes(), || recipe::parse_text(text));
    if text.len() <= MAX_TEXT_BYTES {
        assert_eq!(read, recipe::parse(text));
    }
    match read {
        Ok(r) => {
            // Canonical text may be longer than what was typed (1s is 1000ms), so it is read
            // back without the limit on typed text.
            let printed = r.to_string();
            assert_eq!(recipe::parse(&printed), Ok(r.clone()), "{printed:?}");
            // What parsed stays within the limits the page promises.
            let tasks = r.tasks();
            assert!(tasks.len() as u32 == r.task_count() && r.task_count() <= MAX_TASKS);
            assert!(tasks.iter().all(|t| !t.is_empty() && t.len() <= MAX_STEPS));
            let s = r.summary();
            assert!(s.cpu_ms <= MAX_CPU_MS, "{s:?}");
            let steps: usize = tasks.iter().map(Vec::len).sum();
            assert!(steps as u64 <= MAX_TOTAL_STEPS, "{steps}");
        }
        Err(e) => check_error(text, &e),
    }
    // Inputs stay short (libFuzzer's 4 KB), so the limit on typed text is reached by
    // repeating them: the cut then falls on every kind of character they hold. Only for one
    // length in eight: reading 16 KB with every comparison traced would take ~90 % of the time.
    if !text.is_empty() && text.len() % 8 == 0 {
        let long = text.repeat(MAX_TEXT_BYTES / text.len() + 1);
        check_error(
            &long,
            &recipe::parse_text(&long).expect_err("over the limit"),
        );
    }
});
