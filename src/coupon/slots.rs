//! The slot comb (docs/design-rules.md, R6 and R7): one part, "which
//! slit stays open".
//!
//! A ledge carries one station per clearance: a pair of thin fins standing
//! on a floor pad behind the ledge, with the slit between them exactly as
//! wide as the clearance, running through the full depth of the fins from
//! the floor top to the fin top. The slits start on the floor, not on the
//! bed, so elephant foot is out of the test (docs/design-rules.md R6), and
//! they measure what the slicer and printer do with an air slit inside one
//! object. Each station's label is debossed in the ledge top, centred in
//! front of its slit; the legend has a row of its own in front of the
//! labels, from the left end, which keeps the comb short.
//!
//! The comb is lean on purpose (print time is the user's real cost): fins
//! two lines wide (R7) print as one loop each with no infill, the fins are
//! only as tall and as deep as reading a slit needs, and only the ledge
//! and the pads under the slits are solid. The open space between two
//! stations is several times wider than any slit, so it never reads as
//! one.
//!
//! Every surface is horizontal or vertical: the part is declared face by
//! face with the coupon kit ([`crate::geom::kit`]), whose finishing pass
//! joins the faces (a fin's front meets the ledge top along one line, the
//! labels are holes in the ledge top).

use super::{Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::kit::{Face, FaceId, Shell, Span, centred_label_frame, push_label};
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
    /// Width along X of each fin, the wall on either side of a slit.
    pub fin_width: f64,
    /// Fin depth along Y: the length of each slit.
    pub fin_depth: f64,
    /// Fin height above the floor (rounded up to a layer boundary).
    pub fin_height: f64,
    /// Ledge height above the bed.
    pub ledge_height: f64,
    /// Depth along Y of each of the ledge's two rows (labels, legend).
    pub ledge_depth: f64,
    /// Label cell (docs/design-rules.md, Labels).
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Text clearance from any edge.
    pub label_clearance: f64,
}

impl SlotCombSpec {
    /// The reference geometry with these slit widths and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // The smallest legible cell: it sets the station pitch, the
        // comb's length, so a larger one costs print time on every
        // station. It scales with the nozzle, and the ledge with it.
        let cell = label::min_cell(profile.nozzle);
        SlotCombSpec {
            clearances,
            profile,
            floor: 1.0,
            fin_width: min_fin(profile.nozzle),
            fin_depth: 4.0,
            fin_height: 1.6,
            ledge_height: 1.0,
            ledge_depth: ledge_needed(cell, 1.0),
            label_cell: cell,
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
        // docs/design-rules.md R7: a fin narrower than two lines is widened
        // by Arachne, which would eat into the slit next to it.
        let fin = min_fin(profile.nozzle);
        if self.fin_width < fin - 1e-9 {
            return Err(ParamError::new(
                "fin width",
                self.fin_width,
                format!("must be at least two lines and 0.9 mm: {fin:.2} mm"),
            ));
        }
        for (name, v) in [
            ("fin depth", self.fin_depth),
            ("fin height", self.fin_height),
        ] {
            if v.is_nan() || v <= 0.0 {
                return Err(ParamError::new(name, v, "must be more than 0 mm"));
            }
        }
        // The labels must fit the ledge depth.
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

/// The thinnest fin that prints true (docs/design-rules.md R7): two lines
/// of 1.125 x nozzle, and never under 0.9 mm.
pub fn min_fin(nozzle: f64) -> f64 {
    (2.0 * 1.125 * nozzle).max(0.9)
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
    let stations = spec
        .clearances
        .iter()
        .zip(&comb.slits)
        .enumerate()
        .map(|(i, (&c, slit))| {
            let at = Point::new(slit.centre(), comb.depth / 2.0, levels.floor);
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
    /// Top of the fins.
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
            top: p.snap_up(floor + spec.fin_height),
            ledge: p.snap_up(spec.ledge_height),
            relief: p.whole_layers(spec.label_relief),
        };
        p.check_deboss_floor(levels.ledge, levels.relief, "ledge")?;
        Ok(levels)
    }
}

/// The labels and the station pitch they need.
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
    /// Width of the widest station label's patch (its margin included).
    widest: f64,
    /// Length of the legend's row, from the left end.
    legend_cell: f64,
    /// Deboss depth.
    relief: f64,
}

impl Labels {
    /// Render the legend and the station labels at the spec's cell.
    fn new(spec: &SlotCombSpec) -> Labels {
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(super::Family::SLOTS.clearance_meaning(), &um);
        let legend = lg.text();
        let texts: Vec<String> = um.iter().map(|&c| lg.station(c)).collect();
        let bitmaps: Vec<Bitmap> = texts
            .iter()
            .map(|t| label::render(t).expect("digits exist"))
            .collect();
        let cell = spec.label_cell;
        let widest = bitmaps
            .iter()
            .map(|b| label::patch_size(b, cell, cell).0)
            .fold(0.0, f64::max);
        let legend_bitmap = label::render(&legend).expect("legend glyphs exist");
        let (legend_w, _) = label::patch_size(&legend_bitmap, cell, cell);
        Labels {
            legend,
            legend_bitmap,
            texts,
            bitmaps,
            cell,
            widest,
            legend_cell: legend_w + 2.0 * spec.label_clearance,
            relief: spec.profile.whole_layers(spec.label_relief),
        }
    }

