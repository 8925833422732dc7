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
pub(super) fn merge(mut spans: Vec<SubPixel>, left: f64, right: f64) -> Vec<DensityMark> {
    spans.sort_by(|a, b| {
        a.y.total_cmp(&b.y)
            .then(a.h.total_cmp(&b.h))
            .then(a.x.total_cmp(&b.x))
    });
    // The last bucket takes the remainder, so no mark sticks out past `right`.
    let buckets = ((right - left) / MARK_W).floor().max(1.0) as usize;
    let mut marks: Vec<DensityMark> = Vec::new();
    let mut current: Option<(f64, f64, usize)> = None;
    for s in spans {
        let bucket = (((s.x - left) / MARK_W).floor().max(0.0) as usize).min(buckets - 1);
        let key = (s.y, s.h, bucket);
        match marks.last_mut() {
            Some(mark) if current == Some(key) => mark.count += 1,
            _ => {
                marks.push(DensityMark {
                    x: left + bucket as f64 * MARK_W,
                    y: s.y,
                    w: MARK_W,
                    h: s.h,
                    count: 1,
                });
                current = Some(key);
            }
        }
    }
    marks
}
