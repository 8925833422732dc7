//! Spans too short to see at the current zoom: rather than dropping them, every run of them
//! in one 2-pixel bucket of a row becomes one mark that says how many it stands for.

use super::DensityMark;

/// How wide a mark is, and so how much of a row one mark covers.
pub const MARK_W: f64 = 2.0;

/// A span narrower than a pixel, where it would have been drawn.
#[derive(Clone, Copy, Debug)]
pub(super) struct SubPixel {
    /// The left edge of what is visible of it.
    pub x: f64,
    /// The row it is on.
    pub y: f64,
    pub h: f64,
}

/// One mark per row and bucket, over the plot from `left` to `right`; marks never leave it.
/// Counted into buckets row by row rather than sorted: rows are few and spans many, so this
/// stays linear in the spans (it runs on every repaint, for every span too thin to draw).
pub(super) fn merge(spans: Vec<SubPixel>, left: f64, right: f64) -> Vec<DensityMark> {
    // The last bucket takes the remainder, so no mark sticks out past `right`.
    let buckets = ((right - left) / MARK_W).floor().max(1.0) as usize;
    // (y, h) of a row and its count per bucket.
    let mut rows: Vec<((f64, f64), Vec<u32>)> = Vec::new();
    let mut last = usize::MAX;
    for s in spans {
        let key = (s.y, s.h);
        if rows.get(last).is_none_or(|r| r.0 != key) {
            last = match rows.iter().position(|r| r.0 == key) {
                Some(i) => i,
                None => {
                    rows.push((key, vec![0; buckets]));
                    rows.len() - 1
                }
            };
        }
        let bucket = (((s.x - left) / MARK_W).floor().max(0.0) as usize).min(buckets - 1);
        rows[last].1[bucket] += 1;
    }
    rows.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0).then(a.0 .1.total_cmp(&b.0 .1)));
    let mut marks = Vec::new();
    for ((y, h), counts) in rows {
        for (bucket, &count) in counts.iter().enumerate().filter(|(_, &c)| c > 0) {
            marks.push(DensityMark {
                x: left + bucket as f64 * MARK_W,
                y,
                w: MARK_W,
                h,
                count: count as usize,
            });
        }
    }
    marks
}
