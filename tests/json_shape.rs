//! The run report and the trace export, byte for byte against fixtures. The e2e tests, the
//! bench and any page reading `window.interleaveResult` depend on the report's exact shape,
//! and the fixtures were captured from the serde_json output it had before it was written by
//! hand, so a difference here is a change to a published format.

use interleave::state::run_end;
use interleave_core::codec::export::chrome_trace_json;
use interleave_core::codec::report::{to_json, Environment, PoolStatus, RunEnd};
use interleave_core::lesson::LessonId;
use interleave_core::run::isolation::{Capabilities, Isolation};
use interleave_core::run::mode::Mode;
use interleave_core::run::trace::{Lane, Outcome, Span, SpanKind, Trace, NO_TASK};
use interleave_core::run::work::Calibration;
use interleave_core::scenario::config::{ProcessStart, RunConfig, Theme};
use interleave_core::scenario::embed::{Autoplay, Embed, Panels};
use std::path::Path;

/// Compares with `tests/fixtures/{name}` and shows where the texts part, since both are one
/// long line.
fn matches_fixture(actual: &str, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let expected = std::fs::read_to_string(&path).expect("readable fixture");
    let expected = expected.trim_end_matches('\n');
    if actual == expected {
        return;
    }
    let at = actual
        .bytes()
        .zip(expected.bytes())
        .position(|(a, e)| a != e)
        .unwrap_or(actual.len().min(expected.len()));
    let around = |s: &str| {
        let from = s.floor_char_boundary(at.saturating_sub(60));
        let to = s.ceil_char_boundary((at + 60).min(s.len()));
        s[from..to].to_string()
    };
    panic!(
        "{name} differs at byte {at}:\n  actual:   …{}…\n  expected: …{}…",
        around(actual),
        around(expected)
    );
}

fn span(lane: Lane, task: u32, step: u16, kind: SpanKind, start: f64, end: f64) -> Span {
    Span {
        lane,
        task,
        step,
        kind,
        start,
        end,
    }
}

fn trace(mode: Mode, outcome: Outcome, threads: usize, wall_ms: f64, spans: Vec<Span>) -> Trace {
    Trace {
        epoch_ms: 1_712_345_678_901.125,
        spans,
        results: vec![Some(41), None],
        counters: Vec::new(),
        ..Trace::new(mode, outcome, threads, wall_ms)
    }
}

/// Floats where serde_json's formatting differs from Rust's `Display` or `Debug`, and the
/// ones it writes as null.
const AWKWARD: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    0.1,
    1e-5,
    0.000_123,
    1.5e-7,
    1e15,
    1e16,
    1.234_567_890_123_456_7e17,
    1e21,
    -2.5e-300,
    f64::INFINITY,
    f64::NAN,
];

/// A completed sequential run, a threads run measured against it, and a processes run with
/// counters, open spans and every awkward float.
fn three_modes() -> Vec<Trace> {
    use Lane::*;
    use SpanKind::*;
    let sequential = trace(
        Mode::Sequential,
        Outcome::Completed,
        1,
        40.0,
        vec![
            span(Worker(0), 0, 0, Cpu, 0.0, 20.0),
            span(Worker(0), 1, 0, Cpu, 20.0, 39.875),
        ],
    );
    let mut threads = trace(
        Mode::Threads,
        Outcome::Completed,
        2,
        21.3,
        vec![
            span(Worker(1), 0, 0, Cpu, 0.1, 20.0),
            span(Worker(0), 1, 0, Cpu, 0.2, 20.3),
            span(MainLoop, 1, 1, Io, 20.3, 21.2),
        ],
    );
    threads.max_frame_gap_ms = Some(16.7);
    threads.epoch_ms += 45.5;
    let mut spans = vec![
        span(Process(0), NO_TASK, 0, Startup, 0.0, 3.25),
        span(Process(1), 0, 0, Message, 3.25, 3.5),
        span(Process(1), 0, 1, GilWait, 3.5, f64::NAN),
        span(MainLoop, 1, 2, Yield, 4.0, f64::INFINITY),
    ];
    for (i, &x) in AWKWARD.iter().enumerate() {
        spans.push(span(Process(0), i as u32, i as u16, Cpu, x, -x));
    }
    let mut processes = trace(Mode::Processes, Outcome::Completed, 2, 1e-5, spans);
    processes.counters = vec![Some(1), None, Some(u64::MAX)];
    processes.results = vec![Some(0), Some(u64::MAX), None];
    processes.max_frame_gap_ms = Some(f64::NAN);
    processes.epoch_ms = f64::INFINITY;
    vec![sequential, threads, processes]
}

