//! The recipe editor: the user's own workload as text, a preview of the plan it makes, and
//! the parse error beside it. A bad draft never replaces the last good recipe.

use crate::hooks::use_dispatch;
use crate::state::Action;
use interleave_core::scenario::recipe::RecipeSummary;
use interleave_core::view::figure;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecipeEditorProps {
    pub draft: String,
    pub error: Option<String>,
    /// The plan that will run: the last recipe that parsed.
    pub summary: RecipeSummary,
    pub disabled: bool,
}

#[component]
pub fn RecipeEditor(props: &RecipeEditorProps) -> Html {
    let on_input = use_dispatch().reform(|e: InputEvent| {
        Action::EditRecipe(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let s = &props.summary;
    let lines = props.draft.lines().count().clamp(2, 10) as u32;
    html! {
        <section class="recipe" aria-label="Recipe">
            <label for="recipe">{"Recipe — one line per group of tasks"}</label>
            <textarea id="recipe" spellcheck="false" rows={lines.to_string()} value={props.draft.clone()}
                oninput={on_input} disabled={props.disabled}
                aria-invalid={props.error.is_some().to_string()} aria-describedby="recipe-preview recipe-error" />
            <p id="recipe-preview" class="preview">
                { format!("Plan: {} tasks · {} of CPU · {} of waiting, summed over tasks", figure::count(s.tasks as usize), figure::ms(s.cpu_ms, 0), figure::ms(s.io_ms, 0)) }
            </p>
            if let Some(err) = &props.error {
                <p id="recipe-error" class="notice error" role="alert">
                    { err.clone() }{" The last good recipe stays loaded."}
                </p>
            }
            <details class="syntax">
                <summary>{"Recipe syntax"}</summary>
                <pre>{"# a comment\n6 × cpu 15ms → io 120ms → cpu 5ms   six tasks, three steps each\n2 x io 50..200ms                    a range: each task draws its own wait\ncpu 1s                              one task (units: us, ms, s)\nseed 7                              which draw the ranges make"}</pre>
                <p>{"Write x or × for times, -> or → between steps."}</p>
            </details>
        </section>
    }
}
