//! The stretch of time the plot shows, and how zooming and panning move it.

/// A window on the shared time axis, in ms since the modes started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub start_ms: f64,
    pub end_ms: f64,
}

impl Viewport {
    /// The narrowest window: one microsecond.
    pub const MIN_WIDTH_MS: f64 = 1e-3;

    /// Everything from 0 to `span_ms`, and never narrower than a microsecond.
    pub fn fit(span_ms: f64) -> Self {
        let span = if span_ms.is_finite() {
            span_ms.max(Self::MIN_WIDTH_MS)
        } else {
            Self::MIN_WIDTH_MS
        };
        Viewport {
            start_ms: 0.0,
            end_ms: span,
        }
    }

    pub fn width_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }

    /// Whether time `t` is in the window, ends included.
    pub fn contains(&self, t: f64) -> bool {
        t >= self.start_ms && t <= self.end_ms
    }

    /// `factor` times closer (above 1 zooms in), keeping `anchor_ms` where it is on screen,
    /// no narrower than a microsecond and no wider than `bounds`, and inside `bounds`.
    pub fn zoom(self, factor: f64, anchor_ms: f64, bounds: Viewport) -> Self {
        let bounds = bounds.sanitized(Viewport::fit(1.0));
        let here = self.sanitized(bounds);
        let factor = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        let w = here.width_ms();
        let new_w = (w / factor).max(Self::MIN_WIDTH_MS).min(bounds.width_ms());
        let anchor = if anchor_ms.is_finite() {
            anchor_ms
        } else {
            here.start_ms + w / 2.0
        };
        // The anchor's share of the way across the screen stays the same.
        let share = (anchor - here.start_ms) / w;
        Viewport::placed(anchor - share * new_w, new_w, bounds)
    }

    /// Moved by `delta_ms` (positive moves later), same width, inside `bounds`.
    pub fn pan(self, delta_ms: f64, bounds: Viewport) -> Self {
        let bounds = bounds.sanitized(Viewport::fit(1.0));
        let here = self.sanitized(bounds);
        let delta = if delta_ms.is_finite() { delta_ms } else { 0.0 };
        let w = here.width_ms().min(bounds.width_ms());
        Viewport::placed(here.start_ms + delta, w, bounds)
    }

    /// A window of width `w` from `start`, shifted as little as needed to fit in `bounds`.
    fn placed(start: f64, w: f64, bounds: Viewport) -> Self {
        if w >= bounds.width_ms() {
            return bounds;
        }
        let latest = (bounds.end_ms - w).max(bounds.start_ms);
        let start = if start.is_finite() {
            start.max(bounds.start_ms).min(latest)
        } else {
            bounds.start_ms
        };
        Viewport {
            start_ms: start,
            end_ms: (start + w).min(bounds.end_ms),
        }
    }

    /// This window if it is a usable one, widened to a microsecond if narrower, and `fallback`
    /// if it is not finite or runs backwards.
    pub(crate) fn sanitized(self, fallback: Viewport) -> Self {
        if !(self.start_ms.is_finite() && self.end_ms.is_finite()) || self.end_ms < self.start_ms {
            return fallback;
        }
        if self.width_ms() < Self::MIN_WIDTH_MS {
            return Viewport {
                start_ms: self.start_ms,
                end_ms: self.start_ms + Self::MIN_WIDTH_MS,
            };
        }
        self
    }
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport::fit(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::close;

    #[test]
    fn zoom_keeps_the_anchor_on_screen_and_stays_in_bounds() {
        let bounds = Viewport::fit(1000.0);
        let v = Viewport {
            start_ms: 200.0,
            end_ms: 600.0,
        };
        let z = v.zoom(4.0, 300.0, bounds);
        assert!(close(z.width_ms(), 100.0));
        let share = |v: Viewport, t: f64| (t - v.start_ms) / v.width_ms();
        assert!(close(share(z, 300.0), share(v, 300.0)), "{z:?}");
        // Zooming out again brings back the same window.
        let back = z.zoom(0.25, 300.0, bounds);
        assert!(close(back.start_ms, 200.0) && close(back.end_ms, 600.0));
        // Never wider than the bounds, however far out.
        assert_eq!(v.zoom(1e-6, 300.0, bounds), bounds);
        // Never narrower than a microsecond, however far in.
        let deep = v.zoom(1e12, 300.0, bounds);
        assert!(close(deep.width_ms(), Viewport::MIN_WIDTH_MS), "{deep:?}");
        assert!(deep.start_ms <= 300.0 && 300.0 <= deep.end_ms);
        // Near an edge the window is pushed back inside rather than past it.
        let edge = Viewport {
            start_ms: 900.0,
            end_ms: 1000.0,
        }
        .zoom(0.5, 900.0, bounds);
        assert_eq!(
            edge,
            Viewport {
                start_ms: 800.0,
                end_ms: 1000.0
            }
        );
        // Many steps in and out never leave the bounds.
        let mut w = bounds;
        for (i, f) in [3.0, 0.7, 50.0, 1e-3, 1e9, 0.01, f64::NAN, 2.0]
            .into_iter()
            .enumerate()
        {
            w = w.zoom(f, i as f64 * 170.0, bounds);
            assert!(w.start_ms >= 0.0 && w.end_ms <= 1000.0, "{w:?}");
            assert!(w.width_ms() >= Viewport::MIN_WIDTH_MS * (1.0 - 1e-6));
        }
    }

    #[test]
    fn pan_keeps_the_width_and_clamps() {
        let bounds = Viewport::fit(1000.0);
        let v = Viewport {
            start_ms: 200.0,
            end_ms: 600.0,
        };
        let moved = v.pan(100.0, bounds);
        assert_eq!(
            moved,
            Viewport {
                start_ms: 300.0,
                end_ms: 700.0
            }
        );
        assert_eq!(
            v.pan(1e6, bounds),
            Viewport {
                start_ms: 600.0,
                end_ms: 1000.0
            }
        );
        assert_eq!(
            v.pan(-1e6, bounds),
            Viewport {
                start_ms: 0.0,
                end_ms: 400.0
            }
        );
        assert_eq!(v.pan(f64::NAN, bounds), v);
        assert_eq!(Viewport::fit(0.0).width_ms(), Viewport::MIN_WIDTH_MS);
    }
}
