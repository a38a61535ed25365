//! Times `gapgauge check` on a 1M-triangle STL: two finely tessellated
//! boxes 0.2 mm apart, written to a temporary file, then read, split into
//! parts, validated and measured. Run with
//! `cargo run --release --example bench_check`.

use gapgauge::check::{CheckOptions, MinGap, check_mesh, split_shells};
use gapgauge::geom::fixtures::tessellated_box;
use gapgauge::geom::validate;
use gapgauge::geom::{Point, bvh::Bvh, distance::min_distance_bvh};
use gapgauge::stl_read::read_stl_file;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 12 n^2 triangles per box: n = 204 gives 499,392, about 1M in all.
    let n = 204;
    let mut mesh = tessellated_box(Point::new(0.0, 0.0, 0.0), Point::new(20.0, 20.0, 20.0), n);
    mesh.append(&tessellated_box(
        Point::new(20.2, 0.0, 0.0),
        Point::new(40.2, 20.0, 20.0),
        n,
    ));
    let path = std::env::temp_dir().join(format!("gapgauge_bench_{}.stl", std::process::id()));
    let f = std::fs::File::create(&path)?;
    gapgauge::stl::write_stl(f, &mesh, "gapgauge bench_check")?;
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "{} triangles, {:.1} MB at {}",
        mesh.triangle_count(),
        bytes as f64 / 1e6,
        path.display()
    );

    // Phases one by one (each as check_mesh does it, but timed apart).
    let total = Instant::now();
    let t = Instant::now();
    let read = read_stl_file(&path)?;
    println!("read:     {:7.1} ms", ms(t));
    let t = Instant::now();
    let shells = split_shells(&read);
    println!("split:    {:7.1} ms ({} parts)", ms(t), shells.len());
    let t = Instant::now();
    let defects: usize = shells
        .iter()
        .map(|s| validate::defects(&s.mesh).len())
        .sum();
    println!("validate: {:7.1} ms ({defects} defects, one thread)", ms(t));
    let t = Instant::now();
    let trees: Vec<Bvh> = shells.iter().map(|s| Bvh::build(&s.mesh)).collect();
    println!("trees:    {:7.1} ms (parts one after the other)", ms(t));
    let t = Instant::now();
    let p = min_distance_bvh(&trees[0], &trees[1], 2.0).expect("0.2 mm apart");
    println!("gap:      {:7.3} ms ({:.4} mm)", ms(t), p.distance);
    println!("phases:   {:7.1} ms", ms(total));

    // The library entry point, which runs validation and trees per part on
    // all cores: this is what `gapgauge check` costs after reading.
    let t = Instant::now();
    let opts = CheckOptions {
        min_gap: Some(MinGap {
            mm: 0.15,
            source: "bench".into(),
        }),
        ..CheckOptions::default()
    };
    let report = check_mesh(&read, &opts);
    let check_ms = ms(t);
    println!("check_mesh (parallel): {check_ms:7.1} ms");
    let t = Instant::now();
    let _ = read_stl_file(&path)?;
    let read_ms = ms(t);
    println!(
        "read + check_mesh:     {:7.1} ms (clean: {}, gap {:.4} mm)",
        read_ms + check_ms,
        report.is_clean(),
        report.gaps[0].distance_mm
    );
    std::fs::remove_file(&path)?;
    Ok(())
}
