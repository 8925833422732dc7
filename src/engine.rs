//! The browser engines: they run a `Plan` for real and record it through the shared
//! `Recorder`. This is the only layer that touches workers, timers and the rayon pool.

mod clock;
mod cooperative;
pub mod costs;
pub mod embedding;
pub mod env;
pub mod frames;
mod heap;
mod pool;
pub mod processes;
mod publish;
pub mod run;
mod workers;
mod yielding;

pub use clock::now_abs_ms;
pub use pool::broken as pool_broken;
pub use publish::{
    mark, note_paint, publish_ready, publish_report, publish_running, set_root_attribute,
};
pub use yielding::yield_now;
