//! Tests for `decimal`: what it accepts, and that it reads like `str::parse` where it claims to.

use super::parse;
use proptest::prelude::*;

#[test]
fn reads_what_people_type() {
    for (text, want) in [
        ("15", 15.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("-2.25", -2.25),
        ("+3", 3.0),
        ("1.5e3", 1500.0),
        ("2E-3", 0.002),
        ("1e+2", 100.0),
        ("0", 0.0),
        ("0.0001", 0.0001),
    ] {
        assert_eq!(parse(text), Some(want), "{text}");
    }
    for bad in [
        "", ".", "-", "1.2.3", "1e", "1e+", "e5", "1 ", " 1", "1x", "inf", "NaN", "0x10", "1..2",
    ] {
        assert_eq!(parse(bad), None, "{bad:?}");
    }
}

proptest! {
    #[test]
    fn short_decimals_read_exactly_as_str_parse_reads_them(
        m in 0u64..(1 << 53),
        e in -22i32..=22,
        neg in any::<bool>(),
    ) {
        let text = format!("{}{m}e{e}", if neg { "-" } else { "" });
        prop_assert_eq!(parse(&text), text.parse::<f64>().ok());
    }

    #[test]
    fn shortest_printed_floats_of_everyday_size_read_back_exactly(x in 1e-6..1e15f64) {
        let text = x.to_string();
        // Up to 15 significant digits, as anything typed is.
        let short: f64 = format!("{x:.14e}").parse().unwrap();
        prop_assert_eq!(parse(&format!("{short:e}")), Some(short));
        prop_assert!(parse(&text).is_some_and(|y| ((y - x) / x).abs() < 1e-15));
    }

    #[test]
    fn anything_longer_is_close(text in "[0-9]{1,30}(\\.[0-9]{1,30})?(e-?[0-9]{1,3})?") {
        let want: f64 = text.parse().unwrap();
        let got = parse(&text).unwrap();
        if want.is_finite() && want > 1e-300 {
            prop_assert!(((got - want) / want).abs() < 1e-13, "{} vs {}", got, want);
        }
    }
}
