//! The recipe language (the editor, `?recipe=`): any text is a recipe or an error that points
//! inside the text, and a recipe prints as text that reads back as the same recipe.
#![no_main]

use interleave::model::recipe::{self, MAX_STEPS, MAX_TASKS, MAX_TOTAL_MS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match recipe::parse(text) {
        Ok(r) => {
            let printed = r.to_string();
            assert_eq!(recipe::parse(&printed), Ok(r.clone()), "{printed:?}");
            // What parsed stays within the limits the page promises.
            let tasks = r.tasks();
            assert!(tasks.len() as u32 == r.task_count() && r.task_count() <= MAX_TASKS);
            assert!(tasks.iter().all(|t| !t.is_empty() && t.len() <= MAX_STEPS));
            let s = r.summary();
            assert!(s.cpu_ms + s.io_ms <= MAX_TOTAL_MS, "{s:?}");
        }
        Err(e) => {
            // The message's line and column name a place in the text (or just past its end).
            let lines: Vec<&str> = text.lines().collect();
            assert!(e.line >= 1 && e.line <= lines.len().max(1), "{e}");
            let width = lines.get(e.line - 1).map_or(0, |l| l.chars().count());
            assert!(e.column >= 1 && e.column <= width + 1, "{e}");
            let _ = e.to_string();
        }
    }
});
