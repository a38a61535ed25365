//! What a slicer prints in one layer, from the layer's region and its
//! neighbours': perimeter loops and their lengths, and infill areas by kind.
//!
//! This follows PrusaSlicer's classic recipe (docs/print-cost.md): a fixed
//! number of loops inset from every boundary, the outermost one the
//! external perimeter; inside them, infill that is solid within
//! `top_solid_layers` of a top surface or `bottom_solid_layers` of a bottom
//! one, the top surface itself slower, a bottom surface over air bridged,
//! and sparse infill everywhere else unless its island is smaller than
//! `solid_infill_below_area`.

use super::inset::inset;
use super::profile::CostProfile;
use crate::slice::Region;

/// Where infill ends, inside the last loop's centre line, in lines.
const INFILL_OVERLAP: f64 = 0.25;

/// One perimeter loop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loop {
    /// Length (mm).
    pub length: f64,
    /// The outermost loop of its boundary.
    pub external: bool,
}

/// One island of infill: its area and boundary length, which give its
/// lines' typical length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Patch {
    /// Area (mm²).
    pub area: f64,
    /// Boundary length, holes included (mm).
    pub perimeter: f64,
}

impl Patch {
    /// Mean length of a straight line across the patch (Cauchy's formula
    /// for convex shapes, π·area / perimeter): how long an infill line is.
    pub fn mean_chord(&self) -> f64 {
        if self.perimeter > 0.0 {
            std::f64::consts::PI * self.area / self.perimeter
        } else {
            0.0
        }
    }
}

/// Everything printed in one layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerWork {
    /// Perimeter loops.
    pub loops: Vec<Loop>,
    /// Solid infill inside the part.
    pub solid: Vec<Patch>,
    /// Exposed top surface (mm²).
    pub top_area: f64,
    /// Bottom surface over air (mm²), not on the first layer.
    pub bridge_area: f64,
    /// Sparse infill.
    pub sparse: Vec<Patch>,
    /// Where the sparse infill is (the next layer bridges it).
    pub sparse_region: Region,
    /// Islands of the layer (polygons of its region).
    pub islands: usize,
    /// Area of the layer's bounding box (mm²), for travel distances.
    pub bbox_area: f64,
}

/// Line width and spacing of one layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Extrusion width (mm).
    pub width: f64,
    /// Layer height (mm).
    pub height: f64,
}

impl Flow {
    /// Centre-to-centre distance of neighbouring lines: a bead is a
    /// rectangle with round ends, so neighbours overlap by
    /// `height * (1 - π/4)` (PrusaSlicer's `Flow::spacing`).
    pub fn spacing(&self) -> f64 {
        self.width - self.height * (1.0 - std::f64::consts::FRAC_PI_4)
    }

    /// Volume per mm of line (mm³/mm).
    pub fn mm3_per_mm(&self) -> f64 {
        self.height * self.spacing()
    }
}

fn patches(region: &Region) -> Vec<Patch> {
    region
        .polygons
        .iter()
        .map(|p| {
            let one = Region {
                polygons: vec![p.clone()],
            };
            Patch {
                area: one.area(),
                perimeter: one.perimeter(),
            }
        })
        .collect()
}

/// The loops of a region: `count` insets spaced one line apart, the first
/// half a line in.
fn perimeter_loops(region: &Region, flow: Flow, count: u32) -> (Vec<Loop>, Region) {
    let mut loops = Vec::new();
    let mut last = Region::default();
    for k in 0..count {
        let ring = inset(region, flow.width / 2.0 + f64::from(k) * flow.spacing());
        if ring.is_empty() {
            return (loops, Region::default());
        }
        for poly in &ring.polygons {
            for r in poly.rings() {
                let n = r.len();
                let length = (0..n).map(|i| (r[(i + 1) % n] - r[i]).norm()).sum();
                loops.push(Loop {
                    length,
                    external: k == 0,
                });
            }
        }
        last = ring;
    }
    // Infill reaches over the last loop's inner half, less a quarter of
    // a line of overlap that bonds the two (PrusaSlicer's `infill_overlap`,
    // 25 %): its boundary is a quarter line inside the loop's centre.
    (loops, inset(&last, INFILL_OVERLAP * flow.spacing()))
}

/// The part of `inner` that every region in `around` also covers: where
/// infill may be sparse.
fn covered_by_all(inner: &Region, around: &[&Region]) -> Region {
    let mut r = inner.clone();
    for other in around {
        if r.is_empty() {
            break;
        }
        r = r.intersection(other);
    }
    r
}

/// The infill islands of `inner` big enough to fill sparsely.
fn sparse_region(inner: &Region, around: &[&Region], p: &CostProfile) -> Region {
    let covered = covered_by_all(inner, around);
    Region {
        polygons: covered
            .polygons
            .into_iter()
            .filter(|poly| {
                let one = Region {
                    polygons: vec![poly.clone()],
                };
                one.area() >= p.solid_infill_below_area
            })
            .collect(),
    }
}

/// The work of layer `i` of `layers` (each layer's region: every part's
/// section together); `sparse_below` is the sparse infill of layer `i - 1`
/// ([`LayerWork::sparse_region`]), which the first solid layer above it
/// bridges.
pub fn layer_work(
    layers: &[Region],
    i: usize,
    sparse_below: &Region,
    flow: Flow,
    p: &CostProfile,
) -> LayerWork {
    let region = &layers[i];
    let (loops, inner) = perimeter_loops(region, flow, p.perimeters);
    let empty = Region::default();
    let at = |k: isize| -> &Region {
        usize::try_from(k)
            .ok()
            .and_then(|k| layers.get(k))
            .unwrap_or(&empty)
    };
    let i = i as isize;
    let inner_area = inner.area();
    let top_area = inner_area - inner.intersection(at(i + 1)).area();
    let mut around: Vec<&Region> = (1..=p.top_solid_layers as isize)
        .map(|k| at(i + k))
        .collect();
    around.extend((1..=p.bottom_solid_layers as isize).map(|k| at(i - k)));
    let sparse = sparse_region(&inner, &around, p);
    let sparse_area = sparse.area();
    // Bridged: over air (not on the first layer), and solid infill over
    // the sparse infill below (PrusaSlicer's internal bridges).
    let over_air = if i == 0 {
        0.0
    } else {
        inner_area - inner.intersection(at(i - 1)).area()
    };
    let over_sparse =
        inner.intersection(sparse_below).area() - sparse.intersection(sparse_below).area();
    let bridge_area = over_air + over_sparse.max(0.0);
    // What is neither top, bridge nor sparse is solid; scale the inner
    // islands to that area so their chords stay the islands' own.
    let solid_area = (inner_area - top_area - bridge_area - sparse_area).max(0.0);
    let scale = if inner_area > 0.0 {
        solid_area / inner_area
    } else {
        0.0
    };
    let solid = patches(&inner)
        .into_iter()
        .map(|s| Patch {
            area: s.area * scale,
            perimeter: s.perimeter,
        })
        .collect();
    let bbox_area = region
        .bbox()
        .map_or(0.0, |(lo, hi)| (hi.x - lo.x) * (hi.y - lo.y));
    LayerWork {
        loops,
        solid,
        top_area,
        bridge_area,
        sparse: patches(&sparse),
        sparse_region: sparse,
        islands: region.polygons.len(),
        bbox_area,
    }
}
