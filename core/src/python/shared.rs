//! Shared-state steps in Python: `counter += 1` as a read and a write with the window between,
//! `with lock:`, a lock around `+=` as the atomic idiom (Python has no atomic integer), and
//! named locks. A lock wait gives up after a while, so a deadlocked program ends as the page's
//! run does instead of hanging.

use crate::run::mode::Mode;
use crate::scenario::recipe::Names;
use crate::scenario::step::{Count, Gap, Guard};

/// How long a Python task waits for a lock before it reports a deadlock and gives up.
pub const GIVE_UP_S: f64 = 2.0;

/// `counter += 1` as a read, the window and a write, under the guard's lock if any. One
/// template for threads and asyncio: `{await}` and `{sleep}` are filled in by
/// [`super::steps::render`].
pub const COUNT: &str = r#"    if kind == "count":  # counter += 1, as a read, the window, and a write
        name, times, gap, gap_ms, guard = ms
        lock = ATOMIC[name] if guard == "atomic" else LOCKS[guard] if guard else None
        for _ in range(times):
            if lock:
                {await}acquire(lock, task)
            value = COUNTERS[name]
            if gap == "cpu":  # a call: CPython may switch threads as it starts
                work(task, max(1, round(gap_ms * UNITS_PER_MS)))
            elif gap:  # a sleep, even of 0 s, lets another thread or task in
                {await}{sleep}(gap_ms / 1000)
            COUNTERS[name] = value + 1
            if lock:
                lock.release()
        return 0
"#;

/// A named lock taken and given back; the wait gives the GIL, or the loop, to the others.
pub const LOCK: &str = r#"    if kind == "lock":  # waits while another task holds it
        {await}acquire(LOCKS[ms], task)
        HELD.setdefault(task, []).append(ms)
        return 0
    if kind == "unlock":
        HELD[task].remove(ms)
        LOCKS[ms].release()
        return 0
"#;

/// A count step's entry in the task list.
pub fn count_literal(c: &Count<f64, f64>, names: &Names) -> String {
    let var = names
        .vars
        .get(usize::from(c.var))
        .map_or("?", String::as_str);
    let (gap, gap_ms) = match c.gap {
        Gap::None => ("None", 0.0),
        Gap::Cpu(ms) => ("\"cpu\"", ms),
        Gap::Io(ms) => ("\"io\"", ms),
        Gap::Yield => ("\"yield\"", 0.0),
    };
    let guard = match c.guard {
        Guard::None => "None".to_string(),
        Guard::Atomic => "\"atomic\"".to_string(),
        Guard::Lock(l) => format!("\"{}\"", lock_name(l, names)),
    };
    format!(
        "(\"count\", (\"{var}\", {}, {gap}, {}, {guard}))",
        c.times,
        super::number(gap_ms)
    )
}

pub fn lock_name(lock: u8, names: &Names) -> &str {
    names
        .locks
        .get(usize::from(lock))
        .map_or("?", String::as_str)
}

/// The module-level state the shared steps use: counters, locks, and a lock wait that gives
/// up. For asyncio the locks are made inside the running loop (Python 3.9 binds them to the
/// loop current at creation).
pub fn setup(names: &Names, mode: Mode) -> String {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|n| format!("\"{n}\"")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut py = String::new();
    if mode != Mode::Cooperative {
        py.push_str("import threading\n");
    }
    py.push_str(&format!(
        "\n# Shared state. In threads it is shared; each process has its own copy.\nCOUNTERS = {{name: 0 for name in {}}}\n",
        list(&names.vars)
    ));
    let lock = if mode == Mode::Cooperative {
        "asyncio.Lock"
    } else {
        "threading.Lock"
    };
    py.push_str(&format!(
        "LOCK_NAMES = {}\nLOCKS = {{}}  # made by make_locks()\nHELD = {{}}  # the locks each task holds, by task\nATOMIC = {{}}  # Python has no atomic integer: a lock around += is the idiom\n\n\ndef make_locks():\n    LOCKS.update({{name: {lock}() for name in LOCK_NAMES}})\n    ATOMIC.update({{name: {lock}() for name in COUNTERS}})\n",
        list(&names.locks)
    ));
    if mode == Mode::Cooperative {
        py.push_str(&format!("\n\nasync def acquire(lock, task):\n    \"\"\"Waits for a lock, but gives up after {GIVE_UP_S} s: a deadlock ends the program.\"\"\"\n    try:\n        await asyncio.wait_for(lock.acquire(), {GIVE_UP_S})\n    except asyncio.TimeoutError:\n        raise Deadlocked(f\"task {{task}} gave up waiting for a lock\") from None\n"));
    } else {
        py.push_str(&format!("\n\ndef acquire(lock, task):\n    \"\"\"Waits for a lock, but gives up after {GIVE_UP_S} s: a deadlock ends the program.\"\"\"\n    if not lock.acquire(timeout={GIVE_UP_S}):\n        raise Deadlocked(f\"task {{task}} gave up waiting for a lock\")\n"));
    }
    py.push_str("\n\nclass Deadlocked(Exception):\n    \"\"\"A lock wait that gave up: the task ends, and its locks go back.\"\"\"\n");
    py
}
