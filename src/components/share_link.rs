//! Copy link: the whole scenario as a URL, copied to the clipboard and shown for copying by
//! hand where the clipboard is not allowed.

use interleave_core::scenario::config::RunConfig;
use interleave_core::scenario::embed::Autoplay;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    pub config: RunConfig,
}

fn link_for(config: &RunConfig) -> Option<String> {
    let location = web_sys::window()?.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let shared = RunConfig {
        autoplay: Autoplay::Off,
        ..config.clone()
    };
    Some(format!("{base}?{}", shared.to_query()))
}

#[component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let shown = use_state(|| None::<(String, &'static str)>);
    let on_copy = {
        let (shown, config) = (shown.clone(), props.config.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(link) = link_for(&config) else {
                return;
            };
            let shown = shown.clone();
            shown.set(Some((link.clone(), "copying…")));
            spawn_local(async move {
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                let copied = match clipboard {
                    Some(c) => JsFuture::from(c.write_text(&link)).await.is_ok(),
                    None => false,
                };
                let note = if copied {
                    "copied"
                } else {
                    "select and copy it"
                };
                shown.set(Some((link, note)));
            });
        })
    };
    html! {
        <div class="share">
            <button id="copy-link" type="button" onclick={on_copy}>{"Copy link"}</button>
            if let Some((link, note)) = &*shown {
                <input id="share-link" type="text" readonly=true value={link.clone()} aria-label="Link to this scenario"/>
                <span class="share-note">{ *note }</span>
            }
        </div>
    }
}
