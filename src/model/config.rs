//! A complete run described by a URL query, e.g.
//! `?workload=mixed&tasks=6&cpu=20&io=120&modes=cooperative,threads&threads=4&yield=2&autorun=1`.
//!
//! Parsing never fails: a bad value is reported as a `ConfigError` and its default is kept.

use super::mode::Mode;
use super::workload::{
    StepSpec, Workload, WorkloadKind, DEFAULT_CPU_MS, DEFAULT_IO_MS, DEFAULT_TASKS,
};
use serde::Serialize;
use std::fmt;

pub const MAX_TASKS: u32 = 64;
pub const MAX_STEP_MS: f64 = 5_000.0;
pub const MAX_STEPS: usize = 16;
pub const MAX_THREADS: usize = 32;
pub const MIN_YIELD_MS: f64 = 0.1;
pub const MAX_YIELD_MS: f64 = 50.0;
pub const DEFAULT_YIELD_MS: f64 = 5.0;

/// Everything a run needs that the user chooses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunConfig {
    pub workload: Workload,
    pub modes: Vec<Mode>,
    /// Pool size for the threads mode; `None` means one per core.
    pub threads: Option<usize>,
    /// How often a cooperative CPU step gives way to the event loop; `None` means never.
    pub yield_ms: Option<f64>,
    pub autorun: bool,
    /// Draw the running mode as it happens. Off, the page draws each mode when it ends, so
    /// that drawing takes no CPU from the run being measured.
    pub live: bool,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            workload: Workload::default(),
            modes: Mode::ALL.to_vec(),
            threads: None,
            yield_ms: Some(DEFAULT_YIELD_MS),
            autorun: false,
            live: true,
        }
    }
}

/// A query value that could not be used, and what was used instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
            "URL parameter {}={:?}: expected {}; using {}.",
            self.key, self.value, self.expected, self.fallback
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

fn number_in(value: &str, lo: f64, hi: f64) -> Option<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= lo && *v <= hi)
}

fn whole_in(value: &str, lo: u64, hi: u64) -> Option<u64> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|v| (lo..=hi).contains(v))
}

