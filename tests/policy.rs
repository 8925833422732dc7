//! The Content Security Policy and the headers around it: one policy everywhere it is written,
//! strict, and a page that needs nothing it forbids (no inline script or style, no JavaScript
//! hidden in Rust strings where nothing checks it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

type Headers = BTreeMap<String, String>;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The headers www/_headers (Netlify's format) gives every path: the source.
fn from_headers_file() -> Headers {
    let mut headers = Headers::new();
    let mut every_path = false;
    for line in read("www/_headers").lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            every_path = line.trim() == "/*";
        } else if every_path {
            let (name, value) = line.split_once(':').expect("a `Name: value` line");
            headers.insert(name.trim().into(), value.trim().into());
        }
    }
    headers
}

/// `"name" = "value"` or `'name': 'value'` pairs, one a line, between the line `open` and the
/// next line that starts with `close`; comments skipped.
fn pairs(text: &str, open: &str, close: &str, separator: char) -> Headers {
    let unquote = |s: &str| {
        let s = s.trim().trim_end_matches(',');
        let quote = s.chars().next().expect("a quoted string");
        assert!(
            matches!(quote, '"' | '\'') && s.ends_with(quote) && s.len() >= 2,
            "not one quoted string: {s}"
        );
        s[1..s.len() - 1].to_string()
    };
    let mut lines = text.lines().skip_while(|l| l.trim() != open).skip(1);
    let mut headers = Headers::new();
    for line in lines
        .by_ref()
        .take_while(|l| !l.trim_start().starts_with(close))
    {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let (name, value) = line.split_once(separator).expect("a name and a value");
        headers.insert(unquote(name), unquote(value));
    }
    headers
}

fn policy() -> String {
    from_headers_file()
        .remove("Content-Security-Policy")
        .expect("www/_headers sends a Content-Security-Policy")
}

/// The policy's directives, each with its sources.
fn directives(policy: &str) -> BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(String::from);
            (words.next().expect("a directive name"), words.collect())
        })
        .collect()
}

#[test]
fn every_copy_of_the_headers_is_the_same() {
    let source = from_headers_file();
    assert!(source.contains_key("Cross-Origin-Embedder-Policy"));
    let trunk = pairs(&read("Trunk.toml"), "[serve.headers]", "[", '=');
    assert_eq!(
        trunk, source,
        "Trunk.toml [serve.headers] and www/_headers differ"
    );
    let worker = pairs(&read("www/sw.js"), "const HEADERS = {", "};", ':');
    assert_eq!(worker, source, "www/sw.js HEADERS and www/_headers differ");
}

#[test]
fn the_policy_is_strict() {
    let policy = policy();
    let d = directives(&policy);
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    assert!(!policy.contains("'unsafe-eval'"), "{policy}");
    assert!(!policy.contains("'unsafe-hashes'"), "{policy}");
    assert_eq!(d["default-src"], ["'self'"]);
    assert_eq!(d["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
    assert_eq!(d["style-src"], ["'self'"]);
    // Processes and pool workers start from the app's own scripts: no blob: or data: worker.
    assert_eq!(d["worker-src"], ["'self'"]);
    assert_eq!(d["object-src"], ["'none'"]);
    assert_eq!(d["base-uri"], ["'none'"]);
    for (name, sources) in &d {
        assert!(
            !sources.iter().any(|s| s == "*" || s.ends_with("://*")),
            "{name} allows any host"
        );
    }
    // Left out on purpose, so that any deck can embed the page: every source list, `*`
    // included, refuses a frame whose parent has an opaque origin (a deck opened from a file,
    // a sandboxed slide platform). See www/_headers.
    assert!(!d.contains_key("frame-ancestors"));
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// JavaScript in a Rust string is seen by no checker; a `.js` file is (scripts/test.sh runs
/// `node --check` on every one).
#[test]
fn no_javascript_hides_in_rust_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rust = Vec::new();
    files(&root.join("src"), "rs", &mut rust);
    for file in &rust {
        let text = fs::read_to_string(file).expect("readable source file");
        assert!(
            !text.contains("inline_js"),
            "{} has inline JavaScript; put it in a .js file beside it",
            file.display()
        );
        for (at, found) in text.match_indices("module = \"/") {
            let rest = &text[at + found.len()..];
            let path = &rest[..rest.find('"').expect("a closing quote")];
            assert!(
                root.join(path).is_file(),
                "{}: no file {path}",
                file.display()
            );
        }
    }
}

/// A `style` attribute is inline style, which the policy refuses: styles worked out at run time
/// go through `hooks::use_style` (the CSSOM).
#[test]
fn the_view_writes_no_style_attributes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut rust = vec![root.join("app.rs")];
    files(&root.join("components"), "rs", &mut rust);
    for file in &rust {
        let text = fs::read_to_string(file).expect("readable source file");
        for bad in [" style={", " style=\"", "\"style\""] {
            assert!(!text.contains(bad), "{}: {bad}", file.display());
        }
    }
}

/// The pages served under the policy load their script and style from files.
#[test]
fn pages_have_no_inline_script_or_style() {
    for page in [
        "index.html",
        "examples/deck/index.html",
        "e2e/pages/host.html",
    ] {
        let html = read(page);
        assert!(!html.contains("<style"), "{page}: a <style> element");
        assert!(!html.contains(" style="), "{page}: a style attribute");
        for (at, _) in html.match_indices(" on") {
            let name: String = html[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let after = html[at + 1 + name.len()..].trim_start();
            assert!(
                !after.starts_with('='),
                "{page}: an event handler attribute, {name}"
            );
        }
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..at + html[at..].find('>').expect("a closed tag")];
            assert!(tag.contains(" src="), "{page}: an inline script: {tag}");
        }
    }
}
