//! Verdicts of the shared-state lessons: lost updates, deadlocks, and what a crash takes
//! with it. Each names the first thing that did not have the expected shape.

use crate::run::mode::Mode;
use crate::run::shared::SharedVar;
use crate::run::trace::{Outcome, Trace};
use crate::view::figure::{count, ms};

use super::Verdict;

fn var<'a>(t: &'a Trace, name: &str) -> Option<&'a SharedVar> {
    t.shared.vars.iter().find(|v| v.name == name)
}

fn of(mode: Mode, traces: &[Trace]) -> Option<&Trace> {
    traces.iter().find(|t| t.mode == mode)
}

fn verdict(problems: Vec<String>, good: String) -> Option<Verdict> {
    Some(match problems.into_iter().next() {
        None => Verdict {
            matches: true,
            sentence: good,
        },
        Some(problem) => Verdict {
            matches: false,
            sentence: format!("Not as expected: {problem}."),
        },
    })
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completed => "completed",
        Outcome::Cancelled => "stopped",
        Outcome::Failed => "failed",
        Outcome::Crashed => "crashed",
        Outcome::Deadlocked => "deadlocked",
    }
}

/// Lost updates: unguarded increments lose some where the mode lets another task in, the
/// lock and the atomic never do, and processes leave the page's counter alone.
pub fn race_verdict(traces: &[Trace], cores: usize) -> Option<Verdict> {
    const NAMES: [&str; 4] = ["call", "await", "locked", "atomic"];
    let done: Vec<&Trace> = traces
        .iter()
        .filter(|t| t.outcome == Outcome::Completed)
        .collect();
    // The lesson compares its own four counters; an edited recipe has its own shape.
    if done.is_empty()
        || done
            .iter()
            .any(|t| NAMES.iter().any(|n| var(t, n).is_none()))
    {
        return None;
    }
    let lost = |m: Mode, n: &str| of(m, traces).and_then(|t| var(t, n)).map(SharedVar::lost);
    let mut problems = Vec::new();
    for t in &done {
        let label = t.mode.label();
        if t.mode == Mode::Processes {
            for v in &t.shared.vars {
                if v.value != 0 || v.summed != Some(v.expected) {
                    problems.push(format!(
                        "in processes, {} changed on the page or its counts did not sum up",
                        v.name
                    ));
                }
            }
            continue;
        }
        for name in ["locked", "atomic"] {
            if let Some(n) = var(t, name).map(SharedVar::lost).filter(|&n| n > 0) {
                problems.push(format!(
                    "{label} lost {} updates of the {name} counter",
                    count(n as usize)
                ));
            }
        }
        if t.mode == Mode::Sequential {
            if let Some(v) = t.shared.vars.iter().find(|v| v.lost() > 0) {
                problems.push(format!("sequential lost updates of {}", v.name));
            }
        }
    }
    let threads = of(Mode::Threads, traces).map_or(0, |t| t.threads);
    let parallel = threads >= 2 && cores != 1;
    match lost(Mode::Threads, "call") {
        Some(0) if !parallel => problems.push(format!(
            "threads lost no update, but with {threads} worker(s) on {cores} core(s) no two tasks ran at once"
        )),
        Some(0) => problems.push("threads lost no update this time; run again".into()),
        _ => {}
    }
    if lost(Mode::Cooperative, "call").is_some_and(|n| n > 0) {
        problems.push("the event loop lost updates with no await in the window".into());
    }
    if lost(Mode::Cooperative, "await") == Some(0) {
        problems.push("the event loop lost no update with an await in the window".into());
    }
    if lost(Mode::Gil, "await") == Some(0) {
        // Each yield gives the GIL away, but only a thread in the same step at that moment can
        // interleave: the threads' phases decide, as in CPython.
        problems.push("threads + GIL lost no update with a yield this time; run again".into());
    }
    // "threads 4,066, threads + GIL with a call 780, …": one sentence, built in one place.
    let mut list = String::new();
    for (m, name, what) in [
        (Mode::Threads, "call", "threads"),
        (Mode::Gil, "call", "threads + GIL with a call"),
        (Mode::Gil, "await", "with a yield"),
        (Mode::Cooperative, "call", "the event loop with a call"),
        (Mode::Cooperative, "await", "with an await"),
    ] {
        if let Some(l) = lost(m, name) {
            let sep = if list.is_empty() { "" } else { ", " };
            list = format!("{list}{sep}{what} {}", count(l as usize));
        }
    }
    let processes = if of(Mode::Processes, traces).is_some() {
        "; processes left the page's counters at 0, and their counts summed by message were exact"
    } else {
        ""
    };
    let n = count(done[0].shared.vars[0].expected as usize);
    let good = format!("As expected: of {n} unguarded updates per counter, these were lost: {list}; the lock and the atomic lost none in any mode{processes}.");
    verdict(problems, good)
}

