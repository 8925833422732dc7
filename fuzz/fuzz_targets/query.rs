//! The URL query: any query gives a scenario and messages, never a panic, and the link the
//! page writes for that scenario reads back as the same scenario with no message.
#![no_main]

use interleave_core::scenario::config::RunConfig;
use libfuzzer_sys::fuzz_target;

#[path = "per_byte.rs"]
mod per_byte;

fuzz_target!(|query: &str| {
    let (cfg, errors) = per_byte::bounded(query.as_bytes(), || RunConfig::from_query(query));
    for e in &errors {
        let _ = e.to_string();
    }
    let link = cfg.to_query();
    let (back, errors) = RunConfig::from_query(&link);
    assert!(errors.is_empty(), "{link}: {errors:?}");
    assert_eq!(back, cfg, "{link}");
});
