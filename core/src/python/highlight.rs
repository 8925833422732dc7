//! Syntax highlighting for the programs the page writes: the text split into pieces, each with
//! what it is, so the view can wrap each in an element with a class. The pieces are text, never
//! markup, and together they are exactly the program.

/// What a piece of a program is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Plain,
    Keyword,
    /// A string literal, docstrings included.
    Text,
    Comment,
    Number,
    /// The name a `def` or `class` defines.
    Definition,
}

impl Token {
    /// The class the view gives it; `None` for plain text, which needs no element.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Token::Plain => None,
            Token::Keyword => Some("py-keyword"),
            Token::Text => Some("py-string"),
            Token::Comment => Some("py-comment"),
            Token::Number => Some("py-number"),
            Token::Definition => Some("py-definition"),
        }
    }
}

const KEYWORDS: [&str; 27] = [
    "and", "as", "async", "await", "break", "class", "continue", "def", "elif", "else", "except",
    "False", "for", "from", "global", "if", "import", "in", "is", "lambda", "None", "not", "or",
    "raise", "return", "True", "with",
];

/// `source` as highlighted pieces; plain pieces next to one another are joined.
pub fn highlight(source: &str) -> Vec<(Token, &str)> {
    let mut out: Vec<(Token, &str)> = Vec::new();
    let bytes = source.as_bytes();
    let (mut at, mut plain_from) = (0, 0);
    let mut defining = false;
    while at < bytes.len() {
        let b = bytes[at];
        let (token, end) = if b == b'#' {
            (Token::Comment, line_end(source, at))
        } else if b == b'"' || b == b'\'' || (is_prefix(bytes, at) && !after_word(bytes, at)) {
            (Token::Text, string_end(source, at))
        } else if b.is_ascii_digit() && !after_word(bytes, at) {
            let end = scan(bytes, at, |c| {
                c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
            });
            (Token::Number, end)
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let end = scan(bytes, at, |c| c.is_ascii_alphanumeric() || c == b'_');
            let word = &source[at..end];
            let token = if KEYWORDS.contains(&word) {
                Token::Keyword
            } else if defining {
                Token::Definition
            } else {
                Token::Plain
            };
            defining = word == "def" || word == "class";
            (token, end)
        } else {
            // Anything else (spaces, operators, any non-ASCII character) is plain.
            let len = source[at..].chars().next().map_or(1, char::len_utf8);
            at += len;
            continue;
        };
        if token == Token::Plain {
            at = end;
            continue;
        }
        if plain_from < at {
            out.push((Token::Plain, &source[plain_from..at]));
        }
        out.push((token, &source[at..end]));
        at = end;
        plain_from = end;
    }
    if plain_from < source.len() {
        out.push((Token::Plain, &source[plain_from..]));
    }
    out
}

fn scan(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut at = from;
    while at < bytes.len() && keep(bytes[at]) {
        at += 1;
    }
    at
}

fn after_word(bytes: &[u8], at: usize) -> bool {
    at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_')
}

/// A string prefix such as `f"` or `rb'`.
fn is_prefix(bytes: &[u8], at: usize) -> bool {
    let end = scan(bytes, at, |c| {
        matches!(c.to_ascii_lowercase(), b'f' | b'r' | b'b' | b'u')
    });
    end > at && end - at <= 2 && matches!(bytes.get(end), Some(b'"' | b'\''))
}

fn line_end(source: &str, from: usize) -> usize {
    source[from..].find('\n').map_or(source.len(), |i| from + i)
}

/// Where the string literal starting at `from` (prefix included) ends; an unclosed one ends
/// with its line, or for a triple-quoted one with the text.
fn string_end(source: &str, from: usize) -> usize {
    let bytes = source.as_bytes();
    let quote_at = scan(bytes, from, |c| c != b'"' && c != b'\'');
    let quote = bytes.get(quote_at).copied().unwrap_or(b'"');
    let q = quote as char;
    let triple: String = [q, q, q].iter().collect();
    if source[quote_at..].starts_with(&triple) {
        let body = quote_at + 3;
        return source[body..]
            .find(&triple)
            .map_or(source.len(), |i| body + i + 3);
    }
    let mut at = quote_at + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'\n' => return at,
            c if c == quote => return at + 1,
            _ => at += 1,
        }
    }
    source.len()
}
