//! The browser side of embed mode: messages from the page around the frame, whether the frame
//! is in view, and parking (a reload that ends every worker when a deck leaves the slide).

use interleave_core::scenario::embed::SlideMessage;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, MessageEvent};

/// The URL fragment a parked page reloads with.
const PARKED: &str = "#parked";

/// Whether this load is a parked reload: it waits for `slide:start` before playing.
pub fn was_parked() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h == PARKED)
}

/// Marks `<html data-parked>` while a parked page waits for its slide, for tests and styles.
pub fn mark_parked(parked: bool) {
    super::set_root_attribute("data-parked", parked.then_some(""));
}

/// Ends every worker of this page by reloading it, parked: a fresh document gives back every
/// pool worker and process at once, and whatever memory they grew. The URL keeps the scenario.
pub fn park() {
    if let Some(w) = web_sys::window() {
        // Replacing, not setting, the fragment: a deck's Back button must not step through
        // its frames' reloads.
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(PARKED));
        }
        let _ = w.location().reload();
    }
}

/// Listens while alive; dropping it removes the listener.
pub struct Listening {
    target: web_sys::EventTarget,
    kind: &'static str,
    listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.listener.as_ref().unchecked_ref());
    }
}

/// Calls `on_message` for `slide:start` / `slide:stop` sent by the page that embeds this one;
/// `None` in a page that no page embeds.
/// Everything else, and anything from another window, is ignored without a word: the data is
/// only ever compared with two constant strings, never shown or parsed further.
pub fn listen_for_slides(on_message: impl Fn(SlideMessage) + 'static) -> Option<Listening> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    // A top-level page is its own parent: then any script could post to it as its "deck" and
    // stop it. Only a page in a frame has a deck to obey.
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let from_parent = e.source().is_some_and(|s| js_sys::Object::is(&s, &parent));
        if let Some(message) = from_parent
            .then(|| e.data().as_string())
            .flatten()
            .and_then(|d| SlideMessage::parse(&d))
        {
            on_message(message);
        }
    });
    let target: web_sys::EventTarget = window.into();
    target
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .ok()?;
    Some(Listening {
        target,
        kind: "message",
        listener,
    })
}

/// Watches whether `element` is at least half in view; stops when dropped.
pub struct Watching {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

pub fn watch_visibility(
    element: &web_sys::Element,
    on_change: impl Fn(bool) + 'static,
) -> Option<Watching> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last() {
            let entry: IntersectionObserverEntry = entry.unchecked_into();
            on_change(entry.intersection_ratio() >= 0.5);
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_threshold(&JsValue::from_f64(0.5));
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(element);
    Some(Watching {
        observer,
        _callback: callback,
    })
}
