//! Tests for the selectors: readiness, the status line, the sweep, the figures a run is
//! described by, and when the costly ones must be computed again.

use super::*;
use interleave_core::lesson::{self, LessonId, RunKind};
use interleave_core::run::trace::{Lane, SpanKind};
use interleave_core::run::work::Calibration;
use interleave_core::testing::span;

fn calibrated() -> AppState {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.env.calibration = Some(Calibration { units_per_ms: 1.0 });
    s.env.cores = 2;
    s
}

fn ready_pool() -> PoolStatus {
    PoolStatus::Ready {
        threads: 2,
        startup_ms: 1.0,
        warmup_ms: 1.0,
    }
}

fn with_threads(mode: Mode, threads: usize, wall_ms: f64, tasks: usize) -> Trace {
    Trace {
        results: vec![Some(1); tasks],
        max_frame_gap_ms: Some(16.0),
        ..Trace::new(mode, Outcome::Completed, threads, wall_ms)
    }
}

#[test]
fn ready_waits_for_calibration_and_a_pool_that_is_not_starting() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    assert!(!s.ready(), "not calibrated");
    s = calibrated();
    assert!(s.ready(), "a pool not started yet starts with the run");
    s.env.pool = PoolStatus::Starting { threads: 2 };
    assert!(!s.ready(), "even when no chosen mode needs the pool");
    s.env.pool = PoolStatus::Unavailable {
        reason: "no".into(),
    };
    assert!(s.ready(), "what can run, runs");
}

#[test]
fn the_status_line_follows_the_page_through_a_run() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    assert_eq!(s.status(), "measuring this device…");
    s = calibrated();
    assert_eq!(s.status(), "ready: press Run or space");
    s.env.pool = PoolStatus::Starting { threads: 4 };
    s.reduce(Action::RunStarted(RunKind::Modes));
    assert_eq!(s.status(), "starting 4 workers…");
    s.env.pool = ready_pool();
    assert_eq!(s.status(), "starting…");
    s.reduce(Action::ModeStarted(LiveMode {
        mode: Mode::Threads,
        threads: 2,
        recorder: recorder(),
        expected: Default::default(),
    }));
    assert_eq!(s.status(), format!("running {}…", Mode::Threads.label()));
    s.reduce(Action::StopRequested);
    assert_eq!(s.status(), "stopping…");
    s.reduce(Action::RunEnded(RunEnd::Stopped));
    assert_eq!(s.status(), "stopped");
    for (end, said) in [
        (RunEnd::Done, "done"),
        (RunEnd::Crashed, "a task crashed"),
        (RunEnd::Deadlocked, "deadlocked: found and broken"),
        (
            RunEnd::NothingRan {
                reason: "no".into(),
            },
            "nothing could run here",
        ),
    ] {
        s.reduce(Action::RunEnded(end));
        assert_eq!(s.status(), said);
    }
}

#[test]
fn an_idle_embed_says_what_it_waits_for() {
    let visible = RunConfig {
        autoplay: Autoplay::Visible,
        ..Default::default()
    };
    assert_eq!(
        AppState::new(visible.clone(), vec![], false).status(),
        "waiting to be seen"
    );
    assert_eq!(
        AppState::new(visible, vec![], true).status(),
        "waiting for its slide"
    );
}

#[test]
fn sweep_prefers_threads_among_the_pool_modes_that_can_run() {
    let mut s = calibrated();
    s.scenario.config.modes = vec![Mode::Sequential, Mode::Cooperative];
    assert_eq!(s.sweep_mode(), None, "no mode with a pool size");
    s.scenario.config.modes = Mode::ALL.to_vec();
    assert_eq!(s.sweep_mode(), Some(Mode::Threads));
    s.env.pool = PoolStatus::Unavailable {
        reason: "no".into(),
    };
    assert_eq!(s.sweep_mode(), Some(Mode::Processes), "no shared memory");

    assert_eq!(
        s.run_kind(),
        RunKind::Modes,
        "free play runs its modes once"
    );
    s.reduce(Action::ChooseLesson(Some(LessonId::PoolsAndAmdahl)));
    assert_eq!(s.run_kind(), RunKind::Sweep(Mode::Threads));
    s.reduce(Action::ChooseLesson(Some(LessonId::Costs)));
    assert_eq!(s.run_kind(), RunKind::Costs);
}

#[test]
fn the_task_count_is_the_run_s_not_the_draft_s() {
    let mut s = calibrated();
    s.reduce(Action::EditRecipe("3 × cpu 5ms".into()));
    assert_eq!(s.task_count(), 3, "before a run: the recipe's");
    s.reduce(Action::RunStarted(RunKind::Modes));
    assert_eq!(s.task_count(), 3, "while it runs: the run's");
    s.reduce(Action::ModeFinished(trace(Mode::Cooperative)));
    s.reduce(Action::RunEnded(RunEnd::Done));
    s.reduce(Action::EditRecipe("5 × cpu 5ms".into()));
    assert_eq!(s.task_count(), 3, "edited since: still the run's");
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::RunEnded(RunEnd::NothingRan {
        reason: "no".into(),
    }));
    assert_eq!(s.task_count(), 5, "a run with no traces shows the recipe");
    s.import.row.push(with_threads(Mode::Sequential, 1, 2.0, 6));
    assert_eq!(s.task_count(), 6, "an imported run with more tasks");
}

