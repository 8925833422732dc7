//! What the traces say: per-mode statistics, and a pool-size sweep's speedups and fit.

pub mod costs;
pub mod stats;
pub mod sweep;
