//! The root component: owns the state and lays out the page, or the embed for slides.
//! Everything it shows comes from `state::AppState`; measuring, running and autoplay live in
//! the hooks.

use crate::components::{
    Controls, EmbedButton, EmbedFrame, EnvBadge, ExportButtons, Facts, Heartbeat, KeyHelp,
    LessonPanel, Notices, PythonPanel, RecipeEditor, ResultsTable, ShareLink, SharedState, Stage,
    SweepPanel,
};
use crate::engine::{embedding, publish_ready, set_root_attribute};
use crate::hooks::{use_environment, use_keys, use_play_control, use_runner};
use crate::model::budget;
use crate::model::config::{RunConfig, Theme};
use crate::model::lesson::LessonId;
use crate::state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.reduce(action);
        Rc::new(next)
    }
}

fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Keeps the address bar in step with the settings, so a reload or a copied URL reproduces them.
fn replace_query(config: &RunConfig) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let url = format!("?{}", config.to_query());
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (config, errors) = RunConfig::from_query(&location_query());
        AppState::new(config, errors, embedding::was_parked())
    });
    use_effect_with(state.presence.parked, |&parked| {
        embedding::mark_parked(parked)
    });
    let embed = state.scenario.config.embed;
    use_environment(
        state.dispatcher(),
        state.scenario.config.threads,
        embed.is_some(),
    );

    let ready = state.ready();
    {
        use_effect_with(ready, |&ready| {
            if ready {
                publish_ready();
            }
        });
    }
    let runner = use_runner(&state, ready);

    let on_run = {
        let (start, sweep) = (runner.start.clone(), state.run_sweeps());
        Callback::from(move |()| start.emit(sweep))
    };
    let sweep_mode = state.sweep_mode();
    let on_sweep = {
        let start = runner.start.clone();
        Callback::from(move |()| start.emit(sweep_mode))
    };
    let on_stop = runner.stop.clone();
    let root = use_node_ref();
    use_play_control(&state, &runner, on_run.clone(), ready, root.clone());

    let on_change = {
        let dispatch = state.dispatcher();
        Callback::from(move |config: RunConfig| dispatch.dispatch(Action::Configure(config)))
    };
    let on_lesson = {
        let dispatch = state.dispatcher();
        Callback::from(move |l: Option<LessonId>| dispatch.dispatch(Action::ChooseLesson(l)))
    };
    let on_edit = {
        let dispatch = state.dispatcher();
        Callback::from(move |text: String| dispatch.dispatch(Action::EditRecipe(text)))
    };
    let on_import = {
        let dispatch = state.dispatcher();
        Callback::from(move |text: String| dispatch.dispatch(Action::Import(text)))
    };
    let on_import_failed = {
        let dispatch = state.dispatcher();
        Callback::from(move |why: String| dispatch.dispatch(Action::ImportFailed(why)))
    };
    let on_import_clear = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::ClearImport))
    };
    // A trace file dropped anywhere on the page is imported; nothing else dropped is opened.
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let (on_import, on_failed) = (on_import.clone(), on_import_failed.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                crate::components::import_file(file, on_import.clone(), on_failed.clone());
            }
        })
    };
    // The address bar follows the scenario, so a reload or a copied URL reproduces it.
    use_effect_with(state.scenario.config.clone(), replace_query);
    // Set while rendering, not in an effect: children's effects run first, and the timeline
    // reads the theme's colours when it paints. Setting an attribute to its value is no change.
    apply_theme(state.scenario.config.theme);

    let next_theme = {
        let state = state.clone();
        Callback::from(move |()| {
            let config = RunConfig {
                theme: state.scenario.config.theme.next(),
                ..state.scenario.config.clone()
            };
            state.dispatch(Action::Configure(config));
        })
    };
    let on_theme = next_theme.reform(|_: MouseEvent| ());
    let help_open = use_state(|| false);
    let on_help_close = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(false))
    };
    {
        let (on_run, on_stop, help_open, state) = (
            on_run.clone(),
            on_stop.clone(),
            help_open.clone(),
            state.clone(),
        );
        let next_theme = next_theme.clone();
        // An embed without replay controls has no replay to play: space always runs there.
        let replay_on_space = embed.is_none_or(|e| e.panels.replay);
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

    let workers_unavailable = state.workers_unavailable();
    let verdict = (*use_memo(state.verdict_key(), |_| state.verdict())).clone();
    let recorded = use_memo(state.recording_key(), |_| state.recorded());
    let tasks = state.task_count();
    let running = state.is_running();
    if let Some(embed) = embed {
        return html! {
            <div ref={root} class="embed-root">
                <EmbedFrame config={state.scenario.config.clone()} panels={embed.panels}
                    config_errors={state.scenario.config_errors.clone()} traces={state.run.traces.clone()}
                    live={state.run.live.clone()} {tasks} {running} {ready} status={state.status()}
                    {workers_unavailable} {verdict} {on_run} {on_stop} />
            </div>
        };
    }
    html! {
        <main class="app" ref={root} ondragover={on_dragover} ondrop={on_drop}>
            <header>
                <div class="title-row">
                    <h1>{"Interleave"}</h1>
                    <button id="theme" type="button" onclick={on_theme} title="T: switch the theme"
                        aria-label={format!("Theme: {}; switch", state.scenario.config.theme.key())}>
                        { format!("Theme: {}", state.scenario.config.theme.key()) }
                    </button>
                </div>
                <p class="tagline">{"The same tasks, run one after another, interleaved on the event loop, and in parallel on your cores — every bar measured in this browser."}</p>
                <EnvBadge env={state.env.clone()} max_parallel={recorded.max_parallel} parallel_expected={recorded.parallel_expected} fallbacks={recorded.fallbacks.clone()} />
            </header>
            <Notices config_errors={state.scenario.config_errors.clone()} workers_unavailable={workers_unavailable.clone()} long_holds={recorded.long_holds.clone()} nothing_ran={state.nothing_ran()}
                span_budget={budget::notice(&state.scenario.config, &state.run.traces)}
                offer_reload={crate::engine::pool_broken().is_some()} />
            <div class="workbench">
                <div class="setup">
                    <Controls
                        config={state.scenario.config.clone()}
                        {running}
                        {ready}
                        pool_threads={state.env.pool_threads()}
                        workers_available={workers_unavailable.is_none()}
                        {on_change}
                        {on_lesson}
                        {on_run}
                        {on_stop}
                        {sweep_mode}
                        {on_sweep}
                    />
                    <RecipeEditor draft={state.scenario.recipe_draft.clone()} error={state.scenario.recipe_error.clone()}
                        summary={state.scenario.config.recipe.summary()} disabled={running} {on_edit} />
                    <ShareLink config={state.scenario.config.clone()} />
                    <EmbedButton config={state.scenario.config.clone()} />
                </div>
                <LessonPanel lesson={state.scenario.config.lesson} {verdict} history={state.scenario.yield_history.clone()} comparison={recorded.comparison.clone()} />
            </div>
            <div class="sweep-holder">
                <SweepPanel traces={state.run.traces.clone()} mode={state.run.swept} cores={state.env.cores}
                    pool_threads={state.env.pool_threads().unwrap_or(0)} />
            </div>
            <Heartbeat {running} animate={state.scenario.config.live} />
            <Stage traces={recorded.shown.clone()} live={state.run.live.clone()} {tasks} animate={state.scenario.config.live} {running}
                theme={state.scenario.config.theme} />
            <ResultsTable traces={recorded.shown.clone()} {tasks} />
            <SharedState traces={state.run.traces.clone()} />
            if !running {
                <ExportButtons traces={recorded.shown.clone()} {tasks} title={state.run_title()} />
            }
            <PythonPanel recipe={state.scenario.config.recipe.clone()} modes={state.scenario.config.modes.clone()}
                threads={state.python_threads()}
                yield_ms={state.scenario.config.yield_ms} imported={state.import.row.clone()}
                error={state.import.error.clone()} {on_import} {on_import_failed} on_clear={on_import_clear} />
            <Facts />
            <KeyHelp open={*help_open} on_close={on_help_close} />
            <p class="key-hint">{"Press ? for keyboard shortcuts · T switches the theme ("}{ state.scenario.config.theme.key() }{")"}</p>
        </main>
    }
}

/// Sets `<html data-theme>`; `auto` leaves the choice to `prefers-color-scheme`.
fn apply_theme(theme: Theme) {
    set_root_attribute("data-theme", (theme != Theme::Auto).then(|| theme.key()));
}
