//! Replay of a recorded run: play and pause, speed, a scrubber, and steps by event. It moves a
//! playhead over the recording; it never runs the work again.

use crate::state::Recording;
use interleave_core::run::trace::SpanKind;
use interleave_core::view::figure;
use interleave_core::view::replay::{snapshot, waiting_text, Replay, MAX_SPEED, MIN_SPEED};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const SPEEDS: [f64; 7] = [0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0];

#[derive(Clone, Debug, PartialEq)]
pub enum ReplayAction {
    Toggle,
    Seek(f64),
    StepForward,
    StepBack,
    Speed(f64),
}

#[derive(Properties, PartialEq)]
pub struct ReplayControlsProps {
    pub replay: Replay,
    pub traces: Recording,
    pub on_action: Callback<ReplayAction>,
}

fn what(kind: Option<SpanKind>) -> &'static str {
    match kind {
        Some(SpanKind::Cpu) => "computes",
        Some(SpanKind::Io) => "waits for I/O",
        Some(SpanKind::GilWait) => "waits for the GIL",
        Some(SpanKind::Startup) => "starts up",
        Some(SpanKind::Message) => "passes a message",
        Some(SpanKind::Yield) => "waits for its turn",
        Some(SpanKind::Crash) => "crashes",
        Some(SpanKind::LockWait) => "waits for a lock",
        None => "idle",
    }
}

#[component]
pub fn ReplayControls(props: &ReplayControlsProps) -> Html {
    let r = &props.replay;
    let act = |a: ReplayAction| props.on_action.reform(move |_: MouseEvent| a.clone());
    let on_scrub = props.on_action.reform(|e: InputEvent| {
        ReplayAction::Seek(
            e.target_unchecked_into::<HtmlInputElement>()
                .value_as_number(),
        )
    });
    let on_speed = props.on_action.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        ReplayAction::Speed(
            v.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite())
                .unwrap_or(0.25)
                .clamp(MIN_SPEED, MAX_SPEED),
        )
    });
    html! {
        <section class="replay" id="replay" aria-label="Replay" data-t={r.t_ms.to_string()}
            data-playing={r.playing.to_string()} data-at-end={r.at_end().to_string()}>
            <button id="replay-back" type="button" onclick={act(ReplayAction::StepBack)} aria-label="Step back one event">{"◀"}</button>
            <button id="replay-play" type="button" onclick={act(ReplayAction::Toggle)}
                aria-label={if r.playing { "Pause the replay" } else { "Play the replay" }}>
                { if r.playing { "Pause" } else { "Replay" } }
            </button>
            <button id="replay-forward" type="button" onclick={act(ReplayAction::StepForward)} aria-label="Step forward one event">{"▶"}</button>
            <input id="replay-scrubber" type="range" min="0" max={r.end_ms.to_string()} step="any"
                value={r.t_ms.to_string()} oninput={on_scrub} aria-label="Replay position" />
            <span id="replay-time" class="replay-time">{ format!("{} / {}", figure::fixed(r.t_ms, 2), figure::ms(r.end_ms, 1)) }</span>
            <label>{"speed "}
                <select id="replay-speed" onchange={on_speed} aria-label="Replay speed">
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(*s - r.speed).abs() < 1e-9}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <ul id="replay-now" class="replay-now">
                { for props.traces.iter().map(|t| {
                    let now = snapshot(t, r.t_ms);
                    let lanes = now.lanes.iter().map(|l| match l.task {
                        Some(task) => format!("{}: task {task} {}", l.lane.name(), what(l.kind)),
                        None => format!("{}: {}", l.lane.name(), what(l.kind)),
                    }).collect::<Vec<_>>().join(" · ");
                    let waiting = if now.waiting.is_empty() {
                        String::new()
                    } else {
                        format!(" — waiting: {}", waiting_text(&now.waiting))
                    };
                    html! { <li><strong>{ t.label() }</strong>{ format!(" — {lanes}{waiting}") }</li> }
                }) }
            </ul>
        </section>
    }
}
