//! Each kind of recipe step in Python: how the task list writes it, and the branch of
//! `do_step` that does it. A new kind of step (a shared counter, `with lock:`) is one more arm
//! in [`form`]; the program takes whatever the forms of the recipe's steps bring.

use super::number;
use super::shared::{count_literal, lock_name, COUNT, LOCK};
use crate::scenario::recipe::Names;
use crate::scenario::step::{MsStep, Step};

/// One step as the Python program writes and runs it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepForm {
    /// Its key, as the program's task list and the trace's spans name it.
    pub kind: &'static str,
    /// Its entry in the task list: `("cpu", 30)`.
    pub literal: String,
    /// Its branch of `do_step(task, step, kind, ms)`, with `{await}` and `{sleep}` where
    /// asyncio awaits and threads block ([`render`]).
    pub branch: &'static str,
    /// Module-level lines it needs once (a shared counter and its lock, say); none so far.
    pub setup: &'static str,
    /// Whether it ends its task by raising `Crash`, so `run_task` must catch it.
    pub raises: bool,
}

const CPU: &str = "    if kind == \"cpu\":  # real work, as long as the calibration says
        return work(task * 16 + step, max(1, round(ms * UNITS_PER_MS)))
";

const IO: &str =
    "    if kind == \"io\":  # a wait: it frees the GIL, or the event loop, for the others
        {await}{sleep}(ms / 1000)
        return 0
";

const CRASH: &str = "    if kind == \"crash\":  # the task dies here
        raise Crash(f\"task {task} crashed at step {step}\")
";

/// How `step` looks and runs in Python; `names` name the recipe's counters and locks.
pub fn form(step: &MsStep, names: &Names) -> StepForm {
    let shared = |kind, literal: String, branch| StepForm {
        kind,
        literal,
        branch,
        setup: "",
        // A lock wait that gives up ends the task, as a crash does.
        raises: true,
    };
    let (ms, branch, raises) = match *step {
        Step::Cpu(ms) => (ms, CPU, false),
        Step::Io(ms) => (ms, IO, false),
        Step::Crash => (0.0, CRASH, true),
        Step::Count(c) => return shared("count", count_literal(&c, names), COUNT),
        // One form for both: the program needs both branches once either is used.
        Step::Lock(l) | Step::Unlock(l) => {
            let literal = format!("(\"{}\", \"{}\")", step.key(), lock_name(l, names));
            return shared("lock", literal, LOCK);
        }
    };
    let kind = step.key();
    StepForm {
        kind,
        literal: format!("(\"{kind}\", {})", number(ms)),
        branch,
        setup: "",
        raises,
    }
}

/// A branch as asyncio writes it (`await asyncio.sleep(…)`) or as threads do (`time.sleep(…)`).
pub fn render(branch: &str, asyncio: bool) -> String {
    let (wait, sleep) = if asyncio {
        ("await ", "asyncio.sleep")
    } else {
        ("", "time.sleep")
    };
    branch.replace("{await}", wait).replace("{sleep}", sleep)
}
