//! The nanosecond reader: exact where a float reader would round, and every duration it reads
//! prints back as itself.

use super::*;
use proptest::prelude::*;

#[test]
fn typed_durations_are_whole_nanoseconds() {
    assert_eq!(parse_ns("1.1", 1_000_000_000), Some(1_100_000_000));
    assert_eq!(parse_ns("0.01", NS_PER_MS), Some(10_000));
    assert_eq!(parse_ns("5", 1_000), Some(5_000));
    assert_eq!(parse_ns(".5", NS_PER_MS), Some(500_000));
    assert_eq!(parse_ns("5.", NS_PER_MS), Some(5_000_000));
    // Below a nanosecond, to the nearest one.
    assert_eq!(parse_ns("0.0000004", NS_PER_MS), Some(0));
    assert_eq!(parse_ns("0.0000006", NS_PER_MS), Some(1));
    assert_eq!(parse_ms("1100"), Some(1100.0));
    assert_eq!(parse_ms("0.1"), Some(0.1));
}

#[test]
fn anything_but_digits_and_one_point_is_no_duration() {
    for text in ["", ".", "-1", "+1", "1e3", "1.2.3", " 1", "1 ", "1,5", "١"] {
        assert_eq!(parse_ns(text, NS_PER_MS), None, "{text:?}");
    }
}

#[test]
fn huge_numbers_saturate_instead_of_wrapping() {
    let huge = "9".repeat(60);
    assert_eq!(parse_ns(&huge, NS_PER_MS), Some(u64::MAX));
    assert_eq!(parse_ns(&format!("{huge}.{huge}"), 1), Some(u64::MAX));
}

proptest! {
    /// Any whole number of nanoseconds within a day, written in ms as f64 prints it, reads
    /// back as the same nanoseconds: the page's links and recipes round-trip exactly.
    #[test]
    fn printed_ms_read_back_exactly(ns in 0u64..86_400_000_000_000) {
        let printed = ms_of(ns).to_string();
        prop_assert_eq!(parse_ns(&printed, NS_PER_MS), Some(ns), "{}", printed);
    }

    /// Where std's float parser reads a plain decimal, the ms agree with it to the nanosecond.
    #[test]
    fn agrees_with_the_float_parser(whole in 0u64..10_000_000, frac in "[0-9]{0,9}") {
        let text = if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") };
        let ms = parse_ms(&text).expect("a plain decimal");
        let float: f64 = text.parse().expect("std reads it");
        // Half a nanosecond of rounding, and the last place of an f64.
        prop_assert!((ms - float).abs() <= 5e-7 + float * 1e-15, "{}: {} vs {}", text, ms, float);
    }
}
