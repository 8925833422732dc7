//! Tests for `stats`: speedup and where efficiency means something, tasks in flight,
//! concurrency, long holds, silent fallbacks.

use super::*;
use crate::run::trace::Lane;
use crate::scenario::step::{MsStep, Step};
use crate::testing::close;

fn s(lane: Lane, kind: SpanKind, start: f64, end: f64) -> Span {
    crate::testing::span(lane, 0, kind, start, end)
}

fn trace(mode: Mode, threads: usize, wall: f64, spans: Vec<Span>) -> Trace {
    Trace {
        spans,
        ..Trace::new(mode, Outcome::Completed, threads, wall)
    }
}

#[test]
fn speedup_and_efficiency_are_against_sequential_and_usable_threads() {
    let traces = vec![
        trace(
            Mode::Sequential,
            1,
            100.0,
            vec![s(Lane::Worker(0), SpanKind::Cpu, 0.0, 100.0)],
        ),
        trace(
            Mode::Threads,
            4,
            50.0,
            vec![
                s(Lane::Worker(0), SpanKind::Cpu, 0.0, 50.0),
                s(Lane::Worker(1), SpanKind::Cpu, 0.0, 50.0),
            ],
        ),
    ];
    let st = summarize(&traces, 2);
    assert_eq!(st[0].speedup, Some(1.0));
    assert_eq!(st[1].speedup, Some(2.0));
    // Two tasks can use only two of the four threads.
    assert_eq!(st[1].efficiency, Some(1.0));
    assert_eq!(st[1].cpu_ms, 100.0);
    assert_eq!(st[1].max_parallel_cpu, 2);
}

#[test]
fn no_sequential_run_means_no_speedup() {
    let st = summarize(&[trace(Mode::Cooperative, 1, 10.0, vec![])], 3);
    assert_eq!(st[0].speedup, None);
    assert_eq!(st[0].efficiency, None);
}

#[test]
fn concurrency_counts_lanes_and_spans_and_ignores_touching_edges() {
    let spans = vec![
        s(Lane::MainLoop, SpanKind::Io, 0.0, 10.0),
        s(Lane::MainLoop, SpanKind::Io, 1.0, 10.0),
        s(Lane::MainLoop, SpanKind::Io, 2.0, 10.0),
        s(Lane::Worker(0), SpanKind::Cpu, 0.0, 5.0),
        s(Lane::Worker(1), SpanKind::Cpu, 5.0, 9.0),
        s(Lane::Worker(1), SpanKind::Cpu, 9.0, 12.0),
    ];
    assert_eq!(max_distinct_lanes_at_once(&spans, SpanKind::Io), 1);
    assert_eq!(max_distinct_lanes_at_once(&spans, SpanKind::Cpu), 1);
}

#[test]
fn long_holds_name_each_task_once_with_its_worst_slice() {
    let mut t = trace(
        Mode::Cooperative,
        1,
        500.0,
        vec![
            s(Lane::MainLoop, SpanKind::Cpu, 0.0, 180.0),
            s(Lane::MainLoop, SpanKind::Cpu, 180.0, 200.0),
            s(Lane::MainLoop, SpanKind::Io, 0.0, 400.0),
        ],
    );
    t.spans[1].task = 3;
    t.spans.push(Span {
        task: 3,
        ..s(Lane::MainLoop, SpanKind::Cpu, 200.0, 260.0)
    });
    t.spans.push(Span {
        task: 3,
        ..s(Lane::MainLoop, SpanKind::Cpu, 260.0, 330.0)
    });
    assert_eq!(long_holds(&t, 50.0), vec![(0, 180.0), (3, 70.0)]);
    assert!(long_holds(&t, 500.0).is_empty());
}

#[test]
fn long_holds_are_said_once_for_every_task() {
    assert_eq!(long_holds_sentence(&[]), None);
    assert_eq!(
        long_holds_sentence(&[(3, 62.6)]).unwrap(),
        "Task 3 held the event loop for 63 ms without yielding"
    );
    let four = [(0, 63.2), (1, 55.0), (2, 60.0), (3, 58.4)];
    assert_eq!(
        long_holds_sentence(&four).unwrap(),
        "4 tasks held the event loop for 55–63 ms each without yielding"
    );
    assert_eq!(
        long_holds_sentence(&[(0, 60.2), (1, 59.8)]).unwrap(),
        "2 tasks held the event loop for 60 ms each without yielding"
    );
}

fn cpu_ms(ms: f64) -> MsStep {
    Step::Cpu(ms)
}

fn io_ms(ms: f64) -> MsStep {
    Step::Io(ms)
}

