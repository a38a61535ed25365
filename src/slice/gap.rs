//! The smallest XY distance between two regions.

use super::region::Region;
use crate::geom::Point2;

/// The narrowest air between two parts in one layer.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Gap {
    /// Distance (mm); 0 when the regions touch or overlap.
    pub distance: f64,
    /// The closest point on the first region's boundary.
    pub a: Point2,
    /// The closest point on the second region's boundary.
    pub b: Point2,
}

impl Gap {
    /// Where the gap is: halfway between its two ends.
    pub fn at(&self) -> Point2 {
        Point2::from((self.a.coords + self.b.coords) / 2.0)
    }
}

/// The closest point to `p` on segment `a b`.
fn closest_on(p: Point2, a: Point2, b: Point2) -> Point2 {
    let d = b - a;
    let len2 = d.norm_squared();
    if len2 == 0.0 {
        return a;
    }
    a + d * ((p - a).dot(&d) / len2).clamp(0.0, 1.0)
}

/// Where segments `p q` and `r s` cross, if they do.
fn crossing(p: Point2, q: Point2, r: Point2, s: Point2) -> Option<Point2> {
    let (d1, d2) = (q - p, s - r);
    let den = d1.x * d2.y - d1.y * d2.x;
    if den == 0.0 {
        return None;
    }
    let w = r - p;
    let t = (w.x * d2.y - w.y * d2.x) / den;
    let u = (w.x * d1.y - w.y * d1.x) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then(|| p + d1 * t)
}

/// The closest pair of points between segments `p q` and `r s`.
fn segment_gap(p: Point2, q: Point2, r: Point2, s: Point2) -> Gap {
    if let Some(x) = crossing(p, q, r, s) {
        return Gap {
            distance: 0.0,
            a: x,
            b: x,
        };
    }
    [
        (p, closest_on(p, r, s)),
        (q, closest_on(q, r, s)),
        (closest_on(r, p, q), r),
        (closest_on(s, p, q), s),
    ]
    .into_iter()
    .map(|(a, b)| Gap {
        distance: (b - a).norm(),
        a,
        b,
    })
    .min_by(|x, y| x.distance.total_cmp(&y.distance))
    .expect("four candidates")
}

/// An edge with its x extent, for pruning.
struct Edge {
    p: Point2,
    q: Point2,
    x0: f64,
    x1: f64,
}

fn sorted_edges(r: &Region) -> Vec<Edge> {
    let mut v: Vec<Edge> = r
        .edges()
        .map(|(p, q)| Edge {
            p,
            q,
            x0: p.x.min(q.x),
            x1: p.x.max(q.x),
        })
        .collect();
    v.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    v
}

/// The smallest distance between `a` and `b`, or `None` when either is
/// empty or the gap is at least `limit` (pass `f64::INFINITY` for the exact
/// value at any distance). A region inside the other is at distance 0.
pub(crate) fn min_gap(a: &Region, b: &Region, limit: f64) -> Option<Gap> {
    if !super::region::boxes_meet(a, b, limit) {
        return None;
    }
    if let Some(g) = nested(a, b) {
        return Some(g);
    }
    let eb = sorted_edges(b);
    let mut best: Option<Gap> = None;
    let mut bound = limit;
    for (p, q) in a.edges() {
        let (x0, x1) = (p.x.min(q.x), p.x.max(q.x));
        // Edges of b sorted by their left end: past x1 + bound none can be
        // closer than the best so far.
        let end = eb.partition_point(|e| e.x0 <= x1 + bound);
        for e in &eb[..end] {
            if e.x1 < x0 - bound {
                continue;
            }
            let g = segment_gap(p, q, e.p, e.q);
            if g.distance < bound {
                bound = g.distance;
                best = Some(g);
                if bound == 0.0 {
                    return best;
                }
            }
        }
    }
    best
}

/// Distance 0 at a point of one region that lies inside the other when no
/// boundaries cross: a part sitting wholly inside another's section.
fn nested(a: &Region, b: &Region) -> Option<Gap> {
    let probe = |x: &Region, y: &Region| {
        x.polygons
            .iter()
            .map(|p| p.outer[0])
            .find(|&p| y.contains(p))
    };
    probe(a, b).or_else(|| probe(b, a)).map(|p| Gap {
        distance: 0.0,
        a: p,
        b: p,
    })
}

#[cfg(test)]
mod tests {
    use super::super::region::tests::rect;
    use super::*;

    #[test]
    fn gap_between_squares_and_its_place() {
        let a = Region::from_loops(&[rect(0.0, 0.0, 1.0, 1.0)]);
        let b = Region::from_loops(&[rect(1.25, 0.5, 2.0, 2.0)]);
        let g = min_gap(&a, &b, f64::INFINITY).unwrap();
        assert!((g.distance - 0.25).abs() < 1e-12);
        assert!((g.a.x - 1.0).abs() < 1e-12 && (g.b.x - 1.25).abs() < 1e-12);
        assert!(min_gap(&a, &b, 0.2).is_none(), "limit prunes");
    }

    #[test]
    fn nested_and_crossing_regions_touch() {
        let big = Region::from_loops(&[rect(0.0, 0.0, 5.0, 5.0)]);
        let small = Region::from_loops(&[rect(1.0, 1.0, 2.0, 2.0)]);
        assert_eq!(min_gap(&small, &big, f64::INFINITY).unwrap().distance, 0.0);
        let across = Region::from_loops(&[rect(4.0, 1.0, 6.0, 2.0)]);
        assert_eq!(min_gap(&big, &across, f64::INFINITY).unwrap().distance, 0.0);
    }

    #[test]
    fn pin_in_a_bore_keeps_its_radial_gap() {
        let circle = |r: f64, ccw: bool| {
            let mut v: Vec<Point2> = (0..64)
                .map(|k| {
                    let t = k as f64 * std::f64::consts::TAU / 64.0;
                    Point2::new(r * t.cos(), r * t.sin())
                })
                .collect();
            if !ccw {
                v.reverse();
            }
            v
        };
        let pin = Region::from_loops(&[circle(2.0, true)]);
        let tab = Region::from_loops(&[rect(-4.0, -4.0, 4.0, 4.0), circle(2.3, false)]);
        let g = min_gap(&pin, &tab, f64::INFINITY).unwrap();
        // The pin's corners face the middle of the bore's edges.
        let want = 0.3 * (std::f64::consts::PI / 64.0).cos();
        assert!((g.distance - want).abs() < 1e-9, "{g:?}");
    }
}
