//! A pool-size sweep turned into what the page plots and states: measured speedup, the
//! Amdahl serial fraction fitted with the machine's core count, Karp–Flatt estimates, and the
//! geometry of the speedup plot.

use crate::run::mode::Mode;
use crate::scenario::config::MAX_THREADS;
use crate::view::layout::tick_step;
use std::fmt::Write;

/// Plot margins in CSS pixels: room for the y labels on the left and the x labels below.
pub const PLOT_LEFT: f64 = 36.0;
pub const PLOT_BOTTOM: f64 = 24.0;
pub const PLOT_TOP: f64 = 12.0;
pub const PLOT_RIGHT: f64 = 12.0;

/// One measured run of the sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    pub pool: usize,
    pub wall_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SweepAnalysis {
    /// Measured speedup at each pool size against the pool-size-1 run: (pool, speedup).
    pub speedup: Vec<(usize, f64)>,
    /// Serial fraction f of Amdahl's law on this machine, S(p) = 1 / (f + (1 - f) / min(p,
    /// cores)) (`amdahl_on`), least-squares fitted to the measured speedups, in [0, 1]. Past
    /// the cores more threads only take turns, so perfectly parallel work reads 0 however
    /// far the sweep goes. `None` when no point says anything about f: none with two or more
    /// threads on two or more cores.
    pub amdahl_serial_fraction: Option<f64>,
    /// The core count the fit assumed; 0 when not known (then nothing is capped).
    pub cores: usize,
    /// Karp–Flatt experimentally determined serial fraction e(p) = (1/S - 1/p) / (1 - 1/p) for
    /// each p ≥ 2. Not clamped: below 0 means superlinear, above 1 means slower than serial.
    pub karp_flatt: Vec<(usize, f64)>,
    /// One-number summary: the Karp–Flatt estimate at the largest pool size that is not above
    /// `cores` (or at the largest p ≥ 2 if none); None if fewer than two points.
    pub serial_fraction_estimate: Option<f64>,
    /// The pool size with the best measured speedup; the smaller pool on a tie.
    pub best_pool: usize,
}

/// Analyses a sweep; None unless there is a point with pool == 1 and at least one other point.
/// Points may come in any order; duplicates of a pool size keep the fastest. Points with pool 0
/// or a wall time that is not a positive finite number are ignored: no speedup comes from them.
pub fn analyse(points: &[SweepPoint], cores: usize) -> Option<SweepAnalysis> {
    // (pool, fastest wall) by pool size; a sorted Vec, not a map: smaller wasm, same order.
    let mut fastest: Vec<(usize, f64)> = points
        .iter()
        .filter(|p| p.pool >= 1 && p.wall_ms.is_finite() && p.wall_ms > 0.0)
        .map(|p| (p.pool, p.wall_ms))
        .collect();
    fastest.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    fastest.dedup_by_key(|p| p.0);
    let base = fastest.first().filter(|p| p.0 == 1)?.1;
    if fastest.len() < 2 {
        return None;
    }
    let speedup: Vec<(usize, f64)> = fastest.iter().map(|&(p, w)| (p, base / w)).collect();
    let karp_flatt: Vec<(usize, f64)> = speedup
        .iter()
        .filter(|(p, _)| *p >= 2)
        .map(|&(p, s)| {
            let p_f = p as f64;
            (p, (1.0 / s - 1.0 / p_f) / (1.0 - 1.0 / p_f))
        })
        .collect();
    let serial_fraction_estimate = karp_flatt
        .iter()
        .rev()
        .find(|(p, _)| *p <= cores)
        .or(karp_flatt.last())
        .map(|&(_, e)| e);
    // Strictly greater keeps the first, smallest pool on a tie: fewer workers for the same gain.
    let best_pool = speedup
        .iter()
        .fold((1, f64::NEG_INFINITY), |best, &(p, s)| {
            if s > best.1 {
                (p, s)
            } else {
                best
            }
        })
        .0;
    let informative = speedup
        .iter()
        .any(|&(p, _)| effective_pool(p as f64, cores) >= 2.0);
    Some(SweepAnalysis {
        amdahl_serial_fraction: informative.then(|| fit_serial_fraction(&speedup, cores)),
        cores,
        speedup,
        karp_flatt,
        serial_fraction_estimate,
        best_pool,
    })
}

