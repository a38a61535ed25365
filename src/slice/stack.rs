//! Every part sectioned at every layer, and the questions asked of it.

use super::gap::{Gap, min_gap};
use super::plan::{Layer, LayerPlan, SliceError};
use super::region::Region;
use super::section::section;
use crate::geom::Mesh;

/// Parts sectioned layer by layer.
#[derive(Debug, Clone)]
pub struct SliceStack {
    /// The layers, bottom up.
    pub layers: Vec<Layer>,
    /// `sections[layer][part]`.
    sections: Vec<Vec<Region>>,
    /// Per part: chains that did not close, summed over layers (0 for a
    /// closed mesh; a checker reports anything else as an open shell).
    open_chains: Vec<usize>,
}

/// The smallest gap between two parts in one layer.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LayerGap {
    /// The layer.
    pub layer: Layer,
    /// The two parts (indices as passed to [`slice()`]), `a < b`; the same
    /// part twice for a gap inside one part ([`SliceStack::gaps_within`]).
    pub parts: (usize, usize),
    /// The gap and where it is.
    pub gap: Gap,
}

/// Where one part's layer overlaps another part's section in the layer
/// below: the slicer lays the upper part's extrusion on the lower part.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Overlap {
    /// Overlapping area (mm²).
    pub area: f64,
    /// Typical width of the overlap (mm): 2 × area / perimeter, exact for a
    /// long thin strip, which is what a layer step over a slope leaves.
    pub width: f64,
    /// The overlap itself.
    pub region: Region,
}

/// One part resting on another across two consecutive layers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Fusion {
    /// The upper layer (the lower one is `upper.index - 1`).
    pub upper: Layer,
    /// The part printed in the upper layer.
    pub upper_part: usize,
    /// The part it rests on in the layer below.
    pub lower_part: usize,
    /// The overlap.
    pub overlap: Overlap,
}

/// Section `parts` at every layer of `plan` up to the top of the highest
/// part. Part `i` of the stack is `parts[i]`; each may hold several shells
/// (a cavity is an inward-wound inner shell).
pub fn slice(parts: &[&Mesh], plan: &LayerPlan) -> Result<SliceStack, SliceError> {
    let top = parts
        .iter()
        .map(|m| m.bbox())
        .filter(|b| !b.is_empty())
        .map(|b| b.max.z)
        .fold(0.0, f64::max);
    let layers = plan.layers_below(top)?;
    let cuts: Vec<f64> = layers.iter().map(|l| l.cut).collect();
    let mut sections = vec![Vec::with_capacity(parts.len()); layers.len()];
    let mut open_chains = Vec::with_capacity(parts.len());
    for mesh in parts {
        let per_layer = section(mesh, &cuts);
        open_chains.push(per_layer.iter().map(|l| l.open_chains).sum());
        for (row, loops) in sections.iter_mut().zip(per_layer) {
            row.push(Region::from_loops(&loops.loops));
        }
    }
    Ok(SliceStack {
        layers,
        sections,
        open_chains,
    })
}

impl SliceStack {
    /// Number of parts.
    pub fn part_count(&self) -> usize {
        self.open_chains.len()
    }

    /// What `part` fills in layer `layer`.
    pub fn section(&self, layer: usize, part: usize) -> &Region {
        &self.sections[layer][part]
    }

    /// Chains of `part` that did not close, over all layers: 0 for a closed
    /// mesh.
    pub fn open_chains(&self, part: usize) -> usize {
        self.open_chains[part]
    }

    /// The smallest XY gap between parts `a` and `b` in `layer`, or `None`
    /// when either is absent from it.
    pub fn gap(&self, layer: usize, a: usize, b: usize) -> Option<Gap> {
        min_gap(
            self.section(layer, a),
            self.section(layer, b),
            f64::INFINITY,
        )
    }

    /// Every layer and pair of parts whose gap is under `below` mm
    /// (touching and overlapping pairs included, at distance 0), bottom
    /// up. Pairs farther apart are pruned by their bounding boxes, so this
    /// stays cheap with many parts.
    pub fn gaps_under(&self, below: f64) -> Vec<LayerGap> {
        let n = self.part_count();
        let mut out = Vec::new();
        for (layer, row) in self.layers.iter().zip(&self.sections) {
            for a in 0..n {
                for b in a + 1..n {
                    if let Some(gap) = min_gap(&row[a], &row[b], below) {
                        out.push(LayerGap {
                            layer: *layer,
                            parts: (a, b),
                            gap,
                        });
                    }
                }
            }
        }
        out
    }

    /// Air gaps inside one part: every layer where two of `part`'s own
    /// polygons come closer than `below` mm without touching (a slit that
    /// splits the section, as in a slot comb). Polygons that touch are one
    /// solid and are not reported.
    pub fn gaps_within(&self, part: usize, below: f64) -> Vec<LayerGap> {
        let mut out = Vec::new();
        for (layer, row) in self.layers.iter().zip(&self.sections) {
            let pieces: Vec<Region> = row[part]
                .polygons
                .iter()
                .map(|p| Region {
                    polygons: vec![p.clone()],
                })
                .collect();
            for i in 0..pieces.len() {
                for j in i + 1..pieces.len() {
                    if let Some(gap) = min_gap(&pieces[i], &pieces[j], below)
                        && gap.distance > 0.0
                    {
                        out.push(LayerGap {
                            layer: *layer,
                            parts: (part, part),
                            gap,
                        });
                    }
                }
            }
        }
        out
    }

