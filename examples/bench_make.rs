//! Benchmarks the captive-pin gauge and the STL writer (run in release):
//! `cargo run --release --example bench_make`.
//!
//! Prints: the time to build and write a 9-station pin gauge and a
//! 9-station hinge ladder at chord tolerance 0.01 and 0.001 mm, and the
//! writer's throughput on a 1M-triangle mesh
//! against a plain buffered write of the same bytes.

use gapgauge::atomic::write_atomic;
use gapgauge::coupon::PrintProfile;
use gapgauge::coupon::hinge::{self, HingeSpec};
use gapgauge::coupon::pin::{PinGaugeSpec, build};
use gapgauge::geom::{Mesh, Point};
use gapgauge::stl::{StlWriteError, write_stl};
use gapgauge::sweep::parse_sweep;
use std::io::Write;
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

fn main() {
    let dir = std::env::temp_dir().join(format!("gapgauge-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pin.stl");
    let clearances = parse_sweep("0.10:0.50:0.05").unwrap();
    for tol in [0.01, 0.001] {
        let spec = PinGaugeSpec::new(
            clearances.clone(),
            PrintProfile {
                chord_tolerance: tol,
                ..Default::default()
            },
        );
        let mut tris = 0;
        let build_only = median(21, || {
            tris = build(&spec).unwrap().triangle_count();
        });
        let total = median(21, || {
            let c = build(&spec).unwrap();
            let mesh = c.merged_mesh();
            write_atomic::<StlWriteError>(&path, |w| write_stl(w, &mesh, &c.header_text(None)))
                .unwrap();
        });
        println!(
            "pin gauge, 9 stations, chord tolerance {tol}: {tris} triangles, build {:.2} ms, build + write {:.2} ms (median of 21)",
            build_only.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
    }

    let hinge_path = dir.join("hinge.stl");
    for tol in [0.01, 0.001] {
        let spec = HingeSpec::new(
            clearances.clone(),
            PrintProfile {
                chord_tolerance: tol,
                ..Default::default()
            },
        );
        let mut tris = 0;
        let build_only = median(21, || {
            tris = hinge::build(&spec).unwrap().triangle_count();
        });
        let total = median(21, || {
            let c = hinge::build(&spec).unwrap();
            let mesh = c.merged_mesh();
            write_atomic::<StlWriteError>(&hinge_path, |w| {
                write_stl(w, &mesh, &c.header_text(None))
            })
            .unwrap();
        });
        println!(
            "hinge ladder, 9 stations, chord tolerance {tol}: {tris} triangles, build {:.2} ms, build + write {:.2} ms (median of 21)",
            build_only.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
    }

    // Writer throughput: a 1,000,000-triangle height field.
    let (nx, ny) = (1000usize, 500usize);
    let mut m = Mesh::new();
    for j in 0..=ny {
        for i in 0..=nx {
            let (x, y) = (i as f64 * 0.1, j as f64 * 0.1);
            m.add_vertex(Point::new(x, y, (x * 0.3).sin() + (y * 0.2).cos()));
        }
    }
    let id = |i: usize, j: usize| (j * (nx + 1) + i) as u32;
    for j in 0..ny {
        for i in 0..nx {
            m.add_quad(id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j + 1));
        }
    }
    let n = m.triangle_count();
    let mut bytes = Vec::new();
    write_stl(&mut bytes, &m, "bench").unwrap();
    let raw = dir.join("raw.stl");
    let ours = median(5, || {
        write_atomic::<StlWriteError>(&path, |w| write_stl(w, &m, "bench")).unwrap();
    });
    let plain = median(5, || {
        write_atomic::<std::io::Error>(&raw, |w| w.write_all(&bytes)).unwrap();
    });
    let rate = |d: Duration| n as f64 / d.as_secs_f64() / 1e6;
    println!(
        "writer, {n} triangles ({} MB): gapgauge {:.1} M tri/s ({:.0} ms), plain buffered write of the same bytes {:.1} M tri/s ({:.0} ms): {:.0} %",
        bytes.len() / 1_000_000,
        rate(ours),
        ours.as_secs_f64() * 1e3,
        rate(plain),
        plain.as_secs_f64() * 1e3,
        100.0 * plain.as_secs_f64() / ours.as_secs_f64()
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "same bytes");
    std::fs::remove_dir_all(&dir).unwrap();
}
