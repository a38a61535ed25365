//! The slot comb (docs/design-rules.md, R6 and R7): one part, "which
//! slit stays open".
//!
//! A floor plate carries N+1 teeth; the slits between consecutive teeth are
//! the stations, each exactly as wide as its clearance, running through the
//! full depth of the teeth from the floor top to the tooth top. The slits
//! start on the floor, not on the bed, so elephant foot is out of the test
//! (docs/design-rules.md R6), and they measure what the slicer and printer do with an air slit
//! inside one object. A ledge in front of the teeth carries a debossed label
//! centred under each slit and the legend at the left end.
//!
//! Every surface is horizontal or vertical: the part is declared face by
//! face with the coupon kit ([`crate::geom::kit`]), whose finishing pass
//! joins the faces (a tooth's front meets the ledge top along one line,
//! the labels are holes in the ledge top).

use super::{Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::kit::{Face, FaceId, Shell, Span, along_x, centred_label_frame, push_label};
use crate::geom::{Point, Vector};
use crate::label::{self, Bitmap};
use crate::units::Microns;

/// Everything that shapes a slot comb. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotCombSpec {
    /// Width of each slit, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Floor thickness under the slits (rounded up to a layer boundary).
    pub floor: f64,
    /// Tooth width along X (widened when the labels need it).
    pub tooth_width: f64,
    /// Tooth depth along Y: the length of each slit.
    pub tooth_depth: f64,
    /// Tooth height above the floor.
    pub tooth_height: f64,
    /// Ledge height above the bed.
    pub ledge_height: f64,
    /// Ledge depth along Y.
    pub ledge_depth: f64,
    /// Largest label cell; smaller (down to `min_label_cell`) when the
    /// labels would not fit under the slits at this tooth width.
    pub label_cell: f64,
    /// Smallest label cell (docs/design-rules.md, Labels: 0.6).
    pub min_label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Text clearance from any edge.
    pub label_clearance: f64,
}

impl SlotCombSpec {
    /// The reference geometry with these slit widths and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles: label cells scale with the line width and the
        // ledge deepens to hold them (teeth widen for them already).
        let cell = label::cell_for(profile.nozzle);
        SlotCombSpec {
            clearances,
            profile,
            floor: 1.0,
            tooth_width: 6.0,
            tooth_depth: 8.0,
            tooth_height: 6.0,
            ledge_height: 2.0,
            ledge_depth: ledge_needed(cell, 1.0).max(6.0),
            label_cell: cell,
            min_label_cell: label::min_cell(profile.nozzle),
            label_relief: 0.4,
            label_clearance: 1.0,
        }
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        super::check_stations(
            &self.clearances,
            "comb",
            super::Family::SLOTS.clearance_meaning(),
            None,
        )?;
        // docs/design-rules.md R7: a tooth narrower than two lines is widened by Arachne, which
        // would eat into the slits next to it.
        if self.tooth_width < 2.0 * profile.nozzle {
            return Err(ParamError::new(
                "tooth width",
                self.tooth_width,
                format!("must be at least 2 lines = {:.2} mm", 2.0 * profile.nozzle),
            ));
        }
        // The labels must fit the ledge depth at the largest cell the
        // build may choose.
        let needed = ledge_needed(self.label_cell, self.label_clearance);
        if self.ledge_depth < needed - 1e-9 {
            return Err(ParamError::new(
                "ledge depth",
                self.ledge_depth,
                format!("must hold the labels: at least {needed:.2} mm"),
            ));
        }
        Ok(SlotCombSpec { profile, ..self })
    }
}

/// Gap left between a label patch and the edge of its ledge cell, so the
/// patch lies strictly inside the cell.
const PATCH_GAP: f64 = 0.1;

/// Ledge depth that holds labels with `cell`: the text (5 rows) with
/// `clearance` in front and behind, and the whole patch (7 rows, its margin
/// included) with [`PATCH_GAP`] to spare. The patch decides from 1.0 mm
/// cells; a patch as deep as the ledge would leave degenerate faces beside
/// it (the 0.638 mm nozzle case the layer-true property test found).
fn ledge_needed(cell: f64, clearance: f64) -> f64 {
    (5.0 * cell + 2.0 * clearance).max(7.0 * cell + 2.0 * PATCH_GAP)
}

