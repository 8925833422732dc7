//! A live heartbeat driven by requestAnimationFrame on the main thread. When the main thread
//! is blocked it visibly stops, and the worst frame gap of the current run is shown.

use crate::engine::frames;
use crate::hooks::use_animation_frame;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeartbeatProps {
    pub running: bool,
}

#[component]
pub fn Heartbeat(props: &HeartbeatProps) -> Html {
    let dot = use_node_ref();
    let gap = use_node_ref();
    let running = props.running;
    {
        let (dot, gap) = (dot.clone(), gap.clone());
        use_animation_frame(true, move || {
            let t = frames::now();
            if let Some(el) = dot.cast::<web_sys::HtmlElement>() {
                let x = ((t / 400.0).sin() * 0.5 + 0.5) * 100.0;
                let _ = el.style().set_property("left", &format!("{x:.1}%"));
            }
            if let Some(el) = gap.cast::<web_sys::HtmlElement>() {
                if running {
                    el.set_text_content(Some(&format!("{:.0} ms", frames::max_gap_ms())));
                }
            }
        });
    }
    html! {
        <div class="heartbeat" aria-label="Main-thread heartbeat">
            <div class="heartbeat-track"><div class="heartbeat-dot" ref={dot}></div></div>
            <span class="heartbeat-label">
                {"main thread heartbeat · worst frame gap this mode: "}
                <span id="frame-gap" ref={gap}>{"–"}</span>
            </span>
        </div>
    }
}
