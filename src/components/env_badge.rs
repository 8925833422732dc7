//! What this browser gives: isolation, cores, the pool, and the load-time measurements.

use interleave_core::codec::report::{Environment, PoolStatus};
use interleave_core::run::work::Calibration;
use interleave_core::view::figure::{fixed, ms};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EnvBadgeProps {
    pub env: Environment,
    /// The most lanes computing at once in the last run, once there is one.
    pub max_parallel: Option<usize>,
    /// Whether the last run's plan gave a parallel mode CPU work that could overlap: only
    /// then is one lane at a time a shortfall.
    pub parallel_expected: bool,
    /// Parallel modes of the last run that never had two lanes busy at once.
    pub fallbacks: Vec<String>,
}

#[component]
pub fn EnvBadge(props: &EnvBadgeProps) -> Html {
    let env = &props.env;
    let pool = match &env.pool {
        PoolStatus::Idle => "not started".to_string(),
        PoolStatus::Starting { threads } => format!("starting {threads} workers…"),
        PoolStatus::Ready {
            threads,
            startup_ms,
            warmup_ms,
        } if warmup_ms.is_finite() => {
            format!(
                "{threads} workers, started in {}, warmed up in {}",
                ms(*startup_ms, 0),
                ms(*warmup_ms, 0)
            )
        }
        PoolStatus::Ready {
            threads,
            startup_ms,
            ..
        } => {
            format!(
                "{threads} workers, started in {} (warm-up failed)",
                ms(*startup_ms, 0)
            )
        }
        PoolStatus::Unavailable { .. } => "unavailable".to_string(),
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    html! {
        <>
        <dl class="env-badge" id="env-badge" aria-label="Environment">
            <div data-ok={yes_no(env.cross_origin_isolated)}>
                <dt>{"cross-origin isolated"}</dt>
                <dd id="env-isolated">{ yes_no(env.cross_origin_isolated) }</dd>
            </div>
            <div>
                <dt>{"cores"}</dt>
                <dd id="env-cores">{ env.cores }</dd>
            </div>
            <div>
                <dt>{"worker pool"}</dt>
                <dd id="env-pool">{ pool }</dd>
            </div>
            <div>
                <dt>{"timer resolution"}</dt>
                <dd id="env-timer">{ env.timer_resolution_us.map(|us| format!("{} µs", fixed(us, 0))).unwrap_or_else(|| "measuring…".into()) }</dd>
            </div>
            if let Some(n) = props.max_parallel {
                <div data-ok={if n >= 2 { Some("yes") } else { props.parallel_expected.then_some("no") }} title="the most lanes computing at the same moment in the last run">
                    <dt>{"really parallel"}</dt>
                    <dd id="env-parallel">{ format!("{n} lane{} at once", if n == 1 { "" } else { "s" }) }</dd>
                </div>
            }
            <div title="units of work (prime counting) per ms, measured at load where each mode computes: a CPU step of 50 ms is 50 ms of these units">
                <dt>{"CPU calibration"}</dt>
                <dd id="env-calibration">{ calibration(env) }</dd>
            </div>
            <div>
                <dt>{"one yield"}</dt>
                <dd>{
                    match (env.yield_cost_us, &env.yield_mechanism) {
                        (Some(us), Some(m)) => format!("{} µs ({m})", fixed(us, 0)),
                        _ => "measuring…".into(),
                    }
                }</dd>
            </div>
        </dl>
        if !props.fallbacks.is_empty() {
            <div class="notice warn" id="fallback-warning" role="status">
                { for props.fallbacks.iter().map(|w| html! { <p>{ w.clone() }</p> }) }
            </div>
        }
        </>
    }
}

/// Units per ms where each mode computes: a pool worker's (what plans use) and the main
/// thread's, or the main thread's alone where no pool ran.
fn calibration(env: &Environment) -> String {
    let rate = |c: Calibration| fixed(c.units_per_ms, 0);
    match (env.calibration, env.calibration_main) {
        (Some(plan), Some(main)) if plan != main => format!(
            "{} units/ms on a worker, {} on the main thread",
            rate(plan),
            rate(main)
        ),
        (Some(c), _) => format!("{} units/ms on the main thread", rate(c)),
        _ => "measuring…".into(),
    }
}
