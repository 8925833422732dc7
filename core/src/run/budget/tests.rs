use super::*;

fn config(query: &str) -> RunConfig {
    let (cfg, errs) = RunConfig::from_query(query);
    assert_eq!(errs, vec![], "{query}");
    cfg
}

#[test]
fn the_worst_url_the_limits_allow_is_made_to_fit() {
    // 24 tasks × 5 s of CPU: the recipe's 120 s cap, sliced as finely as the limits allow.
    let cfg = config("recipe=24+x+cpu+5s&modes=cooperative,gil&yield=0.1&switch=0.1");
    let tasks = cfg.recipe.tasks();
    let asked = spans_at_most(&tasks, Mode::Cooperative, cfg.yield_ms, cfg.switch_ms);
    assert!(asked > 4_000_000, "{asked}");
    let fitted = fit(&cfg);
    for mode in [Mode::Cooperative, Mode::Gil] {
        let spans = spans_at_most(&tasks, mode, fitted.yield_ms, fitted.switch_ms);
        assert!(spans <= MAX_SPANS_PER_MODE, "{mode:?}: {spans}");
    }
    let notice = fitted.notice.expect("the page says what changed");
    assert!(notice.contains("yields every"), "{notice}");
    assert!(notice.contains("the GIL switches every"), "{notice}");
}

#[test]
fn fitting_coarsens_only_as_much_as_needed() {
    let cfg = config("recipe=24+x+cpu+5s&modes=cooperative&yield=0.1");
    let tasks = cfg.recipe.tasks();
    let fitted = fit(&cfg).yield_ms.expect("still yields");
    let finer = ((fitted - 0.1) * 10.0).round() / 10.0;
    assert!(
        spans_at_most(&tasks, Mode::Cooperative, Some(finer), cfg.switch_ms) > MAX_SPANS_PER_MODE
    );
}

#[test]
fn what_fits_is_left_alone_and_modes_not_run_are_not_fitted() {
    for query in [
        "lesson=yield-granularity",
        "recipe=4+x+cpu+50ms&yield=0.1&switch=0.1",
        "recipe=24+x+cpu+5s&modes=threads&yield=0.1&switch=0.1",
        "recipe=24+x+cpu+5s&modes=cooperative,gil&yield=never&switch=5",
    ] {
        let cfg = config(query);
        let fitted = fit(&cfg);
        assert_eq!(
            fitted,
            Fitted {
                yield_ms: cfg.yield_ms,
                switch_ms: cfg.switch_ms,
                notice: None
            },
            "{query}"
        );
    }
}

#[test]
fn modes_without_slices_record_a_few_spans_per_step() {
    let cfg = config("recipe=3+x+cpu+5s+→+io+1s");
    let tasks = cfg.recipe.tasks();
    for mode in [Mode::Sequential, Mode::Threads, Mode::Processes] {
        assert_eq!(
            spans_at_most(&tasks, mode, Some(0.1), 0.1),
            3 * 4,
            "{mode:?}"
        );
    }
}

#[test]
fn a_mode_that_turned_spans_away_is_named_with_how_many() {
    let cfg = config("recipe=2+x+cpu+50ms&modes=cooperative");
    assert_eq!(notice(&cfg, &[]), None);
    let mut t = crate::testing::trace(Mode::Cooperative, 10.0, 2, vec![]);
    t.spans_dropped = 1234;
    let said = notice(&cfg, &[t]).expect("a notice");
    assert!(said.contains("not the 1,234 after them"), "{said}");
}
