//! The measured numbers per mode, as a real HTML table.

use crate::state::Recording;
use interleave_core::analysis::stats::{summarize, ModeStats};
use interleave_core::run::trace::{Outcome, Trace};
use interleave_core::view::columns::{lock_waits, lost_updates, Column};
use interleave_core::view::figure::{count, fixed, ms, percent, times};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub traces: Recording,
    pub tasks: usize,
    /// The columns that mean something for this run (`view::columns`).
    pub columns: Rc<[Column]>,
}

/// When the efficiency column has a figure, and why only then (`stats::efficiency`).
const EFFICIENCY_TITLE: &str = "speedup ÷ min(tasks, threads): how much of the threads' capacity \
    became speed. Shown only for CPU work on two threads or more; waits overlapping on one \
    thread are not parallel work (see tasks in flight), and over 100 % only when the work \
    itself took less CPU than sequentially";
const SUPERLINEAR_TITLE: &str =
    "over 100 %: the tasks took less CPU here than one after another, as when each core's cache holds its share";

#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    if props.traces.is_empty() {
        return html! {};
    }
    let traces: &[Trace] = &props.traces;
    let stats = summarize(traces, props.tasks);
    // Every completed mode must have counted exactly the same primes.
    let reference = traces
        .iter()
        .find(|t| t.outcome == Outcome::Completed && !t.is_imported())
        .map(|t| t.results.clone());
    let columns = &props.columns;
    html! {
        // On a narrow screen the table scrolls in its own box, never the page.
        <div class="table-scroll">
        <table class="results" id="results">
            <caption>{ if traces.iter().any(Trace::is_imported) { "Measured in this browser, this run; the imported row by CPython" } else { "Measured in this browser, this run" } }</caption>
            <thead><tr>{ for columns.iter().map(|&c| header(c)) }</tr></thead>
            <tbody>
            { for traces.iter().zip(&stats).map(|(t, s)| html! {
                <tr data-mode={t.mode.key()} data-imported={t.is_imported().then_some("cpython")}>
                    { for columns.iter().map(|&c| cell(c, t, s, reference.as_deref())) }
                </tr>
            }) }
            </tbody>
        </table>
        </div>
    }
}

/// A column's heading, with what it measures on hover.
fn header(column: Column) -> Html {
    let (title, name) = match column {
        Column::Mode => ("the execution model: hover a name for how the browser runs it", "mode"),
        Column::Python => ("the Python program each mode stands for", "in Python"),
        Column::Wall => ("how long the mode took, start to finish, on the clock every lane shares", "wall"),
        Column::SummedCpu => ("time spent computing, summed over every lane", "summed CPU"),
        Column::Speedup => ("sequential wall ÷ this wall; needs a sequential run", "speedup"),
        Column::Efficiency => (EFFICIENCY_TITLE, "efficiency"),
        Column::InFlight => ("sum over tasks of (its last span's end − its first span's start) ÷ wall: how many tasks were under way at once, on average, computing or waiting", "tasks in flight"),
        Column::Threads => ("how many lanes the mode had: pool size, or 1", "threads"),
        Column::Utilisation => ("summed CPU ÷ (wall × threads): how busy the threads were computing", "CPU utilisation"),
        Column::MaxParallel => ("the most lanes computing at the same moment", "max parallel"),
        Column::FrameGap => ("the longest the event loop was held during this mode, so that the page could draw no frame: measured where the run is on the main thread (cooperative), by a timer that asks for the loop every ~4 ms", "worst frame gap"),
        Column::LostUpdates => ("increments of the shared counters that another task's write overwrote: expected minus the final value, over every counter", "lost updates"),
        Column::LockWaits => ("how many times a task found a lock taken and had to wait for it, over every lock", "lock waits"),
        Column::Primes => ("primes counted by all tasks; every mode must count the same", "primes found"),
    };
    html! { <th scope="col" {title}>{ name }</th> }
}

/// One mode's figure in `column`; `reference` is the first completed mode's primes per task.
fn cell(column: Column, t: &Trace, s: &ModeStats, reference: Option<&[Option<u64>]>) -> Html {
    let dash = || "–".to_string();
    match column {
        Column::Mode => html! { <th scope="row" title={t.mode.mechanism()}>{ t.label() }</th> },
        Column::Python => html! { <td class="python">{ t.python() }</td> },
        Column::Wall => html! { <td>{ ms(s.wall_ms, 1) }</td> },
        Column::SummedCpu => html! { <td>{ ms(s.cpu_ms, 1) }</td> },
        Column::Speedup => {
            html! { <td>{ s.speedup.map(|v| times(v, 2)).unwrap_or_else(dash) }</td> }
        }
        Column::Efficiency => html! {
            <td class="efficiency" title={s.efficiency.filter(|e| *e > 1.0).map(|_| SUPERLINEAR_TITLE)}>
                { s.efficiency.map(|v| percent(v, 0)).unwrap_or_else(dash) }
            </td>
        },
        Column::InFlight => {
            html! { <td class="in-flight">{ s.tasks_in_flight.map(|v| fixed(v, 1)).unwrap_or_else(dash) }</td> }
        }
        Column::Threads => html! { <td>{ s.threads }</td> },
        Column::Utilisation => {
            html! { <td>{ percent(s.cpu_ms / (s.wall_ms * s.threads.max(1) as f64).max(1e-9), 0) }</td> }
        }
        Column::MaxParallel => html! { <td>{ s.max_parallel_cpu }</td> },
        Column::FrameGap => {
            html! { <td>{ t.max_frame_gap_ms.map(|g| ms(g, 1)).unwrap_or_else(dash) }</td> }
        }
        Column::LostUpdates => html! { <td class="lost">{ count(lost_updates(t) as usize) }</td> },
        Column::LockWaits => {
            html! { <td class="lock-waits">{ count(lock_waits(t) as usize) }</td> }
        }
        Column::Primes => html! { <td>{ primes_check(t, reference) }</td> },
    }
}

/// The primes a mode counted, and whether they match every other completed mode's.
fn primes_check(t: &Trace, reference: Option<&[Option<u64>]>) -> String {
    let total: u64 = t.results.iter().flatten().sum();
    match (reference, t.outcome) {
        // Its own calibration sized its own units: a count of its own.
        _ if t.is_imported() => format!("{total} (CPython's own count)"),
        (_, Outcome::Cancelled) => "stopped".to_string(),
        (_, Outcome::Failed) => match &t.failure {
            Some(why) => format!("failed: {why}"),
            None => "failed".to_string(),
        },
        (_, Outcome::Crashed) => format!("{total} (a task crashed)"),
        (_, Outcome::Deadlocked) => format!("{total} (deadlocked)"),
        (Some(r), _) if r == t.results.as_slice() => format!("{total} ✓"),
        _ => format!("{total} ✗ differs"),
    }
}
