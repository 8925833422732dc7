//! The root component: owns the state, provides its dispatcher, and lays out the page, or the
//! embed for slides. What it shows comes from `state::AppState` and its selectors; measuring,
//! running, autoplay and the keys live in the hooks.

use crate::components::{
    Controls, CostsTable, EmbedButton, EmbedFrame, EnvBadge, ExportButtons, Facts, Heartbeat,
    KeyHelp, LessonPanel, Notices, PythonPanel, RecipeEditor, ResultsTable, ShareLink, SharedState,
    Stage, SweepPanel,
};
use crate::engine::{embedding, publish_ready, set_root_attribute};
use crate::hooks::{
    use_environment, use_play_control, use_runner, use_shortcuts, AppDispatch, Shortcuts,
};
use crate::state::{Action, AppState, Recorded};
use interleave_core::lesson::{RunKind, Verdict};
use interleave_core::run::budget;
use interleave_core::scenario::config::{RunConfig, Theme, MAX_THREADS};
use interleave_core::scenario::embed::Panels;
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
    let dispatch = AppDispatch::new(state.dispatcher());
    use_effect_with(state.presence.parked, |&parked| {
        embedding::mark_parked(parked)
    });
    let config = &state.scenario.config;
    use_environment(state.dispatcher(), config);
    let ready = state.ready();
    use_effect_with(ready, |&ready| {
        if ready {
            publish_ready();
        }
    });
    let runner = use_runner(&state, ready);
    let on_run = {
        let (start, kind) = (runner.start.clone(), state.run_kind());
        Callback::from(move |()| start.emit(kind))
    };
    let root = use_node_ref();
    use_play_control(&state, &runner, on_run.clone(), ready, root.clone());
    // The address bar follows the scenario, so a reload or a copied URL reproduces it.
    use_effect_with(state.scenario.config.clone(), replace_query);
    // Set while rendering, not in an effect: children's effects run first, and the timeline
    // reads the theme's colours when it paints. Setting an attribute to its value is no change.
    apply_theme(state.scenario.config.theme);
    let help_open = use_state(|| false);
    let shortcuts = Shortcuts {
        on_run: on_run.clone(),
        on_stop: runner.stop.clone(),
        help_open: help_open.clone(),
        next_theme: next_theme(&state),
    };
    use_shortcuts(&state, shortcuts);
    let page = Page {
        verdict: (*use_memo(state.verdict_key(), |_| state.verdict())).clone(),
        recorded: use_memo(state.recording_key(), |_| state.recorded()),
        state: state.clone(),
        ready,
        start: runner.start,
        on_run,
        on_stop: runner.stop,
        root,
        help_open,
        dispatch: dispatch.clone(),
    };
    let layout = match state.scenario.config.embed {
        Some(embed) => embed_page(&page, embed.panels),
        None => full_page(&page),
    };
    html! {
        <ContextProvider<AppDispatch> context={dispatch}>{ layout }</ContextProvider<AppDispatch>>
    }
}

/// What the layouts show besides the state itself, gathered by `App`.
struct Page {
    state: UseReducerHandle<AppState>,
    ready: bool,
    /// Starts a run of the kind given.
    start: Callback<RunKind>,
    on_run: Callback<()>,
    on_stop: Callback<()>,
    /// The page's root element, watched for visibility.
    root: NodeRef,
    help_open: UseStateHandle<bool>,
    verdict: Option<Verdict>,
    recorded: Rc<Recorded>,
    dispatch: AppDispatch,
}

/// The embed for slides: a title, Run, the timeline, and what the URL asks for.
fn embed_page(page: &Page, panels: Panels) -> Html {
    let state = &page.state;
    let config = &state.scenario.config;
    html! {
        <div ref={page.root.clone()} class="embed-root">
            <EmbedFrame config={config.clone()} {panels}
                config_errors={state.scenario.config_errors.clone()} traces={state.run.traces.clone()}
                columns={page.recorded.columns.clone()} live={state.run.live.clone()} tasks={state.task_count()} running={state.is_running()}
                ready={page.ready} status={state.status()}
                workers_unavailable={state.workers_unavailable()} verdict={page.verdict.clone()}
                busy={state.busy_note()} on_run={page.on_run.clone()}
                costs={(state.run_kind() == RunKind::Costs).then(|| state.run.costs.clone())} on_stop={page.on_stop.clone()} />
        </div>
    }
}

