//! Tests for `sweep`: fits recovered from synthetic sweeps, and plot geometry that stays in bounds.

use super::*;
use proptest::prelude::*;

fn pt(pool: usize, wall_ms: f64) -> SweepPoint {
    SweepPoint { pool, wall_ms }
}

/// A clean sweep that follows Amdahl's law exactly, from a 1000 ms serial run.
fn synthetic(f: f64, pools: usize) -> Vec<SweepPoint> {
    (1..=pools)
        .map(|p| pt(p, 1000.0 / amdahl(f, p as f64)))
        .collect()
}

/// Every "x,y" pair of an SVG points string, or a message naming what did not parse.
fn parse_polyline(s: &str) -> Result<Vec<(f64, f64)>, String> {
    s.split(' ')
        .map(|pair| {
            let (x, y) = pair
                .split_once(',')
                .ok_or(format!("no comma in {pair:?}"))?;
            let x: f64 = x.parse().map_err(|_| format!("bad x in {pair:?}"))?;
            let y: f64 = y.parse().map_err(|_| format!("bad y in {pair:?}"))?;
            if x.is_finite() && y.is_finite() {
                Ok((x, y))
            } else {
                Err(format!("not finite: {pair:?}"))
            }
        })
        .collect()
}

fn inside(area: (f64, f64, f64, f64), x: f64, y: f64) -> bool {
    let (l, t, r, b) = area;
    x >= l - 1e-9 && x <= r + 1e-9 && y >= t - 1e-9 && y <= b + 1e-9
}

#[test]
fn amdahl_is_linear_without_a_serial_part_and_flat_with_only_one() {
    for p in 1..=64 {
        let p = p as f64;
        assert_eq!(amdahl(0.0, p), p);
        assert_eq!(amdahl(1.0, p), 1.0);
    }
    assert!((amdahl(0.5, 2.0) - 4.0 / 3.0).abs() < 1e-12);
}

#[test]
fn clean_data_gives_back_its_serial_fraction_by_fit_and_by_karp_flatt() {
    for f in [0.1, 0.3] {
        let a = analyse(&synthetic(f, 8), 8).unwrap();
        let fit = a.amdahl_serial_fraction.unwrap();
        assert!((fit - f).abs() < 1e-6, "fit {fit} for f = {f}");
        assert_eq!(a.karp_flatt.len(), 7);
        for &(p, e) in &a.karp_flatt {
            assert!(
                (e - f).abs() < 1e-9,
                "Karp–Flatt {e} at p = {p} for f = {f}"
            );
        }
        assert!((a.serial_fraction_estimate.unwrap() - f).abs() < 1e-9);
        assert_eq!(a.best_pool, 8, "Amdahl speedup still grows at every p");
        assert_eq!(a.speedup[0], (1, 1.0));
    }
}

#[test]
fn oversubscribed_noisy_sweeps_fit_within_bounds_and_peak_at_the_cores() {
    // Four cores: speedup climbs, peaks, then falls as threads fight over the cores.
    let walls = [1000.0, 540.0, 380.0, 300.0, 330.0, 360.0, 410.0, 450.0];
    let points: Vec<SweepPoint> = walls
        .iter()
        .enumerate()
        .map(|(i, &w)| pt(i + 1, w))
        .collect();
    let a = analyse(&points, 4).unwrap();
    assert!((0.0..=1.0).contains(&a.amdahl_serial_fraction.unwrap()));
    assert_eq!(a.best_pool, 4);
    let e4 = a.karp_flatt.iter().find(|(p, _)| *p == 4).unwrap().1;
    assert_eq!(
        a.serial_fraction_estimate,
        Some(e4),
        "read at the core count"
    );
    assert!(a.speedup.iter().any(|&(_, s)| s < 3.0));

    // Worse than serial everywhere: the fit pins to f = 1, yet the speedups stay visible.
    let slower = [pt(1, 100.0), pt(2, 150.0), pt(3, 200.0)];
    let a = analyse(&slower, 2).unwrap();
    assert_eq!(a.amdahl_serial_fraction, Some(1.0));
    assert_eq!(a.best_pool, 1);
    assert!(a.speedup.iter().all(|&(_, s)| s <= 1.0));
    let pl = plot(&a, 300.0, 200.0);
    assert!(pl.measured.iter().all(|&(x, y, _)| inside(pl.area, x, y)));
    assert!(
        pl.measured[2].1 > pl.measured[0].1,
        "below 1× is drawn lower"
    );
}

