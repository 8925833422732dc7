//! The timeline canvas: finished modes and the running one, stacked on one time axis. The
//! geometry comes from `model::layout`; `paint` draws it.

mod paint;

pub use paint::{paint_layout, PALETTE};

use crate::hooks::use_animation_frame;
use crate::model::layout::Section;
use crate::model::trace::{Span, Trace};
use crate::state::LiveMode;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// How often a running mode is redrawn when no span has started or ended, in ms.
const LIVE_REDRAW_MS: f64 = 100.0;

/// The running mode's spans as last copied, and when they were last drawn.
#[derive(Default)]
struct LiveCache {
    spans: Vec<Span>,
    drawn_at: f64,
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub traces: Vec<Rc<Trace>>,
    pub live: Option<LiveMode>,
    pub tasks: usize,
    /// Whether the running mode is drawn as it happens, or only when it ends.
    pub animate: bool,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let live = use_mut_ref(LiveCache::default);
    let draw = {
        let (canvas, traces, running, tasks) = (
            canvas.clone(),
            props.traces.clone(),
            props.live.clone(),
            props.tasks,
        );
        let live = live.clone();
        move |force: bool| {
            let mut cache = live.borrow_mut();
            if let Some(LiveMode { recorder: rec, .. }) = &running {
                let now = rec.0.now();
                let mut fresh = Vec::with_capacity(cache.spans.len());
                // A worker may hold the lock this frame; then the last copy stands.
                let copied = rec.0.try_copy_spans(0, &mut fresh);
                let changed = copied && fresh != cache.spans;
                if copied {
                    cache.spans = fresh;
                }
                // Redraw on news, and otherwise only often enough for open bars to grow: every
                // frame would spend the cores the workers are being measured on.
                if !(force || changed || now - cache.drawn_at >= LIVE_REDRAW_MS) {
                    return;
                }
                cache.drawn_at = now;
            }
            let mut sections: Vec<Section> = traces
                .iter()
                .map(|t| Section {
                    mode: t.mode,
                    spans: &t.spans,
                    wall_ms: Some(t.wall_ms),
                    now_ms: t.wall_ms,
                    tasks,
                    threads: t.threads,
                })
                .collect();
            if let Some(live) = &running {
                sections.push(Section {
                    mode: live.mode,
                    spans: &cache.spans,
                    wall_ms: None,
                    now_ms: live.recorder.0.now(),
                    tasks,
                    threads: live.threads,
                });
            }
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                paint::paint_canvas(&c, &sections);
            }
        }
    };
    {
        let draw = draw.clone();
        use_animation_frame(props.live.is_some() && props.animate, move || draw(false));
    }
    {
        let deps = (props.traces.clone(), props.live.clone());
        use_effect_with(deps, move |_| draw(true));
    }
    html! {
        <figure class="timeline">
            <canvas id="timeline" ref={canvas} role="img"
                aria-label="Timeline: one lane per thread, one row of lanes per mode, on one time axis"></canvas>
            <figcaption class="legend">
                <span class="swatch cpu"></span>{"CPU work (colour = task)"}
                <span class="swatch wait"></span>{"waiting for I/O (hatched)"}
                <span class="swatch gil"></span>{"waiting for the GIL (dotted)"}
                <span class="swatch startup"></span>{"starting a process"}
                <span class="swatch message"></span>{"message to or from a process"}
            </figcaption>
        </figure>
    }
}
