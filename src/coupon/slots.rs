//! The slot comb (COUPONS.md 5.3 c1): one part, "which slit stays open".
//!
//! A floor plate carries N+1 teeth; the slits between consecutive teeth are
//! the stations, each exactly as wide as its clearance, running through the
//! full depth of the teeth from the floor top to the tooth top. The slits
//! start on the floor, not on the bed, so elephant foot is out of the test
//! (R6), and they measure what the slicer and printer do with an air slit
//! inside one object. A ledge in front of the teeth carries a debossed label
//! centred under each slit and the legend at the left end.
//!
//! Every surface is horizontal or vertical, so the whole part is a height
//! field over rows of cells: the ledge row (its cells split at tooth
//! centres, so each label sits inside one cell) and the comb row (split at
//! the tooth walls). `HeightField` turns that into a closed shell whose
//! faces share every vertex.

use super::{Coupon, Part, PrintProfile, convex_face, face_around_label, station};
use crate::error::{ParamError, Result};
use crate::geom::{MeshBuilder, Point, Vector};
use crate::label::{self, Frame, Patch};
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
    /// Smallest label cell (COUPONS.md section 8: 0.6).
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
        // R7: a tooth narrower than two lines is widened by Arachne, which
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
    let p = spec.profile;
    let n = spec.clearances.len();
    let floor = p.snap_up(spec.floor);
    let top = p.snap_up(floor + spec.tooth_height);
    let ledge = p.snap_up(spec.ledge_height);
    let relief = p.whole_layers(spec.label_relief);
    if ledge - relief < p.first_layer_height - 1e-9 {
        return Err(ParamError::new(
            "--layer-height",
            p.layer_height,
            "makes the label deboss deeper than the ledge",
        )
        .into());
    }

    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let lg = label::Legend::for_clearances(super::Family::SLOTS.clearance_meaning(), &um);
    let legend = lg.text();
    let texts: Vec<String> = um.iter().map(|&c| lg.station(c)).collect();
    let bitmaps: Vec<_> = texts
        .iter()
        .map(|t| label::render(t).expect("digits exist"))
        .collect();
    let cols = bitmaps.iter().map(|b| b.width() + 2).max().unwrap_or(0) as f64;
    // The largest cell (in 0.05 steps) whose label fits between the centres
    // of the two teeth around its slit; below the minimum, widen the teeth.
    let fit = ((spec.tooth_width - 2.0 * PATCH_GAP) / cols * 20.0 + 1e-9).floor() / 20.0;
    let cell = fit.clamp(spec.min_label_cell, spec.label_cell);
    let tooth = spec.tooth_width.max(cols * cell + 2.0 * PATCH_GAP);

    let legend_bm = label::render(&legend).expect("legend glyphs exist");
    let (legend_w, _) = label::patch_size(&legend_bm, cell, cell);
    let legend_cell = legend_w + 2.0 * spec.label_clearance;

    // Tooth walls along X: tooth 0 also spans the legend cell.
    let mut walls = vec![0.0];
    let mut x = legend_cell + tooth / 2.0;
    let mut slit_centres = Vec::with_capacity(n);
    let mut tooth_centres = Vec::with_capacity(n);
    for c in &spec.clearances {
        walls.push(x);
        slit_centres.push(x + c.mm() / 2.0);
        x += c.mm();
        walls.push(x);
        tooth_centres.push(x + tooth / 2.0);
        x += tooth;
    }
    walls.push(x);
    let width = x;

    let y_front = -spec.ledge_depth;
    let ys = vec![y_front, 0.0, spec.tooth_depth];
    // Ledge row: legend cell, then one cell per slit from tooth centre to
    // tooth centre (the last one to the end).
    let mut ledge_xs = vec![0.0, legend_cell];
    ledge_xs.extend(&tooth_centres[..n - 1]);
    ledge_xs.push(width);
    let comb_heights: Vec<f64> = (0..walls.len() - 1)
        .map(|k| if k % 2 == 1 { floor } else { top })
        .collect();
    let rows = vec![
        Row {
            xs: ledge_xs.clone(),
            heights: vec![ledge; ledge_xs.len() - 1],
        },
        Row {
            xs: walls.clone(),
            heights: comb_heights,
        },
    ];

    let mut mb = MeshBuilder::new();
    let ledge_mid = y_front / 2.0;
    let mut patches: Vec<Patch> = Vec::with_capacity(n + 1);
    let mut place = |mb: &mut MeshBuilder, bm: &label::Bitmap, xc: f64| {
        let (pw, ph) = label::patch_size(bm, cell, cell);
        let frame = Frame {
            origin: Point::new(xc - pw / 2.0, ledge_mid - ph / 2.0, ledge),
            u: Vector::x(),
            v: Vector::y(),
        };
        patches.push(label::build(mb, &frame, bm, cell, cell, -relief));
    };
    place(&mut mb, &legend_bm, legend_cell / 2.0);
    for (bm, &xc) in bitmaps.iter().zip(&slit_centres) {
        place(&mut mb, bm, xc);
    }
    let field = HeightField { ys, rows };
    field.build(&mut mb, |row, cell| (row == 0).then(|| &patches[cell]));

    let stations = spec
        .clearances
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            station(
                i,
                c,
                texts[i].clone(),
                Point::new(slit_centres[i], spec.tooth_depth / 2.0, floor),
                None,
            )
        })
        .collect();
    Coupon {
        kind: "slots",
        parts: vec![Part {
            name: "comb".into(),
            mesh: mb.finish(),
        }],
        stations,
        bridges: vec![],
        legend,
        profile: p,
    }
    .validated()
}

