//! Which pairs of parts `check` measures and lists, within bounded time
//! and memory however many parts crowd together.
//!
//! A plate of a thousand parts, or a soup of loose triangles (each one a
//! "part"), has up to n^2 / 2 pairs within the search distance; listing
//! them all cost the old `check` minutes and gigabytes. What a maker needs
//! is each part's nearest neighbour (is anything close?) and every pair
//! under the limit (what will fuse?). Pairs are visited in a sweep along
//! x; a pair is measured only as far as it could still matter (the limit,
//! or either part's nearest distance so far), so most measurements stop
//! at the first box test. Kept pairs are trimmed to the closest few
//! thousand as they accumulate; counters keep the totals exact.

use super::{CheckOptions, CheckReport, GapReport, PartReport, f32_tolerance, xyz};
use crate::geom::bvh::Bvh;
use crate::geom::distance::{Proximity, min_distance_bvh};
use crate::geom::inside::contains;
use crate::geom::{Aabb, Point};

/// What the pair search needs of one part.
pub(super) struct PartGeom<'a> {
    /// The part's tree (outer shell and cavities).
    pub tree: &'a Bvh,
    /// File triangle index of each tree triangle index.
    pub ids: &'a [u32],
    /// Bounding box of the outer shell.
    pub bb: Aabb,
    /// A vertex of the outer shell, to test whether the part lies inside
    /// another's material.
    pub probe: Point,
    /// The part has no open edge: it has an inside, so another part can
    /// lie in its material. (A loose triangle has none: without this, a
    /// ray from a neighbour's corner crossing it once read as "inside".)
    pub closed: bool,
}

/// Pairs found by [`select`], before listing.
pub(super) struct Selected {
    /// Pairs under the keep distance (the limit, or with layers a layer
    /// height), nested pairs, or every pair with `all_pairs`.
    pub kept: Vec<GapReport>,
    /// Each part's nearest neighbour within the search distance (boxed:
    /// a sweep run holds one such list for every part).
    pub nearest: Vec<Option<Box<GapReport>>>,
    /// Flagged pairs trimmed away to bound memory (counted, not listed).
    pub dropped_small: usize,
    /// After a trim: the last pair kept. A new pair that would list after
    /// it is only counted, never built (millions of touching pairs in a
    /// triangle soup).
    pub worst_kept: Option<(bool, f64, usize, usize)>,
}

/// How many kept pairs are held before trimming to the closest ones.
fn keep_cap(opts: &CheckOptions) -> usize {
    if opts.all_pairs {
        usize::MAX
    } else {
        opts.gaps_listed.saturating_mul(4).max(1000)
    }
}

/// The distance the search reaches: the search distance, widened to the
/// minimum gap and to a layer height (parts a layer apart can rest on
/// each other).
pub(super) fn reach(opts: &CheckOptions) -> f64 {
    let min = opts.min_gap.as_ref().map_or(0.0, |m| m.mm);
    let layer = opts.layers.map_or(0.0, |p| p.first().max(p.height()));
    opts.gap_search_mm.max(min).max(layer)
}

/// Is distance `d` too small for the 3D verdict, with tolerance `tol`?
pub(super) fn too_small_3d(d: f64, tol: f64, opts: &CheckOptions) -> bool {
    match &opts.min_gap {
        Some(m) => d < m.mm - tol,
        None => d <= tol,
    }
}

/// Below this distance a pair is kept (measured exactly and, with a
/// layer plan, sliced).
fn keep_below(tol: f64, opts: &CheckOptions) -> f64 {
    let limit = match &opts.min_gap {
        Some(m) => m.mm - tol,
        None => tol,
    };
    let layer = opts.layers.map_or(0.0, |p| p.first().max(p.height()) + tol);
    limit.max(layer)
}

fn report(
    i: usize,
    j: usize,
    p: &Proximity,
    parts: &[PartGeom],
    tol: f64,
    opts: &CheckOptions,
) -> GapReport {
    GapReport {
        part_a: i,
        part_b: j,
        distance_mm: p.distance,
        point_a: xyz(&p.point_a),
        point_b: xyz(&p.point_b),
        triangle_a: parts[i].ids[p.triangle_a] as usize,
        triangle_b: parts[j].ids[p.triangle_b] as usize,
        tolerance_mm: tol,
        too_small: too_small_3d(p.distance, tol, opts),
        nested: None,
        layers: None,
    }
}

