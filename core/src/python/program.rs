//! The Python program for a recipe, a mode and a pool size: short enough for a slide, standard
//! library only, Python 3.9 or later. Parts common to every mode (the work, the calibration,
//! the recording, the trace file) are the same text in each, so programs differ only where
//! the modes do.

use super::steps::{form, render, StepForm};
use super::{FORMAT, VERSION};
use crate::run::mode::Mode;
use crate::scenario::recipe::Recipe;
use crate::scenario::step::{MsStep, Step};
use std::fmt::Write;

/// A generated program and the name it downloads as.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub text: String,
    pub file_name: String,
}

/// What each mode imports, runs its tasks with, and calls its lane.
struct Shape {
    title: &'static str,
    imports: &'static str,
    /// What a span's lane is: the thread or process that ran it.
    lane: &'static str,
    /// The lines of `main()` that run every task and bind `outcomes`.
    run: &'static str,
}

fn shape(mode: Mode) -> Shape {
    match mode {
        Mode::Sequential => Shape {
            title: "a plain script: one task after another",
            imports: "",
            lane: "0",
            run: "    outcomes = [run_task(task, steps) for task, steps in enumerate(TASKS)]\n",
        },
        Mode::Cooperative => Shape {
            title: "asyncio: one thread, tasks give way only at await",
            imports: "import asyncio\n",
            lane: "0",
            run: "    outcomes = asyncio.run(run_all())\n",
        },
        Mode::Gil | Mode::Threads => Shape {
            title: if mode == Mode::Gil {
                "threading: a pool of threads that share the GIL"
            } else {
                "free threads: a pool of threads on free-threaded CPython"
            },
            imports: "import threading\nfrom concurrent.futures import ThreadPoolExecutor\n",
            lane: "threading.get_ident()",
            run: "    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(run_task, range(len(TASKS)), TASKS))
",
        },
        Mode::Processes => Shape {
            title: "multiprocessing: a pool of processes, each with its own memory",
            imports: "import multiprocessing\n",
            lane: "os.getpid()",
            // Each worker process gets the run's clock and the calibration: with the spawn
            // start method (macOS, Windows) it imports this file afresh.
            run: "    with multiprocessing.Pool(WORKERS, set_clock, (T0, UNITS_PER_MS)) as pool:
        outcomes = pool.starmap(run_task, enumerate(TASKS), chunksize=1)
",
        },
    }
}

const WORK: &str = r#"

def is_prime(n):
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return n > 1


def work(seed, units):
    """Real CPU work, as the page does it: count primes among 16 odd numbers per unit."""
    first = 1_000_001 + 2 * (seed * 7919 % 400_000)
    return sum(is_prime(n) for n in range(first, first + 32 * units, 2))


def calibrate():
    """Units of work per ms here: 20 ms rounds until the last three agree within 5 %."""
    rates = []
    while len(rates) < 25 and (len(rates) < 3 or max(rates[-3:]) > 1.05 * min(rates[-3:])):
        start, units = time.perf_counter(), 0
        while time.perf_counter() - start < 0.02:
            work(units, 4)
            units += 4
        rates.append(units / (time.perf_counter() - start) / 1000)
    return sum(rates[-3:]) / 3


def now():
    """Ms since the run started, on a clock every thread and process of this machine shares."""
    return (time.perf_counter() - T0) * 1000
"#;

const WRITE: &str = r#"

def write_trace(outcomes, wall_ms):
    """The trace file the page imports: every step's span, lanes numbered by first use."""
    spans = sorted((s for _, task_spans in outcomes for s in task_spans), key=lambda s: s[4])
    lanes = {}
    for span in spans:
        lanes.setdefault(span[0], len(lanes))
    trace = {
        "format": "FORMAT", "version": VERSION,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(), "system": platform.system(), "cpus": os.cpu_count(),
        "gil": getattr(sys, "_is_gil_enabled", lambda: True)(),
        "mode": MODE, "threads": WORKERS, "recipe": RECIPE,
        "units_per_ms": round(UNITS_PER_MS, 3), "wall_ms": round(wall_ms, 3),
        "results": [primes for primes, _ in outcomes],
        "spans": [[lanes[s[0]], *s[1:4], round(s[4], 3), round(s[5], 3)] for s in spans],
    }
    path = sys.argv[1] if len(sys.argv) > 1 else "interleave-trace.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(trace, f)
    print(f"{MODE}: {wall_ms:.1f} ms; drop {path} on the page to compare", file=sys.stderr)
"#;

