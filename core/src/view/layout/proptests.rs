//! Property tests for `layout`: any spans in any view lay out finite, inside the plot, and
//! every span in view is drawn as a bar, counted in a mark or, past the main loop's wait rows,
//! counted in its band.

use super::tests::drawn;
use super::*;
use proptest::prelude::*;

fn lane() -> impl Strategy<Value = Lane> {
    prop_oneof![Just(Lane::MainLoop), (0u16..4).prop_map(Lane::Worker)]
}

fn kind() -> impl Strategy<Value = SpanKind> {
    prop_oneof![
        Just(SpanKind::Cpu),
        Just(SpanKind::Io),
        Just(SpanKind::GilWait),
        Just(SpanKind::Startup),
        Just(SpanKind::Message),
    ]
}

fn span() -> impl Strategy<Value = Span> {
    (
        lane(),
        0u32..80,
        kind(),
        0.0..1000.0f64,
        0.0..50.0f64,
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(lane, task, kind, start, dur, open)| Span {
            lane,
            task,
            step: 0,
            kind,
            start,
            end: if open { f64::NAN } else { start + dur },
        })
}

fn mode() -> impl Strategy<Value = Mode> {
    proptest::sample::select(Mode::ALL.to_vec())
}

type SectionInput = (Mode, Vec<Span>, Option<f64>, f64, usize);

fn section_input() -> impl Strategy<Value = SectionInput> {
    (
        mode(),
        proptest::collection::vec(span(), 0..60),
        proptest::option::of(0.0..1100.0f64),
        0.0..1100.0f64,
        // A handful of tasks, or a few past the wait rows.
        prop_oneof![Just(3usize), Just(MAX_WAIT_ROWS + 6)],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_view_of_any_spans_stays_in_the_plot_and_accounts_for_every_span(
        inputs in proptest::collection::vec(section_input(), 1..4),
        a in 0.0..1.0f64,
        b in 0.0..1.0f64,
        zoomed in proptest::bool::ANY,
        width in 320.0..2400.0f64,
    ) {
        let sections: Vec<Section> = inputs
            .iter()
            .map(|(mode, spans, wall_ms, now_ms, tasks)| Section {
                mode: *mode,
                spans,
                wall_ms: *wall_ms,
                now_ms: *now_ms,
                tasks: *tasks,
                threads: 4,
                source: &crate::run::trace::Source::Browser,
                deadlock_ms: None,
            })
            .collect();
        let full = layout(&sections, width, None).full;
        let view = if zoomed {
            let (lo, hi) = (a.min(b), a.max(b));
            let start = full.start_ms + lo * full.width_ms();
            let end = (full.start_ms + hi * full.width_ms())
                .max(start + Viewport::MIN_WIDTH_MS)
                .min(full.end_ms);
            Viewport { start_ms: end - (end - start).max(Viewport::MIN_WIDTH_MS), end_ms: end }
        } else {
            full
        };
        let l = layout(&sections, width, Some(view));
        prop_assert_eq!(l.view, view);
        let right = width - RIGHT_PAD + 1e-9;
        for bar in &l.bars {
            prop_assert!([bar.x, bar.y, bar.w, bar.h].iter().all(|v| v.is_finite()), "{:?}", bar);
            prop_assert!(bar.x >= LABEL_W && bar.x + bar.w <= right, "{:?}", bar);
            prop_assert!(bar.w >= 1.0, "{:?}", bar);
        }
        for m in &l.marks {
            prop_assert!([m.x, m.y, m.w, m.h].iter().all(|v| v.is_finite()), "{:?}", m);
            prop_assert!(m.x >= LABEL_W && m.x + m.w <= right && m.w >= MARK_W, "{:?}", m);
            prop_assert!(m.count >= 1);
        }
        for t in l.ticks.iter().chain(&l.lane_labels).chain(&l.headers) {
            prop_assert!(t.x.is_finite() && t.y.is_finite());
        }
        prop_assert!(l.height.is_finite() && l.axis_y.is_finite());
        for band in &l.bands {
            for (_, points) in &band.areas {
                for &(x, y) in points {
                    prop_assert!(x >= LABEL_W - 1e-9 && x <= right, "{}", x);
                    prop_assert!(y >= band.top && y <= band.top + band.h, "{}", y);
                }
            }
        }
        for st in &l.stats {
            prop_assert!(st.utilisation.iter().all(|u| (0.0..=1.0).contains(&u.1)));
            for &(x, y) in &st.concurrency {
                prop_assert!(x.is_finite() && y.is_finite());
                prop_assert!(x >= LABEL_W - 0.5 && x <= right + 0.5);
                prop_assert!(y >= st.y && y <= st.y + st.h);
            }
        }
        let in_view = |start: f64, end: f64| {
            if end > start {
                end > view.start_ms && start < view.end_ms
            } else {
                start >= view.start_ms && start <= view.end_ms
            }
        };
        let mut expected = 0;
        for section in &sections {
            for sp in section.spans {
                let end = if sp.is_open() { section.now_ms.max(sp.start) } else { sp.end };
                if in_view(sp.start, end) {
                    expected += 1;
                    if section.mode == Mode::Gil && sp.kind == SpanKind::Cpu {
                        expected += 1;
                    }
                }
            }
        }
        prop_assert_eq!(drawn(&l), expected);
    }
}