/// Build the comb. The spec is validated first.
pub fn build(spec: &SlotCombSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let levels = Levels::new(&spec)?;
    let labels = Labels::new(&spec);
    let comb = Comb::new(&spec, &levels, &labels);
    let mut shell = Shell::new("comb");
    let ledge_top = comb.push_faces(&mut shell);
    labels.push(&mut shell, ledge_top, &comb);
    let slits = comb.slits();
    let stations = spec
        .clearances
        .iter()
        .zip(&slits)
        .enumerate()
        .map(|(i, (&c, slit))| {
            let at = Point::new(slit.centre(), spec.tooth_depth / 2.0, levels.floor);
            station(i, c, labels.texts[i].clone(), at, None)
        })
        .collect();
    Coupon {
        kind: "slots",
        parts: vec![Part {
            name: "comb".into(),
            mesh: shell.finish()?,
        }],
        stations,
        bridges: vec![],
        legend: labels.legend,
        profile: spec.profile,
    }
    .validated()
}

/// The comb's heights, on layer boundaries.
struct Levels {
    /// Top of the floor under the slits.
    floor: f64,
    /// Top of the teeth.
    top: f64,
    /// Top of the ledge.
    ledge: f64,
    /// Label deboss depth, whole layers.
    relief: f64,
}

impl Levels {
    /// Snap the spec's heights; refuse a deboss that would reach the
    /// first layer.
    fn new(spec: &SlotCombSpec) -> Result<Levels> {
        let p = spec.profile;
        let floor = p.snap_up(spec.floor);
        let levels = Levels {
            floor,
            top: p.snap_up(floor + spec.tooth_height),
            ledge: p.snap_up(spec.ledge_height),
            relief: p.whole_layers(spec.label_relief),
        };
        if levels.ledge - levels.relief < p.first_layer_height - 1e-9 {
            return Err(ParamError::new(
                "--layer-height",
                p.layer_height,
                "makes the label deboss deeper than the ledge",
            )
            .into());
        }
        Ok(levels)
    }
}

/// The labels and the cell and tooth width they need.
struct Labels {
    /// The legend text.
    legend: String,
    /// Its bitmap.
    legend_bitmap: Bitmap,
    /// Station label texts, in station order.
    texts: Vec<String>,
    /// Their bitmaps.
    bitmaps: Vec<Bitmap>,
    /// Label cell.
    cell: f64,
    /// Tooth width (widened when the labels need it).
    tooth: f64,
    /// Width of the legend's cell at the left end.
    legend_cell: f64,
    /// Deboss depth.
    relief: f64,
}

impl Labels {
    /// Render the labels and pick the largest cell (in 0.05 steps) whose
    /// label fits between the centres of the two teeth around its slit;
    /// below the minimum cell, widen the teeth instead.
    fn new(spec: &SlotCombSpec) -> Labels {
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(super::Family::SLOTS.clearance_meaning(), &um);
        let legend = lg.text();
        let texts: Vec<String> = um.iter().map(|&c| lg.station(c)).collect();
        let bitmaps: Vec<Bitmap> = texts
            .iter()
            .map(|t| label::render(t).expect("digits exist"))
            .collect();
        let cols = bitmaps.iter().map(|b| b.width() + 2).max().unwrap_or(0) as f64;
        let fit = ((spec.tooth_width - 2.0 * PATCH_GAP) / cols * 20.0 + 1e-9).floor() / 20.0;
        let cell = fit.clamp(spec.min_label_cell, spec.label_cell);
        let legend_bitmap = label::render(&legend).expect("legend glyphs exist");
        let (legend_w, _) = label::patch_size(&legend_bitmap, cell, cell);
        Labels {
            legend,
            legend_bitmap,
            texts,
            bitmaps,
            cell,
            tooth: spec.tooth_width.max(cols * cell + 2.0 * PATCH_GAP),
            legend_cell: legend_w + 2.0 * spec.label_clearance,
            relief: spec.profile.whole_layers(spec.label_relief),
        }
    }

    /// Deboss the legend (centred in its cell) and each station's label
    /// (centred under its slit) into the ledge top.
    fn push(&self, shell: &mut Shell, ledge_top: FaceId, comb: &Comb) {
        let centres = std::iter::once(self.legend_cell / 2.0)
            .chain(comb.slits().into_iter().map(|s| s.centre()));
        let bitmaps = std::iter::once(&self.legend_bitmap).chain(&self.bitmaps);
        let names = std::iter::once("legend".to_string())
            .chain(self.texts.iter().map(|t| format!("label {t}")));
        for ((x, bitmap), name) in centres.zip(bitmaps).zip(names) {
            let centre = Point::new(x, comb.front / 2.0, comb.ledge);
            let frame = centred_label_frame(centre, Vector::x(), Vector::y(), bitmap, self.cell);
            push_label(
                shell,
                ledge_top,
                &name,
                &frame,
                bitmap,
                self.cell,
                -self.relief,
            );
        }
    }
}

