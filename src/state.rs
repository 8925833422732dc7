//! The page's state as plain data, and the pure reducer that changes it. The Yew glue in
//! `app.rs` only forwards actions here, so the rules are tested natively.

use crate::model::config::{ConfigError, RunConfig};
use crate::model::mode::Mode;
use crate::model::recorder::SharedRecorder;
use crate::model::report::{Environment, PoolStatus};
use crate::model::trace::Trace;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Running { mode: Option<Mode> },
    Stopping,
    Finished,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub config: RunConfig,
    pub config_errors: Vec<ConfigError>,
    pub env: Environment,
    pub phase: Phase,
    pub traces: Vec<Rc<Trace>>,
    /// The mode running now and its recorder, for drawing it live.
    pub live: Option<(Mode, SharedRecorder)>,
    /// Counts runs, so that views can tell a new run from an old one.
    pub run: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Configure(RunConfig),
    Environment(Environment),
    RunStarted,
    ModeStarted(Mode, SharedRecorder),
    ModeFinished(Trace),
    StopRequested,
    RunEnded,
}

/// Whether a mode can run here, and if not, why and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub enum Availability {
    Ready,
    Pending(String),
    Unavailable(String),
}

impl AppState {
    pub fn new(config: RunConfig, config_errors: Vec<ConfigError>) -> Self {
        AppState {
            config,
            config_errors,
            env: Environment::default(),
            phase: Phase::Idle,
            traces: Vec::new(),
            live: None,
            run: 0,
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. } | Phase::Stopping)
    }

    pub fn reduce(&mut self, action: Action) {
        match action {
            Action::Configure(config) if !self.is_running() => self.config = config,
            Action::Configure(_) => {}
            Action::Environment(env) => self.env = env,
            Action::RunStarted => {
                self.traces.clear();
                self.run += 1;
                self.phase = Phase::Running { mode: None };
            }
            Action::ModeStarted(mode, rec) => {
                if self.phase != Phase::Stopping {
                    self.phase = Phase::Running { mode: Some(mode) };
                }
                self.live = Some((mode, rec));
            }
            Action::ModeFinished(trace) => {
                self.live = None;
                self.traces.push(Rc::new(trace));
            }
            Action::StopRequested if self.is_running() => self.phase = Phase::Stopping,
            Action::StopRequested => {}
            Action::RunEnded => {
                self.live = None;
                self.phase = Phase::Finished;
            }
        }
    }

    pub fn availability(&self, mode: Mode) -> Availability {
        if !mode.needs_workers() {
            return Availability::Ready;
        }
        match &self.env.pool {
            PoolStatus::Ready { .. } => Availability::Ready,
            PoolStatus::Idle | PoolStatus::Starting { .. } => {
                Availability::Pending("the worker pool is starting".into())
            }
            PoolStatus::Unavailable { reason } => Availability::Unavailable(reason.clone()),
        }
    }

    /// The selected modes that can run now, in the order they run.
    pub fn runnable_modes(&self) -> Vec<Mode> {
        self.config
            .modes
            .iter()
            .copied()
            .filter(|&m| self.availability(m) == Availability::Ready)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recorder::{Recorder, StdClock};
    use crate::model::trace::Outcome;
    use std::sync::Arc;

    fn recorder() -> SharedRecorder {
        SharedRecorder(Arc::new(Recorder::new(Box::new(StdClock::default()), 1)))
    }

    fn trace(mode: Mode) -> Trace {
        Trace {
            mode,
            outcome: Outcome::Completed,
            threads: 1,
            wall_ms: 1.0,
            epoch_ms: 0.0,
            spans: vec![],
            results: vec![],
            max_frame_gap_ms: None,
        }
    }

    #[test]
    fn a_run_clears_old_traces_and_walks_through_its_phases() {
        let mut s = AppState::new(RunConfig::default(), vec![]);
        s.reduce(Action::ModeFinished(trace(Mode::Sequential)));
        s.reduce(Action::RunStarted);
        assert!(s.traces.is_empty());
        assert_eq!(s.run, 1);
        let rec = recorder();
        s.reduce(Action::ModeStarted(Mode::Cooperative, rec.clone()));
        assert_eq!(
            s.phase,
            Phase::Running {
                mode: Some(Mode::Cooperative)
            }
        );
        assert_eq!(s.live, Some((Mode::Cooperative, rec)));
        s.reduce(Action::ModeFinished(trace(Mode::Cooperative)));
        assert_eq!(s.live, None);
        s.reduce(Action::RunEnded);
        assert_eq!(s.phase, Phase::Finished);
        assert_eq!(s.traces.len(), 1);
    }

    #[test]
    fn stopping_sticks_until_the_run_ends_and_config_is_frozen_meanwhile() {
        let mut s = AppState::new(RunConfig::default(), vec![]);
        s.reduce(Action::RunStarted);
        s.reduce(Action::StopRequested);
        s.reduce(Action::ModeStarted(Mode::Threads, recorder()));
        assert_eq!(s.phase, Phase::Stopping);
        let other = RunConfig {
            autorun: true,
            ..Default::default()
        };
        s.reduce(Action::Configure(other.clone()));
        assert!(
            !s.config.autorun,
            "config must not change under a running run"
        );
        s.reduce(Action::RunEnded);
        s.reduce(Action::StopRequested);
        assert_eq!(s.phase, Phase::Finished);
        s.reduce(Action::Configure(other));
        assert!(s.config.autorun);
    }

    #[test]
    fn worker_modes_wait_for_the_pool_and_explain_when_it_cannot_start() {
        let mut s = AppState::new(RunConfig::default(), vec![]);
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
        assert_eq!(s.runnable_modes(), Mode::ALL.to_vec());
    }
}
