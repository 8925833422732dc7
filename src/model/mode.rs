//! The execution models a plan can run under, and what each stands for.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// One task after another on one worker thread, with blocking waits.
    Sequential,
    /// Futures on the main thread's event loop, giving way at waits and explicit yields.
    Cooperative,
    /// A rayon pool on Web Workers over shared memory; all cores at once.
    Threads,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Sequential, Mode::Cooperative, Mode::Threads];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Cooperative => "cooperative",
            Mode::Threads => "threads",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// One line on what the browser does in this mode.
    pub fn mechanism(self) -> &'static str {
        match self {
            Mode::Sequential => "one worker thread, one task after another, blocking waits",
            Mode::Cooperative => "futures on the main event loop; tasks give way at awaits",
            Mode::Threads => "rayon pool on Web Workers over SharedArrayBuffer",
        }
    }

    /// Whether the mode runs on Web Workers, and so needs shared memory.
    pub fn needs_workers(self) -> bool {
        !matches!(self, Mode::Cooperative)
    }
}
