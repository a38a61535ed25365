//! Benchmarks the picture renderer (run in release):
//! `cargo run --release --example bench_render`.
//!
//! Builds the default pin gauge (what `gapgauge make pin` makes: PLA,
//! generic-0.4, the planner's sweep) and times rendering it to PNG bytes at
//! the preview width `make --preview` uses, split into drawing and encoding,
//! and a 256 px square thumbnail. Target: the preview under 50 ms.

use gapgauge::coupon::Family;
use gapgauge::preset::{Material, Printer};
use gapgauge::render::{PREVIEW_WIDTH, Size, coupon_png, encode, render_coupon};
use std::time::{Duration, Instant};

/// Nanoseconds this thread has run on a CPU (Linux), so the figure means
/// something on a shared, loaded machine where wall time does not.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Median of `runs` timings of `f`: wall time, and CPU time when known.
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (c, s) = (cpu_ns(), Instant::now());
        f();
        wall.push(s.elapsed());
        if let (Some(a), Some(b)) = (c, cpu_ns()) {
            cpu.push(Duration::from_nanos(b - a));
        }
    }
    wall.sort();
    cpu.sort();
    (wall[runs / 2], (cpu.len() == runs).then(|| cpu[runs / 2]))
}

/// "12.34 ms wall, 10.00 ms CPU".
fn show(t: (Duration, Option<Duration>)) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    match t.1 {
        Some(c) => format!("{:.2} ms wall, {:.2} ms CPU", ms(t.0), ms(c)),
        None => format!("{:.2} ms wall", ms(t.0)),
    }
}

fn main() {
    let printer = Printer::load("generic-0.4").expect("built-in printer");
    let plan = gapgauge::coupon::Family::PIN
        .plan_input(Material::load("pla").expect("built-in material"), &printer)
        .plan()
        .expect("default plan");
    let profile = gapgauge::coupon::PrintProfile {
        nozzle: printer.nozzle_mm,
        layer_height: printer.layer_height_mm,
        first_layer_height: printer
            .first_layer_height_mm
            .unwrap_or(printer.layer_height_mm),
        chord_tolerance: 0.01,
    };
    let coupon = Family::PIN
        .build(plan.clearances(), profile)
        .expect("default pin gauge");
    let size = Size::Width(PREVIEW_WIDTH);
    let picture = render_coupon(&coupon, size).expect("renders");
    let runs = 21;
    let total = median(runs, || {
        std::hint::black_box(coupon_png(&coupon, size).expect("renders"));
    });
    let draw = median(runs, || {
        std::hint::black_box(render_coupon(&coupon, size).expect("renders"));
    });
    let enc = median(runs, || {
        std::hint::black_box(encode::png(&picture.image));
    });
    let thumb = median(runs, || {
        std::hint::black_box(
            coupon_png(
                &coupon,
                Size::Exact {
                    width: 256,
                    height: 256,
                },
            )
            .expect("renders"),
        );
    });
    println!(
        "default pin gauge ({} triangles, plan {}), {} x {} px, median of {runs}:",
        coupon.triangle_count(),
        plan.summary(),
        picture.image.width,
        picture.image.height
    );
    println!("  preview PNG: {}  (target < 50 ms)", show(total));
    println!("    of which drawing: {}", show(draw));
    println!("    of which PNG encoding: {}", show(enc));
    println!("  256 px square thumbnail: {}", show(thumb));
}
