//! A plan is a workload made concrete for this device: every CPU step has its units of work
//! and its seed, every I/O step its wait. All modes run the same plan, so results must match.

use super::recipe::Names;
use super::work::Calibration;
use super::workload::{Gap, Guard, StepSpec};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    Cpu {
        units: u64,
        seed: u64,
    },
    Io {
        ms: f64,
    },
    /// The task dies here.
    Crash,
    /// Increments of shared counter `var` (see `workload::Count`).
    Count {
        var: u8,
        times: u32,
        gap: PlanGap,
        guard: Guard,
    },
    Lock(u8),
    Unlock(u8),
}

/// The window between an increment's read and its write, made concrete.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlanGap {
    None,
    Cpu { units: u64, seed: u64 },
    Io { ms: f64 },
    Yield,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskPlan {
    pub id: u32,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub tasks: Vec<TaskPlan>,
    pub calibration: Calibration,
    /// The shared counters and locks the tasks use, by name.
    pub names: Names,
}

impl Plan {
    /// Makes each task's steps concrete: `tasks[i]` is task `i`'s steps in ms.
    pub fn build(tasks: &[Vec<StepSpec>], calibration: Calibration) -> Self {
        let tasks = (0u32..)
            .zip(tasks)
            .map(|(id, steps)| TaskPlan {
                id,
                steps: steps
                    .iter()
                    .enumerate()
                    .map(|(i, spec)| match *spec {
                        StepSpec::Cpu { ms } => Step::Cpu {
                            units: calibration.units_for(ms),
                            seed: u64::from(id) * 1_000 + i as u64 + 1,
                        },
                        StepSpec::Io { ms } => Step::Io { ms },
                        StepSpec::Crash => Step::Crash,
                        StepSpec::Count(c) => Step::Count {
                            var: c.var,
                            times: c.times,
                            gap: match c.gap {
                                Gap::None => PlanGap::None,
                                Gap::Cpu(ms) => PlanGap::Cpu {
                                    units: calibration.units_for(ms).max(1),
                                    seed: u64::from(id) * 1_000 + i as u64 + 1,
                                },
                                Gap::Io(ms) => PlanGap::Io { ms },
                                Gap::Yield => PlanGap::Yield,
                            },
                            guard: c.guard,
                        },
                        StepSpec::Lock(l) => Step::Lock(l),
                        StepSpec::Unlock(l) => Step::Unlock(l),
                    })
                    .collect(),
            })
            .collect();
        Plan {
            tasks,
            calibration,
            names: Names::default(),
        }
    }

    /// The plan with the names of the counters and locks its steps refer to.
    pub fn named(mut self, names: Names) -> Self {
        self.names = names;
        self
    }

    /// How many increments the plan makes to counter `var` if every task finishes.
    pub fn expected(&self, var: u8) -> u64 {
        let steps = self.tasks.iter().flat_map(|t| &t.steps);
        steps
            .map(|s| match *s {
                Step::Count { var: v, times, .. } if v == var => u64::from(times),
                _ => 0,
            })
            .sum()
    }

    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_gets_its_own_seeds_and_the_calibrated_units() {
        let steps = vec![
            StepSpec::Cpu { ms: 10.0 },
            StepSpec::Io { ms: 50.0 },
            StepSpec::Cpu { ms: 10.0 },
        ];
        let plan = Plan::build(
            &vec![steps; 3],
            Calibration {
                units_per_ms: 100.0,
            },
        );
        assert_eq!(plan.task_count(), 3);
        let mut seeds = vec![];
        for t in &plan.tasks {
            assert_eq!(t.steps.len(), 3);
            assert_eq!(t.steps[1], Step::Io { ms: 50.0 });
            for s in &t.steps {
                if let Step::Cpu { units, seed } = s {
                    assert_eq!(*units, 1000);
                    seeds.push(*seed);
                }
            }
        }
        seeds.sort();
        seeds.dedup();
        assert_eq!(seeds.len(), 6);
    }
}