#[test]
fn the_estimate_falls_back_to_the_largest_pool_without_one_at_or_under_the_cores() {
    let a = analyse(&synthetic(0.2, 4), 1).unwrap();
    assert_eq!(
        a.serial_fraction_estimate,
        Some(a.karp_flatt.last().unwrap().1)
    );
    let a = analyse(&synthetic(0.2, 4), 3).unwrap();
    assert_eq!(a.serial_fraction_estimate, Some(a.karp_flatt[1].1));
}

#[test]
fn without_a_serial_run_or_a_second_point_there_is_nothing_to_say() {
    assert_eq!(analyse(&[], 4), None);
    assert_eq!(analyse(&[pt(1, 100.0)], 4), None);
    assert_eq!(analyse(&[pt(1, 100.0), pt(1, 90.0)], 4), None);
    assert_eq!(analyse(&[pt(2, 60.0), pt(3, 40.0)], 4), None);
    assert_eq!(analyse(&[pt(1, f64::NAN), pt(2, 60.0)], 4), None);
    assert_eq!(analyse(&[pt(1, 100.0), pt(0, 60.0)], 4), None);
}

#[test]
fn duplicates_keep_the_fastest_and_order_does_not_matter() {
    let a = analyse(
        &[
            pt(2, 80.0),
            pt(1, 120.0),
            pt(2, 50.0),
            pt(1, 100.0),
            pt(2, 70.0),
        ],
        4,
    )
    .unwrap();
    assert_eq!(a.speedup, vec![(1, 1.0), (2, 2.0)]);
    assert_eq!(a.best_pool, 2);
}