    /// Deboss the legend (centred in its row's cell) and each station's
    /// label (centred in front of its slit) into the ledge top.
    fn push(&self, shell: &mut Shell, ledge_top: FaceId, comb: &Comb) {
        let centres =
            std::iter::once(self.legend_cell / 2.0).chain(comb.slits.iter().map(|s| s.centre()));
        let bitmaps = std::iter::once(&self.legend_bitmap).chain(&self.bitmaps);
        let names = std::iter::once("legend".to_string())
            .chain(self.texts.iter().map(|t| format!("label {t}")));
        for ((x, bitmap), name) in centres.zip(bitmaps).zip(names) {
            let centre = Point::new(x, comb.row_centre(name == "legend"), comb.ledge);
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

/// What stands behind the ledge over one span of X.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    /// Nothing: the space between two stations (and at the ends).
    Open,
    /// A slit: its floor pad.
    Slit,
    /// A fin.
    Fin,
}

/// The comb's outline: the ledge in front (y < 0), its label row over the
/// whole length and its legend row in front of that, as long as the
/// legend; behind it (0 < y < depth) a row of columns along X, open space
/// and stations (fin, slit, fin) alternating.
struct Comb {
    /// The columns behind the ledge, left to right; open at both ends.
    columns: Vec<(Span, Column)>,
    /// The slits, in station order.
    slits: Vec<Span>,
    /// Each station's footprint along X: its two fins and the slit.
    footprints: Vec<Span>,
    /// The part's length along X.
    width: f64,
    /// Length of the legend row along X (at most `width`).
    legend_len: f64,
    /// Front of the label row (negative y).
    row: f64,
    /// Front of the legend row, the front of the comb (below `row`).
    front: f64,
    /// Depth of the fins along +Y: the length of each slit.
    depth: f64,
    /// Fin top height.
    top: f64,
    /// Slit floor height.
    floor: f64,
    /// Ledge height.
    ledge: f64,
}

impl Comb {
    /// Lay the stations out along X at one pitch, each centred behind its
    /// label: wide enough for the widest label, and for its fins with at
    /// least two fins' width of open space to the next station. The first
    /// and last labels' text keeps its clearance from the ends.
    fn new(spec: &SlotCombSpec, levels: &Levels, labels: &Labels) -> Comb {
        let fin = spec.fin_width;
        let widest_slit = spec.clearances.iter().map(|c| c.mm()).fold(0.0, f64::max);
        let pitch = (labels.widest + 2.0 * PATCH_GAP).max(widest_slit + 4.0 * fin);
        let start = spec.label_clearance;
        let n = spec.clearances.len();
        let width = (start + n as f64 * pitch + spec.label_clearance).max(labels.legend_cell);
        let mut columns = Vec::with_capacity(4 * n + 1);
        let mut slits = Vec::with_capacity(n);
        let mut footprints = Vec::with_capacity(n);
        let mut x = 0.0;
        for (i, c) in spec.clearances.iter().enumerate() {
            let centre = start + (i as f64 + 0.5) * pitch;
            let slit = Span {
                lo: centre - c.mm() / 2.0,
                hi: centre + c.mm() / 2.0,
            };
            let left = Span {
                lo: slit.lo - fin,
                hi: slit.lo,
            };
            let right = Span {
                lo: slit.hi,
                hi: slit.hi + fin,
            };
            columns.push((Span { lo: x, hi: left.lo }, Column::Open));
            columns.extend([
                (left, Column::Fin),
                (slit, Column::Slit),
                (right, Column::Fin),
            ]);
            slits.push(slit);
            footprints.push(Span {
                lo: left.lo,
                hi: right.hi,
            });
            x = right.hi;
        }
        columns.push((Span { lo: x, hi: width }, Column::Open));
        Comb {
            columns,
            slits,
            footprints,
            width,
            legend_len: labels.legend_cell,
            row: -spec.ledge_depth,
            front: -2.0 * spec.ledge_depth,
            depth: spec.fin_depth,
            top: levels.top,
            floor: levels.floor,
            ledge: levels.ledge,
        }
    }

    /// The middle of the legend row or of the label row, along Y.
    fn row_centre(&self, legend: bool) -> f64 {
        if legend {
            (self.front + self.row) / 2.0
        } else {
            self.row / 2.0
        }
    }

    /// The ledge's outline at height `z`, counter-clockwise from above:
    /// the legend row's front, the step to the label row's front where the
    /// legend row ends short of the right end, and the back along y = 0.
    fn ledge_outline(&self, z: f64) -> Vec<Point> {
        let (w, b, f, r) = (self.width, self.legend_len, self.front, self.row);
        let mut pts = vec![Point::new(0.0, f, z), Point::new(b, f, z)];
        if b < w {
            pts.extend([Point::new(b, r, z), Point::new(w, r, z)]);
        }
        pts.extend([Point::new(w, 0.0, z), Point::new(0.0, 0.0, z)]);
        pts
    }

    /// Height of a column's top (0 for open space).
    fn height(&self, column: Column) -> f64 {
        match column {
            Column::Open => 0.0,
            Column::Slit => self.floor,
            Column::Fin => self.top,
        }
    }

    /// Push every face of the comb; returns the ledge top, which the
    /// labels are cut into.
    fn push_faces(&self, shell: &mut Shell) -> FaceId {
        self.push_bottom(shell);
        let ledge_top = self.push_ledge(shell);
        let mut fins = 0;
        for k in 0..self.columns.len() {
            let (span, column) = self.columns[k];
            let name = match column {
                Column::Open => format!("open {}", k / 4 + 1),
                Column::Slit => format!("slit {}", k / 4 + 1),
                Column::Fin => {
                    fins += 1;
                    format!("fin {fins}")
                }
            };
            let h = self.height(column);
            self.push_column(shell, &name, span, h);
            if let Some(&(_, next)) = self.columns.get(k + 1) {
                self.push_side(shell, &name, span.hi, h, self.height(next));
            }
        }
        ledge_top
    }

    /// The bottom: the ledge and, behind it, a tab under each station.
    fn push_bottom(&self, shell: &mut Shell) {
        let d = self.depth;
        let mut outline = self.ledge_outline(0.0);
        outline.pop();
        for s in self.footprints.iter().rev() {
            outline.extend([
                Point::new(s.hi, 0.0, 0.0),
                Point::new(s.hi, d, 0.0),
                Point::new(s.lo, d, 0.0),
                Point::new(s.lo, 0.0, 0.0),
            ]);
        }
        outline.push(Point::new(0.0, 0.0, 0.0));
        shell.push(Face::new("bottom", outline, -Vector::z()));
    }

    /// The ledge's fronts, its top and its ends.
    fn push_ledge(&self, shell: &mut Shell) -> FaceId {
        let (w, b, l) = (self.width, self.legend_len, self.ledge);
        let wall_y = |y: f64, lo: f64, hi: f64| {
            vec![
                Point::new(lo, y, 0.0),
                Point::new(hi, y, 0.0),
                Point::new(hi, y, l),
                Point::new(lo, y, l),
            ]
        };
        let wall_x = |x: f64, front: f64| {
            vec![
                Point::new(x, front, 0.0),
                Point::new(x, 0.0, 0.0),
                Point::new(x, 0.0, l),
                Point::new(x, front, l),
            ]
        };
        let out_y = -Vector::y();
        shell.push(Face::new(
            "legend row front",
            wall_y(self.front, 0.0, b),
            out_y,
        ));
        shell.push(Face::new("left end", wall_x(0.0, self.front), -Vector::x()));
        if b < w {
            shell.push(Face::new("label row front", wall_y(self.row, b, w), out_y));
            let step = vec![
                Point::new(b, self.front, 0.0),
                Point::new(b, self.row, 0.0),
                Point::new(b, self.row, l),
                Point::new(b, self.front, l),
            ];
            shell.push(Face::new("legend row end", step, Vector::x()));
            shell.push(Face::new("right end", wall_x(w, self.row), Vector::x()));
        } else {
            shell.push(Face::new("right end", wall_x(w, self.front), Vector::x()));
        }
        shell.push(Face::new("ledge top", self.ledge_outline(l), Vector::z()))
    }

    /// A column of height `h` behind the ledge: its top and back (when it
    /// has any) and the wall where it meets the ledge (when the heights
    /// differ).
    fn push_column(&self, shell: &mut Shell, name: &str, s: Span, h: f64) {
        let d = self.depth;
        let wall_y = |y: f64, lo: f64, hi: f64| {
            vec![
                Point::new(s.lo, y, lo),
                Point::new(s.hi, y, lo),
                Point::new(s.hi, y, hi),
                Point::new(s.lo, y, hi),
            ]
        };
        if h > 0.0 {
            let top = vec![
                Point::new(s.lo, 0.0, h),
                Point::new(s.hi, 0.0, h),
                Point::new(s.hi, d, h),
                Point::new(s.lo, d, h),
            ];
            shell.push(Face::new(format!("{name} top"), top, Vector::z()));
            shell.push(Face::new(
                format!("{name} back"),
                wall_y(d, 0.0, h),
                Vector::y(),
            ));
        }
        if h != self.ledge {
            let (lo, hi) = (h.min(self.ledge), h.max(self.ledge));
            let out = if h > self.ledge {
                -Vector::y()
            } else {
                Vector::y()
            };
            shell.push(Face::new(format!("{name} front"), wall_y(0.0, lo, hi), out));
        }
    }

    /// The wall at `x` between a column of height `h` and the next one, of
    /// height `next`, when they differ.
    fn push_side(&self, shell: &mut Shell, name: &str, x: f64, h: f64, next: f64) {
        if h == next {
            return;
        }
        let (lo, hi, d) = (h.min(next), h.max(next), self.depth);
        let out = if h > next { Vector::x() } else { -Vector::x() };
        let wall = vec![
            Point::new(x, 0.0, lo),
            Point::new(x, d, lo),
            Point::new(x, d, hi),
            Point::new(x, 0.0, hi),
        ];
        shell.push(Face::new(format!("{name} right wall"), wall, out));
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
    /// lattice) and the fins, the walls of each slit, are at least two
    /// lines wide (measured on the fin tops beside the slit).
    #[test]
    fn coarse_nozzles_scale_cells_and_fins() {
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
            let m = &c.parts[0].mesh;
            assert_eq!(defects(m), vec![]);
            let s0 = &c.stations[0];
            let pitch = c.stations[1].position[0] - s0.position[0];
            let top = m.bbox().max.z;
            let fin_top: Vec<f64> = m
                .vertices
                .iter()
                .filter(|v| (v.z - top).abs() < 1e-9 && (v.x - s0.position[0]).abs() < pitch / 2.0)
                .map(|v| v.x)
                .collect();
            let (lo, hi) = fin_top
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            let fin = (hi - lo - 0.1) / 2.0;
            assert!(fin >= 2.0 * 1.125 * nozzle - 1e-9, "{nozzle}: fin {fin}");
            let ledge = p.snap_up(spec.ledge_height);
            let floor = ledge - p.whole_layers(spec.label_relief);
            let label: Vec<&Point> = m
                .vertices
                .iter()
                .filter(|v| {
                    (v.z - floor).abs() < 1e-9
                        && (v.x - s0.position[0]).abs() < pitch / 2.0
                        && v.y > -spec.ledge_depth
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

    /// The comb's volume is the ledge, each station's pad and two fins,
    /// less the debossed label cells: nothing more is printed than the
    /// stations need.
    #[test]
    fn volume_is_ledge_pads_and_fins_less_labels() {
        let cs: Vec<Microns> = [150, 200, 300, 400, 500]
            .iter()
            .map(|&c| Microns(c))
            .collect();
        let spec = SlotCombSpec::new(cs.clone(), PrintProfile::default());
        let c = build(&spec).unwrap();
        let m = &c.parts[0].mesh;
        let bb = m.bbox();
        let (ledge, top) = (1.0, bb.max.z);
        assert!((top - 2.6).abs() < 1e-9, "floor 1.0 + fins 1.6: {top}");
        let width = bb.max.x - bb.min.x;
        // The legend row ends where the comb's front face does.
        let legend = m
            .vertices
            .iter()
            .filter(|v| (v.y - bb.min.y).abs() < 1e-9)
            .map(|v| v.x)
            .fold(0.0, f64::max);
        assert!((bb.min.y + 2.0 * spec.ledge_depth).abs() < 1e-9);
        assert!(legend > 10.0 && legend < width, "legend row {legend}");
        let fin = spec.fin_width;
        let stations: f64 = cs
            .iter()
            .map(|c| {
                (2.0 * fin + c.mm()) * spec.fin_depth * ledge
                    + 2.0 * fin * spec.fin_depth * (top - ledge)
            })
            .sum();
        let solid = (width + legend) * spec.ledge_depth * ledge + stations;
        let labels = solid - m.signed_volume();
        // Each set cell of the legend and labels is 0.6 x 0.6 x 0.4 deep.
        let cell = 0.6 * 0.6 * 0.4;
        let cells = labels / cell;
        assert!(
            (cells - cells.round()).abs() < 1e-6 && cells > 50.0,
            "{cells} cells"
        );
    }
}
