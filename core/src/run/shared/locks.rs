//! Named locks and the table behind them: which task holds each lock, which lock each task
//! waits for, and what that cost. A cycle in the wait-for graph that persists is a deadlock;
//! every waiter then gives up, so the run ends and the pool's threads come back.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How long a cycle in the wait-for graph must last before it counts as a deadlock. A real
/// deadlock never ends; the wait only keeps a cycle seen mid-change from being reported.
pub const PERSIST_MS: f64 = 200.0;
/// The longest a blocked waiter sleeps before it looks at the table again.
const LOOK_EVERY: Duration = Duration::from_millis(10);

/// One link of a deadlock: `task` holds `holds` and waits for `wants`, each since when, so
/// that a replay can draw the cycle closing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub task: u32,
    pub holds: u8,
    pub wants: u8,
    /// When `task` took `holds`, in ms of the run.
    pub held_from_ms: f64,
    /// When `task` began to wait for `wants`.
    pub waits_from_ms: f64,
}

/// An edge's task, lock held and lock wanted: the same link whenever it formed.
pub type EdgeKey = (u32, u8, u8);

impl Edge {
    /// Who holds and wants what, whatever the times.
    pub fn key(&self) -> EdgeKey {
        (self.task, self.holds, self.wants)
    }
}

/// A deadlock as found: the cycle, from its lowest task, and when it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Deadlock {
    pub cycle: Vec<Edge>,
    pub at_ms: f64,
}

impl Deadlock {
    /// When the cycle closed: its last link formed then, and nothing after could open it.
    pub fn formed_ms(&self) -> f64 {
        self.cycle
            .iter()
            .map(|e| e.held_from_ms.max(e.waits_from_ms))
            .fold(0.0, f64::max)
    }
}

/// What one lock cost in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LockStat {
    pub acquisitions: u64,
    /// Acquisitions that had to wait.
    pub waits: u64,
    pub wait_ms: f64,
    pub longest_wait_ms: f64,
    pub held_ms: f64,
}

/// Where a wait stands after a look at the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    Acquired,
    /// The run was stopped or deadlocked: the task must give up.
    GaveUp,
    Still,
}

#[derive(Default)]
struct Table {
    holder: Vec<Option<u32>>,
    held_since: Vec<f64>,
    /// Per waiting task: the lock it wants and since when.
    waiting: Vec<(u32, u8, f64)>,
    stats: Vec<LockStat>,
    /// A cycle seen, in a canonical order, and when it was first seen.
    seen: Option<(Vec<EdgeKey>, f64)>,
    found: Option<Deadlock>,
    /// First come, first served: a free lock goes to its longest waiter.
    fair: bool,
}

/// A run's locks. Pool threads block on it; the page's thread only ever looks without
/// waiting (`try_acquire`, `poll`), as the browser allows.
pub struct Locks {
    table: Mutex<Table>,
    changed: Condvar,
}

impl Locks {
    pub fn new(count: usize, fair: bool) -> Self {
        let table = Table {
            fair,
            holder: vec![None; count],
            held_since: vec![0.0; count],
            stats: vec![LockStat::default(); count],
            ..Table::default()
        };
        Locks {
            table: Mutex::new(table),
            changed: Condvar::new(),
        }
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `lock` for `task` if no one holds it (and, if fair, no one waits for it).
    pub fn try_acquire(&self, lock: u8, task: u32, now_ms: f64) -> bool {
        let mut t = self.table();
        let queued = t.fair && t.waiting.iter().any(|w| w.1 == lock);
        !queued && t.take(lock, task, now_ms)
    }

    /// Starts waiting for `lock`; look with [`poll`](Self::poll) or block with
    /// [`wait`](Self::wait).
    pub fn begin_wait(&self, lock: u8, task: u32, now_ms: f64) {
        self.table().waiting.push((task, lock, now_ms));
    }

    /// Looks once: takes the lock if it is free, gives up if the run is deadlocked (finding
    /// the deadlock itself once a cycle through this task has lasted [`PERSIST_MS`]).
    pub fn poll(&self, task: u32, now_ms: f64, cancelled: bool) -> Waiting {
        let mut t = self.table();
        let state = t.poll(task, now_ms, cancelled);
        if state == Waiting::GaveUp && t.found.is_some() {
            self.changed.notify_all();
        }
        state
    }

    /// Blocks until [`poll`](Self::poll) says acquired or gave up. Only on a pool thread.
    pub fn wait(&self, task: u32, now: &dyn Fn() -> f64, cancelled: &dyn Fn() -> bool) -> bool {
        let mut t = self.table();
        loop {
            match t.poll(task, now(), cancelled()) {
                Waiting::Acquired => return true,
                Waiting::GaveUp => {
                    self.changed.notify_all();
                    return false;
                }
                Waiting::Still => {}
            }
            t = match self.changed.wait_timeout(t, LOOK_EVERY) {
                Ok((t, _)) => t,
                Err(e) => e.into_inner().0,
            };
        }
    }

    pub fn release(&self, lock: u8, now_ms: f64) {
        let mut t = self.table();
        let l = usize::from(lock);
        if t.holder[l].take().is_some() {
            t.stats[l].held_ms += now_ms - t.held_since[l];
        }
        // A wake-up costs a futex call: only when someone waits for a lock.
        let waited_for = !t.waiting.is_empty();
        drop(t);
        if waited_for {
            self.changed.notify_all();
        }
    }

    /// The deadlock found, if any.
    pub fn deadlock(&self) -> Option<Deadlock> {
        self.table().found.clone()
    }

    pub fn stats(&self) -> Vec<LockStat> {
        self.table().stats.clone()
    }
}

impl Table {
    fn take(&mut self, lock: u8, task: u32, now_ms: f64) -> bool {
        let l = usize::from(lock);
        if self.holder[l].is_some() {
            return false;
        }
        self.holder[l] = Some(task);
        self.held_since[l] = now_ms;
        self.stats[l].acquisitions += 1;
        true
    }

