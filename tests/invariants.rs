//! Architecture invariants that a compiler would not catch on its own.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

const BROWSER_CRATES: [&str; 6] = ["web_sys", "js_sys", "wasm_bindgen", "gloo", "yew", "rayon"];

/// The core cannot touch the browser because it cannot name a browser crate: none may become
/// one of its dependencies.
#[test]
fn the_core_depends_on_no_browser_crate() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/Cargo.toml");
    let text = fs::read_to_string(manifest).expect("readable core manifest");
    for word in BROWSER_CRATES
        .iter()
        .flat_map(|w| [w.to_string(), w.replace('_', "-")])
    {
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with(&word)),
            "core/Cargo.toml names {word}; the core must stay platform-free"
        );
    }
}

/// The app state is platform-free too, so it builds and tests natively; it lives in the app's
/// crate only because it is the reducer of the app's components.
#[test]
fn the_app_state_never_touches_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("state.rs")];
    rust_files(&root.join("state"), &mut files);
    for file in &files {
        let text = fs::read_to_string(file).expect("readable source file");
        for word in BROWSER_CRATES {
            assert!(
                !text.contains(&format!("{word}::")) && !text.contains(&format!("use {word}")),
                "{} mentions {word}; the app state must stay platform-free",
                file.display()
            );
        }
    }
}

/// Only the engine layer touches the worker pool.
#[test]
fn only_the_engine_touches_the_pool() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    for file in files.iter().filter(|f| !f.starts_with(root.join("engine"))) {
        let text = fs::read_to_string(file).expect("readable source file");
        assert!(
            !text.contains("rayon::") && !text.contains("wasm_bindgen_rayon"),
            "{} uses the pool; only src/engine/ may",
            file.display()
        );
    }
}
