//! What each unit of concurrency costs, measured on the visitor's machine: the course's table
//! (creation, context switch, communication, memory, crash impact, scalability) with a
//! coroutine, a pool thread, a thread under the GIL and a process as its columns. Every cell
//! holds figures with their spread and what they include, or says why this engine cannot
//! measure it. The probes that block live in `probes`; the page times the rest.

mod json;
pub mod probes;
pub mod reference;
#[cfg(test)]
mod tests;

use crate::analysis::stats::median;
use crate::view::figure;

/// A column: a unit of concurrency the page runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Coroutine,
    Thread,
    GilThread,
    Process,
}

impl Unit {
    pub const ALL: [Unit; 4] = [
        Unit::Coroutine,
        Unit::Thread,
        Unit::GilThread,
        Unit::Process,
    ];

    pub fn from_key(key: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Unit::Coroutine => "coroutine",
            Unit::Thread => "thread",
            Unit::GilThread => "gil-thread",
            Unit::Process => "process",
        }
    }

    /// The column's head: what the page runs.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Coroutine => "a coroutine (a future on the event loop)",
            Unit::Thread => "a pool thread (a Web Worker on shared memory)",
            Unit::GilThread => "a thread under the GIL (modelled)",
            Unit::Process => "a process (a worker with its own WebAssembly instance)",
        }
    }

    /// "× a coroutine": how a ratio names it.
    pub fn short(self) -> &'static str {
        match self {
            Unit::Coroutine => "a coroutine",
            Unit::Thread => "a thread",
            Unit::GilThread => "a GIL thread",
            Unit::Process => "a process",
        }
    }

    pub fn python(self) -> &'static str {
        match self {
            Unit::Coroutine => "asyncio task",
            Unit::Thread => "threading, free-threaded",
            Unit::GilThread => "threading, with the GIL",
            Unit::Process => "multiprocessing",
        }
    }
}

/// A row of the course's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Row {
    Creation,
    ContextSwitch,
    Communication,
    Memory,
    CrashImpact,
    Scalability,
}

impl Row {
    pub const ALL: [Row; 6] = [
        Row::Creation,
        Row::ContextSwitch,
        Row::Communication,
        Row::Memory,
        Row::CrashImpact,
        Row::Scalability,
    ];

    pub fn from_key(key: &str) -> Option<Row> {
        Row::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Row::Creation => "creation",
            Row::ContextSwitch => "context-switch",
            Row::Communication => "communication",
            Row::Memory => "memory",
            Row::CrashImpact => "crash-impact",
            Row::Scalability => "scalability",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Row::Creation => "creation overhead",
            Row::ContextSwitch => "context switching",
            Row::Communication => "communication",
            Row::Memory => "memory usage",
            Row::CrashImpact => "crash impact",
            Row::Scalability => "scalability",
        }
    }

    /// Whose figure a cell's ratio is against: the lightest unit that has one.
    fn baseline(self) -> Option<Unit> {
        match self {
            Row::Creation | Row::ContextSwitch | Row::Memory => Some(Unit::Coroutine),
            // A message against a shared-memory add: the course's "IPC" against "fast".
            Row::Communication => Some(Unit::Thread),
            Row::CrashImpact | Row::Scalability => None,
        }
    }
}

/// The course's word for a cell: process vs thread, and threading vs asyncio.
pub fn course_word(row: Row, unit: Unit) -> &'static str {
    use {Row::*, Unit::*};
    match (row, unit) {
        (Creation, Process) => "heavy",
        (Creation, _) => "light",
        (ContextSwitch, Coroutine) => "the code yields via await",
        (ContextSwitch, Thread) => "the OS switches: faster",
        (ContextSwitch, GilThread) => "one at a time, on a switch interval",
        (ContextSwitch, Process) => "slower",
        (Communication, Process) => "IPC",
        (Communication, _) => "shared memory (fast)",
        (Memory, Process) => "high",
        (Memory, _) => "low",
        (CrashImpact, Coroutine) => "its own task",
        (CrashImpact, Process) => "only itself",
        (CrashImpact, _) => "the whole process",
        (Scalability, Coroutine) => "one thread, many coroutines",
        (Scalability, Process) => "a few, one per core",
        (Scalability, GilThread) => "many threads, one computing at a time",
        (Scalability, _) => "one thread per task",
    }
}

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// A time, in ms.
    Ms,
    Bytes,
    Count,
}