/// Amdahl's predicted speedup for serial fraction f on p workers.
pub fn amdahl(f: f64, p: f64) -> f64 {
    // The same as 1 / (f + (1 - f) / p), but exact at f = 0 and f = 1 for whole p.
    p / (1.0 + f * (p - 1.0))
}

/// Amdahl's law on a machine with `cores` cores: threads past the cores add nothing.
pub fn amdahl_on(f: f64, p: f64, cores: usize) -> f64 {
    amdahl(f, effective_pool(p, cores))
}

/// The threads that can run at once: the pool, capped at the cores when their count is known.
fn effective_pool(p: f64, cores: usize) -> f64 {
    if cores == 0 {
        p
    } else {
        p.min(cores as f64)
    }
}

fn squared_error(speedup: &[(usize, f64)], f: f64, cores: usize) -> f64 {
    speedup
        .iter()
        .map(|&(p, s)| (s - amdahl_on(f, p as f64, cores)).powi(2))
        .sum()
}

/// Least-squares f in [0, 1]. The error need not be unimodal on noisy data, so a fine scan finds
/// the right valley first and golden-section search only polishes inside it.
fn fit_serial_fraction(speedup: &[(usize, f64)], cores: usize) -> f64 {
    const SCAN: usize = 1000;
    let err = |f: f64| squared_error(speedup, f, cores);
    let best = (0..=SCAN)
        .map(|i| i as f64 / SCAN as f64)
        .fold((0.0, f64::INFINITY), |best, f| {
            let e = err(f);
            if e < best.1 {
                (f, e)
            } else {
                best
            }
        });
    let step = 1.0 / SCAN as f64;
    let (mut lo, mut hi) = ((best.0 - step).max(0.0), (best.0 + step).min(1.0));
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
    let (mut ea, mut eb) = (err(a), err(b));
    for _ in 0..60 {
        if ea <= eb {
            hi = b;
            (b, eb) = (a, ea);
            a = hi - ratio * (hi - lo);
            ea = err(a);
        } else {
            lo = a;
            (a, ea) = (b, eb);
            b = lo + ratio * (hi - lo);
            eb = err(b);
        }
    }
    let polished = (lo + hi) / 2.0;
    // Keep the grid answer unless polishing really helped: exact ends like f = 1 stay exact.
    let f = if err(polished) < best.1 {
        polished
    } else {
        best.0
    };
    f.clamp(0.0, 1.0)
}

/// Geometry of the speedup plot, in CSS pixels, for an SVG drawn by the page.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPlot {
    pub width: f64,
    pub height: f64,
    /// Plot area: left, top, right, bottom edges.
    pub area: (f64, f64, f64, f64),
    /// Measured points as (x, y) with their pool size.
    pub measured: Vec<(f64, f64, usize)>,
    /// Polylines as SVG `points` attribute strings ("x1,y1 x2,y2 …"): ideal S = p (clipped to
    /// the plot's top), and the fitted model (`amdahl_on`, flat past the cores) sampled finely
    /// from p = 1 to P; empty when nothing was fitted.
    pub ideal: String,
    pub amdahl: String,
    /// Axis ticks: x at every pool size (label "1", "2", …); y at round speedups ("1×", "2×").
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// A vertical marker at x for the core count, if it lies within 1..=P.
    pub cores_x: Option<f64>,
}