    /// How much of `upper_part`'s section in layer `layer` lies on
    /// `lower_part`'s section in layer `layer - 1`, or `None` when nothing
    /// does (or `layer` is 0).
    pub fn rests_on(&self, layer: usize, upper_part: usize, lower_part: usize) -> Option<Overlap> {
        if layer == 0 {
            return None;
        }
        let region = self
            .section(layer, upper_part)
            .intersection(self.section(layer - 1, lower_part));
        let area = region.area();
        if region.is_empty() || area <= 0.0 {
            return None;
        }
        let width = 2.0 * area / region.perimeter();
        Some(Overlap {
            area,
            width,
            region,
        })
    }

    /// Every part resting on another across consecutive layers with an
    /// overlap wider than `min_width` mm, bottom up.
    pub fn fusions(&self, min_width: f64) -> Vec<Fusion> {
        let n = self.part_count();
        let mut out = Vec::new();
        for layer in 1..self.layers.len() {
            for up in 0..n {
                for low in (0..n).filter(|&l| l != up) {
                    if let Some(overlap) = self.rests_on(layer, up, low)
                        && overlap.width > min_width
                    {
                        out.push(Fusion {
                            upper: self.layers[layer],
                            upper_part: up,
                            lower_part: low,
                            overlap,
                        });
                    }
                }
            }
        }
        out
    }

    /// Filled area of `part` in each layer (mm²), for print-time and
    /// material estimates.
    pub fn areas(&self, part: usize) -> Vec<f64> {
        self.sections.iter().map(|row| row[part].area()).collect()
    }

    /// Boundary length of `part` in each layer (mm): one perimeter loop.
    pub fn perimeters(&self, part: usize) -> Vec<f64> {
        self.sections
            .iter()
            .map(|row| row[part].perimeter())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Point;
    use crate::geom::fixtures::tessellated_box;

    fn cube(x0: f64, y0: f64, z0: f64, x1: f64, y1: f64, z1: f64) -> Mesh {
        tessellated_box(Point::new(x0, y0, z0), Point::new(x1, y1, z1), 1)
    }

    #[test]
    fn gap_per_layer_and_layer_count() {
        let a = cube(0.0, 0.0, 0.0, 1.0, 1.0, 1.0);
        let b = cube(1.3, 0.0, 0.0, 2.0, 1.0, 0.5);
        let s = slice(&[&a, &b], &LayerPlan::new(0.2, 0.2).unwrap()).unwrap();
        assert_eq!(s.layers.len(), 5);
        assert!((s.gap(0, 0, 1).unwrap().distance - 0.3).abs() < 1e-9);
        assert!(s.gap(3, 0, 1).is_none(), "b ends at 0.5");
        assert_eq!(s.gaps_under(0.31).len(), 3);
        assert!(s.gaps_under(0.29).is_empty());
        assert_eq!(s.open_chains(0), 0);
    }

    #[test]
    fn a_step_onto_another_part_is_a_fusion() {
        // b's top layer ends at 0.4; a overhangs it from 0.4 up by 0.1 mm.
        let lower = cube(0.0, 0.0, 0.0, 1.0, 1.0, 0.4);
        let upper = cube(0.9, 0.0, 0.4, 2.0, 1.0, 1.0);
        let s = slice(&[&lower, &upper], &LayerPlan::new(0.2, 0.2).unwrap()).unwrap();
        let f = s.fusions(1e-6);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].upper_part, f[0].lower_part, f[0].upper.index),
            (1, 0, 2)
        );
        assert!((f[0].overlap.area - 0.1).abs() < 1e-9);
        assert!((f[0].overlap.width - 0.1 / 1.1).abs() < 1e-9);
        // Beside it with air instead: nothing.
        let apart = cube(1.1, 0.0, 0.4, 2.0, 1.0, 1.0);
        let s = slice(&[&lower, &apart], &LayerPlan::new(0.2, 0.2).unwrap()).unwrap();
        assert!(s.fusions(0.0).is_empty());
    }

    #[test]
    fn a_slit_inside_one_part_is_a_gap_within_it() {
        let mut comb = cube(0.0, 0.0, 0.0, 3.0, 1.0, 0.4);
        comb.append(&cube(0.0, 0.0, 0.4, 1.0, 1.0, 1.0));
        comb.append(&cube(1.08, 0.0, 0.4, 3.0, 1.0, 1.0));
        let s = slice(&[&comb], &LayerPlan::new(0.2, 0.2).unwrap()).unwrap();
        let g = s.gaps_within(0, 0.1);
        assert_eq!(g.len(), 3, "{g:?}");
        assert!(g.iter().all(|g| (g.gap.distance - 0.08).abs() < 1e-9));
    }

    #[test]
    fn areas_and_perimeters_per_layer() {
        let a = cube(0.0, 0.0, 0.0, 2.0, 3.0, 0.6);
        let s = slice(&[&a], &LayerPlan::new(0.3, 0.15).unwrap()).unwrap();
        assert_eq!(s.layers.len(), 3);
        assert!(s.areas(0).iter().all(|&x| (x - 6.0).abs() < 1e-9));
        assert!(s.perimeters(0).iter().all(|&x| (x - 10.0).abs() < 1e-9));
    }
}
