//! What the user asks for: how many tasks, and which steps each task runs.

use serde::Serialize;

/// One step of a task, as the user describes it (durations in ms on this device).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StepSpec {
    /// Real computation, sized so that it takes about `ms` on this device.
    Cpu { ms: f64 },
    /// A real wait of `ms`, as a network request would be.
    Io { ms: f64 },
}

/// The named shapes of workload the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkloadKind {
    Cpu,
    Io,
    Mixed,
}

impl WorkloadKind {
    pub const ALL: [WorkloadKind; 3] = [WorkloadKind::Cpu, WorkloadKind::Io, WorkloadKind::Mixed];

    pub fn key(self) -> &'static str {
        match self {
            WorkloadKind::Cpu => "cpu",
            WorkloadKind::Io => "io",
            WorkloadKind::Mixed => "mixed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkloadKind::Cpu => "CPU-bound (count primes)",
            WorkloadKind::Io => "I/O-bound (wait)",
            WorkloadKind::Mixed => "Mixed request (cpu → io → cpu)",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// N identical tasks, each running `steps` in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub tasks: u32,
    pub steps: Vec<StepSpec>,
}

pub const DEFAULT_TASKS: u32 = 8;
pub const DEFAULT_CPU_MS: f64 = 40.0;
pub const DEFAULT_IO_MS: f64 = 100.0;

impl Workload {
    /// The steps of a named workload with the given step durations.
    pub fn shaped(kind: WorkloadKind, tasks: u32, cpu_ms: f64, io_ms: f64) -> Self {
        let steps = match kind {
            WorkloadKind::Cpu => vec![StepSpec::Cpu { ms: cpu_ms }],
            WorkloadKind::Io => vec![StepSpec::Io { ms: io_ms }],
            WorkloadKind::Mixed => vec![
                StepSpec::Cpu { ms: cpu_ms / 2.0 },
                StepSpec::Io { ms: io_ms },
                StepSpec::Cpu { ms: cpu_ms / 2.0 },
            ],
        };
        Workload { kind, tasks, steps }
    }

    pub fn cpu_ms_per_task(&self) -> f64 {
        self.steps
            .iter()
            .map(|s| match s {
                StepSpec::Cpu { ms } => *ms,
                StepSpec::Io { .. } => 0.0,
            })
            .sum()
    }

    pub fn io_ms_per_task(&self) -> f64 {
        self.steps
            .iter()
            .map(|s| match s {
                StepSpec::Io { ms } => *ms,
                StepSpec::Cpu { .. } => 0.0,
            })
            .sum()
    }
}

impl Default for Workload {
    fn default() -> Self {
        Workload::shaped(
            WorkloadKind::Cpu,
            DEFAULT_TASKS,
            DEFAULT_CPU_MS,
            DEFAULT_IO_MS,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_is_cpu_io_cpu_and_keeps_the_cpu_total() {
        let w = Workload::shaped(WorkloadKind::Mixed, 4, 30.0, 80.0);
        assert_eq!(
            w.steps,
            vec![
                StepSpec::Cpu { ms: 15.0 },
                StepSpec::Io { ms: 80.0 },
                StepSpec::Cpu { ms: 15.0 }
            ]
        );
        assert_eq!(w.cpu_ms_per_task(), 30.0);
        assert_eq!(w.io_ms_per_task(), 80.0);
    }

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for k in WorkloadKind::ALL {
            assert_eq!(WorkloadKind::from_key(k.key()), Some(k));
        }
        assert_eq!(WorkloadKind::from_key("gpu"), None);
    }
}