/// The plot of `analysis`, whose fit also decides the core marker: the curve and the marker
/// cannot disagree about the cores.
pub fn plot(analysis: &SweepAnalysis, width: f64, height: f64) -> SweepPlot {
    let cores = analysis.cores;
    // Never narrower than the margins plus a sliver, so the area keeps a positive size.
    let width = finite_at_least(width, PLOT_LEFT + PLOT_RIGHT + 10.0);
    let height = finite_at_least(height, PLOT_TOP + PLOT_BOTTOM + 10.0);
    let (left, top, right, bottom) = (
        PLOT_LEFT,
        PLOT_TOP,
        width - PLOT_RIGHT,
        height - PLOT_BOTTOM,
    );
    let max_pool = analysis.speedup.iter().map(|&(p, _)| p).max().unwrap_or(1);
    // The axis always reaches S = P, so the ideal line shows how far short the runs fell.
    let top_raw = analysis
        .speedup
        .iter()
        .map(|&(_, s)| s)
        .filter(|s| s.is_finite())
        .fold(max_pool as f64, f64::max);
    // About one y tick per 40 px; whole steps, so the labels read as plain multiples.
    let step = tick_step(top_raw, ((bottom - top) / 40.0).floor()).max(1.0);
    let y_max = (top_raw / step - 1e-9).ceil().max(1.0) * step;
    let x_span = (max_pool as f64 - 1.0).max(1.0);
    let x_of = |p: f64| left + (p - 1.0) / x_span * (right - left);
    let y_of = |s: f64| (bottom - s / y_max * (bottom - top)).clamp(top, bottom);

    let measured = analysis
        .speedup
        .iter()
        .filter(|(_, s)| s.is_finite())
        .map(|&(p, s)| (x_of(p as f64), y_of(s), p))
        .collect();
    let ideal_end = (max_pool as f64).min(y_max);
    let ideal = polyline([1.0, ideal_end].into_iter().map(|p| (x_of(p), y_of(p))));
    let samples = (max_pool.saturating_sub(1).max(1) * 16).min(512);
    let amdahl_line = analysis
        .amdahl_serial_fraction
        .map(|f| {
            polyline((0..=samples).map(|i| {
                let p = 1.0 + (max_pool as f64 - 1.0) * i as f64 / samples as f64;
                (x_of(p), y_of(amdahl_on(f, p, cores)))
            }))
        })
        .unwrap_or_default();
    let x_ticks = (1..=max_pool)
        .map(|p| (x_of(p as f64), p.to_string()))
        .collect();
    let y_ticks = (0..)
        .map(|i| i as f64 * step)
        .take_while(|s| *s <= y_max + step * 1e-9)
        .map(|s| (y_of(s), format!("{}×", round_label(s))))
        .collect();
    SweepPlot {
        width,
        height,
        area: (left, top, right, bottom),
        measured,
        ideal,
        amdahl: amdahl_line,
        x_ticks,
        y_ticks,
        cores_x: (1..=max_pool).contains(&cores).then(|| x_of(cores as f64)),
    }
}

fn finite_at_least(v: f64, min: f64) -> f64 {
    if v.is_finite() {
        v.max(min)
    } else {
        min
    }
}

fn polyline(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (x, y) in points {
        let sep = if out.is_empty() { "" } else { " " };
        // Writing to a String cannot fail.
        let _ = write!(out, "{sep}{x:.2},{y:.2}");
    }
    out
}

fn round_label(v: f64) -> String {
    let s = crate::view::figure::fixed(v, 2);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The pool sizes a sweep of `mode` runs, and what stopped it short of twice the cores.
#[derive(Clone, Debug, PartialEq)]
pub struct Sizes {
    pub sizes: Vec<usize>,
    /// Why the sweep ends before twice the cores, for the page.
    pub capped: Option<String>,
}

/// From 1 to twice `cores`, as far as `mode` can really go: the worker-pool modes stop at the
/// pool's `pool_threads` workers, every mode at `MAX_THREADS`. Past that the sweep would run
/// the same size again under another name.
pub fn sizes(cores: usize, pool_threads: usize, mode: Mode) -> Sizes {
    let wanted = 2 * cores.max(1);
    let (limit, why) = match mode {
        Mode::Threads | Mode::Gil if pool_threads < wanted.min(MAX_THREADS) => (
            pool_threads.max(1),
            format!("the worker pool has {pool_threads} workers"),
        ),
        _ => (
            MAX_THREADS,
            format!("a pool has at most {MAX_THREADS} threads"),
        ),
    };
    Sizes {
        sizes: (1..=wanted.min(limit)).collect(),
        capped: (limit < wanted).then(|| {
            format!("The sweep stops at {limit} rather than twice the {cores} cores: {why}.")
        }),
    }
}

#[cfg(test)]
mod tests;
