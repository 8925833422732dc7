//! Painting a `Layout` on a 2D canvas: the live timeline and the PNG export share it.

mod band;

use interleave_core::run::trace::NO_TASK;
use interleave_core::view::layout::{layout, Bar, BarStyle, Layout, Section, Viewport, LABEL_W};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
];

/// Sizes `canvas` to its container at the device's pixel ratio for a drawing `height` CSS px
/// tall, and returns its context set to CSS pixels. Resizing reallocates the backing store, so
/// it only happens when the size really changes.
pub(crate) fn fit(
    canvas: &HtmlCanvasElement,
    width: f64,
    height: f64,
) -> Option<CanvasRenderingContext2d> {
    fit_band(canvas, width, 0.0, height)
}

/// [`fit`] for the band of a drawing from `top` to `bottom`: the context draws the drawing's
/// coordinates, and only the band lands on the canvas.
fn fit_band(
    canvas: &HtmlCanvasElement,
    width: f64,
    top: f64,
    bottom: f64,
) -> Option<CanvasRenderingContext2d> {
    let height = (bottom - top).max(0.0);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    let (w_px, h_px) = ((width * dpr) as u32, (height * dpr) as u32);
    if canvas.width() != w_px || canvas.height() != h_px {
        canvas.set_width(w_px);
        canvas.set_height(h_px);
        let _ = canvas.style().set_property("width", &format!("{width}px"));
        let _ = canvas
            .style()
            .set_property("height", &format!("{height}px"));
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, -top * dpr);
    ctx.clear_rect(0.0, top, width, height);
    Some(ctx)
}

/// Colour for text on the timeline: the page's muted text colour in its theme, which meets
/// 4.5:1 on the page's background in both (#777 did in neither).
/// Read once per theme: computing a style after the page changed forces a style pass, which
/// took several ms of every paint after a run.
fn page_ink() -> String {
    thread_local! {
        static INK: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
    }
    let Some(w) = web_sys::window() else {
        return "#666".into();
    };
    let root = w.document().and_then(|d| d.document_element());
    let dark = w
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let theme = root.as_ref().and_then(|r| r.get_attribute("data-theme"));
    let key = format!("{theme:?} {dark}");
    if let Some(ink) = INK.with(|i| {
        i.borrow()
            .as_ref()
            .filter(|c| c.0 == key)
            .map(|c| c.1.clone())
    }) {
        return ink;
    }
    let ink = root
        .and_then(|r| w.get_computed_style(&r).ok().flatten())
        .and_then(|style| style.get_property_value("--muted").ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "#666".into());
    INK.with(|i| *i.borrow_mut() = Some((key, ink.clone())));
    ink
}

/// The width the timeline has on the page.
pub fn available_width(canvas: &HtmlCanvasElement) -> f64 {
    canvas
        .parent_element()
        .map(|p| p.client_width() as f64)
        .unwrap_or(800.0)
        .max(320.0)
}

/// Lays out `sections` in `view` at the canvas's width, paints them, and returns the layout.
pub fn paint_canvas(
    canvas: &HtmlCanvasElement,
    sections: &[Section],
    view: Option<Viewport>,
) -> Option<Layout> {
    let width = available_width(canvas);
    let l = layout(sections, width, view);
    let ctx = fit(canvas, width, l.height)?;
    paint_layout(&ctx, &l, &page_ink());
    Some(l)
}

/// Paints the band of `l` from `top` to `bottom` on `canvas`, sized to the band.
pub fn paint_band(canvas: &HtmlCanvasElement, l: &Layout, top: f64, bottom: f64) {
    if let Some(ctx) = fit_band(canvas, l.width, top, bottom) {
        paint_layout(&ctx, l, &page_ink());
    }
}

/// Draws the replay's playhead, and outlines every bar of the highlighted task, on the overlay.
pub fn paint_overlay(
    canvas: &HtmlCanvasElement,
    l: Option<&Layout>,
    t: Option<f64>,
    bars_of: &[usize],
) {
    let Some(l) = l else { return };
    let Some(ctx) = fit(canvas, l.width, l.height) else {
        return;
    };
    ctx.set_stroke_style_str("#d55e00");
    ctx.set_line_width(2.0);
    for &i in bars_of {
        if let Some(b) = l.bars.get(i) {
            ctx.stroke_rect(b.x - 1.0, b.y - 1.0, b.w + 2.0, b.h + 2.0);
        }
    }
    if let Some(x) = t.and_then(|t| l.x_at(t)) {
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x, 0.0);
        ctx.line_to(x, l.axis_y);
        ctx.stroke();
    }
}

