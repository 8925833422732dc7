//! The shared-state steps of a recipe: `count hits 2000 with yield under L`, `lock A`,
//! `unlock A`, and the rule that a task gives back every lock it takes.

use super::cursor::Line;
use super::parse::Timed;
use super::*;

const NAME: &str = "a name such as hits or A";
const NAME_HINT: &str = "a letter, then letters, digits or _, at most 16 in all";
const TIMES: Why = (
    "how many increments, like count hits 1000",
    "a whole number after the counter's name",
);
const AFTER_COUNT: &str = "with, atomic, under, → or the end of the line";
const AFTER_COUNT_HINT: &str =
    "count hits 1000 with yield: a window between read and write; atomic; under L: a lock";
const GAP: Why = (
    "cpu, io or yield after with",
    "the window between the read and the write: with cpu 0.01ms, with io 1ms or with yield",
);
const FIXED_GAP: Why = (
    "a fixed duration",
    "a window has one length, like with io 1ms",
);

impl Line {
    /// After `count`: the counter, how many times, the window and the guard.
    pub(super) fn count(&mut self, names: &mut Names) -> Res<RecipeStep> {
        let var = self.name(names, false)?;
        self.skip_ws();
        let at = self.pos;
        let digits = self.take_while(|c| c.is_ascii_digit());
        let times: u32 = match digits.parse::<u64>() {
            Ok(n) if n >= 1 => n.min(u64::from(u32::MAX)) as u32,
            _ => return self.fail(at, TIMES),
        };
        self.skip_ws();
        if self.word_ahead().eq_ignore_ascii_case("times") {
            self.pos += "times".len();
            self.skip_ws();
        }
        let mut gap = Gap::None;
        if self.word_ahead().eq_ignore_ascii_case("with") {
            self.pos += "with".len();
            self.skip_ws();
            let gap_at = self.pos;
            gap = match self.word_ahead().to_ascii_lowercase().as_str() {
                "yield" => {
                    self.pos += "yield".len();
                    Gap::Yield
                }
                kind @ ("cpu" | "io") => {
                    self.pos += kind.len();
                    let timed = if kind == "cpu" { Timed::Cpu } else { Timed::Io };
                    let ms_at = self.pos;
                    let ms = self.duration(timed)?;
                    if let Millis::Range(..) = ms {
                        let typed = self.chars[ms_at..self.pos].iter().collect::<String>();
                        return self.fail_as(ms_at + 1, typed.trim().to_string(), FIXED_GAP);
                    }
                    match timed {
                        Timed::Cpu => Gap::Cpu(ms),
                        Timed::Io => Gap::Io(ms),
                    }
                }
                _ => return self.fail(gap_at, GAP),
            };
            self.skip_ws();
        }
        let mut guard = Guard::None;
        match self.word_ahead().to_ascii_lowercase().as_str() {
            "atomic" => {
                self.pos += "atomic".len();
                guard = Guard::Atomic;
            }
            "under" => {
                self.pos += "under".len();
                guard = Guard::Lock(self.name(names, true)?);
            }
            "" => {}
            _ => return self.fail(self.pos, (AFTER_COUNT, AFTER_COUNT_HINT)),
        }
        let recorded = gap.waits() || matches!(guard, Guard::Lock(_));
        let cap = if recorded {
            MAX_COUNT_RECORDED
        } else {
            MAX_COUNT
        };
        if times > cap {
            let most = format!("at most {cap} increments in one count");
            let hint = if recorded {
                "each one records a wait; split it over more tasks, or drop the window"
            } else {
                "split it over more tasks or more steps"
            };
            return self.fail_as(at, digits, (&most, hint));
        }
        Ok(Step::Count(Count {
            var,
            times,
            gap,
            guard,
        }))
    }

    /// After `lock` or `unlock`: the lock's name.
    pub(super) fn lock_name(&mut self, names: &mut Names) -> Res<u8> {
        self.name(names, true)
    }

    /// A counter's or a lock's name, added to `names` at its first mention.
    fn name(&mut self, names: &mut Names, lock: bool) -> Res<u8> {
        self.skip_ws();
        let at = self.pos;
        let first_ok = self.peek().is_some_and(|c| c.is_ascii_alphabetic());
        let name = self.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
        // A name's place makes it a name, so even `count atomic 10 atomic` reads one way.
        if !first_ok || name.len() > 16 {
            self.pos = at;
            return self.fail(at, (NAME, NAME_HINT));
        }
        let list = if lock {
            &mut names.locks
        } else {
            &mut names.vars
        };
        if let Some(i) = list.iter().position(|n| *n == name) {
            return Ok(i as u8);
        }
        if list.len() == MAX_NAMES {
            let what = if lock { "locks" } else { "counters" };
            let cap = format!("at most {MAX_NAMES} {what} in a recipe");
            return self.fail_as(at, name, (&cap, "reuse a name"));
        }
        list.push(name);
        Ok(list.len() as u8 - 1)
    }
}

/// The locks a task holds at each point of its line, so that a recipe can only take a lock
/// it does not hold, give back one it does, and ends every task holding none.
#[derive(Default)]
pub(super) struct Held(Vec<u8>);

impl Held {
    pub(super) fn check(
        &mut self,
        l: &Line,
        at: usize,
        step: &RecipeStep,
        names: &Names,
    ) -> Res<()> {
        let name = |i: u8| names.locks[usize::from(i)].clone();
        match *step {
            Step::Lock(i) if self.0.contains(&i) => {
                let hint = format!(
                    "unlock {} first: a task that takes it again waits on itself",
                    name(i)
                );
                l.fail(at, ("a lock this task does not hold yet", &hint))
            }
            Step::Count(Count {
                guard: Guard::Lock(i),
                ..
            }) if self.0.contains(&i) => {
                let hint = format!(
                    "unlock {} first, or drop under: the task holds it already",
                    name(i)
                );
                l.fail(at, ("a lock this task does not hold yet", &hint))
            }
            Step::Unlock(i) if !self.0.contains(&i) => {
                let hint = format!("lock {} before this step", name(i));
                l.fail(at, ("a lock this task holds", &hint))
            }
            Step::Lock(i) => {
                self.0.push(i);
                Ok(())
            }
            Step::Unlock(i) => {
                self.0.retain(|&h| h != i);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(super) fn check_end(&self, l: &Line, names: &Names) -> Res<()> {
        match self.0.first() {
            None => Ok(()),
            Some(&i) => {
                let hint = format!("add → unlock {} to the line", names.locks[usize::from(i)]);
                l.fail(
                    l.pos,
                    ("every lock given back by the end of the task", &hint),
                )
            }
        }
    }
}
