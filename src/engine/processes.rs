//! Processes mode: each process is a module worker that instantiates the app's WebAssembly
//! module with a fresh memory of its own, so processes share nothing. Tasks go in and results
//! come back by message; starting a process and every message are measured and drawn.

use super::clock::{now_abs_ms, WebClock};
use super::run::Run;
use futures_util::future::join_all;
use interleave_core::run::blocking::Ctx;
use interleave_core::run::control::RunControl;
use interleave_core::run::interpret::record_crash;
use interleave_core::run::plan::Plan;
use interleave_core::run::process::{ProcessReply, ProcessRequest, ProcessSpan};
use interleave_core::run::recorder::Recorder;
use interleave_core::run::shared::Shared;
use interleave_core::run::trace::{Lane, Span, SpanKind, NO_TASK};
use interleave_core::scenario::step::Step;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// The JavaScript lives in a file of its own, which `node --check` sees (scripts/test.sh) and
// which is also the processes' worker script.
// wasm-bindgen ships its JavaScript snippets as written, and every byte of them is on the
// first load: what that file does and why is said here, not in it.
// - On the page, its exports start, feed and end processes. In a process, the same file is the
//   worker's script: a process is a module worker started from the file's own URL, which the
//   Content Security Policy's worker-src 'self' allows and the build ships already.
// - Every worker that loads the app imports it too (the pool's workers, and each process
//   through the app's module); only a process, named so, answers its messages.
// - A process instantiates the module without passing memory, so it gets a fresh one: nothing
//   is shared.
// - An async message handler's error is no 'error' event: the process reports it by message,
//   or the page would wait forever.
// - A process starts in ~0.1–0.5 s; one that has not after `START_TIMEOUT_MS` never will, and
//   must not hold the run until Stop. A start that fails or hangs ends its worker: nothing
//   half-started stays alive.
#[wasm_bindgen(module = "/src/engine/processes.js")]
extern "C" {
    fn spawn_process(module: JsValue, main_js: JsValue) -> js_sys::Promise;
    fn ask(worker: &JsValue, payload: &str) -> js_sys::Promise;
    fn echo(worker: &JsValue, data: &JsValue) -> js_sys::Promise;
    fn end_process(worker: &JsValue);
    fn end_all_processes();
}

#[wasm_bindgen]
extern "C" {
    /// The URL of the app's own JavaScript module, which a process (and a pool worker)
    /// imports to start its own instance of the app's WebAssembly.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: js_sys::JsString;
}

/// Tasks run by this instance. In a process it counts only that process's own tasks, because
/// its memory is its own; the page's instance never runs one.
static TASKS_RUN_HERE: AtomicU64 = AtomicU64::new(0);

/// This process's counters and locks: its own, in its own memory. The page's are not here.
static SHARED_HERE: std::sync::LazyLock<Shared> = std::sync::LazyLock::new(|| Shared::any(false));

/// Runs one task inside a process. Called by the process worker, never by the page.
#[wasm_bindgen]
pub fn interleave_process_task(payload: &str) -> String {
    let reply = match ProcessRequest::decode(payload) {
        Ok(req) => {
            let id = req.task.id;
            let rec = Recorder::with_epoch(Box::new(WebClock), req.epoch_ms);
            let rec = if req.record { rec } else { rec.without_spans() };
            let control = RunControl::new(id as usize + 1);
            let shared = &*SHARED_HERE;
            let vars = req.task.steps.iter().filter_map(|s| match *s {
                Step::Count(c) => Some(usize::from(c.var) + 1),
                _ => None,
            });
            let vars = vars.max().unwrap_or(0) as u8;
            let before: Vec<u64> = (0..vars).map(|v| shared.made_so_far(v)).collect();
            let ctx = Ctx {
                lane: Lane::Process(req.process),
                task: id,
                rec: &rec,
                control: &control,
                gil: None,
                shared,
            };
            ctx.run(&req.task);
            let tasks_run_here = TASKS_RUN_HERE.fetch_add(1, Ordering::Relaxed) + 1;
            let trace = rec.finish(
                &control,
                interleave_core::run::mode::Mode::Processes,
                1,
                0.0,
                interleave_core::run::trace::Outcome::Completed,
                None,
            );
            ProcessReply {
                task: id,
                primes: trace.results.get(id as usize).copied().flatten(),
                spans: trace.spans.iter().map(ProcessSpan::from).collect(),
                tasks_run_here,
                vars: (0..vars)
                    .map(|v| {
                        let added = shared.made_so_far(v) - before[usize::from(v)];
                        (shared.counters.read(v), added)
                    })
                    .collect(),
            }
        }
        // Only this crate sends requests, so a bad one is a bug; answer with nothing done.
        Err(_) => ProcessReply {
            task: NO_TASK,
            primes: None,
            spans: vec![],
            tasks_run_here: 0,
            vars: vec![],
        },
    };
    reply.encode()
}

