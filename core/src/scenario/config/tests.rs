//! Tests for `config`: URL queries in, scenarios and specific messages out.

use super::query::decode;
use super::*;
use crate::scenario::step::Step;

#[test]
fn an_empty_query_is_the_cpu_bound_lesson() {
    let (cfg, errs) = RunConfig::from_query("");
    assert!(errs.is_empty());
    assert_eq!(cfg, RunConfig::for_lesson(LessonId::CpuBound));
    assert_eq!(cfg.recipe.task_count(), 8);
}

#[test]
fn a_lesson_sets_defaults_that_other_parameters_override() {
    let (cfg, errs) =
        RunConfig::from_query("?threads=4&lesson=blocking-the-loop&yield=5&autorun=1");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(cfg.lesson, Some(LessonId::BlockingTheLoop));
    assert_eq!(cfg.modes, vec![Mode::Cooperative]);
    assert_eq!(
        cfg.yield_ms,
        Some(5.0),
        "the explicit yield wins over the lesson's never"
    );
    assert_eq!(cfg.threads, Some(4));
    assert_eq!(cfg.autoplay, Autoplay::Load);
}

#[test]
fn shorthand_knobs_write_a_recipe_and_leave_the_lesson() {
    let (cfg, errs) =
        RunConfig::from_query("workload=mixed&tasks=6&cpu=20&io=120&modes=threads,cooperative");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(cfg.lesson, None);
    assert_eq!(cfg.modes, vec![Mode::Cooperative, Mode::Threads]);
    let tasks = cfg.recipe.tasks();
    assert_eq!(tasks.len(), 6);
    assert_eq!(
        tasks[0],
        vec![Step::Cpu(10.0), Step::Io(120.0), Step::Cpu(10.0)]
    );
}

#[test]
fn a_plain_recipe_is_accepted_as_typed() {
    let (cfg, errs) = RunConfig::from_query("recipe=3+x+io+50ms+-%3E+cpu+5ms");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(cfg.recipe_text, "3 x io 50ms -> cpu 5ms");
    assert_eq!(cfg.recipe.task_count(), 3);
}

#[test]
fn a_bad_recipe_names_the_problem_and_keeps_the_lessons_recipe() {
    let (cfg, errs) = RunConfig::from_query("lesson=io-bound&recipe=3+x+cpu+fast");
    assert_eq!(cfg.recipe_text, lesson::get(LessonId::IoBound).recipe);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].key, "recipe");
    assert!(errs[0].to_string().contains("line 1"), "{}", errs[0]);
}

#[test]
fn a_huge_bad_value_makes_a_short_notice_that_still_says_where() {
    let long_word = "z".repeat(36_000);
    let (_, errs) = RunConfig::from_query(&format!("recipe=2+x+cpu+{long_word}&{long_word}=1"));
    assert_eq!(errs.len(), 2, "{errs:?}");
    for e in &errs {
        let notice = e.to_string();
        assert!(notice.len() < 600, "{} bytes: {notice:.200}", notice.len());
    }
    assert!(
        errs[0].to_string().contains("line 1, column 9"),
        "{}",
        errs[0]
    );
    assert!(
        errs[0].to_string().contains("36008 characters"),
        "{}",
        errs[0]
    );
}

#[test]
fn bad_values_are_reported_specifically_and_fall_back() {
    let (cfg, errs) = RunConfig::from_query(
        "tasks=abc&threads=0&modes=turbo&workload=gpu&yield=0&lesson=nope&colour=red&cpu=-1&live=maybe&switch=0&procstart=later",
    );
    assert_eq!(cfg, RunConfig::default());
    let keys: Vec<&str> = errs.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "lesson",
            "tasks",
            "threads",
            "modes",
            "workload",
            "yield",
            "colour",
            "cpu",
            "live",
            "switch",
            "procstart"
        ]
    );
    assert_eq!(
        errs[1].to_string(),
        "URL parameter tasks=\"abc\": expected a whole number from 1 to 10000; using 8."
    );
}

#[test]
fn a_recipe_too_long_for_a_link_is_refused_so_every_link_reads_back() {
    // Found with the query fuzz target's round trip, on a long input (libFuzzer's stay under
    // 4 KB): a plain recipe over the 16 KB a compact link unpacks was accepted, and the page's
    // link for it then failed to read back.
    let query = format!("recipe=cpu+1ms%0A%23{}", "x".repeat(17_000));
    let (cfg, errs) = RunConfig::from_query(&query);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].key, "recipe");
    assert!(
        errs[0].expected.contains("at most 16384 bytes of text"),
        "{}",
        errs[0].expected
    );
    assert_eq!(cfg, RunConfig::default(), "the lesson's recipe is kept");
    let mut longest = RunConfig::default();
    let text = format!(
        "cpu 1ms\n#{}",
        "x".repeat(crate::scenario::recipe::MAX_TEXT_BYTES - 9)
    );
    longest.set_recipe(&text).unwrap();
    assert_eq!(
        RunConfig::from_query(&longest.to_query()),
        (longest, vec![])
    );
}

