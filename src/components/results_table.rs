//! The measured numbers per mode, as a real HTML table.

use crate::model::figure::{ms, percent, times};
use crate::model::stats::summarize;
use crate::model::trace::{Outcome, Trace};
use crate::state::Recording;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub traces: Recording,
    pub tasks: usize,
}

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
                <th scope="col">{"mode"}</th>
                <th scope="col">{"in Python"}</th>
                <th scope="col">{"wall"}</th>
                <th scope="col">{"summed CPU"}</th>
                <th scope="col">{"speedup"}</th>
                <th scope="col" title="speedup ÷ min(tasks, threads)">{"efficiency"}</th>
                <th scope="col">{"threads"}</th>
                <th scope="col" title="summed CPU ÷ (wall × threads): how busy the threads were">{"CPU utilisation"}</th>
                <th scope="col" title="most lanes computing at the same moment">{"max parallel"}</th>
                <th scope="col">{"worst frame gap"}</th>
                <th scope="col">{"primes found"}</th>
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
                        <td>{ s.speedup.map(|v| times(v, 2)).unwrap_or_else(|| "–".into()) }</td>
                        <td>{ s.efficiency.map(|v| percent(v, 0)).unwrap_or_else(|| "–".into()) }</td>
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
    }
}
