//! Reading a URL query: decoded key/value pairs and the few value shapes parameters take.

/// Milliseconds from `lo` to `hi`, in whole nanoseconds as recipe durations are, so the page's
/// link writes back exactly what it read.
pub fn number_in(value: &str, lo: f64, hi: f64) -> Option<f64> {
    crate::codec::nanos::parse_ms(value.trim()).filter(|v| *v >= lo && *v <= hi)
}

pub fn whole_in(value: &str, lo: u64, hi: u64) -> Option<u64> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|v| (lo..=hi).contains(v))
}

/// A yes/no value; a bare key (`?autorun`) means yes.
pub fn flag(value: &str) -> Option<bool> {
    match value.trim() {
        "" | "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// Splits a query into decoded key/value pairs.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding with `+` as space; malformed escapes are kept as they are.
pub fn decode(s: &str) -> String {
    // A form's `+` is a space; `%` not followed by two hex digits stays as it is.
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}
