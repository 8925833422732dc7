//! When an embed asked to play (its slide shown, scrolled into view, its loop due) may start
//! measuring: once the page is quiet. A deck announces a slide as its transition begins, and
//! while the transition runs the browser composites every frame on the same cores the workers
//! measure on (threads reached 1.24× in a deck where the same embed reached 1.95× alone). So
//! the run waits until the frame has stopped moving and frames come at a steady pace, but never
//! for long.

/// The most a run is held back, in ms: longer than reveal.js's slowest transition (1.2 s).
pub const MAX_WAIT_MS: f64 = 1500.0;
/// How long the frame must stay where it is once fully in view, in ms...
const STILL_IN_VIEW_MS: f64 = 100.0;
/// ...and when only partly in view, where the observer's last step may still be moving.
const STILL_PARTLY_MS: f64 = 300.0;
/// Frames in a row no further apart than `STEADY_FRAME_MS` that make the pace steady.
const STEADY_FRAMES: u32 = 5;
const STEADY_FRAME_MS: f64 = 25.0;

/// What the page has seen since it was asked to play.
#[derive(Clone, Debug, PartialEq)]
pub struct Settling {
    since: f64,
    /// When the frame's share in view last changed, and to what.
    moved_at: f64,
    in_view: f64,
    last_frame: Option<f64>,
    steady: u32,
}

/// How the wait ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settled {
    pub waited_ms: f64,
    /// Whether it gave up waiting: the page never went quiet.
    pub gave_up: bool,
}

impl Settling {
    /// Asked to play at `now`, with `in_view` of the frame showing.
    pub fn new(now: f64, in_view: f64) -> Self {
        Settling {
            since: now,
            moved_at: now,
            in_view,
            last_frame: None,
            steady: 0,
        }
    }

    /// The frame's share in view changed.
    pub fn moved(&mut self, now: f64, in_view: f64) {
        self.moved_at = now;
        self.in_view = in_view;
    }

    /// The frame moved, its share in view the same.
    pub fn stirred(&mut self, now: f64) {
        self.moved_at = now;
    }

    /// A frame was drawn at `now`: the run may start when this says so.
    pub fn frame(&mut self, now: f64) -> Option<Settled> {
        let steady = self.last_frame.is_some_and(|t| now - t <= STEADY_FRAME_MS);
        self.steady = if steady { self.steady + 1 } else { 0 };
        self.last_frame = Some(now);
        let still = if self.in_view >= 0.99 {
            STILL_IN_VIEW_MS
        } else {
            STILL_PARTLY_MS
        };
        let quiet = now - self.moved_at >= still && self.steady >= STEADY_FRAMES;
        let gave_up = now - self.since >= MAX_WAIT_MS;
        (quiet || gave_up).then_some(Settled {
            waited_ms: now - self.since,
            gave_up: gave_up && !quiet,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames every `every` ms from `from` to `to`, until the first that settles.
    fn frames(s: &mut Settling, from: f64, to: f64, every: f64) -> Option<Settled> {
        let mut t = from;
        while t <= to {
            if let Some(done) = s.frame(t) {
                return Some(done);
            }
            t += every;
        }
        None
    }

    #[test]
    fn a_page_already_quiet_starts_after_a_few_steady_frames() {
        let mut s = Settling::new(0.0, 1.0);
        let done = frames(&mut s, 16.0, 1000.0, 16.7).unwrap();
        assert!(!done.gave_up);
        assert!(
            done.waited_ms >= 100.0 && done.waited_ms < 150.0,
            "{done:?}"
        );
    }

    #[test]
    fn a_slide_transition_is_waited_out() {
        let mut s = Settling::new(0.0, 0.0);
        // An 800 ms transition: the frame slides in, its share in view growing.
        let mut t = 0.0;
        while t < 800.0 {
            s.moved(t, t / 800.0);
            assert_eq!(s.frame(t), None, "still moving at {t}");
            t += 16.7;
        }
        s.moved(800.0, 1.0);
        let done = frames(&mut s, 816.0, 2000.0, 16.7).unwrap();
        assert!(done.waited_ms >= 900.0 && !done.gave_up, "{done:?}");
    }

    #[test]
    fn a_frame_wholly_in_view_that_still_moves_is_waited_for() {
        let mut s = Settling::new(0.0, 1.0);
        let (mut t, mut last) = (0.0, 0.0);
        while t < 500.0 {
            s.stirred(t);
            assert_eq!(s.frame(t), None, "still moving at {t}");
            last = t;
            t += 16.7;
        }
        let done = frames(&mut s, t, 2000.0, 16.7).unwrap();
        assert!(
            done.waited_ms >= last + STILL_IN_VIEW_MS && !done.gave_up,
            "{done:?}"
        );
    }

    #[test]
    fn uneven_frames_hold_the_run_back_but_never_for_long() {
        let mut s = Settling::new(0.0, 1.0);
        // A busy page: a frame every 50 ms.
        let done = frames(&mut s, 50.0, 5000.0, 50.0).unwrap();
        assert!(done.gave_up);
        assert!(
            (MAX_WAIT_MS..MAX_WAIT_MS + 50.0).contains(&done.waited_ms),
            "{done:?}"
        );
    }

    #[test]
    fn a_frame_partly_in_view_waits_longer_for_its_last_step() {
        let mut s = Settling::new(0.0, 0.6);
        let done = frames(&mut s, 16.0, 1000.0, 16.7).unwrap();
        assert!(done.waited_ms >= 300.0, "{done:?}");
    }
}
