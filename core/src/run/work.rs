//! The real CPU work: counting primes by trial division, in fixed-size units of equal cost.
//!
//! A unit tests `NUMBERS_PER_UNIT` consecutive odd numbers in [1e6, 2e6), so every unit costs
//! about the same and "N units" is a duration once calibrated. The count is returned so that
//! every mode can be checked to have done exactly the same work.

/// Odd numbers tested per unit of work.
pub const NUMBERS_PER_UNIT: u64 = 16;
const LOW: u64 = 1_000_001;
/// How many odd numbers lie in [LOW, LOW + 1e6).
const ODDS: u64 = 500_000;

fn is_prime(n: u64) -> bool {
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    n > 1
}

/// Where a step's numbers start, spread by `seed` so that tasks test different numbers.
fn origin(seed: u64) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) % ODDS
}

/// Counts the primes in unit `unit` of the step with this `seed`.
///
/// Never inlined, on purpose: V8 moves a wasm function to its optimizing tier only when it is
/// entered again (there is no on-stack replacement), so a whole step inlined into one long call
/// would run on the baseline tier throughout, at about half speed, and unlike the calibration.
#[inline(never)]
pub fn primes_in_unit(seed: u64, unit: u64) -> u64 {
    let first = origin(seed) + unit * NUMBERS_PER_UNIT;
    (0..NUMBERS_PER_UNIT)
        .map(|i| LOW + 2 * ((first + i) % ODDS))
        .filter(|&n| is_prime(n))
        .count() as u64
}

/// Counts the primes in units `from..to` of a step.
pub fn primes_in_units(seed: u64, from: u64, to: u64) -> u64 {
    (from..to).map(|u| primes_in_unit(seed, u)).sum()
}

/// How many units of work this device does per millisecond, measured once per page load.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    pub units_per_ms: f64,
}

impl Calibration {
    /// Units for a step of `ms` milliseconds; at least one, so a step always does real work.
    pub fn units_for(&self, ms: f64) -> u64 {
        ((ms * self.units_per_ms).round() as u64).max(1)
    }

    /// Derives a calibration from a measured run of `units` taking `elapsed_ms`.
    pub fn from_measurement(units: u64, elapsed_ms: f64) -> Self {
        Calibration {
            units_per_ms: units as f64 / elapsed_ms.max(1e-3),
        }
    }
}

/// Calibration rounds that must agree before the rate counts as settled.
pub const SETTLED_ROUNDS: usize = 3;
/// How far apart (as a ratio) the settled rounds may be.
pub const SETTLED_SPREAD: f64 = 1.05;

/// The rate once the last `SETTLED_ROUNDS` rates agree within `SETTLED_SPREAD`, else `None`.
/// Early rounds are slow while the engine still runs its baseline compiler, so only agreement
/// among the latest rounds says the code is in its final tier.
pub fn settled_rate(rates: &[f64]) -> Option<f64> {
    let last = rates.get(rates.len().checked_sub(SETTLED_ROUNDS)?..)?;
    let (lo, hi) = last.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &r| {
        (lo.min(r), hi.max(r))
    });
    (lo > 0.0 && hi / lo <= SETTLED_SPREAD).then(|| last.iter().sum::<f64>() / last.len() as f64)
}

/// Length of one calibration round, in ms.
pub const ROUND_MS: f64 = 20.0;
/// A calibration stops waiting for the rate to settle after this long, and takes the best.
pub const BUDGET_MS: f64 = 2_000.0;

/// Measures units per ms in short rounds until the rate settles. The first rounds run on the
/// engine's baseline compiler and are much slower than the optimized code that runs later, so
/// the rate is only trusted once the latest rounds agree. Callers decide what happens between
/// rounds: the main thread yields, a worker just goes on.
pub struct Calibrator<'a> {
    now: &'a dyn Fn() -> f64,
    start: f64,
    rates: Vec<f64>,
}

impl<'a> Calibrator<'a> {
    /// `now` is any clock in ms.
    pub fn new(now: &'a dyn Fn() -> f64) -> Self {
        Calibrator {
            now,
            start: now(),
            rates: Vec::new(),
        }
    }

    /// Runs one round; returns the calibration once settled, or once the budget is spent.
    pub fn round(&mut self) -> Option<Calibration> {
        let t0 = (self.now)();
        let mut units = 0;
        while (self.now)() - t0 < ROUND_MS {
            std::hint::black_box(primes_in_units(units + 1, 0, 32));
            units += 32;
        }
        let t1 = (self.now)();
        self.rates
            .push(Calibration::from_measurement(units, t1 - t0).units_per_ms);
        let rate = settled_rate(&self.rates).or_else(|| {
            (t1 - self.start > BUDGET_MS).then(|| self.rates.iter().copied().fold(0.0, f64::max))
        })?;
        Some(Calibration { units_per_ms: rate })
    }

    /// Rounds run so far.
    pub fn rounds(&self) -> usize {
        self.rates.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primality_is_right_on_known_numbers() {
        let primes: Vec<u64> = (1..30).filter(|&n| is_prime(n)).collect();
        assert_eq!(primes, vec![2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert!(is_prime(1_000_003));
        assert!(!is_prime(1_000_001)); // 101 × 9901
    }

    #[test]
    fn units_are_deterministic_and_add_up() {
        let a = primes_in_units(7, 0, 50);
        let b: u64 = (0..50).map(|u| primes_in_unit(7, u)).sum();
        assert_eq!(a, b);
        assert_eq!(a, primes_in_units(7, 0, 50));
        // About one number in fourteen near a million is prime; among odd ones one in seven.
        assert!(
            a > 50 * NUMBERS_PER_UNIT / 14 && a < 50 * NUMBERS_PER_UNIT / 3,
            "{a}"
        );
    }

    #[test]
    fn the_rate_settles_only_when_the_latest_rounds_agree() {
        assert_eq!(settled_rate(&[100.0, 101.0]), None);
        assert_eq!(
            settled_rate(&[60.0, 100.0, 180.0]),
            None,
            "still tiering up"
        );
        assert_eq!(settled_rate(&[60.0, 200.0, 202.0, 198.0]), Some(200.0));
        assert_eq!(settled_rate(&[0.0, 0.0, 0.0]), None);
    }

    #[test]
    fn a_calibrator_settles_on_a_steady_machine() {
        let clock = crate::run::recorder::StdClock::default();
        let now = || crate::run::recorder::Clock::now_ms(&clock);
        let mut cal = Calibrator::new(&now);
        let c = loop {
            if let Some(c) = cal.round() {
                break c;
            }
        };
        assert!(cal.rounds() >= SETTLED_ROUNDS);
        assert!(c.units_per_ms > 1.0, "{c:?}");
    }

    #[test]
    fn calibration_turns_ms_into_at_least_one_unit() {
        let c = Calibration::from_measurement(3000, 10.0);
        assert_eq!(c.units_for(20.0), 6000);
        assert_eq!(c.units_for(0.0), 1);
    }
}
