//! The embedded page, for slides: a title, one Run button, the timeline and the results line,
//! in type large enough for a room; other panels only when the URL asks for them.

use super::{CostsTable, ResultsLine, ResultsTable, SharedState, Stage};
use crate::state::{LiveMode, Recording};
use interleave_core::analysis::costs::Costs;
use interleave_core::lesson::{self, Verdict};
use interleave_core::scenario::config::{ConfigError, RunConfig};
use interleave_core::scenario::embed::Panels;
use interleave_core::view::columns::Column;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedFrameProps {
    pub config: RunConfig,
    pub panels: Panels,
    pub config_errors: Vec<ConfigError>,
    pub traces: Recording,
    /// The results table's columns that mean something for this run.
    pub columns: Rc<[Column]>,
    pub live: Option<LiveMode>,
    pub tasks: usize,
    pub running: bool,
    pub ready: bool,
    /// What the page is doing, in a few words.
    pub status: String,
    /// Set when shared memory is missing: the modes that need it cannot run here.
    pub workers_unavailable: Option<String>,
    pub verdict: Option<Verdict>,
    /// Said when the machine was busy during the run.
    pub busy: Option<String>,
    /// The costs lesson's table, which it shows in place of the stage; `None` for the others.
    pub costs: Option<Option<Rc<Costs>>>,
    pub on_run: Callback<()>,
    pub on_stop: Callback<()>,
}

#[component]
pub fn EmbedFrame(props: &EmbedFrameProps) -> Html {
    let title = props
        .config
        .lesson
        .map(|l| lesson::get(l).title)
        .unwrap_or("Interleave");
    let full_page = format!("./?{}", props.config.full_page_query());
    let on_click = {
        let (on_run, on_stop, running) =
            (props.on_run.clone(), props.on_stop.clone(), props.running);
        Callback::from(move |_: MouseEvent| {
            if running {
                on_stop.emit(())
            } else {
                on_run.emit(())
            }
        })
    };
    html! {
        <main class="app embed">
            <div class="embed-bar">
                <h1>{ title }</h1>
                <span class="status" id="status" role="status">{ props.status.clone() }</span>
                <button id="run" type="button" class="run" onclick={on_click}
                    disabled={!props.ready && !props.running}
                    title="Space runs; Escape stops">
                    { if props.running { "Stop" } else { "Run" } }
                </button>
            </div>
            if !props.config_errors.is_empty() {
                <p class="notice error embed-line" id="config-errors" role="alert">
                    { props.config_errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" ") }
                </p>
            }
            if let Some(why) = &props.workers_unavailable {
                <p class="notice warn embed-line" id="workers-unavailable" title={why.clone()}>
                    {"Threads modes are unavailable here: this frame has no shared memory. "}
                    <a id="open-full-page" href={full_page} target="_blank" rel="noopener">{"Open the full page ↗"}</a>
                </p>
            }
            if let Some(costs) = &props.costs {
                <div class="stage"><CostsTable costs={costs.clone()} running={props.running} /></div>
            } else {
                <Stage traces={props.traces.clone()} live={props.live.clone()} tasks={props.tasks}
                    animate={props.config.live} running={props.running} bar={props.panels.replay}
                    theme={props.config.theme} />
            }
            if props.panels.results {
                <ResultsLine traces={props.traces.clone()} tasks={props.tasks} busy={props.busy.clone()} />
            }
            if let Some(v) = props.verdict.as_ref().filter(|_| props.panels.verdict) {
                <p class="verdict" id="verdict" data-matches={v.matches.to_string()}>{ v.sentence.clone() }</p>
            }
            if props.panels.table {
                <ResultsTable traces={props.traces.clone()} tasks={props.tasks} columns={props.columns.clone()} />
                <SharedState traces={props.traces.clone()} />
            }
        </main>
    }
}
