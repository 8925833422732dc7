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
use crate::model::config::{RunConfig, Theme, MAX_THREADS};
use crate::model::lesson::{self, LessonId, RunContext, Verdict};
use crate::model::mode::Mode;
use crate::model::python;
use crate::model::report::{PoolStatus, RunEnd};
use crate::model::stats::{long_holds, max_parallel, plan_computes_in_parallel, silent_fallbacks};
use crate::model::trace::Trace;
use crate::state::{Action, AppState, Availability, Phase};
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

    // Wait for the pool to settle even when no chosen mode needs it: starting and warming up
    // workers takes the cores a measured run would use.
    let ready = state.env.calibration.is_some()
        && !matches!(state.availability(Mode::Threads), Availability::Pending(_));
    {
        use_effect_with(ready, |&ready| {
            if ready {
                publish_ready();
            }
        });
    }
    let runner = use_runner(&state, ready);

    // Run: a lesson about pools sweeps; anything else runs its modes once.
    let on_run = {
        let (start, lesson_sweep) = (
            runner.start.clone(),
            state
                .scenario
                .config
                .lesson
                .and_then(|l| lesson::get(l).sweep),
        );
        Callback::from(move |()| start.emit(lesson_sweep))
    };
    let sweep_mode = sweepable(&state);
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

    let workers_unavailable = match &state.env.pool {
        PoolStatus::Unavailable { reason } => Some(reason.clone()),
        _ => None,
    };
    let verdict = verdict_for(&state, &state.run.traces);
    // Figures over every span of the recording: computed once per recording, not per render
    // (the page re-renders on every keystroke in the recipe editor).
    // The recipe the traces ran, not the one being edited since.
    let ran_recipe = state.run.ran_with.as_ref().map(|c| c.recipe.clone());
    let derived = use_memo(
        (state.run.traces.clone(), ran_recipe),
        |(traces, recipe)| {
            let holds = traces
                .iter()
                .find(|t| t.mode == Mode::Cooperative)
                .map(|t| long_holds(t, LONG_HOLD_MS))
                .unwrap_or_default();
            let plan = recipe.as_ref().map(|r| r.tasks()).unwrap_or_default();
            // Fewer than two lanes at once is a shortfall only where the plan could compute in
            // parallel; for waits alone it is what should happen.
            let parallel_expected = traces.iter().any(|t| {
                matches!(t.mode, Mode::Threads | Mode::Processes)
                    && plan_computes_in_parallel(&plan, t.threads)
            });
            let parallel = (!traces.is_empty()).then(|| max_parallel(traces));
            (
                holds,
                parallel,
                parallel_expected,
                silent_fallbacks(traces, &plan),
            )
        },
    );
    let (holds, max_parallel_now, parallel_expected, fallbacks) = (*derived).clone();
    // What the views draw: the browser's runs, then CPython's imported one, and how they compare.
    let ran_recipe = state.run.ran_with.as_ref().map(|c| c.recipe.clone());
    let shown = use_memo(
        (
            state.run.traces.clone(),
            state.import.row.clone(),
            ran_recipe,
        ),
        |(traces, imported, recipe)| {
            let comparison = imported
                .first()
                .map(|t| python::compare(t, traces, recipe.as_ref()));
            (traces.joined(imported), comparison)
        },
    );
    let (shown, comparison) = (shown.0.clone(), shown.1.clone());
    // The numbers describe the run that happened, not the recipe being edited since.
    let tasks = state
        .run
        .ran_with
        .as_ref()
        .filter(|_| !state.run.traces.is_empty() || state.is_running())
        .unwrap_or(&state.scenario.config)
        .recipe
        .task_count() as usize;
    let tasks = tasks.max(state.import.row.first().map_or(0, |t| t.results.len()));
    let running = state.is_running();
    let nothing_ran = match &state.run.ended {
        Some(RunEnd::NothingRan { reason }) => Some(reason.clone()),
        _ => None,
    };
    if let Some(embed) = embed {
        return html! {
            <div ref={root} class="embed-root">
                <EmbedFrame config={state.scenario.config.clone()} panels={embed.panels}
                    config_errors={state.scenario.config_errors.clone()} traces={state.run.traces.clone()}
                    live={state.run.live.clone()} {tasks} {running} {ready} status={status(&state, ready)}
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
                <EnvBadge env={state.env.clone()} max_parallel={max_parallel_now} {parallel_expected} {fallbacks} />
            </header>
            <Notices config_errors={state.scenario.config_errors.clone()} workers_unavailable={workers_unavailable.clone()} long_holds={holds} nothing_ran={nothing_ran}
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
                <LessonPanel lesson={state.scenario.config.lesson} {verdict} history={state.scenario.yield_history.clone()} {comparison} />
            </div>
            <div class="sweep-holder">
                <SweepPanel traces={state.run.traces.clone()} mode={state.run.swept} cores={state.env.cores}
                    pool_threads={state.env.pool_threads().unwrap_or(0)} />
            </div>
            <Heartbeat {running} animate={state.scenario.config.live} />
            <Stage traces={shown.clone()} live={state.run.live.clone()} {tasks} animate={state.scenario.config.live} {running}
                theme={state.scenario.config.theme} />
            <ResultsTable traces={shown.clone()} {tasks} />
            <SharedState traces={state.run.traces.clone()} />
            if !running {
                <ExportButtons traces={shown} {tasks} title={run_title(&state)} />
            }
            <PythonPanel recipe={state.scenario.config.recipe.clone()} modes={state.scenario.config.modes.clone()}
                threads={state.scenario.config.threads.unwrap_or(state.env.cores).clamp(1, MAX_THREADS)}
                yield_ms={state.scenario.config.yield_ms} imported={state.import.row.clone()}
                error={state.import.error.clone()} {on_import} {on_import_failed} on_clear={on_import_clear} />
            <Facts />
            <KeyHelp open={*help_open} on_close={on_help_close} />
            <p class="key-hint">{"Press ? for keyboard shortcuts · T switches the theme ("}{ state.scenario.config.theme.key() }{")"}</p>
        </main>
    }
}

