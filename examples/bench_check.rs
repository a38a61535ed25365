//! Times `gapgauge check` (read the STL, then `check_mesh`) on scenes
//! written to temporary files:
//!
//! - `soup`: 5,000 random triangles, each its own part (bounded output);
//! - `boxes`: two flat boxes 0.2 mm apart (the easy case: one face pair);
//! - `pin`: a pin in a closed bore, 0.2 mm gap all round;
//! - `ball`: a ball in a spherical socket, 0.2 mm gap.
//!
//! The pin and the ball face their housing facet to facet (same angular
//! grid), so hundreds of thousands of triangle pairs are near-ties for the
//! minimum distance: the normal case for print-in-place joints.
//!
//! Run with `cargo run --release --example bench_check [SCENE|all] [RUNS]`
//! (default: every scene, 5 runs each; medians are printed).
//!
//! `cargo run --release --example bench_check -- --write DIR [SCENE|all]`
//! only writes the scenes as `DIR/SCENE.stl`, to time the command itself
//! (`/usr/bin/time -v gapgauge check DIR/ball.stl --min-gap 0.15`) or to
//! feed the same triangles to another library.
//!
//! `cargo run --release --example bench_check -- --phases FILE [RUNS]`
//! reads and checks one STL file (`--min-gap 0.15`) and prints the median
//! wall time of each phase, and whether it runs on one core or on all:
//! on two cores a one-core phase is the first place to win time.

use gapgauge::check::phases::{Cores, Phases};
use gapgauge::check::{CheckOptions, MinGap, check_mesh, check_mesh_timed};
use gapgauge::geom::fixtures::{cylinder, flipped, tessellated_box, unit_random, uv_sphere};
use gapgauge::geom::{Mesh, Point};
use gapgauge::stl_read::read_stl_file;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_ms;

/// Two boxes of 499,392 triangles each, 0.2 mm apart.
fn boxes() -> Mesh {
    let n = 204;
    let mut m = tessellated_box(Point::new(0.0, 0.0, 0.0), Point::new(20.0, 20.0, 20.0), n);
    m.append(&tessellated_box(
        Point::new(20.2, 0.0, 0.0),
        Point::new(40.2, 20.0, 20.0),
        n,
    ));
    m
}

/// A 6 mm pin, 20 mm long, in a closed bore 0.2 mm larger all round, in a
/// block: about 504k triangles per cylinder.
fn pin() -> Mesh {
    let (r, h, gap, seg, rings) = (3.0, 20.0, 0.2, 2000, 125);
    let mut m = tessellated_box(Point::new(-6.0, -6.0, -2.0), Point::new(6.0, 6.0, 22.0), 4);
    m.append(&flipped(cylinder(
        Point::new(0.0, 0.0, -gap),
        r + gap,
        h + 2.0 * gap,
        seg,
        rings,
    )));
    m.append(&cylinder(Point::new(0.0, 0.0, 0.0), r, h, seg, rings));
    m
}

/// A 20 mm ball in a spherical socket 0.2 mm larger, in a block: about
/// 500k triangles per sphere.
fn ball() -> Mesh {
    let (r, gap, stacks, slices) = (10.0, 0.2, 354, 708);
    let c = Point::new(0.0, 0.0, 0.0);
    let mut m = tessellated_box(
        Point::new(-13.0, -13.0, -13.0),
        Point::new(13.0, 13.0, 13.0),
        4,
    );
    m.append(&flipped(uv_sphere(c, r + gap, stacks, slices)));
    m.append(&uv_sphere(c, r, stacks, slices));
    m
}

/// 5,000 random triangles in a 50 mm cube (a 250 kB file): every
/// triangle its own open part, most of their boxes overlapping. The
/// case that once took 46 s and 852 MB.
fn soup() -> Mesh {
    let mut unit = unit_random(0x9e37_79b9_7f4a_7c15);
    let mut next = move || unit() * 50.0;
    let mut m = Mesh::new();
    for _ in 0..5000 {
        let v = [(); 3].map(|_| m.add_vertex(Point::new(next(), next(), next())));
        m.add_triangle(v[0], v[1], v[2]);
    }
    m
}

