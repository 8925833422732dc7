//! The formats at the edges: a small JSON writer, typed durations as whole nanoseconds, the
//! run report and the Chrome trace export.

pub mod export;
pub mod json;
pub mod nanos;
pub mod report;
