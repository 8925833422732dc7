//! Each kind of recipe step in Python: how the task list writes it, and the branch of
//! `do_step` that does it. A new kind of step (a shared counter, `with lock:`) is one more arm
//! in [`form`]; the program takes whatever the forms of the recipe's steps bring.

use super::number;
use super::shared::{count_literal, lock_name, COUNT, COUNT_ASYNC, LOCK, LOCK_ASYNC};
use crate::scenario::recipe::Names;
use crate::scenario::step::{MsStep, Step};

/// One step as the Python program writes and runs it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepForm {
    /// Its key, as the program's task list and the trace's spans name it.
    pub kind: &'static str,
    /// Its entry in the task list: `("cpu", 30)`.
    pub literal: String,
    /// Its branch of `def do_step(task, step, kind, ms)`, in a plain program.
    pub branch: &'static str,
    /// Its branch in `async def do_step`, where waiting gives the loop to other tasks.
    pub branch_async: &'static str,
    /// Module-level lines it needs once (a shared counter and its lock, say); none so far.
    pub setup: &'static str,
    /// Whether it ends its task by raising `Crash`, so `run_task` must catch it.
    pub raises: bool,
}

const CPU: &str = "    if kind == \"cpu\":  # real work, as long as the calibration says
        return work(task * 16 + step, max(1, round(ms * UNITS_PER_MS)))
";

const IO: &str =
    "    if kind == \"io\":  # a blocking wait; CPython releases the GIL while sleeping
        time.sleep(ms / 1000)
        return 0
";

const IO_ASYNC: &str =
    "    if kind == \"io\":  # a wait that gives the event loop to the other tasks
        await asyncio.sleep(ms / 1000)
        return 0
";

const CRASH: &str = "    if kind == \"crash\":  # the task dies here
        raise Crash(f\"task {task} crashed at step {step}\")
";

/// How `step` looks and runs in Python; `names` name the recipe's counters and locks.
pub fn form(step: &MsStep, names: &Names) -> StepForm {
    let shared = |kind, literal: String, branch, branch_async| StepForm {
        kind,
        literal,
        branch,
        branch_async,
        setup: "",
        // A lock wait that gives up ends the task, as a crash does.
        raises: true,
    };
    let (kind, ms, branch, branch_async, raises) = match *step {
        Step::Cpu(ms) => ("cpu", ms, CPU, CPU, false),
        Step::Io(ms) => ("io", ms, IO, IO_ASYNC, false),
        Step::Crash => ("crash", 0.0, CRASH, CRASH, true),
        Step::Count(c) => {
            return shared("count", count_literal(&c, names), COUNT, COUNT_ASYNC);
        }
        // One form for both: the program needs both branches once either is used.
        Step::Lock(l) | Step::Unlock(l) => {
            let kind = if matches!(step, Step::Lock(_)) {
                "lock"
            } else {
                "unlock"
            };
            let literal = format!("(\"{kind}\", \"{}\")", lock_name(l, names));
            return shared("lock", literal, LOCK, LOCK_ASYNC);
        }
    };
    StepForm {
        kind,
        literal: format!("(\"{kind}\", {})", number(ms)),
        branch,
        branch_async,
        setup: "",
        raises,
    }
}
