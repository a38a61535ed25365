//! A region shrunk inward: where a slicer's perimeter loops and infill go.

use crate::slice::Region;
use i_overlay::mesh::float::outline::offset::OutlineOffset;
use i_overlay::mesh::float::style::OutlineStyle;

/// `region` shrunk by `distance` mm on every boundary (holes grow). Parts
/// narrower than twice the distance vanish, as a slicer's loops do where a
/// wall is too thin for them.
pub fn inset(region: &Region, distance: f64) -> Region {
    if region.is_empty() {
        return Region::default();
    }
    let shapes: Vec<Vec<Vec<[f64; 2]>>> = region
        .polygons
        .iter()
        .map(|p| {
            p.rings()
                .map(|r| r.iter().map(|q| [q.x, q.y]).collect())
                .collect()
        })
        .collect();
    let out = shapes.outline_as::<i64>(&OutlineStyle::new(-distance));
    let loops: Vec<Vec<crate::geom::Point2>> = out
        .into_iter()
        .flatten()
        .map(|ring| {
            ring.into_iter()
                .map(|p| crate::geom::Point2::new(p[0], p[1]))
                .collect()
        })
        .collect();
    Region::from_loops(&loops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Point2;

    fn square(x0: f64, y0: f64, x1: f64, y1: f64, ccw: bool) -> Vec<Point2> {
        let mut r = vec![
            Point2::new(x0, y0),
            Point2::new(x1, y0),
            Point2::new(x1, y1),
            Point2::new(x0, y1),
        ];
        if !ccw {
            r.reverse();
        }
        r
    }

    #[test]
    fn outer_shrinks_and_holes_grow() {
        let r = Region::from_loops(&[
            square(0.0, 0.0, 10.0, 10.0, true),
            square(4.0, 4.0, 6.0, 6.0, false),
        ]);
        let i = inset(&r, 1.0);
        // Outer 8 x 8, hole 4 x 4 (corners of a grown hole are rounded or
        // bevelled, so a little less than 16 comes off).
        let a = i.area();
        assert!(a > 64.0 - 16.0 - 1e-6 && a < 64.0 - 12.0, "{a}");
        assert!(inset(&r, 3.0).is_empty());
    }
}
