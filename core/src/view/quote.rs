//! Outside text quoted in a message, cut short: a 36 KB recipe in a URL must not become a
//! 36 KB notice. Line and column, where a message has them, still say where the problem is.

use std::borrow::Cow;
use std::fmt;

/// How many characters of a quoted value a message shows.
pub const MAX_QUOTED_CHARS: usize = 60;

/// `text`, or its first [`MAX_QUOTED_CHARS`] characters and an ellipsis when it is longer.
pub fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// `text` as a quoted string, its first [`MAX_QUOTED_CHARS`] characters and its real length
/// when it is longer.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(MAX_QUOTED_CHARS) {
            None => write!(f, "{:?}", self.0),
            Some((cut, _)) => write!(
                f,
                "{:?}… ({} characters)",
                &self.0[..cut],
                self.0.chars().count()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_cut_too() {
        assert_eq!(cut("modes"), "modes");
        assert_eq!(cut(&"k".repeat(500)).chars().count(), MAX_QUOTED_CHARS + 1);
    }

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(Quoted("tasks=x").to_string(), r#""tasks=x""#);
        assert_eq!(
            Quoted(&"é".repeat(60)).to_string(),
            format!("{:?}", "é".repeat(60))
        );
    }

    #[test]
    fn long_text_is_cut_on_a_character_and_says_how_long_it_was() {
        let long = "é".repeat(36_000);
        let quoted = Quoted(&long).to_string();
        assert!(quoted.chars().count() < 100, "{quoted}");
        assert!(quoted.ends_with("… (36000 characters)"), "{quoted}");
    }
}
