//! The knobs: workload, sizes, modes, threads and yield interval; Run and Stop.

use crate::model::config::{RunConfig, MAX_STEP_MS, MAX_TASKS};
use crate::model::mode::Mode;
use crate::model::workload::{Workload, WorkloadKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const YIELD_CHOICES: [&str; 9] = ["never", "0.1", "0.5", "1", "2", "5", "10", "20", "50"];

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub config: RunConfig,
    pub running: bool,
    /// Run is possible: calibration is done and the pool is not still starting.
    pub ready: bool,
    /// The pool's size, which caps the threads control.
    pub pool_threads: Option<usize>,
    pub workers_available: bool,
    pub on_change: Callback<RunConfig>,
    pub on_run: Callback<()>,
    pub on_stop: Callback<()>,
}

fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let cfg = &props.config;
    let w = &cfg.workload;
    let (cpu_ms, io_ms) = (w.cpu_ms_per_task(), w.io_ms_per_task());
    // Each control edits one field of a copy of the config and hands it up.
    let edit = |f: fn(&mut RunConfig, String)| {
        let (cfg, on_change) = (cfg.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let mut next = cfg.clone();
            f(&mut next, input_value(&e));
            if next != cfg {
                on_change.emit(next);
            }
        })
    };
    let reshape = |c: &mut RunConfig, kind: WorkloadKind, tasks: u32, cpu: f64, io: f64| {
        c.workload = Workload::shaped(kind, tasks, cpu, io);
    };
    let on_kind = {
        let (cfg, on_change) = (cfg.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(kind) = WorkloadKind::from_key(&v) {
                let mut next = cfg.clone();
                let w = &cfg.workload;
                reshape(
                    &mut next,
                    kind,
                    w.tasks,
                    w.cpu_ms_per_task().max(1.0),
                    w.io_ms_per_task().max(1.0),
                );
                on_change.emit(next);
            }
        })
    };
    let on_tasks = edit(|c, v| {
        if let Ok(n) = v.parse::<u32>() {
            c.workload.tasks = n.clamp(1, MAX_TASKS);
        }
    });
    let on_cpu = edit(|c, v| {
        if let Ok(ms) = v.parse::<f64>() {
            let w = &c.workload;
            c.workload = Workload::shaped(
                w.kind,
                w.tasks,
                ms.clamp(0.1, MAX_STEP_MS),
                w.io_ms_per_task(),
            );
        }
    });
    let on_io = edit(|c, v| {
        if let Ok(ms) = v.parse::<f64>() {
            let w = &c.workload;
            c.workload = Workload::shaped(
                w.kind,
                w.tasks,
                w.cpu_ms_per_task(),
                ms.clamp(0.0, MAX_STEP_MS),
            );
        }
    });
    let on_threads = edit(|c, v| c.threads = v.parse::<usize>().ok().filter(|n| *n >= 1));
    let on_yield = {
        let (cfg, on_change) = (cfg.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = cfg.clone();
            next.yield_ms = v.parse::<f64>().ok();
            on_change.emit(next);
        })
    };
    let mode_toggle = |mode: Mode| {
        let (cfg, on_change) = (cfg.clone(), props.on_change.clone());
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
    let yield_value = cfg
        .yield_ms
        .map(|v| v.to_string())
        .unwrap_or_else(|| "never".into());
    let shows_cpu = w.kind != WorkloadKind::Io;
    let shows_io = w.kind != WorkloadKind::Cpu;
    let disabled = props.running;
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    html! {
        <form class="controls" aria-label="Workload and modes" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{"Workload "}
                <select id="workload" onchange={on_kind} {disabled}>
                    { for WorkloadKind::ALL.iter().map(|k| html! {
                        <option value={k.key()} selected={*k == w.kind}>{ k.label() }</option>
                    }) }
                </select>
            </label>
            <label>{"Tasks "}
                <input id="tasks" type="number" min="1" max={MAX_TASKS.to_string()} value={w.tasks.to_string()} onchange={on_tasks} {disabled}/>
            </label>
            if shows_cpu {
                <label>{"CPU per task (ms) "}
                    <input id="cpu-ms" type="number" min="0.1" step="any" value={cpu_ms.to_string()} onchange={on_cpu} {disabled}/>
                </label>
            }
            if shows_io {
                <label>{"I/O wait per task (ms) "}
                    <input id="io-ms" type="number" min="0" step="any" value={io_ms.to_string()} onchange={on_io} {disabled}/>
                </label>
            }
            <fieldset class="modes">
                <legend>{"Modes"}</legend>
                { for Mode::ALL.iter().map(|&m| {
                    let off = m.needs_workers() && !props.workers_available;
                    html! {
                        <label title={m.mechanism()} class={classes!(off.then_some("unavailable"))}>
                            <input type="checkbox" id={format!("mode-{}", m.key())} checked={cfg.modes.contains(&m)}
                                onchange={mode_toggle(m)} disabled={disabled || off}/>
                            { m.key() }
                        </label>
                    }
                }) }
            </fieldset>
            <label>{"Threads "}
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
            <div class="buttons">
                if props.running {
                    <button id="stop" type="button" onclick={on_stop}>{"Stop"}</button>
                } else {
                    <button id="run" type="button" class="primary" onclick={on_run} disabled={!props.ready}>
                        { if props.ready { "Run" } else { "Preparing…" } }
                    </button>
                }
            </div>
        </form>
    }
}
