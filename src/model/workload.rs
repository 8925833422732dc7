//! One step of a task in milliseconds, as a recipe resolves it for one task.

/// One step of a task, as the user describes it (durations in ms on this device).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepSpec {
    /// Real computation, sized so that it takes about `ms` on this device.
    Cpu { ms: f64 },
    /// A real wait of `ms`, as a network request would be.
    Io { ms: f64 },
    /// The task dies here.
    Crash,
}

impl StepSpec {
    pub fn cpu_ms(&self) -> f64 {
        match *self {
            StepSpec::Cpu { ms } => ms,
            StepSpec::Io { .. } | StepSpec::Crash => 0.0,
        }
    }

    pub fn io_ms(&self) -> f64 {
        match *self {
            StepSpec::Io { ms } => ms,
            StepSpec::Cpu { .. } | StepSpec::Crash => 0.0,
        }
    }
}
