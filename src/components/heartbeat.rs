//! A live heartbeat driven by requestAnimationFrame on the main thread. When the main thread
//! is blocked it visibly stops, and the worst frame gap of the current run is shown. During a
//! run, and while the page loads, it moves in steps, four a second, so that it costs the run
//! little.

use crate::engine::frames;
use crate::hooks::use_animation_frame;
use interleave_core::view::figure;
use yew::prelude::*;

/// The shortest time between two updates of the frame-gap text, in ms.
const TEXT_EVERY_MS: f64 = 250.0;
/// The track's width and the dot's diameter, in CSS pixels.
const TRACK_W: f64 = 160.0;
const DOT: f64 = 14.0;

/// Draws the dot `x` pixels along its track. A canvas, not a moving element: moving an
/// element by a transform cost every step ~1.3 ms of layerizing on the main thread, which a
/// cooperative run being measured pays for; a canvas's new picture costs no layerizing (both
/// traced).
fn draw_dot(canvas: &web_sys::HtmlCanvasElement, x: f64) {
    let Some(ctx) = super::timeline::paint::fit(canvas, TRACK_W, DOT) else {
        return;
    };
    ctx.set_fill_style_str("#d55e00");
    ctx.begin_path();
    let r = DOT / 2.0;
    let _ = ctx.arc(x + r, r, r, 0.0, std::f64::consts::TAU);
    ctx.fill();
}

#[derive(Properties, PartialEq)]
pub struct HeartbeatProps {
    pub running: bool,
    /// Whether the dot moves during a run. Still, it costs the measured run no drawing; the
    /// frame gaps are measured either way.
    pub animate: bool,
}

#[component]
pub fn Heartbeat(props: &HeartbeatProps) -> Html {
    let dot = use_node_ref();
    let gap = use_node_ref();
    let counter = use_node_ref();
    let running = props.running;
    let last_text = use_mut_ref(|| (f64::NAN, f64::NEG_INFINITY));
    let last_tick = use_mut_ref(|| u64::MAX);
    let drawn = use_mut_ref(|| 0u64);
    let still = frames::reduced_motion();
    let moving = (props.animate || !props.running) && !still;
    {
        let (dot, gap, counter) = (dot.clone(), gap.clone(), counter.clone());
        let (last_text, last_tick, drawn) = (last_text.clone(), last_tick.clone(), drawn.clone());
        use_animation_frame(true, move || {
            let t = frames::now();
            *drawn.borrow_mut() += 1;
            // Smooth when idle; during a run, one step per quiet tick (see `QUIET_TICK_MS`).
            let step = !running || last_tick.replace(frames::live_tick()) != frames::live_tick();
            if let Some(c) = dot
                .cast::<web_sys::HtmlCanvasElement>()
                .filter(|_| moving && step)
            {
                // The browser's own sine: Rust's would add libm's to the first load.
                let x = (js_sys::Math::sin(t / 400.0) * 0.5 + 0.5) * (TRACK_W - DOT);
                draw_dot(&c, x);
            }
            // Text changes cost a layout and a paint, which take CPU from the run being
            // measured: write only a changed value, at most a few times a second.
            if let Some(el) = counter.cast::<web_sys::HtmlElement>().filter(|_| still) {
                // Without motion, the heartbeat is a count of frames that keeps rising.
                let n = *drawn.borrow();
                el.set_text_content(Some(&format!("{} frames", n / 10 * 10)));
            }
            if let Some(el) = gap.cast::<web_sys::HtmlElement>() {
                // Only a mode on the main thread has its frame gaps measured (see `frames`);
                // a worker mode's are NaN.
                let gap = frames::max_gap_ms().round();
                let last = *last_text.borrow();
                let changed = !(gap == last.0 || gap.is_nan() && last.0.is_nan());
                // Unwatched, a change is written at once: a worker mode's "not measured"
                // before its clock starts (the run waits for it to be drawn, rather than have
                // it drawn while the workers are measured), and a mode's last figure when it
                // ends, however soon after the last write.
                if changed && (!frames::watching() || t - last.1 >= TEXT_EVERY_MS) {
                    let text = match gap.is_nan() {
                        true => {
                            "not measured while workers run (the page draws four times a second)"
                                .into()
                        }
                        false => figure::ms(gap, 0),
                    };
                    el.set_text_content(Some(&text));
                    *last_text.borrow_mut() = (gap, t);
                }
            }
        });
    }
    html! {
        <div class="heartbeat" aria-label="Main-thread heartbeat">
            if still {
                <span class="heartbeat-count" ref={counter}></span>
            } else {
                <div class="heartbeat-track"><canvas class="heartbeat-dot" ref={dot} aria-hidden="true"></canvas></div>
            }
            <span class="heartbeat-label">
                {"main thread heartbeat · worst frame gap this mode: "}
                <span id="frame-gap" ref={gap}>{"–"}</span>
                if !props.animate {
                    {" · live drawing is off (live=0): each mode is drawn when it ends"}
                }
            </span>
        </div>
    }
}
