//! The knobs: lesson, modes, threads and yield interval; Run and Stop. A change of knob is
//! sent to the reducer through the page's dispatcher.

use crate::hooks::use_dispatch;
use crate::state::Action;
use interleave_core::lesson;
use interleave_core::run::mode::Mode;
use interleave_core::scenario::config::{RunConfig, MAX_THREADS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const YIELD_CHOICES: [&str; 9] = ["never", "0.1", "0.5", "1", "2", "5", "10", "20", "50"];
const FREE_PLAY: &str = "free";

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub config: RunConfig,
    pub running: bool,
    /// Run is possible: calibration is done and the pool is not still starting.
    pub ready: bool,
    /// The largest pool size, which caps the threads control (the pool grows to the size
    /// a run asks for); `None` where there is no pool.
    pub pool_threads: Option<usize>,
    pub workers_available: bool,
    pub on_run: Callback<()>,
    pub on_stop: Callback<()>,
    /// The mode Sweep would run over pool sizes; `None` hides it.
    pub sweep_mode: Option<Mode>,
    pub on_sweep: Callback<()>,
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let cfg = &props.config;
    let dispatch = use_dispatch();
    let on_change = dispatch.reform(Action::Configure);
    // Each control edits a copy of the config and hands it up.
    let edit = |f: fn(&mut RunConfig, String)| {
        let (cfg, on_change) = (cfg.clone(), on_change.clone());
        move |value: String| {
            let mut next = cfg.clone();
            f(&mut next, value);
            if next != cfg {
                on_change.emit(next);
            }
        }
    };
    let on_lesson = dispatch.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::ChooseLesson(lesson::by_key(&v).map(|l| l.id))
    });
    let on_threads = {
        let set = edit(|c, v| c.threads = v.parse::<usize>().ok().map(|n| n.clamp(1, MAX_THREADS)));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_yield = {
        let set = edit(|c, v| c.yield_ms = interleave_core::codec::nanos::parse_ms(&v));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let mode_toggle = |mode: Mode| {
        let (cfg, on_change) = (cfg.clone(), on_change.clone());
        Callback::from(move |_: Event| {
            let mut next = cfg.clone();
            if next.modes.contains(&mode) {
                next.modes.retain(|m| *m != mode);
            } else {
                next.modes.push(mode);
                next.modes.sort();
            }
            on_change.emit(next);
        })
    };
    let current_lesson = cfg
        .lesson
        .map(|id| lesson::get(id).key)
        .unwrap_or(FREE_PLAY);
    let yield_value = cfg
        .yield_ms
        .map(|v| v.to_string())
        .unwrap_or_else(|| "never".into());
    let disabled = props.running;
    let pool_hint = props
        .pool_threads
        .map(|n| format!("up to {n}; a run starts the workers it needs first"));
    html! {
        <form class="controls" aria-label="Lesson and modes" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{"Lesson "}
                <select id="lesson" onchange={on_lesson} {disabled}>
                    <option value={FREE_PLAY} selected={current_lesson == FREE_PLAY}>{"Free play"}</option>
                    { for lesson::LESSONS.iter().enumerate().map(|(i, l)| html! {
                        <option value={l.key} selected={l.key == current_lesson}>{ format!("{}. {}", i + 1, l.title) }</option>
                    }) }
                </select>
            </label>
            <fieldset class="modes">
                <legend>{"Modes"}</legend>
                { for Mode::ALL.iter().map(|&m| {
                    let off = m.needs_pool() && !props.workers_available;
                    html! {
                        <label title={format!("{} — {}", m.python(), m.mechanism())} class={classes!(off.then_some("unavailable"))}>
                            <input type="checkbox" id={format!("mode-{}", m.key())} checked={cfg.modes.contains(&m)}
                                onchange={mode_toggle(m)} disabled={disabled || off}/>
                            { m.label() }
                        </label>
                    }
                }) }
            </fieldset>
            <label title={pool_hint}>{"Pool size "}
                <input id="threads" type="number" min="1" max={props.pool_threads.map(|n| n.to_string())}
                    placeholder={props.pool_threads.map(|n| n.to_string()).unwrap_or_default()}
                    value={cfg.threads.map(|n| n.to_string()).unwrap_or_default()} onchange={on_threads}
                    disabled={disabled || !props.workers_available}/>
            </label>
            <label>{"Cooperative yield every "}
                <select id="yield" onchange={on_yield} {disabled}>
                    { for YIELD_CHOICES.iter().map(|v| html! {
                        <option value={*v} selected={*v == yield_value}>{ if *v == "never" { "never".to_string() } else { format!("{v} ms") } }</option>
                    }) }
                </select>
            </label>
            { buttons(props) }
        </form>
    }
}

/// Run and Sweep, or Stop while a run is under way.
fn buttons(props: &ControlsProps) -> Html {
    let cfg = &props.config;
    html! {
        <div class="buttons">
            if props.running {
                <button id="stop" type="button" onclick={props.on_stop.reform(|_| ())}>{"Stop"}</button>
            } else {
                <button id="run" type="button" class="primary" onclick={props.on_run.reform(|_| ())}
                    disabled={!props.ready || cfg.modes.is_empty()}>
                    { if props.ready { "Run" } else { "Preparing…" } }
                </button>
                if let Some(m) = props.sweep_mode {
                    <button id="sweep" type="button" onclick={props.on_sweep.reform(|_| ())} disabled={!props.ready}
                        title="Run one mode at pool sizes 1 to twice the core count, and plot the speedup">
                        { format!("Sweep pool sizes ({})", m.label()) }
                    </button>
                }
            }
        </div>
    }
}
