//! The time axis: round steps, and labels in µs, ms or s depending on how much time is shown.

use super::{Label, Plot};

/// Never more ticks than this, whatever the caller asks for.
const MAX_TICKS: usize = 1000;

/// The exponent of the largest power of ten at most `x` (a positive, finite number): by
/// comparison with exact powers, so no logarithm (and none of libm's code) is needed.
pub fn decade_exp(x: f64) -> i32 {
    let mut n = 0;
    while n < 300 && 10f64.powi(n + 1) <= x {
        n += 1;
    }
    while n > -300 && 10f64.powi(n) > x {
        n -= 1;
    }
    n
}

/// A round step (1, 2 or 5 × 10ⁿ) that puts about `target` ticks across `span`.
pub fn tick_step(span: f64, target: f64) -> f64 {
    let raw = (span / target.max(1.0)).max(1e-6);
    let pow = 10f64.powi(decade_exp(raw));
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow)
}

/// The unit tick labels are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Micros,
    Millis,
    Seconds,
}

impl Unit {
    /// µs below a millisecond shown, ms up to ten seconds, s above.
    pub(super) fn for_width(width_ms: f64) -> Self {
        if width_ms < 1.0 {
            Unit::Micros
        } else if width_ms <= 10_000.0 {
            Unit::Millis
        } else {
            Unit::Seconds
        }
    }

    fn per_ms(self) -> f64 {
        match self {
            Unit::Micros => 1000.0,
            Unit::Millis => 1.0,
            Unit::Seconds => 1e-3,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Unit::Micros => "µs",
            Unit::Millis => "ms",
            Unit::Seconds => "s",
        }
    }

    /// `t_ms` in this unit, with as many decimals as `step_ms` needs and no trailing zeros.
    pub(super) fn label(self, t_ms: f64, step_ms: f64) -> String {
        let value = t_ms * self.per_ms();
        let step = step_ms * self.per_ms();
        let decimals = (-decade_exp(step)).clamp(0, 12) as usize;
        let text = crate::view::figure::fixed(value, decimals);
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.')
        } else {
            &text
        };
        format!("{text} {}", self.suffix())
    }
}

/// Ticks at every multiple of a round step inside the view, from the first one at or after
/// its start, labelled at `y`.
pub(super) fn ticks(plot: &Plot, y: f64) -> Vec<Label> {
    let view = plot.view;
    let step = tick_step(view.width_ms(), (plot.width() / 90.0).floor());
    let unit = Unit::for_width(view.width_ms());
    let first = (view.start_ms / step - 1e-9).ceil();
    let last = view.end_ms + step * 1e-9;
    (0..MAX_TICKS)
        .map(|k| (first + k as f64) * step)
        .take_while(|t| *t <= last)
        .map(|t| Label {
            x: plot.x_of(t),
            y,
            text: unit.label(t, step),
        })
        .collect()
}

#[cfg(test)]
mod decade_tests {
    use super::decade_exp;

    #[test]
    fn the_decade_is_the_largest_power_of_ten_at_most_the_number() {
        for (x, n) in [
            (1.0, 0),
            (9.99, 0),
            (10.0, 1),
            (1000.0, 3),
            (0.1, -1),
            (0.099, -2),
            (2.5e-6, -6),
        ] {
            assert_eq!(decade_exp(x), n, "{x}");
        }
    }
}
