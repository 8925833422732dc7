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
