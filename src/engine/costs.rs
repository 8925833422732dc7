//! The costs table measured in this browser: each probe runs a unit of concurrency for real,
//! repeated in rounds, and the core's `analysis::costs` turns the samples into cells. Probes
//! that block run on a pool worker; the main thread only awaits them.

use super::clock::now_abs_ms;
use super::{heap, pool, processes, yielding};
use futures_channel::oneshot;
use gloo_timers::future::TimeoutFuture;
use interleave_core::analysis::costs::probes::{self, Add};
use interleave_core::analysis::costs::{Cell, Costs, Figure, Quantity, Row, Stat, Unit};
use interleave_core::codec::report::PoolStatus;
use interleave_core::scenario::config::MAX_THREADS;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// Rounds of each quick probe: enough for a median and its spread.
const ROUNDS: usize = 7;
/// Futures created per round of the creation probe.
const CREATE_N: usize = 1000;
/// Yields per round of the hand-over probe.
const YIELD_N: usize = 50;
/// Futures waiting at once in the scalability probe, and how long each waits.
pub const WAITING_N: usize = 10_000;
pub const WAIT_MS: u32 = 100;
/// Shared-memory adds per round.
const ADD_N: u64 = 1_000_000;
/// Hand-overs each side makes per round of the thread and GIL probes.
const HANDOVER_N: u32 = 500;
/// Message payloads for a process round trip, as CPython's figures have them.
/// The first, empty, is the hand-over itself.
const PAYLOADS: [(usize, &str); 3] = [(0, "empty"), (1024, "1 KB"), (1 << 20, "1 MB")];

/// A figure as a probe measured it: the cell it goes in, what it is, its samples, and what it
/// includes.
struct Probed {
    row: Row,
    unit: Unit,
    what: String,
    quantity: Quantity,
    samples: Vec<f64>,
    includes: String,
}

impl Probed {
    fn new(
        (row, unit): (Row, Unit),
        what: impl Into<String>,
        quantity: Quantity,
        samples: Vec<f64>,
        includes: impl Into<String>,
    ) -> Self {
        let (what, includes) = (what.into(), includes.into());
        Probed {
            row,
            unit,
            what,
            quantity,
            samples,
            includes,
        }
    }
}

/// Puts each figure in its cell, a cell's figures in the order given. A cell none of whose
/// figures got a sample says `why`.
fn fill(costs: &mut Costs, why: &str, probed: Vec<Probed>) {
    let mut cells: Vec<(Row, Unit, Vec<Figure>)> = Vec::new();
    for p in probed {
        let at = match cells
            .iter()
            .position(|(r, u, _)| (*r, *u) == (p.row, p.unit))
        {
            Some(at) => at,
            None => {
                cells.push((p.row, p.unit, Vec::new()));
                cells.len() - 1
            }
        };
        if let Some(stat) = Stat::of(&p.samples) {
            let (what, quantity, includes) = (p.what, p.quantity, p.includes);
            cells[at].2.push(Figure {
                what,
                quantity,
                stat,
                includes,
            });
        }
    }
    for (row, unit, figures) in cells {
        let cell = if figures.is_empty() {
            Cell::Missing(why.into())
        } else {
            Cell::Measured(figures)
        };
        costs.set(row, unit, cell);
    }
}

/// Counts futures down to none, then answers the one waiting for them all.
struct Countdown {
    left: std::cell::Cell<usize>,
    all_done: RefCell<Option<oneshot::Sender<()>>>,
}

impl Countdown {
    fn new(n: usize) -> (Rc<Self>, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        let c = Countdown {
            left: std::cell::Cell::new(n),
            all_done: RefCell::new(Some(tx)),
        };
        (Rc::new(c), rx)
    }

    fn one_done(&self) {
        self.left.set(self.left.get() - 1);
        if self.left.get() == 0 {
            if let Some(tx) = self.all_done.borrow_mut().take() {
                let _ = tx.send(());
            }
        }
    }
}

/// Ms per future created and run once, over `n` futures.
async fn create_futures(n: usize) -> f64 {
    let (countdown, all_done) = Countdown::new(n);
    let t0 = now_abs_ms();
    for _ in 0..n {
        let countdown = countdown.clone();
        spawn_local(async move { countdown.one_done() });
    }
    let _ = all_done.await;
    (now_abs_ms() - t0) / n as f64
}

