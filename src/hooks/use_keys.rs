//! Page-wide keyboard shortcuts. Keys typed into a text field or select stay there, so editing
//! a recipe never triggers a shortcut; on a focused button only space and Enter stay, as they
//! press it.

use wasm_bindgen::prelude::*;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Calls `on_key` with `KeyboardEvent.key` for every key pressed outside form fields; the
/// default action is prevented when `on_key` returns true (it handled the key).
#[hook]
pub fn use_keys(on_key: Callback<String, bool>) {
    use_effect_with(on_key, |on_key| {
        let on_key = on_key.clone();
        let listener = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let in_field = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| match el.tag_name().as_str() {
                    "INPUT" | "TEXTAREA" | "SELECT" => true,
                    "BUTTON" => key == " " || key == "Enter",
                    _ => false,
                });
            if !in_field && on_key.emit(key) {
                e.prevent_default();
            }
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ =
                d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