/// Does one closed part's box hold the other's (the only way one part
/// can lie inside another's material)? The (outer, inner) candidates,
/// either way round.
fn nesting(i: usize, j: usize, parts: &[PartGeom]) -> [Option<(usize, usize)>; 2] {
    let holds = |o: usize, n: usize| {
        let (bo, bn) = (&parts[o].bb, &parts[n].bb);
        parts[o].closed && (0..3).all(|k| bo.min[k] <= bn.min[k] && bn.max[k] <= bo.max[k])
    };
    [holds(i, j).then_some((i, j)), holds(j, i).then_some((j, i))]
}

/// Below this many parts the sweep runs as one run on one thread.
const PARALLEL_PARTS: usize = 256;

/// Runs the sweep is cut into per core above [`PARALLEL_PARTS`]. The
/// answer does not depend on it (the test below holds 1, 2, 7 and 16
/// runs to the same report); each run holds a nearest-neighbour list for
/// every part, so few runs keep memory low.
const RUNS_PER_CORE: usize = 2;

/// Sweep the parts and measure the pairs that matter.
///
/// Many parts: the sweep's outer loop is cut into [`RUNS_PER_CORE`] runs
/// per core of consecutive parts, searched on all cores, each with its own nearest
/// distances so far (which only prune: a run that knows less measures
/// more, never less), then merged in sweep order. Every pair belongs to
/// one run, and the first pair in sweep order at the smallest distance
/// stays each part's nearest neighbour, as in one run.
pub(super) fn select(parts: &[PartGeom], opts: &CheckOptions) -> Selected {
    let runs = if parts.len() >= PARALLEL_PARTS {
        RUNS_PER_CORE * crate::parallel::cores()
    } else {
        1
    };
    select_in_runs(parts, opts, runs)
}

/// [`select`] with the sweep cut into `runs` runs.
fn select_in_runs(parts: &[PartGeom], opts: &CheckOptions, runs: usize) -> Selected {
    // Boxes in one contiguous array in sweep order: the inner loop runs
    // over every close pair and must not chase pointers.
    let mut by_x: Vec<(Aabb, usize)> = parts.iter().map(|p| p.bb).zip(0..).collect();
    by_x.sort_by(|a, b| a.0.min.x.total_cmp(&b.0.min.x).then(a.1.cmp(&b.1)));
    let n = by_x.len();
    let start = |r: usize| r * n / runs;
    let swept = crate::parallel::map(
        runs,
        |r| start(r + 1) - start(r),
        |r| sweep(parts, opts, &by_x, start(r)..start(r + 1)),
    );
    merge(swept, parts.len(), keep_cap(opts))
}

/// Merge runs of the sweep, given in sweep order.
fn merge(runs: Vec<Selected>, parts: usize, cap: usize) -> Selected {
    let mut sel = Selected {
        kept: Vec::new(),
        nearest: vec![None; parts],
        dropped_small: 0,
        worst_kept: None,
    };
    for run in runs {
        sel.dropped_small += run.dropped_small;
        for (mine, theirs) in sel.nearest.iter_mut().zip(run.nearest) {
            if let Some(g) = theirs
                && mine.as_ref().is_none_or(|m| g.distance_mm < m.distance_mm)
            {
                *mine = Some(g);
            }
        }
        sel.kept.extend(run.kept);
        if sel.kept.len() >= cap.saturating_mul(2) {
            trim(&mut sel, cap);
        }
    }
    sel
}

