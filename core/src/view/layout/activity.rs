//! How busy each lane was, and how many tasks computed at once, for the strip under each mode.

use super::{Plot, Section, SectionStats, STATS_H};
use crate::run::trace::{lanes_of, Lane, Span, SpanKind};

/// For every lane with spans, in lane order: the share of `wall_ms` it spent computing, the
/// union of its CPU spans clipped to `[0, wall_ms]`, so overlapping spans count once. Open
/// spans run until `wall_ms`.
pub fn lane_utilisation(spans: &[Span], wall_ms: f64) -> Vec<(Lane, f64)> {
    let valid_wall = wall_ms.is_finite() && wall_ms > 0.0;
    lanes_of(spans)
        .into_iter()
        .map(|lane| {
            if !valid_wall {
                return (lane, 0.0);
            }
            let mut stretches: Vec<(f64, f64)> = spans
                .iter()
                .filter(|s| s.lane == lane && s.kind == SpanKind::Cpu)
                .filter_map(|s| {
                    let end = if s.is_open() { wall_ms } else { s.end };
                    let (a, b) = (s.start.max(0.0), end.min(wall_ms));
                    // Also drops a NaN start, which compares false.
                    (b > a).then_some((a, b))
                })
                .collect();
            stretches.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut busy = 0.0;
            let mut current: Option<(f64, f64)> = None;
            for (a, b) in stretches {
                current = match current {
                    Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
                    Some((ca, cb)) => {
                        busy += cb - ca;
                        Some((a, b))
                    }
                    None => Some((a, b)),
                };
            }
            if let Some((ca, cb)) = current {
                busy += cb - ca;
            }
            (lane, (busy / wall_ms).clamp(0.0, 1.0))
        })
        .collect()
}

