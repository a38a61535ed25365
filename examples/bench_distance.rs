//! Times `min_distance` between two finely tessellated boxes of about
//! 500k triangles each, 0.2 mm apart (run with `--release`).

use gapgauge::geom::distance::min_distance;
use gapgauge::geom::fixtures::tessellated_box;
use gapgauge::geom::{Mesh, Point};
use std::time::Instant;

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
