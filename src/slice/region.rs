//! Polygons with holes: what one part fills in one layer.

use crate::geom::Point2;
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::simplify::SimplifyShape;
use i_overlay::float::single::SingleFloatOverlay;

/// One polygon: an outer boundary (counter-clockwise seen from above) and
/// its holes (clockwise). Closed implicitly: the first point is not
/// repeated at the end.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Polygon {
    /// Outer boundary, counter-clockwise.
    pub outer: Vec<Point2>,
    /// Holes, each clockwise.
    pub holes: Vec<Vec<Point2>>,
}

impl Polygon {
    /// Every ring: the outer boundary first, then the holes.
    pub fn rings(&self) -> impl Iterator<Item = &Vec<Point2>> {
        std::iter::once(&self.outer).chain(&self.holes)
    }
}

/// The area one part fills in one layer: zero or more polygons with holes,
/// disjoint.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Region {
    /// The polygons.
    pub polygons: Vec<Polygon>,
}

type Shapes = Vec<Vec<Vec<[f64; 2]>>>;

fn to_pts(ring: &[Point2]) -> Vec<[f64; 2]> {
    ring.iter().map(|p| [p.x, p.y]).collect()
}

/// Twice the signed area of a ring (positive counter-clockwise).
fn twice_area(ring: &[Point2]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y)
        })
        .sum()
}

/// A ring turned to wind counter-clockwise (`ccw`) or clockwise.
fn wound(ring: Vec<[f64; 2]>, ccw: bool) -> Vec<Point2> {
    let mut r: Vec<Point2> = ring.into_iter().map(|p| Point2::new(p[0], p[1])).collect();
    if (twice_area(&r) > 0.0) != ccw {
        r.reverse();
    }
    r
}

impl Region {
    /// The region closed loops enclose, by the non-zero winding rule: a loop
    /// counter-clockwise adds material, a clockwise one inside it is a hole
    /// (a bore, or a cavity's section). Self-overlaps are merged.
    pub fn from_loops(loops: &[Vec<Point2>]) -> Region {
        let contours: Vec<Vec<[f64; 2]>> = loops
            .iter()
            .filter(|l| l.len() >= 3)
            .map(|l| to_pts(l))
            .collect();
        if contours.is_empty() {
            return Region::default();
        }
        Region::from_shapes(contours.simplify_shape_as::<i64>(FillRule::Positive))
    }

    fn from_shapes(shapes: Shapes) -> Region {
        let polygons = shapes
            .into_iter()
            .filter_map(|shape| {
                let mut rings = shape.into_iter();
                let outer = wound(rings.next()?, true);
                let holes = rings.map(|h| wound(h, false)).collect();
                Some(Polygon { outer, holes })
            })
            .collect();
        Region { polygons }
    }

    fn to_shapes(&self) -> Shapes {
        self.polygons
            .iter()
            .map(|p| p.rings().map(|r| to_pts(r)).collect())
            .collect()
    }

    /// True when the region fills nothing.
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }

    /// Filled area (mm²): outer boundaries minus holes.
    pub fn area(&self) -> f64 {
        self.polygons
            .iter()
            .flat_map(|p| p.rings())
            .map(|r| twice_area(r) / 2.0)
            .sum()
    }

    /// Total length of every boundary, holes included (mm): the length of
    /// one perimeter loop around the region.
    pub fn perimeter(&self) -> f64 {
        self.edges().map(|(a, b)| (b - a).norm()).sum()
    }

    /// Every boundary edge as a pair of points.
    pub fn edges(&self) -> impl Iterator<Item = (Point2, Point2)> + '_ {
        self.polygons
            .iter()
            .flat_map(|p| p.rings())
            .flat_map(|r| (0..r.len()).map(move |i| (r[i], r[(i + 1) % r.len()])))
    }

    /// Smallest and largest corner, or `None` when empty.
    pub fn bbox(&self) -> Option<(Point2, Point2)> {
        let mut it = self.polygons.iter().flat_map(|p| p.outer.iter());
        let first = *it.next()?;
        Some(it.fold((first, first), |(lo, hi), p| (lo.inf(p), hi.sup(p))))
    }

    /// True when `p` lies in the filled area (boundary points may go
    /// either way).
    pub fn contains(&self, p: Point2) -> bool {
        // Crossing count over every ring: holes subtract themselves.
        let mut inside = false;
        for (a, b) in self.edges() {
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
                if x > p.x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// The area both regions fill.
    pub fn intersection(&self, other: &Region) -> Region {
        if self.is_empty() || other.is_empty() || !boxes_meet(self, other, 0.0) {
            return Region::default();
        }
        Region::from_shapes(self.to_shapes().overlay_as::<i64>(
            &other.to_shapes(),
            OverlayRule::Intersect,
            FillRule::Positive,
        ))
    }

    /// The area either region fills.
    pub fn union(&self, other: &Region) -> Region {
        Region::from_shapes(self.to_shapes().overlay_as::<i64>(
            &other.to_shapes(),
            OverlayRule::Union,
            FillRule::Positive,
        ))
    }
}

/// True when the two regions' boxes, grown by `margin`, meet.
pub(crate) fn boxes_meet(a: &Region, b: &Region, margin: f64) -> bool {
    match (a.bbox(), b.bbox()) {
        (Some((alo, ahi)), Some((blo, bhi))) => {
            alo.x <= bhi.x + margin
                && blo.x <= ahi.x + margin
                && alo.y <= bhi.y + margin
                && blo.y <= ahi.y + margin
        }
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A counter-clockwise axis-aligned rectangle.
    pub(crate) fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Point2> {
        vec![
            Point2::new(x0, y0),
            Point2::new(x1, y0),
            Point2::new(x1, y1),
            Point2::new(x0, y1),
        ]
    }

    #[test]
    fn inner_clockwise_loop_is_a_hole() {
        let mut hole = rect(1.0, 1.0, 2.0, 2.0);
        hole.reverse();
        let r = Region::from_loops(&[rect(0.0, 0.0, 3.0, 3.0), hole]);
        assert_eq!(r.polygons.len(), 1);
        assert_eq!(r.polygons[0].holes.len(), 1);
        assert!((r.area() - 8.0).abs() < 1e-9);
        assert!((r.perimeter() - 16.0).abs() < 1e-9);
        assert!(r.contains(Point2::new(0.5, 0.5)));
        assert!(!r.contains(Point2::new(1.5, 1.5)));
    }

    #[test]
    fn intersection_of_offset_squares() {
        let a = Region::from_loops(&[rect(0.0, 0.0, 2.0, 2.0)]);
        let b = Region::from_loops(&[rect(1.0, 1.5, 3.0, 3.0)]);
        assert!((a.intersection(&b).area() - 0.5).abs() < 1e-9);
        let far = Region::from_loops(&[rect(5.0, 5.0, 6.0, 6.0)]);
        assert!(a.intersection(&far).is_empty());
        assert!((a.union(&b).area() - 6.5).abs() < 1e-9);
    }
}
