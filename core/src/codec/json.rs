//! JSON for the run report and the trace export: objects and arrays put together field by
//! field, in a fixed order, from several sources (a run's config, its environment, each
//! mode's stats and trace), with every string and float written by serde_json.
//!
//! Why the structure is not a serde derive: each object here is assembled from parts that
//! live in different types and is only ever written, so a derive would need a struct per
//! object just to hold references in the published order; the builder says the order where
//! it is written. `tests/json_shape.rs` holds the output to fixtures serde_json produced.

use serde::Serialize;
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
        write_serde(self.out, key);
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

/// Writes a string or a float as serde_json does (a float that is not finite is null).
fn write_serde<T: Serialize + ?Sized>(out: &mut String, value: &T) {
    // Writing a string or a float to a string cannot fail.
    out.push_str(&serde_json::to_string(value).unwrap_or_else(|_| "null".into()));
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_serde(out, self);
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_serde(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_serde(out, self);
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
