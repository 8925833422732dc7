//! The costs table's Python side: a program (`costs.py`, standard library only, Python 3.9 or
//! later) that measures the table's rows in CPython on the visitor's machine and writes them in
//! this form (version 1), which `read` turns into a column the page shows beside its own:
//!
//! ```json
//! {"format": "interleave-python-costs", "version": 1, "implementation": "CPython",
//!  "python": "3.11.7", "system": "Linux", "machine": "x86_64", "cpus": 2, "gil": true,
//!  "rows": [{"row": "creation", "cells": {"coroutine": {"figures": [{"what": "…",
//!    "unit": "ms", "median": 0.0027, "min": 0.0025, "max": 0.004, "count": 7,
//!    "includes": "…"}]}}}]}
//! ```

use super::import::{field, found, number, python_run, whole, wrong, ImportError};
use super::read::Value;
use super::Program;
use crate::analysis::costs::{Cell, Costs, Figure, Quantity, Row, Stat, Unit};
use crate::run::trace::PythonRun;
use crate::view::quote::cut;

pub const FORMAT: &str = "interleave-python-costs";

/// The most figures a cell may bring.
const MAX_FIGURES: usize = 4;

/// Where the page finds the program (`costs.py`, copied beside it by the build): it is text
/// only the costs lesson shows, so it is fetched then, never part of the first load.
pub const COSTS_PROGRAM_URL: &str = "./costs.py";

/// The program as the page offers it, once fetched.
pub fn costs_program(text: String) -> Program {
    Program {
        text,
        file_name: "interleave_costs.py".into(),
    }
}

/// The program's text, as the build copies it.
#[cfg(test)]
pub(super) const PROGRAM_TEXT: &str = include_str!("costs.py");

/// What CPython measured on the visitor's machine, and who it was.
#[derive(Clone, Debug, PartialEq)]
pub struct CostsRun {
    pub run: PythonRun,
    pub costs: Costs,
}

/// The costs file's rows, its format and version already read.
pub(super) fn read(root: &Value) -> Result<CostsRun, ImportError> {
    let run = python_run(root)?;
    let Value::Array(rows) = field(root, "rows")? else {
        return Err(wrong("\"rows\"", "expected an array of rows"));
    };
    let mut costs = Costs::default();
    for (i, r) in rows.iter().take(Row::ALL.len() * 2).enumerate() {
        let at = format!("rows[{i}]");
        let row = match r.get("row") {
            Some(Value::Text(k)) => Row::from_key(k),
            _ => None,
        }
        .ok_or_else(|| {
            wrong(
                format!("{at}.row"),
                "expected a row such as creation or memory",
            )
        })?;
        let Some(Value::Object(cells)) = r.get("cells") else {
            return Err(wrong(
                format!("{at}.cells"),
                "expected an object of cells by unit",
            ));
        };
        for (key, cell) in cells {
            let Some(unit) = Unit::from_key(key) else {
                return Err(wrong(
                    format!("{at}.cells"),
                    format!(
                        "expected units such as coroutine or process, found {}",
                        cut(key)
                    ),
                ));
            };
            let figures = figures(cell, &format!("{at}.cells.{key}"))?;
            costs.set(row, unit, Cell::Measured(figures));
        }
    }
    Ok(CostsRun { run, costs })
}

fn figures(cell: &Value, at: &str) -> Result<Vec<Figure>, ImportError> {
    let Some(Value::Array(items)) = cell.get("figures") else {
        return Err(wrong(
            format!("{at}.figures"),
            "expected an array of figures",
        ));
    };
    if items.is_empty() || items.len() > MAX_FIGURES {
        return Err(wrong(
            format!("{at}.figures"),
            format!("expected 1 to {MAX_FIGURES} figures, found {}", items.len()),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, f)| one_figure(f, &format!("{at}.figures[{i}]")))
        .collect()
}

fn one_figure(f: &Value, at: &str) -> Result<Figure, ImportError> {
    let text = |key: &str| match f.get(key) {
        Some(Value::Text(t)) => Ok(cut(t).into_owned()),
        v => Err(wrong(
            format!("{at}.{key}"),
            format!("expected a string, {}", v.map_or("nothing".into(), found)),
        )),
    };
    let quantity = match text("unit")?.as_str() {
        "ms" => Quantity::Ms,
        "bytes" => Quantity::Bytes,
        "count" => Quantity::Count,
        other => {
            return Err(wrong(
                format!("{at}.unit"),
                format!("expected ms, bytes or count, found {}", cut(other)),
            ))
        }
    };
    let get = |key: &str| {
        f.get(key)
            .ok_or_else(|| wrong(format!("{at}.{key}"), "expected a value: it is missing"))
    };
    let value = |key: &str| number(get(key)?, &format!("{at}.{key}"), 0.0, 1e12);
    let (median, min, max) = (value("median")?, value("min")?, value("max")?);
    if !(min <= median && median <= max) {
        return Err(wrong(at, "expected min ≤ median ≤ max"));
    }
    Ok(Figure {
        what: text("what")?,
        quantity,
        stat: Stat {
            median,
            min,
            max,
            count: whole(get("count")?, &format!("{at}.count"), 1.0, 1e9)? as usize,
        },
        includes: text("includes")?,
    })
}
