//! Welding an STL file's corners into shared vertices, on every core,
//! with the same numbering whatever the number of threads.
//!
//! An STL file lists each triangle's three corners by value; a [`Mesh`]
//! shares them by index. Two corners are one vertex when their f32 bit
//! patterns are equal, with -0.0 taken as +0.0 (slicers weld them too).
//! Vertices are numbered in order of first use in the file, so defects
//! name the same vertices on one core and on many.
//!
//! Welding is a hash lookup per corner, most of the reading time. The
//! corners are cut into shards by a hash of their key; each thread owns
//! the keys of one shard and walks every corner in file order, so for
//! each corner of its shard it finds the *first* corner with that key
//! without talking to the other threads. One pass in file order then
//! numbers the first uses: nothing depends on thread timing.

use crate::check::phases::{Cores, Phases};
use crate::geom::{Mesh, Point};
use crate::parallel;
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU32, Ordering};

/// One corner as read: the bit patterns of its f32 coordinates, with
/// -0.0 turned into +0.0 (see [`corner`]).
pub(super) type Corner = [u32; 3];

/// The key of a corner read as `v`. `x + 0.0` turns -0.0 into +0.0 and
/// changes nothing else, so a corner written as -0 and as 0 is one vertex.
pub(super) fn corner(v: [f32; 3]) -> Corner {
    v.map(|x| (x + 0.0).to_bits())
}

/// Below this many corners the weld runs on the calling thread: starting
/// threads costs more than it saves.
const PARALLEL_CORNERS: usize = 150_000;

/// The mesh of `corners` (three per triangle, in file order): vertices in
/// order of first use, widened to f64.
pub(super) fn weld(corners: &[Corner], phases: &mut Phases) -> Mesh {
    let threads = if corners.len() < PARALLEL_CORNERS {
        1
    } else {
        parallel::cores()
    };
    let (first, vertices) = first_uses(corners, threads);
    phases.lap("weld: find first uses", Cores::All);
    // A few runs per thread even out their first-use counts.
    let runs = if threads == 1 { 1 } else { 4 * threads };
    let mesh = number(corners, &first, vertices, runs);
    phases.lap("weld: number vertices", Cores::All);
    mesh
}

/// For every corner, the index of the first corner with the same key
/// (itself for a first use), found by `shards` threads; and the number of
/// distinct keys.
fn first_uses(corners: &[Corner], shards: usize) -> (Vec<AtomicU32>, usize) {
    // Each corner is written by the one thread that owns its shard;
    // atomics make those disjoint writes safe without locking.
    let first: Vec<AtomicU32> = (0..corners.len()).map(|_| AtomicU32::new(0)).collect();
    let distinct = parallel::map(
        shards,
        |_| 1,
        |s| {
            let mut seen = FirstUses::with_capacity(corners.len() / 6 / shards + 1);
            for (c, key) in corners.iter().enumerate() {
                let h = mix(key);
                if shard_of(h, shards) == s {
                    let f = seen.first(key, h, c as u32);
                    first[c].store(f, Ordering::Relaxed);
                }
            }
            seen.map.len()
        },
    );
    (first, distinct.iter().sum())
}

/// Marks a first use in `first` once it holds its vertex number.
const NUMBERED: u32 = 1 << 31;

/// Number the vertices in order of first use, in `spans` runs of whole
/// triangles on every core: count each run's first uses, give each run
/// the numbers after the runs before it, write its vertices and mark its
/// first uses with their numbers; then every corner takes its first
/// use's number (a repeat's first use may lie in an earlier run, which
/// is numbered by then).
fn number(corners: &[Corner], first: &[AtomicU32], vertices: usize, spans: usize) -> Mesh {
    // The flag bit is free: there are fewer than 2^31 corners.
    debug_assert!(corners.len() < NUMBERED as usize);
    let runs = parallel::runs(corners.len() / 3, spans);
    let is_first = |c: usize| first[c].load(Ordering::Relaxed) as usize == c;
    let counts = parallel::map(
        runs.len(),
        |_| 1,
        |k| {
            (3 * runs[k].start..3 * runs[k].end)
                .filter(|&c| is_first(c))
                .count()
        },
    );
    // Zeroed memory is mapped lazily: each thread faults in its own piece.
    let mut points = vec![[0f64; 3]; vertices];
    parallel::each_mut(parallel::split_lengths(&mut points, &counts), |k, piece| {
        let mut next = counts[..k].iter().sum::<usize>() as u32;
        let mut out = piece.iter_mut();
        for c in 3 * runs[k].start..3 * runs[k].end {
            if is_first(c) {
                *out.next().expect("counted") = point(&corners[c]);
                first[c].store(next | NUMBERED, Ordering::Relaxed);
                next += 1;
            }
        }
    });
    let mut triangles = vec![[0u32; 3]; corners.len() / 3];
    let lengths: Vec<usize> = runs.iter().map(ExactSizeIterator::len).collect();
    parallel::each_mut(
        parallel::split_lengths(&mut triangles, &lengths),
        |k, piece| {
            for (t, tri) in (runs[k].start..).zip(piece) {
                *tri = [0, 1, 2].map(|j| {
                    let f = first[3 * t + j].load(Ordering::Relaxed);
                    let n = if f & NUMBERED == 0 {
                        first[f as usize].load(Ordering::Relaxed)
                    } else {
                        f
                    };
                    n & !NUMBERED
                });
            }
        },
    );
    Mesh {
        vertices: points.into_iter().map(Point::from).collect(),
        triangles,
    }
}

