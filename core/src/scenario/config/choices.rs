//! The small choices a scenario makes besides its recipe and modes: when processes start,
//! and the colour theme.

/// When the processes of the processes mode start, like creating a `Pool(k)` inside or
/// outside the timed block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProcessStart {
    /// Start-up is part of the run and drawn on the timeline.
    #[default]
    InsideRun,
    /// Processes start before the run and are kept for later runs of the same size.
    BeforeRun,
}

/// The colour theme: the system's, or one chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The next theme in the cycle auto → light → dark.
    pub fn next(self) -> Self {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }
}
