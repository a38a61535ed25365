//! Printability self-checks shared by every coupon (`docs/design-rules.md`,
//! Printability checks).
//!
//! These read the finished meshes, not the builder's intentions, so a test
//! that uses them fails when the geometry breaks a rule, whatever the cause.

use super::Coupon;

/// How far past 45 degrees a downward face may lean (facet round-off).
pub const OVERHANG_SLACK_DEG: f64 = 0.5;

/// A triangle that breaks a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Offender {
    /// Part index.
    pub part: usize,
    /// Triangle index within the part.
    pub triangle: usize,
    /// Height of its centroid.
    pub z: f64,
}

/// Horizontal faces (normal straight up or down) that do not lie on the bed
/// or a layer boundary. Every horizontal face of a coupon bounds air, so
/// every one of them must sit on a boundary (`docs/design-rules.md R3`).
pub fn off_layer_faces(c: &Coupon) -> Vec<Offender> {
    let mut out = Vec::new();
    for (pi, p) in c.parts.iter().enumerate() {
        for t in 0..p.mesh.triangle_count() {
            let n = p.mesh.area_normal(t);
            if n.x.abs() + n.y.abs() > 1e-9 * n.norm() {
                continue;
            }
            let [a, b, d] = p.mesh.corners(t);
            let z = (a.z + b.z + d.z) / 3.0;
            if !c.profile.is_boundary(z) {
                out.push(Offender {
                    part: pi,
                    triangle: t,
                    z,
                });
            }
        }
    }
    out
}

/// Downward faces steeper than 45 degrees from vertical that are neither on
/// the bed nor inside a listed bridge.
pub fn steep_overhangs(c: &Coupon) -> Vec<Offender> {
    let limit = (45.0 + OVERHANG_SLACK_DEG).to_radians().sin();
    let mut out = Vec::new();
    for (pi, p) in c.parts.iter().enumerate() {
        for t in 0..p.mesh.triangle_count() {
            let n = p.mesh.area_normal(t).normalize();
            // Angle from vertical = asin(-n.z) for a downward face.
            if -n.z <= limit {
                continue;
            }
            let [a, b, d] = p.mesh.corners(t);
            if a.z.abs() < 1e-9 && b.z.abs() < 1e-9 && d.z.abs() < 1e-9 {
                continue; // on the bed
            }
            let listed = c.bridges.iter().any(|br| {
                br.part == pi
                    && [a, b, d].iter().all(|q| {
                        (q.z - br.z).abs() < 1e-9
                            && q.x >= br.min[0] - 1e-9
                            && q.x <= br.max[0] + 1e-9
                            && q.y >= br.min[1] - 1e-9
                            && q.y <= br.max[1] + 1e-9
                    })
            });
            if !listed {
                out.push(Offender {
                    part: pi,
                    triangle: t,
                    z: (a.z + b.z + d.z) / 3.0,
                });
            }
        }
    }
    out
}

/// Every rule a coupon must keep, as readable problems (empty when it keeps
/// them all): each part a valid closed shell, horizontal faces on layer
/// boundaries, no unlisted steep overhang.
pub fn self_check(c: &Coupon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in &c.parts {
        out.extend(
            crate::geom::validate::defects(&p.mesh)
                .iter()
                .map(|d| format!("{}: {d}", p.name)),
        );
    }
    out.extend(off_layer_faces(c).iter().map(|o| {
        format!(
            "part {} triangle {}: horizontal face off the layer grid at z = {}",
            o.part, o.triangle, o.z
        )
    }));
    out.extend(steep_overhangs(c).iter().map(|o| {
        format!(
            "part {} triangle {}: unlisted overhang past 45 degrees at z = {}",
            o.part, o.triangle, o.z
        )
    }));
    out
}
