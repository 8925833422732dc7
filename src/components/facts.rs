//! The comparisons that matter, in a few plain sentences beside the runs.

use yew::prelude::*;

#[component]
pub fn Facts() -> Html {
    html! {
        <aside class="facts" id="facts" aria-label="Facts">
            <h2>{"Worth knowing"}</h2>
            <dl>
                <dt>{"Concurrency vs parallelism"}</dt>
                <dd>{"Concurrency is dealing with many things at once: tasks take turns, as on the cooperative lane. Parallelism is doing many things at once: several lanes busy at the same moment, as in threads."}</dd>
                <dt>{"Cooperative vs preemptive"}</dt>
                <dd>{"A cooperative task gives the thread back only when it awaits; one that never does starves every other task and the page. Threads are preemptive: the system switches them whenever it likes, so no task can hold the others up, but shared data needs locks."}</dd>
                <dt>{"CPU-bound vs I/O-bound"}</dt>
                <dd>{"CPU-bound work is sped up only by more cores computing at once. I/O-bound work mostly waits, so it is sped up by waiting for many things at once, which one thread can do."}</dd>
                <dt>{"Rules of thumb"}</dt>
                <dd>{"Async when you can, threads when you must, processes for CPU-bound work (in Python, where one lock lets only one thread run Python code at a time)."}</dd>
            </dl>
        </aside>
    }
}
