//! The page's components, one per file. They render state and forward user intent as
//! callbacks; none of them runs work.

mod controls;
mod env_badge;
mod heartbeat;
mod notices;
mod results_table;
mod timeline;

pub use controls::Controls;
pub use env_badge::EnvBadge;
pub use heartbeat::Heartbeat;
pub use notices::Notices;
pub use results_table::ResultsTable;
pub use timeline::Timeline;
