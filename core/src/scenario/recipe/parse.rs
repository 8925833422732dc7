//! The recipe parser: text in, a `Recipe` or a `RecipeError` with line, column and hint out.

use super::cursor::{error, Line};
use super::shared::Held;
use super::*;
use crate::codec::nanos::{ms_of, parse_ns, NS_PER_MS};
use crate::view::figure;

const SIGNS: &[char] = &['×', 'x', 'X', '*'];
const STEP: &str = "a step: cpu, io, count, lock, unlock or crash";
const AFTER_STEP: &str = "→ or the end of the line";
const AFTER_ARROW: &str = "a step after the arrow";
const DURATION: &str = "a duration such as 20ms or 50..200ms";
const UNIT: &str = "a unit: ms, s or us";
const COUNT_FIRST: &str = "the count comes first, like 6 × cpu 20ms";
const UNKNOWN_STEP: Why = (
    STEP,
    "cpu or io, then a duration, like io 100ms; count hits 1000; lock A; or crash",
);
const ARROW_FIRST: Why = (STEP, "an arrow goes between two steps");
const DURATION_FIRST: Why = (STEP, "name the step first, like cpu 15ms");
const NO_STEPS: Why = (STEP, "write steps after the count: 6 × cpu 20ms");
const DANGLING: Why = (AFTER_ARROW, "add a step like io 100ms, or drop the arrow");
const NO_SIGN: Why = ("×, x or * after the count", COUNT_FIRST);
const NOT_WHOLE: Why = ("a whole number of tasks", COUNT_FIRST);
const ZERO: Why = ("a count of at least 1", "to drop a group, delete its line");
const JUNK: Why = (AFTER_STEP, "steps are joined with → or ->");
const COUNT_LAST: Why = (AFTER_STEP, COUNT_FIRST);
const NO_DURATION: Why = (DURATION, "a number and a unit, like 20ms or 2s");
const BAD_NUMBER: Why = ("a number such as 15 or 0.5", "one decimal point at most");
const NO_HIGH: Why = ("the upper end of the range", "like 50..200ms");
const NO_UNIT: Why = (UNIT, "write a unit after the number, like 120ms");
const BAD_UNIT: Why = (UNIT, "use ms, s or us, like 120ms or 2s");
const UNIT_TWICE: Why = (AFTER_STEP, "write the unit once: 50..200ms");
const REVERSED: Why = ("a range from low to high", "put the smaller number first");
const CPU_ZERO: Why = ("a cpu duration above 0ms", "only io may take 0ms");
const NO_SEED: Why = ("a whole number seed", "a number after seed, like seed 7");
const SEED_JUNK: Why = ("end of line after the seed", "put the seed on its own line");

/// What a recipe's lines add up to so far, against the limits over all tasks.
#[derive(Default)]
struct Totals {
    steps: u64,
    cpu_ms: f64,
    count: u64,
}

impl Totals {
    /// Adds a group; past a limit, what was found, the limit and how to fit it.
    fn add(&mut self, group: &TaskGroup) -> Option<(String, String, &'static str)> {
        let n = u64::from(group.count);
        self.steps += n * group.steps.len() as u64;
        for step in &group.steps {
            let longest = step.map(&mut Millis::high, &mut Millis::high);
            self.cpu_ms += n as f64 * longest.cpu_ms();
            if let Step::Count(c) = step {
                self.count += n * u64::from(c.times);
            }
        }
        if self.steps > MAX_TOTAL_STEPS {
            let cap = format!(
                "at most {} steps over all tasks",
                figure::count(MAX_TOTAL_STEPS as usize)
            );
            Some((
                format!("{} steps", self.steps),
                cap,
                "fewer tasks or fewer steps in each",
            ))
        } else if self.cpu_ms > MAX_CPU_MS {
            let cap = format!("at most {MAX_CPU_MS}ms of cpu work in all");
            Some((
                format!("{}ms", self.cpu_ms),
                cap,
                "fewer tasks or shorter cpu steps",
            ))
        } else if self.count > MAX_TOTAL_COUNT {
            let cap = format!(
                "at most {} increments in all",
                figure::count(MAX_TOTAL_COUNT as usize)
            );
            Some((
                format!("{} increments", self.count),
                cap,
                "fewer tasks or smaller counts",
            ))
        } else {
            None
        }
    }
}

