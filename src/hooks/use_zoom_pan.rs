//! Zoom and pan over the timeline's time axis: the wheel and +/− zoom (around the pointer, or
//! the middle), a drag pans, 0 shows everything. Anchors and limits come from the layout last
//! drawn.

use super::use_keys;
use super::use_live_paint::Drawn;
use interleave_core::view::layout::{Viewport, LABEL_W};
use web_sys::{MouseEvent, WheelEvent};
use yew::prelude::*;

/// One +/− press or wheel notch zooms by this factor.
const ZOOM_STEP: f64 = 1.5;

/// A drag shorter than this many pixels is a click.
const DRAG_SLOP_PX: f64 = 2.0;

pub struct ZoomPan {
    /// The part of the axis shown; `None`: all of it.
    pub view: Option<Viewport>,
    pub on_wheel: Callback<WheelEvent>,
    /// Starts a drag.
    pub on_down: Callback<MouseEvent>,
    /// Ends a drag: the button went up, or the pointer left.
    pub on_up: Callback<MouseEvent>,
    /// Pans to the pointer at `x` if a drag is under way, and says whether it did.
    pub drag_to: Callback<f64, bool>,
}

#[hook]
pub fn use_zoom_pan(drawn: &Drawn) -> ZoomPan {
    let view = use_state(|| None::<Viewport>);
    let drag = use_mut_ref(|| None::<(f64, Viewport)>);
    let zoom_by = {
        let (view, drawn) = (view.clone(), drawn.clone());
        move |factor: f64, anchor: Option<f64>| {
            let Some(l) = drawn.get() else {
                return;
            };
            let anchor = anchor.unwrap_or((l.view.start_ms + l.view.end_ms) / 2.0);
            let next = l.view.zoom(factor, anchor, l.full);
            view.set((next != l.full).then_some(next));
        }
    };
    {
        let (zoom_by, view) = (zoom_by.clone(), view.clone());
        use_keys(Callback::from(move |key: String| match key.as_str() {
            "+" | "=" => {
                zoom_by(ZOOM_STEP, None);
                true
            }
            "-" | "_" => {
                zoom_by(1.0 / ZOOM_STEP, None);
                true
            }
            "0" => {
                view.set(None);
                true
            }
            _ => false,
        }));
    }
    let on_wheel = {
        let drawn = drawn.clone();
        Callback::from(move |e: WheelEvent| {
            let Some(t) = drawn.get().map(|l| l.time_at(e.offset_x() as f64)) else {
                return;
            };
            e.prevent_default();
            let factor = if e.delta_y() < 0.0 {
                ZOOM_STEP
            } else {
                1.0 / ZOOM_STEP
            };
            zoom_by(factor, Some(t));
        })
    };
    let on_down = {
        let (drag, drawn) = (drag.clone(), drawn.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(l) = drawn.get() {
                *drag.borrow_mut() = Some((e.offset_x() as f64, l.view));
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    let drag_to = {
        let (drawn, view) = (drawn.clone(), view.clone());
        Callback::from(move |x: f64| {
            let (Some(l), Some((x0, start))) = (drawn.get(), *drag.borrow()) else {
                return false;
            };
            if (x - x0).abs() <= DRAG_SLOP_PX {
                return false;
            }
            let ms_per_px = start.width_ms() / (l.width - LABEL_W).max(1.0);
            view.set(Some(start.pan((x0 - x) * ms_per_px, l.full)));
            true
        })
    };
    ZoomPan {
        view: *view,
        on_wheel,
        on_down,
        on_up,
        drag_to,
    }
}
