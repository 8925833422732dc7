//! A plan is a workload made concrete for this device: every CPU step has its units of work
//! and its seed, every I/O step its wait. All modes run the same plan, so results must match.

use super::work::Calibration;
use super::workload::StepSpec;

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
                    })
                    .collect(),
            })
            .collect();
        Plan { tasks, calibration }
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
