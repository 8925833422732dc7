//! The race lesson's result as a matrix: each shared counter by each mode that ran it, with
//! the share of its updates lost, and one line per mode on why it loses where it does.

use crate::run::mode::Mode;
use crate::run::trace::Trace;
use crate::view::figure;

/// What one mode did to one counter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RaceCell {
    /// Increments the finished tasks made.
    pub expected: u64,
    /// Of them, those missing from the counter the page sees.
    pub lost: u64,
    /// Processes only: the increments the tasks reported by message. Each process counted in
    /// its own memory, so nothing was lost to a race, and nothing was shared either.
    pub by_message: Option<u64>,
}

impl RaceCell {
    /// The share of the increments a race lost, in [0, 1]; none for processes.
    pub fn lost_share(&self) -> f64 {
        if self.by_message.is_some() || self.expected == 0 {
            return 0.0;
        }
        self.lost as f64 / self.expected as f64
    }

    /// "6,000 of 8,000 lost (75 %)", "none of 8,000 lost", or where a process's count went.
    pub fn text(&self) -> String {
        let of = figure::count(self.expected as usize);
        if let Some(summed) = self.by_message {
            return format!(
                "page's copy {}; {} summed by message",
                figure::count((self.expected - self.lost) as usize),
                figure::count(summed as usize)
            );
        }
        match self.lost {
            0 => format!("none of {of} lost"),
            n => format!(
                "{} of {of} lost ({})",
                figure::count(n as usize),
                figure::percent(self.lost_share(), 0)
            ),
        }
    }
}

/// Counters by modes; `cells[counter][mode]`, `None` where a mode has no such counter.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceMatrix {
    pub counters: Vec<String>,
    pub modes: Vec<Mode>,
    pub cells: Vec<Vec<Option<RaceCell>>>,
}

/// The matrix of the modes in `traces` that had shared counters, in run order; `None` when
/// none had.
pub fn race_matrix(traces: &[Trace]) -> Option<RaceMatrix> {
    let ran: Vec<&Trace> = traces
        .iter()
        .filter(|t| !t.shared.vars.is_empty())
        .collect();
    let mut counters: Vec<String> = Vec::new();
    for v in ran.iter().flat_map(|t| &t.shared.vars) {
        if !counters.contains(&v.name) {
            counters.push(v.name.clone());
        }
    }
    if counters.is_empty() {
        return None;
    }
    let cells = counters
        .iter()
        .map(|name| {
            ran.iter()
                .map(|t| {
                    let v = t.shared.vars.iter().find(|v| &v.name == name)?;
                    Some(RaceCell {
                        expected: v.expected,
                        lost: v.lost(),
                        by_message: v.summed,
                    })
                })
                .collect()
        })
        .collect();
    Some(RaceMatrix {
        counters,
        modes: ran.iter().map(|t| t.mode).collect(),
        cells,
    })
}

/// Why `mode` loses updates where it does, in one line.
pub fn why(mode: Mode) -> &'static str {
    match mode {
        Mode::Sequential => "one task at a time: nothing comes between a read and its write",
        Mode::Cooperative => "one event loop: only an await in the window lets another task in",
        Mode::Gil => "the GIL switches only where CPython can: a call, a back-edge, a sleep",
        Mode::Processes => "each process counts its own copy; only messages bring counts back",
        Mode::Threads => "threads on several cores: another can write between a read and its write",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::shared::{SharedOutcome, SharedVar};
    use crate::testing::{trace, var};

    fn ran(mode: Mode, vars: Vec<SharedVar>) -> Trace {
        let mut t = trace(mode, 10.0, 4, vec![]);
        t.shared = SharedOutcome {
            vars,
            ..SharedOutcome::default()
        };
        t
    }

    #[test]
    fn one_cell_per_counter_and_mode_with_the_lost_share() {
        let mut own = var("call", 8000, 0);
        own.summed = Some(8000);
        let traces = [
            ran(
                Mode::Cooperative,
                vec![var("call", 8000, 8000), var("await", 8000, 2000)],
            ),
            ran(Mode::Sequential, vec![]),
            ran(Mode::Processes, vec![own]),
            ran(Mode::Threads, vec![var("call", 8000, 4344)]),
        ];
        let m = race_matrix(&traces).expect("a matrix");
        assert_eq!(m.counters, ["call", "await"]);
        assert_eq!(m.modes, [Mode::Cooperative, Mode::Processes, Mode::Threads]);
        let call = &m.cells[0];
        assert_eq!(call[0].unwrap().text(), "none of 8,000 lost");
        assert_eq!(call[1].unwrap().lost_share(), 0.0, "a process races no one");
        assert_eq!(
            call[1].unwrap().text(),
            "page's copy 0; 8,000 summed by message"
        );
        let threads = call[2].unwrap();
        assert_eq!(threads.lost, 3656);
        assert!((threads.lost_share() - 0.457).abs() < 1e-3);
        assert_eq!(threads.text(), "3,656 of 8,000 lost (46%)");
        assert_eq!(m.cells[1][0].unwrap().lost, 6000);
        assert_eq!(m.cells[1][2], None, "threads had no such counter");
    }

    #[test]
    fn no_counters_no_matrix() {
        assert_eq!(race_matrix(&[ran(Mode::Threads, vec![])]), None);
        assert_eq!(race_matrix(&[]), None);
    }
}