#[test]
fn a_finished_run_reports_as_before() {
    let env = Environment {
        cross_origin_isolated: true,
        isolation: Isolation::Isolated,
        capabilities: Capabilities::ALL,
        cores: 8,
        pool: PoolStatus::Ready {
            threads: 7,
            startup_ms: 31.25,
            warmup_ms: 0.1,
        },
        calibration: Some(Calibration {
            units_per_ms: 123.456_789,
        }),
        calibration_main: Some(Calibration {
            units_per_ms: 130.5,
        }),
        yield_cost_us: Some(4.2e-3),
        timer_resolution_us: Some(5.0),
        yield_mechanism: Some("MessageChannel".to_string()),
    };
    // A yield the fixture was captured with: the format is under test, not a lesson's default.
    let config = RunConfig {
        yield_ms: Some(5.0),
        ..RunConfig::default()
    };
    let json = to_json(&config, &env, &three_modes(), &RunEnd::Done);
    matches_fixture(&json, "report_done.json");
}

#[test]
fn a_stopped_free_play_run_reports_as_before() {
    let mut config = RunConfig {
        lesson: None,
        modes: vec![Mode::Cooperative, Mode::Gil],
        threads: Some(4),
        yield_ms: None,
        switch_ms: 0.005,
        process_start: ProcessStart::BeforeRun,
        autoplay: Autoplay::Load,
        embed: Some(Embed {
            looping: true,
            panels: Panels::default(),
        }),
        live: false,
        theme: Theme::Dark,
        record: false,
        ..RunConfig::default()
    };
    let text = concat!(
        "# \"quoted\" \\ tab\there, é, ☃, 🦀 and \u{1}\u{1f}\u{7f}\n",
        "seed 7\n3 × cpu 1..3.5ms → io 5ms\r\nio 0.25ms"
    );
    config.set_recipe(text).unwrap();
    let env = Environment {
        cores: 4,
        pool: PoolStatus::Unavailable {
            reason: "no \"SharedArrayBuffer\"\n\\ here\u{8}\u{c}".to_string(),
        },
        yield_cost_us: Some(f64::NAN),
        timer_resolution_us: Some(f64::NEG_INFINITY),
        yield_mechanism: Some(String::new()),
        ..Environment::default()
    };
    let mut cancelled = trace(
        Mode::Gil,
        Outcome::Cancelled,
        4,
        9.5,
        vec![span(
            Lane::Worker(3),
            2,
            0,
            SpanKind::GilWait,
            1.0,
            f64::NAN,
        )],
    );
    cancelled.results = Vec::new();
    let failed = trace(Mode::Cooperative, Outcome::Failed, 1, 0.0, Vec::new());
    let json = to_json(&config, &env, &[failed, cancelled], &RunEnd::Stopped);
    matches_fixture(&json, "report_stopped.json");
}

#[test]
fn a_run_in_which_nothing_ran_says_so_and_why() {
    // The pool still starting when the run gave up on it, which also covers how a starting
    // pool is written.
    let env = Environment {
        pool: PoolStatus::Starting { threads: 3 },
        ..Environment::default()
    };
    let config = RunConfig {
        modes: vec![Mode::Threads],
        yield_ms: Some(5.0),
        ..RunConfig::for_lesson(LessonId::PythonModels)
    };
    let end = run_end(&config.modes, &env.pool, &[], &[], false);
    matches_fixture(
        &to_json(&config, &env, &[], &end),
        "report_nothing_ran.json",
    );
    let idle = RunConfig::for_lesson(LessonId::YieldGranularity);
    let json = to_json(
        &idle,
        &Environment::default(),
        &three_modes()[..1],
        &RunEnd::Done,
    );
    matches_fixture(&json, "report_idle.json");
}

#[test]
fn the_trace_export_is_as_before() {
    let mut traces = three_modes();
    traces[2].epoch_ms = traces[0].epoch_ms + 1000.0;
    let title = "cpu-bound \"live\" \\ ☃\n";
    matches_fixture(&chrome_trace_json(&traces, title), "export_three.json");
    matches_fixture(&chrome_trace_json(&[], ""), "export_empty.json");
    // Overlapping waits that need overflow tracks, on a trace with no finite epoch.
    let spans = (0..4u32)
        .flat_map(|i| {
            let start = f64::from(i);
            [
                span(
                    Lane::MainLoop,
                    i,
                    1,
                    SpanKind::Io,
                    start,
                    10.0 + 3.0 * start,
                ),
                span(
                    Lane::MainLoop,
                    i,
                    0,
                    SpanKind::Cpu,
                    start + 0.2,
                    start + 0.8,
                ),
            ]
        })
        .collect();
    let mut waits = trace(Mode::Cooperative, Outcome::Completed, 1, 30.0, spans);
    waits.epoch_ms = f64::NAN;
    matches_fixture(&chrome_trace_json(&[waits], "waits"), "export_waits.json");
}
