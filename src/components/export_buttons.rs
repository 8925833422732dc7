//! Downloads of the recorded run: `trace.json` in Chrome Trace Event format (Perfetto,
//! chrome://tracing), and a 1920×1080 PNG of the timeline with a title and legend, for slides;
//! with the kitchen view shown, a second PNG of its pictures.

use super::timeline::{paint_layout, PALETTE};
use crate::state::Recording;
use interleave_core::codec::export::chrome_trace_json;
use interleave_core::run::trace::Trace;
use interleave_core::view::layout::{layout, Section};
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement, Url,
};
use yew::prelude::*;

pub const PNG_W: u32 = 1920;
pub const PNG_H: u32 = 1080;
const MARGIN: f64 = 48.0;
const TITLE_H: f64 = 90.0;
const LEGEND_H: f64 = 60.0;

#[derive(Properties, PartialEq)]
pub struct ExportButtonsProps {
    pub traces: Recording,
    pub tasks: usize,
    /// Names the run in the files: the lesson or "free play", and the recipe.
    pub title: String,
}

/// Offers `blob` as a download named `name`.
fn download(blob: &Blob, name: &str) -> Option<()> {
    let url = Url::create_object_url_with_blob(blob).ok()?;
    let a: HtmlAnchorElement = web_sys::window()?
        .document()?
        .create_element("a")
        .ok()?
        .dyn_into()
        .ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once the event loop turns.
    let _ = gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

/// Offers `text` as a download of type `mime` named `name`.
pub(super) fn download_text(text: &str, mime: &str, name: &str) -> Option<()> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&text.into()), &options)
        .ok()?;
    download(&blob, name)
}

fn download_json(traces: &[Trace], title: &str) -> Option<()> {
    download_text(
        &chrome_trace_json(traces, title),
        "application/json",
        "trace.json",
    )
}

/// Paints the whole run at slide resolution, scaled to fit below the title and above the legend.
fn render_png(traces: &[Trace], tasks: usize, title: &str) -> Option<HtmlCanvasElement> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(PNG_W);
    canvas.set_height(PNG_H);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let (w, h) = (PNG_W as f64, PNG_H as f64);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_fill_style_str("#1d1d1f");
    ctx.set_font("bold 40px system-ui, sans-serif");
    ctx.set_text_baseline("top");
    let _ = ctx.fill_text(title, MARGIN, MARGIN - 8.0);
    let sections: Vec<Section> = traces.iter().map(|t| Section::finished(t, tasks)).collect();
    let (room_w, room_h) = (w - 2.0 * MARGIN, h - TITLE_H - LEGEND_H - 2.0 * MARGIN);
    // Lay out at the width that, once scaled to fit the height, fills the slide's width.
    let natural = layout(&sections, room_w, None);
    let scale = (room_h / natural.height).min(2.0);
    let l = layout(&sections, room_w / scale, None);
    ctx.save();
    let _ = ctx.translate(MARGIN, MARGIN + TITLE_H);
    let _ = ctx.scale(scale, scale);
    // On the slide's white: the light theme's muted text, 5.7:1.
    paint_layout(&ctx, &l, "#666");
    ctx.restore();
    paint_legend(&ctx, h - MARGIN - LEGEND_H / 2.0);
    Some(canvas)
}

fn paint_legend(ctx: &CanvasRenderingContext2d, y: f64) {
    let items = [
        (PALETTE[4], "CPU work (colour = task)", false),
        (PALETTE[4], "waiting for I/O (hatched)", true),
        ("#777777", "starting a process (cross-hatched)", true),
        ("#999999", "yielded / waiting for the GIL (dotted)", true),
        ("#666666", "waiting for a lock (dashed, barred)", true),
        ("#444444", "message to or from a process", false),
    ];
    ctx.set_font("22px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let mut x = MARGIN;
    for (colour, label, pale) in items {
        ctx.set_global_alpha(if pale { 0.35 } else { 1.0 });
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(x, y - 11.0, 36.0, 22.0);
        ctx.set_global_alpha(1.0);
        ctx.set_fill_style_str("#1d1d1f");
        let _ = ctx.fill_text(label, x + 46.0, y);
        x += 46.0 + ctx.measure_text(label).map(|m| m.width()).unwrap_or(200.0) + 40.0;
    }
}

// wasm-bindgen ships its JavaScript snippets as written, and every byte of them is on the
// first load: what that file does and why is said here, not in it.
#[wasm_bindgen(module = "/src/components/kitchen_png.js")]
extern "C" {
    /// The kitchen slide's drawing as a PNG blob. It loads `www/kitchen_png.js` (copied beside
    /// index.html) only when asked: nothing needs it to show the page or to run, so it stays
    /// off the first load.
    fn kitchen_png(title: &str) -> js_sys::Promise;
}

fn download_png(traces: &[Trace], tasks: usize, title: &str) {
    let Some(canvas) = render_png(traces, tasks, title) else {
        return;
    };
    let done = Closure::once_into_js(move |blob: JsValue| {
        if let Some(blob) = blob.dyn_ref::<Blob>() {
            download(blob, "interleave.png");
        }
    });
    let _ = canvas.to_blob(done.unchecked_ref());
    // With the kitchen view shown, its pictures at the replay's moment are a second slide.
    let kitchen = kitchen_png(title);
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(blob) = wasm_bindgen_futures::JsFuture::from(kitchen).await {
            if let Some(blob) = blob.dyn_ref::<Blob>() {
                download(blob, "interleave-kitchen.png");
            }
        }
    });
}

#[component]
pub fn ExportButtons(props: &ExportButtonsProps) -> Html {
    if props.traces.is_empty() {
        return html! {};
    }
    let on_json = {
        let (traces, title) = (props.traces.clone(), props.title.clone());
        Callback::from(move |_: MouseEvent| {
            download_json(&traces, &title);
        })
    };
    let on_png = {
        let (traces, title, tasks) = (props.traces.clone(), props.title.clone(), props.tasks);
        Callback::from(move |_: MouseEvent| download_png(&traces, tasks, &title))
    };
    html! {
        <div class="exports">
            <button id="download-trace" type="button" onclick={on_json}
                title="Chrome Trace Event JSON: opens in ui.perfetto.dev and chrome://tracing">{"Download trace.json"}</button>
            <button id="download-png" type="button" onclick={on_png}
                title="The timeline at 1920×1080 with a title and legend, for slides">{"Download PNG"}</button>
        </div>
    }
}
