//! Python side by side: the CPython program for the recipe, a mode and the pool size,
//! highlighted, to copy or download; and the import of the trace it writes (a file, dropped
//! or chosen, or pasted text). The program is built as text nodes in spans with classes,
//! never as markup, and so is everything an imported file says.

use super::export_buttons::download_text;
use crate::hooks::{use_dispatch, AppDispatch};
use crate::state::{Action, Recording};
use interleave_core::python::{
    costs_program, highlight, program, CostsRun, COSTS_PROGRAM_URL, MAX_IMPORT_BYTES,
};
use interleave_core::run::mode::Mode;
use interleave_core::scenario::recipe::Recipe;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PythonPanelProps {
    pub recipe: Recipe,
    /// The modes chosen for the run; the panel shows the first unless another is picked.
    pub modes: Vec<Mode>,
    /// The pool size the modes with a pool run with.
    pub threads: usize,
    /// The cooperative mode's yield interval; `None`: a CPU step runs to completion.
    pub yield_ms: Option<f64>,
    pub imported: Recording,
    pub error: Option<String>,
    /// The costs lesson: the panel offers the costs program instead of a mode's.
    #[prop_or_default]
    pub costs: bool,
    /// The costs program's figures, once imported.
    #[prop_or_default]
    pub imported_costs: Option<Rc<CostsRun>>,
}

/// Reads `file` as text and imports it, unless it is too big to be a trace.
pub fn import_file(file: File, dispatch: AppDispatch) {
    let size = file.size();
    if size > MAX_IMPORT_BYTES as f64 {
        dispatch.dispatch(Action::ImportFailed(format!(
            "Not imported: {} is {} KB; a trace file may have at most {} KB.",
            interleave_core::view::quote::cut(&file.name()),
            (size / 1024.0).round(),
            MAX_IMPORT_BYTES / 1024
        )));
        return;
    }
    spawn_local(async move {
        match JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
        {
            Some(text) => dispatch.dispatch(Action::Import(text)),
            None => dispatch.dispatch(Action::ImportFailed(
                "Not imported: the file could not be read as text.".into(),
            )),
        }
    });
}

/// The longest program shown highlighted, in bytes; a longer one is shown as plain text.
const MOST_HIGHLIGHTED: usize = 64 * 1024;

/// The program as the page shows it, highlighted unless it is very long: thousands of tasks
/// with ranges are a line each (every task's durations resolved), and 10,000 of them
/// highlighted were 20,000 nodes, which took the page 0.4 s to build.
fn code_view(text: &str) -> Html {
    if text.len() > MOST_HIGHLIGHTED {
        return html! { { text.to_string() } };
    }
    highlight(text)
        .into_iter()
        .map(|(token, text)| match token.class() {
            Some(class) => html! { <span {class}>{ text }</span> },
            None => html! { { text } },
        })
        .collect()
}

#[component]
pub fn PythonPanel(props: &PythonPanelProps) -> Html {
    let dispatch = use_dispatch();
    let picked = use_state(|| None::<Mode>);
    let mode = picked
        .or_else(|| props.modes.first().copied())
        .unwrap_or(Mode::Cooperative);
    let fetched = use_fetched_program(props.costs);
    let key = (
        props.recipe.clone(),
        mode,
        props.threads,
        props.yield_ms,
        props.costs.then(|| (*fetched).clone()),
    );
    let generated = use_memo(key, |(recipe, mode, threads, yield_ms, costs)| {
        let p = if let Some(text) = costs {
            costs_program(text.clone())
        } else {
            program(recipe, *mode, *threads, *yield_ms)
        };
        let code = code_view(&p.text);
        (p, code)
    });
    let (p, code) = (&generated.0, generated.1.clone());
    let note = use_state(|| None::<&'static str>);
    let paste = use_state(String::new);

    let on_mode = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            picked.set(Mode::from_key(&key));
        })
    };
    let on_copy = copy_to_clipboard(p.text.clone(), note.clone());
    let on_download = {
        let (text, name) = (p.text.clone(), p.file_name.clone());
        Callback::from(move |_: MouseEvent| {
            download_text(&text, "text/x-python", &name);
        })
    };
    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                import_file(file, dispatch.clone());
            }
            // Choosing the same file again is a new import.
            input.set_value("");
        })
    };
    let on_paste_input = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            paste.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_paste_import = {
        let paste = paste.clone();
        dispatch.reform(move |_: MouseEvent| Action::Import((*paste).clone()))
    };
    let on_clear = dispatch.reform(|_: MouseEvent| Action::ClearImport);
    html! {
        <section class="python-panel" id="python" aria-labelledby="python-title">
            <h2 id="python-title">{"Python side by side"}</h2>
            { intro(props.costs) }
            <div class="python-actions">
                if !props.costs {
                    <label for="python-mode">{"Mode"}</label>
                    <select id="python-mode" onchange={on_mode}>
                        { for Mode::ALL.iter().map(|m| html! {
                            <option value={m.key()} selected={*m == mode}>{ format!("{} — {}", m.label(), m.python()) }</option>
                        }) }
                    </select>
                }
                <button id="python-copy" type="button" onclick={on_copy}>{"Copy"}</button>
                <button id="python-download" type="button" onclick={on_download}>{ format!("Download {}", p.file_name) }</button>
                if let Some(n) = *note { <span class="share-note" role="status">{ n }</span> }
            </div>
            <pre class="python-code" tabindex="0" aria-label={format!("Python program: {}", p.file_name)}><code id="python-program">{ code }</code></pre>
            <div class="python-import">
                <label for="python-file">{ if props.costs { "Import CPython's costs file" } else { "Import CPython's trace file" } }</label>
                <input id="python-file" type="file" accept=".json,application/json" onchange={on_file} />
                <details>
                    <summary>{"or paste its text"}</summary>
                    <textarea id="python-paste" rows="4" spellcheck="false" aria-label="Trace file text"
                        value={(*paste).clone()} oninput={on_paste_input} />
                    <button id="python-paste-import" type="button" onclick={on_paste_import}>{"Import"}</button>
                </details>
                if let Some(err) = &props.error {
                    <p id="python-import-error" class="notice error" role="alert">{ err.clone() }</p>
                }
                { imported_line(props, on_clear) }
            </div>
        </section>
    }
}

