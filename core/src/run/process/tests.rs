//! Tests for `process`: messages cross as text unchanged, and a bad one is an error that says
//! where it went wrong.

use super::*;
use proptest::prelude::*;

fn request() -> ProcessRequest {
    ProcessRequest {
        task: TaskPlan {
            id: 3,
            steps: vec![Step::Cpu(Work { units: 40, seed: 7 }), Step::Io(12.5)],
        },
        process: 1,
        epoch_ms: 1.7e12 + 0.125,
        record: true,
    }
}

fn reply() -> ProcessReply {
    ProcessReply {
        task: 3,
        primes: Some(11),
        spans: vec![ProcessSpan {
            step: 1,
            kind: SpanKind::GilWait,
            start: 4.0,
            end: 16.5,
        }],
        tasks_run_here: 2,
        vars: vec![(4000, 2000)],
    }
}

#[test]
fn requests_and_replies_cross_as_text_unchanged() {
    let text = request().encode();
    let bits = |x: f64| format!("{:016x}", x.to_bits());
    assert_eq!(
        text,
        format!(
            "task 3 process 1 epoch {} record 1 cpu 40 7 io {}",
            bits(1.7e12 + 0.125),
            bits(12.5)
        )
    );
    assert_eq!(ProcessRequest::decode(&text), Ok(request()));
    let text = reply().encode();
    assert_eq!(
        text,
        format!(
            "task 3 primes 11 run 2 vars 1 4000 2000 gil-wait 1 {} {}",
            bits(4.0),
            bits(16.5)
        )
    );
    let back = ProcessReply::decode(&text).unwrap();
    assert_eq!(back, reply());
    let spans: Vec<Span> = back.spans_on(1).collect();
    assert_eq!(
        (spans[0].lane, spans[0].task, spans[0].kind),
        (Lane::Process(1), 3, SpanKind::GilWait)
    );
}

#[test]
fn an_unfinished_task_and_an_open_span_cross_too() {
    let mut r = reply();
    r.primes = None;
    r.spans[0].end = f64::NAN;
    r.spans.push(ProcessSpan {
        step: 0,
        kind: SpanKind::Startup,
        start: -0.0,
        end: f64::INFINITY,
    });
    let text = r.encode();
    assert_eq!(
        text,
        "task 3 primes - run 2 vars 1 4000 2000 gil-wait 1 4010000000000000 7ff8000000000000 \
         startup 0 8000000000000000 7ff0000000000000"
    );
    let back = ProcessReply::decode(&text).unwrap();
    assert_eq!((back.primes, back.spans.len()), (None, 2));
    assert!(back.spans[0].end.is_nan());
    assert!(back.spans[1].start.is_sign_negative() && back.spans[1].end == f64::INFINITY);
}

#[test]
fn a_bad_message_says_what_was_expected_where() {
    let err = |text: &str| ProcessRequest::decode(text).unwrap_err();
    assert_eq!(
        err(""),
        "a process request ended at word 1 where the word task should be"
    );
    assert_eq!(
        err("{\"task\":3}"),
        "a process request has \"{\\\"task\\\":3}\" at word 1 where the word task should be"
    );
    assert_eq!(
        err("task 3 process -1 epoch 0"),
        "a process request has \"-1\" at word 4 where the process number should be"
    );
    assert_eq!(
        err("task 3 process 1 epoch 0 record 1 cpu 40"),
        "a process request ended at word 11 where the step's seed should be"
    );
    assert_eq!(
        err("task 3 process 1 epoch 0 record 0 gpu 4"),
        "a process request has \"gpu\" at word 9 where a step, cpu, io, count, lock, unlock or crash should be"
    );
    let err = |text: &str| ProcessReply::decode(text).unwrap_err();
    assert_eq!(
        err("task 3 primes many run 1"),
        "a process reply has \"many\" at word 4 where a count of primes should be"
    );
    assert_eq!(
        err("task 3 primes - run 1 vars 0 io 1 2"),
        "a process reply ended at word 12 where the span's end should be"
    );
    assert_eq!(
        err("task 3 primes - run 1 vars 0 sleep 1 2 3"),
        "a process reply has \"sleep\" at word 9 where a span kind should be"
    );
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        -1e3..1e13f64
    ]
}

