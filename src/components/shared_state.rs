//! What each mode's run did to the recipe's shared counters and locks, and any deadlock.

use crate::state::Recording;
use interleave_core::run::mode::Mode;
use interleave_core::run::trace::Trace;
use yew::prelude::*;

/// Why a mode loses updates or does not, in one line under its figures.
fn why(mode: Mode) -> &'static str {
    match mode {
        Mode::Sequential => "one task at a time: nothing comes between a read and its write",
        Mode::Cooperative => "one event loop: only an await in the window lets another task in",
        Mode::Gil => "the GIL switches only where CPython can: a call, a back-edge, a sleep",
        Mode::Processes => "each process counts its own copy; only messages bring counts back",
        Mode::Threads => "threads on several cores: another can write between a read and its write",
    }
}

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
    // Sentences rather than a table of many cells: the same facts, far less code to build.
    html! {
        <section class="shared" id="shared-state" aria-label="Shared state">
            <p class="caption">{"Shared state as each mode left it (expected: the increments made; got: the value the page sees)"}</p>
            { for rows.iter().map(|t| {
                let sh = &t.shared;
                let lines = sh.vars.iter().map(|v| v.describe()).chain(sh.locks.iter().map(|l| l.describe()));
                html! {
                    <div class="shared-mode" data-mode={t.mode.key()}>
                        <strong>{ t.mode.label() }</strong>
                        <ul>{ for lines.map(|line| html! { <li>{ line }</li> }) }</ul>
                        if !sh.vars.is_empty() { <p class="why">{ why(t.mode) }</p> }
                        if let Some(sentence) = sh.deadlock_sentence() {
                            <p class="deadlock" role="status">{ sentence }{" The waiting tasks gave up and the run ended."}</p>
                        }
                    </div>
                }
            }) }
        </section>
    }
}