/// The costs program's text, fetched the first time the panel offers it; what it says until
/// then, or why it could not be fetched.
#[hook]
fn use_fetched_program(wanted: bool) -> UseStateHandle<String> {
    let text = use_state(|| "# fetching the costs program…".to_string());
    {
        let text = text.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted {
                spawn_local(async move {
                    text.set(fetch_text(COSTS_PROGRAM_URL).await.unwrap_or_else(|why| {
                        format!(
                            "# The costs program could not be fetched ({why}): reload the page."
                        )
                    }));
                });
            }
        });
    }
    text
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let said = |e: JsValue| format!("{e:?}");
    let w = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(said)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(said)?)
        .await
        .map_err(said)?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// What the program is and how its file comes back.
fn intro(costs: bool) -> Html {
    if costs {
        html! {
            <p>{"The CPython program that measures the same rows: a task, a thread and a process created, handed over to, talked to, and held by the thousand. Run it with "}
                <code>{"python3"}</code>{" (3.9 or later, standard library only; about 5 s) and drop the file it writes on the page, or paste it below: each cell then shows this machine's CPython beside the browser."}</p>
        }
    } else {
        html! {
            <p>{"The CPython program that runs this recipe the way the chosen mode does. Run it with "}
                <code>{"python3"}</code>{" (3.9 or later, standard library only): it calibrates its own work, records every step with "}
                <code>{"time.perf_counter()"}</code>{" and writes a trace file. Drop that file on the page, or paste it below, to draw CPython's timeline beside the browser's."}</p>
        }
    }
}

/// What was imported, with a way to remove it.
fn imported_line(props: &PythonPanelProps, on_clear: Callback<MouseEvent>) -> Html {
    if let Some(c) = props.imported_costs.as_ref().filter(|_| props.costs) {
        return html! {
            <p id="python-imported-costs" class="python-imported" role="status">
                { format!("Imported: {} {} on {} {} — the CPython line of each cell of the table.", c.run.implementation, c.run.version, c.run.system, c.run.machine) }
                {" "}<button id="python-clear-costs" type="button" onclick={on_clear}>{"Remove"}</button>
            </p>
        };
    }
    let Some(t) = props.imported.first() else {
        return html! {};
    };
    html! {
        <p id="python-imported" class="python-imported" role="status">
            { format!("Imported: {} ({}) — the last row of the timeline and the table.", t.label(), t.python()) }
            {" "}<button id="python-clear" type="button" onclick={on_clear}>{"Remove"}</button>
        </p>
    }
}

/// Copies `text`, and says in `note` whether the clipboard took it.
fn copy_to_clipboard(
    text: String,
    note: UseStateHandle<Option<&'static str>>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let (text, note) = (text.clone(), note.clone());
        spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let copied = match clipboard {
                Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
                None => false,
            };
            note.set(Some(if copied {
                "copied"
            } else {
                "the clipboard is not allowed here: select the program and copy it"
            }));
        });
    })
}
