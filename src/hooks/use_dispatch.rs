//! The one way a component changes the page's state: the reducer's dispatcher, which `App`
//! provides as a context, so a component that only sends actions takes it from there instead
//! of a callback prop per action.

use crate::state::{Action, AppState};
use yew::prelude::*;

/// Sends actions to the page's reducer. It stays the same for the page's life, so providing
/// it re-renders nothing.
#[derive(Clone, PartialEq)]
pub struct AppDispatch(UseReducerDispatcher<AppState>);

impl AppDispatch {
    pub fn new(dispatcher: UseReducerDispatcher<AppState>) -> Self {
        AppDispatch(dispatcher)
    }

    pub fn dispatch(&self, action: Action) {
        self.0.dispatch(action);
    }

    /// A callback that sends the action `make` makes of its input.
    pub fn reform<T: 'static>(&self, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
        let dispatcher = self.0.clone();
        Callback::from(move |input: T| dispatcher.dispatch(make(input)))
    }
}

/// The page's dispatcher, from the context `App` provides.
#[hook]
pub fn use_dispatch() -> AppDispatch {
    use_context::<AppDispatch>().expect("App provides AppDispatch to every component")
}
