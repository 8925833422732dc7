//! Reading a URL query into a `RunConfig`: the lesson's defaults first, then every other key
//! in order, each one kept or reported with what would fit and what is used instead.

use super::query::{flag, number_in, pairs, whole_in};
use super::*;

impl RunConfig {
    /// Reads a query string (with or without the leading `?`). Unknown keys are reported too,
    /// so that a typo never passes silently.
    pub fn from_query(query: &str) -> (RunConfig, Vec<ConfigError>) {
        let pairs = pairs(query);
        let lesson = pairs.iter().rev().find(|(k, _)| k == "lesson");
        let mut reader = Reader::new(lesson.map(|(_, v)| v.as_str()));
        for (key, value) in &pairs {
            let (key, v) = (key.as_str(), value.as_str());
            if !reader.scenario_key(key, v) && !reader.page_key(key, v) {
                reader.errs.push(
                    key,
                    v,
                    "one of lesson, recipe, workload, tasks, cpu, io, modes, threads, yield, switch, procstart, autoplay, autorun, live, theme, record, embed, loop, panels",
                    "nothing (ignored)",
                );
            }
        }
        reader.finish(lesson.is_some())
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

/// A query being read: the settings so far, and what only the whole query decides.
struct Reader<'q> {
    cfg: RunConfig,
    errs: Errors,
    shorthand: Shorthand,
    recipe_given: bool,
    embed_on: bool,
    looping: Option<(bool, &'q str)>,
    panels: Option<(Panels, &'q str)>,
    ms_range: String,
}

impl<'q> Reader<'q> {
    /// Starts from the lesson's settings (the last `lesson=` wins), or the page's defaults.
    fn new(lesson: Option<&str>) -> Self {
        let mut errs = Errors(Vec::new());
        let cfg = match lesson.map(|v| (v, lesson::by_key(v.trim()))) {
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
        Reader {
            cfg,
            errs,
            shorthand: Shorthand::default(),
            recipe_given: false,
            embed_on: false,
            looping: None,
            panels: None,
            ms_range: format!("milliseconds from 0 to {SHORTHAND_MAX_MS}"),
        }
    }

    /// A key about what runs; `false` if `key` is not one.
    #[rustfmt::skip]
    fn scenario_key(&mut self, key: &str, v: &'q str) -> bool {
        match key {
            // Read first, by `Reader::new`.
            "lesson" => {}
            "recipe" => match decode_recipe(v).map(|text| (self.cfg.set_recipe(&text), text)) {
                Ok((Ok(()), _)) => self.recipe_given = true,
                Ok((Err(e), _)) => self.errs.push(key, v, &format!("a valid recipe ({e})"), "the lesson's recipe"),
                Err(e) => self.errs.push(key, v, &format!("a recipe ({e})"), "the lesson's recipe"),
            },
            "workload" => match v.trim() {
                "cpu" | "io" | "mixed" => self.shorthand.workload = Some(v.trim().to_string()),
                _ => self.errs.push(key, v, "cpu, io or mixed", "cpu"),
            },
            "tasks" => match whole_in(v, 1, recipe::MAX_TASKS.into()) {
                Some(n) => self.shorthand.tasks = Some(n as u32),
                None => self.errs.push(key, v, &format!("a whole number from 1 to {}", recipe::MAX_TASKS), 8),
            },
            "cpu" => match number_in(v, 0.1, SHORTHAND_MAX_MS) {
                Some(ms) => self.shorthand.cpu = Some(ms),
                None => self.errs.push(key, v, &self.ms_range.replace("from 0", "from 0.1"), 40),
            },
            "io" => match number_in(v, 0.0, SHORTHAND_MAX_MS) {
                Some(ms) => self.shorthand.io = Some(ms),
                None => self.errs.push(key, v, &self.ms_range, 100),
            },
            "modes" => {
                let parsed: Option<Vec<Mode>> = v.split(',').map(|m| Mode::from_key(m.trim())).collect();
                match parsed.filter(|m| !m.is_empty()) {
                    Some(mut m) => {
                        m.sort();
                        m.dedup();
                        self.cfg.modes = m;
                    }
                    None => self.errs.push(
                        key,
                        v,
                        "a comma-separated list of sequential, cooperative, gil, processes, threads",
                        "the lesson's modes",
                    ),
                }
            }
            "threads" => match whole_in(v, 1, MAX_THREADS as u64) {
                Some(n) => self.cfg.threads = Some(n as usize),
                None => self.errs.push(key, v, &format!("a whole number from 1 to {MAX_THREADS}"), "one per core"),
            },
            "yield" => match v.trim() {
                "never" => self.cfg.yield_ms = None,
                _ => match number_in(v, MIN_YIELD_MS, MAX_YIELD_MS) {
                    Some(ms) => self.cfg.yield_ms = Some(ms),
                    None => self.errs.push(
                        key,
                        v,
                        &format!("never, or milliseconds from {MIN_YIELD_MS} to {MAX_YIELD_MS}"),
                        "the lesson's interval",
                    ),
                },
            },
            "switch" => match number_in(v, MIN_SWITCH_MS, MAX_SWITCH_MS) {
                Some(ms) => self.cfg.switch_ms = ms,
                None => self.errs.push(
                    key,
                    v,
                    &format!("the GIL switch interval in ms, from {MIN_SWITCH_MS} to {MAX_SWITCH_MS}"),
                    self.cfg.switch_ms,
                ),
            },
            "procstart" => match v.trim() {
                "inside" => self.cfg.process_start = ProcessStart::InsideRun,
                "before" => self.cfg.process_start = ProcessStart::BeforeRun,
                _ => self.errs.push(key, v, "inside or before", "inside"),
            },
            _ => return false,
        }
        true
    }

    /// A key about how the page runs and looks; `false` if `key` is not one.
    #[rustfmt::skip]
    fn page_key(&mut self, key: &str, v: &'q str) -> bool {
        match key {
            "autorun" => match flag(v) {
                Some(on) => self.cfg.autoplay = if on { Autoplay::Load } else { Autoplay::Off },
                None => self.errs.push(key, v, "1 or 0", "no autoplay"),
            },
            "autoplay" => match Autoplay::parse(v) {
                Some(a) => self.cfg.autoplay = a,
                None => self.errs.push(key, v, Autoplay::KEYS, "off"),
            },
            "embed" => match flag(v) {
                Some(on) => self.embed_on = on,
                None => self.errs.push(key, v, "1 or 0", "the full page"),
            },
            "loop" => match flag(v) {
                Some(on) => self.looping = Some((on, v)),
                None => self.errs.push(key, v, "1 or 0", "no looping"),
            },
            "panels" => match Panels::parse(v) {
                Some(p) => self.panels = Some((p, v)),
                None => self.errs.push(key, v, Panels::KEYS, "results"),
            },
            "record" => match flag(v) {
                Some(on) => self.cfg.record = on,
                None => self.errs.push(key, v, "1 or 0", "recording"),
            },
            "theme" => match [Theme::Auto, Theme::Light, Theme::Dark].into_iter().find(|t| t.key() == v.trim()) {
                Some(t) => self.cfg.theme = t,
                None => self.errs.push(key, v, "auto, light or dark", "auto"),
            },
            "live" => match flag(v) {
                Some(on) => self.cfg.live = on,
                None => self.errs.push(key, v, "1 or 0", "live drawing"),
            },
            _ => return false,
        }
        true
    }

    /// What only the whole query decides: a recipe written by the quick knobs, and the embed's
    /// options (which only apply to an embed).
    fn finish(mut self, lesson_given: bool) -> (RunConfig, Vec<ConfigError>) {
        if self.shorthand.used() && !self.recipe_given {
            let text = self.shorthand.recipe_text();
            // Each knob is in range, but together they can pass the recipe's total cap.
            match self.cfg.set_recipe(&text) {
                Ok(()) if !lesson_given => self.cfg.lesson = None,
                Ok(()) => {}
                Err(e) => self.errs.push(
                    "tasks",
                    text.trim(),
                    &format!("a workload within the limits ({e})"),
                    "the lesson's recipe",
                ),
            }
        } else if self.recipe_given && !lesson_given {
            self.cfg.lesson = None;
        }
        if self.embed_on {
            self.cfg.embed = Some(Embed {
                looping: self.looping.is_some_and(|(on, _)| on),
                panels: self.panels.map(|(p, _)| p).unwrap_or_default(),
            });
        } else {
            for (key, v) in [
                ("loop", self.looping.map(|l| l.1)),
                ("panels", self.panels.map(|p| p.1)),
            ] {
                if let Some(v) = v {
                    self.errs.push(
                        key,
                        v,
                        "embed=1 alongside (it only applies to embeds)",
                        "ignored",
                    );
                }
            }
        }
        (self.cfg, self.errs.0)
    }
}
