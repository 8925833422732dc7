//! The compact `~` link: any URL value unpacks to bounded text or a clear error, and any text
//! within the bound packs and unpacks to exactly itself.
#![no_main]

use interleave_core::scenario::link::{decode_recipe, encode_recipe};
use interleave_core::scenario::recipe::MAX_TEXT_BYTES;
use libfuzzer_sys::fuzz_target;

#[path = "per_byte.rs"]
mod per_byte;

fuzz_target!(|value: &str| {
    match per_byte::bounded(value.as_bytes(), || decode_recipe(value)) {
        Ok(text) if value.starts_with('~') => assert!(text.len() <= MAX_TEXT_BYTES),
        Ok(text) => assert_eq!(text, value),
        Err(e) => assert!(!e.is_empty()),
    }
    if value.len() <= MAX_TEXT_BYTES {
        let link = encode_recipe(value);
        assert_eq!(decode_recipe(&link).as_deref(), Ok(value), "{link}");
    }
});
