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
use query::{flag, number_in, pairs, whole_in};
use std::fmt;

mod choices;
mod query;
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

struct Errors(Vec<ConfigError>);

impl Errors {
    fn push(&mut self, key: &str, value: &str, expected: &str, fallback: impl fmt::Display) {
        self.0.push(ConfigError {
            key: key.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
            fallback: fallback.to_string(),
        });
    }
}

/// `workload`, `tasks`, `cpu` and `io`: knobs that write a recipe, for quick links.
#[derive(Default)]
struct Shorthand {
    workload: Option<String>,
    tasks: Option<u32>,
    cpu: Option<f64>,
    io: Option<f64>,
}

impl Shorthand {
    fn used(&self) -> bool {
        self.workload.is_some() || self.tasks.is_some() || self.cpu.is_some() || self.io.is_some()
    }

    fn recipe_text(&self) -> String {
        let n = self.tasks.unwrap_or(8);
        let (cpu, io) = (self.cpu.unwrap_or(40.0), self.io.unwrap_or(100.0));
        let steps = match self.workload.as_deref() {
            Some("io") => format!("io {io}ms"),
            Some("mixed") => format!("cpu {}ms → io {io}ms → cpu {}ms", cpu / 2.0, cpu / 2.0),
            _ => format!("cpu {cpu}ms"),
        };
        format!("{n} × {steps}\n")
    }
}