#[test]
fn the_plot_keeps_points_inside_and_lines_parse() {
    let a = analyse(&synthetic(0.1, 8), 8).unwrap();
    let pl = plot(&a, 480.0, 240.0);
    assert_eq!(pl.area, (36.0, 12.0, 468.0, 216.0));
    assert_eq!(pl.measured.len(), 8);
    assert!(pl.measured.iter().all(|&(x, y, _)| inside(pl.area, x, y)));
    assert!(
        pl.measured
            .windows(2)
            .all(|w| w[1].0 > w[0].0 && w[1].1 < w[0].1),
        "more workers go right, more speedup goes up"
    );
    let xs: Vec<&str> = pl.x_ticks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(xs, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    for (tick, point) in pl.x_ticks.iter().zip(&pl.measured) {
        assert!((tick.0 - point.0).abs() < 1e-9);
    }
    assert!(pl.y_ticks.iter().any(|(_, l)| l == "2×"));
    assert!(pl.y_ticks.iter().all(|&(y, _)| inside(pl.area, 36.0, y)));

    let ideal = parse_polyline(&pl.ideal).unwrap();
    let curve = parse_polyline(&pl.amdahl).unwrap();
    let (x1, y1, _) = pl.measured[0];
    assert!((ideal[0].0 - x1).abs() < 0.01 && (ideal[0].1 - y1).abs() < 0.01);
    assert!((curve[0].0 - x1).abs() < 0.01 && (curve[0].1 - y1).abs() < 0.01);
    assert!(curve.len() > 50, "sampled finely: {}", curve.len());
    assert!(ideal
        .iter()
        .chain(&curve)
        .all(|&(x, y)| inside(pl.area, x, y)));
    // Clean data lies on the fitted curve, so its last sample is the last point.
    let (x8, y8, _) = pl.measured[7];
    let end = curve.last().unwrap();
    assert!((end.0 - x8).abs() < 0.01 && (end.1 - y8).abs() < 0.1);
    // The ideal line ends above the fitted curve: S = 8 beats Amdahl's 4.7.
    assert!(ideal.last().unwrap().1 < end.1);

    assert_eq!(pl.cores_x, Some(pl.x_ticks[7].0));
    let on = |cores| plot(&analyse(&synthetic(0.1, 8), cores).unwrap(), 480.0, 240.0);
    assert_eq!(on(4).cores_x, Some(pl.x_ticks[3].0));
    assert_eq!(on(16).cores_x, None);
    assert_eq!(on(0).cores_x, None);
}

#[test]
fn superlinear_speedup_raises_the_axis_and_degenerate_sizes_stay_finite() {
    let a = analyse(&[pt(1, 1000.0), pt(2, 100.0)], 2).unwrap();
    let pl = plot(&a, 300.0, 200.0);
    let (_, last) = pl.y_ticks.last().unwrap();
    let top: f64 = last.trim_end_matches('×').parse().unwrap();
    assert!(top >= 10.0, "the axis reaches the 10× point: {last}");
    assert!(pl.measured.iter().all(|&(x, y, _)| inside(pl.area, x, y)));

    for (w, h) in [(0.0, 0.0), (f64::NAN, f64::INFINITY), (-5.0, 3.0)] {
        let pl = plot(&a, w, h);
        let (l, t, r, b) = pl.area;
        assert!(r > l && b > t && pl.width.is_finite() && pl.height.is_finite());
        parse_polyline(&pl.ideal).unwrap();
        parse_polyline(&pl.amdahl).unwrap();
    }
}

/// A sweep from 1 to `pools` threads that follows Amdahl's law with serial fraction `f` on
/// `cores` cores: past the cores the speedup stays where it got.
fn synthetic_on(f: f64, cores: usize, pools: usize) -> Vec<SweepPoint> {
    (1..=pools)
        .map(|p| pt(p, 1000.0 / amdahl(f, p.min(cores) as f64)))
        .collect()
}

#[test]
fn perfectly_parallel_work_on_two_cores_fits_no_serial_part() {
    // Speedups 1, 2, 2, 2: the cores ran out, not the parallel work.
    let points = [pt(1, 100.0), pt(2, 50.0), pt(3, 50.0), pt(4, 50.0)];
    let a = analyse(&points, 2).unwrap();
    let f = a.amdahl_serial_fraction.unwrap();
    assert!(f < 0.01, "fitted serial fraction {f}");
    // Blind to the cores, the same points would read as a large serial part.
    assert!(analyse(&points, 0).unwrap().amdahl_serial_fraction.unwrap() > 0.2);
}

#[test]
fn a_known_serial_fraction_is_recovered_with_flat_points_past_the_cores() {
    let a = analyse(&synthetic_on(0.2, 4, 8), 4).unwrap();
    let f = a.amdahl_serial_fraction.unwrap();
    assert!((f - 0.2).abs() < 0.01, "fitted {f}");
    // A little noise does not move it far.
    let noisy: Vec<SweepPoint> = synthetic_on(0.2, 4, 8)
        .into_iter()
        .enumerate()
        .map(|(i, p)| pt(p.pool, p.wall_ms * if i % 2 == 0 { 1.01 } else { 0.99 }))
        .collect();
    let f = analyse(&noisy, 4).unwrap().amdahl_serial_fraction.unwrap();
    assert!((f - 0.2).abs() < 0.05, "fitted {f} on noisy points");
}

#[test]
fn the_curve_drawn_is_the_fitted_model_flat_past_the_cores() {
    let a = analyse(&synthetic_on(0.2, 4, 8), 4).unwrap();
    let pl = plot(&a, 480.0, 240.0);
    let curve = parse_polyline(&pl.amdahl).unwrap();
    // Every measured point lies on the curve, those past the cores included.
    for &(x, y, _) in &pl.measured {
        let nearest = curve
            .iter()
            .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
            .unwrap();
        assert!(
            (nearest.0 - x).abs() < 0.5 && (nearest.1 - y).abs() < 0.5,
            "({x}, {y})"
        );
    }
    let past: Vec<f64> = curve
        .iter()
        .filter(|(x, _)| *x >= pl.cores_x.unwrap())
        .map(|p| p.1)
        .collect();
    assert!(
        past.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-9),
        "flat past the cores"
    );
}

