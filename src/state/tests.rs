//! Tests for the reducer: phases, configuration under a run, lessons, the pool, autoplay;
//! `tests/select.rs` holds the selectors'.

use super::*;
use interleave_core::run::recorder::{Recorder, SharedRecorder, StdClock};
use interleave_core::scenario::embed::Autoplay;
use std::sync::Arc;

fn recorder() -> SharedRecorder {
    SharedRecorder(Arc::new(Recorder::new(Box::new(StdClock::default()))))
}

mod select;

/// A trace file as the generated Python program writes it.
const PYTHON_TRACE: &str = r#"{"format": "interleave-python-trace", "version": 1, "python": "3.11.2",
    "implementation": "CPython", "mode": "sequential", "threads": 1, "wall_ms": 2,
    "results": [1], "spans": [[0, 0, 0, "cpu", 0, 2]]}"#;

fn trace(mode: Mode) -> Trace {
    Trace::new(mode, Outcome::Completed, 1, 1.0)
}

#[test]
fn a_run_clears_old_traces_and_walks_through_its_phases() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.reduce(Action::ModeFinished(trace(Mode::Sequential)));
    s.reduce(Action::RunStarted(RunKind::Modes));
    assert!(s.run.traces.is_empty());
    assert_eq!(s.run.number, 1);
    let rec = recorder();
    let live = LiveMode {
        mode: Mode::Cooperative,
        threads: 1,
        recorder: rec,
        expected: Default::default(),
    };
    s.reduce(Action::ModeStarted(live.clone()));
    assert_eq!(
        s.run.phase,
        Phase::Running {
            mode: Some(Mode::Cooperative)
        }
    );
    assert_eq!(s.run.live, Some(live));
    s.reduce(Action::ModeFinished(trace(Mode::Cooperative)));
    assert_eq!(s.run.live, None);
    s.reduce(Action::RunEnded(RunEnd::Done));
    assert_eq!(s.run.phase, Phase::Finished);
    assert_eq!(s.run.traces.len(), 1);
}

#[test]
fn stopping_sticks_until_the_run_ends_and_config_is_frozen_meanwhile() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::StopRequested);
    s.reduce(Action::ModeStarted(LiveMode {
        mode: Mode::Threads,
        threads: 2,
        recorder: recorder(),
        expected: Default::default(),
    }));
    assert_eq!(s.run.phase, Phase::Stopping);
    let other = RunConfig {
        autoplay: Autoplay::Load,
        ..Default::default()
    };
    s.reduce(Action::Configure(other.clone()));
    assert!(
        s.scenario.config.autoplay == Autoplay::Off,
        "config must not change under a running run"
    );
    s.reduce(Action::RunEnded(RunEnd::Done));
    s.reduce(Action::StopRequested);
    assert_eq!(s.run.phase, Phase::Finished);
    s.reduce(Action::Configure(other));
    assert_eq!(s.scenario.config.autoplay, Autoplay::Load);
}

#[test]
fn a_bad_recipe_shows_its_error_and_keeps_the_last_good_one() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    let good = s.scenario.config.recipe.clone();
    s.reduce(Action::EditRecipe("3 × cpu soon".into()));
    assert_eq!(s.scenario.recipe_draft, "3 × cpu soon");
    assert!(s
        .scenario
        .recipe_error
        .as_deref()
        .unwrap()
        .contains("line 1"));
    assert_eq!(
        s.scenario.config.recipe, good,
        "the last good recipe stays loaded"
    );
    s.reduce(Action::EditRecipe("3 × cpu 5ms".into()));
    assert_eq!(s.scenario.recipe_error, None);
    assert_eq!(s.scenario.config.recipe.task_count(), 3);
    assert_eq!(s.scenario.config.recipe_text, "3 × cpu 5ms");
}

#[test]
fn choosing_a_lesson_loads_it_but_keeps_the_machine_settings() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.scenario.config.threads = Some(3);
    s.reduce(Action::EditRecipe("nonsense".into()));
    s.reduce(Action::ChooseLesson(Some(LessonId::BlockingTheLoop)));
    assert_eq!(s.scenario.config.lesson, Some(LessonId::BlockingTheLoop));
    assert_eq!(s.scenario.config.yield_ms, None);
    assert_eq!(s.scenario.config.threads, Some(3));
    assert_eq!(s.scenario.recipe_error, None);
    assert_eq!(s.scenario.recipe_draft, s.scenario.config.recipe_text);
    s.reduce(Action::ChooseLesson(None));
    assert_eq!(s.scenario.config.lesson, None, "free play keeps the recipe");
    assert_eq!(s.scenario.config.yield_ms, None);
}

