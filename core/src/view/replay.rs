//! Replaying a recorded run: a playhead moved over finished traces, and what every lane and task
//! was doing at that instant. Nothing is re-run; the answers come from the spans alone.

use crate::run::trace::{Lane, Span, SpanKind, Trace, NO_TASK};

pub const MIN_SPEED: f64 = 0.05;
pub const MAX_SPEED: f64 = 2.0;

/// Below this, two instants count as the same: float sums of span times rarely match exactly,
/// and a step must leave the event it starts on.
const EPS: f64 = 1e-9;

/// Playback of a recorded run: where the playhead is, how fast it moves, and the instants
/// worth stepping to (every span start and end).
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// Ms since each mode's start; every section shares it.
    pub t_ms: f64,
    /// Replay ms per real ms.
    pub speed: f64,
    pub playing: bool,
    pub end_ms: f64,
    events: Vec<f64>,
    /// Replay time earned by `advance_by_steps` but not yet spent on a jump, so that slow
    /// frames and short gaps between events add up instead of being lost.
    owed_ms: f64,
}

impl Replay {
    /// Paused at 0, speed 0.25 (real runs are milliseconds long: slow motion is the normal case).
    /// `end_ms` is the longest wall time among the traces (0 if none); the events are every
    /// finite span start and end clipped to [0, end], plus 0 and end, sorted and deduplicated.
    pub fn new(traces: &[Trace]) -> Self {
        let end_ms = traces
            .iter()
            .map(|t| t.wall_ms)
            .filter(|w| w.is_finite())
            .fold(0.0, f64::max);
        // 0 and the end are added exactly, so stepping lands on them and `at_end` agrees; any
        // instant within EPS of them is the same instant.
        let mut inner: Vec<f64> = traces
            .iter()
            .flat_map(|t| &t.spans)
            .flat_map(|s| [s.start, s.end])
            .filter(|x| *x > EPS && *x < end_ms - EPS)
            .collect();
        inner.sort_by(f64::total_cmp);
        inner.dedup_by(|later, kept| *later - *kept <= EPS);
        let events = std::iter::once(0.0)
            .chain(inner)
            .chain((end_ms > 0.0).then_some(end_ms))
            .collect();
        Replay {
            t_ms: 0.0,
            speed: 0.25,
            playing: false,
            end_ms,
            events,
            owed_ms: 0.0,
        }
    }

    /// Moves the playhead by `real_dt_ms × speed` if playing; stops at the end.
    pub fn advance(&mut self, real_dt_ms: f64) {
        if !self.playing || real_dt_ms.is_nan() || real_dt_ms <= 0.0 {
            return;
        }
        self.t_ms = (self.t_ms + real_dt_ms * self.speed).min(self.end_ms);
        self.stop_if_at_end();
    }

    /// For reduced motion: the playhead jumps from event to event instead of sweeping, once the
    /// replay time owed since the last jump covers the gap to the next event.
    pub fn advance_by_steps(&mut self, real_dt_ms: f64) {
        if !self.playing || real_dt_ms.is_nan() || real_dt_ms <= 0.0 {
            return;
        }
        self.owed_ms += real_dt_ms * self.speed;
        while let Some(next) = self.next_event() {
            let gap = next - self.t_ms;
            if gap > self.owed_ms + EPS {
                break;
            }
            self.owed_ms = (self.owed_ms - gap).max(0.0);
            self.t_ms = next;
        }
        self.stop_if_at_end();
    }

    /// Jumps to `t`, clamped to [0, end]; NaN is ignored.
    pub fn seek(&mut self, t_ms: f64) {
        if !t_ms.is_nan() {
            self.t_ms = t_ms.clamp(0.0, self.end_ms);
            self.owed_ms = 0.0;
        }
    }

    /// To the first event strictly after the playhead, or the end.
    pub fn step_forward(&mut self) {
        self.t_ms = self.next_event().unwrap_or(self.end_ms);
        self.owed_ms = 0.0;
    }

    /// To the last event strictly before the playhead, or 0.
    pub fn step_back(&mut self) {
        let t = self.t_ms;
        let before = self.events.partition_point(|e| *e < t - EPS);
        self.t_ms = before.checked_sub(1).map_or(0.0, |i| self.events[i]);
        self.owed_ms = 0.0;
    }

    /// Clamped to [MIN_SPEED, MAX_SPEED]; NaN is ignored.
    pub fn set_speed(&mut self, speed: f64) {
        if !speed.is_nan() {
            self.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        }
    }

    /// Play or pause; playing from the end restarts from 0, since there is nothing left to show.
    pub fn toggle(&mut self) {
        if self.playing {
            self.playing = false;
        } else {
            if self.at_end() {
                self.t_ms = 0.0;
            }
            self.playing = true;
        }
        self.owed_ms = 0.0;
    }

    pub fn at_end(&self) -> bool {
        self.t_ms >= self.end_ms
    }

    pub fn events(&self) -> &[f64] {
        &self.events
    }

    fn next_event(&self) -> Option<f64> {
        // The events are sorted: a reduced-motion frame may jump over thousands of them.
        let t = self.t_ms;
        let next = self.events.partition_point(|e| *e <= t + EPS);
        self.events.get(next).copied()
    }

