//! Reading decimal numbers (`15`, `0.5`, `1.5e3`) as f64 without core's float parser, whose
//! 10 KB table of powers of five cost about 11 KB of the brotli'd first-load wasm.
//!
//! Exact (the nearest f64, as `str::parse` gives) whenever the digits fit in 2^53 and the
//! decimal exponent is within ±22, which covers everything a person types here: durations,
//! intervals, speeds. Longer inputs are read to within a few units in the last place.
//! Machine-to-machine numbers (process messages) cross as bits instead, never as decimals.

/// The number `text` spells, or `None` if it is not one: optional sign, digits with at most
/// one `.`, optional exponent (`e` or `E`, optional sign, digits). Spaces are not allowed.
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, mut i) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let (mut mantissa, mut exponent, mut digits, mut dot) = (0u64, 0i32, 0usize, false);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    exponent -= i32::from(dot);
                } else {
                    // Digits past 19 only nudge the value; keep its magnitude.
                    exponent += i32::from(!dot);
                }
            }
            b'.' if !dot => dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        let rest = &text[i + 1..];
        let given: i32 = match rest.strip_prefix('+') {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => r.parse().ok()?,
            _ => rest.parse().ok()?,
        };
        exponent = exponent.checked_add(given)?;
    } else if i != bytes.len() {
        return None;
    }
    let value = scale(mantissa, exponent);
    Some(if negative { -value } else { value })
}

/// `mantissa × 10^exponent`. With the mantissa exact in an f64 and 10^|exponent| too (up to
/// 10^22), one multiplication or division rounds once, so the result is the nearest f64.
fn scale(mantissa: u64, exponent: i32) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = mantissa as f64;
    if mantissa == 0 {
        return 0.0;
    }
    match exponent.unsigned_abs() as usize {
        e if e < EXACT.len() && mantissa < 1 << 53 => {
            if exponent < 0 {
                m / EXACT[e]
            } else {
                m * EXACT[e]
            }
        }
        _ if exponent < -330 => 0.0,
        _ if exponent > 310 => f64::INFINITY,
        // Outside the exact range: split the power so no step overflows or underflows early.
        _ if exponent < 0 => m / 10f64.powi(-exponent / 2) / 10f64.powi(-exponent - -exponent / 2),
        _ => m * 10f64.powi(exponent / 2) * 10f64.powi(exponent - exponent / 2),
    }
}

#[cfg(test)]
mod tests;
