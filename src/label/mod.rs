//! Station labels: text in the pixel font as relief cells on a flat face.
//!
//! A label is a rectangle of the face tiled by the cell lattice. Each cell is
//! a quad at the face level or at the face level plus the relief (emboss,
//! positive) or minus it (deboss, negative); each lattice edge between cells
//! of different level gets one wall. Every vertex is a lattice point, so
//! neighbouring cells share vertices exactly and no boolean operation is
//! needed. The rectangle keeps a one-cell flat margin, so its border is at
//! the face level and the surrounding face only has to include the border's
//! lattice points ([`Patch::border`]).

pub mod font;

use crate::clearance::ClearanceMeaning;
use crate::geom::{MeshBuilder, Point, Vector};
pub use font::{Bitmap, render};

/// Where a label goes: a flat face described by a frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// The lattice corner at the face level: lower-left as the text is read.
    pub origin: Point,
    /// Reading direction (unit).
    pub u: Vector,
    /// Up the text (unit); `u x v` is the face's outward normal.
    pub v: Vector,
}

/// A label placed on a face: its lattice and what the face must include.
#[derive(Debug, Clone)]
pub struct Patch {
    /// Border lattice points at the face level, counter-clockwise seen from
    /// outside, starting at the lower-left corner.
    pub border: Vec<Point>,
    /// Patch width along `u` (mm), margin included.
    pub width: f64,
    /// Patch height along `v` (mm), margin included.
    pub height: f64,
    /// Lattice columns, margin included.
    pub cols: usize,
    /// Lattice rows, margin included.
    pub rows: usize,
    /// Downward-facing horizontal faces created (emboss on a vertical face):
    /// (z, min corner, max corner) of each.
    pub overhangs: Vec<(f64, Point, Point)>,
}

/// Size of a label for `bitmap` with cells `cu` x `cv`, margin included.
pub fn patch_size(bitmap: &Bitmap, cu: f64, cv: f64) -> (f64, f64) {
    (
        (bitmap.width() + 2) as f64 * cu,
        (bitmap.height() + 2) as f64 * cv,
    )
}

/// Build the relief cells of `bitmap` into `mb` and return the patch. Cells
/// are `cu` wide along `u` and `cv` tall along `v`; `relief` > 0 embosses,
/// < 0 debosses.
pub fn build(
    mb: &mut MeshBuilder,
    frame: &Frame,
    bitmap: &Bitmap,
    cu: f64,
    cv: f64,
    relief: f64,
) -> Patch {
    let (cols, rows) = (bitmap.width() + 2, bitmap.height() + 2);
    let n = frame.u.cross(&frame.v);
    // Lattice coordinates are computed from integer indices only, so the same
    // lattice point always has the same bits.
    let pt = |i: usize, k: usize, level: f64| {
        frame.origin + frame.u * (i as f64 * cu) + frame.v * (k as f64 * cv) + n * level
    };
    let level = |i: usize, k: usize| -> f64 {
        // Cell (i, k): column i from the left, row k from the bottom.
        if i == 0 || k == 0 || i == cols - 1 || k == rows - 1 {
            return 0.0;
        }
        let r = rows - 2 - k; // bitmap row, top first
        if bitmap.rows[r][i - 1] { relief } else { 0.0 }
    };
    let mut overhangs = Vec::new();
    for k in 0..rows {
        for i in 0..cols {
            let l = level(i, k);
            let q = [
                pt(i, k, l),
                pt(i + 1, k, l),
                pt(i + 1, k + 1, l),
                pt(i, k + 1, l),
            ];
            let q = mb.vertices(&q);
            mb.quad(q[0], q[1], q[2], q[3]);
            // Wall on the lattice edge to the left of this cell (u = i).
            if i > 0 {
                let (la, lb) = (level(i - 1, k), l);
                if la != lb {
                    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
                    let w = [
                        pt(i, k, lo),
                        pt(i, k + 1, lo),
                        pt(i, k + 1, hi),
                        pt(i, k, hi),
                    ];
                    let w = mb.vertices(&w);
                    // Normal points from the higher cell to the lower one.
                    if la > lb {
                        mb.quad(w[0], w[1], w[2], w[3]);
                    } else {
                        mb.quad(w[3], w[2], w[1], w[0]);
                    }
                }
            }
            // Wall on the lattice edge below this cell (v = k).
            if k > 0 {
                let (la, lb) = (level(i, k - 1), l);
                if la != lb {
                    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
                    let w = [
                        pt(i, k, lo),
                        pt(i, k, hi),
                        pt(i + 1, k, hi),
                        pt(i + 1, k, lo),
                    ];
                    let w = mb.vertices(&w);
                    // Normal +v when the lower cell is higher, else -v.
                    if la > lb {
                        mb.quad(w[0], w[1], w[2], w[3]);
                    } else {
                        mb.quad(w[3], w[2], w[1], w[0]);
                    }
                    // A wall facing down (-v along -z) is a tiny overhang.
                    let normal_v = if la > lb { 1.0 } else { -1.0 };
                    if (frame.v * normal_v).z < -0.5 {
                        let a = pt(i, k, lo);
                        let b = pt(i + 1, k, hi);
                        overhangs.push((a.z, a.inf(&b), a.sup(&b)));
                    }
                }
            }
        }
    }
    let mut border = Vec::with_capacity(2 * (cols + rows));
    border.extend((0..cols).map(|i| pt(i, 0, 0.0)));
    border.extend((0..rows).map(|k| pt(cols, k, 0.0)));
    border.extend((1..=cols).rev().map(|i| pt(i, rows, 0.0)));
    border.extend((1..=rows).rev().map(|k| pt(0, k, 0.0)));
    Patch {
        border,
        width: cols as f64 * cu,
        height: rows as f64 * cv,
        cols,
        rows,
        overhangs,
    }
}

