//! The kitchen view: a recorded trace at one moment, retold as chefs cooking dishes.
//!
//! It is a second skin over the same spans the timeline draws, not a separate cartoon: lanes
//! are chefs, tasks are dishes, I/O waits are dishes in the oven, the GIL is the one knife and
//! processes are separate kitchens. Everything shown is read off the spans that cover `t`.

pub mod picture;

use crate::run::mode::Mode;
use crate::run::trace::{Lane, Span, SpanKind, Trace, NO_TASK};
use crate::view::figure;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    Idle,
    /// Computing (a Cpu span) on this dish.
    Cooking(u32),
    /// Blocked beside the oven: a blocking I/O wait on a worker or process (the chef can do
    /// nothing else).
    WatchingOven(u32),
    /// Waiting for the knife (GilWait).
    WaitingForKnife(u32),
    /// Waiting for a utensil another chef holds: a lock (LockWait).
    WaitingForUtensil(u32),
    /// Opening the kitchen (process start-up).
    OpeningKitchen,
    /// Carrying a dish order to or from the kitchen (a Message span).
    Carrying(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chef {
    /// "chef 1", "chef 2"… numbered from 1 in lane order.
    pub name: String,
    pub lane: Lane,
    pub doing: Activity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    /// "the kitchen", or "kitchen 1", "kitchen 2"… for processes.
    pub name: String,
    pub chefs: Vec<Chef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub mode: Mode,
    /// One room for every mode except processes, which get one room per process (each with its
    /// one chef).
    pub rooms: Vec<Room>,
    /// Dishes in the oven: tasks waiting on I/O at t. On the event loop (cooperative) many
    /// dishes share the oven while the one chef cooks something else; on workers the chef
    /// watching it is also shown as WatchingOven.
    pub oven: Vec<u32>,
    /// Threads + GIL only: the chef holding the knife (the lane with a Cpu span at t), if any.
    pub knife: Option<String>,
    /// Tasks not started yet (no span at or before t).
    pub waiting_orders: Vec<u32>,
    /// Tasks whose last span ended at or before t.
    pub served: Vec<u32>,
    /// One sentence describing the moment.
    pub caption: String,
}

const SHARED_ROOM: &str = "the kitchen";

/// The chef count a trace's kitchen view shows: one per lane.
pub fn chef_count(trace: &Trace) -> usize {
    trace.lanes().len()
}

/// The scene of `trace` at time `t_ms` (ms since the trace's start).
pub fn scene(trace: &Trace, t_ms: f64) -> Scene {
    let lanes = trace.lanes();
    let busy = busiest_spans(trace, &lanes, t_ms);
    let chefs: Vec<Chef> = lanes
        .iter()
        .zip(&busy)
        .enumerate()
        .map(|(i, (&lane, span))| Chef {
            name: format!("chef {}", i + 1),
            lane,
            doing: activity(lane, *span),
        })
        .collect();
    let mut oven: Vec<u32> = trace
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Io && s.task != NO_TASK && covers(s, t_ms))
        .map(|s| s.task)
        .collect();
    oven.sort_unstable();
    oven.dedup();
    // Cpu outranks every other kind on a lane, so a chef who is cooking is one with a Cpu span.
    let knife = (trace.mode == Mode::Gil)
        .then(|| {
            chefs
                .iter()
                .find(|c| matches!(c.doing, Activity::Cooking(_)))
        })
        .flatten()
        .map(|c| c.name.clone());
    let (waiting_orders, served, dishes) = progress(trace, t_ms);
    let mut scene = Scene {
        mode: trace.mode,
        rooms: rooms(trace.mode, chefs),
        oven,
        knife,
        waiting_orders,
        served,
        caption: String::new(),
    };
    scene.caption = caption(&scene, dishes);
    scene
}

fn covers(s: &Span, t: f64) -> bool {
    s.start <= t && (s.is_open() || t < s.end)
}