impl Quantity {
    pub fn key(self) -> &'static str {
        match self {
            Quantity::Ms => "ms",
            Quantity::Bytes => "bytes",
            Quantity::Count => "count",
        }
    }

    /// A value in words: "33 ns", "9.5 µs", "38 ms", "800 B", "1.1 MB", "10,000".
    pub fn show(self, v: f64) -> String {
        match self {
            Quantity::Ms => time(v),
            Quantity::Bytes => bytes(v),
            Quantity::Count => figure::count(v.max(0.0).round() as usize),
        }
    }
}

/// Three significant figures at most, in the unit that reads best.
fn scaled(v: f64, units: &[(f64, &str)]) -> String {
    let (scale, unit) = units
        .iter()
        .rev()
        .find(|(s, _)| v.abs() >= *s)
        .unwrap_or(&units[0]);
    let x = v / scale;
    let decimals = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    let n = figure::fixed(x, decimals);
    let n = if n.contains('.') {
        n.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        n
    };
    format!("{n} {unit}")
}

fn time(ms: f64) -> String {
    scaled(ms, &[(1e-6, "ns"), (1e-3, "µs"), (1.0, "ms"), (1e3, "s")])
}

fn bytes(b: f64) -> String {
    scaled(b, &[(1.0, "B"), (1e3, "KB"), (1e6, "MB"), (1e9, "GB")])
}

/// Median and spread of repeated measurements.
#[derive(Clone, Debug, PartialEq)]
pub struct Stat {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// How many measurements.
    pub count: usize,
}

impl Stat {
    /// `None` when no sample is a finite number.
    pub fn of(samples: &[f64]) -> Option<Stat> {
        let finite = samples.iter().copied().filter(|x| x.is_finite());
        Some(Stat {
            median: median(samples)?,
            min: finite.clone().fold(f64::INFINITY, f64::min),
            max: finite.clone().fold(f64::NEG_INFINITY, f64::max),
            count: finite.count(),
        })
    }
}

/// One measured figure of a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What was measured: "create and first run one".
    pub what: String,
    pub quantity: Quantity,
    pub stat: Stat,
    /// What the figure includes and leaves out.
    pub includes: String,
}

impl Figure {
    /// "9.5 µs (8.9–11 µs, 7 rounds)"
    pub fn text(&self) -> String {
        let q = self.quantity;
        let s = &self.stat;
        if s.count <= 1 || q.show(s.min) == q.show(s.max) {
            return q.show(s.median);
        }
        let (low, high) = (q.show(s.min), q.show(s.max));
        // "35–41 ms" where both ends read in one unit.
        let low = match (low.rsplit_once(' '), high.rsplit_once(' ')) {
            (Some((n, a)), Some((_, b))) if a == b => n.to_string(),
            _ => low,
        };
        format!("{} ({low}–{high}, {} rounds)", q.show(s.median), s.count)
    }
}

/// A cell: its figures, or why there are none.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Measured(Vec<Figure>),
    Missing(String),
}

/// The whole table as measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Costs {
    cells: Vec<(Row, Unit, Cell)>,
}

impl Costs {
    pub fn set(&mut self, row: Row, unit: Unit, cell: Cell) {
        self.cells.retain(|(r, u, _)| (*r, *u) != (row, unit));
        self.cells.push((row, unit, cell));
    }