/// How many CPU spans were open, as a step function: each time the count changes, and the
/// count from then on, in time order. Before the first step it is 0. Spans that touch do not
/// overlap; open and empty spans are left out (resolve open ones to "now" first).
pub fn concurrency_steps(spans: &[Span]) -> Vec<(f64, usize)> {
    let mut edges: Vec<(f64, i64)> = spans
        .iter()
        .filter(|s| {
            s.kind == SpanKind::Cpu && s.start.is_finite() && s.end.is_finite() && s.end > s.start
        })
        .flat_map(|s| [(s.start, 1), (s.end, -1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut steps: Vec<(f64, usize)> = Vec::new();
    let mut open = 0i64;
    for group in edges.chunk_by(|a, b| a.0 == b.0) {
        open += group.iter().map(|e| e.1).sum::<i64>();
        let count = open.max(0) as usize;
        if steps.last().map_or(0, |s| s.1) != count {
            steps.push((group[0].0, count));
        }
    }
    steps
}

/// The steps as an SVG-polyline-style "x,y x,y …" line across the plot, for the part of time
/// in view: `max` reaches `top`, 0 sits on `bottom`. Changes closer than half a pixel share a
/// vertical stroke from their lowest to their highest count, so the line stays short however
/// many spans there are, without hiding a peak.
pub(super) fn polyline(
    steps: &[(f64, usize)],
    max: usize,
    plot: &Plot,
    top: f64,
    bottom: f64,
) -> Vec<(f64, f64)> {
    let y_of = |count: usize| {
        if max == 0 {
            bottom
        } else {
            bottom - count as f64 / max as f64 * (bottom - top)
        }
    };
    let quantise = |x: f64| (x * 2.0).round() / 2.0;
    let view = plot.view;
    let first = steps.partition_point(|s| s.0 <= view.start_ms);
    let mut count = first.checked_sub(1).map_or(0, |i| steps[i].1);
    let mut points = vec![(quantise(plot.left), y_of(count))];
    for &(t, next) in steps[first..].iter().take_while(|s| s.0 < view.end_ms) {
        let x = quantise(plot.x_of(t));
        points.push((x, y_of(count)));
        points.push((x, y_of(next)));
        count = next;
    }
    points.push((quantise(plot.right), y_of(count)));
    let mut line = Vec::new();
    let mut last_written: Option<(f64, f64)> = None;
    for column in points.chunk_by(|a, b| a.0 == b.0) {
        let x = column[0].0;
        let ys = column.iter().map(|p| p.1);
        let low = ys.clone().fold(f64::INFINITY, f64::min);
        let high = ys.fold(f64::NEG_INFINITY, f64::max);
        let (enter, leave) = (column[0].1, column[column.len() - 1].1);
        // Visit the two extremes in whichever order makes the shorter stroke.
        let (a, b) = if (enter - low).abs() + (leave - high).abs()
            <= (enter - high).abs() + (leave - low).abs()
        {
            (low, high)
        } else {
            (high, low)
        };
        for y in [enter, a, b, leave] {
            if last_written != Some((x, y)) {
                line.push((x, y));
                last_written = Some((x, y));
            }
        }
    }
    line
}

/// Utilisation over the section's whole wall time, and its concurrency line in view, for the
/// strip at `y`.
pub(super) fn section_stats(section: &Section<'_>, plot: &Plot, y: f64) -> SectionStats {
    let wall = section.wall_ms.unwrap_or(section.now_ms);
    let resolved: Vec<Span> = section
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Cpu)
        .map(|s| Span {
            end: section.end_of(s),
            ..*s
        })
        .collect();
    let steps = concurrency_steps(&resolved);
    let max_concurrency = steps.iter().map(|s| s.1).max().unwrap_or(0);
    SectionStats {
        y,
        h: STATS_H,
        utilisation: lane_utilisation(section.spans, wall)
            .into_iter()
            .map(|(lane, share)| (lane.name(), share))
            .collect(),
        concurrency: polyline(&steps, max_concurrency, plot, y + 3.0, y + STATS_H - 3.0),
        max_concurrency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::trace::{Lane, SpanKind};
    use crate::testing::{close, span as s};

    fn cpu(lane: Lane, start: f64, end: f64) -> Span {
        s(lane, 0, SpanKind::Cpu, start, end)
    }

    #[test]
    fn utilisation_counts_overlapping_spans_once() {
        let spans = [
            cpu(Lane::Worker(0), 0.0, 40.0),
            cpu(Lane::Worker(0), 20.0, 60.0),
            cpu(Lane::Worker(0), 30.0, 35.0),
            s(Lane::Worker(0), 0, SpanKind::Io, 60.0, 100.0),
            cpu(Lane::Worker(1), 50.0, 150.0),
            cpu(Lane::MainLoop, 90.0, f64::NAN),
            s(Lane::Process(0), 0, SpanKind::Startup, 0.0, 10.0),
        ];
        let u = lane_utilisation(&spans, 100.0);
        let expected = [
            (Lane::MainLoop, 0.1),
            (Lane::Worker(0), 0.6),
            (Lane::Worker(1), 0.5),
            (Lane::Process(0), 0.0),
        ];
        assert_eq!(u.len(), expected.len());
        for ((lane, share), (want_lane, want)) in u.iter().zip(expected) {
            assert_eq!(*lane, want_lane);
            assert!(close(*share, want), "{lane:?}: {share}");
        }
        assert!(lane_utilisation(&spans, 0.0).iter().all(|u| u.1 == 0.0));
    }

    #[test]
    fn concurrency_steps_follow_a_known_pattern() {
        let w = |n| Lane::Worker(n);
        let spans = [
            cpu(w(0), 0.0, 10.0),
            cpu(w(1), 5.0, 15.0),
            cpu(w(0), 10.0, 20.0), // touches the first: no overlap, no step
            cpu(w(2), 30.0, 40.0),
            s(w(3), 0, SpanKind::Io, 0.0, 100.0),
            cpu(w(3), 50.0, f64::NAN),
            cpu(w(3), 60.0, 60.0),
        ];
        assert_eq!(
            concurrency_steps(&spans),
            vec![
                (0.0, 1),
                (5.0, 2),
                (15.0, 1),
                (20.0, 0),
                (30.0, 1),
                (40.0, 0)
            ]
        );
        assert!(concurrency_steps(&[]).is_empty());
    }
}