/// Reads a recipe, checking the limits as it goes; the error is the first mistake in the text.
pub fn parse(text: &str) -> Result<Recipe, RecipeError> {
    let (mut seed, mut groups, mut tasks) = (None, Vec::new(), 0);
    let mut totals = Totals::default();
    let mut names = Names::default();
    for (i, raw) in text.lines().enumerate() {
        let text = raw.split('#').next().unwrap_or_default().trim_end();
        let mut l = Line::new(i + 1, text);
        let start = l.pos;
        if l.peek().is_none() {
            continue;
        } else if l.word_ahead().eq_ignore_ascii_case("seed") {
            if let Some((_, first)) = seed {
                let hint = format!("the seed is already set on line {first}");
                return l.fail(start, ("one seed line in all", &hint));
            }
            seed = Some((l.seed()?, l.line));
            continue;
        }
        let group = l.task(tasks, &mut names)?;
        tasks += group.count;
        if let Some((found, cap, hint)) = totals.add(&group) {
            return l.fail_as(start, found, (cap.as_str(), hint));
        }
        groups.push(group);
    }
    if groups.is_empty() {
        let why = (
            "at least one task",
            "write a line such as 6 × cpu 20ms → io 100ms",
        );
        return Err(error(1, 1, "no tasks".into(), why));
    }
    let seed = seed.map_or(1, |(seed, _)| seed);
    Ok(Recipe {
        seed,
        groups,
        names,
    })
}

/// Reads a recipe from outside (the editor, a URL) as [`parse`] does, but at most
/// [`MAX_TEXT_BYTES`] of it: longer text would make a link that cannot be read back. Passing
/// the limit is a mistake at the line and column where it happens; one before it comes first.
/// Of a longer text only the lines up to the limit's are read (at most twice the limit), so a
/// megabyte pasted into a URL costs no more than the limit does.
pub fn parse_text(text: &str) -> Result<Recipe, RecipeError> {
    if text.len() <= MAX_TEXT_BYTES {
        return parse(text);
    }
    let cut = text.floor_char_boundary(MAX_TEXT_BYTES);
    // To the end of the line the limit falls in, so that the token it cuts is read whole.
    let end = text[cut..]
        .find('\n')
        .map_or(text.len(), |at| cut + at)
        .min(text.floor_char_boundary(2 * MAX_TEXT_BYTES));
    let read = parse(&text[..end]);
    let before = &text[..cut];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    // `lines()` drops the \r of a \r\n, so columns do not count it.
    let column = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    match read {
        Err(e) if (e.line, e.column) < (line, column) => Err(e),
        _ => {
            let cap = format!("at most {MAX_TEXT_BYTES} bytes of text");
            let hint =
                "shorten the comments, or write alike lines as one with a count: 6 × cpu 20ms";
            let found = format!("{} bytes", text.len());
            Err(error(line, column, found, (&cap, hint)))
        }
    }
}

impl Line {
    fn seed(&mut self) -> Res<u64> {
        self.pos += "seed".len();
        self.skip_ws();
        let at = self.pos;
        let Ok(seed) = self.take_while(|c| c.is_ascii_digit()).parse() else {
            return self.fail(at, NO_SEED);
        };
        self.skip_ws();
        if self.peek().is_some() {
            return self.fail(self.pos, SEED_JUNK);
        }
        Ok(seed)
    }

