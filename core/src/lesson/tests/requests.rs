//! Thousands of requests: the loop, a pool sized to the cores and one sized for I/O.

use super::{ctx, trace};
use crate::lesson::{get, io_pool, verdict, LessonId};
use crate::run::mode::Mode;

#[test]
fn a_pool_for_io_is_sized_as_cpython_sizes_its_default() {
    assert_eq!([1, 2, 8, 28, 64].map(io_pool), [5, 6, 12, 32, 32]);
}

#[test]
fn the_loop_beats_a_pool_for_io_which_beats_a_pool_sized_to_the_cores() {
    let l = get(LessonId::ManyRequests);
    let runs = [
        trace(Mode::Cooperative, 1, 120.0, 2000),
        trace(Mode::Threads, 2, 10_080.0, 2000),
        trace(Mode::Threads, 6, 3_400.0, 2000),
    ];
    let v = verdict(l, &runs, ctx(10.0, None, &[])).unwrap();
    assert!(v.matches, "{}", v.sentence);
    for said in [
        "the 2,000 requests took 120 ms, 12× one wait",
        "a pool sized for I/O (6 threads) took 3400 ms, 334 rounds of one wait, and one sized to the cores (2 threads) took 10080 ms, 1000 rounds",
    ] {
        assert!(v.sentence.contains(said), "{said}: {}", v.sentence);
    }

    // One size for both pools on a machine of 32 cores or more.
    let many_cores = [
        trace(Mode::Cooperative, 1, 120.0, 2000),
        trace(Mode::Threads, 32, 650.0, 2000),
    ];
    let v = verdict(l, &many_cores, ctx(10.0, None, &[])).unwrap();
    assert!(
        v.matches && v.sentence.contains("as large as a pool goes"),
        "{}",
        v.sentence
    );
}

#[test]
fn a_slow_loop_or_a_pool_off_its_rounds_says_so() {
    let l = get(LessonId::ManyRequests);
    let slow_loop = [
        trace(Mode::Cooperative, 1, 4_000.0, 2000),
        trace(Mode::Threads, 2, 10_080.0, 2000),
        trace(Mode::Threads, 6, 3_400.0, 2000),
    ];
    let v = verdict(l, &slow_loop, ctx(10.0, None, &[])).unwrap();
    assert!(!v.matches);
    assert!(
        v.sentence.starts_with("The event loop took 4000 ms"),
        "{}",
        v.sentence
    );
    assert!(
        v.sentence.contains("nothing this run measured"),
        "{}",
        v.sentence
    );

    let off = [
        trace(Mode::Cooperative, 1, 120.0, 2000),
        trace(Mode::Threads, 2, 10_080.0, 2000),
        trace(Mode::Threads, 6, 9_000.0, 2000),
    ];
    let v = verdict(l, &off, ctx(10.0, None, &[])).unwrap();
    assert!(!v.matches);
    assert!(
        v.sentence
            .contains("The pool of 6 threads took 9000 ms; expected about 334 rounds"),
        "{}",
        v.sentence
    );
}
