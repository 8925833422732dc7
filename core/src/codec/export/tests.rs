//! Tests for `export`: every closed span comes back once, at its real time, properly nested.

use super::*;
use crate::run::mode::Mode;
use crate::run::trace::{Outcome, SpanKind};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

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

fn trace(mode: Mode, epoch_ms: f64, spans: Vec<Span>) -> Trace {
    Trace {
        epoch_ms,
        spans,
        results: Vec::new(),
        counters: Vec::new(),
        ..Trace::new(mode, Outcome::Completed, 1, 0.0)
    }
}

/// The export as serde_json reads it.
fn chrome_trace(traces: &[Trace], title: &str) -> Value {
    serde_json::from_str(&chrome_trace_json(traces, title)).unwrap()
}

/// Names given by metadata events of one kind, keyed by (pid, tid).
fn names(v: &Value, kind: &str) -> BTreeMap<(u64, u64), String> {
    v["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == kind)
        .map(|e| {
            let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
            (key, e["args"]["name"].as_str().unwrap().to_string())
        })
        .collect()
}

fn complete_events(v: &Value) -> Vec<&Value> {
    let events = v["traceEvents"].as_array().unwrap();
    events.iter().filter(|e| e["ph"] == "X").collect()
}

/// Perfetto's reading of a time in µs.
fn ns(us: &Value) -> i64 {
    (us.as_f64().unwrap() * 1000.0).round() as i64
}

/// Times are exported in whole ns: a start may be half a nanosecond off, a duration one.
fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-6 * want.abs().max(1.0) + 0.001
}

fn nesting_holds(v: &Value) -> Result<(), String> {
    let mut by_thread: BTreeMap<(u64, u64), Vec<(i64, i64)>> = BTreeMap::new();
    for e in complete_events(v) {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        let start = ns(&e["ts"]);
        by_thread
            .entry(key)
            .or_default()
            .push((start, start + ns(&e["dur"])));
    }
    for (key, slices) in by_thread {
        for (i, a) in slices.iter().enumerate() {
            for b in &slices[i + 1..] {
                let disjoint = a.1 <= b.0 || b.1 <= a.0;
                let nested = (a.0 <= b.0 && b.1 <= a.1) || (b.0 <= a.0 && a.1 <= b.1);
                if !disjoint && !nested {
                    return Err(format!("{a:?} and {b:?} cross on {key:?}"));
                }
            }
        }
    }
    Ok(())
}

/// Every closed span is matched by exactly one complete event and nothing else is exported.
fn each_closed_span_once(traces: &[Trace], v: &Value) -> Result<(), String> {
    let threads = names(v, "thread_name");
    let base = traces
        .iter()
        .map(|t| t.epoch_ms)
        .fold(f64::INFINITY, f64::min);
    let mut unused = complete_events(v);
    let mut closed = 0;
    for (i, t) in traces.iter().enumerate() {
        let pid = i as u64 + 1;
        for s in t.spans.iter().filter(|s| !s.is_open()) {
            closed += 1;
            let ts = ((t.epoch_ms - base) + s.start) * 1000.0;
            let dur = (s.end - s.start) * 1000.0;
            let kind = s.kind.key();
            let found = unused.iter().position(|e| {
                let tid = e["tid"].as_u64().unwrap();
                let thread = threads.get(&(pid, tid)).map_or("", |n| n.as_str());
                e["pid"] == pid
                    && thread.split(" (").next() == Some(s.lane.name().as_str())
                    && e["name"] == format!("task {} {kind}", s.task)
                    && e["cat"] == kind
                    && e["args"] == json!({ "task": s.task, "step": s.step, "kind": kind })
                    && close(e["ts"].as_f64().unwrap(), ts)
                    && close(e["dur"].as_f64().unwrap(), dur)
            });
            match found {
                Some(at) => _ = unused.remove(at),
                None => return Err(format!("no event for {s:?} in trace {pid}")),
            }
        }
    }
    if !unused.is_empty() {
        return Err(format!("events without a span: {unused:?}"));
    }
    if v["otherData"]["spans"] != closed {
        return Err(format!("otherData counts {}", v["otherData"]["spans"]));
    }
    Ok(())
}

#[test]
fn every_closed_span_comes_back_once_at_its_time() {
    let t = trace(
        Mode::Threads,
        1_712_345_678_901.125,
        vec![
            span(Lane::Worker(1), 3, 0, SpanKind::Cpu, 0.0, 4.123_456_7),
            span(Lane::MainLoop, 0, 2, SpanKind::Io, 0.25, 12.0),
            span(Lane::Worker(0), 1, 1, SpanKind::Cpu, 1.5, 3.0),
            span(Lane::Worker(0), 1, 1, SpanKind::Io, 3.0, 9.75),
            span(Lane::Worker(1), 4, 0, SpanKind::Cpu, 5.0, f64::NAN),
        ],
    );
    let text = chrome_trace_json(std::slice::from_ref(&t), "cpu-bound");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["displayTimeUnit"], "ms");
    assert_eq!(v["otherData"]["title"], "cpu-bound");
    assert_eq!(v["otherData"]["generator"], "Interleave");
    assert_eq!(v["otherData"]["spans"], 4, "the open span is left out");
    each_closed_span_once(std::slice::from_ref(&t), &v).unwrap();
    nesting_holds(&v).unwrap();
    let threads: Vec<String> = names(&v, "thread_name").into_values().collect();
    assert_eq!(threads, ["main loop", "worker 0", "worker 1"]);
    let first = complete_events(&v)[0];
    assert_eq!(first["name"], "task 0 io");
    assert_eq!(
        (first["ts"].as_f64(), first["dur"].as_f64()),
        (Some(250.0), Some(11750.0))
    );
    let sort = |e: &&Value| e["name"] == "thread_sort_index";
    let events = v["traceEvents"].as_array().unwrap();
    assert!(events
        .iter()
        .filter(sort)
        .all(|e| e["args"]["sort_index"] == e["tid"]));
}

