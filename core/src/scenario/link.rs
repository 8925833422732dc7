//! Recipes in URLs: a compact, URL-safe form for shared links (deflate, then base64url, behind
//! a `~`), while plain text still works for links written by hand.

use crate::scenario::recipe::MAX_TEXT_BYTES;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Marks the compact form; `~` is unreserved in URLs and cannot start a recipe.
const COMPACT: char = '~';

/// The compact form of a recipe's text.
pub fn encode_recipe(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("{COMPACT}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A recipe's text from a URL value: compact if it starts with `~`, plain text otherwise.
pub fn decode_recipe(value: &str) -> Result<String, String> {
    let Some(packed) = value.strip_prefix(COMPACT) else {
        return Ok(value.to_string());
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(packed.trim())
        .map_err(|_| "the compact recipe is not valid base64url".to_string())?;
    // No more than a recipe may have, so a crafted link cannot exhaust memory.
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_TEXT_BYTES).map_err(
        |_| format!("the compact recipe does not unpack (or exceeds {MAX_TEXT_BYTES} bytes)"),
    )?;
    String::from_utf8(text).map_err(|_| "the compact recipe is not UTF-8 text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_links_round_trip_text_exactly() {
        let text = "# 6 web requests\n6 × cpu 15ms → io 120ms → cpu 5ms\n2 x io 50..200ms\n";
        let link = encode_recipe(text);
        assert!(link.starts_with('~'));
        assert!(link[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode_recipe(&link).unwrap(), text);
    }

    #[test]
    fn long_recipes_get_shorter() {
        let text = "# a long one\n".to_string() + &"4 × cpu 10ms → io 100ms → cpu 5ms\n".repeat(12);
        assert!(encode_recipe(&text).len() < text.len() / 3);
    }

    #[test]
    fn plain_text_passes_through_and_garbage_is_an_error() {
        assert_eq!(decode_recipe("8 x cpu 40ms").unwrap(), "8 x cpu 40ms");
        assert!(decode_recipe("~not*base64")
            .unwrap_err()
            .contains("base64url"));
        assert!(decode_recipe("~AAAA").unwrap_err().contains("unpack"));
        let bomb = encode_recipe(&"x".repeat(MAX_TEXT_BYTES + 1));
        assert!(decode_recipe(&bomb).is_err(), "oversized text is refused");
    }
}