/// The comb's outline: spans along X (teeth and slits alternating, tooth
/// 0 also spanning the legend cell), the ledge in front (y < 0), the teeth
/// behind (0 < y < depth).
struct Comb {
    /// Teeth at even indices, slits at odd ones.
    spans: Vec<Span>,
    /// Front of the ledge (negative y).
    front: f64,
    /// Depth of the teeth along +Y: the length of each slit.
    depth: f64,
    /// Tooth top height.
    top: f64,
    /// Slit floor height.
    floor: f64,
    /// Ledge height.
    ledge: f64,
}

impl Comb {
    /// Lay the teeth and slits out along X.
    fn new(spec: &SlotCombSpec, levels: &Levels, labels: &Labels) -> Comb {
        let first = labels.legend_cell + labels.tooth / 2.0;
        let widths = spec.clearances.iter().flat_map(|c| [c.mm(), labels.tooth]);
        Comb {
            spans: along_x(0.0, std::iter::once(first).chain(widths)),
            front: -spec.ledge_depth,
            depth: spec.tooth_depth,
            top: levels.top,
            floor: levels.floor,
            ledge: levels.ledge,
        }
    }

    /// The slits, in station order.
    fn slits(&self) -> Vec<Span> {
        self.spans.iter().skip(1).step_by(2).copied().collect()
    }

    /// Height of span `k`: a tooth's top or a slit's floor.
    fn height(&self, k: usize) -> f64 {
        if k.is_multiple_of(2) {
            self.top
        } else {
            self.floor
        }
    }

    /// What span `k` is, for face names.
    fn what(k: usize) -> String {
        if k.is_multiple_of(2) {
            format!("tooth {}", k / 2 + 1)
        } else {
            format!("slit {}", k.div_ceil(2))
        }
    }

    /// The part's width along X.
    fn width(&self) -> f64 {
        self.spans.last().map_or(0.0, |s| s.hi)
    }

    /// Push every face of the comb; returns the ledge top, which the
    /// labels are cut into.
    fn push_faces(&self, shell: &mut Shell) -> FaceId {
        let ledge_top = self.push_ledge(shell);
        self.push_ends(shell);
        for k in 0..self.spans.len() {
            self.push_span(shell, k);
        }
        ledge_top
    }

    /// Bottom, ledge front, ledge top and the back of the comb.
    fn push_ledge(&self, shell: &mut Shell) -> FaceId {
        let (w, f, d) = (self.width(), self.front, self.depth);
        let rect_z = |y0: f64, y1: f64, z: f64| {
            vec![
                Point::new(0.0, y0, z),
                Point::new(w, y0, z),
                Point::new(w, y1, z),
                Point::new(0.0, y1, z),
            ]
        };
        shell.push(Face::new("bottom", rect_z(f, d, 0.0), -Vector::z()));
        let front = vec![
            Point::new(0.0, f, 0.0),
            Point::new(w, f, 0.0),
            Point::new(w, f, self.ledge),
            Point::new(0.0, f, self.ledge),
        ];
        shell.push(Face::new("ledge front", front, -Vector::y()));
        // The back: the comb's profile seen from behind.
        let mut back = vec![Point::new(0.0, d, 0.0), Point::new(w, d, 0.0)];
        for (k, s) in self.spans.iter().enumerate().rev() {
            let h = self.height(k);
            back.extend([Point::new(s.hi, d, h), Point::new(s.lo, d, h)]);
        }
        shell.push(Face::new("comb back", back, Vector::y()));
        shell.push(Face::new(
            "ledge top",
            rect_z(f, 0.0, self.ledge),
            Vector::z(),
        ))
    }

    /// The two end faces: an L of ledge and tooth seen from the side.
    fn push_ends(&self, shell: &mut Shell) {
        for (x, out, name) in [
            (0.0, -Vector::x(), "left end"),
            (self.width(), Vector::x(), "right end"),
        ] {
            let side = [
                (self.front, 0.0),
                (self.depth, 0.0),
                (self.depth, self.top),
                (0.0, self.top),
                (0.0, self.ledge),
                (self.front, self.ledge),
            ];
            let pts = side.iter().map(|&(y, z)| Point::new(x, y, z)).collect();
            shell.push(Face::new(name, pts, out));
        }
    }