fn parse_steps(value: &str) -> Result<Vec<StepSpec>, String> {
    let steps = value
        .split(',')
        .map(|part| {
            let (kind, ms) = part.trim().split_once(':').ok_or(part)?;
            let ms = number_in(ms, 0.0, MAX_STEP_MS).ok_or(part)?;
            match kind.trim() {
                "cpu" if ms > 0.0 => Ok(StepSpec::Cpu { ms }),
                "io" => Ok(StepSpec::Io { ms }),
                _ => Err(part),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(str::to_string)?;
    if steps.is_empty() || steps.len() > MAX_STEPS {
        return Err(format!("{} steps", steps.len()));
    }
    Ok(steps)
}

impl RunConfig {
    /// Reads a query string (with or without the leading `?`). Unknown keys are reported too,
    /// so that a typo never passes silently.
    pub fn from_query(query: &str) -> (RunConfig, Vec<ConfigError>) {
        let mut errs = Errors(Vec::new());
        let mut kind = WorkloadKind::Cpu;
        let mut tasks = DEFAULT_TASKS;
        let (mut cpu, mut io) = (DEFAULT_CPU_MS, DEFAULT_IO_MS);
        let mut steps: Option<Vec<StepSpec>> = None;
        let mut cfg = RunConfig::default();
        let ms_range = format!("a number of milliseconds from 0 to {MAX_STEP_MS}");
        for (key, value) in pairs(query) {
            let v = value.as_str();
            match key.as_str() {
                "workload" => match WorkloadKind::from_key(v.trim()) {
                    Some(k) => kind = k,
                    None => errs.push(&key, v, "cpu, io or mixed", "cpu"),
                },
                "tasks" => match whole_in(v, 1, MAX_TASKS.into()) {
                    Some(n) => tasks = n as u32,
                    None => errs.push(&key, v, &format!("a whole number from 1 to {MAX_TASKS}"), tasks),
                },
                "cpu" => match number_in(v, 0.1, MAX_STEP_MS) {
                    Some(ms) => cpu = ms,
                    None => errs.push(&key, v, &ms_range.replace("from 0", "from 0.1"), cpu),
                },
                "io" => match number_in(v, 0.0, MAX_STEP_MS) {
                    Some(ms) => io = ms,
                    None => errs.push(&key, v, &ms_range, io),
                },
                "steps" => match parse_steps(v) {
                    Ok(s) => steps = Some(s),
                    Err(bad) => errs.push(
                        &key,
                        v,
                        &format!(
                            "1 to {MAX_STEPS} steps like cpu:20,io:100,cpu:5 (cpu above 0, each at most {MAX_STEP_MS} ms; {bad:?} is not one)"
                        ),
                        "the workload's own steps",
                    ),
                },
                "modes" => {
                    let parsed: Option<Vec<Mode>> =
                        v.split(',').map(|m| Mode::from_key(m.trim())).collect();
                    match parsed.filter(|m| !m.is_empty()) {
                        Some(mut m) => {
                            m.sort();
                            m.dedup();
                            cfg.modes = m;
                        }
                        None => errs.push(
                            &key,
                            v,
                            "a comma-separated list of sequential, cooperative, threads",
                            "all three",
                        ),
                    }
                }
                "threads" => match whole_in(v, 1, MAX_THREADS as u64) {
                    Some(n) => cfg.threads = Some(n as usize),
                    None => errs.push(
                        &key,
                        v,
                        &format!("a whole number from 1 to {MAX_THREADS}"),
                        "one per core",
                    ),
                },
                "yield" => match v.trim() {
                    "never" => cfg.yield_ms = None,
                    _ => match number_in(v, MIN_YIELD_MS, MAX_YIELD_MS) {
                        Some(ms) => cfg.yield_ms = Some(ms),
                        None => errs.push(
                            &key,
                            v,
                            &format!("never, or milliseconds from {MIN_YIELD_MS} to {MAX_YIELD_MS}"),
                            DEFAULT_YIELD_MS,
                        ),
                    },
                },
                "autorun" => match flag(v) {
                    Some(on) => cfg.autorun = on,
                    None => errs.push(&key, v, "1 or 0", "no autorun"),
                },
                "live" => match flag(v) {
                    Some(on) => cfg.live = on,
                    None => errs.push(&key, v, "1 or 0", "live drawing"),
                },
                _ => errs.push(
                    &key,
                    v,
                    "one of workload, tasks, cpu, io, steps, modes, threads, yield, autorun, live",
                    "nothing (ignored)",
                ),
            }
        }
        cfg.workload = Workload::shaped(kind, tasks, cpu, io);
        if let Some(steps) = steps {
            cfg.workload.steps = steps;
        }
        (cfg, errs.0)
    }

    /// The query that reproduces this configuration.
    pub fn to_query(&self) -> String {
        let steps: Vec<String> = self
            .workload
            .steps
            .iter()
            .map(|s| match s {
                StepSpec::Cpu { ms } => format!("cpu:{ms}"),
                StepSpec::Io { ms } => format!("io:{ms}"),
            })
            .collect();
        let modes: Vec<&str> = self.modes.iter().map(|m| m.key()).collect();
        let mut q = format!(
            "workload={}&tasks={}&steps={}&modes={}",
            self.workload.kind.key(),
            self.workload.tasks,
            steps.join(","),
            modes.join(",")
        );
        if let Some(t) = self.threads {
            q += &format!("&threads={t}");
        }
        match self.yield_ms {
            Some(ms) => q += &format!("&yield={ms}"),
            None => q += "&yield=never",
        }
        if self.autorun {
            q += "&autorun=1";
        }
        if !self.live {
            q += "&live=0";
        }
        q
    }
}

/// A yes/no value; a bare key (`?autorun`) means yes.
fn flag(value: &str) -> Option<bool> {
    match value.trim() {
        "" | "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// Splits a query into decoded key/value pairs.
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding with `+` as space; malformed escapes are kept as they are.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_is_the_default() {
        let (cfg, errs) = RunConfig::from_query("");
        assert!(errs.is_empty());
        assert_eq!(cfg, RunConfig::default());
        assert_eq!(cfg.workload.tasks, 8);
    }

    #[test]
    fn a_full_query_describes_the_whole_run() {
        let (cfg, errs) = RunConfig::from_query(
            "?workload=mixed&tasks=6&cpu=20&io=120&modes=threads,cooperative&threads=4&yield=2&autorun=1",
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            cfg.workload,
            Workload::shaped(WorkloadKind::Mixed, 6, 20.0, 120.0)
        );
        assert_eq!(cfg.modes, vec![Mode::Cooperative, Mode::Threads]);
        assert_eq!(cfg.threads, Some(4));
        assert_eq!(cfg.yield_ms, Some(2.0));
        assert!(cfg.autorun);
    }

    #[test]
    fn explicit_steps_override_the_shape() {
        let (cfg, errs) = RunConfig::from_query("steps=cpu:15,io:120,cpu:5&tasks=3");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            cfg.workload.steps,
            vec![
                StepSpec::Cpu { ms: 15.0 },
                StepSpec::Io { ms: 120.0 },
                StepSpec::Cpu { ms: 5.0 }
            ]
        );
    }

    #[test]
    fn bad_values_are_reported_specifically_and_fall_back() {
        let (cfg, errs) = RunConfig::from_query(
            "tasks=abc&threads=0&modes=turbo&workload=gpu&yield=0&steps=cpu:x&colour=red&cpu=-1",
        );
        assert_eq!(cfg, RunConfig::default());
        let keys: Vec<&str> = errs.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec!["tasks", "threads", "modes", "workload", "yield", "steps", "colour", "cpu"]
        );
        assert_eq!(
            errs[0].to_string(),
            "URL parameter tasks=\"abc\": expected a whole number from 1 to 64; using 8."
        );
        assert!(
            errs[5].to_string().contains("\"cpu:x\" is not one"),
            "{}",
            errs[5]
        );
    }

    #[test]
    fn limits_are_enforced() {
        let (_, errs) = RunConfig::from_query("tasks=65&io=5001&threads=33&live=maybe");
        assert_eq!(errs.len(), 4);
        let too_many = format!("steps={}", vec!["io:1"; MAX_STEPS + 1].join(","));
        assert_eq!(RunConfig::from_query(&too_many).1.len(), 1);
    }

    #[test]
    fn to_query_round_trips() {
        let (cfg, _) = RunConfig::from_query(
            "workload=io&tasks=5&io=70&modes=cooperative&threads=3&yield=never&autorun=1&live=0",
        );
        let (again, errs) = RunConfig::from_query(&cfg.to_query());
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(again, cfg);
    }

    #[test]
    fn values_are_percent_decoded() {
        assert_eq!(decode("cpu%3A20%2Cio%3A5"), "cpu:20,io:5");
        assert_eq!(decode("a+b%zz%+1%"), "a b%zz% 1%");
        let (cfg, errs) = RunConfig::from_query("modes=sequential%2Cthreads");
        assert!(errs.is_empty());
        assert_eq!(cfg.modes, vec![Mode::Sequential, Mode::Threads]);
    }
}