/// The program that runs `recipe` the way `mode` does, with a pool of `threads` and, for the
/// cooperative mode, a yield every `yield_ms` of CPU work (`None`: run to completion).
pub fn program(recipe: &Recipe, mode: Mode, threads: usize, yield_ms: Option<f64>) -> Program {
    let tasks = recipe.tasks();
    let names = &recipe.names;
    let forms: Vec<Vec<StepForm>> = tasks
        .iter()
        .map(|t| t.iter().map(|s| form(s, names)).collect())
        .collect();
    let used = kinds_used(&forms);
    let asyncio = mode == Mode::Cooperative;
    let yields = yield_ms.filter(|_| asyncio && has_cpu(&tasks));
    let workers = if mode.has_pool_size() {
        threads.max(1)
    } else {
        1
    };
    let shape = shape(mode);
    let recipe_text = super::compare::recipe_line(recipe);

    let mut py = String::new();
    let _ = writeln!(py, "\"\"\"{recipe_text}, as {}.", shape.title);
    py.push_str("\nWritten by Interleave for its \"");
    let _ = write!(
        py,
        "{}\" mode. Standard library only, Python 3.9 or later.\nRun: python3 {} [trace.json]; then drop the trace file on the page.\n",
        mode.label(),
        file_name(mode)
    );
    if mode == Mode::Threads {
        py.push_str(
            "\nOn free-threaded CPython (python3.13t, PYTHON_GIL=0) these threads compute at once,\n\
             as the page's threads do; on a standard build the GIL runs one at a time.\n",
        );
    }
    py.push_str("\"\"\"\n\nimport json\nimport os\nimport platform\nimport sys\nimport time\n");
    py.push_str(shape.imports);
    let _ = writeln!(py, "\nMODE = \"{}\"", mode.key());
    let _ = writeln!(py, "RECIPE = \"{recipe_text}\"");
    let _ = writeln!(py, "WORKERS = {workers}");
    if let Some(y) = yields {
        let _ = writeln!(
            py,
            "YIELD_MS = {}  # give the loop a turn this often",
            super::number(y)
        );
    }
    py.push_str("# Each task's steps: (kind, ms).\n");
    py.push_str(&task_list(&forms));
    py.push_str("T0 = time.perf_counter()  # when the run started\nUNITS_PER_MS = 1.0  # set by calibrate()\n");
    for setup in used.iter().map(|f| f.setup).filter(|s| !s.is_empty()) {
        py.push_str(setup);
    }
    if names.any() {
        py.push_str(&super::shared::setup(names, mode));
    }
    py.push_str(WORK);
    if mode == Mode::Processes {
        py.push_str(
            "\n\ndef set_clock(t0, units_per_ms):\n    \"\"\"Each worker process starts with the run's clock and calibration.\"\"\"\n    global T0, UNITS_PER_MS\n    T0, UNITS_PER_MS = t0, units_per_ms\n",
        );
        if names.any() {
            // Its own counters and locks, in its own memory, whatever the start method.
            py.push_str("    make_locks()\n");
        }
    }
    if used.iter().any(|f| f.raises) {
        py.push_str(
            "\n\nclass Crash(Exception):\n    \"\"\"A crash step: the exception ends its task, and only that task.\"\"\"\n",
        );
    }
    py.push_str(&do_step(&used, asyncio));
    py.push_str(&run_task(
        &used,
        asyncio,
        yields.is_some(),
        shape.lane,
        names.any(),
    ));
    if asyncio {
        py.push_str("\n\nasync def run_all():\n");
        if names.any() {
            py.push_str("    make_locks()  # inside the running loop\n");
        }
        py.push_str(
            "    return await asyncio.gather(*(run_task(t, s) for t, s in enumerate(TASKS)))\n",
        );
    }
    let write = WRITE
        .replace("\"FORMAT\"", &format!("\"{FORMAT}\""))
        .replace("VERSION,", &format!("{VERSION},"));
    py.push_str(&if names.any() {
        write.replace("        \"spans\":", SHARED_FIELD)
    } else {
        write
    });
    py.push_str(
        "\n\ndef main():\n    global T0, UNITS_PER_MS\n    UNITS_PER_MS = calibrate()\n    T0 = time.perf_counter()\n",
    );
    if names.any() && !asyncio {
        py.push_str("    make_locks()\n");
    }
    py.push_str(shape.run);
    py.push_str("    write_trace(outcomes, now())\n\n\nif __name__ == \"__main__\":\n    main()\n");
    Program {
        text: py,
        file_name: file_name(mode).into(),
    }
}

/// The counters as the main program sees them, and what the tasks would have made them,
/// in the trace and on the terminal. (Under multiprocessing the main program's own copy.)
const SHARED_FIELD: &str = r#"        "shared": [
            {"name": name, "value": value,
             "expected": sum(arg[1] for steps in TASKS for kind, arg in steps
                             if kind == "count" and arg[0] == name)}
            for name, value in COUNTERS.items()],
        "spans":"#;