/// How station labels write a clearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Hundredths of a millimetre: "25" = 0.25 mm, "100" = 1.00 mm.
    Hundredths,
    /// Thousandths of a millimetre, three digits: "025" = 0.025 mm.
    Thousandths,
    /// Whole layers of this many micrometres: "3" = three layers (a
    /// vertical gap, docs/bridge.md).
    Layers(u32),
}

impl Unit {
    /// Micrometres per label unit.
    fn um(self) -> u32 {
        match self {
            Unit::Hundredths => 10,
            Unit::Thousandths => 1,
            Unit::Layers(layer_um) => layer_um.max(1),
        }
    }

    /// Largest clearance (µm) three digits can show in this unit.
    pub fn max_um(self) -> u32 {
        999 * self.um()
    }
}

/// One coupon's legend: what its station numbers mean (from the coupon's
/// [`ClearanceMeaning`]) and in which unit they are written. The printed
/// text, the sentence for tables and cards, and every station label come
/// from here, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Legend {
    /// What a clearance measures on this coupon.
    pub meaning: ClearanceMeaning,
    /// How the labels write it.
    pub unit: Unit,
    /// Digits per station label (2 or 3).
    pub digits: usize,
}

impl Legend {
    /// The legend for a coupon with these clearances (µm): hundredths when
    /// every clearance is a whole hundredth (two digits, three from 1.00
    /// mm), else thousandths in three digits. Whether every clearance fits
    /// its unit is checked by [`Legend::fits`].
    pub fn for_clearances(meaning: ClearanceMeaning, clearances_um: &[u32]) -> Legend {
        let unit = if clearances_um.iter().any(|c| !c.is_multiple_of(10)) {
            Unit::Thousandths
        } else {
            Unit::Hundredths
        };
        let largest = clearances_um.iter().copied().max().unwrap_or(0) / unit.um();
        let digits = if unit == Unit::Thousandths || largest >= 100 {
            3
        } else {
            2
        };
        Legend {
            meaning,
            unit,
            digits,
        }
    }

    /// The legend of a vertical gap in whole layers of `layer_um`: labels
    /// are layer counts, one digit up to 9 layers, two from 10.
    pub fn for_layers(layer_um: u32, clearances_um: &[u32]) -> Legend {
        let unit = Unit::Layers(layer_um);
        let most = clearances_um.iter().copied().max().unwrap_or(0) / unit.um();
        Legend {
            meaning: ClearanceMeaning::Vertical,
            unit,
            digits: if most >= 10 { 2 } else { 1 },
        }
    }

    /// True when `clearance_um` can be written in this legend's unit.
    pub fn fits(&self, clearance_um: u32) -> bool {
        clearance_um <= self.unit.max_um() && clearance_um.is_multiple_of(self.unit.um())
    }

