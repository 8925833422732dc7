//! The timeline canvas: finished modes and the running one, stacked on one time axis. The
//! geometry comes from the core's `view::layout`; `paint` draws it, `hooks::use_live_paint`
//! decides when.
//! Wheel, drag and +/−/0 zoom and pan (`hooks::use_zoom_pan`); hovering a bar names its span,
//! hovering the band of tasks past the wait rows says how many do what at that moment;
//! clicking a bar highlights its task in every mode. The playhead and highlights live on an
//! overlay canvas, so moving them never redraws every span.

pub(crate) mod paint;

pub use paint::{paint_layout, PALETTE};

use crate::hooks::{
    use_drawn, use_live_paint, use_overlay_paint, use_style, use_zoom_pan, Picture, ZoomPan,
};
use crate::state::{LiveMode, Recording};
use interleave_core::run::trace::{Span, Trace, NO_TASK};
use interleave_core::scenario::config::Theme;
use interleave_core::view::layout::{band_at, hit, MAX_WAIT_ROWS};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, MouseEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub traces: Recording,
    pub live: Option<LiveMode>,
    pub tasks: usize,
    /// Whether the running mode is drawn as it happens, or only when it ends.
    pub animate: bool,
    /// The replay's position, in ms from each mode's start.
    pub playhead: Option<f64>,
    /// The colour theme: a change repaints the text in the new theme's colour.
    #[prop_or_default]
    pub theme: Theme,
}

/// What the pointer is over: the span's description and where to show it.
#[derive(Clone, PartialEq)]
struct Hover {
    text: String,
    x: f64,
    y: f64,
}

fn describe(trace: &Trace, span: &Span) -> String {
    let task = if span.task == NO_TASK {
        "—".to_string()
    } else {
        span.task.to_string()
    };
    let end = if span.is_open() {
        trace.wall_ms
    } else {
        span.end
    };
    format!(
        "{} · task {task} · step {} · {} · start {:.3} ms · {:.3} ms long · {}",
        trace.label(),
        span.step,
        span.kind.key(),
        span.start,
        end - span.start,
        span.lane.name()
    )
}

/// Where the pointer is in the picture, whichever of its canvases is under it.
fn at(e: &MouseEvent) -> (f64, f64) {
    let top = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .map_or(0, |el| el.offset_top());
    (e.offset_x() as f64, (e.offset_y() + top) as f64)
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let live_canvas = use_node_ref();
    let overlay = use_node_ref();
    let drawn = use_drawn();
    let ZoomPan {
        view,
        on_wheel,
        on_down,
        on_up,
        drag_to,
    } = use_zoom_pan(&drawn);
    let picture = Picture {
        traces: props.traces.clone(),
        live: props.live.clone(),
        tasks: props.tasks,
        view,
    };
    let (animate, theme) = (props.animate, props.theme);
    use_live_paint(&canvas, &live_canvas, &drawn, &picture, animate, theme);
    let hover = use_state(|| None::<Hover>);
    let highlight = use_state(|| None::<u32>);
    let tooltip = use_node_ref();
    let at_pointer = hover.as_ref().map_or(vec![], |h| {
        vec![
            ("left", format!("{}px", h.x + 12.0)),
            ("top", format!("{}px", h.y + 12.0)),
        ]
    });
    use_style(&tooltip, at_pointer);
    let playhead = props.playhead;
    use_overlay_paint(&overlay, &drawn, &picture, playhead, *highlight);
    let on_move = {
        let (drawn, hover, traces) = (drawn.clone(), hover.clone(), props.traces.clone());
        Callback::from(move |e: MouseEvent| {
            let (x, y) = at(&e);
            if drag_to.emit(x) {
                return;
            }
            let Some(l) = drawn.get() else {
                return;
            };
            let found = hit(&l, x, y)
                .and_then(|(sec, i)| {
                    traces
                        .get(sec)
                        .and_then(|t| t.spans.get(i).map(|s| describe(t, s)))
                })
                // Past the wait rows, the band says how many tasks do what at that moment.
                .or_else(|| {
                    band_at(&l, x, y).map(|r| {
                        let mode = traces.get(r.section).map(|t| t.label());
                        match mode {
                            Some(mode) => format!("{mode} · {}", r.text()),
                            None => r.text(),
                        }
                    })
                });
            hover.set(found.map(|text| Hover { text, x, y }));
        })
    };
    let on_leave = {
        let (hover, on_up) = (hover.clone(), on_up.clone());
        Callback::from(move |e: MouseEvent| {
            hover.set(None);
            on_up.emit(e);
        })
    };
    let on_click = {
        let (drawn, highlight, traces) = (drawn.clone(), highlight.clone(), props.traces.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(l) = drawn.get() else {
                return;
            };
            let (x, y) = at(&e);
            let task = hit(&l, x, y)
                .and_then(|at| traces.span_at(at))
                .map(|s| s.task)
                .filter(|t| *t != NO_TASK);
            highlight.set(if task == *highlight { None } else { task });
        })
    };
    html! {
        <figure class="timeline">
            <div class="canvases" onwheel={on_wheel} onmousedown={on_down} onmouseup={on_up}
                onmousemove={on_move} onmouseleave={on_leave} onclick={on_click}>
                <canvas id="timeline" ref={canvas} role="img" data-zoomed={view.is_some().to_string()}
                    aria-label="Timeline: one lane per thread, one row of lanes per mode, on one time axis. Wheel or + and − zoom, drag pans, 0 shows everything."></canvas>
                <canvas id="timeline-live" ref={live_canvas} aria-hidden="true"></canvas>
                <canvas id="timeline-overlay" ref={overlay} aria-hidden="true"
                    data-t={props.playhead.map(|t| t.to_string()).unwrap_or_default()}
                    data-highlight={highlight.map(|t| t.to_string()).unwrap_or_default()}></canvas>
                if let Some(h) = &*hover {
                    <div class="tooltip" id="span-tooltip" role="tooltip" ref={tooltip}>{ h.text.clone() }</div>
                }
            </div>
            { legend(props.tasks > MAX_WAIT_ROWS) }
        </figure>
    }
}

/// The keys to the picture; `band`: tasks past the wait rows are counted in a band.
fn legend(band: bool) -> Html {
    html! {
        <figcaption class="legend">
            <span class="key"><span class="swatch cpu"></span>{"CPU work (colour = task)"}</span>
            <span class="key"><span class="swatch wait"></span>{"waiting for I/O (hatched)"}</span>
            <span class="key"><span class="swatch yield"></span>{"yielded, waiting for its turn (dotted line)"}</span>
            <span class="key"><span class="swatch gil"></span>{"waiting for the GIL (dotted box)"}</span>
            <span class="key"><span class="swatch lock"></span>{"waiting for a lock (dashed box, barred)"}</span>
            <span class="key"><span class="swatch startup"></span>{"starting a process"}</span>
            <span class="key"><span class="swatch message"></span>{"message to or from a process"}</span>
            <span class="key"><span class="swatch crash"></span>{"a task crashed"}</span>
            <span class="key"><span class="swatch density"></span>{"many spans too short to draw"}</span>
            if band {
                <span class="key"><span class="swatch band"></span>{"tasks past the rows: how many wait for I/O, for their turn, or compute"}</span>
            }
        </figcaption>
    }
}