/// Paints every part of a layout in CSS pixels on `ctx`'s current transform.
pub fn paint_layout(ctx: &CanvasRenderingContext2d, l: &Layout, ink: &str) {
    paint_frame(ctx, l, ink);
    // The two kinds that come by the thousand are batched by colour: one style change and one
    // stroke per colour instead of several calls per bar. Rows keep them from overlapping, so
    // drawing them apart from the rest changes nothing on screen.
    for (i, colour) in PALETTE.iter().enumerate() {
        let mine = |b: &&Bar| b.task != NO_TASK && b.task as usize % PALETTE.len() == i;
        ctx.set_fill_style_str(colour);
        for b in l
            .bars
            .iter()
            .filter(|b| b.style == BarStyle::Cpu)
            .filter(mine)
        {
            ctx.fill_rect(b.x, b.y, b.w, b.h);
        }
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&1.0.into(), &2.0.into()));
        ctx.begin_path();
        for b in l
            .bars
            .iter()
            .filter(|b| b.style == BarStyle::Yield)
            .filter(mine)
        {
            ctx.move_to(b.x, b.y + b.h / 2.0);
            ctx.line_to(b.x + b.w, b.y + b.h / 2.0);
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    let batched =
        |b: &&Bar| matches!(b.style, BarStyle::Cpu | BarStyle::Yield) && b.task != NO_TASK;
    for bar in l.bars.iter().filter(|b| !batched(b)) {
        paint_bar(ctx, bar);
    }
    // Spans too thin to draw are merged into marks whose darkness grows with their count.
    // Styles are set only when they change: each string handed to the canvas is copied out of
    // the shared memory and decoded: a quarter of a paint with a thousand marks (traced).
    ctx.set_fill_style_str("#555");
    let mut alpha = 1.0;
    for m in &l.marks {
        let a = (0.35 + 0.1 * m.count as f64).min(1.0);
        if a != alpha {
            ctx.set_global_alpha(a);
            alpha = a;
        }
        ctx.fill_rect(m.x, m.y, m.w, m.h);
    }
    ctx.set_global_alpha(1.0);
    for band in &l.bands {
        band::paint(ctx, band);
    }
    paint_stats(ctx, l, ink);
    paint_markers(ctx, l, ink);
}

