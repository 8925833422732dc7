//! Reading a trace file that a generated Python program wrote (the form is in `python.rs`)
//! into a [`Trace`] the page draws beside its own. Anything else, truncated or hostile, gets
//! one clear message saying what is wrong and where; sizes and counts are capped, and every
//! string it keeps is cut short, since the page shows them.

use super::read::{self, Value};
use super::{FORMAT, VERSION};
use crate::run::budget::MAX_SPANS_PER_MODE;
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, PythonRun, Source, Span, SpanKind, Trace};
use crate::view::quote::{cut, Quoted};
use std::fmt;

/// The largest trace file the page reads: room for the most spans a mode may keep.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;
/// The most lanes (threads or processes) an imported run may have.
const MAX_LANES: f64 = 256.0;
/// The most tasks an imported run may have: as many as a recipe, whose program wrote it.
const MAX_TASKS: usize = crate::scenario::recipe::MAX_TASKS as usize;
/// The longest imported run, in ms: a few hours.
const MAX_WALL_MS: f64 = 1e7;
/// How far past the wall time a span may end: the program rounds both to a microsecond.
const END_SLACK_MS: f64 = 1.0;

/// What is wrong with a trace file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// Where: "line 3, column 14", or a path into the trace such as `spans[12][3]`.
    pub at: String,
    /// What was expected there, and what was found.
    pub what: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "Not imported: {}.", self.what)
        } else {
            write!(f, "Not imported: at {}, {}.", self.at, self.what)
        }
    }
}

pub(super) fn wrong(at: impl Into<String>, what: impl Into<String>) -> ImportError {
    ImportError {
        at: at.into(),
        what: what.into(),
    }
}

/// What was found, for a message: a string quoted and cut, anything else by its kind.
pub(super) fn found(value: &Value) -> String {
    match value {
        Value::Text(t) => format!("found {}", Quoted(t)),
        Value::Number(n) => format!("found {}", crate::view::figure::fixed(*n, 3)),
        v => format!("found {}", v.kind()),
    }
}

/// What a file from the Python side was: a mode's trace, or the costs table's figures.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    Trace(Trace),
    Costs(super::costs::CostsRun),
}

/// The trace in `text`, or what is wrong with it.
pub fn import(text: &str) -> Result<Trace, ImportError> {
    match import_file(text)? {
        Imported::Trace(t) => Ok(t),
        Imported::Costs(_) => Err(wrong(
            "\"format\"",
            format!("expected \"{FORMAT}\": this is the costs program's file, not a mode's trace"),
        )),
    }
}

/// Whichever file of Interleave's Python programs `text` is, or what is wrong with it.
pub fn import_file(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(wrong(
            "",
            format!(
                "the text is {} KB; a trace file may have at most {} KB",
                text.len() / 1024,
                MAX_IMPORT_BYTES / 1024
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(wrong(
            "",
            "the text is empty; paste or drop the trace file the Python program wrote",
        ));
    }
    let root = read::parse(text).map_err(|e| {
        wrong(
            format!("line {}, column {}", e.line, e.column),
            format!("expected {}: this is not complete JSON", e.what),
        )
    })?;
    if !matches!(root, Value::Object(_)) {
        return Err(wrong(
            "the top",
            format!("expected an object, {}", found(&root)),
        ));
    }
    let costs = match root.get("format") {
        Some(Value::Text(f)) if f == FORMAT => false,
        Some(Value::Text(f)) if f == super::costs::FORMAT => true,
        _ => {
            return Err(wrong(
                "\"format\"",
                format!(
                "expected \"{FORMAT}\" or \"{}\": this is not a file written by Interleave's Python programs",
                super::costs::FORMAT
            ),
            ))
        }
    };
    let version = field(&root, "version")?;
    if *version != Value::Number(VERSION as f64) {
        return Err(wrong(
            "\"version\"",
            format!(
                "expected {VERSION} (the form this page reads), {}",
                found(version)
            ),
        ));
    }
    if costs {
        return super::costs::read(&root).map(Imported::Costs);
    }
    trace(&root).map(Imported::Trace)
}

/// Who ran the program: the fields every file of the Python side has.
pub(super) fn python_run(root: &Value) -> Result<PythonRun, ImportError> {
    Ok(PythonRun {
        implementation: text_field(root, "implementation", 40)?,
        version: text_field(root, "python", 40)?,
        machine: optional_text(root, "machine")?,
        system: optional_text(root, "system")?,
        cpus: match root.get("cpus") {
            None | Some(Value::Null) => None,
            Some(v) => Some(whole(v, "\"cpus\"", 1.0, 65_536.0)? as u32),
        },
        gil: match root.get("gil") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                return Err(wrong(
                    "\"gil\"",
                    format!("expected true or false, {}", found(v)),
                ))
            }
        },
        recipe: optional_text(root, "recipe")?,
    })
}

