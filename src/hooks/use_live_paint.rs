//! Painting the timeline: the finished modes when they change, and the running mode as it
//! happens, at most once per live tick (and, while the loop itself is measured, spaced by its
//! own cost). The layout last drawn is shared (`Drawn`) with hit tests, the overlay and zoom.

use super::use_animation_frame;
use crate::components::timeline_paint as paint;
use crate::engine::{frames, note_paint};
use crate::state::{LiveMode, Recording};
use interleave_core::run::recorder::{LiveSpans, SharedRecorder};
use interleave_core::run::trace::Source;
use interleave_core::scenario::config::Theme;
use interleave_core::view::layout::{layout_part, span_of, Layout, Part, Section, Viewport};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// While the cooperative mode runs, the page's own thread is the one being measured: a live
/// draw waits until this many times its last draw's cost has passed. The browser's commit and
/// layering of the changed canvas cost about as much again (traced), so the view takes ~2 % of
/// the loop it shows, where one draw per live tick took ~4 %.
const MAIN_THREAD_DRAW_SPACING: f64 = 100.0;
/// The picture of a running mode is never older than this.
const MAIN_THREAD_DRAW_MAX_WAIT_MS: f64 = 500.0;

/// The layout last drawn: hit tests, the overlay and zoom anchors read it. Readers get an `Rc`,
/// so a mouse move neither copies the layout nor keeps it borrowed while it sets state.
#[derive(Clone)]
pub struct Drawn(Rc<RefCell<Option<Rc<Layout>>>>);

impl Drawn {
    pub fn get(&self) -> Option<Rc<Layout>> {
        self.0.borrow().clone()
    }

    fn set(&self, layout: Option<Layout>) {
        *self.0.borrow_mut() = layout.map(Rc::new);
    }
}

/// The timeline's shared layout, empty until the first draw.
#[hook]
pub fn use_drawn() -> Drawn {
    Drawn(use_mut_ref(|| None))
}

/// What the timeline shows.
#[derive(Clone, PartialEq)]
pub struct Picture {
    pub traces: Recording,
    pub live: Option<LiveMode>,
    pub tasks: usize,
    /// Zoom and pan; `None` shows everything.
    pub view: Option<Viewport>,
}

/// Paints `picture` on `main` (the finished modes) and `below` (the running one): when it
/// changes, and every frame while a mode runs and `animate` is on. A change of `theme`
/// repaints the text in its colour.
#[hook]
pub fn use_live_paint(
    main: &NodeRef,
    below: &NodeRef,
    drawn: &Drawn,
    picture: &Picture,
    animate: bool,
    theme: Theme,
) {
    let cache = use_mut_ref(LiveCache::default);
    let painter = Painter {
        main: main.clone(),
        below: below.clone(),
        drawn: drawn.clone(),
        cache,
    };
    {
        let (painter, picture) = (painter.clone(), picture.clone());
        let active = picture.live.is_some() && animate;
        use_animation_frame(active, move || painter.draw(&picture, false));
    }
    // What the picture shows, not how many tasks it names: that changes with the recipe being
    // edited, and comes with new traces when it matters.
    let deps = (
        picture.traces.clone(),
        picture.live.clone(),
        picture.view,
        theme,
    );
    let picture = picture.clone();
    use_effect_with(deps, move |_| painter.draw(&picture, true));
}

/// Paints the overlay: the replay's `playhead` (ms from each mode's start) and the bars of the
/// `highlight`ed task, on the layout last drawn. Called after `use_live_paint`, so it repaints
/// after the canvas.
#[hook]
pub fn use_overlay_paint(
    overlay: &NodeRef,
    drawn: &Drawn,
    picture: &Picture,
    playhead: Option<f64>,
    highlight: Option<u32>,
) {
    let (overlay, drawn, traces) = (overlay.clone(), drawn.clone(), picture.traces.clone());
    let deps = (
        playhead.map(f64::to_bits),
        highlight,
        picture.traces.clone(),
        picture.view,
    );
    use_effect_with(deps, move |(t, task, _, _)| {
        let layout = drawn.get();
        let bars: Vec<usize> = match (task, layout.as_deref()) {
            (Some(task), Some(l)) => (0..l.bars.len())
                .filter(|&i| {
                    let bar = &l.bars[i];
                    traces
                        .span_at((bar.section, bar.span))
                        .is_some_and(|s| s.task == *task)
                })
                .collect(),
            _ => Vec::new(),
        };
        if let Some(c) = overlay.cast::<HtmlCanvasElement>() {
            paint::paint_overlay(&c, layout.as_deref(), t.map(f64::from_bits), &bars);
        }
    });
}

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

