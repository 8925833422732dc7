//! The lesson being taught: what to look at, and whether the last run showed it.

use interleave_core::lesson::{self, LessonId, Verdict, YieldSample};
use interleave_core::run::mode::Mode;
use interleave_core::view::figure::{ms, percent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lesson: Option<LessonId>,
    pub verdict: Option<Verdict>,
    pub history: Vec<YieldSample>,
    /// CPython's imported run beside the browser's run of its mode (`python::compare`).
    pub comparison: Option<Verdict>,
}

/// A verdict as one line: ✓ when the run has the expected shape, ≠ when not.
fn verdict_line(id: &'static str, v: &Verdict) -> Html {
    html! {
        <p {id} class={classes!("verdict", if v.matches { "as-expected" } else { "unexpected" })}
            data-matches={v.matches.to_string()} role="status">
            { if v.matches { "✓ " } else { "≠ " } }{ v.sentence.clone() }
        </p>
    }
}

#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let Some(l) = props.lesson.map(lesson::get) else {
        return html! {
            <section class="lesson" id="lesson-panel">
                <h2>{"Free play"}</h2>
                <p>{"Write your own recipe, pick the modes, and run. Choose a lesson for a guided comparison."}</p>
                if let Some(c) = &props.comparison { { verdict_line("python-verdict", c) } }
            </section>
        };
    };
    html! {
        <section class="lesson" id="lesson-panel" data-lesson={l.key}>
            <h2>{ l.title }</h2>
            <p>{ l.explain }</p>
            if let Some(v) = &props.verdict { { verdict_line("verdict", v) } }
            if let Some(c) = &props.comparison { { verdict_line("python-verdict", c) } }
            if l.id == LessonId::PythonModels {
                <table class="legend-table" id="python-legend">
                    <caption>{"Each row, and the Python idea it stands for"}</caption>
                    <tbody>
                    { for Mode::ALL.iter().map(|m| html! {
                        <tr>
                            <th scope="row">{ m.python() }</th>
                            <td>{ m.label() }</td>
                            <td>{ m.mechanism() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                <p class="model-note">{"The GIL here is a model: a real lock that the page's workers take turns holding, as CPython's threads do."}</p>
            }
            if l.id == LessonId::YieldGranularity && !props.history.is_empty() {
                <table class="results" id="yield-history">
                    <caption>{"Your runs at different yield intervals"}</caption>
                    <thead><tr>
                        <th scope="col">{"yield every"}</th>
                        <th scope="col">{"wall"}</th>
                        <th scope="col">{"CPU"}</th>
                        <th scope="col">{"overhead"}</th>
                        <th scope="col">{"worst frame gap"}</th>
                    </tr></thead>
                    <tbody>
                    { for props.history.iter().map(|s| html! {
                        <tr>
                            <th scope="row">{ s.yield_ms.map(|y| format!("{y} ms")).unwrap_or_else(|| "never".into()) }</th>
                            <td>{ ms(s.wall_ms, 1) }</td>
                            <td>{ ms(s.cpu_ms, 1) }</td>
                            <td>{ percent(s.overhead(), 1) }</td>
                            <td>{ ms(s.max_frame_gap_ms, 0) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
