//! Shared-state recipes in Python: the programs run with the machine's `python3`, lose updates
//! where CPython lets another thread or task in, never under a lock, and end a deadlock.

use super::*;

/// Runs the program for `recipe` in `mode` and returns its trace file as text.
fn run(recipe: &str, mode: Mode) -> String {
    // Tests run at once: each run gets a directory of its own.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("interleave-shared-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (script, trace) = (dir.join("p.py"), dir.join("t.json"));
    let py = text(recipe, mode, 2, None);
    python_parses(&py).unwrap();
    std::fs::write(&script, &py).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(&trace)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{py}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(&trace).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    json
}

/// The "value" of counter `name` in a trace file's `shared` list.
fn value(json: &str, name: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let shared = v["shared"].as_array().expect("a shared list");
    let var = shared.iter().find(|s| s["name"] == name).unwrap();
    assert_eq!(var["expected"], 400, "{json}");
    var["value"].as_u64().unwrap()
}

#[test]
fn python_counters_lose_updates_only_where_cpython_switches() {
    let recipe = "2 × count bare 200 → count sleep 200 with yield → count locked 200 with yield under L → count atomic 200 atomic → count guarded 200 with yield atomic";
    // asyncio: nothing but an await lets another task in.
    let aio = run(recipe, Mode::Cooperative);
    assert_eq!(value(&aio, "bare"), 400);
    assert!(value(&aio, "sleep") < 400, "{aio}");
    // threading: `time.sleep(0)` releases the GIL between the read and the write.
    let thr = run(recipe, Mode::Gil);
    assert!(value(&thr, "sleep") < 400, "{thr}");
    // The page's atomic add has no window: an atomic count loses nothing, even with a yield.
    for json in [&aio, &thr] {
        let guarded = ["locked", "atomic", "guarded"].map(|name| value(json, name));
        assert_eq!(guarded, [400; 3], "{json}");
    }
    // multiprocessing: the main program's own copy never moves.
    let procs = run(recipe, Mode::Processes);
    assert_eq!(value(&procs, "bare"), 0, "{procs}");
    // Every span names a kind the page knows.
    let t = import(&thr).unwrap();
    assert!(
        t.spans.iter().all(|s| s.kind.key() == "cpu"),
        "{:?}",
        t.spans
    );
}

#[test]
fn a_python_deadlock_gives_up_and_the_program_ends() {
    let recipe = "lock A → io 100ms → lock B → unlock B → unlock A\n\
                  lock B → io 100ms → lock A → unlock A → unlock B";
    for mode in [Mode::Gil, Mode::Cooperative] {
        let t = import(&run(recipe, mode)).unwrap();
        assert!(
            t.results.iter().any(Option::is_none),
            "{mode:?}: someone gave up"
        );
        let waited = t.spans.iter().filter(|s| s.kind.key() == "lock-wait");
        assert!(waited.map(|s| s.end - s.start).fold(0.0, f64::max) >= 1900.0);
    }
}
