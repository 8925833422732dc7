//! Messages the user must see: bad URL parameters, modes that cannot run here, slices too fine
//! for the recipe's length, modes that would run too long, and a run in which none of the chosen modes could.

use interleave_core::analysis::stats::long_holds_sentence;
use interleave_core::scenario::config::{ConfigError, RunConfig};
use interleave_core::scenario::embed::Autoplay;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub config_errors: Vec<ConfigError>,
    /// Why worker modes are off, with the fix; `None` when they can run.
    pub workers_unavailable: Option<String>,
    /// Cooperative tasks that held the event loop too long in one slice: (task, ms).
    pub long_holds: Vec<(u32, f64)>,
    /// Why the last run ran nothing, when none of its modes could run here.
    #[prop_or_default]
    pub nothing_ran: Option<String>,
    /// What a run will change so that it records no more spans than a mode may keep.
    #[prop_or_default]
    pub span_budget: Option<String>,
    /// The modes a run will leave out, for the time they would take.
    #[prop_or_default]
    pub time_limit: Option<String>,
    /// Offer to reload the page: the pool broke, and only a reload brings a working one.
    #[prop_or_default]
    pub offer_reload: bool,
}

/// Reloads the page with its scenario, but not its autoplay: the run that broke the pool
/// must not start again by itself.
fn reload() {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let (config, _) = RunConfig::from_query(&location.search().unwrap_or_default());
    let waiting = RunConfig {
        autoplay: Autoplay::Off,
        ..config
    };
    let path = location.pathname().unwrap_or_default();
    let _ = location.replace(&format!("{path}?{}", waiting.to_query()));
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    html! {
        <>
            if !props.config_errors.is_empty() {
                <div class="notice error" id="config-errors" role="alert">
                    <ul>
                        { for props.config_errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                    </ul>
                </div>
            }
            if let Some(why) = &props.nothing_ran {
                <div class="notice error" id="nothing-ran" role="alert">
                    <strong>{"Nothing ran. "}</strong>{ why.clone() }
                </div>
            }
            if let Some(what) = &props.span_budget {
                <div class="notice warn" id="span-budget" role="status">{ what.clone() }</div>
            }
            if let Some(what) = &props.time_limit {
                <div class="notice warn" id="time-limit" role="status">{ what.clone() }</div>
            }
            if let Some(held) = long_holds_sentence(&props.long_holds) {
                <div class="notice warn" id="long-holds" role="status">
                    { format!("{held}: nothing else on the page could run meanwhile. ") }
                    <a href="./?lesson=blocking-the-loop">{"Why, and the fix: “Blocking the loop”"}</a>
                </div>
            }
            if let Some(why) = &props.workers_unavailable {
                <div class="notice warn" id="workers-unavailable" role="status">
                    <strong>{"Sequential, threads + GIL and threads are unavailable here: they run on the shared-memory worker pool. "}</strong>
                    { why.clone() }
                    {" Cooperative and processes modes still run."}
                    if props.offer_reload {
                        {" "}<button id="reload" type="button" onclick={Callback::from(|_: MouseEvent| reload())}>{"Reload"}</button>
                    }
                </div>
            }
        </>
    }
}
