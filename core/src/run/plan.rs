//! A plan is a workload made concrete for this device: every CPU step has its units of work
//! and its seed, every I/O step its wait. All modes run the same plan, so results must match.

use crate::run::work::Calibration;
use crate::scenario::recipe::Names;
use crate::scenario::step::{Gap, MsStep, Step};

/// A CPU step made concrete: `units` of the real work, with the seed that picks which.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Work {
    pub units: u64,
    pub seed: u64,
}

/// A step as the engines run it: CPU work in units, I/O in ms.
pub type PlanStep = Step<Work, f64>;

/// A count's window as the engines run it.
pub type PlanGap = Gap<Work, f64>;

#[derive(Clone, Debug, PartialEq)]
pub struct TaskPlan {
    pub id: u32,
    pub steps: Vec<PlanStep>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub tasks: Vec<TaskPlan>,
    pub calibration: Calibration,
    /// The shared counters and locks the tasks use, by name.
    pub names: Names,
}

impl Plan {
    /// Makes each task's steps concrete: `tasks[i]` is task `i`'s steps in ms. A count's
    /// window computes at least one unit, or it would be no window.
    pub fn build(tasks: &[Vec<MsStep>], calibration: Calibration) -> Self {
        let tasks = (0u32..)
            .zip(tasks)
            .map(|(id, steps)| TaskPlan {
                id,
                steps: (1u64..)
                    .zip(steps)
                    .map(|(n, step)| {
                        let seed = u64::from(id) * 1_000 + n;
                        let floor = u64::from(matches!(step, Step::Count(_)));
                        let units = |ms| calibration.units_for(ms).max(floor);
                        step.map(
                            &mut |ms| Work {
                                units: units(ms),
                                seed,
                            },
                            &mut |ms| ms,
                        )
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
                Step::Count(c) if c.var == var => u64::from(c.times),
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
        let steps = vec![Step::Cpu(10.0), Step::Io(50.0), Step::Cpu(10.0)];
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
            assert_eq!(t.steps[1], Step::Io(50.0));
            for s in &t.steps {
                if let Step::Cpu(work) = s {
                    assert_eq!(work.units, 1000);
                    seeds.push(work.seed);
                }
            }
        }
        seeds.sort();
        seeds.dedup();
        assert_eq!(seeds.len(), 6);
    }
}
