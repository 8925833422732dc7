use super::*;
use crate::scenario::recipe::parse;

fn recipe(text: &str) -> Recipe {
    parse(text).unwrap()
}

#[test]
fn ten_thousand_waits_fit_the_event_loop_and_a_pool_for_io_but_not_one_at_a_time() {
    let t = recipe("10000 x io 100ms");
    assert_eq!(least_ms(&t, Mode::Cooperative, 1), 100.0);
    assert_eq!(least_ms(&t, Mode::Threads, 8), 125_000.0);
    assert_eq!(least_ms(&t, Mode::Threads, 32), 31_250.0);
    assert_eq!(least_ms(&t, Mode::Sequential, 1), 1_000_000.0);
    assert!(over(&t, Mode::Cooperative, 1).is_none());
    assert!(over(&t, Mode::Threads, 32).is_none());
    let why = over(&t, Mode::Sequential, 1).unwrap();
    assert!(
        why.contains("at least 1,000 s") && why.contains("10,000 tasks"),
        "{why}"
    );
    assert!(why.contains("120 s one mode may run"), "{why}");
    let why = over(&t, Mode::Threads, 8).unwrap();
    assert!(
        why.starts_with("threads on 8 would take at least 125 s"),
        "{why}"
    );
    assert!(why.contains("a larger pool"), "{why}");
}

#[test]
fn one_interpreter_at_a_time_computes_all_the_cpu_work_in_a_row() {
    let t = recipe("100 x cpu 1000ms");
    assert_eq!(least_ms(&t, Mode::Cooperative, 1), 100_000.0);
    assert_eq!(least_ms(&t, Mode::Gil, 32), 100_000.0);
    assert_eq!(least_ms(&t, Mode::Threads, 32), 100_000.0 / 32.0);
    // The longest task bounds every mode, however large its pool.
    assert_eq!(
        least_ms(&recipe("cpu 3000ms → io 5000ms"), Mode::Threads, 32),
        8_000.0
    );
}

#[test]
fn each_mode_left_out_is_named_for_the_pool_it_would_run_on() {
    let mut config = RunConfig::default();
    config.set_recipe("2000 x io 100ms").unwrap();
    config.modes = vec![Mode::Sequential, Mode::Cooperative, Mode::Threads];
    let left = too_long(&config, 1);
    let modes: Vec<Mode> = left.iter().map(|(m, _)| *m).collect();
    assert_eq!(modes, [Mode::Sequential, Mode::Threads]);
    config.threads = Some(4);
    assert_eq!(too_long(&config, 1).len(), 1);
    let said = &too_long(&config, 1)[0].1;
    assert!(
        said.starts_with("sequential would take at least 200 s"),
        "{said}"
    );
    config.modes = vec![Mode::Cooperative];
    assert!(too_long(&config, 1).is_empty());
}