/// A moment marked across a mode's lanes: a solid line, named left of it in the header row in
/// the page's text colour (the line's orange reads at 3.7:1 on the light page only).
fn paint_markers(ctx: &CanvasRenderingContext2d, l: &Layout, ink: &str) {
    ctx.set_stroke_style_str("#d55e00");
    ctx.set_fill_style_str(ink);
    ctx.set_line_width(2.0);
    ctx.set_font("bold 11px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    ctx.set_text_align("right");
    for m in &l.markers {
        ctx.begin_path();
        ctx.move_to(m.x, m.label_y);
        ctx.line_to(m.x, m.bottom);
        ctx.stroke();
        let _ = ctx.fill_text(&m.text, m.x - 4.0, m.label_y);
    }
    ctx.set_text_align("left");
}

/// Under each mode: how busy each lane was, and how many tasks computed at each moment.
fn paint_stats(ctx: &CanvasRenderingContext2d, l: &Layout, ink: &str) {
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    for st in &l.stats {
        ctx.set_fill_style_str(ink);
        let busy: Vec<String> = st
            .utilisation
            .iter()
            .map(|(lane, u)| format!("{lane} {:.0}%", u * 100.0))
            .collect();
        let _ = ctx.fill_text("busy", 4.0, st.y + st.h * 0.3);
        let _ = ctx.fill_text(
            &format!("≤{} at once", st.max_concurrency),
            4.0,
            st.y + st.h * 0.75,
        );
        ctx.set_stroke_style_str("#0072b2");
        ctx.set_line_width(1.5);
        ctx.begin_path();
        for (i, &(x, y)) in st.concurrency.iter().enumerate() {
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
        ctx.set_fill_style_str(ink);
        ctx.set_text_align("right");
        let _ = ctx.fill_text(&busy.join(" · "), l.width - 8.0, st.y + st.h * 0.3);
        ctx.set_text_align("left");
    }
}

fn paint_frame(ctx: &CanvasRenderingContext2d, l: &Layout, ink: &str) {
    ctx.set_fill_style_str(ink);
    ctx.set_stroke_style_str("rgba(127,127,127,0.35)");
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    for t in &l.ticks {
        ctx.begin_path();
        ctx.move_to(t.x.round() + 0.5, 0.0);
        ctx.line_to(t.x.round() + 0.5, t.y + 4.0);
        ctx.stroke();
        let _ = ctx.fill_text(&t.text, t.x + 3.0, t.y + 12.0);
    }
    for lane in &l.lane_labels {
        let _ = ctx.fill_text(&lane.text, lane.x, lane.y);
    }
    ctx.set_font("bold 13px system-ui, sans-serif");
    ctx.set_text_baseline("top");
    for h in &l.headers {
        let _ = ctx.fill_text(&h.text, h.x, h.y + 4.0);
    }
    ctx.begin_path();
    ctx.move_to(LABEL_W, l.axis_y + 0.5);
    ctx.line_to(l.width, l.axis_y + 0.5);
    ctx.stroke();
}

fn paint_bar(ctx: &CanvasRenderingContext2d, b: &Bar) {
    let colour = if b.task == NO_TASK {
        "#777"
    } else {
        PALETTE[b.task as usize % PALETTE.len()]
    };
    match b.style {
        BarStyle::Cpu => {
            ctx.set_fill_style_str(colour);
            ctx.fill_rect(b.x, b.y, b.w, b.h);
        }
        // Kinds differ by pattern as well as shade: waits are hatched, waiting for the GIL is a
        // dotted outline, start-up is grey with cross-hatching, messages are thin dark bars.
        BarStyle::Io => hatched(ctx, b, colour, &[1.0]),
        BarStyle::Startup => hatched(ctx, b, "#777", &[1.0, -1.0]),
        // A moment, not a length: a cross where the task died.
        BarStyle::Crash => {
            ctx.save();
            ctx.set_stroke_style_str("#d55e00");
            ctx.set_line_width(2.5);
            ctx.begin_path();
            ctx.move_to(b.x, b.y);
            ctx.line_to(b.x + b.w, b.y + b.h);
            ctx.move_to(b.x + b.w, b.y);
            ctx.line_to(b.x, b.y + b.h);
            ctx.stroke();
            ctx.restore();
        }
        // Waiting for a lock: a box of long dashes with a bar across it, a door held shut.
        BarStyle::LockWait => {
            ctx.save();
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.5);
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&6.0.into(), &3.0.into()));
            outline(ctx, b, 0.75);
            let _ = ctx.set_line_dash(&js_sys::Array::new());
            mid_line(ctx, b);
            ctx.restore();
        }
        BarStyle::GilWait => {
            ctx.save();
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.5);
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&2.0.into(), &2.0.into()));
            outline(ctx, b, 0.75);
            ctx.restore();
        }
        // A task ready to go on but waiting for its turn on the loop: a thin dotted line
        // (usually batched in `paint_layout`).
        BarStyle::Yield => {
            ctx.save();
            ctx.set_stroke_style_str(colour);
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&1.0.into(), &2.0.into()));
            mid_line(ctx, b);
            ctx.restore();
        }
        BarStyle::Message => {
            ctx.set_fill_style_str("#444");
            ctx.fill_rect(b.x, b.y, b.w, b.h);
        }
    }
}

/// A pale fill, an outline and diagonal hatching in the given directions (1 = /, -1 = \).
fn hatched(ctx: &CanvasRenderingContext2d, b: &Bar, colour: &str, directions: &[f64]) {
    ctx.save();
    ctx.set_global_alpha(0.25);
    ctx.set_fill_style_str(colour);
    ctx.fill_rect(b.x, b.y, b.w, b.h);
    ctx.set_global_alpha(1.0);
    ctx.begin_path();
    ctx.rect(b.x, b.y, b.w, b.h);
    ctx.clip();
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for &dir in directions {
        let mut x = b.x - b.h;
        while x < b.x + b.w + b.h {
            let (y0, y1) = if dir > 0.0 {
                (b.y + b.h, b.y)
            } else {
                (b.y, b.y + b.h)
            };
            ctx.move_to(x, y0);
            ctx.line_to(x + b.h, y1);
            x += 6.0;
        }
    }
    ctx.stroke();
    outline(ctx, b, 0.5);
    ctx.restore();
}

/// Strokes the bar's edge, inset so that the line stays inside the bar.
fn outline(ctx: &CanvasRenderingContext2d, b: &Bar, inset: f64) {
    let (w, h) = ((b.w - 2.0 * inset).max(0.0), (b.h - 2.0 * inset).max(0.0));
    ctx.stroke_rect(b.x + inset, b.y + inset, w, h);
}

/// Strokes a line through the middle of the bar, end to end, in the current dash.
fn mid_line(ctx: &CanvasRenderingContext2d, b: &Bar) {
    ctx.begin_path();
    ctx.move_to(b.x, b.y + b.h / 2.0);
    ctx.line_to(b.x + b.w, b.y + b.h / 2.0);
    ctx.stroke();
}
