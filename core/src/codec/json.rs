//! JSON text written by hand, for the run report and the trace export.
//!
//! serde, its derives and serde_json cost about 15 KB of the brotli'd first-load wasm
//! (221.7 → 206.4 KB) for a few objects that are only ever written. The output is what
//! serde_json wrote, byte for byte (`tests/json_shape.rs` holds fixtures it produced): keys in
//! the order given, no spaces, the same string escapes and float digits, and null for a float
//! that is not finite.

use std::fmt::Write;

/// A value that can write itself as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// Writes an object whose fields `fields` adds, in the order it adds them.
pub fn object(out: &mut String, fields: impl FnOnce(&mut Object)) {
    out.push('{');
    fields(&mut Object { out, empty: true });
    out.push('}');
}

/// Writes an array whose items `items` adds.
pub fn array(out: &mut String, items: impl FnOnce(&mut Array)) {
    out.push('[');
    items(&mut Array { out, empty: true });
    out.push(']');
}

/// The inside of an object being written.
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl Object<'_> {
    /// Writes a key and returns where its value goes, for values built in place.
    pub fn key(&mut self, key: &str) -> &mut String {
        if !std::mem::replace(&mut self.empty, false) {
            self.out.push(',');
        }
        write_str(self.out, key);
        self.out.push(':');
        self.out
    }

    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        value.write_json(self.key(key));
        self
    }
}

/// The inside of an array being written.
pub struct Array<'a> {
    out: &'a mut String,
    empty: bool,
}

impl Array<'_> {
    /// Returns where the next item goes, for items built in place.
    pub fn next_item(&mut self) -> &mut String {
        if !std::mem::replace(&mut self.empty, false) {
            self.out.push(',');
        }
        self.out
    }

    pub fn item<T: ToJson + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.write_json(self.next_item());
        self
    }
}

/// Writes `s` as a JSON string, escaped as serde_json escapes it: the two characters JSON
/// requires, and control characters, by their short escape where JSON has one. Everything
/// else, DEL and non-ASCII included, goes through as it is.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so these slices always fall between characters.
        out.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// Whether `even` (`x` rounded to as many digits as `sci`, the shortest digits that read back
/// as `x`) reads back as `x` too, decided without a float parser (see `decimal.rs`). It is at
/// least as near to `x` as `sci` is, so it does wherever the neighbouring f64s are equally far
/// on both sides. Only a power-of-two significand has its smaller neighbour nearer; there
/// `even` is safe on the larger side.
fn nearer_reads_back(x: f64, even: &str, sci: &str) -> bool {
    let bits = x.abs().to_bits();
    let power_of_two = bits & ((1 << 52) - 1) == 0 && bits >> 52 > 1;
    !power_of_two || larger_magnitude(even, sci)
}

/// `|a| > |b|` for two `{:e}` strings with the same number of digits.
fn larger_magnitude(a: &str, b: &str) -> bool {
    let split = |s: &str| {
        let (m, e) = s
            .trim_start_matches('-')
            .split_once('e')
            .unwrap_or((s, "0"));
        (e.parse::<i32>().unwrap_or(0), m.replace('.', ""))
    };
    split(a) > split(b)
}

/// Writes `x` as serde_json writes a float: the shortest digits that read back as `x`, in
/// plain notation when its decimal exponent is within -5..=15 (always with a fraction, as in
/// `1.0`), otherwise as `1.5e-7` or `1e+21`. Not finite, it is null, which JSON has instead.
fn write_f64(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    // Rust's `{:e}` already chooses the shortest digits that read back as `x`, e.g.
    // "-1.2345e-7", and their layout is all that differs from serde_json's. Except where two
    // such digit strings are equally close to `x`: `{:e}` takes the upper, serde_json the
    // even one, which is what exact formatting to that many digits gives.
    let mut sci = format!("{x:e}");
    let digits = sci
        .bytes()
        .take_while(|&b| b != b'e')
        .filter(u8::is_ascii_digit);
    if let Some(precision) = digits.count().checked_sub(1) {
        let even = format!("{x:.precision$e}");
        if even != sci && nearer_reads_back(x, &even, &sci) {
            sci = even;
        }
    }
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let (first, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    out.push_str(sign);
    match exponent {
        // The point falls after the digits: pad with zeros, as in "1000.0".
        e @ 0..=15 if rest.len() <= e as usize => {
            out.push_str(first);
            out.push_str(rest);
            out.extend(std::iter::repeat_n('0', e as usize - rest.len()));
            out.push_str(".0");
        }
        // The point falls between the digits, as in "12.34".
        e @ 0..=15 => {
            let (whole, fraction) = rest.split_at(e as usize);
            let _ = write!(out, "{first}{whole}.{fraction}");
        }
        // The point comes before the digits, as in "0.00012".
        e @ -5..=-1 => {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-e - 1) as usize));
            out.push_str(first);
            out.push_str(rest);
        }
        e => {
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
        }
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_f64(out, *self);
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

integers!(u16, u32, u64, usize);

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        array(out, |a| {
            for item in self {
                a.item(item);
            }
        });
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

#[cfg(test)]
mod tests;
