//! Tests for `lesson`: every preset parses into its stated shape, and verdicts read runs right.

use super::*;
use crate::run::trace::{Lane, Outcome, Span, SpanKind};
use crate::scenario::recipe;
use crate::scenario::step::{MsStep, Step};

fn kinds(steps: &[MsStep]) -> Vec<&'static str> {
    steps.iter().map(|s| s.key()).collect()
}

#[test]
fn every_preset_parses_and_has_its_stated_shape() {
    for l in &LESSONS {
        let r = recipe::parse(l.recipe).unwrap_or_else(|e| panic!("{}: {e}", l.key));
        let tasks = r.tasks();
        assert!(!tasks.is_empty(), "{}", l.key);
        assert_eq!(by_key(l.key), Some(l));
        // asyncio runs a CPU step to completion; only the lesson about yield sizes yields.
        assert_eq!(
            l.yield_ms.is_some(),
            l.id == LessonId::YieldGranularity,
            "{}: cooperative starts as asyncio does",
            l.key
        );
        match l.id {
            LessonId::CpuBound => {
                assert!(tasks.iter().all(|t| kinds(t) == ["cpu"]) && tasks.len() >= 4)
            }
            LessonId::IoBound => {
                assert!(tasks.iter().all(|t| kinds(t) == ["io"]) && tasks.len() >= 4)
            }
            LessonId::MixedRequests => {
                assert!(tasks.iter().all(|t| kinds(t) == ["cpu", "io", "cpu"]))
            }
            LessonId::BlockingTheLoop => {
                let longest = tasks
                    .iter()
                    .map(|t| t.iter().map(|s| s.cpu_ms()).sum::<f64>())
                    .fold(0.0, f64::max);
                assert!(longest >= 500.0, "one long computation");
                assert!(
                    tasks.iter().filter(|t| kinds(t).contains(&"io")).count() >= 2,
                    "and quick requests"
                );
                assert_eq!(l.yield_ms, None, "it starts with yield = never");
                assert_eq!(l.modes, [Mode::Cooperative]);
            }
            LessonId::YieldGranularity => {
                assert!(tasks.iter().all(|t| kinds(t) == ["cpu"]) && tasks.len() >= 2);
                assert_eq!(l.modes, [Mode::Cooperative]);
            }
            LessonId::PoolsAndAmdahl => {
                assert!(tasks.iter().all(|t| kinds(t) == ["cpu"]) && tasks.len() >= 8);
                assert_eq!(l.run, RunKind::Sweep(Mode::Threads));
            }
            LessonId::PythonModels => {
                assert!(tasks.iter().all(|t| kinds(t) == ["cpu"]));
                assert_eq!(l.modes, Mode::ALL, "a row for every model");
            }
            LessonId::RaceConditions => {
                assert_eq!(r.names.vars, ["call", "await", "locked", "atomic"]);
                assert!(tasks.len() >= 2 && tasks.iter().all(|t| kinds(t) == ["count"; 4]));
                assert_eq!(
                    l.modes,
                    Mode::ALL,
                    "every mode where a race means something"
                );
            }
            LessonId::Deadlock | LessonId::LockOrder => {
                assert_eq!(tasks.len(), 2);
                let first_lock = |t: &[MsStep]| {
                    t.iter().find_map(|s| match s {
                        Step::Lock(l) => Some(*l),
                        _ => None,
                    })
                };
                let opposite = first_lock(&tasks[0]) != first_lock(&tasks[1]);
                assert_eq!(opposite, l.id == LessonId::Deadlock, "{}", l.key);
            }
            LessonId::CrashImpact => {
                assert_eq!(
                    tasks.iter().filter(|t| kinds(t).contains(&"crash")).count(),
                    1
                );
                assert_eq!(l.modes.last(), Some(&Mode::Threads), "the pool goes last");
            }
            LessonId::Costs => assert_eq!(l.run, RunKind::Costs),
            LessonId::ManyRequests => {
                assert!(tasks.len() >= 1000, "a few thousand requests");
                assert_eq!(l.run, RunKind::PoolForIo);
            }
        }
        assert_eq!(
            l.run == RunKind::Costs,
            l.id == LessonId::Costs,
            "{}",
            l.key
        );
    }
}

fn ctx(longest_wait_ms: f64, yield_ms: Option<f64>, history: &[YieldSample]) -> RunContext<'_> {
    RunContext {
        longest_wait_ms,
        yield_ms,
        cores: 2,
        history,
        planned_cpu_ms: 0.0,
    }
}

fn trace(mode: Mode, threads: usize, wall_ms: f64, tasks: usize) -> Trace {
    Trace {
        results: vec![Some(1); tasks],
        max_frame_gap_ms: Some(16.0),
        ..Trace::new(mode, Outcome::Completed, threads, wall_ms)
    }
}

