//! The list of keyboard shortcuts, shown with `?`.

use yew::prelude::*;

/// Every shortcut and what it does, in the order they are listed.
pub const KEYS: [(&str, &str); 7] = [
    ("Space", "run; during a replay, play or pause"),
    ("← →", "step the replay back or forward by one event"),
    ("+ −", "zoom the timeline in or out"),
    ("0", "show the whole run"),
    ("K", "switch between the lane view and the kitchen view"),
    ("T", "switch the theme: auto, light, dark"),
    ("?", "show or hide this list"),
];

#[derive(Properties, PartialEq)]
pub struct KeyHelpProps {
    pub open: bool,
    pub on_close: Callback<()>,
}

#[component]
pub fn KeyHelp(props: &KeyHelpProps) -> Html {
    if !props.open {
        return html! {};
    }
    html! {
        <div class="key-help" id="key-help" role="dialog" aria-label="Keyboard shortcuts">
            <h2>{"Keyboard"}</h2>
            <dl>
                { for KEYS.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
            </dl>
            <button type="button" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
        </div>
    }
}