    fn poll(&mut self, task: u32, now_ms: f64, cancelled: bool) -> Waiting {
        let Some(at) = self.waiting.iter().position(|w| w.0 == task) else {
            return Waiting::GaveUp;
        };
        let (_, lock, since) = self.waiting[at];
        // Waiters are in arrival order; a fair lock goes to the first of its own.
        let first = self.waiting.iter().position(|w| w.1 == lock) == Some(at);
        let my_turn = !self.fair || first;
        if self.found.is_none() && !cancelled && my_turn && self.take(lock, task, now_ms) {
            self.waiting.remove(at);
            self.waited(lock, now_ms - since);
            return Waiting::Acquired;
        }
        if self.found.is_none() && !cancelled {
            let Some(cycle) = self.cycle_from(task) else {
                return Waiting::Still;
            };
            let first = match &self.seen {
                Some((seen, at)) if *seen == canonical(&cycle) => *at,
                _ => {
                    self.seen = Some((canonical(&cycle), now_ms));
                    now_ms
                }
            };
            if now_ms - first < PERSIST_MS {
                return Waiting::Still;
            }
            // From its lowest task, so that the same deadlock reads the same however found.
            let mut cycle = cycle;
            let lowest = (0..cycle.len()).min_by_key(|&i| cycle[i].task).unwrap_or(0);
            cycle.rotate_left(lowest);
            self.found = Some(Deadlock {
                cycle,
                at_ms: now_ms,
            });
        }
        self.waiting.remove(at);
        // A wait that ended without the lock still waited.
        self.waited(lock, now_ms - since);
        Waiting::GaveUp
    }

    fn waited(&mut self, lock: u8, ms: f64) {
        let stat = &mut self.stats[usize::from(lock)];
        stat.waits += 1;
        stat.wait_ms += ms;
        stat.longest_wait_ms = stat.longest_wait_ms.max(ms);
    }

    /// The cycle that `task`'s wait leads into, if any: each task waits for at most one lock
    /// and each lock has at most one holder, so the graph is followed link by link. In the
    /// cycle, each task holds the lock the one before it waits for.
    fn cycle_from(&self, task: u32) -> Option<Vec<Edge>> {
        let mut chain: Vec<(u32, u8, f64)> = Vec::new();
        let mut at = task;
        loop {
            let &(_, wants, since) = self.waiting.iter().find(|w| w.0 == at)?;
            let holder = self.holder[usize::from(wants)]?;
            chain.push((at, wants, since));
            if let Some(start) = chain.iter().position(|&(t, ..)| t == holder) {
                let cycle = &chain[start..];
                let n = cycle.len();
                let edge = |i: usize| {
                    let holds = cycle[(i + n - 1) % n].1;
                    Edge {
                        task: cycle[i].0,
                        holds,
                        wants: cycle[i].1,
                        held_from_ms: self.held_since[usize::from(holds)],
                        waits_from_ms: cycle[i].2,
                    }
                };
                return Some((0..n).map(edge).collect());
            }
            at = holder;
        }
    }
}

fn canonical(cycle: &[Edge]) -> Vec<EdgeKey> {
    let mut c: Vec<_> = cycle.iter().map(Edge::key).collect();
    c.sort_unstable();
    c
}
