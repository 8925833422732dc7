//! The browser side of embed mode: messages from the page around the frame, whether the frame
//! is in view, when the page is quiet enough to measure, and parking (a reload that ends every
//! worker when a deck leaves the slide).

use futures_channel::oneshot;
use interleave_core::scenario::embed::settle::{self, Settled, Settling};
use interleave_core::scenario::embed::SlideMessage;
use std::cell::RefCell;
use std::rc::Rc;
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

/// Resolves once the page is quiet enough to measure (`Settling`): `element` has stopped
/// moving into view and frames come at a steady pace; at the latest after
/// `settle::MAX_WAIT_MS`, and at once in a hidden tab, which draws no frames.
pub async fn settled(element: &web_sys::Element) -> Settled {
    let now = super::frames::now;
    let Some(w) = web_sys::window() else {
        return Settled {
            waited_ms: 0.0,
            gave_up: false,
        };
    };
    let state = Rc::new(RefCell::new(Settling::new(now(), 0.0)));
    let (tx, rx) = oneshot::channel::<Settled>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let send = move |done: Settled| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(done);
        }
    };
    let moved = {
        let state = state.clone();
        Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.iter().last() {
                let entry: IntersectionObserverEntry = entry.unchecked_into();
                state.borrow_mut().moved(now(), entry.intersection_ratio());
            }
        })
    };
    // Every 5 %: each step of a slide moving in is seen.
    let steps = (0..=20).map(|i| JsValue::from_f64(f64::from(i) / 20.0));
    let init = web_sys::IntersectionObserverInit::new();
    init.set_threshold(&steps.collect::<js_sys::Array>());
    let observer =
        IntersectionObserver::new_with_options(moved.as_ref().unchecked_ref(), &init).ok();
    if let Some(o) = &observer {
        o.observe(element);
    }
    // Frames at the display's pace, not the page's quiet one: nothing is measured yet.
    type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;
    let slot: Slot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    let on_frame = {
        let (state, send, w) = (state.clone(), send.clone(), w.clone());
        // A page of the same origin around the frame shows where the frame is on every frame:
        // a frame already wholly in view that still slides is seen moving there alone.
        let mut was = None;
        move |_: f64| {
            let hidden = w.document().is_some_and(|d| d.hidden());
            let at = w.frame_element().ok().flatten().map(|f| {
                let r = f.get_bounding_client_rect();
                [r.x(), r.y(), r.width(), r.height()]
            });
            if at.is_some() && was.is_some() && at != was {
                state.borrow_mut().stirred(now());
            }
            was = at;
            let done = state.borrow_mut().frame(now());
            match done {
                Some(done) => send(done),
                None if hidden => send(Settled {
                    waited_ms: 0.0,
                    gave_up: false,
                }),
                None => {
                    if let Some(cb) = again.borrow().as_ref() {
                        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
                    }
                }
            }
        }
    };
    *slot.borrow_mut() = Some(Closure::new(on_frame));
    if let Some(cb) = slot.borrow().as_ref() {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
    // A hidden tab draws no frame to ask from.
    let late = {
        let send = send.clone();
        gloo_timers::callback::Timeout::new(settle::MAX_WAIT_MS as u32 + 100, move || {
            send(Settled {
                waited_ms: settle::MAX_WAIT_MS,
                gave_up: true,
            })
        })
    };
    let done = rx.await.unwrap_or(Settled {
        waited_ms: 0.0,
        gave_up: true,
    });
    drop(late);
    if let Some(o) = observer {
        o.disconnect();
    }
    // The frame closure may still be asked for once more: keep it until then.
    if let Some(cb) = slot.borrow_mut().take() {
        cb.forget();
    }
    drop(moved);
    done
}
