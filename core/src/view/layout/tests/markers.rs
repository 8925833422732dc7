//! Moments marked across a mode's lanes.

use super::*;

#[test]
fn a_deadlock_is_marked_across_its_own_lanes_when_in_view() {
    let spans = [
        cpu(Lane::Worker(0), 0.0, 100.0),
        cpu(Lane::Worker(1), 0.0, 300.0),
    ];
    let mut locked = finished(Mode::Threads, &spans, 300.0);
    locked.deadlock_ms = Some(250.0);
    let sections = [finished(Mode::Sequential, &spans, 300.0), locked];
    let l = layout(&sections, W1000, None);
    assert_eq!(l.markers.len(), 1, "only the deadlocked mode");
    let m = &l.markers[0];
    assert!(
        close(m.x, LABEL_W + 250.0 * 1000.0 / l.view.width_ms()),
        "{m:?}"
    );
    assert_eq!(m.text, "deadlock found · 250 ms");
    let second = &l.headers[1];
    assert!(
        m.top > second.y && m.bottom < l.stats[1].y && m.bottom > m.top,
        "{m:?}"
    );
    assert!(
        m.label_y > second.y && m.label_y < m.top,
        "in the header row: {m:?}"
    );
    let early = Viewport {
        start_ms: 0.0,
        end_ms: 100.0,
    };
    assert!(
        layout(&sections, W1000, Some(early)).markers.is_empty(),
        "out of view"
    );
}