/// Whether `a` should be shown over `b`; ties go to the later start, then the lower task, so
/// the same trace and `t` always give the same scene whatever order the spans were recorded in.
fn outranks(a: &Span, b: &Span) -> bool {
    a.kind
        .busyness()
        .cmp(&b.kind.busyness())
        .then(a.start.total_cmp(&b.start))
        .then(b.task.cmp(&a.task))
        == Ordering::Greater
}

/// For each of `lanes`, the span its chef is busy with at `t`, if any.
fn busiest_spans<'a>(trace: &'a Trace, lanes: &[Lane], t: f64) -> Vec<Option<&'a Span>> {
    let mut best: Vec<Option<&Span>> = vec![None; lanes.len()];
    for s in trace.spans.iter().filter(|s| covers(s, t)) {
        // `lanes` comes from these very spans, so the search always finds the lane.
        if let Ok(i) = lanes.binary_search(&s.lane) {
            if best[i].is_none_or(|b| outranks(s, b)) {
                best[i] = Some(s);
            }
        }
    }
    best
}

fn activity(lane: Lane, span: Option<&Span>) -> Activity {
    let Some(s) = span else {
        return Activity::Idle;
    };
    match s.kind {
        SpanKind::Cpu => Activity::Cooking(s.task),
        SpanKind::Startup => Activity::OpeningKitchen,
        SpanKind::Message => Activity::Carrying(s.task),
        SpanKind::GilWait => Activity::WaitingForKnife(s.task),
        SpanKind::LockWait => Activity::WaitingForUtensil(s.task),
        // The event loop awaits: the dish waits in the oven and its chef is free for others.
        SpanKind::Io | SpanKind::Yield if lane == Lane::MainLoop => Activity::Idle,
        // Only the event loop yields; anywhere else a yield would also leave the chef free.
        SpanKind::Yield => Activity::Idle,
        SpanKind::Io => Activity::WatchingOven(s.task),
        // A crash is a moment: the dish is dropped and the chef stands free, if still there.
        SpanKind::Crash => Activity::Idle,
    }
}

fn rooms(mode: Mode, chefs: Vec<Chef>) -> Vec<Room> {
    let shared = |chefs| Room {
        name: SHARED_ROOM.to_string(),
        chefs,
    };
    if mode != Mode::Processes {
        return vec![shared(chefs)];
    }
    let (own, others): (Vec<Chef>, Vec<Chef>) = chefs
        .into_iter()
        .partition(|c| matches!(c.lane, Lane::Process(_)));
    // A processes trace has only process lanes; anything else still needs a place to stand,
    // and with no process yet the page should still show a kitchen.
    let mut rooms = Vec::new();
    if !others.is_empty() || own.is_empty() {
        rooms.push(shared(others));
    }
    rooms.extend(own.into_iter().map(|chef| Room {
        name: kitchen_name(chef.lane),
        chefs: vec![chef],
    }));
    rooms
}

/// Process n is "kitchen n+1", so the name follows the lane, not its place among lanes.
fn kitchen_name(lane: Lane) -> String {
    match lane {
        Lane::Process(n) => format!("kitchen {}", u32::from(n) + 1),
        _ => SHARED_ROOM.to_string(),
    }
}

/// Waiting orders, served dishes and the number of dishes. Dishes are the plan's tasks (one
/// result slot each) plus any task a span names, so a task that never started still waits.
fn progress(trace: &Trace, t: f64) -> (Vec<u32>, Vec<u32>, usize) {
    // (started at or before t, every span over by t)
    // Sorted by task; a Vec, not a map: smaller wasm, same order.
    let mut tasks: Vec<(u32, (bool, bool))> = (0u32..)
        .zip(&trace.results)
        .map(|(i, _)| (i, (false, true)))
        .collect();
    for s in trace.spans.iter().filter(|s| s.task != NO_TASK) {
        let at = match tasks.binary_search_by_key(&s.task, |e| e.0) {
            Ok(at) => at,
            Err(at) => {
                tasks.insert(at, (s.task, (false, true)));
                at
            }
        };
        let (started, over) = &mut tasks[at].1;
        *started |= s.start <= t;
        *over &= s.start <= t && !s.is_open() && s.end <= t;
    }
    let pick = |want: fn(bool, bool) -> bool| -> Vec<u32> {
        tasks
            .iter()
            .filter(|(_, (started, over))| want(*started, *over))
            .map(|(task, _)| *task)
            .collect()
    };
    let waiting = pick(|started, _| !started);
    let served = pick(|started, over| started && over);
    (waiting, served, tasks.len())
}

