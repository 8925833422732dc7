//! Embed mode, for slides: what an embedded playground shows and when it plays, the messages a
//! slide deck may send it, and the iframe snippet that embeds the current scenario.
//!
//! URL parameters (read by `config.rs`): `embed=1` turns it on; `autoplay=off|load|visible`
//! (any page), `loop=1` and `panels=results,verdict,table,replay` (embed only).

/// When a run starts without anyone pressing Run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Autoplay {
    #[default]
    Off,
    /// As soon as the page is ready (the old `autorun=1`).
    Load,
    /// When the page scrolls into view, or a deck shows its slide (`slide:start`).
    Visible,
}

impl Autoplay {
    pub const KEYS: &'static str = "off, load or visible";

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "off" | "0" | "no" => Some(Self::Off),
            "load" | "1" | "yes" | "" => Some(Self::Load),
            "visible" => Some(Self::Visible),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Load => "load",
            Self::Visible => "visible",
        }
    }
}

/// The optional parts of an embedded page. The timeline, Run and notices always show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    /// One line per mode: wall time and speed-up.
    pub results: bool,
    /// The lesson's verdict on the last run.
    pub verdict: bool,
    /// The full results table.
    pub table: bool,
    /// Replay controls under the timeline.
    pub replay: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            results: true,
            verdict: false,
            table: false,
            replay: false,
        }
    }
}

impl Panels {
    pub const KEYS: &'static str =
        "a comma-separated list of results, verdict, table, replay (or none)";
    const NAMES: [&'static str; 4] = ["results", "verdict", "table", "replay"];

    fn flags(&self) -> [bool; 4] {
        [self.results, self.verdict, self.table, self.replay]
    }

    pub fn parse(value: &str) -> Option<Self> {
        let mut on = [false; 4];
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Self::NAMES.iter().position(|n| *n == name) {
                Some(i) => on[i] = true,
                None if name == "none" => {}
                None => return None,
            }
        }
        let [results, verdict, table, replay] = on;
        Some(Panels {
            results,
            verdict,
            table,
            replay,
        })
    }

    pub fn key(&self) -> String {
        let names: Vec<&str> = Self::NAMES
            .iter()
            .zip(self.flags())
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(",")
        }
    }
}

/// How an embedded page looks and behaves beyond its scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// Start again a few seconds after each run, until stopped or the slide is left.
    pub looping: bool,
    pub panels: Panels,
}

/// Pause between the end of a run and the next one when looping: time to read the result.
pub const LOOP_PAUSE_MS: u32 = 4000;

/// A message from the page around the frame. reveal.js posts exactly these two strings to
/// every iframe on a slide when the slide is shown and left; anything else is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideMessage {
    Start,
    Stop,
}

impl SlideMessage {
    pub fn parse(data: &str) -> Option<Self> {
        match data {
            "slide:start" => Some(Self::Start),
            "slide:stop" => Some(Self::Stop),
            _ => None,
        }
    }
}

/// When threads will work inside the snippet's frame, to show beside it.
pub const SNIPPET_NOTE: &str = "Threads run inside the frame only when the page around it is \
    cross-origin isolated too (it is served with Cross-Origin-Opener-Policy: same-origin and \
    Cross-Origin-Embedder-Policy: require-corp) and the iframe keeps allow=\"cross-origin-isolated\". \
    Anywhere else the frame runs the other modes, says so in one line, and links to the full page.";

pub mod settle;
#[cfg(test)]
mod tests;
