//! The duration reader under the recipe and the query: on any text it answers without
//! panicking, and what it reads as ms agrees with std's float reader to the nanosecond.
#![no_main]

use interleave_core::codec::nanos::{parse_ms, parse_ns, NS_PER_MS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Some(ns) = parse_ns(text, NS_PER_MS) else {
        return;
    };
    let ms = parse_ms(text).expect("the same reader");
    let want: f64 = text.parse().expect("a duration std cannot read");
    if ns < u64::MAX {
        // Rounded to the nearest ns, then one rounding to f64.
        assert!(
            (ms - want).abs() <= 5e-7 + want.abs() * 1e-15,
            "{text}: {ms} vs {want}"
        );
    }
});
