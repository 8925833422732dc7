//! The timeline canvas: finished modes and the running one, stacked on one time axis. The
//! geometry comes from `view::layout` (core); `paint` draws it. Wheel, drag and +/−/0 zoom and pan;
//! hovering a bar names its span; clicking one highlights its task in every mode. The playhead
//! and highlights live on an overlay canvas, so moving them never redraws every span.

pub(super) mod paint;

pub use paint::{paint_layout, PALETTE};

use crate::engine::{frames, note_paint};
use crate::hooks::{use_animation_frame, use_keys, use_style};
use crate::state::{LiveMode, Recording};
use interleave_core::run::recorder::{LiveSpans, SharedRecorder};
use interleave_core::run::trace::{Span, Trace, NO_TASK};
use interleave_core::scenario::config::Theme;
use interleave_core::view::layout::{hit, layout_part, span_of, Layout, Part, Section, Viewport};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, MouseEvent, WheelEvent};
use yew::prelude::*;

/// One +/− press or wheel notch zooms by this factor.
const ZOOM_STEP: f64 = 1.5;

/// While the cooperative mode runs, the page's own thread is the one being measured: a live
/// draw waits until this many times its last draw's cost has passed. The browser's commit and
/// layering of the changed canvas cost about as much again (traced), so the view takes ~2 % of
/// the loop it shows, where one draw per live tick took ~4 %.
const MAIN_THREAD_DRAW_SPACING: f64 = 100.0;
/// The picture of a running mode is never older than this.
const MAIN_THREAD_DRAW_MAX_WAIT_MS: f64 = 500.0;

/// The running mode's spans as last copied, and the live tick they were last drawn on.
#[derive(Default)]
struct LiveCache {
    /// Whose spans `copy` holds: a new mode starts a new copy.
    source: Option<SharedRecorder>,
    copy: LiveSpans,
    drawn_on: u64,
    /// On the main thread, the earliest time the next live draw may start.
    next_at: f64,
    /// The finished modes above the running one, as painted on the main canvas.
    above: Option<Above>,
}

