//! What each mode's run did to the recipe's shared counters and locks: the race matrix
//! (counters by modes, the lost share drawn), each lock's cost, and any deadlock in words.
//! The counters' sentences stay for screen readers; the eye gets the matrix.

use crate::state::Recording;
use interleave_core::run::trace::Trace;
use interleave_core::view::race::{race_matrix, why, RaceCell, RaceMatrix};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharedStateProps {
    /// The finished run's traces: equal only to themselves, so comparing props costs nothing.
    pub traces: Recording,
}

#[component]
pub fn SharedState(props: &SharedStateProps) -> Html {
    let rows: Vec<&Trace> = props
        .traces
        .iter()
        .filter(|t| !t.shared.is_empty())
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    let locking: Vec<&Trace> = rows
        .iter()
        .copied()
        .filter(|t| !t.shared.locks.is_empty() || t.shared.deadlock.is_some())
        .collect();
    html! {
        <section class="shared" id="shared-state" aria-label="Shared state">
            if let Some(m) = race_matrix(&props.traces) {
                { matrix_view(&m) }
                <div class="visually-hidden" id="shared-lists">
                    { for rows.iter().filter(|t| !t.shared.vars.is_empty()).map(|t| html! {
                        <div data-mode={t.mode.key()}>
                            <strong>{ t.mode.label() }</strong>
                            <ul>{ for t.shared.vars.iter().map(|v| html! { <li>{ v.describe() }</li> }) }</ul>
                        </div>
                    }) }
                </div>
            }
            if !locking.is_empty() {
                <p class="caption">{"Locks as each mode left them, and any deadlock"}</p>
                { for locking.iter().map(|t| lock_block(t)) }
            }
        </section>
    }
}

/// One mode's locks and its deadlock.
fn lock_block(t: &Trace) -> Html {
    let sh = &t.shared;
    html! {
        <div class="shared-mode" data-mode={t.mode.key()}>
            <strong>{ t.mode.label() }</strong>
            if !sh.locks.is_empty() {
                <ul class="locks">{ for sh.locks.iter().map(|l| html! { <li>{ l.describe() }</li> }) }</ul>
            }
            if let Some(sentence) = sh.deadlock_sentence() {
                <p class="deadlock" role="status">{ sentence }{" The waiting tasks gave up and the run ended."}</p>
            }
        </div>
    }
}

fn matrix_view(m: &RaceMatrix) -> Html {
    html! {
        <div class="race">
            <div class="table-scroll"><table class="race-matrix" id="race-matrix">
                <caption>{"Updates lost to races: each shared counter in each mode (expected: the increments the tasks made)"}</caption>
                <thead><tr>
                    <th scope="col">{"counter"}</th>
                    { for m.modes.iter().map(|mode| html! { <th scope="col">{ mode.label() }</th> }) }
                </tr></thead>
                <tbody>
                    { for m.counters.iter().zip(&m.cells).map(|(name, row)| html! {
                        <tr>
                            <th scope="row">{ name.clone() }</th>
                            { for row.iter().zip(&m.modes).map(|(cell, mode)| match cell {
                                Some(c) => cell_view(name, mode.key(), c),
                                None => html! { <td>{"–"}</td> },
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table></div>
            <ul class="race-why" aria-label="Why each mode loses where it does">
                { for m.modes.iter().map(|mode| html! {
                    <li><strong>{ mode.label() }</strong>{": "}{ why(*mode) }</li>
                }) }
            </ul>
        </div>
    }
}

/// A cell: the lost share as a bar, drawn in SVG (the CSP allows no inline style), and the
/// figure in words.
fn cell_view(counter: &str, mode: &'static str, c: &RaceCell) -> Html {
    let width = format!("{:.1}", c.lost_share() * 100.0);
    let class = match (c.by_message.is_some(), c.lost) {
        (true, _) => "own",
        (false, 0) => "none",
        _ => "lost",
    };
    html! {
        <td class={classes!("race-cell", class)} data-counter={counter.to_string()} data-mode={mode}
            data-lost={c.lost.to_string()} data-expected={c.expected.to_string()}>
            <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="track" width="100" height="8" />
                <rect class="share" {width} height="8" />
            </svg>
            <span>{ c.text() }</span>
        </td>
    }
}
