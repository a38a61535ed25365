//! Times one pair's minimum-distance query, tree builds apart, on an STL
//! file: part B is the file's last shell, part A every other shell (for
//! the `bench_check --write` scenes: the pin or ball, and its housing).
//!
//! Run with `cargo run --release --example bench_distance FILE.stl [RUNS]`
//! (default 5 runs; medians are printed). Query CPU time is user + system
//! time of the whole process over the query, on every core it used; run it
//! under `taskset -c 0` to time one core, as `tools/fcl-distance.py` does
//! for python-fcl on the same file and split.

use gapgauge::check::split_shells;
use gapgauge::geom::Mesh;
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::stl_read::read_stl_file;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_ms;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: bench_distance FILE.stl [RUNS]".into());
    };
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let mesh = read_stl_file(std::path::Path::new(path))?;
    let mut shells = split_shells(&mesh);
    let b = shells.pop().ok_or("no triangles")?.mesh;
    let mut a = Mesh::new();
    for s in &shells {
        a.append(&s.mesh);
    }
    println!(
        "A {} triangles, B {} triangles (the last {} of the file)",
        a.triangle_count(),
        b.triangle_count(),
        b.triangle_count()
    );
    let (mut build, mut query, mut query_cpu) = (Vec::new(), Vec::new(), Vec::new());
    let mut d = f64::NAN;
    for _ in 0..runs {
        let t = Instant::now();
        let (ta, tb) = (Bvh::build(&a), Bvh::build(&b));
        build.push(t.elapsed().as_secs_f64() * 1e3);
        let (t, c) = (Instant::now(), cpu_ms());
        let p = min_distance_bvh(&ta, &tb, f64::INFINITY).ok_or("no distance")?;
        query.push(t.elapsed().as_secs_f64() * 1e3);
        query_cpu.push(cpu_ms() - c);
        d = p.distance;
    }
    println!(
        "distance {d:.12} mm  build {:.1} ms  query {:.1} ms wall, {:.0} ms cpu  (median of {runs})",
        median(build),
        median(query),
        median(query_cpu)
    );
    Ok(())
}
