//! Solids and cavities of revolution from an (r, z) profile, for the ball
//! joint: stud rings inscribed (material inside its nominal surface),
//! cavity rings circumscribed at the half-step phase (air containing its
//! nominal air), one segment count for both (docs/design-rules.md,
//! Tessellation). A profile point with r = 0 is a pole: one vertex.

use crate::geom::build::{angle_around, at_z};
use crate::geom::circle::{Fit, polygon};
use crate::geom::{Mesh, MeshBuilder, Point2};

/// The rings of a profile around `centre`: the vertex indices of each, one
/// index for a pole.
fn rings(
    mb: &mut MeshBuilder,
    centre: Point2,
    profile: &[Point2],
    n: usize,
    fit: Fit,
) -> Vec<Vec<u32>> {
    profile
        .iter()
        .map(|q| {
            if q.x == 0.0 {
                vec![mb.vertex(crate::geom::Point::new(centre.x, centre.y, q.y))]
            } else {
                mb.vertices(&at_z(&polygon(centre, q.x, n, fit), q.y))
            }
        })
        .collect()
}

/// A closed solid: the profile turned about the vertical axis through
/// `centre`, its first point on a flat bottom (fanned) and its last a pole
/// or a flat top (fanned).
pub fn solid(centre: Point2, profile: &[Point2], n: usize) -> Mesh {
    let mut mb = MeshBuilder::new();
    let rings = rings(&mut mb, centre, profile, n, Fit::Inscribed);
    let bottom: Vec<u32> = rings[0].iter().rev().copied().collect();
    mb.fan(&bottom);
    let axis = angle_around(centre);
    for w in rings.windows(2) {
        match (w[0].len(), w[1].len()) {
            (_, 1) => {
                let pole = w[1][0];
                let lo = &w[0];
                for k in 0..lo.len() {
                    mb.triangle(lo[k], lo[(k + 1) % lo.len()], pole);
                }
            }
            _ => mb.stitch(&w[0], &w[1], &axis),
        }
    }
    let last = rings.last().expect("a profile has points");
    if last.len() > 1 {
        mb.fan(last);
    }
    mb.finish()
}

/// A cavity wall (faces toward the axis) from the profile, added to the
/// carrier's mesh; returns the indices of its top and bottom rings, to be
/// joined to the carrier's top and bottom faces.
pub fn cavity(
    mb: &mut MeshBuilder,
    centre: Point2,
    profile: &[Point2],
    n: usize,
) -> (Vec<u32>, Vec<u32>) {
    let rings = rings(mb, centre, profile, n, Fit::Circumscribed);
    let axis = angle_around(centre);
    for w in rings.windows(2) {
        // Upper ring first: faces point into the air, toward the axis.
        mb.stitch(&w[1], &w[0], &axis);
    }
    (rings.last().unwrap().clone(), rings[0].clone())
}
