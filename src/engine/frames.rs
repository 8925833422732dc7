//! Animation frames on the main thread: one loop helper for everything that draws per frame,
//! the page's quiet pace while a mode runs, and the meter of how long the page froze.
//!
//! While a mode runs, or the page loads, the page is *quiet*: every loop asks for a frame only
//! once per quiet tick (`QUIET_TICK_MS`). Asking for a frame at every vsync, even one in which
//! nothing changes, cost ~15 % of a core in compositing and frame scheduling while workers ran,
//! and ~1 ms of a cooperative run's loop at every step (traced in headless Chromium): CPU the
//! run being measured would otherwise have had.
//!
//! So the frame gap cannot be measured by frames. While a mode runs on the main thread, a
//! timer asks for the loop again each time it has run (every ~4 ms, the browser's clamp for
//! nested timers; `yielding::watch_loop`). The longest time between two of its turns is the
//! longest the loop was held: no frame could be drawn, and no input answered, meanwhile.
//! While workers run, the main thread is not what is measured, and the meter is off.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `on_frame` on every animation frame until it returns false.
pub fn animation_loop(mut on_frame: impl FnMut() -> bool + 'static) {
    let slot: Slot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move |_: f64| {
        if on_frame() {
            request(&again);
        } else if let Some(me) = again.borrow_mut().take() {
            // A closure cannot be dropped while it runs: forget it, which also frees the slot.
            me.forget();
        }
    }));
    request(&slot);
}

fn request(slot: &Slot) {
    let Some(w) = web_sys::window() else { return };
    if is_quiet() {
        // Ask for a frame at the next live tick, in the same frame as every other loop; or
        // when the page stops being quiet, if that comes first (`set_quiet`).
        let id = NEXT_PARKED.with(|n| n.replace(n.get() + 1));
        PARKED.with(|p| p.borrow_mut().push((id, slot.clone())));
        let later = Closure::once_into_js(move || {
            if let Some(slot) = unpark(id) {
                request_now(&slot);
            }
        });
        let delay = QUIET_TICK_MS - since_origin() % QUIET_TICK_MS;
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            later.unchecked_ref(),
            delay.ceil() as i32,
        );
    } else {
        request_now(slot);
    }
}

fn request_now(slot: &Slot) {
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

/// The loop with this id, if it still waits for its quiet tick.
fn unpark(id: u64) -> Option<Slot> {
    PARKED.with(|p| {
        let mut parked = p.borrow_mut();
        let at = parked.iter().position(|(i, _)| *i == id)?;
        Some(parked.swap_remove(at).1)
    })
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// Loops waiting for their next quiet tick, by the id their timer carries.
    static PARKED: RefCell<Vec<(u64, Slot)>> = const { RefCell::new(Vec::new()) };
    static NEXT_PARKED: Cell<u64> = const { Cell::new(0) };
    /// When tick `TICKS_BEFORE` began (`ticks_from_now`); ticks are counted from there.
    static TICK_ORIGIN: Cell<f64> = const { Cell::new(0.0) };
    static TICKS_BEFORE: Cell<u64> = const { Cell::new(0) };
}

/// Counts quiet ticks afresh from now, as a mode's clock starts: its first frame comes a whole
/// tick into it, so a mode shorter than a tick draws none while it runs, and every mode of a run
/// draws as many as its length allows, not one more or less by the phase it started at. Loops
/// waiting for a tick of the old count wait for the first of the new.
pub fn ticks_from_now() {
    let next = live_tick() + 1;
    TICK_ORIGIN.with(|o| o.set(now()));
    TICKS_BEFORE.with(|t| t.set(next));
    for (_, slot) in PARKED.with(|p| std::mem::take(&mut *p.borrow_mut())) {
        request(&slot);
    }
}

fn since_origin() -> f64 {
    now() - TICK_ORIGIN.with(Cell::get)
}

/// Makes the page quiet (one frame per quiet tick) while a mode runs, or lively again. Lively
/// again, every loop asks for the next frame at once rather than at its quiet tick, up to
/// `QUIET_TICK_MS` later: the page moves as soon as the run is over.
pub fn set_quiet(quiet: bool) {
    QUIET.with(|q| q.set(quiet));
    if !quiet {
        for (_, slot) in PARKED.with(|p| std::mem::take(&mut *p.borrow_mut())) {
            request_now(&slot);
        }
    }
}

/// Whether the page asks for frames only once per quiet tick now.
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get)
}

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The longest `after_frames` waits for one frame: a tab hidden meanwhile draws none.
const FRAME_WAIT_MS: i32 = 100;

/// Resolves after the next `n` animation frames have been drawn (their paint, not only their
/// callbacks): by then the page has drawn what was queued. A hidden tab draws no frames (a
/// deck's background tab, `autoplay=load` behind another tab), so there it resolves at once,
/// and it never waits longer than `FRAME_WAIT_MS` for a frame.
pub async fn after_frames(n: usize) {
    let Some(w) = web_sys::window() else { return };
    for _ in 0..n {
        if w.document().is_some_and(|d| d.hidden()) {
            return;
        }
        super::yielding::after_frame_drawn(FRAME_WAIT_MS).await;
    }
}

pub use super::yielding::{loop_gap as max_gap_ms, stop_watching, watch_loop, watching};

/// How often the page draws while it is quiet (a mode runs, or the page loads), in ms. Every
/// frame the page draws during a run takes CPU from the run being measured, whatever changed:
/// - in headless Chromium a frame with a change cost ~5 ms of main thread plus ~4 ms of
///   compositing (traced); a moving heartbeat alone took half a core at 60 frames a second;
/// - with the heartbeat or the timeline alone still drawing ten times a second, a 2-thread run
///   took 250 ms against 229 with live drawing off; with neither, 236 (paired in one browser);
/// - a cooperative run drawing ten times a second took 1.056 times as long as sequential,
///   against 1.019 at four times (medians of 16 pairs, in one browser).
///
/// Four steps a second still show the page alive, and a freeze as plainly.
pub const QUIET_TICK_MS: f64 = 250.0;

/// The number of the current quiet tick: everything that draws during a run draws when it
/// changes, so that they all change in the same frame.
pub fn live_tick() -> u64 {
    TICKS_BEFORE.with(Cell::get) + (since_origin() / QUIET_TICK_MS) as u64
}

/// Whether the visitor asked for reduced motion: then nothing sweeps, replay jumps by steps.
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}