/// The f64 coordinates of a corner key.
fn point(key: &Corner) -> [f64; 3] {
    key.map(|b| f64::from(f32::from_bits(b)))
}

/// A multiplicative hash of a corner's three bit patterns: its top bits
/// pick a slot of the recent-corner table, bits below them the shard.
fn mix(key: &Corner) -> u64 {
    u64::from(key[0]).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ u64::from(key[1]).wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
        ^ u64::from(key[2]).wrapping_mul(0x1656_67b1_9e37_79f9)
}

/// The shard (0..shards) of a corner whose [`mix`] is `h`: bits 32..52,
/// well mixed and apart from the recent table's top bits.
fn shard_of(h: u64, shards: usize) -> usize {
    (((h >> 32) & 0xf_ffff) as usize * shards) >> 20
}

/// Slots in [`FirstUses::recent`] (a power of two): 64 KiB.
const RECENT: usize = 4096;

/// The first corner of every key seen so far in one shard.
struct FirstUses {
    map: FxHashMap<VertexKey, u32>,
    /// The most recent keys, by their top hash bits: a corner is mostly
    /// shared with triangles a few records earlier in the file, and this
    /// small table (in cache) answers those without a trip to the big
    /// map (a cache miss each). `u32::MAX` marks an empty slot.
    recent: Vec<(Corner, u32)>,
}

impl FirstUses {
    /// Room for about `keys` distinct keys.
    fn with_capacity(keys: usize) -> Self {
        let mut map = FxHashMap::default();
        map.reserve(keys);
        FirstUses {
            map,
            recent: vec![([0; 3], u32::MAX); RECENT],
        }
    }

    /// The first corner with `key` (whose [`mix`] is `h`), `c` itself if
    /// the key is new.
    fn first(&mut self, key: &Corner, h: u64, c: u32) -> u32 {
        let slot = (h >> (64 - RECENT.trailing_zeros())) as usize;
        let (seen, f) = self.recent[slot];
        if f != u32::MAX && seen == *key {
            return f;
        }
        let f = *self.map.entry(VertexKey(*key)).or_insert(c);
        self.recent[slot] = (*key, f);
        f
    }
}

/// A corner key for the map, hashed through [`mix`]: rustc-hash's Fx
/// step alone keeps only the low bits of each word in the bucket bits,
/// and those are all zero for round coordinates (1.0, 2.5, ...), which
/// would pile a grid of them into a few buckets.
#[derive(PartialEq, Eq)]
struct VertexKey(Corner);

impl std::hash::Hash for VertexKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(mix(&self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The corners of a 24 x 48 sphere's triangles, in order.
    fn sphere_corners() -> (Mesh, Vec<Corner>) {
        let s = crate::geom::fixtures::uv_sphere(Point::new(1.0, -2.0, 3.0), 7.0, 24, 48);
        let corners = (0..s.triangles.len())
            .flat_map(|t| s.corners(t))
            .map(|p| corner([p.x as f32, p.y as f32, p.z as f32]))
            .collect();
        (s, corners)
    }

    #[test]
    fn any_number_of_shards_numbers_vertices_by_first_use() {
        let (s, corners) = sphere_corners();
        let mut map = std::collections::HashMap::new();
        let ids: Vec<u32> = corners
            .iter()
            .map(|k| {
                let next = map.len() as u32;
                *map.entry(*k).or_insert(next)
            })
            .collect();
        for (shards, spans) in [(1, 1), (2, 8), (3, 5), (7, 13)] {
            let (first, distinct) = first_uses(&corners, shards);
            let m = number(&corners, &first, distinct, spans);
            assert_eq!(m.triangles.concat(), ids, "{shards} shards");
            assert_eq!(m.vertices.len(), map.len());
            assert_eq!(m.triangles.len(), s.triangles.len());
            for (t, tri) in m.triangles.iter().enumerate() {
                for (j, &v) in tri.iter().enumerate() {
                    let want = s.corners(t)[j].map(|x| f64::from(x as f32));
                    assert_eq!(m.vertices[v as usize], want, "{spans} spans");
                }
            }
        }
    }

    #[test]
    fn minus_zero_is_zero() {
        assert_eq!(corner([-0.0, 0.0, 1.0]), corner([0.0, -0.0, 1.0]));
        assert_ne!(corner([-1.0, 0.0, 1.0]), corner([1.0, 0.0, 1.0]));
    }

    #[test]
    fn round_coordinates_hash_to_many_buckets() {
        use std::hash::BuildHasher;
        // Integer-millimetre grid points: their f32 low mantissa bits are 0.
        let build = rustc_hash::FxBuildHasher;
        let mut buckets = std::collections::HashSet::new();
        let mut shards = [0usize; 2];
        for x in 0..20 {
            for y in 0..20 {
                for z in 0..20 {
                    let key = corner([x as f32, y as f32, z as f32]);
                    let _ = buckets.insert(build.hash_one(VertexKey(key)) & 0xfff);
                    shards[shard_of(mix(&key), 2)] += 1;
                }
            }
        }
        // 8000 keys into 4096 buckets: a good hash fills most of them,
        // and two shards share the keys about evenly.
        assert!(buckets.len() > 3000, "{}", buckets.len());
        assert!(shards.iter().all(|&n| n > 3500), "{shards:?}");
    }
}