/// One run of the sweep: the pairs whose first part (in sweep order) is
/// at positions `outer` of `by_x`.
fn sweep(
    parts: &[PartGeom],
    opts: &CheckOptions,
    by_x: &[(Aabb, usize)],
    outer: std::ops::Range<usize>,
) -> Selected {
    let search = reach(opts);
    let cap = keep_cap(opts);
    let mut sel = Selected {
        kept: Vec::new(),
        nearest: vec![None; parts.len()],
        dropped_small: 0,
        worst_kept: None,
    };
    let nearest_d = |n: &Option<Box<GapReport>>| n.as_ref().map_or(search, |g| g.distance_mm);
    for k in outer {
        let (bi, i) = by_x[k];
        for &(bj, j) in &by_x[k + 1..] {
            if bj.min.x > bi.max.x + search {
                break;
            }
            let box_d = bi.distance(&bj);
            if box_d > search {
                continue;
            }
            let (a, b) = (i.min(j), i.max(j));
            let tol = f32_tolerance(&bi, &bj);
            let keep = keep_below(tol, opts);
            let want = if opts.all_pairs {
                search
            } else {
                keep.max(nearest_d(&sel.nearest[a]))
                    .max(nearest_d(&sel.nearest[b]))
                    .min(search)
            };
            let nest = nesting(a, b, parts);
            if nest.iter().all(Option::is_none) && box_d > want {
                continue;
            }
            let prox = min_distance_bvh(parts[a].tree, parts[b].tree, want);
            let inner = if prox.is_some_and(|p| p.distance <= tol) {
                None // touching or crossing: already fused
            } else {
                nest.iter()
                    .flatten()
                    .find(|&&(outer, inner)| contains(parts[outer].tree, &parts[inner].probe))
                    .map(|&(_, inner)| inner)
            };
            let prox = match (prox, inner) {
                (Some(p), _) => p,
                (None, Some(_)) => {
                    match min_distance_bvh(parts[a].tree, parts[b].tree, f64::INFINITY) {
                        Some(p) => p,
                        None => continue,
                    }
                }
                (None, None) => continue,
            };
            let small = inner.is_some() || too_small_3d(prox.distance, tol, opts);
            let improves = |n: &Option<Box<GapReport>>| match n {
                Some(g) => prox.distance < g.distance_mm,
                None => prox.distance <= search,
            };
            let better = [improves(&sel.nearest[a]), improves(&sel.nearest[b])];
            let kept = opts.all_pairs || inner.is_some() || prox.distance < keep || small;
            if better == [false, false] && kept && lists_after(&sel, small, prox.distance, a, b) {
                sel.dropped_small += usize::from(small);
                continue;
            }
            let mut g = report(a, b, &prox, parts, tol, opts);
            if let Some(n) = inner {
                g.nested = Some(n);
                g.too_small = true;
            }
            for (p, better) in [a, b].into_iter().zip(better) {
                if better {
                    sel.nearest[p] = Some(Box::new(g.clone()));
                }
            }
            if kept {
                sel.kept.push(g);
                if sel.kept.len() >= cap.saturating_mul(2) {
                    trim(&mut sel, cap);
                }
            }
        }
    }
    sel
}

/// Listing order: flagged first, then closest, then by part numbers.
fn order(a: &GapReport, b: &GapReport) -> std::cmp::Ordering {
    b.too_small
        .cmp(&a.too_small)
        .then(a.distance_mm.total_cmp(&b.distance_mm))
        .then((a.part_a, a.part_b).cmp(&(b.part_a, b.part_b)))
}

/// Keep the `cap` first kept pairs in listing order; count the rest.
fn trim(sel: &mut Selected, cap: usize) {
    sel.kept.sort_by(order);
    for g in sel.kept.drain(cap.min(sel.kept.len())..) {
        sel.dropped_small += usize::from(g.too_small);
    }
    sel.worst_kept = sel
        .kept
        .last()
        .map(|g| (g.too_small, g.distance_mm, g.part_a, g.part_b));
}

/// Would a pair list after the last one kept at the latest trim (so a
/// trim would drop it anyway)? Same order as [`order`].
fn lists_after(sel: &Selected, small: bool, d: f64, a: usize, b: usize) -> bool {
    sel.worst_kept
        .is_some_and(|(ws, wd, wa, wb)| (!small && ws) || (small == ws && (d, a, b) > (wd, wa, wb)))
}