#[test]
fn one_core_leaves_nothing_to_fit_and_nothing_to_draw() {
    let a = analyse(&[pt(1, 100.0), pt(2, 100.0), pt(3, 101.0)], 1).unwrap();
    assert_eq!(a.amdahl_serial_fraction, None);
    assert_eq!(plot(&a, 300.0, 200.0).amdahl, "");
}

proptest! {
    #[test]
    fn any_positive_sweep_analyses_and_plots_finitely(
        walls in prop::collection::vec(1.0f64..10_000.0, 2..=8),
        cores in 0usize..=16,
        width in 100.0f64..1600.0,
        height in 80.0f64..800.0,
    ) {
        let points: Vec<SweepPoint> =
            walls.iter().enumerate().map(|(i, &w)| pt(i + 1, w)).collect();
        let a = analyse(&points, cores).unwrap();
        // Only one core (or one point past pool 1 with one core): nothing to fit.
        prop_assert_eq!(a.amdahl_serial_fraction.is_some(), cores != 1);
        if let Some(f) = a.amdahl_serial_fraction {
            prop_assert!((0.0..=1.0).contains(&f), "f = {}", f);
        }
        prop_assert!(a.serial_fraction_estimate.is_some_and(f64::is_finite));
        prop_assert!(a.speedup.iter().any(|&(p, _)| p == a.best_pool));

        let pl = plot(&a, width, height);
        for &(x, y, _) in &pl.measured {
            prop_assert!(inside(pl.area, x, y), "({}, {}) outside {:?}", x, y, pl.area);
        }
        let ticks = pl.x_ticks.iter().chain(&pl.y_ticks).map(|t| t.0);
        prop_assert!(ticks.chain(pl.cores_x).all(f64::is_finite));
        prop_assert_eq!(pl.x_ticks.len(), walls.len());
        prop_assert_eq!(pl.amdahl.is_empty(), a.amdahl_serial_fraction.is_none());
        for line in [&pl.ideal, &pl.amdahl].into_iter().filter(|l| !l.is_empty()) {
            let pairs = parse_polyline(line);
            prop_assert!(pairs.is_ok(), "{:?}", pairs);
        }
    }
}

#[test]
fn a_sweep_goes_to_twice_the_cores_or_as_far_as_the_pool_really_goes() {
    assert_eq!(
        sizes(2, 4, Mode::Threads),
        Sizes {
            sizes: vec![1, 2, 3, 4],
            capped: None
        }
    );
    let small_pool = sizes(4, 3, Mode::Gil);
    assert_eq!(small_pool.sizes, vec![1, 2, 3]);
    assert!(small_pool
        .capped
        .unwrap()
        .contains("the worker pool has 3 workers"));
    // Processes are not pool workers: only the cap on threads stops them.
    assert_eq!(sizes(4, 3, Mode::Processes).sizes.len(), 8);
    let many_cores = sizes(24, 64, Mode::Threads);
    assert_eq!(
        many_cores.sizes.len(),
        MAX_THREADS,
        "never the same size twice"
    );
    assert!(many_cores.capped.unwrap().contains("at most 32"));
}