thread_local! {
    /// Processes started before a run and kept for the next ones, like a `Pool` object.
    static KEPT: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
    static STOPPING: Cell<bool> = const { Cell::new(false) };
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The bytes of this instance's WebAssembly memory: in a process, its own.
#[wasm_bindgen]
pub fn interleave_memory_bytes() -> f64 {
    js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
        .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()))
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(f64::NAN)
}

/// The URL of the app's own JavaScript module.
pub(super) fn main_js() -> JsValue {
    MAIN_JS.with(|u| u.clone()).into()
}

/// A process just started: its worker, when it became ready (shared clock), and the bytes of
/// its own WebAssembly memory then.
struct Started {
    worker: JsValue,
    ready_at: f64,
    memory_bytes: f64,
}

/// Starts one process.
async fn spawn_one() -> Result<Started, String> {
    let reply = JsFuture::from(spawn_process(wasm_bindgen::module(), main_js()))
        .await
        .map_err(js_error)?;
    let reply: js_sys::Array = reply.unchecked_into();
    Ok(Started {
        worker: reply.get(0),
        ready_at: reply.get(1).as_f64().unwrap_or_else(now_abs_ms),
        memory_bytes: reply.get(2).as_f64().unwrap_or(f64::NAN),
    })
}

async fn spawn() -> Result<(JsValue, f64), String> {
    spawn_one().await.map(|s| (s.worker, s.ready_at))
}

/// For the costs table: starts `k` processes at once and resolves with the ms until the last
/// was ready; then ends them.
pub async fn start_many(k: usize) -> Result<f64, String> {
    let t0 = now_abs_ms();
    let started = join_all((0..k).map(|_| spawn_one())).await;
    let ready = started
        .iter()
        .flatten()
        .map(|s| s.ready_at)
        .fold(t0, f64::max);
    let mut failed = None;
    for s in started {
        match s {
            Ok(s) => end_process(&s.worker),
            Err(e) => failed = Some(e),
        }
    }
    failed.map_or(Ok(ready - t0), Err)
}

/// For the costs table: starts one process and times it from the request to its first
/// answer; then times `rounds` message round trips for each payload size in `bytes`, and ends
/// it. Resolves with the start-up in ms, its memory in bytes, and the round trips in ms.
pub async fn probe(bytes: &[usize], rounds: usize) -> Result<(f64, f64, Vec<Vec<f64>>), String> {
    let t0 = now_abs_ms();
    let started = spawn_one().await?;
    let startup = started.ready_at - t0;
    let mut trips = Vec::with_capacity(bytes.len());
    for &size in bytes {
        // Bytes, copied there and back as a pipe would: a structured clone each way.
        let data: JsValue = js_sys::Uint8Array::new_with_length(size as u32).into();
        let mut each = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = now_abs_ms();
            let answered = JsFuture::from(echo(&started.worker, &data)).await;
            if let Err(e) = answered {
                end_process(&started.worker);
                return Err(js_error(e));
            }
            each.push(now_abs_ms() - t);
        }
        trips.push(each);
    }
    end_process(&started.worker);
    Ok((startup, started.memory_bytes, trips))
}

/// Starts `k` processes ahead of the run, outside its measured time, unless they are kept.
pub async fn prepare(k: usize) -> Result<(), String> {
    if KEPT.with(|kept| kept.borrow().len()) == k {
        return Ok(());
    }
    end_all();
    let mut started = Vec::with_capacity(k);
    for _ in 0..k {
        match spawn().await {
            Ok((worker, _)) => started.push(worker),
            Err(e) => {
                // Never leave the ones that did start running.
                started.iter().for_each(end_process);
                return Err(e);
            }
        }
    }
    KEPT.with(|kept| *kept.borrow_mut() = started);
    Ok(())
}

/// Ends every process now, including the kept ones: Stop, or leaving the page.
pub fn end_all() {
    STOPPING.with(|s| s.set(true));
    KEPT.with(|kept| kept.borrow_mut().clear());
    end_all_processes();
}

