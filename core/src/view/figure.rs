//! How a measured number is written on the page: fixed decimals, never a negative zero.
//!
//! Every number a view or a sentence shows goes through here. A sum of nothing in f64 is -0.0,
//! and a tiny negative rounds to "-0": either would read as a direction a zero does not have.

/// `v` with `decimals` digits after the point; a value that rounds to zero has no sign, and
/// anything that is not a finite number is a dash, as an empty cell is.
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let text = format!("{v:.decimals$}");
    match text.strip_prefix('-') {
        Some(digits) if digits.bytes().all(|b| b == b'0' || b == b'.') => digits.to_string(),
        _ => text,
    }
}

/// A count, its thousands set apart: "200,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Milliseconds: "12.5 ms".
pub fn ms(v: f64, decimals: usize) -> String {
    with_unit(v, decimals, " ms")
}

/// A fraction as a percentage: 0.25 → "25%".
pub fn percent(fraction: f64, decimals: usize) -> String {
    with_unit(fraction * 100.0, decimals, "%")
}

/// A ratio such as a speedup: "1.95×".
pub fn times(v: f64, decimals: usize) -> String {
    with_unit(v, decimals, "×")
}

fn with_unit(v: f64, decimals: usize, unit: &str) -> String {
    let number = fixed(v, decimals);
    // A dash stands for the whole figure: "– ms" would suggest a number was meant there.
    if v.is_finite() {
        number + unit
    } else {
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_set_their_thousands_apart() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(2_400_000), "2,400,000");
    }

    #[test]
    fn zero_never_has_a_sign() {
        assert_eq!(fixed(-0.0, 1), "0.0");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.4, 0), "0");
        assert_eq!(ms(-0.0, 1), "0.0 ms");
        assert_eq!(percent(-0.0, 0), "0%");
        assert_eq!(percent(-0.004, 0), "0%");
        assert_eq!(times(-0.001, 2), "0.00×");
        let empty: f64 = [0.0f64; 0].iter().sum();
        assert_eq!(ms(empty, 1), "0.0 ms", "a sum of nothing is -0.0 in f64");
    }

    #[test]
    fn real_negatives_and_positives_keep_their_digits() {
        assert_eq!(fixed(-0.05, 1), "-0.1");
        assert_eq!(fixed(-12.0, 0), "-12");
        assert_eq!(fixed(1234.5678, 2), "1234.57");
        assert_eq!(ms(12.46, 1), "12.5 ms");
        assert_eq!(percent(0.255, 1), "25.5%");
        assert_eq!(percent(1.0, 0), "100%");
        assert_eq!(times(1.949, 2), "1.95×");
        assert_eq!(
            fixed(-10.0, 0),
            "-10",
            "a zero digit after the sign is not a zero"
        );
    }

    #[test]
    fn what_is_not_a_number_is_a_dash() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(fixed(v, 1), "–");
            assert_eq!(ms(v, 1), "–");
            assert_eq!(percent(v, 0), "–");
            assert_eq!(times(v, 2), "–");
        }
    }
}