fn cpu(lane: Lane, start: f64, end: f64) -> Span {
    Span {
        lane,
        task: 0,
        step: 0,
        kind: SpanKind::Cpu,
        start,
        end,
    }
}

#[test]
fn cpu_bound_expects_cooperative_like_sequential_and_threads_faster() {
    let l = get(LessonId::CpuBound);
    let runs = [
        trace(Mode::Sequential, 1, 400.0, 8),
        trace(Mode::Cooperative, 1, 420.0, 8),
        trace(Mode::Threads, 2, 210.0, 8),
    ];
    let v = verdict(l, &runs, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(
        v.sentence
            .starts_with("As expected: threads were 1.9× faster"),
        "{}",
        v.sentence
    );

    let one_core = [
        trace(Mode::Sequential, 1, 400.0, 8),
        trace(Mode::Cooperative, 1, 420.0, 8),
        trace(Mode::Threads, 1, 400.0, 8),
    ];
    let v = verdict(l, &one_core, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.sentence.contains("only 1 worker"), "{}", v.sentence);

    let slow = [
        trace(Mode::Sequential, 1, 400.0, 8),
        trace(Mode::Cooperative, 1, 420.0, 8),
        trace(Mode::Threads, 2, 380.0, 8),
    ];
    assert!(!verdict(l, &slow, ctx(0.0, Some(5.0), &[])).unwrap().matches);
    assert_eq!(
        verdict(l, &slow[..2], ctx(0.0, None, &[])),
        None,
        "no threads run, nothing to compare"
    );
}

#[test]
fn io_bound_expects_one_wait_cooperatively_and_rounds_on_a_pool() {
    let l = get(LessonId::IoBound);
    let runs = [
        trace(Mode::Sequential, 1, 1200.0, 8),
        trace(Mode::Cooperative, 1, 155.0, 8),
        trace(Mode::Threads, 2, 610.0, 8),
    ];
    let v = verdict(l, &runs, ctx(150.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(v.sentence.contains("4 rounds of waits"), "{}", v.sentence);
    let blocked = [
        trace(Mode::Sequential, 1, 1200.0, 8),
        trace(Mode::Cooperative, 1, 900.0, 8),
        trace(Mode::Threads, 2, 610.0, 8),
    ];
    assert!(
        !verdict(l, &blocked, ctx(150.0, Some(5.0), &[]))
            .unwrap()
            .matches
    );
}

#[test]
fn mixed_expects_overlapped_waits_and_cpu_in_parallel_only_on_threads() {
    let l = get(LessonId::MixedRequests);
    let mut thr = trace(Mode::Threads, 2, 200.0, 6);
    thr.spans = vec![
        cpu(Lane::Worker(0), 0.0, 15.0),
        cpu(Lane::Worker(1), 0.0, 15.0),
    ];
    let mut coop = trace(Mode::Cooperative, 1, 320.0, 6);
    coop.spans = vec![
        cpu(Lane::MainLoop, 0.0, 15.0),
        cpu(Lane::MainLoop, 15.0, 30.0),
    ];
    let runs = [trace(Mode::Sequential, 1, 900.0, 6), coop, thr];
    let v = verdict(l, &runs, ctx(120.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
}

#[test]
fn blocking_expects_a_frozen_page_without_yields_and_a_smooth_one_with_them() {
    let l = get(LessonId::BlockingTheLoop);
    let mut blocked = trace(Mode::Cooperative, 1, 640.0, 4);
    blocked.max_frame_gap_ms = Some(600.0);
    let v = verdict(l, &[blocked], ctx(30.0, None, &[])).unwrap();
    assert!(
        v.matches && v.sentence.contains("froze for 600 ms"),
        "{}",
        v.sentence
    );
    let mut smooth = trace(Mode::Cooperative, 1, 640.0, 4);
    smooth.spans = vec![cpu(Lane::MainLoop, 0.0, 600.0)];
    let v = verdict(l, &[smooth], ctx(30.0, Some(5.0), &[])).unwrap();
    assert!(
        v.matches && v.sentence.contains("kept the page responsive"),
        "{}",
        v.sentence
    );
}

#[test]
fn granularity_compares_against_an_earlier_interval() {
    let l = get(LessonId::YieldGranularity);
    let mut fine = trace(Mode::Cooperative, 1, 460.0, 2);
    fine.spans = vec![cpu(Lane::MainLoop, 0.0, 400.0)];
    fine.max_frame_gap_ms = Some(17.0);
    let first = verdict(l, std::slice::from_ref(&fine), ctx(0.0, Some(0.1), &[])).unwrap();
    assert!(first.sentence.contains("Run again"), "{}", first.sentence);
    let mut coarse = trace(Mode::Cooperative, 1, 405.0, 2);
    coarse.spans = vec![cpu(Lane::MainLoop, 0.0, 400.0)];
    coarse.max_frame_gap_ms = Some(60.0);
    let history = [YieldSample::from_trace(&fine, Some(0.1))];
    let v = verdict(l, &[coarse], ctx(0.0, Some(50.0), &history)).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!((history[0].overhead() - 0.15).abs() < 1e-9);
}

#[test]
fn the_python_comparison_expects_no_speedup_under_the_gil() {
    let l = get(LessonId::PythonModels);
    let runs = python_runs(70.0, 190.0);
    let v = verdict(l, &runs, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(
        v.sentence.contains("its processes took 70 ms to start"),
        "{}",
        v.sentence
    );
    assert!(
        v.sentence
            .contains("no faster than the plain script (0.92×)"),
        "{}",
        v.sentence
    );
    let mut gil_fast = runs.clone();
    gil_fast[2].wall_ms = 125.0;
    assert!(
        !verdict(l, &gil_fast, ctx(0.0, Some(5.0), &[]))
            .unwrap()
            .matches
    );
}

/// Python's models on 2 workers: 240 ms of work, processes that took `startup` ms to start
/// and `procs_wall` ms in all, free threads at 130 ms.
fn python_runs(startup: f64, procs_wall: f64) -> Vec<Trace> {
    let mut procs = trace(Mode::Processes, 2, procs_wall, 4);
    procs.spans.push(Span {
        kind: SpanKind::Startup,
        ..cpu(Lane::Process(0), 0.0, startup)
    });
    vec![
        trace(Mode::Sequential, 1, 240.0, 4),
        trace(Mode::Cooperative, 1, 250.0, 4),
        trace(Mode::Gil, 2, 260.0, 4),
        procs,
        trace(Mode::Threads, 2, 130.0, 4),
    ]
}

#[test]
fn multiprocessing_is_judged_by_what_its_own_start_up_predicts() {
    let l = get(LessonId::PythonModels);
    // 110 ms of start-up inside a 240 ms job predicts 240 / (110 + 120) = 1.04×: 0.98× is
    // what spawn costs, not a miss (the old rule blamed "other load" here).
    let v = verdict(l, &python_runs(110.0, 245.0), ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(
        v.sentence.contains("took 110 ms to start"),
        "{}",
        v.sentence
    );
    // Far below its prediction, with nothing measured to blame: said plainly.
    let v = verdict(l, &python_runs(10.0, 235.0), ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(!v.matches, "{}", v.sentence);
    assert!(
        v.sentence
            .contains("not explained by anything this run measured"),
        "{}",
        v.sentence
    );
}

#[test]
fn a_slow_run_names_the_busy_machine_only_when_it_was_measured() {
    let l = get(LessonId::CpuBound);
    let mut runs = vec![
        trace(Mode::Sequential, 1, 400.0, 8),
        trace(Mode::Cooperative, 1, 420.0, 8),
        trace(Mode::Threads, 2, 380.0, 8),
    ];
    let planned = RunContext {
        planned_cpu_ms: 400.0,
        ..ctx(0.0, Some(5.0), &[])
    };
    // No CPU spans at all: nothing says the machine was busy.
    let v = verdict(l, &runs, planned).unwrap();
    assert!(!v.matches);
    assert!(
        v.sentence.contains("nothing this run measured explains it"),
        "{}",
        v.sentence
    );
    // The threads' CPU work took 1.5× its calibrated time: that is the cause, with its figure.
    runs[2].spans = vec![
        cpu(Lane::Worker(0), 0.0, 300.0),
        cpu(Lane::Worker(1), 0.0, 300.0),
    ];
    let v = verdict(l, &runs, planned).unwrap();
    assert!(
        v.sentence
            .contains("the machine was busy: the threads mode's CPU work took 1.50×"),
        "{}",
        v.sentence
    );
}

#[test]
fn the_sweep_expects_no_gain_past_the_cores() {
    let l = get(LessonId::PoolsAndAmdahl);
    let walls = [(1, 400.0), (2, 210.0), (3, 205.0), (4, 212.0)];
    let runs: Vec<Trace> = walls
        .iter()
        .map(|&(p, w)| trace(Mode::Threads, p, w, 16))
        .collect();
    let v = verdict(l, &runs, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    assert!(
        v.sentence
            .contains("peaked at 1.95× with 3 threads on 2 cores"),
        "{}",
        v.sentence
    );
    assert_eq!(sweep_points(&runs, Mode::Threads).len(), 4);
    let more_cores: Vec<Trace> = [(1, 400.0), (2, 200.0), (3, 134.0), (4, 101.0)]
        .iter()
        .map(|&(p, w)| trace(Mode::Threads, p, w, 16))
        .collect();
    assert!(
        !verdict(l, &more_cores, ctx(0.0, Some(5.0), &[]))
            .unwrap()
            .matches
    );
}

mod failing;
mod requests;
mod shared;
