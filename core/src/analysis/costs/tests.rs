//! The table's figures, words and ratios, and the blocking probes on native threads.

use super::probes::{adds, gil_handovers, ping_pong, Add};
use super::*;
use std::time::Instant;

fn measured(what: &str, quantity: Quantity, samples: &[f64]) -> Cell {
    Cell::Measured(vec![Figure {
        what: what.into(),
        quantity,
        stat: Stat::of(samples).unwrap(),
        includes: "test".into(),
    }])
}

#[test]
fn a_stat_is_the_median_and_spread_of_finite_samples() {
    let s = Stat::of(&[3.0, 1.0, f64::NAN, 2.0]).unwrap();
    assert_eq!((s.median, s.min, s.max, s.count), (2.0, 1.0, 3.0, 3));
    assert_eq!(Stat::of(&[f64::NAN]), None);
}

#[test]
fn figures_read_in_the_unit_that_fits() {
    assert_eq!(Quantity::Ms.show(0.000033), "33 ns");
    assert_eq!(Quantity::Ms.show(0.0095), "9.5 µs");
    assert_eq!(Quantity::Ms.show(38.0), "38 ms");
    assert_eq!(Quantity::Ms.show(1234.0), "1.23 s");
    assert_eq!(Quantity::Bytes.show(800.0), "800 B");
    assert_eq!(Quantity::Bytes.show(13_000.0), "13 KB");
    assert_eq!(Quantity::Bytes.show(1_100_000.0), "1.1 MB");
    assert_eq!(Quantity::Count.show(10_000.0), "10,000");
}

#[test]
fn a_cell_says_the_course_word_the_figure_and_the_ratio() {
    let mut same = Costs::default();
    same.set(
        Row::ContextSwitch,
        Unit::Coroutine,
        measured("yield", Quantity::Ms, &[0.016]),
    );
    same.set(
        Row::ContextSwitch,
        Unit::Thread,
        measured("wake", Quantity::Ms, &[0.0158]),
    );
    assert_eq!(
        same.sentence(Row::ContextSwitch, Unit::Thread).unwrap(),
        "the OS switches: faster: 15.8 µs, about as much as a coroutine"
    );
    let mut c = Costs::default();
    c.set(
        Row::Creation,
        Unit::Coroutine,
        measured("create", Quantity::Ms, &[0.0095, 0.009, 0.011]),
    );
    c.set(
        Row::Creation,
        Unit::Process,
        measured("create", Quantity::Ms, &[38.0, 35.0, 41.0]),
    );
    c.set(
        Row::Creation,
        Unit::Thread,
        Cell::Missing("no pool here".into()),
    );
    assert_eq!(
        c.sentence(Row::Creation, Unit::Process).unwrap(),
        "heavy: 38 ms, about 4,000 × a coroutine"
    );
    assert_eq!(
        c.sentence(Row::Creation, Unit::Coroutine).unwrap(),
        "light: 9.5 µs"
    );
    assert_eq!(c.sentence(Row::Creation, Unit::Thread), None, "missing");
    c.set(
        Row::Creation,
        Unit::Thread,
        measured("create", Quantity::Ms, &[31.0]),
    );
    assert_eq!(
        c.sentence(Row::Creation, Unit::Thread).unwrap(),
        "light: 31 ms, about 3,300 × a coroutine; here a thread is a Web Worker, as a process is: about 0.8 × a process"
    );
    let lead = c.lead(Row::Creation, Unit::Process).unwrap();
    assert_eq!(lead.text(), "38 ms (35–41 ms, 3 rounds)");
}

#[test]
fn a_message_is_compared_with_a_shared_memory_add() {
    let mut c = Costs::default();
    c.set(
        Row::Communication,
        Unit::Thread,
        measured("add", Quantity::Ms, &[0.000_002]),
    );
    c.set(
        Row::Communication,
        Unit::Process,
        measured("round trip", Quantity::Ms, &[0.05]),
    );
    assert_eq!(
        c.sentence(Row::Communication, Unit::Process).unwrap(),
        "IPC: 50 µs, about 25,000 × a thread"
    );
}

