//! Closed solids from simple descriptions: a box, a surface of revolution
//! from an (r, z) profile, and the extrusion of a polygon with a hole.
//!
//! Each is watertight by construction (vertices shared by exact position
//! through [`MeshBuilder`]) and wound outwards. The coupons build their
//! parts from the same pieces (ring stitches, fans, annuli) where they need
//! finer control, such as a slot cut into a pin's top.

use super::build::{MeshBuilder, angle_around, at_z};
use super::circle::{Fit, polygon};
use super::math::{Point, Point2};
use super::mesh::Mesh;
use super::polygon::triangulate;

/// Axis-aligned box from `min` to `max`.
pub fn cuboid(min: Point, max: Point) -> Mesh {
    let mut mb = MeshBuilder::new();
    let c = |x: f64, y: f64, z: f64| Point::new(x, y, z);
    let (a, b) = (min, max);
    let v = mb.vertices(&[
        c(a.x, a.y, a.z),
        c(b.x, a.y, a.z),
        c(b.x, b.y, a.z),
        c(a.x, b.y, a.z),
        c(a.x, a.y, b.z),
        c(b.x, a.y, b.z),
        c(b.x, b.y, b.z),
        c(a.x, b.y, b.z),
    ]);
    for [p, q, r, s] in [
        [0, 3, 2, 1],
        [4, 5, 6, 7],
        [0, 1, 5, 4],
        [1, 2, 6, 5],
        [2, 3, 7, 6],
        [3, 0, 4, 7],
    ] {
        mb.quad(v[p], v[q], v[r], v[s]);
    }
    mb.finish()
}

/// The solid of revolution about the vertical axis through `centre` of a
/// profile of (r, z) points, bottom first, z strictly increasing, r > 0.
/// Rings are regular `n`-gons, inscribed (material that turns inside a
/// cavity) or circumscribed (a cavity's shape), all in one phase, so every
/// cross-section between two rings keeps the same fit. The ends are capped
/// with fans.
pub fn revolve(centre: Point2, profile: &[(f64, f64)], n: usize, fit: Fit) -> Mesh {
    assert!(profile.len() >= 2, "a profile needs two points");
    let mut mb = MeshBuilder::new();
    let rings: Vec<Vec<u32>> = profile
        .iter()
        .map(|&(r, z)| mb.vertices(&at_z(&polygon(centre, r, n, fit), z)))
        .collect();
    let bottom: Vec<u32> = rings[0].iter().rev().copied().collect();
    mb.fan(&bottom);
    for w in rings.windows(2) {
        mb.stitch(&w[0], &w[1], angle_around(centre));
    }
    mb.fan(rings.last().expect("two rings"));
    mb.finish()
}

/// A prism from `z0` to `z1` over the counter-clockwise polygon `outline`,
/// minus an optional counter-clockwise `hole` strictly inside it.
pub fn extrude(outline: &[Point2], hole: &[Point2], z0: f64, z1: f64) -> Mesh {
    let mut mb = MeshBuilder::new();
    let tris = triangulate(outline, hole);
    let loops: Vec<&[Point2]> = if hole.is_empty() {
        vec![outline]
    } else {
        vec![outline, hole]
    };
    let all: Vec<Point2> = outline.iter().chain(hole.iter()).copied().collect();
    let bot = mb.vertices(&at_z(&all, z0));
    let top = mb.vertices(&at_z(&all, z1));
    for t in &tris {
        mb.triangle(top[t[0]], top[t[1]], top[t[2]]);
        mb.triangle(bot[t[0]], bot[t[2]], bot[t[1]]);
    }
    // Side walls: the outline faces out; the hole (also counter-clockwise)
    // faces into the hole, i.e. out of the material, with the same rule
    // taken in reverse.
    let mut base = 0;
    for (k, l) in loops.iter().enumerate() {
        let m = l.len();
        for i in 0..m {
            let (a, b) = (base + i, base + (i + 1) % m);
            if k == 0 {
                mb.quad(bot[a], bot[b], top[b], top[a]);
            } else {
                mb.quad(bot[b], bot[a], top[a], top[b]);
            }
        }
        base += m;
    }
    mb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;
    use std::f64::consts::PI;

    /// Area of a regular n-gon with circumradius r.
    fn ngon_area(r: f64, n: usize) -> f64 {
        0.5 * n as f64 * r * r * (2.0 * PI / n as f64).sin()
    }

    #[test]
    fn cuboid_is_closed_with_exact_volume() {
        let m = cuboid(Point::new(1.0, 2.0, 0.0), Point::new(4.0, 3.0, 2.5));
        assert_eq!(defects(&m), vec![]);
        assert!((m.signed_volume() - 7.5).abs() < 1e-12);
    }

    #[test]
    fn revolved_profiles_are_closed_with_frustum_volumes() {
        // A pin with a collar: cylinder, cone out, cone in, cylinder.
        let profile = [
            (2.1, 0.0),
            (2.5, 0.4),
            (2.5, 3.0),
            (3.5, 4.0),
            (2.5, 5.0),
            (2.5, 8.0),
        ];
        for (n, fit) in [(36, Fit::Inscribed), (44, Fit::Circumscribed)] {
            let m = revolve(Point2::new(3.0, -1.0), &profile, n, fit);
            assert_eq!(defects(&m), vec![], "{fit:?}");
            let scale = if fit == Fit::Circumscribed {
                1.0 / (PI / n as f64).cos()
            } else {
                1.0
            };
            // Each band is a frustum of similar n-gons.
            let expected: f64 = profile
                .windows(2)
                .map(|w| {
                    let (a1, a2) = (ngon_area(w[0].0 * scale, n), ngon_area(w[1].0 * scale, n));
                    (w[1].1 - w[0].1) / 3.0 * (a1 + a2 + (a1 * a2).sqrt())
                })
                .sum();
            assert!(
                (m.signed_volume() - expected).abs() < 1e-9 * expected,
                "{fit:?}"
            );
        }
    }

    #[test]
    fn extruded_polygon_with_a_hole_is_closed_with_exact_volume() {
        // An L-shaped outline (not convex) around a square hole.
        let outline: Vec<Point2> = [
            (0.0, 0.0),
            (6.0, 0.0),
            (6.0, 3.0),
            (3.0, 3.0),
            (3.0, 6.0),
            (0.0, 6.0),
        ]
        .iter()
        .map(|&(x, y)| Point2::new(x, y))
        .collect();
        let hole: Vec<Point2> = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0)]
            .iter()
            .map(|&(x, y)| Point2::new(x, y))
            .collect();
        let m = extrude(&outline, &hole, 0.2, 1.2);
        assert_eq!(defects(&m), vec![]);
        assert!((m.signed_volume() - (27.0 - 1.0)).abs() < 1e-12);
        let solid = extrude(&outline, &[], 0.0, 2.0);
        assert_eq!(defects(&solid), vec![]);
        assert!((solid.signed_volume() - 54.0).abs() < 1e-12);
    }
}
