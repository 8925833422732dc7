//! The sweep's result: measured speedup by pool size against the ideal and against Amdahl's
//! law fitted to the points, with the estimated serial fraction. Drawn as SVG from
//! `interleave_core::analysis::sweep`, which computes every coordinate.

use crate::state::Recording;
use interleave_core::analysis::sweep::{analyse, plot, sizes};
use interleave_core::lesson::sweep_points;
use interleave_core::run::mode::Mode;
use interleave_core::scenario::config::MAX_THREADS;
use interleave_core::view::figure::{percent, times};
use yew::prelude::*;

const PLOT_W: f64 = 520.0;
const PLOT_H: f64 = 280.0;

#[derive(Properties, PartialEq)]
pub struct SweepPanelProps {
    pub traces: Recording,
    /// The mode that was swept; `None` when the last run was not a sweep.
    pub mode: Option<Mode>,
    pub cores: usize,
}

#[component]
pub fn SweepPanel(props: &SweepPanelProps) -> Html {
    let Some(mode) = props.mode else {
        return html! {};
    };
    let Some(a) = analyse(&sweep_points(&props.traces, mode), props.cores) else {
        return html! {
            <section class="sweep" id="sweep-panel"><p>{"The sweep's first runs are still to come…"}</p></section>
        };
    };
    let p = plot(&a, PLOT_W, PLOT_H);
    let (left, top, right, bottom) = p.area;
    let kf = |pool: usize| {
        a.karp_flatt
            .iter()
            .find(|k| k.0 == pool)
            .map(|k| percent(k.1, 0))
    };
    html! {
        <section class="sweep" id="sweep-panel" data-points={a.speedup.len().to_string()}>
            <h2>{ format!("Speedup by pool size — {}", mode.label()) }</h2>
            <svg id="sweep-plot" width={PLOT_W.to_string()} height={PLOT_H.to_string()}
                viewBox={format!("0 0 {PLOT_W} {PLOT_H}")} role="img"
                aria-label="Measured speedup by pool size, against the ideal and Amdahl's law">
                <rect class="area" x={left.to_string()} y={top.to_string()} width={(right - left).to_string()} height={(bottom - top).to_string()} />
                { for p.y_ticks.iter().map(|(y, label)| html! {
                    <g class="tick">
                        <line x1={left.to_string()} x2={right.to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x={(left - 4.0).to_string()} y={y.to_string()} text-anchor="end" dominant-baseline="middle">{ label.clone() }</text>
                    </g>
                }) }
                { for p.x_ticks.iter().map(|(x, label)| html! {
                    <text class="tick" x={x.to_string()} y={(bottom + 16.0).to_string()} text-anchor="middle">{ label.clone() }</text>
                }) }
                if let Some(x) = p.cores_x {
                    <g class="cores">
                        <line x1={x.to_string()} x2={x.to_string()} y1={top.to_string()} y2={bottom.to_string()} />
                        <text x={(x + 4.0).to_string()} y={(top + 12.0).to_string()}>{ format!("{} cores", props.cores) }</text>
                    </g>
                }
                <polyline class="ideal" points={p.ideal.clone()} />
                if !p.amdahl.is_empty() {
                    <polyline class="amdahl" points={p.amdahl.clone()} />
                }
                { for p.measured.iter().map(|(x, y, pool)| html! {
                    <circle class="measured" cx={x.to_string()} cy={y.to_string()} r="4" data-pool={pool.to_string()} />
                }) }
            </svg>
            <p class="sweep-legend">
                <span class="key measured">{"● measured"}</span>
                <span class="key ideal">{"— ideal (S = p)"}</span>
                <span class="key amdahl">{ match a.amdahl_serial_fraction {
                    Some(f) => format!("— Amdahl's law on {} cores, fitted: serial fraction {}", a.cores, percent(f, 0)),
                    None => "Amdahl's law: nothing to fit on one core".into(),
                } }</span>
            </p>
            <table class="results" id="sweep-table">
                <thead><tr>
                    <th scope="col">{"pool size"}</th>
                    <th scope="col">{"speedup"}</th>
                    <th scope="col" title="(1/S − 1/p) ÷ (1 − 1/p): the serial fraction these numbers imply">{"Karp–Flatt"}</th>
                </tr></thead>
                <tbody>
                { for a.speedup.iter().map(|(pool, s)| html! {
                    <tr>
                        <th scope="row">{ pool }</th>
                        <td>{ times(*s, 2) }</td>
                        <td>{ kf(*pool).unwrap_or_else(|| "–".into()) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            if let Some(why) = sizes(props.cores, MAX_THREADS, mode).capped {
                <p class="sweep-capped" id="sweep-capped">{ why }</p>
            }
        </section>
    }
}
