//! Circle tessellation from a chord tolerance (`docs/design-rules.md`,
//! Tessellation).
//!
//! Material that turns inside a cavity is **inscribed** (vertices on the
//! nominal circle, so the mesh lies inside the nominal solid) and cavities are
//! **circumscribed** (edges tangent to the nominal circle, so the mesh air
//! contains the nominal air). A pin and its bore share one segment count, and
//! the bore's vertices sit at the half-step angles: each bore edge then
//! touches the nominal bore circle exactly where a pin vertex lies, and the
//! smallest mesh gap equals the nominal clearance, at any rotation of the pin.

use super::math::{Point, Point2};
use std::f64::consts::PI;

/// Largest segment count we ever emit (guards against absurd tolerances).
pub const MAX_SEGMENTS: usize = 4096;

/// Segment count for a full circle of radius `r` so that the sagitta (chord
/// error) stays within `tol`: `ceil(pi / acos(1 - tol / r))`, rounded up to a
/// multiple of 4 so extremes lie on the X and Y axes, at least 8.
pub fn segments_for(r: f64, tol: f64) -> usize {
    assert!(
        r > 0.0 && tol > 0.0,
        "radius and tolerance must be positive"
    );
    let n = if tol >= r {
        3.0
    } else {
        (PI / (1.0 - tol / r).acos()).ceil()
    };
    let n = (n as usize).clamp(8, MAX_SEGMENTS);
    n.div_ceil(4) * 4
}

/// Shortest edge, in mm, of a circle that a slicer cuts across (a vertical
/// axis, so the circle is in every layer's outline).
///
/// PrusaSlicer's Arachne wall generator (and CuraEngine) simplify outlines
/// and wall paths: a vertex whose segment to the last kept vertex is
/// shorter than `meshfix_maximum_resolution` (0.5 mm) is dropped when the
/// path moves less than `meshfix_maximum_deviation` (0.025 mm). On a round
/// bore the walls then cut chords into the air and the printed gap loses
/// 0.015-0.03 mm; finer facets lose more. Edges of at least 0.55 mm (10 %
/// over the slicers' 0.5) are kept as they are, so the printed gap is the
/// nominal one. See docs/slicer-gap.md.
pub const MIN_SLICED_EDGE: f64 = 0.55;

/// Segment count for circles cut by every layer: [`segments_for`] of the
/// largest radius `r_max`, but no more than keeps every edge of the
/// smallest circle `r_min` at least [`MIN_SLICED_EDGE`] long (a multiple of
/// 4, at least 8). Faceting error may then exceed `tol` (at most about
/// 0.016 mm at r = 2.5); it never eats a gap, because moving material is
/// inscribed and air circumscribed.
pub fn segments_for_sliced(r_min: f64, r_max: f64, tol: f64) -> usize {
    let wanted = segments_for(r_max, tol);
    let half = (MIN_SLICED_EDGE / (2.0 * r_min)).min(1.0);
    // Edge of an inscribed n-gon: 2 r sin(pi / n) >= MIN_SLICED_EDGE.
    let cap = ((PI / half.asin()).floor() as usize / 4 * 4).max(8);
    wanted.min(cap)
}

/// Which side of the nominal circle the polygon keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Vertices on the circle at angles `2 pi k / n` (material).
    Inscribed,
    /// Edges tangent to the circle, vertices at the half-step angles
    /// `(2k + 1) pi / n` and radius `r / cos(pi / n)` (cavities).
    Circumscribed,
}

/// The `n` vertices of a circle of radius `r` around `centre`, counter-clockwise
/// from angle 0 (inscribed) or from the first half step (circumscribed).
pub fn polygon(centre: Point2, r: f64, n: usize, fit: Fit) -> Vec<Point2> {
    let step = 2.0 * PI / n as f64;
    let (phase, radius) = match fit {
        Fit::Inscribed => (0.0, r),
        Fit::Circumscribed => (step / 2.0, r / (step / 2.0).cos()),
    };
    (0..n)
        .map(|k| {
            let a = phase + step * k as f64;
            Point2::new(centre.x + radius * a.cos(), centre.y + radius * a.sin())
        })
        .collect()
}

/// The polygon of [`polygon`] lifted to height `z`.
pub fn ring(centre: Point2, r: f64, n: usize, fit: Fit, z: f64) -> Vec<Point> {
    polygon(centre, r, n, fit)
        .into_iter()
        .map(|p| Point::new(p.x, p.y, z))
        .collect()
}

