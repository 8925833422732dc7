//! The formats at the edges: a small JSON writer, decimal numbers, the run report and the
//! Chrome trace export.

pub mod decimal;
pub mod export;
pub mod json;
pub mod report;
