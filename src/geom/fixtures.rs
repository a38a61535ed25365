//! Closed, finely tessellated shapes whose distances are known exactly.
//!
//! For tests and benchmarks of the distance code and `check`: the faces are
//! flat and subdivided in their plane, so a shape has as many triangles as
//! asked for while its distance to another shape stays a closed-form value
//! (two parallel box faces 0.3 apart are 0.3 apart; two concentric
//! octahedra of radii r < R are (R - r) / sqrt(3) apart).

use super::math::{Point, Vector};
use super::mesh::Mesh;

/// A repeatable stream of numbers in [0, 1) from `seed` (xorshift64):
/// random soups and slivers for tests and benchmarks, the same on every
/// machine, without a dependency.
pub fn unit_random(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// For self-intersection tests: a closed square pyramid (apex 4 over base
/// 0-3, outward wound, positive volume) whose corner 0 is pulled up over
/// the base, so the fan around it folds: side (4, 0, 1) and side (4, 1, 2)
/// each pass through base triangle (0, 3, 2). Every pair of its triangles
/// shares a corner, so no pair of disjoint triangles crosses.
pub fn folded_pyramid() -> Mesh {
    let mut m = Mesh::new();
    for v in [
        Point::new(0.0, 1.0, 1.0),
        Point::new(0.0, 2.0, 0.0),
        Point::new(-2.0, 0.0, 0.0),
        Point::new(0.0, -2.0, 0.0),
        Point::new(-0.5, -1.5, 2.5),
    ] {
        m.add_vertex(v);
    }
    for t in [
        [4, 0, 1],
        [4, 1, 2],
        [4, 2, 3],
        [4, 3, 0],
        [0, 2, 1],
        [0, 3, 2],
    ] {
        m.add_triangle(t[0], t[1], t[2]);
    }
    m
}

/// The unit right tetrahedron at the origin, wound outwards: the smallest
/// closed shell, for validator and writer tests.
pub fn tetrahedron() -> Mesh {
    let mut m = Mesh::new();
    let v = m.add_vertices([
        Point::new(0.0, 0.0, 0.0),
        Point::new(1.0, 0.0, 0.0),
        Point::new(0.0, 1.0, 0.0),
        Point::new(0.0, 0.0, 1.0),
    ]);
    m.add_triangle(v[0], v[2], v[1]);
    m.add_triangle(v[0], v[1], v[3]);
    m.add_triangle(v[1], v[2], v[3]);
    m.add_triangle(v[2], v[0], v[3]);
    m
}

/// Axis-aligned box from `min` to `max` with `n` x `n` quads (2 n^2
/// triangles) per face, wound outwards: 12 n^2 triangles in all.
pub fn tessellated_box(min: Point, max: Point, n: usize) -> Mesh {
    let s = max - min;
    let (x, y, z) = (
        Vector::new(s.x, 0.0, 0.0),
        Vector::new(0.0, s.y, 0.0),
        Vector::new(0.0, 0.0, s.z),
    );
    // Each face: a corner and two edge vectors with u x v pointing out.
    let faces = [
        (min, y, x),
        (min + z, x, y),
        (min, x, z),
        (min + y, z, x),
        (min, z, y),
        (min + x, y, z),
    ];
    let mut m = Mesh::new();
    let n = n.max(1);
    for (o, u, v) in faces {
        let base = m.vertices.len() as u32;
        for i in 0..=n {
            for j in 0..=n {
                m.add_vertex(o + u * (i as f64 / n as f64) + v * (j as f64 / n as f64));
            }
        }
        let at = |i: usize, j: usize| base + (i * (n + 1) + j) as u32;
        for i in 0..n {
            for j in 0..n {
                m.add_quad(at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
            }
        }
    }
    weld(m)
}

/// Regular octahedron with vertices at `centre` +- `radius` on each axis,
/// each face split into n^2 triangles, wound outwards: 8 n^2 triangles.
/// It is the coarsest polyhedron inscribed in the sphere of that radius.
pub fn tessellated_octahedron(centre: Point, radius: f64, n: usize) -> Mesh {
    let n = n.max(1);
    let axes = [Vector::x(), Vector::y(), Vector::z()];
    let mut m = Mesh::new();
    for sx in [1.0, -1.0] {
        for sy in [1.0, -1.0] {
            for sz in [1.0, -1.0] {
                let (a, b, c) = (axes[0] * sx, axes[1] * sy, axes[2] * sz);
                // Counter-clockwise seen from outside when sx*sy*sz > 0.
                let (b, c) = if sx * sy * sz > 0.0 { (b, c) } else { (c, b) };
                // Barycentric grid: row i has i+1 points.
                let base = m.vertices.len() as u32;
                let at = |i: usize, j: usize| base + (i * (i + 1) / 2 + j) as u32;
                for i in 0..=n {
                    for j in 0..=i {
                        let (wa, wb, wc) = (
                            (n - i) as f64 / n as f64,
                            (i - j) as f64 / n as f64,
                            j as f64 / n as f64,
                        );
                        m.add_vertex(centre + (a * wa + b * wb + c * wc) * radius);
                    }
                }
                for i in 0..n {
                    for j in 0..=i {
                        m.add_triangle(at(i, j), at(i + 1, j), at(i + 1, j + 1));
                        if j < i {
                            m.add_triangle(at(i, j), at(i + 1, j + 1), at(i, j + 1));
                        }
                    }
                }
            }
        }
    }
    weld(m)
}

/// UV sphere around `centre`: `stacks` bands of latitude, `slices` of
/// longitude (both at least 3), wound outwards: 2 x slices x (stacks - 1)
/// triangles. Two spheres with the same grid and centre face each other
/// facet to facet, so every facing pair of triangles is a near-tie for
/// the minimum distance: the hard case for a distance search.
pub fn uv_sphere(centre: Point, radius: f64, stacks: usize, slices: usize) -> Mesh {
    use std::f64::consts::PI;
    let (stacks, slices) = (stacks.max(3), slices.max(3));
    let mut m = Mesh::new();
    let north = m.add_vertex(centre + Vector::z() * radius);
    for k in 1..stacks {
        let theta = PI * k as f64 / stacks as f64;
        for j in 0..slices {
            let phi = 2.0 * PI * j as f64 / slices as f64;
            let dir = Vector::new(
                theta.sin() * phi.cos(),
                theta.sin() * phi.sin(),
                theta.cos(),
            );
            m.add_vertex(centre + dir * radius);
        }
    }
    let south = m.add_vertex(centre - Vector::z() * radius);
    let ring = |k: usize, j: usize| 1 + ((k - 1) * slices + j % slices) as u32;
    for j in 0..slices {
        m.add_triangle(north, ring(1, j), ring(1, j + 1));
        m.add_triangle(south, ring(stacks - 1, j + 1), ring(stacks - 1, j));
    }
    for k in 1..stacks - 1 {
        for j in 0..slices {
            m.add_quad(
                ring(k, j),
                ring(k + 1, j),
                ring(k + 1, j + 1),
                ring(k, j + 1),
            );
        }
    }
    m
}

/// Closed cylinder on the z axis through `base` (the centre of its bottom
/// cap): `segments` around, `rings` bands along its `height`, caps as fans,
/// wound outwards: 2 x segments x (rings + 1) triangles.
pub fn cylinder(base: Point, radius: f64, height: f64, segments: usize, rings: usize) -> Mesh {
    use std::f64::consts::PI;
    let (segments, rings) = (segments.max(3), rings.max(1));
    let mut m = Mesh::new();
    for k in 0..=rings {
        let z = height * k as f64 / rings as f64;
        for j in 0..segments {
            let phi = 2.0 * PI * j as f64 / segments as f64;
            m.add_vertex(base + Vector::new(radius * phi.cos(), radius * phi.sin(), z));
        }
    }
    let at = |k: usize, j: usize| (k * segments + j % segments) as u32;
    let bottom = m.add_vertex(base);
    let top = m.add_vertex(base + Vector::z() * height);
    for j in 0..segments {
        m.add_triangle(bottom, at(0, j + 1), at(0, j));
        m.add_triangle(top, at(rings, j), at(rings, j + 1));
        for k in 0..rings {
            m.add_quad(at(k, j), at(k, j + 1), at(k + 1, j + 1), at(k + 1, j));
        }
    }
    m
}

/// Reverse every triangle: the surface then faces inwards (a cavity, or an
/// inside-out part).
pub fn flipped(mut m: Mesh) -> Mesh {
    for t in &mut m.triangles {
        t.swap(1, 2);
    }
    m
}

/// Merge vertices with identical coordinates (face seams are generated
/// twice, from the same exact expressions, so equality is exact).
fn weld(m: Mesh) -> Mesh {
    let mut map = std::collections::HashMap::new();
    let mut out = Mesh::new();
    let remap: Vec<u32> = m
        .vertices
        .iter()
        .map(|p| {
            let key = [p.x.to_bits(), p.y.to_bits(), p.z.to_bits()];
            *map.entry(key).or_insert_with(|| out.add_vertex(*p))
        })
        .collect();
    out.triangles = m
        .triangles
        .iter()
        .map(|t| t.map(|i| remap[i as usize]))
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;

    #[test]
    fn shapes_are_closed_with_exact_volume() {
        let b = tessellated_box(Point::new(1.0, 2.0, 3.0), Point::new(3.0, 5.0, 7.0), 5);
        assert_eq!(defects(&b), vec![]);
        assert_eq!(b.triangle_count(), 12 * 25);
        assert!((b.signed_volume() - 24.0).abs() < 1e-9);
        let o = tessellated_octahedron(Point::new(1.0, 1.0, 1.0), 2.0, 6);
        assert_eq!(defects(&o), vec![]);
        assert_eq!(o.triangle_count(), 8 * 36);
        assert!((o.signed_volume() - 4.0 / 3.0 * 8.0).abs() < 1e-9);
        assert!(flipped(o).signed_volume() < 0.0);
        let s = uv_sphere(Point::new(1.0, 0.0, 0.0), 2.0, 8, 12);
        assert_eq!(defects(&s), vec![]);
        assert_eq!(s.triangle_count(), 2 * 12 * 7);
        let exact = 4.0 / 3.0 * std::f64::consts::PI * 8.0;
        assert!(s.signed_volume() < exact && s.signed_volume() > 0.8 * exact);
        let c = cylinder(Point::new(0.0, 0.0, 1.0), 1.0, 3.0, 16, 4);
        assert_eq!(defects(&c), vec![]);
        assert_eq!(c.triangle_count(), 2 * 16 * 5);
        // A regular 16-gon of circumradius 1 has area 8 sin(pi / 8).
        let prism = 8.0 * (std::f64::consts::PI / 8.0).sin() * 3.0;
        assert!((c.signed_volume() - prism).abs() < 1e-9);
    }
}
