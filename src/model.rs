//! The platform-free core: workloads, plans, the CPU work itself, traces, recording, statistics,
//! the URL configuration and the JSON report. Nothing here touches web-sys, js-sys or Yew.

pub mod blocking;
pub mod budget;
pub mod config;
pub mod decimal;
pub mod embed;
pub mod export;
pub mod figure;
pub mod gil;
pub mod interpret;
pub mod isolation;
pub mod json;
pub mod kitchen;
pub mod layout;
pub mod lesson;
pub mod link;
pub mod mode;
pub mod plan;
pub mod process;
pub mod python;
pub mod quote;
pub mod recipe;
pub mod recorder;
pub mod replay;
pub mod report;
pub mod shared;
pub mod stats;
pub mod step;
pub mod sweep;
#[cfg(test)]
pub mod testing;
pub mod trace;
pub mod work;