/// What the page is doing, in a few words, for the embed's status line.
fn status(state: &AppState, ready: bool) -> String {
    match (&state.run.phase, &state.env.pool) {
        (Phase::Running { mode: Some(m) }, _) => format!("running {}…", m.label()),
        (Phase::Running { .. }, PoolStatus::Starting { threads }) => {
            format!("starting {threads} workers…")
        }
        (Phase::Running { .. }, _) => "starting…".into(),
        (Phase::Stopping, _) => "stopping…".into(),
        (Phase::Finished, _) => match &state.run.ended {
            Some(RunEnd::Done) => "done".into(),
            Some(RunEnd::NothingRan { .. }) => "nothing could run here".into(),
            Some(RunEnd::Crashed) => "a task crashed".into(),
            _ => "stopped".into(),
        },
        (Phase::Idle, _) if state.presence.parked => "waiting for its slide".into(),
        (Phase::Idle, _) if !state.presence.shown => "waiting to be seen".into(),
        (Phase::Idle, _) if !ready => "measuring this device…".into(),
        (Phase::Idle, _) => "ready: press Run or space".into(),
    }
}

/// Sets `<html data-theme>`; `auto` leaves the choice to `prefers-color-scheme`.
fn apply_theme(theme: Theme) {
    set_root_attribute("data-theme", (theme != Theme::Auto).then(|| theme.key()));
}

/// What the exported files call the last run: its lesson (or free play) and its recipe.
fn run_title(state: &AppState) -> String {
    let Some(ran) = &state.run.ran_with else {
        return "Interleave".into();
    };
    let lesson = ran
        .lesson
        .map(|l| lesson::get(l).title)
        .unwrap_or("Free play");
    format!(
        "Interleave — {lesson}: {}",
        ran.recipe.to_string().trim().replace('\n', "; ")
    )
}

/// The mode Sweep runs over pool sizes: threads if chosen, else the first chosen mode that
/// has a pool size and can run here.
fn sweepable(state: &AppState) -> Option<Mode> {
    let runnable = state.runnable_modes();
    [Mode::Threads, Mode::Gil, Mode::Processes]
        .into_iter()
        .find(|m| runnable.contains(m))
}

/// A cooperative slice longer than this is reported: at 60 Hz it costs three frames.
const LONG_HOLD_MS: f64 = 50.0;

/// Whether the last finished run showed what its lesson teaches.
fn verdict_for(state: &AppState, traces: &[Trace]) -> Option<Verdict> {
    let ran = state
        .run
        .ran_with
        .as_ref()
        .filter(|_| state.run.phase == Phase::Finished)?;
    let l = lesson::get(ran.lesson?);
    let longest_wait = ran
        .recipe
        .tasks()
        .iter()
        .map(|steps| steps.iter().map(|s| s.io_ms()).sum::<f64>())
        .fold(0.0, f64::max);
    let ctx = RunContext {
        longest_wait_ms: longest_wait,
        yield_ms: ran.yield_ms,
        cores: state.env.cores,
        history: &state.scenario.yield_history,
    };
    lesson::verdict(l, traces, ctx)
}
