//! The decimal reader under the recipe and the query: whatever it reads, `str::parse` reads
//! the same way, exactly where `decimal.rs` promises it, and within 1e-13 elsewhere.
#![no_main]

use interleave_core::codec::decimal;
use libfuzzer_sys::fuzz_target;

/// Whether `decimal.rs` promises the nearest f64 for `text`: at most 15 significant digits
/// (under 2^53) and a decimal exponent within ±22. `None` if the exponent does not fit an i32.
fn promised_exact(text: &str) -> Option<bool> {
    let body = text.trim_start_matches(['+', '-']);
    let (number, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], body[at + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    let scale = i64::from(exponent) - fraction.len() as i64;
    Some(significant.len() <= 15 && scale.abs() <= 22)
}

fuzz_target!(|text: &str| {
    let Some(got) = decimal::parse(text) else {
        return;
    };
    let want: f64 = text.parse().expect("decimal read what str::parse refuses");
    if promised_exact(text) == Some(true) {
        assert_eq!(got.to_bits(), want.to_bits(), "{text}");
    } else if want.abs() > 1e-300 && want.abs() < 1e300 {
        assert!(
            ((got - want) / want).abs() < 1e-13,
            "{text}: {got} vs {want}"
        );
    } else {
        // Nothing the page reads comes near these magnitudes; only the sign has to agree.
        assert_eq!(got.is_sign_negative(), want.is_sign_negative(), "{text}");
    }
});
