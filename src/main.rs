//! Entry point. In the browser it mounts the app; natively there is nothing to run, because
//! the native build exists for `cargo test` of the platform-free model.

fn main() {
    #[cfg(target_arch = "wasm32")]
    interleave::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("Interleave runs in the browser: use `bash scripts/serve.sh` (see README.md).");
}
