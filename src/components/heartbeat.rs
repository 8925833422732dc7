//! A live heartbeat driven by requestAnimationFrame on the main thread. When the main thread
//! is blocked it visibly stops, and the worst frame gap of the current run is shown. During a
//! run it moves in steps, ten a second (four while workers run, and while the page loads), so
//! that it costs the run little.

use crate::engine::frames;
use crate::hooks::use_animation_frame;
use crate::model::figure;
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
    let still = frames::reduced_motion();
    let moving = (props.animate || !props.running) && !still;
    {
        let (dot, gap, counter) = (dot.clone(), gap.clone(), counter.clone());
        let (last_text, last_tick) = (last_text.clone(), last_tick.clone());
        use_animation_frame(true, move || {
            let t = frames::now();
            // Smooth when idle; during a run, one step per live tick (see `LIVE_TICK_MS`). A
            // quiet page (loading, or workers running) asks for a frame once per quiet tick.
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
                el.set_text_content(Some(&format!("{} frames", frames::ticks() / 10 * 10)));
            }
            if let Some(el) = gap.cast::<web_sys::HtmlElement>().filter(|_| running) {
                // A worker mode keeps the page quiet (see `frames`): its frame gaps are not
                // measured, NaN stands for that.
                let gap = match frames::is_quiet() {
                    true => f64::NAN,
                    false => frames::max_gap_ms().round(),
                };
                let last = *last_text.borrow();
                let changed = gap.to_bits() != last.0.to_bits();
                // Going quiet is written at once: the run waits for it to be drawn before
                // its clock starts, rather than have it drawn while the workers are measured.
                let quieted = gap.is_nan() && !last.0.is_nan();
                if changed && (quieted || t - last.1 >= TEXT_EVERY_MS) {
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
