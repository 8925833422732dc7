//! The costs program: it runs under the machine's `python3`, its file reads back as a column of
//! the costs table in CPython's order of magnitude, and a file bent out of shape is refused with
//! where and why.

use super::*;
use crate::analysis::costs::{Cell, Row, Unit};
use std::process::Command;

fn written() -> String {
    let dir = std::env::temp_dir().join(format!("interleave-costs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (script, file) = (dir.join("costs.py"), dir.join("costs.json"));
    std::fs::write(&script, super::super::costs::PROGRAM_TEXT).unwrap();
    // Spawned processes import the script: run it from its own folder.
    let out = Command::new("python3")
        .arg(&script)
        .arg(&file)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    text
}

fn lead(run: &CostsRun, row: Row, unit: Unit) -> f64 {
    run.costs
        .lead(row, unit)
        .map(|f| f.stat.median)
        .unwrap_or(f64::NAN)
}

#[test]
fn the_program_measures_cpython_and_its_file_reads_back_in_the_course_order() {
    let text = written();
    let run = match import_file(&text) {
        Ok(Imported::Costs(run)) => run,
        other => panic!("a costs file: {other:?}\n{text}"),
    };
    assert_eq!(run.run.implementation, "CPython");
    let threads = if run.run.gil {
        Unit::GilThread
    } else {
        Unit::Thread
    };
    let created = |u| lead(&run, Row::Creation, u);
    assert!(created(Unit::Coroutine) < created(threads), "{text}");
    assert!(created(threads) < created(Unit::Process), "{text}");
    assert!(
        lead(&run, Row::Communication, threads) < lead(&run, Row::Communication, Unit::Process)
    );
    let waited = lead(&run, Row::Scalability, Unit::Coroutine);
    assert!(
        waited < 10.0 * 100.0,
        "10,000 tasks waiting 100 ms took {waited} ms"
    );
    assert_eq!(
        run.costs.get(Row::CrashImpact, Unit::Process),
        None,
        "never crashed"
    );
    assert!(import(&text).is_err(), "not a mode's trace");
}

#[test]
fn a_costs_file_out_of_shape_says_where() {
    let file = |rows: &str| {
        format!(
            r#"{{"format": "interleave-python-costs", "version": 1, "implementation": "CPython",
              "python": "3.11.7", "rows": {rows}}}"#
        )
    };
    let figure = r#"{"what": "w", "unit": "ms", "median": 2, "min": 1, "max": 3, "count": 7, "includes": "i"}"#;
    let good = file(&format!(
        r#"[{{"row": "memory", "cells": {{"process": {{"figures": [{figure}]}}}}}}]"#
    ));
    let Ok(Imported::Costs(run)) = import_file(&good) else {
        panic!("{good}");
    };
    assert!(
        matches!(run.costs.get(Row::Memory, Unit::Process), Some(Cell::Measured(f)) if f.len() == 1)
    );
    for (rows, at) in [
        (
            r#"[{"row": "speed", "cells": {}}]"#.to_string(),
            "rows[0].row",
        ),
        (
            r#"[{"row": "memory", "cells": {"fiber": {"figures": []}}}]"#.to_string(),
            "rows[0].cells",
        ),
        (
            format!(
                r#"[{{"row": "memory", "cells": {{"process": {{"figures": [{}]}}}}}}]"#,
                figure.replace("\"median\": 2", "\"median\": 9")
            ),
            "rows[0].cells.process.figures[0]",
        ),
        (r#"{}"#.to_string(), "\"rows\""),
        (
            format!(
                r#"[{{"row": "memory", "cells": {{"process": {{"figures": [{}]}}}}}}]"#,
                figure.replace("\"count\": 7, ", "")
            ),
            "rows[0].cells.process.figures[0].count",
        ),
    ] {
        let e = import_file(&file(&rows)).expect_err(&rows);
        assert_eq!(e.at, at, "{e}");
    }
}