#[test]
fn overlapping_waits_on_the_main_loop_get_overflow_tracks() {
    let mut spans = Vec::new();
    for i in 0..6u32 {
        // Each wait starts and ends after the one before, so no two of them nest.
        let start = f64::from(i);
        spans.push(span(
            Lane::MainLoop,
            i,
            1,
            SpanKind::Io,
            start,
            10.0 + 3.0 * start,
        ));
        spans.push(span(
            Lane::MainLoop,
            i,
            0,
            SpanKind::Cpu,
            start + 0.2,
            start + 0.8,
        ));
        spans.push(span(
            Lane::MainLoop,
            i,
            2,
            SpanKind::Cpu,
            26.0 + start,
            26.5 + start,
        ));
    }
    spans.push(span(Lane::MainLoop, 9, 0, SpanKind::Cpu, 10.0, 10.5));
    let traces = [trace(Mode::Cooperative, 5_000.0, spans)];
    let v = chrome_trace(&traces, "waits");
    nesting_holds(&v).unwrap();
    each_closed_span_once(&traces, &v).unwrap();
    let threads: Vec<String> = names(&v, "thread_name").into_values().collect();
    assert_eq!(
        threads,
        [
            "main loop",
            "main loop (2)",
            "main loop (3)",
            "main loop (4)",
            "main loop (5)",
            "main loop (6)"
        ]
    );
}

#[test]
fn each_trace_is_a_process_at_its_real_time() {
    let epoch = 1_712_345_678_901.125;
    let at_zero = |task| vec![span(Lane::MainLoop, task, 0, SpanKind::Cpu, 0.0, 2.0)];
    let traces = [
        trace(Mode::Cooperative, epoch + 250.5, at_zero(1)),
        trace(Mode::Sequential, epoch, at_zero(2)),
        trace(Mode::Threads, epoch + 400.25, at_zero(3)),
    ];
    let v = chrome_trace(&traces, "all");
    let processes: Vec<(u64, String)> = names(&v, "process_name")
        .into_iter()
        .map(|((pid, _), name)| (pid, name))
        .collect();
    assert_eq!(
        processes,
        [
            (1, "cooperative".to_string()),
            (2, "sequential".to_string()),
            (3, "threads".to_string())
        ]
    );
    let starts: Vec<(Value, f64)> = complete_events(&v)
        .iter()
        .map(|e| (e["pid"].clone(), e["ts"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        starts,
        [
            (json!(1), 250_500.0),
            (json!(2), 0.0),
            (json!(3), 400_250.0)
        ]
    );
    each_closed_span_once(&traces, &v).unwrap();
}

#[test]
fn no_traces_is_an_empty_but_valid_trace() {
    let v: Value = serde_json::from_str(&chrome_trace_json(&[], "")).unwrap();
    assert_eq!(v["traceEvents"], json!([]));
    assert_eq!(v["otherData"]["spans"], 0);
}

fn time() -> impl Strategy<Value = f64> {
    // Whole milliseconds make ties and touching spans common, where nesting goes wrong first.
    prop_oneof![0.0..1000.0, (0..1000u32).prop_map(f64::from)]
}

fn length() -> impl Strategy<Value = f64> {
    prop_oneof![0.0..200.0, (0..200u32).prop_map(f64::from)]
}

fn any_span() -> impl Strategy<Value = Span> {
    let lane = prop_oneof![Just(Lane::MainLoop), (0..4u16).prop_map(Lane::Worker)];
    let kind = prop_oneof![Just(SpanKind::Cpu), Just(SpanKind::Io)];
    let open = prop::bool::weighted(0.15);
    (lane, 0..20u32, 0..4u16, kind, time(), length(), open).prop_map(
        |(lane, task, step, kind, start, length, open)| {
            let end = if open { f64::NAN } else { start + length };
            span(lane, task, step, kind, start, end)
        },
    )
}

fn any_traces() -> impl Strategy<Value = Vec<Trace>> {
    let one = (0.0..5000.0f64, prop::collection::vec(any_span(), 0..60));
    prop::collection::vec(one, 1..4).prop_map(|runs| {
        runs.into_iter()
            .enumerate()
            .map(|(i, (offset, spans))| {
                trace(Mode::ALL[i % 3], 1_712_345_678_901.0 + offset, spans)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn any_spans_export_as_valid_properly_nested_json(traces in any_traces()) {
        let v: Value = serde_json::from_str(&chrome_trace_json(&traces, "prop")).unwrap();
        nesting_holds(&v).map_err(TestCaseError::fail)?;
        let closed = traces.iter().flat_map(|t| &t.spans).filter(|s| !s.is_open()).count();
        prop_assert_eq!(complete_events(&v).len(), closed);
        each_closed_span_once(&traces, &v).map_err(TestCaseError::fail)?;
    }
}