impl LiveCache {
    /// Whether the running mode's picture is due a redraw (`force`: it must be), bringing its
    /// copy of the spans up to date.
    fn due(&mut self, recorder: &SharedRecorder, force: bool) -> bool {
        if self.source.as_ref() != Some(recorder) {
            *self = LiveCache {
                source: Some(recorder.clone()),
                ..LiveCache::default()
            };
        }
        // A redraw takes CPU from the run being measured: at most one per live tick, in the
        // same frame as the heartbeat's step, and while the loop itself is measured, spaced
        // by its own cost.
        let tick = frames::live_tick();
        if !force && (tick == self.drawn_on || (frames::watching() && frames::now() < self.next_at))
        {
            return false;
        }
        let changed = recorder.0.refresh(&mut self.copy);
        // Open bars grow with time; otherwise a redraw without news would change nothing.
        if !(force || changed || self.copy.has_open()) {
            return false;
        }
        self.drawn_on = tick;
        true
    }
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

#[derive(Clone)]
struct Painter {
    main: NodeRef,
    below: NodeRef,
    drawn: Drawn,
    cache: Rc<RefCell<LiveCache>>,
}

impl Painter {
    /// Draws the picture; `force`: it changed, so it is drawn whatever the live tick says.
    fn draw(&self, p: &Picture, force: bool) {
        let mut cache = self.cache.borrow_mut();
        if let Some(live) = &p.live {
            if !cache.due(&live.recorder, force) {
                return;
            }
        }
        let Some(c) = self.main.cast::<HtmlCanvasElement>() else {
            return;
        };
        let below = self.below.cast::<HtmlCanvasElement>();
        let t0 = frames::now();
        match &p.live {
            None => {
                cache.above = None;
                let sections: Vec<Section> = p
                    .traces
                    .iter()
                    .map(|t| Section::finished(t, p.tasks))
                    .collect();
                self.drawn.set(paint::paint_canvas(&c, &sections, p.view));
                if let Some(b) = below {
                    paint::paint_band(&b, &Layout::default(), 0.0, 0.0);
                }
            }
            Some(live) => {
                self.draw_running(&mut cache, (&c, below.as_ref()), p, live, force);
                // A forced draw (a mode starting, a zoom) is not what the loop pays for every
                // tick; and one slow draw must not stop the picture for long.
                if !force {
                    let end = frames::now();
                    let wait = MAIN_THREAD_DRAW_SPACING * (end - t0);
                    cache.next_at = end + wait.min(MAIN_THREAD_DRAW_MAX_WAIT_MS);
                }
            }
        }
        note_paint(frames::now() - t0);
    }

    /// The running mode on its own canvas, below the finished ones, which are painted again
    /// only when their layout changes (the axis grows in steps).
    fn draw_running(
        &self,
        cache: &mut LiveCache,
        (c, below): (&HtmlCanvasElement, Option<&HtmlCanvasElement>),
        p: &Picture,
        live: &LiveMode,
        force: bool,
    ) {
        let LiveCache { copy, above, .. } = cache;
        let tasks = p.tasks;
        let mut sections: Vec<Section> = p
            .traces
            .iter()
            .map(|t| Section::finished(t, tasks))
            .collect();
        sections.push(Section {
            mode: live.mode,
            spans: &copy.spans,
            wall_ms: None,
            now_ms: live.recorder.0.now(),
            tasks,
            threads: live.threads,
            source: &Source::Browser,
            deadlock_ms: None,
        });
        let (width, span_ms) = (paint::available_width(c), span_of(&sections));
        let finished = sections.len() - 1;
        // With no finished mode above, there is no axis up there to follow.
        let axis = if finished > 0 { span_ms.to_bits() } else { 0 };
        let key = (p.traces.clone(), width.to_bits(), axis, tasks);
        if force || above.as_ref().is_none_or(|a| a.key != key) {
            let part = Part {
                first: 0,
                top: 0.0,
                span_ms,
            };
            let l = layout_part(&sections[..finished], part, width, None);
            paint::paint_band(c, &l, 0.0, l.axis_y);
            *above = Some(Above { key, top: l.axis_y });
            // Hit tests and the overlay see the finished modes: the running one has no
            // recorded trace to name yet, and joining it in would copy the whole picture on
            // every live tick.
            self.drawn.set(Some(l));
        }
        let part = Part {
            first: finished,
            top: above.as_ref().map_or(0.0, |a| a.top),
            span_ms,
        };
        let l = layout_part(&sections, part, width, None);
        if let Some(b) = below {
            // As tall as it will get from the first frame: a lane appearing must not move the
            // page while the mode is measured.
            let bottom = part.top + live.expected.height(live.mode, tasks);
            paint::paint_band(b, &l, part.top, l.height.max(bottom));
        }
    }
}
