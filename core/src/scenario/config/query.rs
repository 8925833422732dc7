//! Reading a URL query: decoded key/value pairs and the few value shapes parameters take.

/// Milliseconds from `lo` to `hi`, rounded to the nanosecond as recipe durations are. Then the
/// shortest text of the value, which the page's link writes, has at most 9 digits, and the
/// decimal reader reads it back exactly; 17 digits (`switch=1.6666666666666666`) it need not.
pub fn number_in(value: &str, lo: f64, hi: f64) -> Option<f64> {
    let ms = crate::codec::decimal::parse(value.trim())?;
    Some((ms * 1e6).round() / 1e6).filter(|v| v.is_finite() && *v >= lo && *v <= hi)
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
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
