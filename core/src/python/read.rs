//! A small JSON reader for the trace file: values with their place in the text, so a mistake
//! is reported by line and column. Why not serde_json: its `Value` keeps no places, so a
//! mistake found after parsing (a start that is not a number, in span 3) could only be named
//! by its path, not shown at its line and column, and it takes a repeated key silently where
//! this refuses it. (Cost, measured 2026-12-05: serde_json's `Value` reader and writer and one
//! derive added 14.3 kB brotli to the first load; its writer is now in the build anyway.)
//! Nesting is capped, so hostile input cannot exhaust the stack.

use std::collections::HashSet;

/// How deep arrays and objects may nest; the trace form needs three.
pub const MAX_DEPTH: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    Array(Vec<Value>),
    /// Members in the order written; a repeated key is an error.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::Text(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Where reading stopped and why; line and column are 1-based, columns count characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub what: &'static str,
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// The one JSON value that is the whole of `text`.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut r = Reader { text, at: 0 };
    let value = r.value(0)?;
    r.space();
    if r.at < text.len() {
        return Err(r.error("the end of the file after one value"));
    }
    Ok(value)
}

impl Reader<'_> {
    fn error(&self, what: &'static str) -> SyntaxError {
        let before = &self.text[..self.at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        SyntaxError { line, column, what }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.space();
        match self.peek() {
            Some(b'[' | b'{') if depth >= MAX_DEPTH => Err(self.error("arrays nested less deep")),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'"') => self.string().map(Value::Text),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => {
                for (word, value) in [
                    ("null", Value::Null),
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                ] {
                    if self.text[self.at..].starts_with(word) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("a value (object, array, string, number, true, false or null)"))
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("a comma or ] in an array"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        // The keys so far, to find a repeated one in constant time: scanning the members was
        // quadratic, and an 8 MB file holds ~800k keys.
        let mut seen = HashSet::new();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error("a key in double quotes"));
            }
            let key_at = self.at;
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error("a colon after the key"));
            }
            if !seen.insert(key.clone()) {
                self.at = key_at;
                return Err(self.error("each key once in an object"));
            }
            let value = self.value(depth + 1)?;
            members.push((key, value));
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("a comma or } in an object"));
            }
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        let mut at = start + usize::from(bytes[start] == b'-');
        let mut ok = digits(&mut at);
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            ok &= digits(&mut at);
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            ok &= digits(&mut at);
        }
        let value = if ok {
            // Checked as JSON's grammar above, which std's reader also reads.
            self.text[start..at].parse::<f64>().ok()
        } else {
            None
        };
        match value.filter(|v| v.is_finite()) {
            Some(v) => {
                self.at = at;
                Ok(Value::Number(v))
            }
            None => Err(self.error("a number such as 12 or 3.25")),
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(c) = rest.chars().next() else {
                return Err(self.error("a closing double quote"));
            };
            match c {
                '"' => {
                    self.at += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.at += 1;
                    out.push(self.escape()?);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("no control characters in a string"))
                }
                c => {
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high)
                    && self.text[self.at..].starts_with("\\u")
                {
                    self.at += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("a low surrogate after a high one"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                // A lone surrogate is not a character; show it as the replacement character.
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            _ => return Err(self.error("an escape such as \\n, \\\" or \\u00e9")),
        };
        self.at += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let hex = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            return Err(self.error("four hex digits after \\u"));
        };
        self.at += 4;
        Ok(hex
            .bytes()
            .fold(0, |n, b| n * 16 + (b as char).to_digit(16).unwrap_or(0)))
    }
}