/// The finished modes painted above a running one. A redraw during a run paints only the
/// running mode, on its own small canvas: repainting, committing and compositing the whole
/// tall picture ten times a second took the measured workers ~10 % of the machine.
struct Above {
    /// What they were laid out for: the modes, the width, the axis and the task count.
    key: (Recording, u64, u64, usize),
    /// Where they end, and the running mode starts.
    top: f64,
}

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
    let live = use_mut_ref(LiveCache::default);
    // The last layout drawn: hit tests, the overlay and zoom anchors use it.
    let drawn = use_mut_ref(|| None::<Layout>);
    let view = use_state(|| None::<Viewport>);
    let hover = use_state(|| None::<Hover>);
    let highlight = use_state(|| None::<u32>);
    let drag = use_mut_ref(|| None::<(f64, Viewport)>);
    let tooltip = use_node_ref();
    let at_pointer = hover.as_ref().map_or(vec![], |h| {
        vec![
            ("left", format!("{}px", h.x + 12.0)),
            ("top", format!("{}px", h.y + 12.0)),
        ]
    });
    use_style(&tooltip, at_pointer);

    let draw = {
        let (canvas, live_canvas, traces, running, tasks, view) = (
            canvas.clone(),
            live_canvas.clone(),
            props.traces.clone(),
            props.live.clone(),
            props.tasks,
            *view,
        );
        let (live, drawn) = (live.clone(), drawn.clone());
        move |force: bool| {
            let mut cache = live.borrow_mut();
            if let Some(LiveMode { recorder: rec, .. }) = &running {
                if cache.source.as_ref() != Some(rec) {
                    *cache = LiveCache {
                        source: Some(rec.clone()),
                        ..LiveCache::default()
                    };
                }
                // A redraw takes CPU from the run being measured: at most one per live tick,
                // in the same frame as the heartbeat's step, and while the loop itself is
                // measured, spaced by its own cost.
                let tick = frames::live_tick();
                if !force
                    && (tick == cache.drawn_on
                        || (frames::watching() && frames::now() < cache.next_at))
                {
                    return;
                }
                let changed = rec.0.refresh(&mut cache.copy);
                // Open bars grow with time; otherwise a redraw without news would change nothing.
                if !(force || changed || cache.copy.has_open()) {
                    return;
                }
                cache.drawn_on = tick;
            }
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let below = live_canvas.cast::<HtmlCanvasElement>();
            let t0 = frames::now();
            let mut sections: Vec<Section> =
                traces.iter().map(|t| Section::finished(t, tasks)).collect();
            match &running {
                None => {
                    cache.above = None;
                    *drawn.borrow_mut() = paint::paint_canvas(&c, &sections, view);
                    if let Some(b) = below {
                        paint::paint_band(&b, &Layout::default(), 0.0, 0.0);
                    }
                }
                Some(live) => {
                    let LiveCache { copy, above, .. } = &mut *cache;
                    sections.push(Section {
                        mode: live.mode,
                        spans: &copy.spans,
                        wall_ms: None,
                        now_ms: live.recorder.0.now(),
                        tasks,
                        threads: live.threads,
                        source: &interleave_core::run::trace::Source::Browser,
                    });
                    let (width, span_ms) = (paint::available_width(&c), span_of(&sections));
                    let finished = sections.len() - 1;
                    // With no finished mode above, there is no axis up there to follow.
                    let axis = if finished > 0 { span_ms.to_bits() } else { 0 };
                    let key = (traces.clone(), width.to_bits(), axis, tasks);
                    if force || above.as_ref().is_none_or(|a| a.key != key) {
                        let part = Part {
                            first: 0,
                            top: 0.0,
                            span_ms,
                        };
                        let l = layout_part(&sections[..finished], part, width, None);
                        paint::paint_band(&c, &l, 0.0, l.axis_y);
                        *above = Some(Above { key, top: l.axis_y });
                        // Hit tests and the overlay see the finished modes: the running one has
                        // no recorded trace to name yet, and joining it in would copy the whole
                        // picture on every live tick.
                        *drawn.borrow_mut() = Some(l);
                    }
                    let part = Part {
                        first: finished,
                        top: above.as_ref().map_or(0.0, |a| a.top),
                        span_ms,
                    };
                    let l = layout_part(&sections, part, width, None);
                    if let Some(b) = below {
                        // As tall as it will get from the first frame: a lane appearing must
                        // not move the page while the mode is measured.
                        let bottom = part.top + live.expected.height(live.mode, tasks);
                        paint::paint_band(&b, &l, part.top, l.height.max(bottom));
                    }
                    // A forced draw (a mode starting, a zoom) is not what the loop pays for
                    // every tick; and one slow draw must not stop the picture for long.
                    if !force {
                        let end = frames::now();
                        let wait = MAIN_THREAD_DRAW_SPACING * (end - t0);
                        cache.next_at = end + wait.min(MAIN_THREAD_DRAW_MAX_WAIT_MS);
                    }
                }
            }
            note_paint(frames::now() - t0);
        }
    };
    {
        let draw = draw.clone();
        use_animation_frame(props.live.is_some() && props.animate, move || draw(false));
    }
    {
        let deps = (props.traces.clone(), props.live.clone(), *view, props.theme);
        let draw = draw.clone();
        use_effect_with(deps, move |_| draw(true));
    }
    // The overlay follows the playhead and the highlighted task; it repaints after the canvas.
    {
        let (overlay, drawn, traces) = (overlay.clone(), drawn.clone(), props.traces.clone());
        let deps = (
            props.playhead.map(f64::to_bits),
            *highlight,
            props.traces.clone(),
            *view,
        );
        use_effect_with(deps, move |(t, task, _, _)| {
            let layout = drawn.borrow();
            let bars: Vec<usize> = match (task, layout.as_ref()) {
                (Some(task), Some(l)) => (0..l.bars.len())
                    .filter(|&i| {
                        traces
                            .get(l.bars[i].section)
                            .and_then(|t| t.spans.get(l.bars[i].span))
                            .is_some_and(|s| s.task == *task)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(c) = overlay.cast::<HtmlCanvasElement>() {
                paint::paint_overlay(&c, layout.as_ref(), t.map(f64::from_bits), &bars);
            }
        });
    }

    let zoom_by = {
        let (view, drawn) = (view.clone(), drawn.clone());
        move |factor: f64, anchor: Option<f64>| {
            let Some(l) = drawn.borrow().clone() else {
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
        let (zoom_by, drawn) = (zoom_by.clone(), drawn.clone());
        Callback::from(move |e: WheelEvent| {
            let Some(t) = drawn
                .borrow()
                .as_ref()
                .map(|l| l.time_at(e.offset_x() as f64))
            else {
                return;
            };
            e.prevent_default();
            zoom_by(
                if e.delta_y() < 0.0 {
                    ZOOM_STEP
                } else {
                    1.0 / ZOOM_STEP
                },
                Some(t),
            );
        })
    };
    let on_down = {
        let (drag, drawn) = (drag.clone(), drawn.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(l) = drawn.borrow().as_ref() {
                *drag.borrow_mut() = Some((e.offset_x() as f64, l.view));
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    let on_move = {
        let (drag, drawn, view, hover, traces) = (
            drag.clone(),
            drawn.clone(),
            view.clone(),
            hover.clone(),
            props.traces.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            let (x, y) = at(&e);
            let Some(l) = drawn.borrow().clone() else {
                return;
            };
            if let Some((x0, start)) = *drag.borrow() {
                if (x - x0).abs() > 2.0 {
                    let ms_per_px = start.width_ms()
                        / (l.width - interleave_core::view::layout::LABEL_W).max(1.0);
                    view.set(Some(start.pan((x0 - x) * ms_per_px, l.full)));
                    return;
                }
            }
            let found = hit(&l, x, y).and_then(|(sec, i)| {
                traces
                    .get(sec)
                    .and_then(|t| t.spans.get(i).map(|s| describe(t, s)))
            });
            hover.set(found.map(|text| Hover { text, x, y }));
        })
    };
    let on_leave = {
        let (hover, drag) = (hover.clone(), drag.clone());
        Callback::from(move |_: MouseEvent| {
            hover.set(None);
            *drag.borrow_mut() = None;
        })
    };
    let on_click = {
        let (drawn, highlight, traces) = (drawn.clone(), highlight.clone(), props.traces.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(l) = drawn.borrow().clone() else {
                return;
            };
            let (x, y) = at(&e);
            let task = hit(&l, x, y)
                .and_then(|(sec, i)| traces.get(sec).and_then(|t| t.spans.get(i)).map(|s| s.task))
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
            </figcaption>
        </figure>
    }
}