    /// The label of one station: its clearance in the legend's unit, zero
    /// padded to the legend's digits ("05", "25", "100", "025").
    pub fn station(&self, clearance_um: u32) -> String {
        format!(
            "{:0width$}",
            clearance_um / self.unit.um(),
            // Layer counts are not padded: "3", "12".
            width = if matches!(self.unit, Unit::Layers(_)) {
                1
            } else {
                self.digits
            }
        )
    }

    /// The printed legend, in the pixel font: the word says what the
    /// numbers measure and the factor turns a label into millimetres.
    /// "SIDE X.01": the gap on each side of the moving part, label x 0.01
    /// mm. "WIDE X.01": the slit's full width. "VERT X.01": the vertical
    /// gap under a bridge. ".001" for thousandths.
    pub fn text(&self) -> String {
        let word = match self.meaning {
            ClearanceMeaning::PerSide => "SIDE",
            ClearanceMeaning::FullWidth => "WIDE",
            ClearanceMeaning::Vertical => "L",
        };
        let factor = match self.unit {
            Unit::Hundredths => ".01".to_string(),
            Unit::Thousandths => ".001".to_string(),
            Unit::Layers(layer_um) => layer_factor(layer_um),
        };
        format!("{word} X{factor}")
    }

    /// One sentence for tables, JSON and cards, with a worked example.
    pub fn explain(&self) -> String {
        let what = match self.meaning {
            ClearanceMeaning::PerSide => {
                "the clearance per side (the gap on each side; the diametral gap is twice it)"
            }
            ClearanceMeaning::FullWidth => "the full slit width (one gap across the slit)",
            ClearanceMeaning::Vertical => "the vertical air gap under the bridge",
        };
        if let Unit::Layers(layer_um) = self.unit {
            return format!(
                "legend \"{}\": each label is {what} in layers of {} mm (3 = {} mm)",
                self.text(),
                crate::units::Microns(layer_um),
                crate::units::Microns(3 * layer_um)
            );
        }
        let (unit, example, mm) = match (self.unit, self.digits) {
            (Unit::Hundredths, 2) => ("hundredths", "25", "0.25"),
            (Unit::Hundredths, _) => ("hundredths", "125", "1.25"),
            (Unit::Thousandths, _) => ("thousandths", "025", "0.025"),
            (Unit::Layers(_), _) => unreachable!("handled above"),
        };
        format!(
            "legend \"{}\": each label is {what} in {unit} of a mm, {} digits ({example} = {mm} mm)",
            self.text(),
            self.digits
        )
    }
}

/// The printed factor of a layer legend: the layer height in mm without
/// its leading zero, in hundredths when it is whole hundredths (".20",
/// ".28") and else in thousandths (".075").
fn layer_factor(layer_um: u32) -> String {
    let mm = crate::units::Microns(layer_um).to_string();
    mm.strip_prefix('0').unwrap_or(&mm).to_string()
}

/// The label cell the pixel font needs at the default 0.4 mm nozzle.
pub const DEFAULT_CELL: f64 = 0.8;

/// Smallest label cell (mm) that prints with `nozzle`: a cell is one stroke
/// and one gap of the pixel font, and the label rule wants it at least 1.5
/// nozzle widths (and never under 0.6 mm), so a 0.8 mm nozzle neither
/// drops a stroke nor fills a gap. Rounded up to 0.05 mm.
pub fn min_cell(nozzle: f64) -> f64 {
    ((1.5 * nozzle).max(0.6) * 20.0 - 1e-9).ceil() / 20.0
}

/// The label cell for `nozzle`: [`DEFAULT_CELL`], or larger for coarse
/// nozzles (0.6 mm and up) so labels scale with the line width.
pub fn cell_for(nozzle: f64) -> f64 {
    DEFAULT_CELL.max(min_cell(nozzle))
}

/// Thinnest wall (mm) between a cavity and a face for `nozzle`: 1.2 mm, or
/// two lines (1.125 x nozzle each) when that is more.
pub fn min_wall(nozzle: f64) -> f64 {
    (2.0 * 1.125 * nozzle).max(1.2)
}