#[test]
fn a_parallel_run_without_two_busy_lanes_is_called_out() {
    let plan = vec![vec![cpu_ms(50.0)]; 2];
    let mut serial = trace(
        Mode::Threads,
        2,
        100.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 50.0),
            cpu(Lane::Worker(1), 1, 50.0, 100.0),
        ],
    );
    serial.results = vec![Some(1), Some(2)];
    let warnings = silent_fallbacks(std::slice::from_ref(&serial), &plan);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("never had two lanes"),
        "{}",
        warnings[0]
    );
    serial.spans[1].start = 40.0;
    assert!(silent_fallbacks(std::slice::from_ref(&serial), &plan).is_empty());
    assert_eq!(max_parallel(&[serial]), 2);
    let coop = trace(
        Mode::Cooperative,
        1,
        10.0,
        vec![
            cpu(Lane::MainLoop, 0, 0.0, 5.0),
            cpu(Lane::MainLoop, 1, 5.0, 10.0),
        ],
    );
    assert!(
        silent_fallbacks(&[coop], &plan).is_empty(),
        "one lane is the point of cooperative"
    );
}

#[test]
fn work_with_nothing_to_compute_in_parallel_gets_no_fallback_warning() {
    // The I/O lesson: eight waits on two workers, no lane ever computes.
    let waits = vec![vec![io_ms(100.0)]; 8];
    assert!(silent_fallbacks(&io_runs(), &waits).is_empty());

    // Two tasks that compute, but one after the other whatever the pool does.
    let apart = vec![
        vec![cpu_ms(10.0), io_ms(1000.0)],
        vec![io_ms(1000.0), cpu_ms(10.0)],
    ];
    let apart_run = trace(
        Mode::Threads,
        2,
        1010.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 10.0),
            cpu(Lane::Worker(1), 1, 1000.0, 1010.0),
        ],
    );
    assert!(silent_fallbacks(std::slice::from_ref(&apart_run), &apart).is_empty());
    // The same serial trace under a plan whose tasks would compute together does warn.
    let together = vec![vec![cpu_ms(10.0)]; 2];
    assert_eq!(
        silent_fallbacks(std::slice::from_ref(&apart_run), &together).len(),
        1
    );

    // Kept no spans (record=0): nothing to judge by.
    let mut blind = apart_run;
    blind.spans.clear();
    assert!(silent_fallbacks(&[blind], &together).is_empty());
}

#[test]
fn the_plan_says_when_computing_could_overlap() {
    let mixed = vec![vec![cpu_ms(15.0), io_ms(120.0), cpu_ms(15.0)]; 6];
    assert!(plan_computes_in_parallel(&mixed, 2));
    assert!(!plan_computes_in_parallel(&mixed, 1), "one thread");
    assert!(!plan_computes_in_parallel(&mixed[..1], 4), "one task");
    assert!(!plan_computes_in_parallel(&[], 4));
    assert!(!plan_computes_in_parallel(&vec![vec![io_ms(150.0)]; 8], 4));
    // Grazing: the second task's computing starts just before the first one's ends.
    let grazing = [vec![cpu_ms(10.0)], vec![io_ms(9.0), cpu_ms(10.0)]];
    assert!(!plan_computes_in_parallel(&grazing, 2));
    let overlapping = [vec![cpu_ms(10.0)], vec![io_ms(2.0), cpu_ms(10.0)]];
    assert!(plan_computes_in_parallel(&overlapping, 2));
    // With one worker per task queued behind a long wait, the queue decides: the third task
    // waits for the free worker and computes alone.
    let queued = [vec![io_ms(100.0)], vec![cpu_ms(10.0)], vec![cpu_ms(10.0)]];
    assert!(!plan_computes_in_parallel(&queued, 2));
    assert!(plan_computes_in_parallel(&queued, 3));
}

#[test]
fn median_of_odd_even_and_empty() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    assert_eq!(median(&[]), None);
}

fn io(lane: Lane, task: u32, start: f64, end: f64) -> Span {
    Span {
        task,
        ..s(lane, SpanKind::Io, start, end)
    }
}

fn cpu(lane: Lane, task: u32, start: f64, end: f64) -> Span {
    Span {
        task,
        ..s(lane, SpanKind::Cpu, start, end)
    }
}

