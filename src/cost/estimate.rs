//! Minutes and grams of a built coupon.

use super::layer::{Flow, LayerWork, Patch, layer_work};
use super::moves::{Kind, LayerMoves};
use super::profile::CostProfile;
use crate::coupon::{Coupon, PrintProfile};
use crate::geom::Mesh;
use crate::slice::{LayerPlan, Region, SliceError, slice};
use serde::Serialize;

/// Where the time goes (s).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Breakdown {
    /// Perimeter loops, external and inner.
    pub perimeters_s: f64,
    /// Solid, top and bridge infill.
    pub solid_infill_s: f64,
    /// Sparse infill.
    pub sparse_infill_s: f64,
    /// Travel, retractions and layer changes.
    pub travel_s: f64,
    /// Time added by slowing the extrusions of layers shorter than the
    /// slicer's minimum layer time ([`super::Cooling`]).
    pub cooling_s: f64,
}

impl Breakdown {
    fn total(&self) -> f64 {
        self.perimeters_s
            + self.solid_infill_s
            + self.sparse_infill_s
            + self.travel_s
            + self.cooling_s
    }

    pub(super) fn add(&mut self, o: &Breakdown) {
        self.perimeters_s += o.perimeters_s;
        self.solid_infill_s += o.solid_infill_s;
        self.sparse_infill_s += o.sparse_infill_s;
        self.travel_s += o.travel_s;
        self.cooling_s += o.cooling_s;
    }
}

/// The estimated cost of printing a coupon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PrintCost {
    /// Print time (s), as a slicer's estimate counts it: moves only, no
    /// heating or homing.
    pub seconds: f64,
    /// Filament used (g).
    pub grams: f64,
    /// Filament used (mm of filament).
    pub filament_mm: f64,
    /// Layers printed.
    pub layers: usize,
    /// Where the time goes.
    pub breakdown: Breakdown,
}

impl PrintCost {
    /// Print time in minutes.
    pub fn minutes(&self) -> f64 {
        self.seconds / 60.0
    }

    /// This print and `other` one after another: times and filament add
    /// up; the layer count is the taller one's.
    pub fn plus(&self, other: &PrintCost) -> PrintCost {
        let mut breakdown = self.breakdown;
        breakdown.add(&other.breakdown);
        PrintCost {
            seconds: self.seconds + other.seconds,
            grams: self.grams + other.grams,
            filament_mm: self.filament_mm + other.filament_mm,
            layers: self.layers.max(other.layers),
            breakdown,
        }
    }
}

/// Estimates print cost with one set of slicer settings and one filament.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimator {
    /// Speeds and process counts.
    pub profile: CostProfile,
    /// Extrusion width (mm).
    pub line_width: f64,
    /// Filament density (g/cm³).
    pub density: f64,
    /// What the estimate stands for ([`super::BASIS`] at PrusaSlicer's
    /// default speeds).
    pub basis: &'static str,
}

/// Width of a bridge line: a round thread as wide as the nozzle is laid
/// this far apart (PrusaSlicer's `BRIDGE_EXTRA_SPACING`).
const BRIDGE_EXTRA_SPACING: f64 = 0.05;

/// The share of a sparse island's boundary its infill anchors trace
/// (calibrated on PrusaSlicer's G-code of the default coupons).
const ANCHORED: f64 = 0.5;

impl Estimator {
    /// PrusaSlicer 2.5's default speeds with the printer preset's
    /// `[speeds]`, the printer's line width and the material's density.
    pub fn for_print(printer: &crate::preset::Printer, material: &crate::preset::Material) -> Self {
        Estimator {
            profile: CostProfile::default().with_speeds(&printer.speeds),
            line_width: printer.line_width(),
            density: material.density(),
            basis: if printer.speeds.is_empty() {
                super::BASIS
            } else {
                super::BASIS_PRESET_SPEEDS
            },
        }
    }

    /// The estimate of `coupon` as the reports show it.
    pub fn summary(&self, coupon: &Coupon) -> Result<super::CostSummary, SliceError> {
        Ok(super::CostSummary::new(
            &self.estimate(coupon)?,
            self.density,
            self.basis,
        ))
    }