/// `n` futures each waiting `WAIT_MS` at once: ms until all are done, and the heap bytes each
/// held while it waited.
async fn wait_many(n: usize) -> (f64, f64) {
    let (countdown, all_done) = Countdown::new(n);
    let t0 = now_abs_ms();
    let ((), grown) = heap::growth_during(|| {
        for _ in 0..n {
            // Made here, not at the first poll, so that its timer counts with the future.
            let wait = TimeoutFuture::new(WAIT_MS);
            let countdown = countdown.clone();
            spawn_local(async move {
                wait.await;
                countdown.one_done();
            });
        }
    });
    let _ = all_done.await;
    (now_abs_ms() - t0, grown as f64 / n as f64)
}

/// Ms per await of a settled promise, over `n` in a row: the other futures ready then run in
/// between, as `await asyncio.sleep(0)` lets the other ready tasks run.
async fn hop(n: usize) -> f64 {
    let t0 = now_abs_ms();
    for _ in 0..n {
        let _ = JsFuture::from(js_sys::Promise::resolve(&JsValue::UNDEFINED)).await;
    }
    (now_abs_ms() - t0) / n as f64
}

async fn coroutine(costs: &mut Costs) {
    let mut created = Vec::with_capacity(ROUNDS);
    let mut yields = Vec::with_capacity(ROUNDS);
    let mut hops = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        created.push(create_futures(CREATE_N).await);
        hops.push(hop(CREATE_N).await);
        let t0 = now_abs_ms();
        for _ in 0..YIELD_N {
            yielding::yield_now().await;
        }
        yields.push((now_abs_ms() - t0) / YIELD_N as f64);
    }
    let (mut waited, mut bytes) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let (ms, each) = wait_many(WAITING_N).await;
        waited.push(ms);
        bytes.push(each);
    }
    let adds: Vec<f64> = (0..ROUNDS)
        .map(|_| probes::adds(Add::Plain, ADD_N / 4, &now_abs_ms))
        .collect();
    let at = |row| (row, Unit::Coroutine);
    fill(costs, "this engine gave no time for it", vec![
        Probed::new(at(Row::Creation), "create a future and run it once", Quantity::Ms, created,
            format!("spawn_local of {CREATE_N} futures until the last has run, divided by {CREATE_N}")),
        Probed::new(at(Row::ContextSwitch), "one await that lets the other ready futures run", Quantity::Ms, hops,
            format!("{CREATE_N} awaits of a settled promise in a row, divided by {CREATE_N}: a microtask each, as await asyncio.sleep(0) is one turn of the ready queue")),
        Probed::new(at(Row::ContextSwitch), "one yield to the event loop and back", Quantity::Ms, yields,
            format!("{} in a row, divided by {YIELD_N}: frames, timers and input may run in between", yielding::yield_mechanism())),
        Probed::new(at(Row::Communication), Add::Plain.what(), Quantity::Ms, adds,
            format!("{} adds in a row on the main thread, divided by their number: every coroutine sees the same memory, and on one thread no other can come between a read and its write unless it awaits there", figure_count((ADD_N / 4) as usize))),
        Probed::new(at(Row::Memory), "one waiting future", Quantity::Bytes, bytes,
            format!("the Rust heap's growth while {WAITING_N} futures began waiting on a timer, divided by {WAITING_N}: the future, its task, its timer's Rust side; not the JavaScript engine's timer and closure (measureUserAgentSpecificMemory waits for a garbage collection, up to 20 s, and only Chromium has it)")),
        Probed::new(at(Row::Scalability), format!("{} futures waiting {WAIT_MS} ms at once: all done after", figure_count(WAITING_N)), Quantity::Ms, waited,
            "one event loop, one thread: the waits overlap, so all end after about one wait"),
    ]);
}

fn figure_count(n: usize) -> String {
    interleave_core::view::figure::count(n)
}

/// A blocking probe for a pool thread: ms per operation, or `None` if it could not tell.
type Probe = Arc<dyn Fn() -> Option<f64> + Send + Sync>;

/// Runs a blocking probe on the pool, `ROUNDS` times; the samples that came back. One type
/// for every probe: each closure type would be a copy of the pool's hand-off in the page's code.
async fn on_pool(probe: Probe) -> Vec<f64> {
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let probe = probe.clone();
        if let Ok(Some(ms)) = pool::run(move || probe()).await {
            samples.push(ms);
        }
    }
    samples
}

