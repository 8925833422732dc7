//! Durations as people type them (`15`, `0.5`, `1.25`) read as whole nanoseconds: integer
//! arithmetic, exact, with no float parser. A duration becomes ms only at the end
//! ([`ms_of`]), so `1.1s` is exactly 1,100 ms, and every duration within the page's limits
//! prints back (as f64's shortest text) as the number that was read.

/// Nanoseconds in one millisecond.
pub const NS_PER_MS: u64 = 1_000_000;

/// The digits and at most one `.` that `text` spells (`12`, `0.5`, `.5`, `5.`), times `unit_ns`
/// nanoseconds, rounded to the nearest nanosecond; `None` if it is not such a number. Signs
/// and exponents are not durations anyone types; a value past `u64::MAX` ns (584 years) is
/// `u64::MAX`, which every limit refuses.
pub fn parse_ns(text: &str, unit_ns: u64) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    // value = number × unit_ns = (whole.fraction × 10^k) × unit_ns / 10^k, k = fraction's
    // digits. Past 18 digits a fraction cannot move a duration by half a nanosecond (the
    // smallest unit is one), and a number too big for u128 here is past u64::MAX ns anyway.
    let fraction = &fraction[..fraction.len().min(18)];
    let scale = 10u128.pow(fraction.len() as u32);
    let mut scaled: u128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        let Some(next) = scaled
            .checked_mul(10)
            .and_then(|s| s.checked_add(u128::from(b - b'0')))
        else {
            return Some(u64::MAX);
        };
        scaled = next;
    }
    let ns = match scaled.checked_mul(u128::from(unit_ns)) {
        Some(product) => product.saturating_add(scale / 2) / scale,
        None => u128::MAX,
    };
    Some(u64::try_from(ns).unwrap_or(u64::MAX))
}

/// Milliseconds as typed (a URL's `yield=0.5`), rounded to the nanosecond.
pub fn parse_ms(text: &str) -> Option<f64> {
    parse_ns(text, NS_PER_MS).map(ms_of)
}

/// Whole nanoseconds as ms: one correctly rounded division, so the ms value is the nearest
/// f64 to the exact decimal, as reading that decimal's text would give.
pub fn ms_of(ns: u64) -> f64 {
    ns as f64 / NS_PER_MS as f64
}

#[cfg(test)]
mod tests;
