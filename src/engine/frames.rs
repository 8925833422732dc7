//! Animation frames on the main thread: one loop helper for everything that draws per frame,
//! and a meter that records the longest gap between two frames, i.e. how long the page froze.
//!
//! While a worker mode runs the page is *quiet*: every loop asks for a frame only once per
//! quiet tick (`QUIET_TICK_MS`). Asking for a frame at every vsync, even one in which nothing
//! changes, cost ~15 % of a core in compositing and frame scheduling (traced in headless Chromium), which
//! the workers being measured would otherwise have had. The frame gap is then not measured:
//! the main thread is not what such a run measures, and the heartbeat still shows it alive.
//! The page is quiet while it loads as well (see `use_environment`), for the workers starting
//! and the calibration.

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
        let tick = tick_ms();
        let delay = tick - now() % tick;
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
}

/// Makes the page quiet (one frame per live tick) while a worker mode runs, or lively again.
/// Lively again, every loop asks for the next frame at once: a loop still waiting for its
/// quiet tick would leave the frame-gap meter without frames for up to `QUIET_TICK_MS`, and
/// a cooperative run starting then would report that as a frozen page.
pub fn set_quiet(quiet: bool) {
    QUIET.with(|q| q.set(quiet));
    if !quiet {
        for (_, slot) in PARKED.with(|p| std::mem::take(&mut *p.borrow_mut())) {
            request_now(&slot);
        }
    }
}

/// Whether the page asks for frames only once per live tick now.
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get)
}

#[derive(Default)]
struct Meter {
    started: Cell<bool>,
    last: Cell<f64>,
    max_gap: Cell<f64>,
    ticks: Cell<u64>,
}

thread_local! {
    static METER: Meter = Meter::default();
}

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Starts the meter for the page's lifetime; later calls do nothing.
pub fn start() {
    if METER.with(|m| m.started.replace(true)) {
        return;
    }
    reset();
    animation_loop(|| {
        let t = now();
        METER.with(|m| {
            m.max_gap.set(m.max_gap.get().max(t - m.last.get()));
            m.last.set(t);
            m.ticks.set(m.ticks.get() + 1);
        });
        true
    });
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

/// Forgets the gaps seen so far.
pub fn reset() {
    METER.with(|m| {
        m.last.set(now());
        m.max_gap.set(0.0);
    });
}

/// The longest gap since `reset`, counting the frame that is still awaited.
pub fn max_gap_ms() -> f64 {
    METER.with(|m| m.max_gap.get().max(now() - m.last.get()))
}

/// How often the page draws while a mode runs, in ms. Every frame the page draws during a run
/// takes CPU from the run being measured: in headless Chromium a frame with a change cost
/// ~5 ms of main thread plus ~4 ms of compositing (traced), so a moving heartbeat alone took
/// half a core at 60 frames a second. Ten steps a second still shows the page alive, and a
/// freeze as plainly.
pub const LIVE_TICK_MS: f64 = 100.0;

/// The live tick while a worker mode runs (quiet). Every frame with a change costs the workers
/// about as much whatever changed: with the heartbeat or the timeline alone still drawing ten
/// times a second, a 2-thread run took 250 ms against 229 with live drawing off; with neither,
/// 236 (paired in one browser). Four steps a second still show the page alive.
pub const QUIET_TICK_MS: f64 = 250.0;

fn tick_ms() -> f64 {
    if is_quiet() {
        QUIET_TICK_MS
    } else {
        LIVE_TICK_MS
    }
}

/// The number of the current live tick: everything that draws during a run draws when it
/// changes, so that they all change in the same frame.
pub fn live_tick() -> u64 {
    (now() / tick_ms()) as u64
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

/// Frames seen since the page loaded.
pub fn ticks() -> u64 {
    METER.with(|m| m.ticks.get())
}