    /// Time and filament to print `coupon` as it was built (its layer
    /// heights and nozzle).
    pub fn estimate(&self, coupon: &Coupon) -> Result<PrintCost, SliceError> {
        let parts: Vec<&Mesh> = coupon.parts.iter().map(|p| &p.mesh).collect();
        self.estimate_parts(&parts, &coupon.profile)
    }

    /// Time and filament to print `parts` (closed meshes, printed together
    /// as one object) at `print`'s layer heights and nozzle.
    pub fn estimate_parts(
        &self,
        parts: &[&Mesh],
        print: &PrintProfile,
    ) -> Result<PrintCost, SliceError> {
        let plan = LayerPlan::from_profile(print)?;
        let stack = slice(parts, &plan)?;
        let regions: Vec<Region> = (0..stack.layers.len())
            .map(|l| Region {
                polygons: (0..stack.part_count())
                    .flat_map(|p| stack.section(l, p).polygons.clone())
                    .collect(),
            })
            .collect();
        let nozzle = print.nozzle;
        let mut breakdown = Breakdown::default();
        let mut volume = 0.0;
        let mut sparse_below = Region::default();
        for (i, layer) in stack.layers.iter().enumerate() {
            let flow = Flow {
                width: self.line_width,
                height: layer.height(),
            };
            let work = layer_work(&regions, i, &sparse_below, flow, &self.profile);
            let (mut moves, v) = self.layer_moves(&work, flow, nozzle, i == 0);
            if i == 0 {
                volume += self.skirt(&regions[0], flow, &mut moves);
            }
            breakdown.add(&moves.time(&self.profile));
            volume += v;
            sparse_below = work.sparse_region;
        }
        let filament_mm = volume / self.profile.filament_area();
        Ok(PrintCost {
            seconds: breakdown.total(),
            grams: volume / 1000.0 * self.density,
            filament_mm,
            layers: stack.layers.len(),
            breakdown,
        })
    }

    /// The moves and mm³ of one layer's work, at the profile's speeds
    /// (every extrusion of the first layer at the first-layer speed).
    fn layer_moves(
        &self,
        w: &LayerWork,
        flow: Flow,
        nozzle: f64,
        first: bool,
    ) -> (LayerMoves, f64) {
        let p = &self.profile;
        let speed = |s: f64| if first { p.first_layer_speed } else { s };
        let spacing = flow.spacing();
        let mut m = LayerMoves::default();
        let mut volume = 0.0;
        for l in &w.loops {
            let s = speed(p.loop_speed(l.length, l.external));
            m.push(Kind::Perimeter, 1.0, l.length, s);
            volume += l.length * flow.mm3_per_mm();
        }
        // An island's infill: lines as long as its mean chord, `gap` apart.
        let mut fill = |kind: Kind, patches: &[Patch], gap: f64, s: f64| {
            for pa in patches {
                let chord = pa.mean_chord().max(spacing);
                m.push(kind, pa.area / (gap * chord), chord, speed(s));
            }
        };
        fill(Kind::Solid, &w.solid, spacing, p.solid_infill_speed);
        volume += w.solid.iter().map(|s| s.area).sum::<f64>() * flow.height;
        let chord = mean_chord(&w.solid);
        let top = [Patch {
            area: w.top_area,
            perimeter: std::f64::consts::PI * w.top_area / chord,
        }];
        fill(Kind::Solid, &top, spacing, p.top_solid_infill_speed);
        volume += w.top_area * flow.height;
        let bridge_gap = nozzle + BRIDGE_EXTRA_SPACING;
        let bridge = [Patch {
            area: w.bridge_area,
            perimeter: std::f64::consts::PI * w.bridge_area / chord,
        }];
        fill(Kind::Solid, &bridge, bridge_gap, p.bridge_speed);
        volume += w.bridge_area / bridge_gap * std::f64::consts::PI * nozzle * nozzle / 4.0;
        let sparse_gap = spacing / p.infill_density.max(1e-3);
        fill(Kind::Sparse, &w.sparse, sparse_gap, p.infill_speed);
        volume += w.sparse.iter().map(|s| s.area).sum::<f64>() * flow.height * p.infill_density;
        // Anchors: sparse lines are joined along the island's boundary
        // (PrusaSlicer's `infill_anchor`, up to 6 line widths from each
        // line end), which traces about half of it.
        let anchors: f64 = w.sparse.iter().map(|s| s.perimeter).sum::<f64>() * ANCHORED;
        m.push(Kind::Sparse, 1.0, anchors, speed(p.infill_speed));
        volume += anchors * flow.mm3_per_mm();
        self.travel(w, &mut m);
        (m, volume)
    }

