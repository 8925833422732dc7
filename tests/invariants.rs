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

/// The core and the app state stay platform-free, so they build and test natively.
#[test]
fn the_core_never_touches_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("model.rs"), root.join("state.rs")];
    rust_files(&root.join("model"), &mut files);
    rust_files(&root.join("state"), &mut files);
    let forbidden = ["web_sys", "js_sys", "wasm_bindgen", "gloo", "yew", "rayon"];
    for file in &files {
        let text = fs::read_to_string(file).expect("readable source file");
        for word in forbidden {
            assert!(
                !text.contains(&format!("{word}::")) && !text.contains(&format!("use {word}")),
                "{} mentions {word}; the core must stay platform-free",
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
