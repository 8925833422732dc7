//! Calls a closure on every animation frame while `active` is true, and stops when the
//! component goes away or `active` turns false.

use crate::engine::frames::animation_loop;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

type FrameFn = Rc<dyn Fn()>;

#[hook]
pub fn use_animation_frame(active: bool, on_frame: impl Fn() + 'static) {
    // Each frame calls the latest closure, so it sees the latest props without a restart.
    let latest: Rc<RefCell<FrameFn>> = use_mut_ref(|| -> FrameFn { Rc::new(|| ()) });
    *latest.borrow_mut() = Rc::new(on_frame);
    use_effect_with(active, move |&active| {
        let stopped = Rc::new(Cell::new(false));
        if active {
            let stopped = stopped.clone();
            animation_loop(move || {
                if !stopped.get() {
                    let f = latest.borrow().clone();
                    f();
                }
                !stopped.get()
            });
        }
        move || stopped.set(true)
    });
}
