//! CPython's trace files (dropped or pasted on the page): any text is a trace or an error that
//! says what is wrong, and a trace it accepts stays within the bounds the page draws: every span
//! ends after it starts and by the wall time, and every string shown is short.
#![no_main]

use interleave_core::python::import;
use interleave_core::run::budget::MAX_SPANS_PER_MODE;
use libfuzzer_sys::fuzz_target;

#[path = "per_byte.rs"]
mod per_byte;

fuzz_target!(|text: &str| {
    match per_byte::bounded(text.as_bytes(), || import(text)) {
        Ok(trace) => {
            assert!(trace.is_imported());
            assert!(trace.spans.len() <= MAX_SPANS_PER_MODE);
            assert!(trace.wall_ms.is_finite() && trace.wall_ms >= 0.0);
            for s in &trace.spans {
                assert!(s.start >= 0.0 && s.end >= s.start && s.end <= trace.wall_ms + 1.0);
            }
            assert!(trace.label().chars().count() < 200 && trace.python().chars().count() < 200);
        }
        Err(e) => assert!(!e.what.is_empty() && e.to_string().starts_with("Not imported: ")),
    }
});