fn trace(root: &Value) -> Result<Trace, ImportError> {
    let mode_key = text_field(root, "mode", 20)?;
    let mode = Mode::from_key(&mode_key).ok_or_else(|| {
        let keys: Vec<&str> = Mode::ALL.iter().map(|m| m.key()).collect();
        wrong(
            "\"mode\"",
            format!(
                "expected one of {}, found {}",
                keys.join(", "),
                Quoted(&mode_key)
            ),
        )
    })?;
    let threads = whole(field(root, "threads")?, "\"threads\"", 1.0, MAX_LANES)? as usize;
    let wall_ms = number(field(root, "wall_ms")?, "\"wall_ms\"", 0.0, MAX_WALL_MS)?;
    let results = results(field(root, "results")?)?;
    let spans = spans(field(root, "spans")?, mode, wall_ms)?;
    let crashed =
        results.iter().any(Option::is_none) || spans.iter().any(|s| s.kind == SpanKind::Crash);
    let run = python_run(root)?;
    Ok(Trace {
        // Not on this page's clock: exports place it at the start of the earliest run.
        epoch_ms: f64::NAN,
        spans,
        results,
        source: Source::Python(Box::new(run)),
        ..Trace::new(
            mode,
            if crashed {
                Outcome::Crashed
            } else {
                Outcome::Completed
            },
            threads,
            wall_ms,
        )
    })
}

pub(super) fn field<'a>(root: &'a Value, key: &str) -> Result<&'a Value, ImportError> {
    root.get(key)
        .ok_or_else(|| wrong(format!("\"{key}\""), "expected a value: it is missing"))
}

/// A string the page will show, cut to `max` characters.
pub(super) fn text_field(root: &Value, key: &str, max: usize) -> Result<String, ImportError> {
    match field(root, key)? {
        Value::Text(t) => Ok(t.chars().take(max).collect()),
        v => Err(wrong(
            format!("\"{key}\""),
            format!("expected a string, {}", found(v)),
        )),
    }
}

pub(super) fn optional_text(root: &Value, key: &str) -> Result<String, ImportError> {
    match root.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::Text(t)) => Ok(cut(t).into_owned()),
        Some(v) => Err(wrong(
            format!("\"{key}\""),
            format!("expected a string, {}", found(v)),
        )),
    }
}

pub(super) fn number(value: &Value, at: &str, lo: f64, hi: f64) -> Result<f64, ImportError> {
    match value {
        Value::Number(n) if (lo..=hi).contains(n) => Ok(*n),
        v => Err(wrong(
            at,
            format!("expected a number from {lo} to {hi}, {}", found(v)),
        )),
    }
}

pub(super) fn whole(value: &Value, at: &str, lo: f64, hi: f64) -> Result<f64, ImportError> {
    match value {
        Value::Number(n) if (lo..hi).contains(n) && n.fract() == 0.0 => Ok(*n),
        v => Err(wrong(
            at,
            format!(
                "expected a whole number from {lo} to {}, {}",
                hi - 1.0,
                found(v)
            ),
        )),
    }
}

fn results(value: &Value) -> Result<Vec<Option<u64>>, ImportError> {
    let Value::Array(items) = value else {
        return Err(wrong(
            "\"results\"",
            format!("expected an array, {}", found(value)),
        ));
    };
    if items.len() > MAX_TASKS {
        return Err(wrong(
            "\"results\"",
            format!("expected at most {MAX_TASKS} tasks, found {}", items.len()),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Null => Ok(None),
            v => whole(v, &format!("results[{i}]"), 0.0, 1e15).map(|n| Some(n as u64)),
        })
        .collect()
}

fn spans(value: &Value, mode: Mode, wall_ms: f64) -> Result<Vec<Span>, ImportError> {
    let Value::Array(items) = value else {
        return Err(wrong(
            "\"spans\"",
            format!("expected an array, {}", found(value)),
        ));
    };
    if items.len() > MAX_SPANS_PER_MODE {
        return Err(wrong(
            "\"spans\"",
            format!(
                "expected at most {MAX_SPANS_PER_MODE} spans, found {}",
                items.len()
            ),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| span(item, i, mode, wall_ms))
        .collect()
}

fn span(item: &Value, i: usize, mode: Mode, wall_ms: f64) -> Result<Span, ImportError> {
    let at = |j: usize| format!("spans[{i}][{j}]");
    let fields = match item {
        Value::Array(f) if f.len() == 6 => f,
        v => {
            return Err(wrong(
                format!("spans[{i}]"),
                format!(
                    "expected [lane, task, step, kind, start, end], {}",
                    found(v)
                ),
            ))
        }
    };
    let lane = whole(&fields[0], &at(0), 0.0, MAX_LANES)? as u16;
    let lane = match mode {
        Mode::Cooperative if lane == 0 => Lane::MainLoop,
        Mode::Cooperative => {
            return Err(wrong(at(0), "expected lane 0: asyncio runs on one thread"))
        }
        Mode::Processes => Lane::Process(lane),
        _ => Lane::Worker(lane),
    };
    let task = whole(&fields[1], &at(1), 0.0, MAX_TASKS as f64)? as u32;
    let step = whole(&fields[2], &at(2), 0.0, 65_536.0)? as u16;
    let kind = match &fields[3] {
        Value::Text(k) => SpanKind::from_key(k),
        _ => None,
    }
    .ok_or_else(|| {
        wrong(
            at(3),
            format!(
                "expected a kind such as cpu, io or crash, {}",
                found(&fields[3])
            ),
        )
    })?;
    let start = number(&fields[4], &at(4), 0.0, wall_ms + END_SLACK_MS)?;
    let end = number(&fields[5], &at(5), start, wall_ms + END_SLACK_MS)?;
    Ok(Span {
        lane,
        task,
        step,
        kind,
        start,
        end,
    })
}