/// Runs the plan on `k` processes; resolves with the wall time. Kept processes are used when
/// there are exactly `k`; otherwise they start inside the run and their start-up is drawn.
pub async fn run(plan: Arc<Plan>, run: Run, k: usize) -> Result<f64, String> {
    STOPPING.with(|s| s.set(false));
    let (rec, control) = (&run.rec, &run.control);
    let stopped = || STOPPING.with(Cell::get) || control.is_cancelled();
    let kept = KEPT.with(|kept| std::mem::take(&mut *kept.borrow_mut()));
    let reuse = kept.len() == k;
    let workers = if reuse {
        kept
    } else {
        kept.iter().for_each(end_process);
        match start_inside(k, rec).await {
            Ok(started) => started,
            Err(_) if stopped() => return Ok(rec.now()),
            Err(e) => return Err(e),
        }
    };
    let next = Cell::new(0usize);
    let runners = workers.iter().enumerate().map(|(i, worker)| {
        let (plan, run, next) = (plan.clone(), run.clone(), &next);
        async move {
            while !run.control.is_cancelled() {
                let Some(task) = plan.tasks.get(next.replace(next.get() + 1)) else {
                    break;
                };
                if let Err(e) = serve(worker, i as u16, task, &run).await {
                    if stopped() {
                        return Err(e);
                    }
                    // Only the recipe's crash step is a crash: anything else is the engine
                    // failing, and the page says so in its words.
                    if !task.steps.contains(&Step::Crash) {
                        return Err(format!("process {i} failed on task {}: {e}", task.id));
                    }
                    // The process died with its task, as a crashed process does: the task is
                    // lost, this process ends, and the others go on with the rest.
                    let step = task.steps.iter().position(|s| *s == Step::Crash);
                    let at = (Lane::Process(i as u16), task.id, step.unwrap_or(0) as u16);
                    record_crash(&run.control, &run.rec, at);
                    end_process(worker);
                    break;
                }
            }
            Ok::<(), String>(())
        }
    });
    let outcome = join_all(runners)
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>();
    let wall = rec.now();
    if reuse && outcome.is_ok() && !control.is_cancelled() && !control.crashed() {
        KEPT.with(|kept| *kept.borrow_mut() = workers);
    } else {
        // Processes started for this run end with it, as a `with Pool(k):` block would.
        workers.iter().for_each(end_process);
    }
    match outcome {
        Err(_) if stopped() => Ok(wall),
        Err(e) => Err(e),
        Ok(_) => Ok(wall),
    }
}

/// Starts `k` processes inside the run, each start-up drawn on its lane; if one fails, none
/// of the others stays alive.
async fn start_inside(k: usize, rec: &Recorder) -> Result<Vec<JsValue>, String> {
    let starts = (0..k as u16).map(|i| async move {
        let asked = rec.now();
        let (worker, ready_at) = spawn().await?;
        rec.push(Span {
            lane: Lane::Process(i),
            task: NO_TASK,
            step: 0,
            kind: SpanKind::Startup,
            start: asked,
            end: ready_at - rec.epoch_ms(),
        });
        Ok::<_, String>(worker)
    });
    let (started, failed): (Vec<_>, Vec<_>) =
        join_all(starts).await.into_iter().partition(Result::is_ok);
    let started: Vec<JsValue> = started.into_iter().flatten().collect();
    match failed.into_iter().next() {
        Some(Err(e)) => {
            started.iter().for_each(end_process);
            Err(e)
        }
        _ => Ok(started),
    }
}

/// Sends one task to a process and records the messages both ways and the work inside.
async fn serve(
    worker: &JsValue,
    process: u16,
    task: &interleave_core::run::plan::TaskPlan,
    Run {
        rec,
        control,
        shared,
    }: &Run,
) -> Result<(), String> {
    let request = ProcessRequest {
        task: task.clone(),
        process,
        epoch_ms: rec.epoch_ms(),
        record: rec.records(),
    };
    let payload = request.encode();
    let sent = rec.now();
    let answer: js_sys::Array = JsFuture::from(ask(worker, &payload))
        .await
        .map_err(js_error)?
        .unchecked_into();
    let back = rec.now();
    let at = |v: JsValue| v.as_f64().unwrap_or(f64::NAN) - rec.epoch_ms();
    let (received, replied) = (at(answer.get(0)), at(answer.get(1)));
    let reply = ProcessReply::decode(&answer.get(2).as_string().unwrap_or_default())?;
    let lane = Lane::Process(process);
    rec.push(Span {
        lane,
        task: task.id,
        step: 0,
        kind: SpanKind::Message,
        start: sent,
        end: received,
    });
    reply.spans_on(process).for_each(|s| rec.push(s));
    rec.push(Span {
        lane,
        task: task.id,
        step: 0,
        kind: SpanKind::Message,
        start: replied,
        end: back,
    });
    if let Some(primes) = reply.primes {
        control.set_result(task.id, primes);
    }
    control.set_counter(task.id, reply.tasks_run_here);
    for (var, &report) in (0u8..).zip(&reply.vars) {
        shared.reported(task.id, var, report);
    }
    Ok(())
}
