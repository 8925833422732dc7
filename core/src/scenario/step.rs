//! One step of a task, the same type from the recipe's text to the plan an engine runs.
//!
//! A step kind is defined here once. What a CPU step and an I/O step carry changes with the
//! stage, so those are the type's parameters:
//! - `Step<Millis, Millis>` ([`RecipeStep`](crate::scenario::recipe::RecipeStep)): as typed, a
//!   duration or a range (`recipe/parse.rs` reads it, `Recipe`'s `Display` writes it back);
//! - `Step<f64, f64>` ([`MsStep`]): one task's step in ms, ranges resolved
//!   (`Recipe::tasks`); budgets, Python programs and checks read this;
//! - `Step<Work, f64>` ([`PlanStep`](crate::run::plan::PlanStep)): CPU work in calibrated units
//!   with its seed, I/O in ms (`Plan::build`); the engines run this (`engine/`,
//!   `run/interpret.rs`), and processes receive it as text (`process.rs`).
//!
//! A step becomes spans (`trace.rs`), drawn by `layout` and exported by `export.rs`.

/// One step of a task: `C` is what a CPU step carries, `I` what an I/O step carries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step<C, I> {
    /// Real computation.
    Cpu(C),
    /// A real wait, as a network request would be.
    Io(I),
    /// The task dies here: a real trap in a pool thread or a process, a failed future on the
    /// event loop.
    Crash,
    /// Increments of a shared counter (`count hits 2000 with yield under L`).
    Count(Count<C, I>),
    /// Takes a lock by its index in the recipe's lock names, waiting while another task holds
    /// it.
    Lock(u8),
    /// Gives that lock back.
    Unlock(u8),
}

/// A step in ms, as a recipe resolves it for one task.
pub type MsStep = Step<f64, f64>;

/// `times` increments of shared counter `var`, each a read and then a write of the value
/// read plus one, with `gap` between the two, under `guard`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Count<C, I> {
    pub var: u8,
    pub times: u32,
    pub gap: Gap<C, I>,
    pub guard: Guard,
}

/// What happens between the read and the write of an increment: the window in which another
/// task can interleave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Gap<C, I> {
    None,
    /// Real computation (a call, in Python).
    Cpu(C),
    /// A real wait.
    Io(I),
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

impl<C, I> Step<C, I> {
    /// The same step at the next stage: `cpu` and `io` turn what a CPU and an I/O step carry
    /// (in a count's window too) into the next stage's.
    pub fn map<C2, I2>(
        self,
        cpu: &mut impl FnMut(C) -> C2,
        io: &mut impl FnMut(I) -> I2,
    ) -> Step<C2, I2> {
        match self {
            Step::Cpu(c) => Step::Cpu(cpu(c)),
            Step::Io(i) => Step::Io(io(i)),
            Step::Crash => Step::Crash,
            Step::Count(c) => Step::Count(Count {
                var: c.var,
                times: c.times,
                gap: c.gap.map(cpu, io),
                guard: c.guard,
            }),
            Step::Lock(l) => Step::Lock(l),
            Step::Unlock(l) => Step::Unlock(l),
        }
    }

    /// The kind's word, as recipes, reports and messages spell it.
    pub fn key(&self) -> &'static str {
        match self {
            Step::Cpu(_) => "cpu",
            Step::Io(_) => "io",
            Step::Crash => "crash",
            Step::Count(_) => "count",
            Step::Lock(_) => "lock",
            Step::Unlock(_) => "unlock",
        }
    }
}

impl<C, I> Gap<C, I> {
    pub fn map<C2, I2>(
        self,
        cpu: &mut impl FnMut(C) -> C2,
        io: &mut impl FnMut(I) -> I2,
    ) -> Gap<C2, I2> {
        match self {
            Gap::None => Gap::None,
            Gap::Cpu(c) => Gap::Cpu(cpu(c)),
            Gap::Io(i) => Gap::Io(io(i)),
            Gap::Yield => Gap::Yield,
        }
    }

    /// Whether the window gives the thread or the loop away (and each increment then records
    /// a span).
    pub fn waits(&self) -> bool {
        matches!(self, Gap::Io(_) | Gap::Yield)
    }
}

impl Gap<f64, f64> {
    /// The planned ms of one window.
    pub fn ms(self) -> f64 {
        match self {
            Gap::Cpu(ms) | Gap::Io(ms) => ms,
            Gap::None | Gap::Yield => 0.0,
        }
    }
}

impl MsStep {
    pub fn cpu_ms(&self) -> f64 {
        match *self {
            Step::Cpu(ms) => ms,
            Step::Count(Count {
                times,
                gap: Gap::Cpu(ms),
                ..
            }) => f64::from(times) * ms,
            _ => 0.0,
        }
    }

    pub fn io_ms(&self) -> f64 {
        match *self {
            Step::Io(ms) => ms,
            Step::Count(Count {
                times,
                gap: Gap::Io(ms),
                ..
            }) => f64::from(times) * ms,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_reaches_the_window_of_a_count_too() {
        let count = Step::Count(Count {
            var: 0,
            times: 3,
            gap: Gap::<f64, f64>::Cpu(2.0),
            guard: Guard::None,
        });
        let planned = count.map(&mut |ms| (ms * 10.0) as u64, &mut |ms| ms);
        let Step::Count(c) = planned else {
            panic!("a count stays a count");
        };
        assert_eq!(c.gap, Gap::Cpu(20));
        assert_eq!(count.cpu_ms(), 6.0);
        assert_eq!(planned.key(), "count");
    }
}