/// Points of an arc of radius `r` around `centre` from angle `a0` to `a1`
/// (radians, counter-clockwise when `a1 > a0`), both end points on the arc,
/// with the step no larger than a full circle of `n` segments would use.
///
/// Inscribed: every vertex on the arc. Circumscribed: the end points on the
/// arc (they are the tangent points of the straight lines that join it),
/// interior vertices at half steps with radius `r / cos(delta / 2)`, so every
/// edge is tangent to the arc.
pub fn arc(centre: Point2, r: f64, a0: f64, a1: f64, n: usize, fit: Fit) -> Vec<Point2> {
    let span = a1 - a0;
    let k = ((span.abs() / (2.0 * PI / n as f64)) - 1e-9)
        .ceil()
        .max(1.0) as usize;
    let delta = span / k as f64;
    let at = |a: f64, rr: f64| Point2::new(centre.x + rr * a.cos(), centre.y + rr * a.sin());
    match fit {
        Fit::Inscribed => (0..=k).map(|i| at(a0 + delta * i as f64, r)).collect(),
        Fit::Circumscribed => {
            let rr = r / (delta / 2.0).cos();
            let mut pts = vec![at(a0, r)];
            pts.extend((0..k).map(|i| at(a0 + delta * (i as f64 + 0.5), rr)));
            pts.push(at(a1, r));
            pts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_counts_match_the_reference_table() {
        // The sagitta formula's values (e = 0.005 / 0.01 / 0.02); the e = 0.01
        // column is in docs/design-rules.md, Tessellation.
        let table = [
            (1.0, [32, 24, 16]),
            (2.0, [48, 32, 24]),
            (2.5, [52, 36, 28]),
            (2.8, [56, 40, 28]),
            (4.0, [64, 48, 32]),
            (5.0, [72, 52, 36]),
            (10.0, [100, 72, 52]),
        ];
        for (r, ns) in table {
            for (tol, n) in [0.005, 0.01, 0.02].into_iter().zip(ns) {
                assert_eq!(segments_for(r, tol), n, "r = {r}, tol = {tol}");
            }
        }
    }

    #[test]
    fn sagitta_within_tolerance() {
        for &(r, tol) in &[(2.5, 0.01), (4.1, 0.001), (0.5, 0.05)] {
            let n = segments_for(r, tol) as f64;
            assert!(r * (1.0 - (PI / n).cos()) <= tol);
        }
    }

    #[test]
    fn circumscribed_edges_touch_the_circle_where_inscribed_vertices_lie() {
        let c = Point2::origin();
        let n = 36;
        let pin = polygon(c, 2.5, n, Fit::Inscribed);
        let bore = polygon(c, 2.7, n, Fit::Circumscribed);
        for k in 0..n {
            // Bore edge k-1 -> k spans the pin vertex k; its midpoint is the
            // tangent point at the pin vertex's angle.
            let a = bore[(k + n - 1) % n];
            let b = bore[k];
            let mid = Point2::from((a.coords + b.coords) / 2.0);
            assert!((mid.coords.norm() - 2.7).abs() < 1e-12);
            let dir = mid.coords.normalize();
            let pdir = pin[k].coords.normalize();
            assert!((dir - pdir).norm() < 1e-12);
        }
    }

    #[test]
    fn circumscribed_arc_edges_are_tangent() {
        let c = Point2::new(1.0, 2.0);
        let pts = arc(c, 3.0, 0.3, 2.0, 40, Fit::Circumscribed);
        for w in pts.windows(2) {
            // Distance from the centre to each edge's line equals r.
            let d = w[1] - w[0];
            let n = nalgebra::Vector2::new(-d.y, d.x).normalize();
            assert!(((w[0] - c).dot(&n).abs() - 3.0).abs() < 1e-12);
        }
        let ins = arc(c, 3.0, 0.3, 2.0, 40, Fit::Inscribed);
        assert!(ins.iter().all(|p| ((p - c).norm() - 3.0).abs() < 1e-12));
        assert_eq!(ins.len(), pts.len() - 1);
    }

    #[test]
    fn sliced_circles_keep_edges_slicers_do_not_merge() {
        for &(r, tol) in &[(2.5, 0.01), (2.5, 0.0001), (3.0, 0.001), (10.0, 0.01)] {
            let n = segments_for_sliced(r, r + 1.5, tol);
            let edge = 2.0 * r * (PI / n as f64).sin();
            assert!(
                edge >= MIN_SLICED_EDGE,
                "r {r} tol {tol}: n {n} edge {edge}"
            );
            assert_eq!(n % 4, 0);
        }
        // A coarse tolerance is kept as asked.
        assert_eq!(segments_for_sliced(2.5, 3.5, 0.05), segments_for(3.5, 0.05));
        // The pin gauge's default: 28 segments on a 2.5 mm pin.
        assert_eq!(segments_for_sliced(2.5, 3.64, 0.01), 28);
    }
}