/// One row of a height field: cells between consecutive `xs`.
struct Row {
    /// Cell boundaries along X, from 0 to the part's width.
    xs: Vec<f64>,
    /// Top height of each cell (> 0).
    heights: Vec<f64>,
}

/// A solid standing on the bed whose top is flat over each cell of a few
/// rows along Y; rows may split X differently.
///
/// The shell is one top face per cell, one bottom face per cell, and a
/// vertical wall wherever neighbouring cells (or a cell and the outside)
/// differ in height. Where faces meet, each includes every vertex any other
/// face puts on the shared edge: the line between two rows carries the
/// union of both rows' splits, and a vertical edge carries every height of
/// the cells that touch it. So the shell has no T-junction by construction.
struct HeightField {
    /// Row boundaries along Y.
    ys: Vec<f64>,
    /// Rows, front to back.
    rows: Vec<Row>,
}

impl HeightField {
    /// Height of the cell of row `j` containing `x` (0 outside the rows).
    fn height(&self, j: isize, x: f64) -> f64 {
        if j < 0 || j as usize >= self.rows.len() {
            return 0.0;
        }
        let r = &self.rows[j as usize];
        let k = r.xs.partition_point(|&b| b <= x).clamp(1, r.heights.len());
        r.heights[k - 1]
    }

    /// Every X split on the line between rows `k - 1` and `k`, ascending.
    fn line_breaks(&self, k: usize) -> Vec<f64> {
        let mut v: Vec<f64> = Vec::new();
        for j in [k as isize - 1, k as isize] {
            if j >= 0 && (j as usize) < self.rows.len() {
                v.extend(&self.rows[j as usize].xs);
            }
        }
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    }

    /// Heights present at the vertical edge through (x, ys[k]): the bed and
    /// the top of every cell that touches it, ascending.
    fn edge_heights(&self, x: f64, k: usize) -> Vec<f64> {
        let mut v = vec![0.0];
        for j in [k as isize - 1, k as isize] {
            if j < 0 || j as usize >= self.rows.len() {
                continue;
            }
            let r = &self.rows[j as usize];
            for (i, &h) in r.heights.iter().enumerate() {
                if r.xs[i] <= x && x <= r.xs[i + 1] {
                    v.push(h);
                }
            }
        }
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    }

    /// A vertical wall from `a` to `b` (horizontal positions at the two
    /// vertical edges `ea`, `eb`), between heights `lo` and `hi`, facing
    /// `normal`.
    #[allow(clippy::too_many_arguments)]
    fn wall(
        &self,
        mb: &mut MeshBuilder,
        (a, ea): ((f64, f64), &[f64]),
        (b, eb): ((f64, f64), &[f64]),
        lo: f64,
        hi: f64,
        normal: Vector,
    ) {
        let inner =
            |e: &[f64]| -> Vec<f64> { e.iter().copied().filter(|&z| z > lo && z < hi).collect() };
        let mut pts = vec![Point::new(a.0, a.1, lo), Point::new(b.0, b.1, lo)];
        pts.extend(inner(eb).into_iter().map(|z| Point::new(b.0, b.1, z)));
        pts.push(Point::new(b.0, b.1, hi));
        pts.push(Point::new(a.0, a.1, hi));
        pts.extend(inner(ea).into_iter().rev().map(|z| Point::new(a.0, a.1, z)));
        convex_face(mb, &pts, normal);
    }