/// Two locks in opposite order: the modes that share locks deadlock, and it is found.
pub fn deadlock_verdict(traces: &[Trace]) -> Option<Verdict> {
    let mut problems = Vec::new();
    let mut found = None;
    for t in traces {
        let label = t.mode.label();
        match (t.mode, t.outcome) {
            (Mode::Threads | Mode::Gil, Outcome::Completed) if t.threads < 2 => problems.push(
                format!("{label} completed: with 1 worker the two tasks ran one after the other"),
            ),
            (Mode::Threads | Mode::Gil | Mode::Cooperative, Outcome::Deadlocked) => {
                found = found.or(t.shared.deadlock_sentence());
            }
            (Mode::Threads | Mode::Gil | Mode::Cooperative, Outcome::Completed) => {
                problems.push(format!("{label} completed without a deadlock"))
            }
            (Mode::Sequential | Mode::Processes, Outcome::Completed) => {}
            (_, outcome) => problems.push(format!("{label} {}", outcome_word(outcome))),
        }
    }
    if found.is_none() && problems.is_empty() {
        return None;
    }
    let found = found.unwrap_or_default();
    verdict(
        problems,
        format!("As expected: the modes that share locks deadlocked, and the page found it in the lock table and broke it. {found}"),
    )
}

/// One lock order: nothing deadlocks, however long the waits.
pub fn lock_order_verdict(traces: &[Trace]) -> Option<Verdict> {
    let problems: Vec<String> = traces
        .iter()
        .filter(|t| t.outcome != Outcome::Completed)
        .map(|t| format!("{} {}", t.mode.label(), outcome_word(t.outcome)))
        .collect();
    let longest = traces
        .iter()
        .flat_map(|t| &t.shared.locks)
        .map(|l| l.stat.longest_wait_ms)
        .fold(0.0, f64::max);
    verdict(
        problems,
        format!("As expected: every mode completed; a task waited for a lock up to {}, and no wait was taken for a deadlock.", ms(longest, 1)),
    )
}

/// A crash: a process loses only its task, the event loop only its future, threads the pool.
pub fn crash_verdict(traces: &[Trace]) -> Option<Verdict> {
    let mut problems = Vec::new();
    let mut said = Vec::new();
    let lost = |t: &Trace| t.results.iter().filter(|r| r.is_none()).count();
    for t in traces {
        let finished = t.results.len() - lost(t);
        match t.mode {
            Mode::Processes | Mode::Cooperative if lost(t) == 1 => said.push(format!(
                "{} lost only the task that crashed and finished the other {finished}",
                t.mode.label()
            )),
            Mode::Processes | Mode::Cooperative => problems.push(format!(
                "{} lost {} tasks, expected only the one that crashed",
                t.mode.label(),
                lost(t)
            )),
            Mode::Threads if t.outcome == Outcome::Crashed => {
                said.push("in threads the crash took the whole worker pool with it".into())
            }
            Mode::Threads => problems.push(format!("threads {}", outcome_word(t.outcome))),
            _ => {}
        }
    }
    if said.is_empty() && problems.is_empty() {
        return None;
    }
    verdict(problems, format!("As expected: {}.", said.join("; ")))
}
