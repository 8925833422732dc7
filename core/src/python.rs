//! Python side by side: the CPython program each mode stands for, written for any recipe, and
//! the trace that program measures, read back so the page can draw it beside its own runs.
//!
//! The program (`program`) is standard library only and runs on Python 3.9 or later. It
//! calibrates its own unit of CPU work, runs the recipe the mode's way, records a span per
//! step with `time.perf_counter()`, and writes a trace file in this form (version 1):
//!
//! ```json
//! {"format": "interleave-python-trace", "version": 1,
//!  "python": "3.11.2", "implementation": "CPython", "machine": "x86_64", "system": "Linux",
//!  "cpus": 2, "gil": true, "mode": "gil", "threads": 2, "recipe": "4 × cpu 30ms",
//!  "units_per_ms": 4.1, "wall_ms": 250.3, "results": [143, 151, null, 140],
//!  "spans": [[0, 0, 0, "cpu", 0.012, 60.4], …]}
//! ```
//!
//! `mode` is a page mode's key; `threads` its pool size (1 for sequential and asyncio);
//! `results` the primes each task counted (`null`: it crashed); each span is `[lane, task,
//! step, kind, start, end]`, times in ms since the run started, `lane` the thread's or
//! process's number in order of first use, `kind` a span kind's key (`cpu`, `io`, `crash`).
//! `import` reads it into a [`Trace`](crate::run::trace::Trace) whose source says CPython measured it.

mod compare;
mod costs;
mod highlight;
mod import;
mod program;
mod read;
mod shared;
mod steps;
#[cfg(test)]
mod tests;

pub use compare::compare;
pub use costs::{costs_program, CostsRun, COSTS_PROGRAM_URL};
pub use highlight::{highlight, Token};
pub use import::{import, import_file, ImportError, Imported, MAX_IMPORT_BYTES};
pub use program::{program, Program};

/// Milliseconds as Python reads them: at most three decimals, no trailing zeros, no exponent
/// (f64's Display never writes one).
fn number(ms: f64) -> String {
    let rounded = (ms * 1000.0).round() / 1000.0;
    if rounded.is_finite() {
        format!("{}", rounded + 0.0)
    } else {
        "0".into()
    }
}

/// What the trace file says it is, so that any other JSON gets a clear message.
pub const FORMAT: &str = "interleave-python-trace";
/// The version of the trace form this page writes and reads.
pub const VERSION: u64 = 1;
