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
    /// Increments of a shared counter.
    Count(Count),
    /// Takes the named lock (an index into the recipe's lock names), waiting while another
    /// task holds it.
    Lock(u8),
    /// Gives the named lock back.
    Unlock(u8),
}

/// `times` increments of shared counter `var`, each a read and then a write of the value
/// read plus one, with `gap` between the two, under `guard`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Count {
    pub var: u8,
    pub times: u32,
    pub gap: Gap,
    pub guard: Guard,
}

/// What happens between the read and the write of an increment: the window in which another
/// task can interleave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Gap {
    None,
    /// Real computation of this many ms (a call, in Python).
    Cpu(f64),
    /// A real wait of this many ms.
    Io(f64),
    /// Giving the thread or the loop away for a moment (`await asyncio.sleep(0)`,
    /// `time.sleep(0)`).
    Yield,
}

/// How an increment is protected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Guard {
    /// Not at all: a read and a write, as `counter += 1` is.
    None,
    /// One indivisible fetch-and-add.
    Atomic,
    /// Each increment holds the named lock (`with lock: counter += 1`).
    Lock(u8),
}

impl Gap {
    /// The planned ms of one gap.
    pub fn ms(self) -> f64 {
        match self {
            Gap::Cpu(ms) | Gap::Io(ms) => ms,
            Gap::None | Gap::Yield => 0.0,
        }
    }
}

impl StepSpec {
    pub fn cpu_ms(&self) -> f64 {
        match *self {
            StepSpec::Cpu { ms } => ms,
            StepSpec::Count(Count {
                times,
                gap: Gap::Cpu(ms),
                ..
            }) => f64::from(times) * ms,
            _ => 0.0,
        }
    }

    pub fn io_ms(&self) -> f64 {
        match *self {
            StepSpec::Io { ms } => ms,
            StepSpec::Count(Count {
                times,
                gap: Gap::Io(ms),
                ..
            }) => f64::from(times) * ms,
            _ => 0.0,
        }
    }
}