    pub fn get(&self, row: Row, unit: Unit) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(r, u, _)| (*r, *u) == (row, unit))
            .map(|(.., c)| c)
    }

    /// The cell's first figure, which its ratio is about.
    pub fn lead(&self, row: Row, unit: Unit) -> Option<&Figure> {
        match self.get(row, unit)? {
            Cell::Measured(f) => f.first(),
            Cell::Missing(_) => None,
        }
    }

    /// The course's word with the measured figure and the ratio that makes the point: "heavy:
    /// 38 ms, about 4,000 × a coroutine".
    pub fn sentence(&self, row: Row, unit: Unit) -> Option<String> {
        let said = self.said(row, unit)?;
        Some(said + &self.departure(row, unit).unwrap_or_default())
    }

    fn said(&self, row: Row, unit: Unit) -> Option<String> {
        let lead = self.lead(row, unit)?;
        let word = course_word(row, unit);
        let shown = lead.quantity.show(lead.stat.median);
        let ratio = row
            .baseline()
            .filter(|&b| b != unit)
            .and_then(|b| Some((b, self.lead(row, b)?)))
            .filter(|(_, base)| base.quantity == lead.quantity && base.stat.median > 0.0)
            .map(|(b, base)| (b, lead.stat.median / base.stat.median));
        Some(match ratio {
            Some((b, r)) if (1.0 / 1.15..=1.15).contains(&r) => {
                format!("{word}: {shown}, about as much as {}", b.short())
            }
            Some((b, r)) if r >= 1.0 => {
                format!("{word}: {shown}, about {} × {}", about(r), b.short())
            }
            Some((b, r)) => format!(
                "{word}: {shown}, about {} × less than {}",
                about(1.0 / r),
                b.short()
            ),
            // A count says what it counts.
            None if lead.quantity == Quantity::Count => format!("{word}: {shown} ({})", lead.what),
            None => format!("{word}: {shown}"),
        })
    }

    /// Where the browser departs from the course: a pool thread is a Web Worker, as a process
    /// is, so it costs about as much to create and to hold; said when it costs at least half
    /// as much as a process.
    fn departure(&self, row: Row, unit: Unit) -> Option<String> {
        if unit != Unit::Thread || !matches!(row, Row::Creation | Row::Memory) {
            return None;
        }
        let (thread, process) = (self.lead(row, unit)?, self.lead(row, Unit::Process)?);
        let r = thread.stat.median / process.stat.median;
        (thread.quantity == process.quantity && r.is_finite() && r >= 0.5).then(|| {
            let how = if (1.0 / 1.15..=1.15).contains(&r) {
                "about as much as a process".to_string()
            } else {
                format!("about {} × a process", about(r))
            };
            format!("; here a thread is a Web Worker, as a process is: {how}")
        })
    }

    /// Every cell in table order, with `None` where nothing was set.
    pub fn rows(&self) -> impl Iterator<Item = (Row, [(Unit, Option<&Cell>); 4])> + '_ {
        Row::ALL
            .into_iter()
            .map(move |row| (row, Unit::ALL.map(|u| (u, self.get(row, u)))))
    }
}

/// A ratio rounded as a speaker would say it: 0.5, 3.2, 38, 4,000.
pub fn about(r: f64) -> String {
    if !r.is_finite() {
        return "–".into();
    }
    if r < 10.0 {
        return figure::fixed(r, 1);
    }
    let digits = r.log10().floor() as i32;
    let step = 10f64.powi((digits - 1).max(0));
    figure::count(((r / step).round() * step) as usize)
}

/// What one crash took with it, per unit, from a run with a crash step (the crash-impact
/// lesson's). The table never crashes a thread itself: that takes the whole pool until a reload.
pub fn crash_impact(traces: &[crate::run::trace::Trace]) -> Vec<(Unit, Cell)> {
    use crate::run::mode::Mode;
    use crate::run::trace::{Outcome, SpanKind};
    let unit_of = |m: Mode| match m {
        Mode::Cooperative => Some(Unit::Coroutine),
        Mode::Threads => Some(Unit::Thread),
        Mode::Gil => Some(Unit::GilThread),
        Mode::Processes => Some(Unit::Process),
        Mode::Sequential => None,
    };
    let crashed = |t: &&crate::run::trace::Trace| {
        t.outcome == Outcome::Crashed || t.spans.iter().any(|s| s.kind == SpanKind::Crash)
    };
    Unit::ALL
        .into_iter()
        .map(|unit| {
            let Some(t) = traces.iter().filter(crashed).find(|t| unit_of(t.mode) == Some(unit))
            else {
                return (unit, Cell::Missing("run the crash-impact lesson on this page first: a crash in a thread takes the whole pool until a reload, so this table never crashes one itself".into()));
            };
            let lost = t.results.iter().filter(|r| r.is_none()).count();
            let pool = if t.outcome == Outcome::Crashed {
                "; the pool crashed with it, and no thread of it runs again until a reload"
            } else {
                "; everything else ran on"
            };
            let figure = Figure {
                what: "tasks lost to one crash".into(),
                quantity: Quantity::Count,
                stat: Stat {
                    median: lost as f64,
                    min: lost as f64,
                    max: lost as f64,
                    count: 1,
                },
                includes: format!("of {} tasks, in this page's last run with a crash step{pool}", t.results.len()),
            };
            (unit, Cell::Measured(vec![figure]))
        })
        .collect()
}
