//! The page's keyboard shortcuts: space runs, Escape stops (or closes the help), ? opens the
//! help, T switches the theme. The timeline and the replay have keys of their own.

use super::use_keys;
use crate::state::AppState;
use yew::prelude::*;

/// What the shortcuts do.
pub struct Shortcuts {
    pub on_run: Callback<()>,
    pub on_stop: Callback<()>,
    pub help_open: UseStateHandle<bool>,
    pub next_theme: Callback<()>,
}

#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<AppState>, shortcuts: Shortcuts) {
    let Shortcuts {
        on_run,
        on_stop,
        help_open,
        next_theme,
    } = shortcuts;
    let state = state.clone();
    // An embed without replay controls has no replay to play: space always runs there.
    let replay_on_space = state.scenario.config.embed.is_none_or(|e| e.panels.replay);
    use_keys(Callback::from(move |key: String| match key.as_str() {
        // With a recording, space plays the replay (the stage handles it); before, it runs.
        " " if !state.is_running() && (state.run.traces.is_empty() || !replay_on_space) => {
            on_run.emit(());
            true
        }
        "Escape" if state.is_running() && !*help_open => {
            on_stop.emit(());
            true
        }
        "?" => {
            help_open.set(!*help_open);
            true
        }
        "Escape" if *help_open => {
            help_open.set(false);
            true
        }
        "t" | "T" => {
            next_theme.emit(());
            true
        }
        _ => false,
    }));
}
