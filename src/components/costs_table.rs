//! The costs table: the course's rows by the units the page runs, every cell the course's word
//! with the figure measured here and the ratio that makes the point, CPython's own figure under
//! it, and what the figure includes on hover and for screen readers.

use interleave_core::analysis::costs::{course_word, reference, Cell, Costs, Row, Unit};
use interleave_core::python::CostsRun;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CostsTableProps {
    /// The table so far, cells filling in as their probes finish; `None` before a run.
    pub costs: Option<Rc<Costs>>,
    pub running: bool,
    /// CPython's own figures from this machine, once the costs program's file is imported.
    #[prop_or_default]
    pub cpython: Option<Rc<CostsRun>>,
}

#[component]
pub fn CostsTable(props: &CostsTableProps) -> Html {
    let Some(costs) = &props.costs else {
        return html! {
            <section class="costs" id="costs" aria-label="What each unit costs">
                <p class="caption">{ if props.running { "Measuring…" } else { "Press Run to measure what each unit of concurrency costs in this browser: it takes a few seconds." } }</p>
            </section>
        };
    };
    html! {
        <section class="costs" id="costs" aria-label="What each unit costs" aria-busy={props.running.to_string()}>
            <div class="table-scroll">
                <table class="costs-table">
                    <caption>{"What each costs, measured in this browser: the course's word, the median of several rounds (with its spread), and the ratio that makes the point. "}
                        <span class="reference">{ match &props.cpython {
                            Some(c) => format!("CPython here: {} {} on {} {}, from the costs program's file.", c.run.implementation, c.run.version, c.run.system, c.run.machine),
                            None => format!("CPython: {}; run the costs program below for this machine's.", reference::SOURCE),
                        } }</span>
                    </caption>
                    <thead><tr>
                        <th scope="col">{"row"}</th>
                        { for Unit::ALL.iter().map(|u| html! {
                            <th scope="col" data-unit={u.key()}>{ u.label() }<span class="python">{ u.python() }</span></th>
                        }) }
                    </tr></thead>
                    <tbody>
                        { for costs.rows().map(|(row, cells)| html! {
                            <tr data-row={row.key()}>
                                <th scope="row">{ row.label() }</th>
                                { for cells.into_iter().map(|(unit, cell)| {
                                    let sentence = costs.sentence(row, unit);
                                    let cpython = cpython_line(props.cpython.as_deref(), row, unit);
                                    html! {
                                        <td data-unit={unit.key()} data-measured={matches!(cell, Some(Cell::Measured(_))).to_string()}>
                                            { cell_body(cell, sentence, course_word(row, unit), props.running) }
                                            if let Some(py) = cpython { <span class="cpython">{ py }</span> }
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// CPython's figure for a cell: this machine's from the imported file, else the team's.
fn cpython_line(imported: Option<&CostsRun>, row: Row, unit: Unit) -> Option<String> {
    match imported {
        Some(c) => c
            .costs
            .lead(row, unit)
            .map(|f| format!("CPython here: {}: {}", f.what, f.text())),
        None => reference::cpython(row, unit).map(|r| format!("CPython: {r}")),
    }
}

fn cell_body(cell: Option<&Cell>, sentence: Option<String>, word: &str, running: bool) -> Html {
    match cell {
        Some(Cell::Measured(figures)) => html! {
            <>
                <strong class="said">{ sentence.unwrap_or_else(|| word.to_string()) }</strong>
                <ul class="figures">
                    { for figures.iter().map(|f| html! {
                        <li title={f.includes.clone()}>
                            { format!("{}: {}", f.what, f.text()) }
                            <span class="visually-hidden">{" ("}{ f.includes.clone() }{")"}</span>
                        </li>
                    }) }
                </ul>
            </>
        },
        Some(Cell::Missing(why)) => html! {
            <><strong class="said">{ word.to_string() }</strong><p class="missing">{ why.clone() }</p></>
        },
        None if running => {
            html! { <><strong class="said">{ word.to_string() }</strong><p class="missing">{"measuring…"}</p></> }
        }
        None => {
            html! { <><strong class="said">{ word.to_string() }</strong><p class="missing">{"not measured"}</p></> }
        }
    }
}
