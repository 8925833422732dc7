//! Who besides the Run button starts and stops runs: autoplay, a slide deck's `slide:start` /
//! `slide:stop`, the page scrolling into or out of view, and a looping embed's next round.
//! Requests go through the reducer (`SlideShown`, `InView`, `LoopDue`); one effect turns a
//! request into a run once the page is ready.

use super::use_runner::Runner;
use crate::engine::embedding::{self, listen_for_slides, watch_visibility};
use crate::state::{Action, AppState};
use gloo_timers::callback::Timeout;
use interleave_core::codec::report::PoolStatus;
use interleave_core::scenario::embed::{Autoplay, SlideMessage, LOOP_PAUSE_MS};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

#[hook]
pub fn use_play_control(
    state: &UseReducerHandle<AppState>,
    runner: &Runner,
    on_run: Callback<()>,
    ready: bool,
    root: NodeRef,
) {
    // The listeners live for the page; they read the current runner and pool from here.
    let latest = use_mut_ref(|| (runner.clone(), state.env.pool.clone()));
    *latest.borrow_mut() = (runner.clone(), state.env.pool.clone());

    {
        let (dispatch, latest) = (state.dispatcher(), latest.clone());
        use_effect_with((), move |_| {
            let listening = listen_for_slides(move |message| match message {
                SlideMessage::Start => dispatch.dispatch(Action::SlideShown(true)),
                SlideMessage::Stop => {
                    dispatch.dispatch(Action::SlideShown(false));
                    let (runner, pool) = latest.borrow().clone();
                    runner.stop.emit(());
                    // Stopping leaves the pool's workers asleep but alive; a deck may hold
                    // many frames, so give them back.
                    if matches!(pool, PoolStatus::Ready { .. } | PoolStatus::Starting { .. }) {
                        embedding::park();
                    }
                }
            });
            move || drop(listening)
        });
    }

    {
        let (dispatch, latest) = (state.dispatcher(), latest.clone());
        // A loop runs only while in view, whatever starts it.
        let watch = state.scenario.config.autoplay == Autoplay::Visible
            || state.scenario.config.embed.is_some_and(|e| e.looping);
        use_effect_with((watch, root.clone()), move |(on, root)| {
            let watching = on
                .then(|| root.cast::<web_sys::Element>())
                .flatten()
                .and_then(|el| {
                    watch_visibility(&el, move |shown| {
                        dispatch.dispatch(Action::InView(shown));
                        if !shown {
                            latest.borrow().0.stop.emit(());
                        }
                    })
                });
            move || drop(watching)
        });
    }

    // A request becomes a run once the page is ready and quiet: a deck announces a slide as
    // its transition begins, and the transition's frames take the cores the run would measure.
    {
        let go = state.run.play_requested && ready && !state.is_running();
        let dispatch = state.dispatcher();
        use_effect_with(go, move |&go| {
            let asked = Rc::new(Cell::new(go));
            if go {
                let (asked, root) = (asked.clone(), root.cast::<web_sys::Element>());
                spawn_local(async move {
                    if let Some(root) = root {
                        let settled = embedding::settled(&root).await;
                        dispatch.dispatch(Action::Settled(settled));
                    }
                    // Not if the request went away meanwhile (its slide left, Stop).
                    if asked.get() {
                        on_run.emit(());
                    }
                });
            }
            move || asked.set(false)
        });
    }

    // A looping embed runs again after a pause, while it is shown.
    {
        let dispatch = state.dispatcher();
        let due = state.presence.shown && state.loops_now();
        use_effect_with((state.run.number, due), move |&(_, due)| {
            let pause = due
                .then(|| Timeout::new(LOOP_PAUSE_MS, move || dispatch.dispatch(Action::LoopDue)));
            move || drop(pause)
        });
    }
}
