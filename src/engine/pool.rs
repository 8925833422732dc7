//! The rayon pool on Web Workers, and the hand-off that keeps blocking work off the main
//! thread: the job is only enqueued here, and its result comes back through a oneshot that
//! the main thread awaits.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Starts `threads` workers; resolves with the start-up time in ms.
pub async fn start(threads: usize) -> Result<f64, String> {
    let t0 = super::now_abs_ms();
    JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads))
        .await
        .map_err(|e| {
            e.as_string()
                .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
                .unwrap_or_else(|| format!("{e:?}"))
        })?;
    Ok(super::now_abs_ms() - t0)
}

/// Runs `job` on a pool worker and resolves with its result. Never blocks the caller.
pub async fn run<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> Option<R> {
    let (tx, rx) = futures_channel::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(job());
    });
    rx.await.ok()
}
