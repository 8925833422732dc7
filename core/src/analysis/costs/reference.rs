//! CPython's own figures for the same rows, measured by the team with a plain script on its
//! 2-core build machine (CPython 3.11.7): the reference column, labelled as another machine's.

use super::{Row, Unit};

/// Where the reference figures come from, said wherever they are shown.
pub const SOURCE: &str = "CPython 3.11.7 on the team's 2-core build machine, not this one";

/// CPython's figure for a cell, in words, where the team measured one.
pub fn cpython(row: Row, unit: Unit) -> Option<&'static str> {
    use {Row::*, Unit::*};
    Some(match (row, unit) {
        (Creation, Coroutine) => "9.5 µs (create_task + run)",
        (Creation, Thread | GilThread) => "112 µs (start + join)",
        (Creation, Process) => "fork 3.0 ms, spawn 82.5 ms",
        (ContextSwitch, Coroutine) => "2.5 µs (await asyncio.sleep(0))",
        (ContextSwitch, Thread | GilThread) => "46.5 µs one way (Event ping-pong)",
        (Communication, Thread | GilThread) => "+= 33 ns; under a Lock 217 ns",
        (Communication, Process) => "pipe round trip: 1 KB 92.5 µs, 1 MB 2.3 ms",
        (Memory, Coroutine) => "~800 B per waiting task",
        (Memory, Thread | GilThread) => "~13 KB resident per idle thread",
        (Memory, Process) => "a whole interpreter",
        _ => return None,
    })
}
