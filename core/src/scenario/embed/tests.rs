//! Tests for `embed`: its URL parameters, the slide messages it accepts, and the snippet.

use super::*;
use crate::scenario::config::RunConfig;

#[test]
fn embed_parameters_round_trip_and_need_embed_on() {
    let (cfg, errs) = RunConfig::from_query(
        "?lesson=python-models&embed=1&autoplay=visible&loop=1&panels=verdict,table&theme=dark",
    );
    assert!(errs.is_empty(), "{errs:?}");
    let embed = cfg.embed.expect("embed mode");
    assert!(embed.looping);
    assert_eq!(embed.panels.key(), "verdict,table");
    assert_eq!(cfg.autoplay, Autoplay::Visible);
    let (again, errs) = RunConfig::from_query(&cfg.to_query());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(again, cfg);

    let (cfg, errs) = RunConfig::from_query("?loop=1&panels=table");
    assert_eq!(cfg.embed, None);
    assert_eq!(errs.len(), 2);
    assert!(errs.iter().all(|e| e.expected.contains("embed=1")));
}

#[test]
fn bad_embed_values_are_named_and_fall_back() {
    let (cfg, errs) = RunConfig::from_query("?embed=maybe&autoplay=soon&panels=results,chart");
    let keys: Vec<&str> = errs.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["embed", "autoplay", "panels"]);
    assert!(errs[1].to_string().contains("off, load or visible"));
    assert!(errs[2].to_string().contains("\"results,chart\""));
    assert_eq!(cfg.embed, None);
    assert_eq!(cfg.autoplay, Autoplay::Off);
}

#[test]
fn autorun_is_still_autoplay_on_load() {
    let (cfg, _) = RunConfig::from_query("?autorun=1");
    assert_eq!(cfg.autoplay, Autoplay::Load);
    assert_eq!(Panels::parse("none"), Some(Panels::parse("").unwrap()));
    assert_eq!(Panels::parse("none").unwrap().key(), "none");
}

#[test]
fn only_the_two_reveal_strings_are_messages() {
    assert_eq!(
        SlideMessage::parse("slide:start"),
        Some(SlideMessage::Start)
    );
    assert_eq!(SlideMessage::parse("slide:stop"), Some(SlideMessage::Stop));
    for other in [
        "",
        "slide:start ",
        "SLIDE:START",
        "{\"method\":\"play\"}",
        "<b>x</b>",
    ] {
        assert_eq!(SlideMessage::parse(other), None, "{other}");
    }
}
