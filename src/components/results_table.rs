//! The measured numbers per mode, as a real HTML table.

use crate::model::figure::{fixed, ms, percent, times};
use crate::model::stats::summarize;
use crate::model::trace::{Outcome, Trace};
use crate::state::Recording;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub traces: Recording,
    pub tasks: usize,
}

/// When the efficiency column has a figure, and why only then (`stats::efficiency`).
const EFFICIENCY_TITLE: &str = "speedup ÷ min(tasks, threads), only for CPU work on 2 threads or \
    more; over 100 % only if the work took less CPU than sequentially";
/// A figure that was not measured: written as a dash, as any number that is not finite is.
const NONE: f64 = f64::NAN;

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
        .find(|t| t.outcome == Outcome::Completed)
        .map(|t| t.results.clone());
    html! {
        <table class="results" id="results">
            <caption>{"Measured in this browser, this run"}</caption>
            <thead><tr>
                <th scope="col" title="the execution model">{"mode"}</th>
                <th scope="col" title="the Python program it stands for">{"in Python"}</th>
                <th scope="col" title="time from start to finish">{"wall"}</th>
                <th scope="col" title="computing time, summed over lanes">{"summed CPU"}</th>
                <th scope="col" title="sequential wall ÷ this wall">{"speedup"}</th>
                <th scope="col" title={EFFICIENCY_TITLE}>{"efficiency"}</th>
                <th scope="col" title="Σ over tasks (last end − first start) ÷ wall: tasks under way at once, on average">{"tasks in flight"}</th>
                <th scope="col" title="lanes the mode had">{"threads"}</th>
                <th scope="col" title="summed CPU ÷ (wall × threads)">{"CPU utilisation"}</th>
                <th scope="col" title="most lanes computing at once">{"max parallel"}</th>
                <th scope="col" title="longest the page waited for a frame">{"worst frame gap"}</th>
                <th scope="col" title="the same in every mode, or the run is wrong">{"primes found"}</th>
            </tr></thead>
            <tbody>
            { for traces.iter().zip(&stats).map(|(t, s)| {
                let total: u64 = t.results.iter().flatten().sum();
                let check = match (&reference, t.outcome) {
                    (_, Outcome::Cancelled) => "stopped".to_string(),
                    (_, Outcome::Failed) => "failed".to_string(),
                    (Some(r), _) if *r == t.results => format!("{total} ✓"),
                    _ => format!("{total} ✗ differs"),
                };
                html! {
                    <tr data-mode={t.mode.key()}>
                        <th scope="row" title={t.mode.mechanism()}>{ t.mode.label() }</th>
                        <td class="python">{ t.mode.python() }</td>
                        <td>{ ms(s.wall_ms, 1) }</td>
                        <td>{ ms(s.cpu_ms, 1) }</td>
                        <td>{ times(s.speedup.unwrap_or(NONE), 2) }</td>
                        <td class="efficiency">{ percent(s.efficiency.unwrap_or(NONE), 0) }</td>
                        <td class="in-flight">{ fixed(s.tasks_in_flight.unwrap_or(NONE), 1) }</td>
                        <td>{ s.threads }</td>
                        <td>{ percent(s.cpu_ms / (s.wall_ms * s.threads.max(1) as f64).max(1e-9), 0) }</td>
                        <td>{ s.max_parallel_cpu }</td>
                        <td>{ ms(t.max_frame_gap_ms.unwrap_or(NONE), 1) }</td>
                        <td>{ check }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}