/// The full page: the workbench, the timeline and its tables, Python side by side.
fn full_page(page: &Page) -> Html {
    let (state, recorded) = (&page.state, &page.recorded);
    let config = &state.scenario.config;
    let (tasks, running, ready) = (state.task_count(), state.is_running(), page.ready);
    let workers_unavailable = state.workers_unavailable();
    let sweep_mode = state.sweep_mode();
    let on_sweep = page
        .start
        .reform(move |()| sweep_mode.map_or(RunKind::Modes, RunKind::Sweep));
    let on_theme = next_theme(state).reform(|_: MouseEvent| ());
    let on_help_close = {
        let help_open = page.help_open.clone();
        Callback::from(move |()| help_open.set(false))
    };
    html! {
        <main class="app" ref={page.root.clone()} ondragover={Callback::from(|e: DragEvent| e.prevent_default())}
            ondrop={on_drop(page.dispatch.clone())}>
            <header>
                <div class="title-row">
                    <h1>{"Interleave"}</h1>
                    <button id="theme" type="button" onclick={on_theme} title="T: switch the theme"
                        aria-label={format!("Theme: {}; switch", config.theme.key())}>
                        { format!("Theme: {}", config.theme.key()) }
                    </button>
                </div>
                <p class="tagline">{"The same tasks, run one after another, interleaved on the event loop, and in parallel on your cores — every bar measured in this browser."}</p>
                <EnvBadge env={state.env.clone()} max_parallel={recorded.max_parallel} parallel_expected={recorded.parallel_expected} fallbacks={recorded.fallbacks.clone()} />
            </header>
            <Notices config_errors={state.scenario.config_errors.clone()} workers_unavailable={workers_unavailable.clone()} long_holds={recorded.long_holds.clone()} nothing_ran={state.nothing_ran()}
                span_budget={budget::notice(config, &state.run.traces)} time_limit={state.time_limit()}
                offer_reload={crate::engine::pool_broken().is_some()} />
            <div class="workbench">
                <div class="setup">
                    <Controls config={config.clone()} {running} {ready} pool_threads={workers_unavailable.is_none().then_some(MAX_THREADS)}
                        workers_available={workers_unavailable.is_none()} on_run={page.on_run.clone()}
                        on_stop={page.on_stop.clone()} {sweep_mode} {on_sweep} />
                    <RecipeEditor draft={state.scenario.recipe_draft.clone()} error={state.scenario.recipe_error.clone()}
                        summary={config.recipe.summary()} disabled={running} />
                    <ShareLink config={config.clone()} />
                    <EmbedButton config={config.clone()} />
                </div>
                <LessonPanel lesson={config.lesson} verdict={page.verdict.clone()} history={state.scenario.yield_history.clone()} comparison={recorded.comparison.clone()} />
            </div>
            <div class="sweep-holder">
                <SweepPanel traces={state.run.traces.clone()} mode={state.run.swept} cores={state.env.cores} />
            </div>
            <Heartbeat {running} animate={config.live} />
            if state.run_kind() == RunKind::Costs {
                <CostsTable costs={state.run.costs.clone()} {running} cpython={state.import.costs.clone()} />
            } else {
                <Stage traces={recorded.shown.clone()} live={state.run.live.clone()} {tasks} animate={config.live} {running}
                    theme={config.theme} />
                <ResultsTable traces={recorded.shown.clone()} {tasks} columns={recorded.columns.clone()} />
                <SharedState traces={state.run.traces.clone()} />
            }
            if !running {
                <ExportButtons traces={recorded.shown.clone()} {tasks} title={state.run_title()} />
            }
            <PythonPanel recipe={config.recipe.clone()} modes={config.modes.clone()}
                threads={state.python_threads()} yield_ms={config.yield_ms}
                imported={state.import.row.clone()} error={state.import.error.clone()}
                costs={state.run_kind() == RunKind::Costs} imported_costs={state.import.costs.clone()} />
            <Facts />
            <KeyHelp open={*page.help_open} on_close={on_help_close} />
            <p class="key-hint">{"Press ? for keyboard shortcuts · T switches the theme ("}{ config.theme.key() }{")"}</p>
        </main>
    }
}

/// Switches to the next theme (the button and the T key).
fn next_theme(state: &UseReducerHandle<AppState>) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |()| {
        let config = RunConfig {
            theme: state.scenario.config.theme.next(),
            ..state.scenario.config.clone()
        };
        state.dispatch(Action::Configure(config));
    })
}

/// A trace file dropped anywhere on the page is imported; nothing else dropped is opened.
fn on_drop(dispatch: AppDispatch) -> Callback<DragEvent> {
    Callback::from(move |e: DragEvent| {
        e.prevent_default();
        let file = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            crate::components::import_file(file, dispatch.clone());
        }
    })
}

/// Sets `<html data-theme>`; `auto` leaves the choice to `prefers-color-scheme`.
fn apply_theme(theme: Theme) {
    set_root_attribute("data-theme", (theme != Theme::Auto).then(|| theme.key()));
}
