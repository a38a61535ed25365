//! Times the slice model on a check-sized input: two finely tessellated
//! octahedra of 500k triangles each, 0.2 mm apart at their tips, sliced at
//! 0.2 mm layers, then every narrow gap and every part resting on another
//! (run with `--release`). Also a planned hinge ladder, the largest coupon.

use gapgauge::coupon::{Family, PrintProfile};
use gapgauge::geom::Point;
use gapgauge::geom::fixtures::tessellated_octahedron;
use gapgauge::slice::{LayerPlan, layer_findings, slice};
use gapgauge::units::Microns;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    // 8 faces * 250^2 = 500,000 triangles each.
    let a = tessellated_octahedron(Point::new(0.0, 0.0, 10.0), 10.0, 250);
    let b = tessellated_octahedron(Point::new(20.2, 0.0, 10.0), 10.0, 250);
    println!("triangles: {} + {}", a.triangle_count(), b.triangle_count());
    let plan = LayerPlan::new(0.2, 0.2).unwrap();
    let t = Instant::now();
    let stack = slice(&[&a, &b], &plan).unwrap();
    println!("slice: {} layers in {:.0} ms", stack.layers.len(), ms(t));
    let t = Instant::now();
    let gaps = stack.gaps_under(0.5);
    let closest = gaps
        .iter()
        .map(|g| g.gap.distance)
        .fold(f64::INFINITY, f64::min);
    println!(
        "gaps under 0.5 mm: {} layers, closest {closest:.3} mm, in {:.0} ms",
        gaps.len(),
        ms(t)
    );
    let t = Instant::now();
    let f = stack.fusions(1e-4);
    println!("fusions: {} in {:.0} ms", f.len(), ms(t));

    let clearances = (1..=12).map(|k| Microns(k * 50)).collect();
    let p = PrintProfile {
        layer_height: 0.1,
        ..PrintProfile::default()
    };
    let hinge = Family::HINGE.build(clearances, p).unwrap();
    let t = Instant::now();
    let f = layer_findings(&hinge, &LayerPlan::from_profile(&p).unwrap()).unwrap();
    println!(
        "hinge, 12 stations, {} triangles, 0.1 mm layers: {} findings in {:.0} ms",
        hinge.triangle_count(),
        f.narrow.len() + f.fused.len(),
        ms(t)
    );
}