impl RunConfig {
    /// Reads a query string (with or without the leading `?`). Unknown keys are reported too,
    /// so that a typo never passes silently.
    pub fn from_query(query: &str) -> (RunConfig, Vec<ConfigError>) {
        let mut errs = Errors(Vec::new());
        let pairs = pairs(query);
        let lesson_value = pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "lesson")
            .map(|(_, v)| v.clone());
        let mut cfg = match lesson_value
            .as_deref()
            .map(|v| (v, lesson::by_key(v.trim())))
        {
            Some((_, Some(l))) => RunConfig::for_lesson(l.id),
            Some((v, None)) => {
                let keys: Vec<&str> = lesson::LESSONS.iter().map(|l| l.key).collect();
                errs.push(
                    "lesson",
                    v,
                    &format!("one of {}", keys.join(", ")),
                    "cpu-bound",
                );
                RunConfig::default()
            }
            None => RunConfig::default(),
        };
        let mut shorthand = Shorthand::default();
        let (mut embed_on, mut looping, mut panels) = (false, None, None);
        let mut recipe_given = false;
        let ms_range = format!("milliseconds from 0 to {SHORTHAND_MAX_MS}");
        for (key, value) in &pairs {
            let (key, v) = (key.as_str(), value.as_str());
            match key {
                "lesson" => {}
                "recipe" => match decode_recipe(v).map(|text| (cfg.set_recipe(&text), text)) {
                    Ok((Ok(()), _)) => recipe_given = true,
                    Ok((Err(e), _)) => errs.push(key, v, &format!("a valid recipe ({e})"), "the lesson's recipe"),
                    Err(e) => errs.push(key, v, &format!("a recipe ({e})"), "the lesson's recipe"),
                },
                "workload" => match v.trim() {
                    "cpu" | "io" | "mixed" => shorthand.workload = Some(v.trim().to_string()),
                    _ => errs.push(key, v, "cpu, io or mixed", "cpu"),
                },
                "tasks" => match whole_in(v, 1, recipe::MAX_TASKS.into()) {
                    Some(n) => shorthand.tasks = Some(n as u32),
                    None => errs.push(key, v, &format!("a whole number from 1 to {}", recipe::MAX_TASKS), 8),
                },
                "cpu" => match number_in(v, 0.1, SHORTHAND_MAX_MS) {
                    Some(ms) => shorthand.cpu = Some(ms),
                    None => errs.push(key, v, &ms_range.replace("from 0", "from 0.1"), 40),
                },
                "io" => match number_in(v, 0.0, SHORTHAND_MAX_MS) {
                    Some(ms) => shorthand.io = Some(ms),
                    None => errs.push(key, v, &ms_range, 100),
                },
                "modes" => {
                    let parsed: Option<Vec<Mode>> = v.split(',').map(|m| Mode::from_key(m.trim())).collect();
                    match parsed.filter(|m| !m.is_empty()) {
                        Some(mut m) => {
                            m.sort();
                            m.dedup();
                            cfg.modes = m;
                        }
                        None => errs.push(
                            key,
                            v,
                            "a comma-separated list of sequential, cooperative, gil, processes, threads",
                            "the lesson's modes",
                        ),
                    }
                }
                "threads" => match whole_in(v, 1, MAX_THREADS as u64) {
                    Some(n) => cfg.threads = Some(n as usize),
                    None => errs.push(key, v, &format!("a whole number from 1 to {MAX_THREADS}"), "one per core"),
                },
                "yield" => match v.trim() {
                    "never" => cfg.yield_ms = None,
                    _ => match number_in(v, MIN_YIELD_MS, MAX_YIELD_MS) {
                        Some(ms) => cfg.yield_ms = Some(ms),
                        None => errs.push(
                            key,
                            v,
                            &format!("never, or milliseconds from {MIN_YIELD_MS} to {MAX_YIELD_MS}"),
                            "the lesson's interval",
                        ),
                    },
                },
                "switch" => match number_in(v, MIN_SWITCH_MS, MAX_SWITCH_MS) {
                    Some(ms) => cfg.switch_ms = ms,
                    None => errs.push(
                        key,
                        v,
                        &format!("the GIL switch interval in ms, from {MIN_SWITCH_MS} to {MAX_SWITCH_MS}"),
                        cfg.switch_ms,
                    ),
                },
                "procstart" => match v.trim() {
                    "inside" => cfg.process_start = ProcessStart::InsideRun,
                    "before" => cfg.process_start = ProcessStart::BeforeRun,
                    _ => errs.push(key, v, "inside or before", "inside"),
                },
                "autorun" => match flag(v) {
                    Some(on) => cfg.autoplay = if on { Autoplay::Load } else { Autoplay::Off },
                    None => errs.push(key, v, "1 or 0", "no autoplay"),
                },
                "autoplay" => match Autoplay::parse(v) {
                    Some(a) => cfg.autoplay = a,
                    None => errs.push(key, v, Autoplay::KEYS, "off"),
                },
                "embed" => match flag(v) {
                    Some(on) => embed_on = on,
                    None => errs.push(key, v, "1 or 0", "the full page"),
                },
                "loop" => match flag(v) {
                    Some(on) => looping = Some((on, v)),
                    None => errs.push(key, v, "1 or 0", "no looping"),
                },
                "panels" => match Panels::parse(v) {
                    Some(p) => panels = Some((p, v)),
                    None => errs.push(key, v, Panels::KEYS, "results"),
                },
                "record" => match flag(v) {
                    Some(on) => cfg.record = on,
                    None => errs.push(key, v, "1 or 0", "recording"),
                },
                "theme" => match [Theme::Auto, Theme::Light, Theme::Dark].into_iter().find(|t| t.key() == v.trim()) {
                    Some(t) => cfg.theme = t,
                    None => errs.push(key, v, "auto, light or dark", "auto"),
                },
                "live" => match flag(v) {
                    Some(on) => cfg.live = on,
                    None => errs.push(key, v, "1 or 0", "live drawing"),
                },
                _ => errs.push(
                    key,
                    v,
                    "one of lesson, recipe, workload, tasks, cpu, io, modes, threads, yield, switch, procstart, autoplay, autorun, live, theme, record, embed, loop, panels",
                    "nothing (ignored)",
                ),
            }
        }
        if shorthand.used() && !recipe_given {
            let text = shorthand.recipe_text();
            // Each knob is in range, but together they can pass the recipe's total cap.
            match cfg.set_recipe(&text) {
                Ok(()) if lesson_value.is_none() => cfg.lesson = None,
                Ok(()) => {}
                Err(e) => errs.push(
                    "tasks",
                    text.trim(),
                    &format!("a workload within the limits ({e})"),
                    "the lesson's recipe",
                ),
            }
        } else if recipe_given && lesson_value.is_none() {
            cfg.lesson = None;
        }
        if embed_on {
            cfg.embed = Some(Embed {
                looping: looping.is_some_and(|(on, _)| on),
                panels: panels.map(|(p, _)| p).unwrap_or_default(),
            });
        } else {
            for (key, v) in [
                ("loop", looping.map(|l| l.1)),
                ("panels", panels.map(|p| p.1)),
            ] {
                if let Some(v) = v {
                    errs.push(
                        key,
                        v,
                        "embed=1 alongside (it only applies to embeds)",
                        "ignored",
                    );
                }
            }
        }
        (cfg, errs.0)
    }

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
