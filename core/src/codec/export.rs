//! Runs as Chrome Trace Event JSON, the format Perfetto and chrome://tracing open.
//!
//! Perfetto reads `ts` and `dur` as microseconds, rounds each to whole nanoseconds and drops
//! slices that overlap on one thread without nesting. So times are rounded to nanoseconds here,
//! before spans are compared, and spans that would cross go on overflow tracks of their lane.

use crate::codec::json::{self, Array, ToJson};
use crate::run::trace::{Lane, Span, Trace, NO_TASK};

/// The traces of one run as Chrome Trace Event JSON:
/// `{"displayTimeUnit":"ms","otherData":{…},"traceEvents":[…]}`.
///
/// Each trace is a process (`pid` 1, 2, … in order, named by its mode); each lane is a thread,
/// plus overflow threads such as "main loop (2)" where its spans overlap without nesting.
/// Closed spans are complete (`"X"`) events; open ones are left out. Keys are in alphabetical
/// order, as serde_json's map wrote them when this was built with it.
pub fn chrome_trace_json(traces: &[Trace], title: &str) -> String {
    // Times count from the earliest run, so the modes line up as they really happened while
    // the numbers stay far from the epoch's magnitude.
    let base = traces
        .iter()
        .map(|t| t.epoch_ms)
        .filter(|e| e.is_finite())
        .fold(f64::INFINITY, f64::min);
    let placed: Vec<Vec<Slice>> = traces
        .iter()
        .map(|trace| {
            let offset_ms = trace.epoch_ms - base;
            let offset_ms = if offset_ms.is_finite() {
                offset_ms
            } else {
                0.0
            };
            place(slices(trace, offset_ms))
        })
        .collect();
    let exported: usize = placed.iter().map(Vec::len).sum();
    let mut out = String::new();
    json::object(&mut out, |o| {
        o.field("displayTimeUnit", "ms");
        json::object(o.key("otherData"), |d| {
            d.field("generator", "Interleave")
                .field("spans", &exported)
                .field("title", title);
        });
        json::array(o.key("traceEvents"), |events| {
            for (i, (trace, slices)) in traces.iter().zip(&placed).enumerate() {
                process_events(events, i + 1, trace, slices);
            }
        });
    });
    out
}

/// The events of one trace: its process, its lanes' threads, then its slices.
fn process_events(events: &mut Array, pid: usize, trace: &Trace, slices: &[Slice]) {
    let name = match trace.is_imported() {
        true => trace.label(),
        false => trace.mode.key().to_string(),
    };
    metadata(events, pid, 0, "process_name", "name", &name);
    metadata(events, pid, 0, "process_sort_index", "sort_index", &pid);
    let mut tid = 0;
    let mut first_tid = Vec::new();
    for (lane, tracks) in lane_tracks(slices) {
        first_tid.push((lane, tid + 1));
        for track in 0..tracks {
            tid += 1;
            let name = match track {
                0 => lane.name(),
                n => format!("{} ({})", lane.name(), n + 1),
            };
            metadata(events, pid, tid, "thread_name", "name", &name);
            metadata(events, pid, tid, "thread_sort_index", "sort_index", &tid);
        }
    }
    for slice in slices {
        let lane_tid = first_tid
            .iter()
            .find(|(lane, _)| *lane == slice.span.lane)
            .map_or(0, |&(_, t)| t);
        complete(events, pid, lane_tid + slice.track, slice);
    }
}

/// A closed span with its times in ns on the export's clock, and the track it was given.
#[derive(Clone, Copy, Debug)]
struct Slice {
    span: Span,
    start_ns: i64,
    end_ns: i64,
    track: usize,
}

fn slices(trace: &Trace, offset_ms: f64) -> Vec<Slice> {
    let to_ns = |ms: f64| ((offset_ms + ms) * 1e6).round() as i64;
    trace
        .spans
        .iter()
        .filter(|s| s.start.is_finite() && s.end.is_finite())
        .map(|&span| {
            let start_ns = to_ns(span.start);
            Slice {
                span,
                start_ns,
                // A clock that stepped back must not yield a negative duration.
                end_ns: to_ns(span.end).max(start_ns),
                track: 0,
            }
        })
        .collect()
}

/// Gives each slice the first track of its lane where it stays properly nested, and returns
/// the slices in the order viewers need: by lane, then start, longer first, so that a parent
/// always comes before the children that share its start.
fn place(mut slices: Vec<Slice>) -> Vec<Slice> {
    slices.sort_by_key(|s| (s.span.lane, s.start_ns, std::cmp::Reverse(s.end_ns)));
    // Per track, the ends of the slices still open at the current start, innermost last.
    let mut open: Vec<Vec<i64>> = Vec::new();
    let mut lane = None;
    for slice in &mut slices {
        if lane != Some(slice.span.lane) {
            lane = Some(slice.span.lane);
            open.clear();
        }
        let fits = |ends: &mut Vec<i64>| {
            // Later slices start no earlier, so what ended by now stays ended for them too.
            while ends.last().is_some_and(|&end| end <= slice.start_ns) {
                ends.pop();
            }
            ends.last().is_none_or(|&end| slice.end_ns <= end)
        };
        let track = match open.iter_mut().position(fits) {
            Some(track) => track,
            None => {
                open.push(Vec::new());
                open.len() - 1
            }
        };
        open[track].push(slice.end_ns);
        slice.track = track;
    }
    slices
}

/// Each lane with slices and how many tracks it needed, in lane order.
fn lane_tracks(placed: &[Slice]) -> Vec<(Lane, usize)> {
    let mut lanes: Vec<(Lane, usize)> = Vec::new();
    for slice in placed {
        match lanes.last_mut() {
            Some((lane, tracks)) if *lane == slice.span.lane => {
                *tracks = (*tracks).max(slice.track + 1);
            }
            _ => lanes.push((slice.span.lane, slice.track + 1)),
        }
    }
    lanes
}

/// A metadata (`"M"`) event whose one argument is `key`: `value`.
fn metadata<T: ToJson + ?Sized>(
    events: &mut Array,
    pid: usize,
    tid: usize,
    name: &str,
    key: &str,
    value: &T,
) {
    json::object(events.next_item(), |e| {
        json::object(e.key("args"), |args| {
            args.field(key, value);
        });
        e.field("name", name)
            .field("ph", "M")
            .field("pid", &pid)
            .field("tid", &tid);
    });
}

fn complete(events: &mut Array, pid: usize, tid: usize, slice: &Slice) {
    let span = &slice.span;
    let kind = span.kind.key();
    // Whole nanoseconds over 1000 print as short decimals that Perfetto rounds back exactly.
    let us = |ns: i64| ns as f64 / 1000.0;
    let name = if span.task == NO_TASK {
        kind.to_string()
    } else {
        format!("task {} {kind}", span.task)
    };
    json::object(events.next_item(), |e| {
        json::object(e.key("args"), |args| {
            args.field("kind", kind)
                .field("step", &span.step)
                .field("task", &span.task);
        });
        e.field("cat", kind)
            .field("dur", &us(slice.end_ns - slice.start_ns))
            .field("name", &name)
            .field("ph", "X")
            .field("pid", &pid)
            .field("tid", &tid)
            .field("ts", &us(slice.start_ns));
    });
}

#[cfg(test)]
mod tests;
