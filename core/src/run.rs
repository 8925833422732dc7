//! A run: the plan for this device, the real CPU work and its calibration, the modes, what the
//! engines share (the interpreter, a blocking thread's runner, the GIL model, shared state),
//! the run's control (Stop, crashes, results), the recorder, the trace it yields, the
//! messages to processes, span budgets, how long a mode may run, and what the page's isolation allows.

pub mod blocking;
pub mod budget;
pub mod control;
pub mod gil;
pub mod interpret;
pub mod isolation;
pub mod mode;
pub mod plan;
pub mod process;
pub mod recorder;
pub mod shared;
pub mod time_limit;
pub mod trace;
pub mod work;
