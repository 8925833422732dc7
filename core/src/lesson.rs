//! Lessons: presets that teach one idea each. A lesson is a recipe, the modes to run, what to
//! look at, and a check of whether the measured run has the expected shape.

use crate::run::mode::Mode;
use crate::run::trace::Trace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonId {
    CpuBound,
    IoBound,
    MixedRequests,
    BlockingTheLoop,
    YieldGranularity,
    PoolsAndAmdahl,
    PythonModels,
    RaceConditions,
    Deadlock,
    LockOrder,
    CrashImpact,
    Costs,
    ManyRequests,
}

/// What Run does in a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// Runs the chosen modes once each.
    Modes,
    /// Sweeps this mode over pool sizes.
    Sweep(Mode),
    /// Measures what each unit of concurrency costs (`analysis::costs`), instead of a recipe.
    Costs,
    /// Runs the chosen modes, then threads again on a pool sized for I/O ([`io_pool`]), so
    /// that a pool sized to the cores and one sized for waits run the same recipe side by side.
    PoolForIo,
}

/// A pool sized for I/O on a machine of `cores`, as CPython sizes `ThreadPoolExecutor`'s by
/// default (3.8 on): `min(32, cores + 4)`, "at least 5 workers for I/O bound tasks".
pub fn io_pool(cores: usize) -> usize {
    (cores + 4).min(32)
}

#[derive(Debug, PartialEq)]
pub struct Lesson {
    pub id: LessonId,
    pub key: &'static str,
    pub title: &'static str,
    pub recipe: &'static str,
    pub modes: &'static [Mode],
    /// The cooperative yield interval the lesson starts with; `None` is "never", which is what
    /// asyncio does: a coroutine's CPU work runs to completion until it reaches an `await`.
    pub yield_ms: Option<f64>,
    /// What to look at on the timeline and what the numbers should show.
    pub explain: &'static str,
    /// What Run does.
    pub run: RunKind,
}

const ALL_MODES: &[Mode] = &[Mode::Sequential, Mode::Cooperative, Mode::Threads];
const PYTHON_MODES: &[Mode] = &Mode::ALL;

