//! The band of tasks past the main loop's wait rows, as the core lays it out.

use super::PALETTE;
use interleave_core::view::layout::{Band, BarStyle};
use web_sys::CanvasRenderingContext2d;

/// The tasks past the wait rows, counted by state: stacked areas in the colours and patterns of
/// the legend (I/O hatched), in a faint frame whose top is all of the band's tasks.
pub(super) fn paint(ctx: &CanvasRenderingContext2d, band: &Band) {
    ctx.save();
    ctx.set_stroke_style_str("rgba(127,127,127,0.35)");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(
        band.left + 0.5,
        band.top + 0.5,
        band.right - band.left - 1.0,
        band.h - 1.0,
    );
    for (kind, points) in &band.areas {
        let (colour, alpha) = match kind {
            BarStyle::Io => (PALETTE[4], 0.25),
            BarStyle::Yield => (PALETTE[0], 0.45),
            _ => (PALETTE[2], 0.8),
        };
        ctx.begin_path();
        for (i, &(x, y)) in points.iter().enumerate() {
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.close_path();
        ctx.set_global_alpha(alpha);
        ctx.set_fill_style_str(colour);
        ctx.fill();
        ctx.set_global_alpha(1.0);
        if *kind == BarStyle::Io {
            // Hatched as an I/O bar is, inside its own outline only.
            ctx.save();
            ctx.clip();
            ctx.set_stroke_style_str(colour);
            ctx.begin_path();
            let mut x = band.left - band.h;
            while x < band.right {
                ctx.move_to(x, band.top + band.h);
                ctx.line_to(x + band.h, band.top);
                x += 6.0;
            }
            ctx.stroke();
            ctx.restore();
        }
    }
    ctx.restore();
}
