//! The cursor over one line of a recipe that the parser (`parse.rs`) and the shared-state
//! steps (`shared.rs`) both read with: where it is, what comes next, and a mistake at a place.

use super::*;

/// A mistake at a line and column (1-based), with what was found and why it is one.
pub(super) fn error(
    line: usize,
    column: usize,
    found: String,
    (expected, hint): Why,
) -> RecipeError {
    let (expected, hint) = (expected.to_string(), hint.to_string());
    RecipeError {
        line,
        column,
        expected,
        found,
        hint,
    }
}

/// One line of a recipe without its comment, read left to right.
pub(super) struct Line {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    pub(super) line: usize,
}

impl Line {
    pub(super) fn new(line: usize, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let pos = chars.iter().take_while(|c| c.is_whitespace()).count();
        Line { chars, pos, line }
    }

    pub(super) fn fail<T>(&self, at: usize, why: Why) -> Res<T> {
        self.fail_as(at, self.found(at), why)
    }

    pub(super) fn fail_as<T>(&self, at: usize, found: String, why: Why) -> Res<T> {
        Err(error(self.line, at + 1, found, why))
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(super) fn skip_ws(&mut self) {
        self.take_while(char::is_whitespace);
    }

    pub(super) fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    pub(super) fn word_ahead(&self) -> String {
        let rest = self.chars[self.pos..].iter();
        rest.take_while(|c| c.is_ascii_alphabetic()).collect()
    }

    pub(super) fn eat(&mut self, s: &str) -> bool {
        let here = self.chars[self.pos..].iter().copied();
        let matched = here.take(s.chars().count()).eq(s.chars());
        if matched {
            self.pos += s.chars().count();
        }
        matched
    }

    pub(super) fn arrow_len(&self, at: usize) -> usize {
        match (self.chars.get(at), self.chars.get(at + 1)) {
            (Some('→'), _) => 1,
            (Some('-'), Some('>')) => 2,
            _ => 0,
        }
    }

    /// The token at `at` as typed: an arrow, or everything up to a space or an arrow.
    pub(super) fn found(&self, at: usize) -> String {
        let arrow = self.arrow_len(at);
        let mut end = at + arrow;
        let in_word = |i: usize| self.chars.get(i).is_some_and(|c| !c.is_whitespace());
        while arrow == 0 && in_word(end) && self.arrow_len(end) == 0 {
            end += 1;
        }
        let token: String = self.chars[at..end].iter().collect();
        if token.is_empty() {
            END.into()
        } else {
            token
        }
    }
}