#[test]
fn milliseconds_in_a_query_read_back_exactly_from_the_link() {
    // Found by the query fuzz target: 17 digits were kept, the link wrote the shortest text of
    // that f64, and the decimal reader (exact while the digits fit in 2^53) read it 1 ulp off.
    let (cfg, errs) = RunConfig::from_query("switch=1.6666666666666666&yield=0.30000000000000004");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!((cfg.switch_ms, cfg.yield_ms), (1.666667, Some(0.3)));
    assert_eq!(RunConfig::from_query(&cfg.to_query()), (cfg, vec![]));
    let (cfg, _) = RunConfig::from_query("yield=0.09999999999&cpu=0.1234567891");
    assert_eq!(
        cfg.yield_ms,
        Some(0.1),
        "rounded, then checked against the range"
    );
    assert!(
        cfg.recipe_text.contains("cpu 0.123457ms"),
        "{}",
        cfg.recipe_text
    );
}

#[test]
fn to_query_round_trips_through_compact_links() {
    let mut cfg = RunConfig::for_lesson(LessonId::MixedRequests);
    cfg.set_recipe("# mine\n2 × cpu 5ms → io 30..90ms\nseed 9\n")
        .unwrap();
    cfg.threads = Some(3);
    cfg.yield_ms = None;
    cfg.autoplay = Autoplay::Visible;
    cfg.embed = Some(Embed {
        looping: true,
        panels: Panels {
            table: true,
            ..Panels::default()
        },
    });
    cfg.live = false;
    cfg.switch_ms = 2.5;
    cfg.process_start = ProcessStart::BeforeRun;
    cfg.theme = Theme::Dark;
    cfg.record = false;
    cfg.modes = vec![Mode::Gil, Mode::Processes];
    let q = cfg.to_query();
    assert!(q.contains("recipe=~"), "{q}");
    let (again, errs) = RunConfig::from_query(&q);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(again, cfg);
}

#[test]
fn lesson_links_leave_the_recipe_out() {
    let q = RunConfig::for_lesson(LessonId::IoBound).to_query();
    assert_eq!(
        q,
        "lesson=io-bound&modes=sequential,cooperative,threads&yield=never"
    );
    assert_eq!(
        RunConfig::from_query(&q).0,
        RunConfig::for_lesson(LessonId::IoBound)
    );
}

#[test]
fn knobs_that_together_pass_the_total_cap_are_reported() {
    let (cfg, errs) = RunConfig::from_query("tasks=64&cpu=5000");
    assert_eq!(cfg.recipe, RunConfig::default().recipe);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("at most"), "{}", errs[0]);
}

#[test]
fn values_are_percent_decoded() {
    assert_eq!(decode("cpu%3A20%2Cio%3A5"), "cpu:20,io:5");
    assert_eq!(decode("a+b%zz%+1%"), "a b%zz% 1%");
    let (cfg, errs) = RunConfig::from_query("modes=sequential%2Cthreads");
    assert!(errs.is_empty());
    assert_eq!(cfg.modes, vec![Mode::Sequential, Mode::Threads]);
}

#[test]
fn the_full_page_link_drops_only_embed_settings() {
    let (cfg, _) = RunConfig::from_query("?lesson=io-bound&threads=3&embed=1&loop=1&autoplay=load");
    let q = cfg.full_page_query();
    assert!(
        q.contains("lesson=io-bound") && q.contains("threads=3"),
        "{q}"
    );
    assert!(
        !q.contains("embed") && !q.contains("loop") && !q.contains("autoplay"),
        "{q}"
    );
}

#[test]
fn the_snippet_embeds_this_scenario_safely() {
    let (cfg, _) = RunConfig::from_query("?lesson=cpu-bound&modes=cooperative,threads");
    let html = cfg.iframe_snippet("https://example.org/i/", "Interleave — \"CPU\" <bound>");
    assert!(html.starts_with("<iframe src=\"https://example.org/i/?lesson=cpu-bound"));
    assert!(html.contains("&amp;embed=1") && html.contains("autoplay=visible"));
    assert!(html.contains("allow=\"cross-origin-isolated; fullscreen\""));
    assert!(html.contains("title=\"Interleave — &quot;CPU&quot; &lt;bound&gt;\""));
    assert!(html.contains("aspect-ratio: 16 / 9"));
}
