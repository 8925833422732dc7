//! Verdicts that must fail: each shape a run can have instead of its lesson's, and the reason
//! the sentence gives for it.

use super::*;

/// A sweep of `mode` at pool sizes 1, 2, … with these wall times, over `tasks` tasks.
fn sweep(walls: &[f64], tasks: usize) -> Vec<Trace> {
    walls
        .iter()
        .enumerate()
        .map(|(i, &w)| trace(Mode::Threads, i + 1, w, tasks))
        .collect()
}

#[test]
fn the_sweep_fails_when_more_threads_bring_nothing() {
    let l = get(LessonId::PoolsAndAmdahl);
    let flat = verdict(l, &sweep(&[400.0; 4], 16), ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(!flat.matches, "{}", flat.sentence);
    assert!(
        flat.sentence.starts_with("Speedup reached only 1.00×"),
        "{}",
        flat.sentence
    );
    let good = verdict(
        l,
        &sweep(&[400.0, 200.0, 200.0, 200.0], 16),
        ctx(0.0, Some(5.0), &[]),
    )
    .unwrap();
    assert!(good.matches, "{}", good.sentence);
    // Parallel work on two cores fits no serial part, and the sentence says so.
    assert!(
        good.sentence.contains("serial fraction of 0%"),
        "{}",
        good.sentence
    );

    // One task: every pool size takes as long as one, and the sentence says why.
    let one_task = verdict(
        l,
        &sweep(&[100.0, 99.0, 101.0, 100.0], 1),
        ctx(0.0, None, &[]),
    );
    let one_task = one_task.unwrap();
    assert!(!one_task.matches);
    assert!(
        one_task.sentence.contains("only 1 task"),
        "{}",
        one_task.sentence
    );

    // One core: nothing can run in parallel.
    let one_core = RunContext {
        cores: 1,
        ..ctx(0.0, None, &[])
    };
    let v = verdict(l, &sweep(&[400.0, 400.0], 16), one_core).unwrap();
    assert!(
        !v.matches && v.sentence.contains("1 core"),
        "{}",
        v.sentence
    );
}

#[test]
fn a_sweep_of_waits_is_not_amdahl_s_shape() {
    let l = get(LessonId::PoolsAndAmdahl);
    // Eight 100 ms waits: more threads keep helping past the two cores.
    let mut runs = sweep(&[800.0, 400.0, 300.0, 200.0], 8);
    for t in &mut runs {
        t.spans = (0..8)
            .map(|i| Span {
                task: i,
                kind: SpanKind::Io,
                ..cpu(Lane::Worker(0), 0.0, 100.0)
            })
            .collect();
    }
    let v = verdict(l, &runs, ctx(100.0, None, &[])).unwrap();
    assert!(!v.matches);
    assert!(
        v.sentence.starts_with("This recipe mostly waits"),
        "{}",
        v.sentence
    );
}

#[test]
fn a_run_that_cannot_compute_in_parallel_does_not_pass_for_one_that_did() {
    let one_worker = [
        trace(Mode::Sequential, 1, 400.0, 8),
        trace(Mode::Cooperative, 1, 420.0, 8),
        trace(Mode::Threads, 1, 400.0, 8),
    ];
    let cpu_bound = get(LessonId::CpuBound);
    let v = verdict(cpu_bound, &one_worker, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(!v.matches, "{}", v.sentence);
    let one_core = RunContext {
        cores: 1,
        ..ctx(0.0, Some(5.0), &[])
    };
    let mut four = one_worker.clone();
    four[2].threads = 4;
    let v = verdict(cpu_bound, &four, one_core).unwrap();
    assert!(
        !v.matches && v.sentence.contains("1 core"),
        "{}",
        v.sentence
    );

    // Mixed requests on a pool of one: threads cannot overlap the CPU parts.
    let mixed = get(LessonId::MixedRequests);
    let mut coop = trace(Mode::Cooperative, 1, 320.0, 6);
    coop.spans = vec![cpu(Lane::MainLoop, 0.0, 15.0)];
    let mut thr = trace(Mode::Threads, 1, 900.0, 6);
    thr.spans = vec![cpu(Lane::Worker(0), 0.0, 15.0)];
    let runs = [trace(Mode::Sequential, 1, 900.0, 6), coop, thr];
    let v = verdict(mixed, &runs, ctx(120.0, Some(5.0), &[])).unwrap();
    assert!(!v.matches, "{}", v.sentence);
    assert!(v.sentence.contains("only 1 worker"), "{}", v.sentence);
    // Two workers that never computed together.
    let mut serial = runs.clone();
    serial[2].threads = 2;
    serial[2].spans.push(cpu(Lane::Worker(1), 15.0, 30.0));
    let v = verdict(mixed, &serial, ctx(120.0, Some(5.0), &[])).unwrap();
    assert!(
        !v.matches && v.sentence.contains("never had two lanes"),
        "{}",
        v.sentence
    );

    // Python's models with one worker: no model could show parallelism.
    let python = get(LessonId::PythonModels);
    let runs = [
        trace(Mode::Sequential, 1, 240.0, 4),
        trace(Mode::Cooperative, 1, 250.0, 4),
        trace(Mode::Gil, 1, 245.0, 4),
        trace(Mode::Processes, 1, 250.0, 4),
        trace(Mode::Threads, 1, 240.0, 4),
    ];
    let v = verdict(python, &runs, ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(!v.matches, "{}", v.sentence);
    assert!(v.sentence.contains("only 1 worker"), "{}", v.sentence);
}

#[test]
fn a_first_granularity_run_fails_when_frames_waited_far_longer_than_a_slice() {
    let l = get(LessonId::YieldGranularity);
    let mut run = trace(Mode::Cooperative, 1, 460.0, 2);
    run.spans = (0..80)
        .map(|i| cpu(Lane::MainLoop, 5.0 * i as f64, 5.0 * i as f64 + 5.0))
        .collect();
    run.max_frame_gap_ms = Some(20.0);
    let v = verdict(l, std::slice::from_ref(&run), ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    run.max_frame_gap_ms = Some(400.0);
    let v = verdict(l, &[run], ctx(0.0, Some(5.0), &[])).unwrap();
    assert!(!v.matches, "{}", v.sentence);
    assert!(
        v.sentence.contains("far longer than the longest slice"),
        "{}",
        v.sentence
    );
}
