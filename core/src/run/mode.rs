//! The execution models a plan can run under, what each does in the browser, and the Python
//! idea it stands for.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// One task after another on one worker thread, with blocking waits.
    Sequential,
    /// Futures on the main thread's event loop, giving way at waits and explicit yields.
    Cooperative,
    /// Pool workers that may compute only while holding one global lock (a model of the GIL).
    Gil,
    /// Separate workers, each with its own WebAssembly instance and memory; tasks go in and
    /// results come back by message.
    Processes,
    /// A rayon pool on Web Workers over shared memory; all cores at once.
    Threads,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Sequential,
        Mode::Cooperative,
        Mode::Gil,
        Mode::Processes,
        Mode::Threads,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Cooperative => "cooperative",
            Mode::Gil => "gil",
            Mode::Processes => "processes",
            Mode::Threads => "threads",
        }
    }

    /// How the mode is named on the page.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Gil => "threads + GIL",
            m => m.key(),
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
            Mode::Gil => "pool workers that compute only while holding one global lock, handed over every switch interval and released while waiting (a model of CPython's GIL)",
            Mode::Processes => "separate workers, each with its own WebAssembly instance and memory, fed by messages",
            Mode::Threads => "rayon pool on Web Workers over SharedArrayBuffer",
        }
    }

    /// The Python idea this mode stands for.
    pub fn python(self) -> &'static str {
        match self {
            Mode::Sequential => "plain script",
            Mode::Cooperative => "asyncio",
            Mode::Gil => "threading",
            Mode::Processes => "multiprocessing",
            Mode::Threads => "free threads",
        }
    }

    /// Whether the mode runs on the rayon pool, and so needs shared memory.
    pub fn needs_pool(self) -> bool {
        matches!(self, Mode::Sequential | Mode::Gil | Mode::Threads)
    }

    /// Whether the pool-size control applies to the mode.
    pub fn has_pool_size(self) -> bool {
        matches!(self, Mode::Gil | Mode::Processes | Mode::Threads)
    }
}
