//! CPU time for the benchmarks (shared by `bench_check` and
//! `bench_distance` through `#[path]`).

/// CPU time of this process so far (user + system), in ms, from
/// /proc/self/stat (clock ticks of 10 ms); NaN where that is not
/// available. On a shared machine wall time mostly measures the others'
/// load; CPU time says what the check itself costs.
pub fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the parenthesised command name; utime and stime are
    // fields 14 and 15 of the whole line.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    if f.len() == 2 {
        (f[0] + f[1]) * 10.0
    } else {
        f64::NAN
    }
}