fn gap() -> impl Strategy<Value = PlanGap> {
    prop_oneof![
        Just(PlanGap::None),
        Just(PlanGap::Yield),
        (any::<u64>(), any::<u64>()).prop_map(|(units, seed)| PlanGap::Cpu(Work { units, seed })),
        any_f64().prop_map(PlanGap::Io),
    ]
}

fn guard() -> impl Strategy<Value = Guard> {
    prop_oneof![
        Just(Guard::None),
        Just(Guard::Atomic),
        any::<u8>().prop_map(Guard::Lock),
    ]
}

fn any_request() -> impl Strategy<Value = ProcessRequest> {
    let step = prop_oneof![
        (any::<u64>(), any::<u64>()).prop_map(|(units, seed)| Step::Cpu(Work { units, seed })),
        any_f64().prop_map(Step::Io),
        Just(Step::Crash),
        any::<u8>().prop_map(Step::Lock),
        any::<u8>().prop_map(Step::Unlock),
        (any::<u8>(), any::<u32>(), gap(), guard()).prop_map(|(var, times, gap, guard)| {
            Step::Count(Count {
                var,
                times,
                gap,
                guard,
            })
        }),
    ];
    let steps = prop::collection::vec(step, 0..8);
    (any::<u32>(), steps, any::<u16>(), any_f64(), any::<bool>()).prop_map(
        |(id, steps, process, epoch_ms, record)| ProcessRequest {
            task: TaskPlan { id, steps },
            process,
            epoch_ms,
            record,
        },
    )
}

fn any_reply() -> impl Strategy<Value = ProcessReply> {
    let span = (any::<u16>(), 0..SpanKind::ALL.len(), any_f64(), any_f64()).prop_map(
        |(step, kind, start, end)| ProcessSpan {
            step,
            kind: SpanKind::ALL[kind],
            start,
            end,
        },
    );
    let spans = prop::collection::vec(span, 0..8);
    let vars = prop::collection::vec((any::<u64>(), any::<u64>()), 0..4);
    (
        any::<u32>(),
        any::<Option<u64>>(),
        spans,
        any::<u64>(),
        vars,
    )
        .prop_map(|(task, primes, spans, tasks_run_here, vars)| ProcessReply {
            task,
            primes,
            spans,
            tasks_run_here,
            vars,
        })
}

proptest! {
    // Encoding again compares NaNs too, which `==` would not.
    #[test]
    fn any_request_crosses_unchanged(req in any_request()) {
        let text = req.encode();
        let back = ProcessRequest::decode(&text).unwrap();
        prop_assert_eq!(back.encode(), text);
        prop_assert_eq!(back.task.steps.len(), req.task.steps.len());
    }

    #[test]
    fn any_reply_crosses_unchanged(reply in any_reply()) {
        let text = reply.encode();
        let back = ProcessReply::decode(&text).unwrap();
        prop_assert_eq!(back.encode(), text);
        prop_assert_eq!(back.spans.len(), reply.spans.len());
    }

    #[test]
    fn any_text_decodes_or_fails_without_panicking(text in ".{0,80}") {
        let _ = ProcessRequest::decode(&text);
        let _ = ProcessReply::decode(&text);
    }

    #[test]
    fn any_cut_or_damaged_message_decodes_or_fails(
        req in any_request(),
        reply in any_reply(),
        cut in any::<prop::sample::Index>(),
        junk in "[ a-z0-9.-]{0,3}",
    ) {
        for text in [req.encode(), reply.encode()] {
            let at = text.floor_char_boundary(cut.index(text.len() + 1));
            let damaged = format!("{}{junk}{}", &text[..at], &text[at..]);
            for t in [&text[..at], damaged.as_str()] {
                let _ = ProcessRequest::decode(t);
                let _ = ProcessReply::decode(t);
            }
        }
    }
}