#[test]
fn ratios_round_as_said() {
    assert_eq!(about(3.24), "3.2");
    assert_eq!(about(38.4), "38");
    assert_eq!(about(4012.0), "4,000");
    assert_eq!(about(f64::INFINITY), "–");
}

#[test]
fn the_json_has_every_row_and_unit_with_a_value_or_a_reason() {
    let mut c = Costs::default();
    c.set(
        Row::Creation,
        Unit::Coroutine,
        measured("create", Quantity::Ms, &[0.01, 0.02]),
    );
    c.set(
        Row::Memory,
        Unit::Process,
        Cell::Missing("cannot see it".into()),
    );
    let mut text = String::new();
    crate::codec::json::ToJson::write_json(&c, &mut text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), Row::ALL.len());
    for row in rows {
        for unit in Unit::ALL {
            let cell = &row["cells"][unit.key()];
            assert!(
                cell["figures"].is_array() || cell["missing"].is_string(),
                "{row}"
            );
            assert!(cell["course"].is_string());
        }
    }
    let created = &rows[0]["cells"]["coroutine"]["figures"][0];
    assert_eq!(created["count"], 2);
    assert_eq!(created["unit"], "ms");
    assert_eq!(rows[3]["cells"]["process"]["missing"], "cannot see it");
    assert!(v["reference"].as_str().unwrap().contains("CPython"));
}

fn clock() -> impl Fn() -> f64 + Sync {
    let start = Instant::now();
    move || start.elapsed().as_secs_f64() * 1e3
}

fn both(a: &(dyn Fn() + Sync), b: &(dyn Fn() + Sync)) {
    std::thread::scope(|s| {
        s.spawn(a);
        s.spawn(b);
    });
}

#[test]
fn every_kind_of_add_counts_and_takes_time() {
    let now = clock();
    for kind in Add::ALL {
        let per = adds(kind, 100_000, &now);
        assert!(per > 0.0 && per < 0.01, "{kind:?}: {per} ms per add");
    }
}

#[test]
fn two_threads_hand_over_through_a_condition_variable_and_the_gil() {
    let now = clock();
    // A figure, not a speed: on a loaded machine (CI's two cores, tests in parallel) a
    // hand-over can take a whole scheduler slice, so no upper bound holds here.
    let per = ping_pong(200, &now, &both).expect("both sides came");
    assert!(per.is_finite() && per > 0.0, "{per} ms per hand-over");
    let per = gil_handovers(200, &now, &both).expect("both sides came");
    assert!(per.is_finite() && per > 0.0, "{per} ms per hand-over");
}

#[test]
fn a_side_that_never_comes_gives_up_rather_than_hangs() {
    let now = clock();
    let alone = |a: &(dyn Fn() + Sync), _: &(dyn Fn() + Sync)| a();
    assert_eq!(ping_pong(10, &now, &alone), None);
    assert_eq!(gil_handovers(10, &now, &alone), None);
}

#[test]
fn a_crash_costs_a_process_its_task_and_threads_the_pool() {
    use crate::run::mode::Mode;
    use crate::run::trace::{Lane, Outcome, SpanKind};
    use crate::testing::{span, trace};
    let mut procs = trace(Mode::Processes, 10.0, 4, vec![]);
    procs.results[2] = None;
    procs
        .spans
        .push(span(Lane::Process(0), 2, SpanKind::Crash, 5.0, 5.0));
    let mut threads = trace(Mode::Threads, 10.0, 4, vec![]);
    threads.outcome = Outcome::Crashed;
    threads.results = vec![Some(1), None, None, None];
    let cells = crash_impact(&[procs, threads]);
    let count = |u: Unit| match &cells.iter().find(|(x, _)| *x == u).unwrap().1 {
        Cell::Measured(f) => Some((f[0].stat.median, f[0].includes.clone())),
        Cell::Missing(_) => None,
    };
    assert_eq!(count(Unit::Process).unwrap().0, 1.0);
    let (lost, says) = count(Unit::Thread).unwrap();
    assert_eq!(lost, 3.0);
    assert!(says.contains("pool crashed"), "{says}");
    assert_eq!(count(Unit::Coroutine), None, "no cooperative run");
}
