//! The measured numbers per mode, as a real HTML table.

use crate::state::Recording;
use interleave_core::analysis::stats::summarize;
use interleave_core::run::trace::{Outcome, Trace};
use interleave_core::view::figure::{fixed, ms, percent, times};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub traces: Recording,
    pub tasks: usize,
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
    html! {
        // On a narrow screen the table scrolls in its own box, never the page.
        <div class="table-scroll">
        <table class="results" id="results">
            <caption>{ if traces.iter().any(Trace::is_imported) { "Measured in this browser, this run; the imported row by CPython" } else { "Measured in this browser, this run" } }</caption>
            <thead><tr>
                <th scope="col" title="the execution model: hover a name for how the browser runs it">{"mode"}</th>
                <th scope="col" title="the Python program each mode stands for">{"in Python"}</th>
                <th scope="col" title="how long the mode took, start to finish, on the clock every lane shares">{"wall"}</th>
                <th scope="col" title="time spent computing, summed over every lane">{"summed CPU"}</th>
                <th scope="col" title="sequential wall ÷ this wall; needs a sequential run">{"speedup"}</th>
                <th scope="col" title={EFFICIENCY_TITLE}>{"efficiency"}</th>
                <th scope="col" title="sum over tasks of (its last span's end − its first span's start) ÷ wall: how many tasks were under way at once, on average, computing or waiting">{"tasks in flight"}</th>
                <th scope="col" title="how many lanes the mode had: pool size, or 1">{"threads"}</th>
                <th scope="col" title="summed CPU ÷ (wall × threads): how busy the threads were computing">{"CPU utilisation"}</th>
                <th scope="col" title="the most lanes computing at the same moment">{"max parallel"}</th>
                <th scope="col" title="the longest the event loop was held during this mode, so that the page could draw no frame: measured where the run is on the main thread (cooperative), by a timer that asks for the loop every ~4 ms">{"worst frame gap"}</th>
                <th scope="col" title="primes counted by all tasks; every mode must count the same">{"primes found"}</th>
            </tr></thead>
            <tbody>
            { for traces.iter().zip(&stats).map(|(t, s)| {
                let total: u64 = t.results.iter().flatten().sum();
                let check = match (&reference, t.outcome) {
                    // Its own calibration sized its own units: a count of its own.
                    _ if t.is_imported() => format!("{total} (CPython's own count)"),
                    (_, Outcome::Cancelled) => "stopped".to_string(),
                    (_, Outcome::Failed) => match &t.failure {
                        Some(why) => format!("failed: {why}"),
                        None => "failed".to_string(),
                    },
                    (_, Outcome::Crashed) => format!("{total} (a task crashed)"),
                    (_, Outcome::Deadlocked) => format!("{total} (deadlocked)"),
                    (Some(r), _) if *r == t.results => format!("{total} ✓"),
                    _ => format!("{total} ✗ differs"),
                };
                html! {
                    <tr data-mode={t.mode.key()} data-imported={t.is_imported().then_some("cpython")}>
                        <th scope="row" title={t.mode.mechanism()}>{ t.label() }</th>
                        <td class="python">{ t.python() }</td>
                        <td>{ ms(s.wall_ms, 1) }</td>
                        <td>{ ms(s.cpu_ms, 1) }</td>
                        <td>{ s.speedup.map(|v| times(v, 2)).unwrap_or_else(|| "–".into()) }</td>
                        <td class="efficiency" title={s.efficiency.filter(|e| *e > 1.0).map(|_| SUPERLINEAR_TITLE)}>
                            { s.efficiency.map(|v| percent(v, 0)).unwrap_or_else(|| "–".into()) }
                        </td>
                        <td class="in-flight">{ s.tasks_in_flight.map(|v| fixed(v, 1)).unwrap_or_else(|| "–".into()) }</td>
                        <td>{ s.threads }</td>
                        <td>{ percent(s.cpu_ms / (s.wall_ms * s.threads.max(1) as f64).max(1e-9), 0) }</td>
                        <td>{ s.max_parallel_cpu }</td>
                        <td>{ t.max_frame_gap_ms.map(|g| ms(g, 1)).unwrap_or_else(|| "–".into()) }</td>
                        <td>{ check }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
    }
}