thread_local! {
    /// The new threads' start-up and memory, once measured on this page.
    static NEW_THREADS: RefCell<Option<(Vec<f64>, Vec<f64>)>> = const { RefCell::new(None) };
}

/// Ms to start a thread and the bytes it holds, over three new threads, and why any failed.
/// Measured once per page: each new thread is a worker the pool keeps, so measuring again on
/// every run of the lesson would add three workers each time.
async fn new_threads() -> ((Vec<f64>, Vec<f64>), Option<String>) {
    if let Some(kept) = NEW_THREADS.with(|k| k.borrow().clone()) {
        return (kept, None);
    }
    let (mut created, mut memory, mut failed) = (Vec::new(), Vec::new(), None);
    for _ in 0..3 {
        match pool::probe_new_thread().await {
            Ok((ms, bytes)) => {
                created.push(ms);
                memory.push(bytes);
            }
            Err(e) => failed = Some(e),
        }
    }
    if !created.is_empty() {
        NEW_THREADS.with(|k| *k.borrow_mut() = Some((created.clone(), memory.clone())));
    }
    ((created, memory), failed)
}

fn both(a: &(dyn Fn() + Sync), b: &(dyn Fn() + Sync)) {
    rayon::join(a, b);
}

async fn threads(costs: &mut Costs, pool: &PoolStatus) {
    let broken = pool::broken().map(|why| format!("{why}: reload the page for a working pool"));
    let (threads, why) = match (pool, broken) {
        (_, Some(broken)) => (None, broken),
        (PoolStatus::Ready { threads, .. }, None) => (Some(*threads), String::new()),
        (PoolStatus::Unavailable { reason }, None) => (None, reason.clone()),
        (_, None) => (None, "the worker pool did not start".to_string()),
    };
    let Some(threads) = threads else {
        let why = why.as_str();
        for row in [
            Row::Creation,
            Row::ContextSwitch,
            Row::Communication,
            Row::Memory,
            Row::Scalability,
        ] {
            costs.set(row, Unit::Thread, Cell::Missing(why.into()));
            costs.set(row, Unit::GilThread, Cell::Missing(why.into()));
        }
        return;
    };
    let at = |row| (row, Unit::Thread);
    let mut adds = Vec::new();
    for kind in Add::ALL {
        let samples = on_pool(Arc::new(move || {
            Some(probes::adds(kind, ADD_N, &now_abs_ms))
        }))
        .await;
        let n = figure_count(ADD_N as usize);
        adds.push(Probed::new(
            at(Row::Communication),
            kind.what(),
            Quantity::Ms,
            samples,
            format!("{n} adds in a row on one pool thread, uncontended, divided by {n}"),
        ));
    }
    fill(costs, "this engine gave no time for it", adds);
    let (ping, gil) = if threads >= 2 {
        let ping = on_pool(Arc::new(|| {
            probes::ping_pong(HANDOVER_N, &now_abs_ms, &both)
        }))
        .await;
        let gil = on_pool(Arc::new(|| {
            probes::gil_handovers(HANDOVER_N, &now_abs_ms, &both)
        }))
        .await;
        (ping, gil)
    } else {
        (vec![], vec![])
    };
    let two = "needs two pool threads at once; this pool has one";
    fill(costs, two, vec![
        Probed::new(at(Row::ContextSwitch), "one thread waking another, one way", Quantity::Ms, ping,
            format!("two pool threads take turns {} times each through a lock and a condition variable (Atomics.wait and notify underneath); each keeps its turn 20 µs, not counted, so that the other is asleep when woken, as in a run", figure_count(HANDOVER_N as usize))),
        Probed::new((Row::ContextSwitch, Unit::GilThread), "one hand-over of the GIL", Quantity::Ms, gil,
            "two pool threads hand the modelled GIL (a ticket lock and a condition variable) to each other, each keeping it 20 µs, not counted, so that the other is asleep when woken, as at the end of a switch interval"),
        Probed::new(at(Row::Scalability), "pool threads started now", Quantity::Count, vec![threads as f64],
            format!("the threads of the pool as this run found it (the page grows it, a worker per thread, up to {MAX_THREADS} when a run asks): a thread per concurrent wait, so a pool this size waits on this many requests at once")),
        Probed::new((Row::Scalability, Unit::GilThread), "threads computing at once", Quantity::Count, vec![1.0],
            "one holds the GIL; the rest wait for it, however many there are"),
    ]);
    let ((created, memory), failed) = new_threads().await;
    let why = failed.unwrap_or_else(|| "this engine gave no time for it".into());
    fill(costs, &why, vec![
        Probed::new(at(Row::Creation), "start a thread and run a first job on it", Quantity::Ms, created,
            "a module worker on the page's shared memory (the app's module instantiated with that memory, its stack and thread-local storage set up), a rayon thread built on it, and a first job answered; each round adds a worker to the pool's, which later pools reuse, so it is measured once per page"),
        Probed::new(at(Row::Memory), "one more thread", Quantity::Bytes, memory,
            "the heap's growth while the thread started: its stack and thread-local storage in the shared memory (what the page allocated meanwhile counts too); its worker's own JavaScript heap is not measured"),
    ]);
    let same = "as a pool thread: the GIL is a lock over the same threads, not a unit of its own";
    for row in [Row::Creation, Row::Communication, Row::Memory] {
        costs.set(row, Unit::GilThread, Cell::Missing(same.into()));
    }
}