    /// A tooth's top or a slit's floor, the wall where it meets the ledge,
    /// and the wall on its right (to the next span).
    fn push_span(&self, shell: &mut Shell, k: usize) {
        let (s, h, d) = (self.spans[k], self.height(k), self.depth);
        let what = Comb::what(k);
        let top = vec![
            Point::new(s.lo, 0.0, h),
            Point::new(s.hi, 0.0, h),
            Point::new(s.hi, d, h),
            Point::new(s.lo, d, h),
        ];
        shell.push(Face::new(format!("{what} top"), top, Vector::z()));
        if h != self.ledge {
            let (lo, hi) = (h.min(self.ledge), h.max(self.ledge));
            let out = if h > self.ledge {
                -Vector::y()
            } else {
                Vector::y()
            };
            let wall = vec![
                Point::new(s.lo, 0.0, lo),
                Point::new(s.hi, 0.0, lo),
                Point::new(s.hi, 0.0, hi),
                Point::new(s.lo, 0.0, hi),
            ];
            shell.push(Face::new(format!("{what} front"), wall, out));
        }
        if k + 1 < self.spans.len() {
            let next = self.height(k + 1);
            let (lo, hi) = (h.min(next), h.max(next));
            let out = if h > next { Vector::x() } else { -Vector::x() };
            let wall = vec![
                Point::new(s.hi, 0.0, lo),
                Point::new(s.hi, d, lo),
                Point::new(s.hi, d, hi),
                Point::new(s.hi, 0.0, hi),
            ];
            shell.push(Face::new(format!("{what} right wall"), wall, out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;
    use crate::geom::validate::defects;

    #[test]
    fn default_comb_is_one_closed_part() {
        let spec = SlotCombSpec::new(
            [100, 150, 200, 250, 300, 350, 400, 450, 500]
                .iter()
                .map(|&c| Microns(c))
                .collect(),
            PrintProfile::default(),
        );
        let c = build(&spec).unwrap();
        assert_eq!(c.parts.len(), 1);
        assert_eq!(defects(&c.parts[0].mesh), vec![]);
        assert_eq!(inspect::off_layer_faces(&c), vec![]);
        assert_eq!(inspect::steep_overhangs(&c), vec![]);
    }

    /// Smallest spacing between distinct values, the label cell when the
    /// values are one label's lattice coordinates.
    fn lattice_step(mut v: Vec<f64>) -> f64 {
        v.sort_by(f64::total_cmp);
        v.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
        v.windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::INFINITY, f64::min)
    }

    /// At 0.8 and 1.0 mm nozzles the first station's debossed label has
    /// cells of at least 1.5 x nozzle (measured on the label floor's vertex
    /// lattice) and the teeth, the comb's walls, are at least two lines
    /// wide (measured between the stations' slits).
    #[test]
    fn coarse_nozzles_scale_cells_and_walls() {
        let cs = [100, 500, 1000];
        for nozzle in [0.8, 1.0] {
            let p = PrintProfile {
                nozzle,
                layer_height: 0.4,
                first_layer_height: 0.35,
                ..PrintProfile::default()
            };
            let spec = SlotCombSpec::new(cs.iter().map(|&c| Microns(c)).collect(), p);
            let c = build(&spec).unwrap();
            assert_eq!(defects(&c.parts[0].mesh), vec![]);
            let ledge = p.snap_up(spec.ledge_height);
            let floor = ledge - p.whole_layers(spec.label_relief);
            let s0 = &c.stations[0];
            let tooth = c.stations[1].position[0] - s0.position[0] - 0.5 * (0.1 + 0.5);
            assert!(
                tooth >= 2.0 * 1.125 * nozzle - 1e-9,
                "{nozzle}: tooth {tooth}"
            );
            let label: Vec<&Point> = c.parts[0]
                .mesh
                .vertices
                .iter()
                .filter(|v| {
                    (v.z - floor).abs() < 1e-9 && (v.x - s0.position[0]).abs() < tooth / 2.0
                })
                .collect();
            assert!(!label.is_empty(), "{nozzle}: no label floor");
            for step in [
                lattice_step(label.iter().map(|v| v.x).collect()),
                lattice_step(label.iter().map(|v| v.y).collect()),
            ] {
                assert!(step >= 1.5 * nozzle - 1e-9, "{nozzle}: cell {step}");
            }
        }
    }
}