#[test]
fn worker_modes_wait_for_the_pool_and_explain_when_it_cannot_start() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    assert_eq!(
        s.availability(Mode::Threads),
        Availability::Ready,
        "a pool not started yet starts with the run that needs it"
    );
    s.env.pool = PoolStatus::Starting { threads: 4 };
    assert_eq!(s.runnable_modes(), vec![Mode::Cooperative]);
    assert!(matches!(
        s.availability(Mode::Threads),
        Availability::Pending(_)
    ));
    s.env.pool = PoolStatus::Unavailable {
        reason: "no isolation".into(),
    };
    assert_eq!(
        s.availability(Mode::Sequential),
        Availability::Unavailable("no isolation".into())
    );
    s.env.pool = PoolStatus::Ready {
        threads: 2,
        startup_ms: 90.0,
        warmup_ms: 60.0,
    };
    s.scenario.config.modes = Mode::ALL.to_vec();
    assert_eq!(s.runnable_modes(), Mode::ALL.to_vec());
}

#[test]
fn processes_need_no_shared_memory() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.env.pool = PoolStatus::Unavailable {
        reason: "no isolation".into(),
    };
    s.scenario.config.modes = Mode::ALL.to_vec();
    assert_eq!(s.runnable_modes(), vec![Mode::Cooperative, Mode::Processes]);
}

#[test]
fn autoplay_on_load_asks_once_and_a_parked_page_waits_for_its_slide() {
    let cfg = RunConfig {
        autoplay: Autoplay::Load,
        ..Default::default()
    };
    let s = AppState::new(cfg.clone(), vec![], false);
    assert!(s.presence.shown && s.run.play_requested);
    let mut parked = AppState::new(cfg, vec![], true);
    assert!(!parked.presence.shown && !parked.run.play_requested);
    parked.reduce(Action::InView(true));
    assert!(
        !parked.run.play_requested,
        "in view is not enough: it waits for its slide"
    );
    parked.reduce(Action::SlideShown(true));
    assert!(parked.run.play_requested, "slide:start plays it");
    parked.reduce(Action::RunStarted(RunKind::Modes));
    assert!(!parked.run.play_requested);
    parked.reduce(Action::InView(true));
    assert!(!parked.run.play_requested, "shown twice is one request");

    // A slide:start lost while the frame reloaded: out of view, then in view, wakes it too.
    let cfg = RunConfig {
        autoplay: Autoplay::Visible,
        ..Default::default()
    };
    let mut parked = AppState::new(cfg, vec![], true);
    parked.reduce(Action::InView(false));
    assert!(parked.presence.parked);
    parked.reduce(Action::InView(true));
    assert!(!parked.presence.parked && parked.run.play_requested);
}

#[test]
fn visible_autoplay_waits_to_be_seen_and_off_never_asks() {
    let visible = RunConfig {
        autoplay: Autoplay::Visible,
        ..Default::default()
    };
    let mut s = AppState::new(visible, vec![], false);
    assert!(!s.presence.shown && !s.run.play_requested);
    s.reduce(Action::InView(true));
    assert!(s.run.play_requested);
    s.reduce(Action::InView(false));
    assert!(!s.run.play_requested, "leaving view withdraws the request");

    let mut off = AppState::new(RunConfig::default(), vec![], false);
    off.reduce(Action::InView(false));
    off.reduce(Action::InView(true));
    assert!(!off.run.play_requested);
}

#[test]
fn a_looping_embed_runs_again_only_after_a_completed_run_while_shown() {
    let (cfg, errs) = RunConfig::from_query("?embed=1&loop=1&autoplay=load");
    assert!(errs.is_empty());
    let mut s = AppState::new(cfg, vec![], false);
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::ModeFinished(trace(Mode::Cooperative)));
    s.reduce(Action::RunEnded(RunEnd::Done));
    assert!(s.loops_now());
    s.reduce(Action::LoopDue);
    assert!(s.run.play_requested);

    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::StopRequested);
    s.reduce(Action::ModeFinished(Trace {
        outcome: Outcome::Cancelled,
        ..trace(Mode::Cooperative)
    }));
    s.reduce(Action::RunEnded(RunEnd::Stopped));
    assert!(!s.loops_now(), "Stop ends the loop");
    s.reduce(Action::LoopDue);
    assert!(!s.run.play_requested);
}

#[test]
fn a_run_in_which_no_chosen_mode_could_run_is_not_done() {
    let pool = PoolStatus::Unavailable {
        reason: "This page is not cross-origin isolated.".into(),
    };
    let end = run_end(&[Mode::Threads, Mode::Gil], &pool, &[], &[], false);
    let RunEnd::NothingRan { reason } = &end else {
        panic!("{end:?}");
    };
    assert_eq!(end.key(), "nothing-ran");
    assert!(reason.contains("(threads, threads + GIL)"), "{reason}");
    assert!(
        reason.ends_with("This page is not cross-origin isolated."),
        "{reason}"
    );
    // Stop pressed does not make it a stop: nothing could have run.
    assert_eq!(
        run_end(&[Mode::Threads], &pool, &[], &[], true).key(),
        "nothing-ran"
    );
    let none = run_end(&[], &PoolStatus::Idle, &[], &[], false);
    assert_eq!(
        none,
        RunEnd::NothingRan {
            reason: "No mode was chosen: tick at least one.".into()
        }
    );

    // The reducer keeps it, and a looping embed does not go round again.
    let (cfg, _) = RunConfig::from_query("?embed=1&loop=1&modes=threads");
    let mut s = AppState::new(cfg, vec![], false);
    s.reduce(Action::RunStarted(RunKind::Modes));
    s.reduce(Action::RunEnded(end.clone()));
    assert_eq!(s.run.ended, Some(end));
    assert!(!s.loops_now());
    s.reduce(Action::RunStarted(RunKind::Modes));
    assert_eq!(s.run.ended, None, "a new run has not ended");
}

