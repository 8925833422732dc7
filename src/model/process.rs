//! The messages between the page and a process: a task goes in, its spans and result come
//! back. Each process is a separate instance with its own memory, so everything crosses as
//! text; times are on the clock every thread shares (ms since the Unix epoch).

use super::plan::TaskPlan;
use super::trace::{Lane, Span, SpanKind};
use serde::{Deserialize, Serialize};

/// What the page sends a process to run one task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessRequest {
    pub task: TaskPlan,
    /// The process's number, which names its lane.
    pub process: u16,
    /// When the run started on the shared clock; span times count from here.
    pub epoch_ms: f64,
}

/// One span measured inside a process, relative to the run's epoch.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessSpan {
    pub step: u16,
    pub kind: SpanKind,
    pub start: f64,
    pub end: f64,
}

/// What a process answers after running a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessReply {
    pub task: u32,
    pub primes: Option<u64>,
    pub spans: Vec<ProcessSpan>,
    /// How many tasks this process has run so far, by its own count in its own memory.
    pub tasks_run_here: u64,
}

impl ProcessReply {
    /// The reply's spans on the process's lane.
    pub fn spans_on(&self, process: u16) -> impl Iterator<Item = Span> + '_ {
        self.spans.iter().map(move |s| Span {
            lane: Lane::Process(process),
            task: self.task,
            step: s.step,
            kind: s.kind,
            start: s.start,
            end: s.end,
        })
    }
}

impl From<&Span> for ProcessSpan {
    fn from(s: &Span) -> Self {
        ProcessSpan {
            step: s.step,
            kind: s.kind,
            start: s.start,
            end: s.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::Step;

    #[test]
    fn requests_and_replies_cross_as_text_unchanged() {
        let req = ProcessRequest {
            task: TaskPlan {
                id: 3,
                steps: vec![Step::Cpu { units: 40, seed: 7 }, Step::Io { ms: 12.5 }],
            },
            process: 1,
            epoch_ms: 1.7e12 + 0.125,
        };
        let text = serde_json::to_string(&req).unwrap();
        assert_eq!(serde_json::from_str::<ProcessRequest>(&text).unwrap(), req);
        let reply = ProcessReply {
            task: 3,
            primes: Some(11),
            spans: vec![ProcessSpan {
                step: 1,
                kind: SpanKind::Io,
                start: 4.0,
                end: 16.5,
            }],
            tasks_run_here: 2,
        };
        let back: ProcessReply =
            serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap();
        assert_eq!(back, reply);
        let spans: Vec<Span> = back.spans_on(1).collect();
        assert_eq!(
            (spans[0].lane, spans[0].task, spans[0].kind),
            (Lane::Process(1), 3, SpanKind::Io)
        );
    }
}
