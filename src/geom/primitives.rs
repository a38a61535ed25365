//! Closed solids from simple descriptions for tests and fixtures that want
//! a whole mesh: a box, and a surface of revolution as a one-call wrapper
//! over the coupon kit ([`crate::geom::kit`]).
//!
//! Coupons use the kit directly: they need to cut holes and labels into
//! the faces these helpers close.

use super::build::MeshBuilder;
use super::circle::Fit;
use super::kit::{Frame, Revolution, Shell};
use super::math::{Point, Point2};
use super::mesh::Mesh;

/// Axis-aligned box from `min` to `max` (`min < max` on every axis).
///
/// ```
/// use gapgauge::geom::primitives::cuboid;
/// use gapgauge::geom::Point;
/// let m = cuboid(Point::new(0.0, 0.0, 0.0), Point::new(2.0, 1.0, 1.0));
/// assert_eq!(m.triangle_count(), 12);
/// ```
pub fn cuboid(min: Point, max: Point) -> Mesh {
    // Built by hand, not through the kit: the renderer's pinned picture
    // (tests/render.rs) depends on these exact quad diagonals.
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
/// profile of (r, z) points, bottom first, r >= 0 (r = 0 is a pole). Rings
/// are regular `n`-gons, inscribed (material that turns inside a cavity)
/// or circumscribed (a cavity's shape), all in one phase. Ends with r > 0
/// are capped flat.
///
/// ```
/// use gapgauge::geom::circle::Fit;
/// use gapgauge::geom::primitives::revolve;
/// use gapgauge::geom::Point2;
/// let m = revolve(Point2::new(0.0, 0.0), &[(1.0, 0.0), (1.0, 1.0)], 4, Fit::Inscribed);
/// // A square prism of diagonal 2: area 2, height 1.
/// assert!((m.signed_volume() - 2.0).abs() < 1e-12);
/// ```
pub fn revolve(centre: Point2, profile: &[(f64, f64)], n: usize, fit: Fit) -> Mesh {
    let frame = Frame::xy().moved_to(Point::new(centre.x, centre.y, 0.0));
    let mut shell = Shell::new("revolution");
    Revolution::new(frame, profile.to_vec(), n, fit).push_solid(&mut shell, "revolution");
    shell
        .finish()
        .expect("a profile with r >= 0 and rising z revolves to a closed solid")
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
    fn a_pointed_pin_has_a_pole() {
        // A cylinder of radius 1 under a cone to a point on the axis.
        let m = revolve(
            Point2::origin(),
            &[(1.0, 0.0), (1.0, 2.0), (0.0, 3.0)],
            16,
            Fit::Inscribed,
        );
        assert_eq!(defects(&m), vec![]);
        let top = m.vertices.iter().filter(|p| p.z == 3.0).count();
        assert_eq!(top, 1);
        let base = ngon_area(1.0, 16);
        assert!((m.signed_volume() - (2.0 * base + base / 3.0)).abs() < 1e-9);
    }
}