fn file_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Sequential => "interleave_sequential.py",
        Mode::Cooperative => "interleave_asyncio.py",
        Mode::Gil => "interleave_threading.py",
        Mode::Processes => "interleave_multiprocessing.py",
        Mode::Threads => "interleave_free_threads.py",
    }
}

fn has_cpu(tasks: &[Vec<MsStep>]) -> bool {
    tasks.iter().flatten().any(|s| matches!(s, Step::Cpu(_)))
}

/// One form of each kind of step the recipe uses, in the order first met.
fn kinds_used(forms: &[Vec<StepForm>]) -> Vec<StepForm> {
    let mut used: Vec<StepForm> = Vec::new();
    for f in forms.iter().flatten() {
        if !used.iter().any(|u| u.kind == f.kind) {
            used.push(f.clone());
        }
    }
    used
}

/// `TASKS = …`: runs of equal tasks as `n * [steps]`, one run per line.
fn task_list(forms: &[Vec<StepForm>]) -> String {
    let mut runs: Vec<(usize, String)> = Vec::new();
    for task in forms {
        let steps: Vec<&str> = task.iter().map(|f| f.literal.as_str()).collect();
        let text = format!("[{}]", steps.join(", "));
        match runs.last_mut() {
            Some((n, last)) if *last == text => *n += 1,
            _ => runs.push((1, text)),
        }
    }
    let run = |(n, text): &(usize, String)| match n {
        1 => format!("[{text}]"),
        n => format!("{n} * [{text}]"),
    };
    match runs.as_slice() {
        [] => "TASKS = []\n".into(),
        [one] => format!("TASKS = {}\n", run(one)),
        many => {
            let lines: Vec<String> = many.iter().map(run).collect();
            format!("TASKS = (\n    {}\n)\n", lines.join("\n    + "))
        }
    }
}

fn do_step(used: &[StepForm], asyncio: bool) -> String {
    let mut py = String::from(if asyncio {
        "\n\nasync def do_step(task, step, kind, ms):\n"
    } else {
        "\n\ndef do_step(task, step, kind, ms):\n"
    });
    py.push_str("    \"\"\"Does one step; returns the primes it counted.\"\"\"\n");
    for f in used {
        py.push_str(&render(f.branch, asyncio));
    }
    py.push_str("    raise ValueError(f\"unknown step {kind!r}\")\n");
    py
}

fn run_task(used: &[StepForm], asyncio: bool, yields: bool, lane: &str, shared: bool) -> String {
    let (def, call) = if asyncio {
        ("async def", "await do_step")
    } else {
        ("def", "do_step")
    };
    let mut py = format!(
        "\n\n{def} run_task(task, steps):\n    \"\"\"Runs one task; returns its primes (None if it crashed) and its spans.\"\"\"\n    lane, primes, spans = {lane}, 0, []\n    for step, (kind, ms) in enumerate(steps):\n"
    );
    if yields {
        py.push_str(
            "        if kind == \"cpu\":  # in slices, with a turn for the other tasks between them
            units = max(1, round(ms * UNITS_PER_MS))
            per_slice = max(1, round(YIELD_MS * UNITS_PER_MS))
            for done in range(0, units, per_slice):
                if done:
                    await asyncio.sleep(0)
                start = now()
                primes += work(task * 16 + step + done, min(per_slice, units - done))
                spans.append((lane, task, step, kind, start, now()))
            continue
",
        );
    }
    py.push_str("        start = now()\n");
    if used.iter().any(|f| f.raises) {
        let _ = write!(
            py,
            "        try:\n            primes += {call}(task, step, kind, ms)\n        except Crash:\n            spans.append((lane, task, step, \"crash\", start, start))\n            return None, spans\n"
        );
        if shared {
            // A lock wait that gave up: the task ends, and its locks go back, as `with` does.
            py.push_str("        except Deadlocked:\n            spans.append((lane, task, step, \"lock-wait\", start, now()))\n            for name in HELD.pop(task, []):\n                LOCKS[name].release()\n            return None, spans\n");
        }
    } else {
        let _ = writeln!(py, "        primes += {call}(task, step, kind, ms)");
    }
    // A lock step's span is its wait for the lock; a count's is its computing.
    let kind = if shared {
        "{\"lock\": \"lock-wait\", \"count\": \"cpu\", \"unlock\": \"cpu\"}.get(kind, kind)"
    } else {
        "kind"
    };
    let _ = write!(
        py,
        "        spans.append((lane, task, step, {kind}, start, now()))\n    return primes, spans\n"
    );
    py
}