#[test]
fn the_run_title_names_the_lesson_and_the_recipe_it_ran() {
    let mut s = calibrated();
    assert_eq!(s.run_title(), "Interleave");
    s.reduce(Action::ChooseLesson(None));
    s.reduce(Action::EditRecipe("2 × cpu 5ms\n3 × io 10ms".into()));
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::RunEnded(RunEnd::Done));
    s.reduce(Action::EditRecipe("cpu 1ms".into()));
    assert_eq!(
        s.run_title(),
        format!(
            "Interleave — Free play: {}",
            s.run
                .ran_with
                .as_ref()
                .unwrap()
                .recipe
                .to_string()
                .trim()
                .replace('\n', "; ")
        )
    );
    assert!(s.run_title().contains("; ") && !s.run_title().contains('\n'));
    s.reduce(Action::ChooseLesson(Some(LessonId::IoBound)));
    s.reduce(Action::RunStarted(RunKind::Modes));
    let title = lesson::get(LessonId::IoBound).title;
    assert!(s
        .run_title()
        .starts_with(&format!("Interleave — {title}: ")));
}

#[test]
fn what_is_missing_and_the_python_pool_size_come_from_the_state() {
    let mut s = calibrated();
    assert_eq!((s.workers_unavailable(), s.nothing_ran()), (None, None));
    s.env.pool = PoolStatus::Unavailable {
        reason: "not isolated".into(),
    };
    assert_eq!(s.workers_unavailable().as_deref(), Some("not isolated"));
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::RunEnded(RunEnd::NothingRan {
        reason: "nothing".into(),
    }));
    assert_eq!(s.nothing_ran().as_deref(), Some("nothing"));

    assert_eq!(s.python_threads(), 2, "one per core");
    s.scenario.config.threads = Some(0);
    assert_eq!(s.python_threads(), 1);
    s.scenario.config.threads = Some(10_000);
    assert_eq!(
        s.python_threads(),
        interleave_core::scenario::config::MAX_THREADS
    );
}

#[test]
fn the_verdict_waits_for_the_run_to_finish_and_judges_what_it_ran() {
    let mut s = calibrated();
    s.reduce(Action::ChooseLesson(Some(LessonId::IoBound)));
    s.reduce(Action::RunStarted(RunKind::Modes));
    for t in [
        with_threads(Mode::Sequential, 1, 1200.0, 8),
        with_threads(Mode::Cooperative, 1, 155.0, 8),
        with_threads(Mode::Threads, 2, 610.0, 8),
    ] {
        s.reduce(Action::ModeFinished(t));
    }
    assert_eq!(s.verdict(), None, "not finished");
    let running = s.verdict_key();
    s.reduce(Action::RunEnded(RunEnd::Done));
    assert_ne!(s.verdict_key(), running, "finishing changes the verdict");
    let v = s.verdict().expect("a lesson's run has a verdict");
    assert!(v.matches, "{}", v.sentence);
    let finished = s.verdict_key();
    s.reduce(Action::EditRecipe("8 × io 900ms".into()));
    assert_eq!(s.verdict_key(), finished, "an edit after the run");
    assert_eq!(s.verdict(), Some(v), "judged on the recipe it ran");
    s.reduce(Action::ChooseLesson(None));
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::RunEnded(RunEnd::Done));
    assert_eq!(s.verdict(), None, "free play has none");
}

#[test]
fn the_recording_s_figures_describe_its_spans() {
    let mut s = calibrated();
    let empty = s.recorded();
    assert_eq!((empty.max_parallel, empty.comparison), (None, None));
    s.reduce(Action::EditRecipe("2 × cpu 60ms".into()));
    s.reduce(Action::RunStarted(RunKind::Modes));
    let hold = span(Lane::MainLoop, 0, SpanKind::Cpu, 0.0, 60.0);
    let next = span(Lane::MainLoop, 1, SpanKind::Cpu, 60.0, 61.0);
    s.reduce(Action::ModeFinished(Trace {
        spans: vec![hold, next],
        ..with_threads(Mode::Cooperative, 1, 61.0, 2)
    }));
    let both = [
        span(Lane::Worker(0), 0, SpanKind::Cpu, 0.0, 60.0),
        span(Lane::Worker(1), 1, SpanKind::Cpu, 0.0, 60.0),
    ];
    s.reduce(Action::ModeFinished(Trace {
        spans: both.to_vec(),
        ..with_threads(Mode::Threads, 2, 60.0, 2)
    }));
    let r = s.recorded();
    assert_eq!(r.long_holds.len(), 1, "{:?}", r.long_holds);
    assert_eq!(r.max_parallel, Some(2));
    assert!(r.parallel_expected, "two CPU tasks on two workers");
    assert!(r.fallbacks.is_empty(), "{:?}", r.fallbacks);
    assert_eq!(r.shown, s.run.traces, "nothing imported: the run itself");

    s.reduce(Action::Import(PYTHON_TRACE.into()));
    let r = s.recorded();
    assert_eq!(r.shown.len(), 3);
    assert!(r.shown[2].is_imported());
    assert!(r.comparison.is_some());
}

#[test]
fn the_recording_key_changes_with_the_recording_only() {
    let mut s = calibrated();
    let key = s.recording_key();
    s.reduce(Action::EditRecipe("3 × cpu 5ms".into()));
    s.reduce(Action::InView(false));
    assert_eq!(s.recording_key(), key, "edits and visibility leave it");
    s.reduce(Action::RunStarted(RunKind::Modes));
    let started = s.recording_key();
    assert_ne!(started, key, "a new run");
    s.reduce(Action::ModeFinished(trace(Mode::Cooperative)));
    let finished = s.recording_key();
    assert_ne!(finished, started, "a finished mode");
    s.reduce(Action::RunEnded(RunEnd::Done));
    assert_eq!(s.recording_key(), finished, "the run's end adds no trace");
    s.reduce(Action::Import(PYTHON_TRACE.into()));
    assert_ne!(s.recording_key(), finished, "an import");
}
