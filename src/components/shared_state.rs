//! What each mode's run did to the recipe's shared counters and locks, and any deadlock.

use crate::model::mode::Mode;
use crate::state::Recording;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharedStateProps {
    pub traces: Recording,
}

/// Why a mode loses updates or does not, in one line under its figures.
fn why(mode: Mode) -> &'static str {
    match mode {
        Mode::Sequential => "one task at a time: nothing can come between a read and its write",
        Mode::Cooperative => {
            "one event loop: a task can only be interrupted at an await, so only a window with an await in it lets another task in"
        }
        Mode::Gil => {
            "the GIL model switches only where CPython can (when a call starts, at a loop's back-edge, when a thread sleeps or waits), never inside one operation"
        }
        Mode::Processes => {
            "each process has its own memory: its counter is its own copy, and only messages bring counts back to the page"
        }
        Mode::Threads => {
            "threads on several cores share one memory: another can write between any read and its write"
        }
    }
}

#[component]
pub fn SharedState(props: &SharedStateProps) -> Html {
    let rows: Vec<_> = props
        .traces
        .iter()
        .filter(|t| !t.shared.is_empty())
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <div class="table-scroll">
        <table class="results shared" id="shared-state">
            <caption>{"Shared state: counters and locks, as each mode left them"}</caption>
            <thead><tr>
                <th scope="col">{"mode"}</th>
                <th scope="col" title="expected: the increments the tasks made; got: the value in the memory the page sees">{"counters"}</th>
                <th scope="col" title="how often each lock was taken, how often and how long tasks waited for it, and how long it was held">{"locks"}</th>
            </tr></thead>
            <tbody>
            { for rows.iter().map(|t| {
                let sh = &t.shared;
                html! {
                    <tr data-mode={t.mode.key()}>
                        <th scope="row">{ t.mode.label() }</th>
                        <td>
                            { for sh.vars.iter().map(|v| html! {
                                <div class="var" data-var={v.name.clone()} data-lost={v.lost().to_string()}>{ v.describe() }</div>
                            }) }
                            if !sh.vars.is_empty() {
                                <div class="why">{ why(t.mode) }</div>
                            }
                        </td>
                        <td>
                            { for sh.locks.iter().map(|l| html! { <div class="lock">{ l.describe() }</div> }) }
                            if let Some(sentence) = sh.deadlock_sentence() {
                                <div class="deadlock" role="status">{ sentence }{" The waiting tasks gave up and the run ended."}</div>
                            }
                        </td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
    }
}