#[test]
fn done_needs_a_completed_mode_and_no_stop() {
    let ready = PoolStatus::Ready {
        threads: 2,
        startup_ms: 1.0,
        warmup_ms: 1.0,
    };
    let modes = [Mode::Cooperative, Mode::Threads];
    let both = [trace(Mode::Cooperative), trace(Mode::Threads)];
    assert_eq!(run_end(&modes, &ready, &[], &both, false), RunEnd::Done);
    assert_eq!(run_end(&modes, &ready, &[], &both, true), RunEnd::Stopped);
    assert_eq!(
        run_end(&modes, &ready, &[], &[], true),
        RunEnd::Stopped,
        "stopped before the first mode"
    );
    let cancelled = [
        trace(Mode::Cooperative),
        Trace {
            outcome: Outcome::Cancelled,
            ..trace(Mode::Threads)
        },
    ];
    assert_eq!(
        run_end(&modes, &ready, &[], &cancelled, false),
        RunEnd::Stopped
    );
    let crashed = [
        trace(Mode::Cooperative),
        Trace {
            outcome: Outcome::Crashed,
            ..trace(Mode::Threads)
        },
    ];
    assert_eq!(
        run_end(&modes, &ready, &[], &crashed, false),
        RunEnd::Crashed
    );
    assert_eq!(
        run_end(&modes, &ready, &[], &crashed, true),
        RunEnd::Stopped,
        "Stop pressed says stopped"
    );
    // Threads unavailable, cooperative ran: done, with what could run.
    let unavailable = PoolStatus::Unavailable {
        reason: "no".into(),
    };
    assert_eq!(
        run_end(&modes, &unavailable, &[], &both[..1], false),
        RunEnd::Done
    );
}

#[test]
fn an_imported_python_run_is_drawn_after_the_browser_runs_and_a_bad_file_changes_nothing() {
    let mut s = AppState::new(RunConfig::default(), vec![], false);
    s.reduce(Action::ModeFinished(trace(Mode::Sequential)));
    s.reduce(Action::Import(PYTHON_TRACE.into()));
    assert_eq!((s.run.traces.len(), s.import.row.len()), (1, 1));
    let shown = s.run.traces.joined(&s.import.row);
    assert!(shown[1].is_imported() && !shown[0].is_imported());
    assert_eq!(
        shown.span_at((1, 0)),
        shown[1].spans.first(),
        "a bar's span"
    );
    assert_eq!(shown.span_at((2, 0)), None);
    assert_eq!(
        s.run.traces.joined(&Recording::default()),
        s.run.traces,
        "nothing to join: the same"
    );
    let before = s.clone();
    s.reduce(Action::Import("{\"format\": ".into()));
    assert!(s.import.error.as_deref().unwrap().contains("line 1"));
    assert_eq!(
        s.import.row, before.import.row,
        "the row already imported stays"
    );
    s.reduce(Action::RunStarted(RunKind::Modes));
    assert_eq!(
        (s.run.traces.len(), s.import.row.len()),
        (0, 1),
        "a new run keeps it"
    );
    s.reduce(Action::ClearImport);
    assert!(s.import.row.is_empty() && s.import.error.is_none());
}

#[test]
fn modes_that_would_run_too_long_are_left_out_and_said_so() {
    let (cfg, errs) = RunConfig::from_query(
        "?recipe=10000%20x%20io%20100ms&modes=sequential,cooperative,threads&threads=32",
    );
    assert!(errs.is_empty(), "{errs:?}");
    let mut s = AppState::new(cfg.clone(), vec![], false);
    s.env.cores = 2;
    assert_eq!(s.runnable_modes(), vec![Mode::Cooperative, Mode::Threads]);
    let left = too_long(&cfg, RunKind::Modes, 2);
    assert_eq!(left.len(), 1);
    assert!(
        left[0]
            .1
            .starts_with("sequential would take at least 1,000 s"),
        "{}",
        left[0].1
    );
    // A sweep starts from one thread.
    let sweep = too_long(&cfg, RunKind::Sweep(Mode::Threads), 2);
    assert!(
        sweep[0]
            .1
            .starts_with("a sweep starts from 1: threads on 1"),
        "{}",
        sweep[0].1
    );
    // When every chosen mode is left out, the run ran nothing, and says which limit.
    let end = run_end(&[Mode::Sequential], &PoolStatus::Idle, &left, &[], false);
    let RunEnd::NothingRan { reason } = end else {
        panic!("{end:?}")
    };
    assert!(
        reason.contains("over the 120 s one mode may run"),
        "{reason}"
    );
}
