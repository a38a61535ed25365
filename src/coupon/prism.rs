//! Solids swept along a horizontal axis: a cross-section profile (across
//! the axis, and z) held over one or more intervals of the axis.
//!
//! The bridge-gap sweep's bar and keys are one profile swept along Y; the
//! chain coupon's carrier is a spine profile along X that changes to an
//! arch profile (spine, bridge and foot) over each station's bridge. Every
//! profile vertex becomes a vertex at each interval end, so neighbouring
//! walls share their vertices exactly; faces the caller builds itself (a
//! top carrying labels) are left out by a predicate, and the caller builds
//! them through the same vertices.

use crate::geom::polygon::triangulate;
use crate::geom::{MeshBuilder, Point, Point2};

/// Which horizontal axis a prism runs along. The profile's first
/// coordinate is the other horizontal axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Along X; profiles are (y, z).
    X,
    /// Along Y; profiles are (x, z).
    Y,
}

impl Axis {
    /// The point at profile coordinates `p` = (across, z) and `s` along
    /// the axis.
    pub fn place(self, p: Point2, s: f64) -> Point {
        match self {
            Axis::X => Point::new(s, p.x, p.y),
            Axis::Y => Point::new(p.x, s, p.y),
        }
    }

    /// True when (across, z, along) is a right-handed frame: then a profile
    /// counter-clockwise in (across, z) is seen counter-clockwise from the
    /// far end (+along). Along X, (y, z, x) is right-handed; along Y,
    /// (x, z, y) is not.
    fn right_handed(self) -> bool {
        self == Axis::X
    }
}

/// One interval of a prism with its profile (counter-clockwise in
/// (across, z)).
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// Start along the axis.
    pub from: f64,
    /// End along the axis (greater than `from`).
    pub to: f64,
    /// The cross-section held over the interval.
    pub profile: &'a [Point2],
}

/// Sweep `sections` along `axis` into `mb`: one wall quad per profile edge
/// and interval, except the edges `skip` names (the caller covers those).
pub fn walls(
    mb: &mut MeshBuilder,
    axis: Axis,
    sections: &[Section<'_>],
    skip: impl Fn(Point2, Point2) -> bool,
) {
    for s in sections {
        let n = s.profile.len();
        for k in 0..n {
            let (a, b) = (s.profile[k], s.profile[(k + 1) % n]);
            if skip(a, b) {
                continue;
            }
            let q = mb.vertices(&[
                axis.place(a, s.from),
                axis.place(b, s.from),
                axis.place(b, s.to),
                axis.place(a, s.to),
            ]);
            // The wall's outward side is to the right of a -> b in the
            // profile (the material is on the left).
            if axis.right_handed() {
                mb.quad(q[0], q[1], q[2], q[3]);
            } else {
                mb.quad(q[3], q[2], q[1], q[0]);
            }
        }
    }
}

/// A flat face across the axis at `s`: the polygon `outline`
/// (counter-clockwise in (across, z)), facing +axis when `forward`, else
/// -axis. Collinear runs of points (the vertices neighbouring walls put
/// on its edges) are kept, so no T-junction is left.
pub fn cap(mb: &mut MeshBuilder, axis: Axis, s: f64, outline: &[Point2], forward: bool) {
    let ids: Vec<u32> = outline
        .iter()
        .map(|&p| mb.vertex(axis.place(p, s)))
        .collect();
    let as_is = forward == axis.right_handed();
    for t in triangulate(outline, &[]) {
        let [a, b, c] = t.map(|i| ids[i]);
        if as_is {
            mb.triangle(a, b, c);
        } else {
            mb.triangle(a, c, b);
        }
    }
}

/// A closed prism: one profile from `from` to `to` along `axis`.
pub fn closed(mb: &mut MeshBuilder, axis: Axis, profile: &[Point2], from: f64, to: f64) {
    walls(mb, axis, &[Section { from, to, profile }], |_, _| false);
    cap(mb, axis, from, profile, false);
    cap(mb, axis, to, profile, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;

    fn pts(v: &[(f64, f64)]) -> Vec<Point2> {
        v.iter().map(|&(a, b)| Point2::new(a, b)).collect()
    }

    #[test]
    fn closed_prisms_are_outward_along_either_axis() {
        // An L-shaped profile with a collinear point on its bottom edge.
        let l = pts(&[
            (0.0, 0.0),
            (1.0, 0.0),
            (3.0, 0.0),
            (3.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
        ]);
        for axis in [Axis::X, Axis::Y] {
            let mut mb = MeshBuilder::new();
            closed(&mut mb, axis, &l, -1.0, 1.5);
            let m = mb.finish();
            assert_eq!(defects(&m), vec![], "{axis:?}");
            assert!((m.signed_volume() - 4.0 * 2.5).abs() < 1e-12, "{axis:?}");
        }
    }

    #[test]
    fn sections_with_a_raised_middle_close_with_step_caps() {
        // A bar whose middle interval carries a block on top: the step
        // faces are the difference of the two profiles.
        let low = pts(&[(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 1.0)]);
        let high = pts(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (0.0, 1.0),
        ]);
        let step = pts(&[(0.0, 1.0), (2.0, 1.0), (2.0, 2.0), (0.0, 2.0)]);
        let mut mb = MeshBuilder::new();
        let sections = [
            Section {
                from: 0.0,
                to: 1.0,
                profile: &low,
            },
            Section {
                from: 1.0,
                to: 2.0,
                profile: &high,
            },
            Section {
                from: 2.0,
                to: 3.0,
                profile: &low,
            },
        ];
        // The low top edge is covered by the step's walls in the middle;
        // leave it out there and cover the ends with quads here.
        walls(&mut mb, Axis::X, &sections, |a, b| a.y == 1.0 && b.y == 1.0);
        for (s0, s1) in [(0.0, 1.0), (2.0, 3.0)] {
            let q = mb.vertices(&[
                Point::new(s0, 0.0, 1.0),
                Point::new(s1, 0.0, 1.0),
                Point::new(s1, 2.0, 1.0),
                Point::new(s0, 2.0, 1.0),
            ]);
            mb.quad(q[0], q[1], q[2], q[3]);
        }
        cap(&mut mb, Axis::X, 0.0, &low, false);
        cap(&mut mb, Axis::X, 3.0, &low, true);
        cap(&mut mb, Axis::X, 1.0, &step, false);
        cap(&mut mb, Axis::X, 2.0, &step, true);
        let m = mb.finish();
        assert_eq!(defects(&m), vec![]);
        assert!((m.signed_volume() - (6.0 + 2.0)).abs() < 1e-12);
    }
}
