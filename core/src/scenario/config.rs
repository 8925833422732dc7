//! A complete scenario described by a URL query, e.g. `?lesson=io-bound&threads=4&autorun=1`
//! or `?recipe=6 x cpu 15ms -> io 120ms&modes=cooperative,threads`.
//!
//! Parsing never fails: a bad value is reported as a `ConfigError` and its default is kept.
//! A lesson sets the defaults; every other parameter overrides them.

use crate::lesson::{self, LessonId};
use crate::run::mode::Mode;
use crate::scenario::embed::{Autoplay, Embed, Panels};
use crate::scenario::link::{decode_recipe, encode_recipe};
use crate::scenario::recipe::{self, Recipe};
use crate::view::quote::{cut, Quoted};
use std::fmt;

mod choices;
mod query;
mod read;
mod share;

pub use choices::{ProcessStart, Theme};

pub const MAX_THREADS: usize = 32;
pub const MIN_YIELD_MS: f64 = 0.1;
pub const MAX_YIELD_MS: f64 = 50.0;
pub const DEFAULT_YIELD_MS: f64 = 5.0;
pub const MIN_SWITCH_MS: f64 = 0.1;
pub const MAX_SWITCH_MS: f64 = 100.0;

const SHORTHAND_MAX_MS: f64 = recipe::MAX_STEP_MS;

/// Everything a run needs that the user chooses.
#[derive(Clone, Debug, PartialEq)]
pub struct RunConfig {
    /// The lesson this scenario belongs to; `None` is free play.
    pub lesson: Option<LessonId>,
    /// The recipe as the user wrote it, comments and all; always parses.
    pub recipe_text: String,
    pub recipe: Recipe,
    pub modes: Vec<Mode>,
    /// Pool size for the threads mode; `None` means one per core.
    pub threads: Option<usize>,
    /// How often a cooperative CPU step gives way to the event loop; `None` means never.
    pub yield_ms: Option<f64>,
    /// The GIL's switch interval, as `sys.setswitchinterval()` sets it.
    pub switch_ms: f64,
    pub process_start: ProcessStart,
    pub autoplay: Autoplay,
    /// Embed mode, for slides: `None` is the full page.
    pub embed: Option<Embed>,
    /// Draw the running mode as it happens. Off, the page draws each mode when it ends, so
    /// that drawing takes no CPU from the run being measured.
    pub live: bool,
    pub theme: Theme,
    /// Record spans. Off only to measure what recording costs: the timeline stays empty.
    pub record: bool,
}

impl RunConfig {
    /// The scenario a lesson starts with.
    pub fn for_lesson(id: LessonId) -> Self {
        let l = lesson::get(id);
        RunConfig {
            lesson: Some(id),
            recipe_text: l.recipe.to_string(),
            recipe: recipe::parse(l.recipe).expect("every lesson's recipe parses"),
            modes: l.modes.to_vec(),
            threads: None,
            yield_ms: l.yield_ms,
            switch_ms: crate::run::gil::DEFAULT_SWITCH_MS,
            process_start: ProcessStart::InsideRun,
            autoplay: Autoplay::Off,
            embed: None,
            live: true,
            theme: Theme::Auto,
            record: true,
        }
    }

    /// Replaces the recipe if `text` parses and fits in a link; otherwise keeps the last good
    /// one.
    pub fn set_recipe(&mut self, text: &str) -> Result<(), recipe::RecipeError> {
        self.recipe = recipe::parse_text(text)?;
        self.recipe_text = text.to_string();
        Ok(())
    }

    /// The pool size `mode` runs with on a machine of `cores`: the one chosen, else one per
    /// core; the sequential and cooperative modes have one thread.
    pub fn pool_size(&self, mode: Mode, cores: usize) -> usize {
        match mode {
            Mode::Sequential | Mode::Cooperative => 1,
            Mode::Threads | Mode::Gil | Mode::Processes => {
                self.threads.unwrap_or(cores).clamp(1, MAX_THREADS)
            }
        }
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig::for_lesson(LessonId::CpuBound)
    }
}

/// A query value that could not be used, and what was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub value: String,
    pub expected: String,
    pub fallback: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "URL parameter {}={}: expected {}; using {}.",
            cut(&self.key),
            Quoted(&self.value),
            self.expected,
            self.fallback
        )
    }
}

impl RunConfig {
    /// The query that reproduces this scenario. The recipe is left out when it is the
    /// lesson's own, so lesson links stay short.
    pub fn to_query(&self) -> String {
        let mut q = Vec::new();
        let lesson = self.lesson.map(lesson::get);
        if let Some(l) = lesson {
            q.push(format!("lesson={}", l.key));
        }
        if lesson.is_none_or(|l| l.recipe != self.recipe_text) {
            q.push(format!("recipe={}", encode_recipe(&self.recipe_text)));
        }
        let modes: Vec<&str> = self.modes.iter().map(|m| m.key()).collect();
        q.push(format!("modes={}", modes.join(",")));
        if let Some(t) = self.threads {
            q.push(format!("threads={t}"));
        }
        q.push(match self.yield_ms {
            Some(ms) => format!("yield={ms}"),
            None => "yield=never".into(),
        });
        if self.switch_ms != crate::run::gil::DEFAULT_SWITCH_MS {
            q.push(format!("switch={}", self.switch_ms));
        }
        if self.process_start == ProcessStart::BeforeRun {
            q.push("procstart=before".into());
        }
        if self.autoplay != Autoplay::Off {
            q.push(format!("autoplay={}", self.autoplay.key()));
        }
        if !self.live {
            q.push("live=0".into());
        }
        if !self.record {
            q.push("record=0".into());
        }
        if self.theme != Theme::Auto {
            q.push(format!("theme={}", self.theme.key()));
        }
        if let Some(embed) = self.embed {
            q.push("embed=1".into());
            if embed.looping {
                q.push("loop=1".into());
            }
            if embed.panels != Panels::default() {
                q.push(format!("panels={}", embed.panels.key()));
            }
        }
        q.join("&")
    }
}

#[cfg(test)]
mod tests;
