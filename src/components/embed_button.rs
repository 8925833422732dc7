//! The Embed button: an iframe snippet for the current scenario, to paste into a slide deck,
//! with a note on when threads will work inside it.

use interleave_core::lesson;
use interleave_core::scenario::config::RunConfig;
use interleave_core::scenario::embed::SNIPPET_NOTE;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedButtonProps {
    pub config: RunConfig,
}

fn page_url() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.origin().ok()?,
        location.pathname().ok()?
    ))
}

#[component]
pub fn EmbedButton(props: &EmbedButtonProps) -> Html {
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let title = match props.config.lesson {
        Some(l) => format!("Interleave: {}", lesson::get(l).title),
        None => "Interleave".to_string(),
    };
    let snippet = (*open)
        .then(page_url)
        .flatten()
        .map(|url| props.config.iframe_snippet(&url, &title));
    html! {
        <div class="embed-snippet">
            <button id="embed" type="button" onclick={on_toggle} aria-expanded={open.to_string()}>
                {"Embed"}
            </button>
            if let Some(snippet) = snippet {
                <label for="embed-code">{"Paste this into a slide (reveal.js sends it slide:start and slide:stop):"}</label>
                <textarea id="embed-code" readonly=true rows="4" value={snippet}
                    onfocus={Callback::from(|e: FocusEvent| {
                        use wasm_bindgen::JsCast;
                        if let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                            t.select();
                        }
                    })} />
                <p class="hint" id="embed-note">{ SNIPPET_NOTE }</p>
            }
        </div>
    }
}