/// The text of a station label in hundredths (two digits, three from 1.00
/// mm) or, when `fine`, thousandths with three digits. Prefer
/// [`Legend::station`], which also knows the digit count of the coupon.
pub fn station_text(clearance_um: u32, fine: bool) -> String {
    if fine {
        format!("{clearance_um:03}")
    } else {
        format!("{:02}", clearance_um / 10)
    }
}

/// True when some clearance is not a whole hundredth of a millimetre, so the
/// labels need three digits in thousandths.
pub fn needs_fine(clearances_um: &[u32]) -> bool {
    clearances_um.iter().any(|c| !c.is_multiple_of(10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;

    /// A plate whose top carries a label: closed when the patch's border
    /// joins the surrounding face.
    fn labelled_plate(relief: f64) -> crate::geom::Mesh {
        let mut mb = MeshBuilder::new();
        let bm = render("RX.01").unwrap();
        let frame = Frame {
            origin: Point::new(1.0, 1.0, 2.0),
            u: Vector::x(),
            v: Vector::y(),
        };
        let p = build(&mut mb, &frame, &bm, 0.8, 0.8, relief);
        let (w, h) = (p.width + 2.0, p.height + 2.0);
        let c = |x: f64, y: f64, z: f64| Point::new(x, y, z);
        // Top face: outline minus the patch rectangle, as four convex pieces
        // sharing the patch border points.
        let bl = p.border[0];
        let tr = Point::new(bl.x + p.width, bl.y + p.height, 2.0);
        let bottom_edge: Vec<Point> = p.border.iter().filter(|q| q.y == bl.y).copied().collect();
        let top_edge: Vec<Point> = p.border.iter().filter(|q| q.y == tr.y).copied().collect();
        let left_edge: Vec<Point> = p.border.iter().filter(|q| q.x == bl.x).copied().collect();
        let right_edge: Vec<Point> = p.border.iter().filter(|q| q.x == tr.x).copied().collect();
        let sort = |mut v: Vec<Point>, key: fn(&Point) -> f64| {
            v.sort_by(|a, b| key(a).total_cmp(&key(b)));
            v
        };
        let bottom_edge = sort(bottom_edge, |p| p.x);
        let top_edge = sort(top_edge, |p| p.x);
        let left_edge = sort(left_edge, |p| p.y);
        let right_edge = sort(right_edge, |p| p.y);
        let piece = |pts: Vec<Point>, mb: &mut MeshBuilder| {
            let ids = mb.vertices(&pts);
            mb.fan(&ids);
        };
        // below the patch
        let mut v = vec![c(0.0, 0.0, 2.0), c(w, 0.0, 2.0), c(w, bl.y, 2.0)];
        v.extend(bottom_edge.iter().rev());
        v.push(c(0.0, bl.y, 2.0));
        piece(v, &mut mb);
        // above
        let mut v = vec![c(0.0, tr.y, 2.0)];
        v.extend(top_edge.iter());
        v.extend([c(w, tr.y, 2.0), c(w, h, 2.0), c(0.0, h, 2.0)]);
        piece(v, &mut mb);
        // left
        let mut v = vec![c(0.0, bl.y, 2.0)];
        v.extend(left_edge.iter());
        v.push(c(0.0, tr.y, 2.0));
        piece(v, &mut mb);
        // right
        let mut v = vec![c(w, bl.y, 2.0), c(w, tr.y, 2.0)];
        v.extend(right_edge.iter().rev());
        piece(v, &mut mb);
        // sides and bottom: the top outline's edge points must be shared.
        let corners = [
            c(0.0, 0.0, 0.0),
            c(w, 0.0, 0.0),
            c(w, h, 0.0),
            c(0.0, h, 0.0),
        ];
        let bot = mb.vertices(&corners);
        mb.quad(bot[0], bot[3], bot[2], bot[1]);
        let side = |mb: &mut MeshBuilder, a: Point, b: Point, mids: Vec<Point>| {
            let mut pts = vec![a, b, Point::new(b.x, b.y, 2.0)];
            pts.extend(mids);
            pts.push(Point::new(a.x, a.y, 2.0));
            let ids = mb.vertices(&pts);
            mb.fan(&ids);
        };
        side(&mut mb, corners[0], corners[1], vec![]);
        side(
            &mut mb,
            corners[1],
            corners[2],
            vec![c(w, tr.y, 2.0), c(w, bl.y, 2.0)],
        );
        side(&mut mb, corners[2], corners[3], vec![]);
        side(
            &mut mb,
            corners[3],
            corners[0],
            vec![c(0.0, bl.y, 2.0), c(0.0, tr.y, 2.0)],
        );
        mb.finish()
    }

    #[test]
    fn debossed_and_embossed_labels_keep_the_part_closed() {
        for relief in [-0.4, 0.4] {
            let m = labelled_plate(relief);
            assert_eq!(defects(&m), vec![], "relief {relief}");
        }
        // Volume changes by the set cells times the relief.
        let bm = render("RX.01").unwrap();
        let set = bm.rows.iter().flatten().filter(|&&c| c).count() as f64;
        let dv = labelled_plate(0.4).signed_volume() - labelled_plate(-0.4).signed_volume();
        assert!((dv - 2.0 * 0.4 * 0.64 * set).abs() < 1e-9, "{dv}");
    }

    #[test]
    fn legends_say_what_the_numbers_measure() {
        let per_side = Legend::for_clearances(ClearanceMeaning::PerSide, &[100, 150]);
        assert_eq!(per_side.text(), "SIDE X.01");
        assert_eq!(per_side.station(50), "05");
        assert!(per_side.explain().contains("per side"));
        assert!(per_side.explain().contains("25 = 0.25 mm"));
        // The slot comb's legend never says per side or radial.
        let slit = Legend::for_clearances(ClearanceMeaning::FullWidth, &[100, 150]);
        assert_eq!(slit.text(), "WIDE X.01");
        let said = slit.explain().to_lowercase();
        assert!(said.contains("full slit width"), "{said}");
        assert!(
            !said.contains("per side") && !said.contains("radial"),
            "{said}"
        );
        assert_ne!(per_side.text(), slit.text());
    }

    #[test]
    fn a_millimetre_or_more_gets_three_digits_in_hundredths() {
        let l = Legend::for_clearances(ClearanceMeaning::PerSide, &[300, 1000, 1200]);
        assert_eq!((l.unit, l.digits), (Unit::Hundredths, 3));
        assert_eq!(l.station(1000), "100");
        assert_eq!(l.station(300), "030");
        assert!(l.fits(1000) && l.fits(9990) && !l.fits(10_000));
        assert!(l.explain().contains("125 = 1.25 mm"), "{}", l.explain());
        // Thousandths stay three digits and stop at 0.999; their legend
        // differs from the hundredths one, so "100" is never ambiguous.
        let f = Legend::for_clearances(ClearanceMeaning::PerSide, &[125, 150]);
        assert_eq!((f.unit, f.digits), (Unit::Thousandths, 3));
        assert_eq!(f.station(100), "100");
        assert!(!f.fits(1000));
        assert_ne!(f.text(), l.text());
    }

    #[test]
    fn every_legend_renders_in_the_pixel_font() {
        for meaning in [
            ClearanceMeaning::PerSide,
            ClearanceMeaning::FullWidth,
            ClearanceMeaning::Vertical,
        ] {
            for cs in [&[100u32, 200][..], &[125, 150], &[500, 1000]] {
                let l = Legend::for_clearances(meaning, cs);
                let bm = render(&l.text()).expect("legend glyphs exist");
                assert!(!bm.has_diagonal_contact(), "{}", l.text());
                assert_eq!(bm.height(), 5);
            }
        }
    }

    #[test]
    fn cells_and_walls_scale_with_the_nozzle() {
        assert_eq!(cell_for(0.4), 0.8);
        assert_eq!(cell_for(0.2), 0.8);
        assert_eq!(min_cell(0.25), 0.6);
        assert!((cell_for(0.6) - 0.9).abs() < 1e-12);
        assert!((cell_for(0.8) - 1.2).abs() < 1e-12);
        assert!((cell_for(1.0) - 1.5).abs() < 1e-12);
        assert_eq!(min_wall(0.4), 1.2);
        assert!((min_wall(0.8) - 1.8).abs() < 1e-12);
    }

    #[test]
    fn label_texts() {
        assert_eq!(station_text(150, false), "15");
        assert_eq!(station_text(50, false), "05");
        assert_eq!(station_text(25, true), "025");
        assert!(needs_fine(&[100, 125]));
        assert!(!needs_fine(&[100, 150]));
    }
}