fn dish(task: u32) -> String {
    if task == NO_TASK {
        "a dish".to_string()
    } else {
        format!("dish {task}")
    }
}

/// How many dishes a sentence names before it counts the rest: a crowd of 10,000 is a number.
pub const NAMED_DISHES: usize = 8;

fn list(tasks: &[u32]) -> String {
    let names: Vec<String> = tasks
        .iter()
        .take(NAMED_DISHES)
        .map(u32::to_string)
        .collect();
    match tasks.len().checked_sub(NAMED_DISHES).filter(|&n| n > 0) {
        Some(more) => format!("{} and {} more", names.join(", "), figure::count(more)),
        None => names.join(", "),
    }
}

fn caption(scene: &Scene, dishes: usize) -> String {
    let mut doing = Vec::new();
    let mut watched = Vec::new();
    let mut knife_wanted = false;
    for room in &scene.rooms {
        for chef in &room.chefs {
            let who = &chef.name;
            doing.push(match chef.doing {
                Activity::Idle => continue,
                Activity::Cooking(d) if scene.knife.as_ref() == Some(who) => {
                    format!("{who} holds the knife and cooks {}", dish(d))
                }
                Activity::Cooking(d) => format!("{who} cooks {}", dish(d)),
                Activity::WatchingOven(d) => {
                    watched.push(d);
                    format!("{who} watches {} in the oven", dish(d))
                }
                Activity::WaitingForKnife(d) => {
                    knife_wanted = true;
                    format!("{who} waits for the knife with {}", dish(d))
                }
                Activity::WaitingForUtensil(d) => {
                    format!(
                        "{who} waits for a utensil another chef holds, with {}",
                        dish(d)
                    )
                }
                Activity::OpeningKitchen => format!("{who} opens {}", room.name),
                Activity::Carrying(d) => format!("{who} carries {}", dish(d)),
            });
        }
    }
    let mut clauses = Vec::new();
    if !doing.is_empty() {
        clauses.push(doing.join(", "));
    }
    // A dish its chef is already watching was just named; say only what else is in there.
    let unwatched: Vec<u32> = scene
        .oven
        .iter()
        .copied()
        .filter(|d| !watched.contains(d))
        .collect();
    match unwatched.as_slice() {
        [] => {}
        [d] => clauses.push(format!("dish {d} is in the oven")),
        ds => clauses.push(format!("dishes {} are in the oven", list(ds))),
    }
    if knife_wanted && scene.knife.is_none() {
        clauses.push("the knife is changing hands".to_string());
    }
    let all_served = dishes > 0 && scene.served.len() == dishes;
    if doing.is_empty() && unwatched.is_empty() && !all_served {
        clauses.insert(0, "the kitchen is idle".to_string());
    }
    match scene.waiting_orders.len() {
        0 => {}
        1 => clauses.push("1 order waiting".to_string()),
        n => clauses.push(format!("{} orders waiting", figure::count(n))),
    }
    if all_served && clauses.is_empty() {
        return match dishes {
            1 => "The dish is served.".to_string(),
            n => format!("All {} dishes served.", figure::count(n)),
        };
    }
    sentence(&clauses.join("; "))
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod picture_tests;
#[cfg(test)]
mod tests;
