//! Benchmarks the stepped-gap coupons (run in release):
//! `cargo run --release --example bench_slots`.
//!
//! Prints, for the slot comb and the push-out plugs at 9 stations
//! (0.10:0.50:0.05), the triangle count and the median time to build, and
//! to build and write the STL atomically.

use gapgauge::atomic::write_atomic;
use gapgauge::coupon::plugs::{self, PlugPlateSpec};
use gapgauge::coupon::slots::{self, SlotCombSpec};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::stl::{StlWriteError, write_stl};
use gapgauge::sweep::parse_sweep;
use std::time::{Duration, Instant};

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

/// A named coupon builder.
type Maker<'a> = (&'static str, Box<dyn Fn() -> Coupon + 'a>);

fn main() {
    let dir = std::env::temp_dir().join(format!("gapgauge-bench-slots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clearances = parse_sweep("0.10:0.50:0.05").unwrap();
    let profile = PrintProfile::default();
    let coupons: [Maker; 2] = [
        (
            "slots",
            Box::new(|| slots::build(&SlotCombSpec::new(clearances.clone(), profile)).unwrap()),
        ),
        (
            "plugs",
            Box::new(|| plugs::build(&PlugPlateSpec::new(clearances.clone(), profile)).unwrap()),
        ),
    ];
    for (name, make) in &coupons {
        let path = dir.join(format!("{name}.stl"));
        let tris = make().triangle_count();
        let build_only = median(51, || {
            std::hint::black_box(make());
        });
        let total = median(51, || {
            let c = make();
            let mesh = c.merged_mesh();
            write_atomic::<StlWriteError>(&path, |w| write_stl(w, &mesh, &c.header_text(None)))
                .unwrap();
        });
        println!(
            "{name}, 9 stations: {tris} triangles, build {:.3} ms, build + write {:.3} ms (median of 51)",
            build_only.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
