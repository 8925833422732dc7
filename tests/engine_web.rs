//! The engine's own tests, in headless Chromium (`wasm-bindgen-test`): the parts that only
//! exist in a browser — the clock, yields, frames, calibration and the cooperative engine end
//! to end on the page's event loop. The worker-pool modes need cross-origin isolation, which
//! the test runner's page does not have; the e2e tests cover them. Shapes, never timings.
#![cfg(target_arch = "wasm32")]

use interleave::engine::run::{run_modes, Machine, RunHandle};
use interleave::engine::{env, frames, now_abs_ms, yield_now};
use interleave_core::run::mode::Mode;
use interleave_core::run::trace::{Outcome, SpanKind, Trace};
use interleave_core::run::work::Calibration;
use interleave_core::scenario::config::RunConfig;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MACHINE: Machine = Machine { cores: 2 };

/// Runs `recipe` cooperatively with this yield interval and returns its one trace.
async fn cooperative(recipe: &str, yield_ms: Option<f64>) -> Trace {
    let mut config = RunConfig::default();
    config.set_recipe(recipe).expect("a good recipe");
    config.yield_ms = yield_ms;
    let calibration = Calibration {
        units_per_ms: env::calibrate().await.units_per_ms,
    };
    let handle = RunHandle::default();
    let mut traces = run_modes(
        &config,
        calibration,
        &[Mode::Cooperative],
        MACHINE,
        &handle,
        &mut |_| {},
    )
    .await;
    assert_eq!(traces.len(), 1);
    traces.remove(0)
}

#[wasm_bindgen_test]
fn the_shared_clock_is_the_page_clock() {
    let (a, b) = (now_abs_ms(), now_abs_ms());
    assert!(b >= a);
    let date = js_sys::Date::now();
    assert!((a - date).abs() < 1000.0, "{a} against Date.now() {date}");
    assert!(env::timer_resolution_us().is_some_and(|us| us > 0.0));
}

#[wasm_bindgen_test]
async fn a_yield_gives_the_loop_back_and_comes_back() {
    let flag = std::rc::Rc::new(std::cell::Cell::new(false));
    let other = flag.clone();
    wasm_bindgen_futures::spawn_local(async move { other.set(true) });
    yield_now().await;
    assert!(flag.get(), "a task queued before the yield ran during it");
    assert!(env::measure_yield_cost(20).await.is_some_and(|us| us > 0.0));
}

#[wasm_bindgen_test]
async fn waiting_for_frames_always_ends() {
    frames::after_frames(2).await;
}

#[wasm_bindgen_test]
async fn calibration_finds_a_positive_rate() {
    let c = env::calibrate().await;
    assert!(c.units_per_ms.is_finite() && c.units_per_ms > 0.0, "{c:?}");
}

#[wasm_bindgen_test]
async fn cooperative_steps_run_to_completion_and_waits_overlap() {
    let t = cooperative("3 × cpu 5ms → io 30ms → cpu 5ms", None).await;
    assert_eq!(t.outcome, Outcome::Completed);
    let cpu: Vec<_> = t.spans.iter().filter(|s| s.kind == SpanKind::Cpu).collect();
    assert_eq!(cpu.len(), 6, "one span per CPU step: no hidden yields");
    for (i, a) in cpu.iter().enumerate() {
        for b in &cpu[i + 1..] {
            assert!(
                a.end <= b.start || b.end <= a.start,
                "CPU never overlaps on one loop"
            );
        }
    }
    let io: Vec<_> = t.spans.iter().filter(|s| s.kind == SpanKind::Io).collect();
    assert!(
        io.iter().any(|a| io
            .iter()
            .any(|b| a.task != b.task && a.start < b.end && b.start < a.end)),
        "the waits overlap"
    );
    assert!(t.results.iter().all(Option::is_some));
}

#[wasm_bindgen_test]
async fn yielding_slices_a_cpu_step() {
    let t = cooperative("2 × cpu 20ms", Some(1.0)).await;
    let slices = t.spans.iter().filter(|s| s.kind == SpanKind::Cpu).count();
    assert!(
        slices >= 6,
        "two 20 ms steps yielding every 1 ms: {slices} slices"
    );
}

#[wasm_bindgen_test]
async fn a_crash_fails_its_own_task_and_no_other() {
    let t = cooperative("2 × cpu 2ms\ncpu 1ms → crash → cpu 1ms", None).await;
    assert_eq!(t.outcome, Outcome::Crashed);
    assert_eq!(
        t.results.iter().map(Option::is_some).collect::<Vec<_>>(),
        [true, true, false]
    );
    let crash: Vec<_> = t
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Crash)
        .collect();
    assert_eq!(crash.len(), 1);
    assert_eq!((crash[0].task, crash[0].step), (2, 1));
    assert!(
        t.spans.iter().all(|s| !(s.task == 2 && s.step == 2)),
        "nothing after the crash"
    );
}

#[wasm_bindgen_test]
async fn stop_cancels_the_running_mode() {
    let mut config = RunConfig::default();
    config.set_recipe("4 × io 5s").unwrap();
    let handle = std::rc::Rc::new(RunHandle::default());
    let stopper = handle.clone();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(100).await;
        stopper.stop();
    });
    let t0 = now_abs_ms();
    let calibration = Calibration { units_per_ms: 1.0 };
    let traces = run_modes(
        &config,
        calibration,
        &[Mode::Cooperative, Mode::Cooperative],
        MACHINE,
        &handle,
        &mut |_| {},
    )
    .await;
    assert_eq!(traces.len(), 1, "no mode starts after Stop");
    assert_eq!(traces[0].outcome, Outcome::Cancelled);
    assert!(now_abs_ms() - t0 < 4_000.0, "it did not wait out the 5 s");
}
