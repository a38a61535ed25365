//! Times `min_distance` between two finely tessellated boxes of about
//! 500k triangles each, 0.2 mm apart (run with `--release`).

use gapgauge::geom::distance::min_distance;
use gapgauge::geom::{Mesh, Point, Vector};
use std::time::Instant;

/// Axis-aligned box with `n` x `n` quads per face, outward wound.
fn tessellated_box(min: Point, max: Point, n: usize) -> Mesh {
    let mut m = Mesh::new();
    let s = max - min;
    let (x, y, z) = (
        Vector::new(s.x, 0.0, 0.0),
        Vector::new(0.0, s.y, 0.0),
        Vector::new(0.0, 0.0, s.z),
    );
    let faces = [
        (min, y, x),
        (min + z, x, y),
        (min, x, z),
        (min + y, z, x),
        (min, z, y),
        (min + x, y, z),
    ];
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
    m
}

fn main() {
    // 6 faces * 204^2 quads * 2 triangles = 499,392 triangles per box.
    let n = 204;
    let a = tessellated_box(Point::new(0.0, 0.0, 0.0), Point::new(20.0, 20.0, 20.0), n);
    let b = tessellated_box(Point::new(20.2, 0.0, 0.0), Point::new(40.2, 20.0, 20.0), n);
    println!("triangles: {} + {}", a.triangle_count(), b.triangle_count());
    let t = Instant::now();
    let p = min_distance(&a, &b, 2.0).expect("0.2 mm apart");
    println!(
        "min_distance = {:.6} mm in {:.1} ms",
        p.distance,
        t.elapsed().as_secs_f64() * 1e3
    );
    split_timing(&a, &b);
}

/// The same query with the two tree builds and the search timed apart.
fn split_timing(a: &Mesh, b: &Mesh) {
    use gapgauge::geom::bvh::Bvh;
    use gapgauge::geom::distance::min_distance_bvh;
    let t = Instant::now();
    let ta = Bvh::build(a);
    let tb = Bvh::build(b);
    println!("build both: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let p = min_distance_bvh(&ta, &tb, 2.0).unwrap();
    println!(
        "query: {:.1} ms ({})",
        t.elapsed().as_secs_f64() * 1e3,
        p.distance
    );
}
