//! The JSON a finished run is exposed as, for tests, benches and other pages.
//!
//! Shape (documented in README.md, "Automation"): `{ state, config, env, modes: [ { mode,
//! outcome, threads, wall_ms, cpu_ms, speedup, efficiency, max_parallel_cpu, max_frame_gap_ms,
//! epoch_ms, lanes, results, spans: [ { lane, task, step, kind, start, end } ] } ] }`, times in ms.

use super::config::RunConfig;
use super::stats::{summarize, ModeStats};
use super::trace::{Span, Trace};
use super::work::Calibration;
use serde::Serialize;

/// What the page found out about the browser it runs in.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Environment {
    pub cross_origin_isolated: bool,
    /// How the page got, or failed to get, isolation: a `model::isolation::Isolation` key.
    pub isolation: String,
    pub shared_array_buffer: bool,
    pub cores: usize,
    pub pool: PoolStatus,
    pub calibration: Option<Calibration>,
    /// Median cost of one cooperative yield, measured at load.
    pub yield_cost_us: Option<f64>,
    /// The smallest step `performance.now()` takes here, in µs (browsers coarsen it unless
    /// the page is cross-origin isolated).
    pub timer_resolution_us: Option<f64>,
    pub yield_mechanism: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum PoolStatus {
    /// Not started: an embed starts it when a run first needs it.
    #[default]
    Idle,
    Starting {
        threads: usize,
    },
    Ready {
        threads: usize,
        startup_ms: f64,
        /// Time spent bringing every worker's code to its optimized tier, after start-up.
        warmup_ms: f64,
    },
    Unavailable {
        reason: String,
    },
}

impl Environment {
    pub fn pool_threads(&self) -> Option<usize> {
        match self.pool {
            PoolStatus::Ready { threads, .. } => Some(threads),
            _ => None,
        }
    }
}

#[derive(Serialize)]
struct ModeReport<'a> {
    #[serde(flatten)]
    stats: ModeStats,
    max_frame_gap_ms: Option<f64>,
    epoch_ms: f64,
    lanes: Vec<String>,
    results: &'a [Option<u64>],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    counters: &'a [Option<u64>],
    spans: &'a [Span],
}

#[derive(Serialize)]
struct RunReport<'a> {
    state: &'a str,
    config: &'a RunConfig,
    env: &'a Environment,
    modes: Vec<ModeReport<'a>>,
}

/// The report as JSON. `state` is "done" when every mode completed, otherwise "stopped".
pub fn to_json(config: &RunConfig, env: &Environment, traces: &[Trace]) -> String {
    let stats = summarize(traces, config.recipe.task_count() as usize);
    let done = traces
        .iter()
        .all(|t| t.outcome == super::trace::Outcome::Completed);
    let report = RunReport {
        state: if done { "done" } else { "stopped" },
        config,
        env,
        modes: traces
            .iter()
            .zip(stats)
            .map(|(t, stats)| ModeReport {
                stats,
                max_frame_gap_ms: t.max_frame_gap_ms,
                epoch_ms: t.epoch_ms,
                lanes: t.lanes().into_iter().map(|l| l.name()).collect(),
                results: &t.results,
                counters: &t.counters,
                spans: &t.spans,
            })
            .collect(),
    };
    serde_json::to_string(&report)
        .unwrap_or_else(|e| format!("{{\"state\":\"error\",\"error\":{:?}}}", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mode::Mode;
    use crate::model::trace::{Lane, Outcome, SpanKind};

    #[test]
    fn the_report_has_the_documented_shape() {
        let trace = Trace {
            mode: Mode::Cooperative,
            outcome: Outcome::Completed,
            threads: 1,
            wall_ms: 12.5,
            epoch_ms: 0.0,
            spans: vec![Span {
                lane: Lane::MainLoop,
                task: 2,
                step: 1,
                kind: SpanKind::Io,
                start: 0.5,
                end: 12.0,
            }],
            results: vec![Some(41), None],
            counters: vec![],
            max_frame_gap_ms: Some(16.7),
        };
        let env = Environment {
            cores: 2,
            ..Default::default()
        };
        let json = to_json(&RunConfig::default(), &env, &[trace]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["state"], "done");
        assert_eq!(v["env"]["cores"], 2);
        assert_eq!(v["env"]["pool"]["state"], "idle");
        assert_eq!(v["config"]["lesson"], "cpu-bound");
        assert_eq!(v["config"]["recipe"]["groups"][0]["count"], 8);
        let m = &v["modes"][0];
        assert_eq!(m["mode"], "cooperative");
        assert_eq!(m["wall_ms"], 12.5);
        assert_eq!(m["lanes"][0], "main loop");
        assert_eq!(m["results"][0], 41);
        assert!(m["results"][1].is_null());
        assert_eq!(m["speedup"], serde_json::Value::Null);
        let span = &m["spans"][0];
        assert_eq!(
            (
                span["lane"].as_str(),
                span["task"].as_u64(),
                span["kind"].as_str()
            ),
            (Some("main loop"), Some(2), Some("io"))
        );
        assert_eq!(
            (span["start"].as_f64(), span["end"].as_f64()),
            (Some(0.5), Some(12.0))
        );
    }
}
