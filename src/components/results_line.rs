//! The results in one line, for embeds: each mode's wall time, and its speed-up when there is a
//! sequential run to compare with.

use crate::state::Recording;
use interleave_core::analysis::stats::summarize;
use interleave_core::run::trace::Outcome;
use interleave_core::view::figure::{ms, times};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsLineProps {
    pub traces: Recording,
    pub tasks: usize,
    /// Said when the machine was busy during the run, measured.
    #[prop_or_default]
    pub busy: Option<String>,
}

#[component]
pub fn ResultsLine(props: &ResultsLineProps) -> Html {
    if props.traces.is_empty() {
        return html! {};
    }
    let stats = summarize(&props.traces, props.tasks);
    html! {
        <p class="results-line" id="results-line">
            { for stats.iter().map(|s| {
                let figure = match (s.outcome, s.speedup) {
                    (Outcome::Completed, Some(x)) => format!("{} · {}", ms(s.wall_ms, 0), times(x, 2)),
                    (Outcome::Completed, None) => ms(s.wall_ms, 0),
                    (Outcome::Cancelled, _) => "stopped".into(),
                    (Outcome::Failed, _) => "failed".into(),
                    (Outcome::Crashed, _) => "crashed".into(),
                    (Outcome::Deadlocked, _) => "deadlocked".into(),
                };
                html! {
                    <span class="result" data-mode={s.mode.key()}>
                        <strong>{ s.mode.label() }</strong>{" "}{ figure }
                    </span>
                }
            }) }
            if let Some(busy) = &props.busy {
                <span class="busy" id="busy-note">{ busy.clone() }</span>
            }
        </p>
    }
}