/// The report: kept pairs that are flagged (or all, with `all_pairs`)
/// and every part's nearest neighbour, in listing order, capped.
pub(super) fn finish(
    sel: Selected,
    opts: &CheckOptions,
    base: CheckReport,
    parts: Vec<PartReport>,
) -> CheckReport {
    let nearest: std::collections::BTreeSet<(usize, usize)> = sel
        .nearest
        .iter()
        .flatten()
        .map(|g| (g.part_a, g.part_b))
        .collect();
    let mut listed: Vec<GapReport> = Vec::new();
    let mut in_kept = std::collections::BTreeSet::new();
    for g in sel.kept {
        if g.too_small || opts.all_pairs || nearest.contains(&(g.part_a, g.part_b)) {
            in_kept.insert((g.part_a, g.part_b));
            listed.push(g);
        }
    }
    // A flagged pair is always kept, so a flagged nearest neighbour that
    // is not in the kept list was trimmed away and is already counted in
    // `dropped_small`: list it, but do not count it twice.
    let mut recounted = 0;
    for g in sel.nearest.into_iter().flatten() {
        if in_kept.insert((g.part_a, g.part_b)) {
            recounted += usize::from(g.too_small);
            listed.push(*g);
        }
    }
    listed.sort_by(order);
    let small = listed.iter().filter(|g| g.too_small).count() + sel.dropped_small - recounted;
    let count = listed.len() + sel.dropped_small - recounted;
    if !opts.all_pairs {
        listed.truncate(opts.gaps_listed);
    }
    CheckReport {
        parts,
        gap_count: count,
        small_gap_count: small,
        gaps: listed,
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::distance::triangle_distance;
    use crate::geom::{Mesh, Point};

    /// A soup of `n` random triangles in a `size` mm cube, each its own
    /// part (with its own one-triangle tree).
    fn soup(n: usize, size: f64) -> Vec<Bvh> {
        let mut unit = crate::geom::fixtures::unit_random(0x2545_f491_4f6c_dd1d);
        let mut next = move || unit() * size;
        (0..n)
            .map(|_| {
                let mut m = Mesh::new();
                let v = [(); 3].map(|_| m.add_vertex(Point::new(next(), next(), next())));
                m.add_triangle(v[0], v[1], v[2]);
                Bvh::build(&m)
            })
            .collect()
    }

    fn report(sel: Selected, opts: &CheckOptions, parts: usize) -> CheckReport {
        let base = CheckReport {
            triangles: parts,
            vertices: 3 * parts,
            min_gap: None,
            gap_search_mm: opts.gap_search_mm,
            layers: None,
            layer_error: None,
            parts: Vec::new(),
            gap_count: 0,
            small_gap_count: 0,
            gaps: Vec::new(),
        };
        finish(sel, opts, base, Vec::new())
    }

    #[test]
    fn runs_on_many_cores_give_the_one_run_answer() {
        // Loose triangles in a 40 mm cube (many touch, most are within the
        // search distance of many others), then in a 400 mm cube (few
        // touch: nearest neighbours decide).
        for size in [40.0, 400.0] {
            let trees = soup(600, size);
            let ids = [0u32];
            let parts: Vec<PartGeom> = trees
                .iter()
                .map(|t| PartGeom {
                    tree: t,
                    ids: &ids,
                    bb: t.bbox(),
                    probe: t.tris[0][0],
                    closed: false,
                })
                .collect();
            let opts = CheckOptions {
                gaps_listed: 50,
                ..CheckOptions::default()
            };
            let one = report(select_in_runs(&parts, &opts, 1), &opts, parts.len());
            assert!(one.gap_count > 50 && one.gaps.len() == 50, "{size}");
            // Every touching pair counted once, trimmed or listed.
            let mut touching = 0;
            for (i, a) in trees.iter().enumerate() {
                for b in &trees[i + 1..] {
                    let d = triangle_distance(&a.tris[0], &b.tris[0]).0;
                    touching += usize::from(d <= f32_tolerance(&a.bbox(), &b.bbox()));
                }
            }
            assert_eq!(one.small_gap_count, touching, "{size}");
            for runs in [2, 7, 16] {
                let many = report(select_in_runs(&parts, &opts, runs), &opts, parts.len());
                assert_eq!(many, one, "{runs} runs, {size} mm");
            }
        }
    }
}