async fn process(costs: &mut Costs, cores: usize) {
    let (mut started, mut memory) = (Vec::new(), Vec::new());
    let mut trips: Vec<Vec<f64>> = vec![Vec::new(); PAYLOADS.len()];
    let mut failed = None;
    for _ in 0..3 {
        let sizes: Vec<usize> = PAYLOADS.iter().map(|p| p.0).collect();
        match processes::probe(&sizes, 5).await {
            Ok((ms, bytes, each)) => {
                started.push(ms);
                memory.push(bytes);
                for (all, mine) in trips.iter_mut().zip(each) {
                    all.extend(mine);
                }
            }
            Err(e) => failed = Some(e),
        }
    }
    let k = cores.max(2);
    let mut at_once = Vec::new();
    for _ in 0..3 {
        if let Ok(ms) = processes::start_many(k).await {
            at_once.push(ms);
        }
    }
    let why = failed.map_or_else(
        || "this engine gave no time for it".to_string(),
        |e| format!("no process started here: {e}"),
    );
    let at = |row| (row, Unit::Process);
    let mut trips = PAYLOADS
        .iter()
        .zip(trips)
        .map(|((_, name), samples)| (*name, samples));
    let (_, empty) = trips.next().unwrap_or_default();
    let mut probed = vec![
        Probed::new(at(Row::Creation), "start a process and hear from it", Quantity::Ms, started,
            "a module worker that fetches nothing new but instantiates the app's WebAssembly with a fresh memory of its own, until its first message"),
        Probed::new(at(Row::Memory), "its own WebAssembly memory", Quantity::Bytes, memory,
            "the memory its instance starts with; its worker and JavaScript heap come on top and are not measured"),
        Probed::new(at(Row::ContextSwitch), "a message to a process and back, empty", Quantity::Ms, empty,
            "an empty message posted to the process and its answer: two hand-overs between threads that share nothing, each a task on the other's event loop"),
    ];
    probed.extend(trips.map(|(name, samples)| {
        Probed::new(at(Row::Communication), format!("a message round trip, {name}"), Quantity::Ms, samples,
            "bytes posted to the process and back, copied each way (a structured clone), as a pipe would")
    }));
    probed.push(Probed::new(at(Row::Scalability), format!("{k} processes started at once: all ready after"), Quantity::Ms, at_once,
        "as many as the cores (at least two), each with its own start-up and memory above: a pool of processes is sized to the cores, never to the tasks"));
    fill(costs, &why, probed);
}

/// Measures every cell this browser can, calling `on_progress` as each group finishes.
/// Stops between groups once `stopped` says so.
pub async fn measure(
    cores: usize,
    pool: &PoolStatus,
    stopped: &dyn Fn() -> bool,
    on_progress: &mut dyn FnMut(&Costs),
) -> Costs {
    let mut costs = Costs::default();
    coroutine(&mut costs).await;
    on_progress(&costs);
    if stopped() {
        return costs;
    }
    threads(&mut costs, pool).await;
    on_progress(&costs);
    if stopped() {
        return costs;
    }
    process(&mut costs, cores).await;
    on_progress(&costs);
    costs
}