/// Eight 100 ms waits: one after another, all at once on the loop, in rounds on two workers.
fn io_runs() -> Vec<Trace> {
    let sequential = (0..8)
        .map(|i| io(Lane::Worker(0), i, 100.0 * i as f64, 100.0 * (i + 1) as f64))
        .collect();
    let cooperative = (0..8).map(|i| io(Lane::MainLoop, i, 0.0, 100.0)).collect();
    let threads = (0..8)
        .map(|i| {
            let round = (i / 2) as f64;
            io(
                Lane::Worker(i as u16 % 2),
                i,
                100.0 * round,
                100.0 * (round + 1.0),
            )
        })
        .collect();
    vec![
        trace(Mode::Sequential, 1, 800.0, sequential),
        trace(Mode::Cooperative, 1, 100.0, cooperative),
        trace(Mode::Threads, 2, 400.0, threads),
    ]
}

#[test]
fn waiting_is_not_parallel_work_so_it_has_no_efficiency_but_tasks_in_flight() {
    let st = summarize(&io_runs(), 8);
    assert_eq!(st[1].speedup, Some(8.0), "the speedup is real");
    assert!(
        st.iter().all(|m| m.efficiency.is_none()),
        "no efficiency for waits: {st:?}"
    );
    let in_flight: Vec<f64> = st.iter().map(|m| m.tasks_in_flight.unwrap()).collect();
    assert_eq!(in_flight, [1.0, 8.0, 2.0]);
}

#[test]
fn efficiency_needs_two_usable_threads_and_cpu_work() {
    let sequential = trace(
        Mode::Sequential,
        1,
        100.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 50.0),
            cpu(Lane::Worker(0), 1, 50.0, 100.0),
        ],
    );
    let threads = trace(
        Mode::Threads,
        2,
        60.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 50.0),
            cpu(Lane::Worker(1), 1, 5.0, 55.0),
        ],
    );
    let st = summarize(&[sequential.clone(), threads.clone()], 2);
    assert_eq!(st[0].efficiency, None, "one thread: nothing to share");
    assert!(close(st[1].efficiency.unwrap(), 100.0 / 60.0 / 2.0));
    assert_eq!(
        summarize(&[sequential.clone(), threads.clone()], 1)[1].efficiency,
        None,
        "one task"
    );

    // The same run, but the tasks mostly wait: speedup ÷ threads no longer says anything.
    let mut waiting = threads.clone();
    waiting.spans.push(io(Lane::Worker(0), 0, 0.0, 400.0));
    assert_eq!(
        summarize(&[sequential.clone(), waiting], 2)[1].efficiency,
        None
    );

    // Nothing recorded (record=0): no way to tell what the work was.
    let mut blind = threads;
    blind.spans.clear();
    assert_eq!(summarize(&[sequential, blind], 2)[1].efficiency, None);
}

#[test]
fn over_100_percent_only_when_the_work_itself_took_less_cpu() {
    let sequential = trace(
        Mode::Sequential,
        1,
        130.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 50.0),
            cpu(Lane::Worker(0), 1, 80.0, 130.0),
        ],
    );
    // As much CPU as sequentially, but the sequential run lost 30 ms between its tasks.
    let same_cpu = trace(
        Mode::Threads,
        2,
        50.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 50.0),
            cpu(Lane::Worker(1), 1, 0.0, 50.0),
        ],
    );
    let st = summarize(&[sequential.clone(), same_cpu], 2);
    assert_eq!(st[1].speedup, Some(2.6));
    assert_eq!(st[1].efficiency, None, "130 % would flatter it");
    // Superlinear for real: each half took less CPU than it did alone.
    let cheaper = trace(
        Mode::Threads,
        2,
        30.0,
        vec![
            cpu(Lane::Worker(0), 0, 0.0, 30.0),
            cpu(Lane::Worker(1), 1, 0.0, 30.0),
        ],
    );
    let e = summarize(&[sequential, cheaper], 2)[1].efficiency.unwrap();
    assert!(e > 1.0, "{e}");
}

#[test]
fn tasks_in_flight_ignores_process_start_up_and_open_spans() {
    let mut t = trace(
        Mode::Processes,
        2,
        100.0,
        vec![
            Span {
                task: NO_TASK,
                ..s(Lane::Process(0), SpanKind::Startup, 0.0, 40.0)
            },
            cpu(Lane::Process(0), 0, 40.0, 70.0),
            io(Lane::Process(0), 0, 70.0, 90.0),
            cpu(Lane::Process(1), 1, 50.0, f64::NAN),
        ],
    );
    assert!(close(tasks_in_flight(&t).unwrap(), 0.5));
    t.wall_ms = 0.0;
    assert_eq!(tasks_in_flight(&t), None);
    t.wall_ms = 10.0;
    t.spans.clear();
    assert_eq!(tasks_in_flight(&t), None);
    assert_eq!(cpu_share(&t), None);
}