    fn task(&mut self, before: u32, names: &mut Names) -> Res<TaskGroup> {
        let start = self.pos;
        let mut count = None;
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            let raw = self.take_while(|c| c.is_ascii_digit() || c == '.');
            let sign = self.peek().is_some_and(|c| SIGNS.contains(&c));
            let word = self.word_ahead().to_ascii_lowercase();
            if raw.contains("..") || !(sign || matches!(word.as_str(), "" | "cpu" | "io")) {
                return self.fail(start, DURATION_FIRST);
            } else if raw.contains('.') {
                return self.fail(start, NOT_WHOLE);
            }
            count = Some(raw.parse().unwrap_or(u64::MAX));
            if count == Some(0) {
                return self.fail(start, ZERO);
            }
        }
        let total = count.unwrap_or(1).saturating_add(before.into());
        if total > MAX_TASKS.into() {
            let cap = format!("at most {MAX_TASKS} tasks in all");
            let hint = format!("use a smaller count: {cap}");
            return self.fail_as(start, format!("{total} tasks"), (&cap, &hint));
        }
        if count.is_some() {
            self.skip_ws();
            if !self.peek().is_some_and(|c| SIGNS.contains(&c)) {
                return self.fail(self.pos, NO_SIGN);
            }
            self.pos += 1;
        }
        let (mut steps, mut cap_at) = (Vec::new(), 0);
        let mut held = Held::default();
        loop {
            self.skip_ws();
            if steps.len() == MAX_STEPS {
                cap_at = self.pos;
            }
            let at = self.pos;
            let step = self.step(!steps.is_empty(), names)?;
            held.check(self, at, &step, names)?;
            steps.push(step);
            self.skip_ws();
            let at = self.pos;
            if self.peek().is_none() {
                break;
            } else if !self.eat("→") && !self.eat("->") {
                let token = self.found(at);
                let digits = token.chars().skip(1).all(|c| c.is_ascii_digit());
                let count_last = token.starts_with(SIGNS) && digits;
                return self.fail(at, if count_last { COUNT_LAST } else { JUNK });
            }
        }
        if steps.len() > MAX_STEPS {
            let cap = format!("at most {MAX_STEPS} steps per task");
            let why = (cap.as_str(), "merge neighbouring steps of the same kind");
            return self.fail_as(cap_at, format!("{} steps", steps.len()), why);
        }
        held.check_end(self, names)?;
        let count = count.unwrap_or(1) as u32;
        Ok(TaskGroup { count, steps })
    }

    fn step(&mut self, after_arrow: bool, names: &mut Names) -> Res<RecipeStep> {
        let at = self.pos;
        let step = match self
            .take_while(|c| c.is_ascii_alphabetic())
            .to_ascii_lowercase()
            .as_str()
        {
            "cpu" => Step::Cpu(self.duration(Timed::Cpu)?),
            "io" => Step::Io(self.duration(Timed::Io)?),
            // The task dies here; it takes no time, so it has no duration.
            "crash" => Step::Crash,
            "count" => self.count(names)?,
            "lock" => Step::Lock(self.lock_name(names)?),
            "unlock" => Step::Unlock(self.lock_name(names)?),
            _ => {
                let why = match self.chars.get(at) {
                    None if after_arrow => DANGLING,
                    None => NO_STEPS,
                    Some(_) if self.arrow_len(at) > 0 => ARROW_FIRST,
                    Some(c) if c.is_ascii_digit() => DURATION_FIRST,
                    Some(_) => UNKNOWN_STEP,
                };
                return self.fail(at, why);
            }
        };
        Ok(step)
    }

    /// Digits with at most one point, as typed; `None` if no number starts here.
    fn number(&mut self) -> Res<Option<String>> {
        let at = self.pos;
        let dot = |l: &Self| l.peek() == Some('.') && l.chars.get(l.pos + 1) != Some(&'.');
        while self.peek().is_some_and(|c| c.is_ascii_digit()) || dot(self) {
            self.pos += 1;
        }
        let raw: String = self.chars[at..self.pos].iter().collect();
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        match raw.split_once('.').unwrap_or((&raw, "0")) {
            _ if raw.is_empty() => Ok(None),
            (whole, frac) if digits(whole) && digits(frac) => Ok(Some(raw)),
            _ => self.fail(at, BAD_NUMBER),
        }
    }

    pub(super) fn duration(&mut self, timed: Timed) -> Res<Millis> {
        self.skip_ws();
        let at = self.pos;
        let Some(low) = self.number()? else {
            return self.fail(at, NO_DURATION);
        };
        self.skip_ws();
        let mut high = None;
        if self.eat("..") {
            self.skip_ws();
            high = self.number()?;
            if high.is_none() {
                return self.fail(self.pos, NO_HIGH);
            }
            self.skip_ws();
        }
        let unit_at = self.pos;
        // ASCII letters and the two micro signs: no Unicode tables needed (first-load budget).
        let unit_ns = match self
            .take_while(|c| c.is_ascii_alphabetic() || c == 'µ' || c == 'μ')
            .to_ascii_lowercase()
            .as_str()
        {
            "ms" => NS_PER_MS,
            "s" => 1_000 * NS_PER_MS,
            "us" | "µs" | "μs" => 1_000,
            "" => return self.fail(unit_at, NO_UNIT),
            _ => return self.fail(unit_at, BAD_UNIT),
        };
        let typed: String = self.chars[at..self.pos].iter().collect();
        self.skip_ws();
        if high.is_none() && self.eat("..") {
            return self.fail(self.pos - 2, UNIT_TWICE);
        }
        // The reader took digits and one point only, so these are numbers.
        let ms = |n: &str| ms_of(parse_ns(n, unit_ns).unwrap_or(u64::MAX));
        let lo = ms(&low);
        let hi = high.as_deref().map_or(lo, ms);
        if hi < lo {
            return self.fail_as(at, typed, REVERSED);
        } else if timed == Timed::Cpu && lo <= 0.0 {
            return self.fail_as(at, typed, CPU_ZERO);
        } else if hi > MAX_STEP_MS {
            let cap = format!("at most {MAX_STEP_MS}ms per step");
            return self.fail_as(at, typed, (&cap, "split it into shorter steps joined by →"));
        }
        Ok(high.map_or(Millis::Fixed(lo), |_| Millis::Range(lo, hi)))
    }
}

/// Which kind of duration is read: computing cannot take no time at all, a wait can.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Timed {
    Cpu,
    Io,
}