    fn stop_if_at_end(&mut self) {
        if self.at_end() {
            self.t_ms = self.end_ms;
            self.playing = false;
            self.owed_ms = 0.0;
        }
    }
}

/// What one lane is doing at the playhead.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneNow {
    pub lane: Lane,
    pub task: Option<u32>,
    pub kind: Option<SpanKind>,
}

/// A task waiting at the playhead, and on what (Io for the event loop's timers and blocking
/// waits, GilWait for the lock, Message for a process message in flight).
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    pub task: u32,
    pub on: SpanKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub lanes: Vec<LaneNow>,
    pub waiting: Vec<Waiting>,
    pub done: Vec<u32>,
    pub not_started: Vec<u32>,
}

/// Start inclusive, end exclusive, so back-to-back spans never both claim their shared instant;
/// an open span covers everything after its start.
fn covers(s: &Span, t: f64) -> bool {
    s.start <= t && (s.is_open() || t < s.end)
}

fn task_of(s: &Span) -> Option<u32> {
    (s.task != NO_TASK).then_some(s.task)
}

/// The state of one trace at `t_ms` (ms since its start).
///
/// Each lane reports the highest-ranked span covering `t` (ties go to the earliest start, then
/// the lowest task). A task waits when an Io, GilWait or Message span of its covers `t` and it
/// is not the one computing on that span's lane; a task with several such spans is listed once,
/// on the highest-ranked. Only tasks `0..results.len()` are counted as done or not started.
pub fn snapshot(trace: &Trace, t_ms: f64) -> Snapshot {
    let covering: Vec<&Span> = trace.spans.iter().filter(|s| covers(s, t_ms)).collect();
    let lanes: Vec<LaneNow> = trace
        .lanes()
        .into_iter()
        .map(|lane| {
            let top = covering.iter().filter(|s| s.lane == lane).min_by(|a, b| {
                b.kind
                    .busyness()
                    .cmp(&a.kind.busyness())
                    .then(a.start.total_cmp(&b.start))
                    .then(a.task.cmp(&b.task))
            });
            LaneNow {
                lane,
                task: top.and_then(|s| task_of(s)),
                kind: top.map(|s| s.kind),
            }
        })
        .collect();
    let computing = |lane: Lane, task: u32| {
        lanes
            .iter()
            .any(|l| l.lane == lane && l.task == Some(task) && l.kind == Some(SpanKind::Cpu))
    };

    let mut waits: Vec<Waiting> = covering
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SpanKind::Io
                    | SpanKind::GilWait
                    | SpanKind::LockWait
                    | SpanKind::Message
                    | SpanKind::Yield
            )
        })
        .filter(|s| s.task != NO_TASK && !computing(s.lane, s.task))
        .map(|s| Waiting {
            task: s.task,
            on: s.kind,
        })
        .collect();
    waits.sort_by(|a, b| {
        a.task
            .cmp(&b.task)
            .then(b.on.busyness().cmp(&a.on.busyness()))
    });
    waits.dedup_by_key(|w| w.task);

    // One pass over the spans, not one per task: a recording of ten thousand tasks is
    // replayed frame by frame.
    let n = trace.results.len();
    let (mut started, mut over) = (vec![false; n], vec![true; n]);
    for s in &trace.spans {
        let Some(k) = usize::try_from(s.task).ok().filter(|k| *k < n) else {
            continue;
        };
        started[k] |= s.start <= t_ms;
        // A malformed span ending before it starts still finishes no earlier than it starts,
        // so a done task has always started.
        over[k] &= !s.is_open() && !s.start.is_nan() && s.start.max(s.end) <= t_ms;
    }
    let tasks = (0u32..).zip(started.iter().zip(&over)).take(n);
    Snapshot {
        lanes,
        waiting: waits,
        done: tasks
            .clone()
            .filter(|(_, (s, o))| **s && **o)
            .map(|(k, _)| k)
            .collect(),
        not_started: tasks.filter(|(_, (s, _))| !**s).map(|(k, _)| k).collect(),
    }
}

/// How many waiting tasks the replay's line names one by one.
pub const WAITING_LISTED: usize = 12;

/// Who waits, as the replay's line says it: "3 (io), 5 (yield)"; past [`WAITING_LISTED`], how
/// many more and on what, so a crowd of ten thousand stays one short line.
pub fn waiting_text(waiting: &[Waiting]) -> String {
    let named = waiting.iter().take(WAITING_LISTED);
    let mut text = named
        .map(|w| format!("{} ({})", w.task, w.on.key()))
        .collect::<Vec<_>>()
        .join(", ");
    let rest = waiting.get(WAITING_LISTED..).unwrap_or_default();
    if !rest.is_empty() {
        let by_kind: Vec<String> = SpanKind::ALL
            .iter()
            .map(|k| (k, rest.iter().filter(|w| w.on == *k).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {}", crate::view::figure::count(n), k.key()))
            .collect();
        text += &format!(
            " and {} more ({})",
            crate::view::figure::count(rest.len()),
            by_kind.join(", ")
        );
    }
    text
}

#[cfg(test)]
mod tests;
