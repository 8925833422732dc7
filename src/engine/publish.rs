//! The automation interface: the finished run's JSON in `window.interleaveResult`, and its
//! state on `<html data-run-state="running|done|stopped|nothing-ran">`.

use wasm_bindgen::{JsCast, JsValue};

/// Sets (`Some`) or removes (`None`) an attribute of `<html>`, where tests, styles and other
/// pages read the page's state.
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

fn set_state(state: &str) {
    set_root_attribute("data-run-state", Some(state));
}

fn set_result(value: &JsValue) {
    let _ = js_sys::Reflect::set(&js_sys::global(), &"interleaveResult".into(), value);
}

/// Keeps the last paint times of the timeline, in ms, in `window.interleavePaintMs` for the
/// bench: a short array, so it costs nothing worth measuring.
pub fn note_paint(ms: f64) {
    const KEEP: u32 = 200;
    let key = JsValue::from_str("interleavePaintMs");
    let global = js_sys::global();
    let list = js_sys::Reflect::get(&global, &key)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_else(|| {
            let fresh = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&global, &key, &fresh);
            fresh
        });
    list.push(&JsValue::from_f64(ms));
    if list.length() > KEEP {
        list.shift();
    }
}

/// A performance mark, for the bench: `interleave-ready`, `interleave-pool-start`, ….
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// The first moment Run can start: `<html data-ready>` and an `interleave-ready` mark, which
/// the bench reads as time to the first possible run.
pub fn publish_ready() {
    mark("interleave-ready");
    set_root_attribute("data-ready", Some(""));
}

pub fn publish_running() {
    set_result(&JsValue::NULL);
    set_state("running");
}

/// Publishes the report; `state` is the report's own: "done", "stopped" or "nothing-ran".
pub fn publish_report(head: &str, spans: impl Iterator<Item = String>, state: &str) {
    let value = js_sys::JSON::parse(head).unwrap_or_else(|_| JsValue::from_str(head));
    // Each mode's spans are turned into objects one mode at a time: never the whole run's
    // spans in one string.
    if let Ok(modes) = js_sys::Reflect::get(&value, &"modes".into()) {
        for (i, json) in (0..).zip(spans) {
            let mode = js_sys::Reflect::get_u32(&modes, i).unwrap_or(JsValue::UNDEFINED);
            if let (true, Ok(list)) = (mode.is_object(), js_sys::JSON::parse(&json)) {
                let _ = js_sys::Reflect::set(&mode, &"spans".into(), &list);
            }
        }
    }
    // How big the page's WebAssembly memory has grown: it never shrinks, so a soak of many
    // runs shows a leak as growth here.
    if let Some(buffer) = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
        .ok()
        .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()).ok())
    {
        let _ = js_sys::Reflect::set(&value, &"wasm_memory_bytes".into(), &buffer);
    }
    set_result(&value);
    set_state(state);
}
