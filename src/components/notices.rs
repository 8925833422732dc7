//! Messages the user must see: bad URL parameters, and modes that cannot run here.

use crate::model::config::ConfigError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub config_errors: Vec<ConfigError>,
    /// Why worker modes are off, with the fix; `None` when they can run.
    pub workers_unavailable: Option<String>,
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
            if let Some(why) = &props.workers_unavailable {
                <div class="notice warn" id="workers-unavailable" role="status">
                    <strong>{"Sequential and threads modes are unavailable here. "}</strong>
                    { why.clone() }
                    {" Cooperative mode still runs."}
                </div>
            }
        </>
    }
}