/// Peak resident memory of this process so far (MB), from
/// /proc/self/status; NaN where that is not available.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The options every scene is checked with: `--min-gap 0.15`.
fn bench_options() -> CheckOptions {
    CheckOptions {
        min_gap: Some(MinGap {
            mm: 0.15,
            source: "bench".into(),
        }),
        ..CheckOptions::default()
    }
}

/// Read and check `path` `runs` times; print each phase's median wall
/// time, the share of the total, and whether it runs on every core.
fn phases(path: &std::path::Path, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let opts = bench_options();
    let mut all: Vec<Phases> = Vec::new();
    let mut totals = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut p = Phases::new();
        let mesh = gapgauge::stl_read::read_stl_file_timed(path, &mut p)?;
        let _ = check_mesh_timed(&mesh, &opts, &mut p);
        drop(mesh);
        p.lap("drop", Cores::One);
        totals.push(t.elapsed().as_secs_f64() * 1e3);
        all.push(p);
    }
    let total = median(totals);
    println!("{}: median of {runs} runs, wall ms", path.display());
    let mut one_core = 0.0;
    for (k, lap) in all[0].laps().iter().enumerate() {
        let ms = median(
            all.iter()
                .map(|p| p.laps()[k].wall.as_secs_f64() * 1e3)
                .collect(),
        );
        let cores = match lap.cores {
            Cores::One => {
                one_core += ms;
                "one core"
            }
            Cores::All => "all cores",
        };
        println!(
            "  {:<40} {ms:8.1}  {:5.1} %  {cores}",
            lap.name,
            100.0 * ms / total
        );
    }
    println!("  {:<40} {total:8.1}  (one core: {one_core:.1})", "total");
    Ok(())
}

fn bench(name: &str, mesh: &Mesh, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::temp_dir().join(format!("gapgauge_bench_{name}_{}.stl", std::process::id()));
    let f = std::fs::File::create(&path)?;
    gapgauge::stl::write_stl(f, mesh, "gapgauge bench_check")?;
    let bytes = std::fs::metadata(&path)?.len();
    let opts = bench_options();
    let (mut read, mut check, mut total, mut cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut gap = f64::NAN;
    for _ in 0..runs {
        let (t, c0) = (Instant::now(), cpu_ms());
        let m = read_stl_file(&path)?;
        let r = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let report = check_mesh(&m, &opts);
        let c = t.elapsed().as_secs_f64();
        gap = report.gaps.first().map_or(f64::NAN, |g| g.distance_mm);
        read.push(r * 1e3);
        check.push(c * 1e3);
        total.push((r + c) * 1e3);
        cpu.push(cpu_ms() - c0);
    }
    std::fs::remove_file(&path)?;
    println!(
        "{name:6} {:>9} triangles {:5.1} MB  read {:7.1} ms  check {:7.1} ms  total {:7.1} ms  cpu {:7.0} ms  (median of {runs}; gap {gap:.6} mm)",
        mesh.triangle_count(),
        bytes as f64 / 1e6,
        median(read),
        median(check),
        median(total),
        median(cpu),
    );
    println!("       peak memory so far {:.0} MB", peak_rss_mb());
    Ok(())
}

/// A scene's name and how to build it.
type Scene = (&'static str, fn() -> Mesh);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--phases") && args.len() >= 2 {
        let runs = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
        return phases(std::path::Path::new(&args[1]), runs);
    }
    let write_to = match args.first().map(String::as_str) {
        Some("--write") if args.len() >= 2 => {
            let dir = std::path::PathBuf::from(&args[1]);
            args.drain(..2);
            Some(dir)
        }
        _ => None,
    };
    let only = args.first().map(String::as_str).filter(|s| *s != "all");
    let runs = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let scenes: [Scene; 4] = [
        ("soup", soup),
        ("boxes", boxes),
        ("pin", pin),
        ("ball", ball),
    ];
    for (name, make) in scenes {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        match &write_to {
            Some(dir) => {
                let path = dir.join(format!("{name}.stl"));
                let f = std::io::BufWriter::new(std::fs::File::create(&path)?);
                gapgauge::stl::write_stl(f, &make(), "gapgauge bench_check")?;
                println!("wrote {}", path.display());
            }
            None => bench(name, &make(), runs)?,
        }
    }
    Ok(())
}