    /// Travel between loops and infill islands, with a retraction each,
    /// and the layer change.
    fn travel(&self, w: &LayerWork, m: &mut LayerMoves) {
        let p = &self.profile;
        let moves = w.loops.len() + w.solid.len() + w.sparse.len();
        if moves == 0 {
            return;
        }
        // Islands spread over the layer's box: a typical hop is the side
        // of the box's share per move.
        let hop = (w.bbox_area / moves as f64).sqrt();
        m.push(Kind::Travel, moves as f64, hop, p.travel_speed);
        m.retract_s += (moves + 1) as f64 * p.retract_time();
    }

    /// The one skirt loop around the first layer, added to `m`; its mm³.
    fn skirt(&self, first: &Region, flow: Flow, m: &mut LayerMoves) -> f64 {
        let p = &self.profile;
        if p.skirt_distance <= 0.0 {
            return 0.0;
        }
        let Some((lo, hi)) = first.bbox() else {
            return 0.0;
        };
        let length =
            2.0 * ((hi.x - lo.x) + (hi.y - lo.y)) + 2.0 * std::f64::consts::PI * p.skirt_distance;
        m.push(Kind::Perimeter, 1.0, length, p.first_layer_speed);
        length * flow.mm3_per_mm()
    }
}

/// Area-weighted mean chord of some patches (1 mm when there are none).
fn mean_chord(patches: &[Patch]) -> f64 {
    let area: f64 = patches.iter().map(|p| p.area).sum();
    if area <= 0.0 {
        return 1.0;
    }
    patches.iter().map(|p| p.area * p.mean_chord()).sum::<f64>() / area
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::Cooling;
    use crate::geom::Point;
    use crate::geom::primitives::cuboid;

    fn estimator() -> Estimator {
        Estimator {
            profile: CostProfile::default(),
            line_width: 0.45,
            density: 1.24,
            basis: crate::cost::BASIS,
        }
    }

    fn block(x: f64, y: f64, z: f64) -> Mesh {
        cuboid(Point::new(0.0, 0.0, 0.0), Point::new(x, y, z))
    }

    #[test]
    fn a_solid_block_weighs_what_its_volume_does() {
        // 10 x 10 x 2 mm: every layer is within three of a surface, so all
        // solid: 200 mm³ of PLA is 0.248 g.
        let c = estimator()
            .estimate_parts(&[&block(10.0, 10.0, 2.0)], &PrintProfile::default())
            .unwrap();
        assert_eq!(c.layers, 10);
        // The skirt adds a little.
        assert!(c.grams > 0.248 * 0.95 && c.grams < 0.248 * 1.2, "{c:?}");
        assert!(c.seconds > 0.0);
    }

    #[test]
    fn grows_with_height_and_is_repeatable() {
        let e = estimator();
        let p = PrintProfile::default();
        let low = e.estimate_parts(&[&block(20.0, 20.0, 5.0)], &p).unwrap();
        let high = e.estimate_parts(&[&block(20.0, 20.0, 10.0)], &p).unwrap();
        assert!(high.seconds > low.seconds * 1.5, "{low:?} {high:?}");
        assert!(high.grams > low.grams * 1.3, "{low:?} {high:?}");
        assert_eq!(
            low,
            e.estimate_parts(&[&block(20.0, 20.0, 5.0)], &p).unwrap()
        );
    }

    #[test]
    fn small_loops_print_slowly() {
        // The same 2 mm tall 12 mm² of solid: one 3.5 mm square prints its
        // loops at the small-perimeter speed; a 24 x 0.5 strip is one long
        // loop at the external-perimeter speed.
        let e = estimator();
        let p = PrintProfile::default();
        let small = e.estimate_parts(&[&block(3.5, 3.5, 2.0)], &p).unwrap();
        let long = e.estimate_parts(&[&block(24.5, 0.5, 2.0)], &p).unwrap();
        let per_mm = |c: &PrintCost| c.breakdown.perimeters_s / c.filament_mm;
        assert!(per_mm(&small) > per_mm(&long), "{small:?} {long:?}");
    }

    /// The default profile without a skirt, with `cooling`.
    fn without_skirt(cooling: Cooling) -> Estimator {
        let mut e = estimator();
        e.profile.skirt_distance = 0.0;
        e.profile.cooling = cooling;
        e
    }

    #[test]
    fn a_tiny_layer_is_slowed_to_the_floor_not_padded_to_the_layer_time() {
        // A 2 x 2 mm pillar: each layer is two small loops and a speck of
        // infill, about 1 s even at 10 mm/s. The slow-down takes every
        // extrusion to 10 mm/s and no further, which is the same as
        // printing everything at 10 mm/s with no slow-down at all.
        let p = PrintProfile::default();
        let pillar = [&block(2.0, 2.0, 2.0)];
        let slowed = without_skirt(Cooling::default())
            .estimate_parts(&pillar, &p)
            .unwrap();
        let mut at_floor = without_skirt(Cooling {
            slowdown_below_layer_time: 0.0,
            ..Cooling::default()
        });
        let pr = &mut at_floor.profile;
        for speed in [
            &mut pr.perimeter_speed,
            &mut pr.external_perimeter_speed,
            &mut pr.small_perimeter_speed,
            &mut pr.solid_infill_speed,
            &mut pr.top_solid_infill_speed,
            &mut pr.infill_speed,
            &mut pr.bridge_speed,
            &mut pr.first_layer_speed,
        ] {
            *speed = Cooling::default().min_print_speed;
        }
        let floor = at_floor.estimate_parts(&pillar, &p).unwrap();
        assert!(slowed.breakdown.cooling_s > 0.0, "{slowed:?}");
        assert!(
            (slowed.seconds - floor.seconds).abs() < 1e-9,
            "{slowed:?} {floor:?}"
        );
        // Not padded: well under 5 s a layer.
        assert!(
            slowed.seconds < 0.5 * 5.0 * slowed.layers as f64,
            "{slowed:?}"
        );
        assert_eq!(slowed.grams, floor.grams);
    }

    #[test]
    fn a_layer_long_enough_is_not_slowed() {
        // 20 x 20 mm layers take far over 5 s: no slow-down, so the same
        // time as with the slow-down turned off.
        let p = PrintProfile::default();
        let plate = [&block(20.0, 20.0, 1.0)];
        let on = estimator().estimate_parts(&plate, &p).unwrap();
        let mut off = estimator();
        off.profile.cooling.slowdown_below_layer_time = 0.0;
        let off = off.estimate_parts(&plate, &p).unwrap();
        assert_eq!(on.breakdown.cooling_s, 0.0);
        assert_eq!(on, off);
    }

    #[test]
    fn preset_speeds_shorten_the_time_and_keep_the_filament() {
        let printer = crate::preset::Printer::from_toml(
            "name = \"x\"\ndescription = \"x\"\nnozzle_mm = 0.4\nlayer_height_mm = 0.2\n\
             [speeds]\nsmall_perimeter_mm_s = 30\nsolid_infill_mm_s = 40\ntravel_mm_s = 200\n",
            "x.toml",
        )
        .unwrap();
        let material = crate::preset::Material::load("pla").unwrap();
        let fast = Estimator::for_print(&printer, &material);
        assert_eq!(fast.profile.small_perimeter_speed, 30.0);
        assert_eq!(
            fast.profile.perimeter_speed, 60.0,
            "unset keys keep the default"
        );
        assert_eq!(fast.basis, crate::cost::BASIS_PRESET_SPEEDS);
        let default = estimator();
        let p = PrintProfile::default();
        let parts = [&block(3.5, 3.5, 2.0)];
        let (a, b) = (
            default.estimate_parts(&parts, &p).unwrap(),
            fast.estimate_parts(&parts, &p).unwrap(),
        );
        assert!(
            b.breakdown.perimeters_s < a.breakdown.perimeters_s,
            "{a:?} {b:?}"
        );
        assert!(b.breakdown.solid_infill_s < a.breakdown.solid_infill_s);
        assert!((a.grams - b.grams).abs() < 1e-12);
    }
}
