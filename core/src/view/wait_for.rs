//! A deadlock's wait-for graph as a picture: its tasks and locks on a ring, each task's
//! "holds" and "waits for" arrows between neighbours, and at a replay's time, which links
//! stood then and whether the cycle had closed.

use crate::run::shared::Deadlock;

/// The picture's size, in its own units (an SVG `viewBox`).
pub const SIZE: (f64, f64) = (220.0, 180.0);
/// How far from a node's centre an arrow stops.
const NODE_R: f64 = 17.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Task(u32),
    Lock(u8),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub label: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Holds,
    WaitsFor,
}

impl Link {
    pub fn word(self) -> &'static str {
        match self {
            Link::Holds => "holds",
            Link::WaitsFor => "waits for",
        }
    }
}

/// An arrow from a task to a lock.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub link: Link,
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// Where its word goes: beside the arrow's middle, outside the ring.
    pub label_at: (f64, f64),
    /// Since when the link stood, in ms of the run.
    pub since_ms: f64,
    /// Whether it stood at the picture's time.
    pub shown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WaitFor {
    pub nodes: Vec<Node>,
    pub arrows: Vec<Arrow>,
    /// Whether every link stood at the picture's time: the cycle had closed.
    pub closed: bool,
    pub formed_ms: f64,
    pub found_ms: f64,
}

/// The cycle of `deadlock` as it stood at `t_ms` (all of it when `None`); `locks` names the
/// run's locks by index.
///
/// The ring goes task, the lock it waits for, the task holding that lock, and so on: in the
/// cycle each task holds the lock the one before it waits for, so every arrow joins
/// neighbours and the ring itself is the cycle.
pub fn wait_for(deadlock: &Deadlock, locks: &[String], t_ms: Option<f64>) -> WaitFor {
    let n = deadlock.cycle.len();
    let (w, h) = SIZE;
    let (cx, cy, r) = (w / 2.0, h / 2.0, h / 2.0 - NODE_R - 4.0);
    let at = |k: usize| {
        let angle =
            std::f64::consts::TAU * k as f64 / (2 * n).max(1) as f64 - std::f64::consts::FRAC_PI_2;
        (cx + r * angle.cos(), cy + r * angle.sin())
    };
    let lock_name = |i: u8| {
        locks
            .get(usize::from(i))
            .cloned()
            .unwrap_or_else(|| "?".into())
    };
    let mut nodes = Vec::with_capacity(2 * n);
    for (i, e) in deadlock.cycle.iter().enumerate() {
        let (x, y) = at(2 * i);
        nodes.push(Node {
            kind: NodeKind::Task(e.task),
            label: format!("task {}", e.task),
            x,
            y,
        });
        let (x, y) = at(2 * i + 1);
        nodes.push(Node {
            kind: NodeKind::Lock(e.wants),
            label: lock_name(e.wants),
            x,
            y,
        });
    }
    let shown = |since: f64| t_ms.is_none_or(|t| t >= since);
    let mut arrows = Vec::with_capacity(2 * n);
    for (i, e) in deadlock.cycle.iter().enumerate() {
        let task = at(2 * i);
        let held = at((2 * i + 2 * n - 1) % (2 * n));
        arrows.push(arrow(
            Link::Holds,
            task,
            held,
            (cx, cy),
            e.held_from_ms,
            &shown,
        ));
        let wanted = at(2 * i + 1);
        arrows.push(arrow(
            Link::WaitsFor,
            task,
            wanted,
            (cx, cy),
            e.waits_from_ms,
            &shown,
        ));
    }
    WaitFor {
        closed: !arrows.is_empty() && arrows.iter().all(|a| a.shown),
        nodes,
        arrows,
        formed_ms: deadlock.formed_ms(),
        found_ms: deadlock.at_ms,
    }
}

