use super::*;
use crate::run::mode::Mode;
use crate::run::trace::{Lane, Outcome, SpanKind};

#[test]
fn the_report_has_the_documented_shape() {
    let trace = Trace {
        spans: vec![Span {
            lane: Lane::MainLoop,
            task: 2,
            step: 1,
            kind: SpanKind::Io,
            start: 0.5,
            end: 12.0,
        }],
        results: vec![Some(41), None],
        max_frame_gap_ms: Some(16.7),
        ..Trace::new(Mode::Cooperative, Outcome::Completed, 1, 12.5)
    };
    let env = Environment {
        cores: 2,
        ..Default::default()
    };
    let json = to_json(&RunConfig::default(), &env, &[trace], &RunEnd::Done);
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

#[test]
fn the_head_and_each_modes_spans_make_the_whole_report() {
    let (config, errs) = RunConfig::from_query("recipe=24+x+cpu+5s&modes=cooperative&yield=0.1");
    assert_eq!(errs, vec![]);
    let traces = [crate::testing::trace(
        Mode::Cooperative,
        10.0,
        2,
        vec![crate::testing::span(
            Lane::MainLoop,
            1,
            SpanKind::Cpu,
            0.0,
            4.0,
        )],
    )];
    let env = Environment::default();
    let whole: serde_json::Value =
        serde_json::from_str(&to_json(&config, &env, &traces, &RunEnd::Done)).unwrap();
    let mut parts: serde_json::Value =
        serde_json::from_str(&head_json(&config, &env, &traces, &RunEnd::Done, None)).unwrap();
    assert!(parts["modes"][0].get("spans").is_none());
    parts["modes"][0]["spans"] = serde_json::from_str(&spans_json(&traces[0])).unwrap();
    assert_eq!(parts, whole);
    assert!(
        whole["fitted"]["yield_ms"].as_f64() > Some(0.1),
        "{}",
        whole["fitted"]
    );
    assert_eq!(
        whole["config"]["yield_ms"], 0.1,
        "what was asked stays in the config"
    );
}