pub const LESSONS: [Lesson; 13] = [
    Lesson {
        id: LessonId::CpuBound,
        key: "cpu-bound",
        title: "CPU-bound work",
        recipe: "# 8 tasks that only compute (count primes)\n8 × cpu 40ms\n",
        modes: ALL_MODES,
        yield_ms: None,
        explain:
            "Each task only computes. Cooperative runs on one lane and, as asyncio does, runs \
                  each task's computation to completion before the next starts, so it takes as \
                  long as sequential (and the heartbeat stalls while each one runs); threads \
                  compute on every core at once, so the lanes overlap and the wall time shrinks \
                  by up to the number of cores.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::IoBound,
        key: "io-bound",
        title: "I/O-bound work",
        recipe: "# 8 requests that mostly wait\n8 × io 150ms\n",
        modes: ALL_MODES,
        yield_ms: None,
        explain: "Each task mostly waits. On the event loop all the waits overlap, so cooperative \
                  takes about one wait. A blocking wait occupies a worker, so threads finish in \
                  rounds of one wait per pool-full of tasks: that is why I/O pools are sized \
                  larger than the core count.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::MixedRequests,
        key: "mixed-requests",
        title: "Mixed requests: cpu → io → cpu",
        recipe: "# 6 web requests: parse, wait for the network, render\n\
                 6 × cpu 15ms → io 120ms → cpu 15ms\n",
        modes: ALL_MODES,
        yield_ms: None,
        explain: "Each request computes, waits, then computes again. Cooperative overlaps the \
                  waits but runs the CPU parts one at a time on the main loop, each to \
                  completion, as asyncio does: a coroutine gives way only at an await; threads \
                  overlap both.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::BlockingTheLoop,
        key: "blocking-the-loop",
        title: "Blocking the loop",
        recipe: "# three quick requests, then one long computation that never yields\n\
                 3 × io 30ms → cpu 2ms\n\
                 cpu 600ms\n",
        modes: &[Mode::Cooperative],
        yield_ms: None,
        explain:
            "One task computes for 600 ms on the event loop. With yield set to never it holds \
                  the loop the whole time: the heartbeat freezes, and the quick requests cannot \
                  even notice that their waits are over. Set yield to 5 ms and run again: the \
                  page stays smooth and the total time barely changes.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::YieldGranularity,
        key: "yield-granularity",
        title: "Yield granularity",
        recipe: "# two long computations sharing the event loop\n2 × cpu 200ms\n",
        modes: &[Mode::Cooperative],
        yield_ms: Some(0.1),
        explain: "This lesson yields inside CPU work on purpose, as an `await \
                  asyncio.sleep(0)` every so often would. Run at 0.1 ms, then at 5 ms, then at \
                  50 ms. Every yield costs a little, so very \
                  small intervals add up to a visible overhead; large intervals keep the page \
                  waiting longer between frames. The table below collects your runs.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::PoolsAndAmdahl,
        key: "pools-and-amdahl",
        title: "Pools and Amdahl's law",
        recipe: "# 16 CPU tasks, run at pool sizes 1 to twice the core count\n16 × cpu 25ms\n",
        modes: &[Mode::Threads],
        yield_ms: None,
        explain: "Run sweeps the pool size from 1 to twice the core count on the same recipe. The \
                  plot shows the measured speedup against the ideal (S = p) and against Amdahl's \
                  law fitted to your points, and the serial fraction is estimated (Karp–Flatt). \
                  Past the core count, extra threads only take turns, so the curve flattens or \
                  falls; tiny tasks make it worse.",
        run: RunKind::Sweep(Mode::Threads),
    },
    Lesson {
        id: LessonId::PythonModels,
        key: "python-models",
        title: "Python's models side by side",
        // Long enough that the processes' start-up (spawn) is part of the lesson, not all of it.
        recipe: "# the same CPU-bound job in every model\n4 × cpu 150ms\n",
        modes: PYTHON_MODES,
        yield_ms: None,
        explain:
            "One row per way Python runs the same four CPU-bound tasks. asyncio runs them one \
                  after another on one thread, each to completion, since they never await. threading has several threads, but only the holder of the GIL \
                  computes: this page models the GIL with a real lock, handed over every switch \
                  interval and released while waiting. multiprocessing runs separate processes, \
                  each with its own memory, and pays to start them and to send messages. Free \
                  threads compute on every core at once.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::RaceConditions,
        key: "race-conditions",
        title: "Race conditions: lost updates",
        recipe: "# 4 tasks each add 1 to four shared counters, 2,000 times each\n\
                 # call: read, a call (10 µs of work), write; await: read, a yield, write\n\
                 # locked: the same under lock L; atomic: one indivisible add\n\
                 4 × count call 2000 with cpu 0.01ms → count await 2000 with yield → \
                 count locked 2000 with yield under L → count atomic 2000 atomic\n",
        modes: PYTHON_MODES,
        yield_ms: None,
        explain: "Each task reads a shared counter, does something, and writes back what it read \
                  plus one, in real shared memory. Threads on several cores lose updates \
                  whenever another writes in between. CPython's GIL switches only when a call \
                  starts, at a loop's back-edge or in a sleep, so the call and the yield open \
                  the window; on one event loop only an await can. The lock and the atomic lose \
                  none, at a cost you can see. Processes count in their own memory: only the \
                  counts sent back by message add up.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::Deadlock,
        key: "deadlock",
        title: "Deadlock: two locks, opposite order",
        recipe: "# two tasks take the same two locks in opposite order, waiting in between\n\
                 lock A → io 100ms → lock B → cpu 5ms → unlock B → unlock A\n\
                 lock B → io 100ms → lock A → cpu 5ms → unlock A → unlock B\n",
        modes: PYTHON_MODES,
        yield_ms: None,
        explain: "Task 0 takes A, task 1 takes B, and each then waits for the other's lock. The \
                  page watches the real lock table, reports a cycle of waits that lasts 200 ms \
                  as a deadlock, and makes the waiters give up so the run ends and the pool \
                  stays usable. Sequential runs one task at a time and cannot deadlock; \
                  processes have locks of their own. The fix is one lock order: the next lesson.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::LockOrder,
        key: "lock-order",
        title: "The fix: one lock order",
        recipe: "# the same two tasks, both taking A before B\n\
                 lock A → io 100ms → lock B → cpu 5ms → unlock B → unlock A\n\
                 lock A → io 100ms → lock B → cpu 5ms → unlock B → unlock A\n",
        modes: PYTHON_MODES,
        yield_ms: None,
        explain: "When every task takes its locks in one order, no cycle of waits can form: the \
                  second task waits for A (the barred box on its lane), then runs. However long \
                  a wait, it is never taken for a deadlock.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::CrashImpact,
        key: "crash-impact",
        title: "Crash impact: a process or the whole pool",
        recipe: "# four tasks; task 2 crashes halfway\n\
                 2 × cpu 30ms\n\
                 cpu 15ms → crash → cpu 15ms\n\
                 cpu 30ms\n",
        modes: &[Mode::Cooperative, Mode::Processes, Mode::Threads],
        yield_ms: None,
        explain: "Task 2 really crashes: a trap in WebAssembly. A crashed process ends alone and \
                  the others finish; on the event loop only that task's future fails. A crashed \
                  thread takes its whole worker pool with it, as it would take its process: the \
                  run is marked crashed and the page offers a reload. Threads run last for that \
                  reason.",
        run: RunKind::Modes,
    },
    Lesson {
        id: LessonId::Costs,
        key: "what-each-costs",
        title: "What each costs: a coroutine, a thread, a process",
        recipe: "# Run measures the costs table, not this recipe; the recipe runs with a mode's Run\n\
                 # in free play. 8 requests that wait, for the comparison:\n\
                 8 × io 100ms\n",
        modes: &[Mode::Cooperative, Mode::Threads, Mode::Processes],
        yield_ms: None,
        explain: "The course's comparison table, every cell measured in this browser: creating and \
                  first running one unit, handing over to another, communicating, the memory \
                  each holds, what a crash takes with it, and how many one page can hold. Each \
                  figure is a median of rounds with its spread, beside the course's word and the \
                  ratio that makes the point; CPython's own figures, measured by the team on \
                  another machine, are given for comparison. A crash is never measured here: run \
                  the crash-impact lesson first to fill that row.",
        run: RunKind::Costs,
    },
    Lesson {
        id: LessonId::ManyRequests,
        key: "many-requests",
        title: "Thousands of requests: one loop or a pool",
        recipe: "# 2,000 requests that each wait 10 ms for the network\n2000 × io 10ms\n",
        modes: &[Mode::Cooperative, Mode::Threads],
        yield_ms: None,
        explain: "The course's \"one thread, many coroutines\": 2,000 requests that only wait. \
                  On one event loop every wait overlaps, so they all finish in a few waits' \
                  time. A thread blocked in a wait can do nothing else, so a pool takes rounds \
                  of one wait per pool-full of requests: Run tries a pool sized to the cores \
                  (the pool-size knob) and then one sized for I/O as CPython sizes \
                  ThreadPoolExecutor's by default, min(32, cores + 4). Waiting needs no core: \
                  the bigger pool is faster, and the loop faster still. Past the rows that fit, \
                  the timeline counts the waiting tasks in a band.",
        run: RunKind::PoolForIo,
    },
];

pub fn by_key(key: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.key == key)
}

pub fn get(id: LessonId) -> &'static Lesson {
    LESSONS
        .iter()
        .find(|l| l.id == id)
        .expect("every id has a lesson")
}

/// One earlier cooperative run of the yield-granularity lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct YieldSample {
    pub yield_ms: Option<f64>,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub max_frame_gap_ms: f64,
}

impl YieldSample {
    pub fn from_trace(trace: &Trace, yield_ms: Option<f64>) -> Self {
        YieldSample {
            yield_ms,
            wall_ms: trace.wall_ms,
            cpu_ms: trace.cpu_ms(),
            max_frame_gap_ms: trace.max_frame_gap_ms.unwrap_or(0.0),
        }
    }

    /// How much longer than its CPU time the run took, as a fraction.
    pub fn overhead(&self) -> f64 {
        self.wall_ms / self.cpu_ms.max(1e-9) - 1.0
    }
}

mod verdict;

pub use verdict::{busy_during, sweep_points, verdict, RunContext, Verdict};

#[cfg(test)]
mod tests;
