//! Benchmarks `batch`: 20 filaments x the default coupons, written to a
//! temporary folder (run in release: `cargo run --release --example bench_batch`).

use gapgauge::batch::{BatchSpec, run};
use gapgauge::coupon::Family;
use std::time::Instant;

fn main() {
    let out = std::env::temp_dir().join(format!("gapgauge-bench-batch-{}", std::process::id()));
    let materials = [
        "pla", "pla-plus", "silk-pla", "petg", "abs", "asa", "tpu", "pa-cf",
    ];
    // 20 spools: the built-in materials, then TOML spools at other layer heights.
    std::fs::create_dir_all(&out).unwrap();
    let mut filaments: Vec<String> = materials.iter().map(|m| m.to_string()).collect();
    for i in 0..12 {
        let p = out.join(format!("spool{i}.toml"));
        let m = materials[i % materials.len()];
        let h = [0.12, 0.16, 0.24][i % 3];
        std::fs::write(
            &p,
            format!("name = \"spool {i}\"\nmaterial = \"{m}\"\nlayer_height = {h}\n"),
        )
        .unwrap();
        filaments.push(p.display().to_string());
    }
    let coupons = Family::batch_default();
    for jobs in [1, 2] {
        let spec = BatchSpec {
            filaments: filaments.clone(),
            out_dir: out.join(format!("sets-{jobs}")),
            coupons: coupons.clone(),
            printer: "generic-0.4".into(),
            bed: None,
            chord_tolerance: 0.01,
            format: gapgauge::output_format::OutputFormat::Stl,
            jobs,
            entries: Vec::new(),
        };
        let t = Instant::now();
        let reports = run(&spec, &|_| {});
        let dt = t.elapsed();
        assert!(reports.iter().all(|r| r.result.is_ok()), "{reports:?}");
        println!(
            "batch: {} filaments x {} coupons ({}), {jobs} job(s): {:.0} ms",
            reports.len(),
            coupons.len(),
            coupons
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join("+"),
            dt.as_secs_f64() * 1e3
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}