    /// Add the shell to `mb`. `patch(row, cell)` gives the label patch
    /// already built on that cell's top, if any.
    fn build<'p>(&self, mb: &mut MeshBuilder, patch: impl Fn(usize, usize) -> Option<&'p Patch>) {
        let ny = self.rows.len();
        let lines: Vec<Vec<f64>> = (0..=ny).map(|k| self.line_breaks(k)).collect();
        // Tops and bottoms.
        for (j, r) in self.rows.iter().enumerate() {
            let (y0, y1) = (self.ys[j], self.ys[j + 1]);
            for (i, &h) in r.heights.iter().enumerate() {
                let (x0, x1) = (r.xs[i], r.xs[i + 1]);
                let front: Vec<f64> = lines[j]
                    .iter()
                    .copied()
                    .filter(|&x| x > x0 && x < x1)
                    .collect();
                let back: Vec<f64> = lines[j + 1]
                    .iter()
                    .rev()
                    .copied()
                    .filter(|&x| x > x0 && x < x1)
                    .collect();
                let outline = |z: f64| -> Vec<Point> {
                    let mut v = vec![Point::new(x0, y0, z)];
                    v.extend(front.iter().map(|&x| Point::new(x, y0, z)));
                    v.push(Point::new(x1, y0, z));
                    v.push(Point::new(x1, y1, z));
                    v.extend(back.iter().map(|&x| Point::new(x, y1, z)));
                    v.push(Point::new(x0, y1, z));
                    v
                };
                convex_face(mb, &outline(0.0), -Vector::z());
                match patch(j, i) {
                    Some(pa) => {
                        let f: Vec<Point> = front.iter().map(|&x| Point::new(x, y0, h)).collect();
                        let b: Vec<Point> = back.iter().map(|&x| Point::new(x, y1, h)).collect();
                        face_around_label(
                            mb,
                            [
                                Point::new(x0, y0, h),
                                Point::new(x1, y0, h),
                                Point::new(x1, y1, h),
                                Point::new(x0, y1, h),
                            ],
                            [&f, &[], &b, &[]],
                            pa,
                        );
                    }
                    None => convex_face(mb, &outline(h), Vector::z()),
                }
            }
        }
        // Walls across X, within each row (the outer ends included).
        for (j, r) in self.rows.iter().enumerate() {
            let (y0, y1) = (self.ys[j], self.ys[j + 1]);
            for (i, &x) in r.xs.iter().enumerate() {
                let left = if i == 0 { 0.0 } else { r.heights[i - 1] };
                let right = r.heights.get(i).copied().unwrap_or(0.0);
                if left == right {
                    continue;
                }
                let normal = if left > right {
                    Vector::x()
                } else {
                    -Vector::x()
                };
                self.wall(
                    mb,
                    ((x, y0), &self.edge_heights(x, j)),
                    ((x, y1), &self.edge_heights(x, j + 1)),
                    left.min(right),
                    left.max(right),
                    normal,
                );
            }
        }
        // Walls across Y, on each line between rows (front and back too).
        for (k, breaks) in lines.iter().enumerate() {
            let y = self.ys[k];
            for w in breaks.windows(2) {
                let mid = (w[0] + w[1]) / 2.0;
                let front = self.height(k as isize - 1, mid);
                let back = self.height(k as isize, mid);
                if front == back {
                    continue;
                }
                let normal = if front > back {
                    Vector::y()
                } else {
                    -Vector::y()
                };
                self.wall(
                    mb,
                    ((w[0], y), &self.edge_heights(w[0], k)),
                    ((w[1], y), &self.edge_heights(w[1], k)),
                    front.min(back),
                    front.max(back),
                    normal,
                );
            }
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