/// The arrow from `from` to `to`, stopped short of both nodes, its word pushed away from the
/// ring's `centre`.
fn arrow(
    link: Link,
    from: (f64, f64),
    to: (f64, f64),
    centre: (f64, f64),
    since_ms: f64,
    shown: &dyn Fn(f64) -> bool,
) -> Arrow {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let (ox, oy) = (mid.0 - centre.0, mid.1 - centre.1);
    let out = ox.hypot(oy).max(1.0);
    Arrow {
        link,
        from: (from.0 + ux * NODE_R, from.1 + uy * NODE_R),
        to: (to.0 - ux * NODE_R, to.1 - uy * NODE_R),
        label_at: (mid.0 + ox / out * 12.0, mid.1 + oy / out * 12.0),
        since_ms,
        shown: shown(since_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::shared::Edge;

    fn two_tasks() -> Deadlock {
        let edge = |task, holds, wants, held_from_ms, waits_from_ms| Edge {
            task,
            holds,
            wants,
            held_from_ms,
            waits_from_ms,
        };
        Deadlock {
            cycle: vec![edge(0, 0, 1, 0.5, 100.0), edge(1, 1, 0, 0.7, 101.0)],
            at_ms: 301.0,
        }
    }

    fn names() -> Vec<String> {
        vec!["A".into(), "B".into()]
    }

    #[test]
    fn the_ring_alternates_tasks_and_the_locks_they_wait_for() {
        let g = wait_for(&two_tasks(), &names(), None);
        let labels: Vec<&str> = g.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["task 0", "B", "task 1", "A"]);
        assert!(g.closed && g.arrows.iter().all(|a| a.shown));
        assert_eq!((g.formed_ms, g.found_ms), (101.0, 301.0));
        let words: Vec<&str> = g.arrows.iter().map(|a| a.link.word()).collect();
        assert_eq!(words, ["holds", "waits for", "holds", "waits for"]);
    }

    #[test]
    fn every_arrow_joins_a_task_to_a_neighbouring_lock() {
        let g = wait_for(&two_tasks(), &names(), None);
        let near = |p: (f64, f64), n: &Node| (p.0 - n.x).hypot(p.1 - n.y) <= NODE_R + 0.01;
        for a in &g.arrows {
            let from = g
                .nodes
                .iter()
                .position(|n| near(a.from, n))
                .expect("from a node");
            let to = g
                .nodes
                .iter()
                .position(|n| near(a.to, n))
                .expect("to a node");
            assert!(matches!(g.nodes[from].kind, NodeKind::Task(_)));
            assert!(matches!(g.nodes[to].kind, NodeKind::Lock(_)));
            let apart = (from as isize - to as isize).rem_euclid(4);
            assert!(apart == 1 || apart == 3, "neighbours on the ring");
        }
        let holds_b = &g.arrows[2];
        assert_eq!(holds_b.link, Link::Holds);
        assert!(near(holds_b.to, &g.nodes[1]), "task 1 holds B");
    }

    #[test]
    fn in_replay_the_cycle_closes_when_its_last_wait_begins() {
        let d = two_tasks();
        let before = wait_for(&d, &names(), Some(50.0));
        assert!(!before.closed);
        assert_eq!(
            before.arrows.iter().filter(|a| a.shown).count(),
            2,
            "the holds"
        );
        let half = wait_for(&d, &names(), Some(100.5));
        assert_eq!(half.arrows.iter().filter(|a| a.shown).count(), 3);
        assert!(!half.closed);
        assert!(wait_for(&d, &names(), Some(101.0)).closed);
        assert!(!wait_for(&d, &names(), Some(0.0))
            .arrows
            .iter()
            .any(|a| a.shown));
    }

    #[test]
    fn everything_stays_inside_the_picture_for_a_long_cycle() {
        let cycle = (0..6)
            .map(|t| Edge {
                task: t,
                holds: t as u8,
                wants: ((t + 1) % 6) as u8,
                held_from_ms: 0.0,
                waits_from_ms: 1.0,
            })
            .collect();
        let d = Deadlock { cycle, at_ms: 9.0 };
        let g = wait_for(&d, &[], None);
        assert_eq!(g.nodes.len(), 12);
        for n in &g.nodes {
            assert!(n.x >= NODE_R && n.x <= SIZE.0 - NODE_R, "{n:?}");
            assert!(n.y >= NODE_R && n.y <= SIZE.1 - NODE_R, "{n:?}");
            assert!(n.label == "?" || n.label.starts_with("task"));
        }
    }
}
