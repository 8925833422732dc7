//! Each deadlocked mode's wait-for cycle, drawn beside the lanes: tasks and locks on a ring
//! with their "holds" and "waits for" arrows. During a replay the links appear when they
//! formed, so the room sees the cycle close.

use crate::state::Recording;
use interleave_core::run::trace::Trace;
use interleave_core::view::figure;
use interleave_core::view::wait_for::{wait_for, Arrow, Link, NodeKind, WaitFor, SIZE};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DeadlockCyclesProps {
    pub traces: Recording,
    /// The replay's time, or `None` to show each cycle as it was found.
    pub t_ms: Option<f64>,
}

#[component]
pub fn DeadlockCycles(props: &DeadlockCyclesProps) -> Html {
    let found: Vec<&Trace> = props
        .traces
        .iter()
        .filter(|t| t.shared.deadlock.is_some())
        .collect();
    if found.is_empty() {
        return html! {};
    }
    html! {
        <div class="cycles" id="deadlock-cycles">
            { for found.iter().map(|t| cycle(t, props.t_ms)) }
        </div>
    }
}

/// Where the cycle stands at the picture's time, in words.
fn status(g: &WaitFor, t_ms: Option<f64>) -> String {
    let formed = figure::ms(g.formed_ms, 0);
    if !g.closed {
        return "links forming…".into();
    }
    if t_ms.is_some_and(|t| t < g.found_ms) {
        return format!("closed at {formed}: no task can go on");
    }
    format!("closed at {formed}, found at {}", figure::ms(g.found_ms, 0))
}

fn cycle(t: &Trace, t_ms: Option<f64>) -> Html {
    let Some(d) = &t.shared.deadlock else {
        return html! {};
    };
    let names: Vec<String> = t.shared.locks.iter().map(|l| l.name.clone()).collect();
    let g = wait_for(d, &names, t_ms);
    let sentence = t.shared.deadlock_sentence().unwrap_or_default();
    let head = format!("cycle-head-{}", t.mode.key());
    let view_box = format!("0 0 {} {}", SIZE.0, SIZE.1);
    html! {
        <figure class={classes!("cycle", g.closed.then_some("closed"))} data-mode={t.mode.key()}
            data-closed={g.closed.to_string()}>
            <figcaption><strong>{ t.mode.label() }</strong>{" · "}{ status(&g, t_ms) }</figcaption>
            <svg viewBox={view_box} role="img" aria-label={sentence}>
                <defs>
                    <marker id={head.clone()} viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for g.arrows.iter().filter(|a| a.shown).map(|a| arrow(a, &head)) }
                { for g.nodes.iter().map(|n| {
                    let (x, y) = (format!("{:.1}", n.x), format!("{:.1}", n.y));
                    let shape = match n.kind {
                        NodeKind::Task(_) => html! { <circle class="task" cx={x.clone()} cy={y.clone()} r="16" /> },
                        NodeKind::Lock(_) => {
                            let (lx, ly) = (format!("{:.1}", n.x - 14.0), format!("{:.1}", n.y - 14.0));
                            html! { <rect class="lock" x={lx} y={ly} width="28" height="28" rx="4" /> }
                        }
                    };
                    html! {
                        <g class="node">
                            { shape }
                            <text {x} {y} text-anchor="middle" dominant-baseline="central">{ short(&n.label) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

/// "task 3" fits a node as "T3"; a lock's name as given.
fn short(label: &str) -> String {
    label
        .strip_prefix("task ")
        .map_or_else(|| label.to_string(), |n| format!("T{n}"))
}

fn arrow(a: &Arrow, head: &str) -> Html {
    let f = |v: f64| format!("{v:.1}");
    let class = match a.link {
        Link::Holds => "holds",
        Link::WaitsFor => "waits",
    };
    html! {
        <g class={classes!("link", class)}>
            <line x1={f(a.from.0)} y1={f(a.from.1)} x2={f(a.to.0)} y2={f(a.to.1)}
                marker-end={format!("url(#{head})")} />
            <text x={f(a.label_at.0)} y={f(a.label_at.1)} text-anchor="middle"
                dominant-baseline="central">{ a.link.word() }</text>
        </g>
    }
}
