//! Push-out plugs (docs/design-rules.md, R6): N+1 parts, "which peg
//! pushes out".
//!
//! A plate with one square hole per station and a square peg standing on
//! the bed in each hole, with the clearance as the gap on every side. Squares
//! have no tessellation error: the peg's side faces are parallel to the
//! hole's at exactly the clearance, so the smallest mesh gap is the nominal
//! one. Where the gap reaches the bed, both sides get a 45-degree bed relief
//! (docs/design-rules.md R6): the peg's foot and the hole's mouth, so the gap
//! is c + 0.8 at z = 0 and c from z = 0.4 up.
//!
//! Lean by design (print time goes into small loops at the slicer's
//! small-perimeter speed and into solid infill, both per layer):
//! - the holes sit in a row of square rings only 1.6 mm tall: above the
//!   0.4 mm bed relief that is six layers of the exact gap at 0.2 mm, enough
//!   to tell a peg that slides from one that is held or fused;
//! - each ring is the widest hole mouth with one wall around it, so the
//!   plate between holes is a web, not a slab; the rings grow only for a
//!   sweep wider than [`REFERENCE_WIDEST`];
//! - the pegs are 4 mm squares (three loops and a small core at a 0.4
//!   nozzle) standing 1.6 mm above the rings, with a chamfered top a
//!   fingertip or a pen presses;
//! - the labels are debossed into a band in front of the rings that is only
//!   1.0 mm tall (a 0.4 deboss over a 0.6 floor), and the legend sits at the
//!   band's left end with no ring behind it.
//!
//! With the coupon kit ([`crate::geom::kit`]) the rings are one prism with
//! relieved holes, the band a block in front of it (the two faces where they
//! meet are trimmed to what stays outside) with the labels cut into its top;
//! each peg is a prism with both ends chamfered.

use super::{Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::kit::{
    Chamfer, Face, FaceId, Frame, Prism, Region, Shell, Span, centred_label_frame, pitched,
    push_block, push_label,
};
use crate::geom::{Mesh, Point, Point2, Vector};
use crate::label::{self, Bitmap};
use crate::units::Microns;

/// Everything that shapes a plug plate. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct PlugPlateSpec {
    /// Gap per side of each station, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Height of the rings around the holes: the length the peg slides
    /// in (rounded up to a layer boundary).
    pub plate_thickness: f64,
    /// Height of the label band in front of the rings (rounded up to a
    /// layer boundary): enough for the deboss and a floor under it.
    pub band_thickness: f64,
    /// Peg side.
    pub peg: f64,
    /// How far the peg stands above the plate.
    pub protrusion: f64,
    /// 45-degree chamfer on the peg's top edge.
    pub top_chamfer: f64,
    /// 45-degree bed relief on peg foot and hole mouth (docs/design-rules.md R6).
    pub bed_relief: f64,
    /// Station pitch along X: the ring or the widest label, whichever is
    /// wider.
    pub pitch: f64,
    /// Side of the square ring of plate around each hole: the widest
    /// hole mouth with `min_wall` on every side.
    pub ring: f64,
    /// Label cell.
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Text clearance from any edge or gap.
    pub label_clearance: f64,
    /// Thinnest plate wall allowed around a hole.
    pub min_wall: f64,
}

impl PlugPlateSpec {
    /// The reference geometry with these clearances and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles: larger label cells and thicker walls, and a pitch
        // that still holds three-digit labels and the same clearances.
        let cell = label::cell_for(profile.nozzle);
        let wall = label::min_wall(profile.nozzle);
        let margin = text_margin(cell, 1.0);
        let (peg, bed_relief) = (4.0, 0.4);
        let widest = clearances
            .iter()
            .map(|c| c.mm())
            .fold(REFERENCE_WIDEST, f64::max);
        let ring = peg + 2.0 * (widest + bed_relief + wall);
        let um: Vec<u32> = clearances.iter().map(|c| c.0).collect();
        let digits =
            label::Legend::for_clearances(super::Family::PLUGS.clearance_meaning(), &um).digits;
        PlugPlateSpec {
            clearances,
            profile,
            plate_thickness: 1.6,
            band_thickness: 1.0,
            peg,
            protrusion: 1.6,
            top_chamfer: 0.4,
            bed_relief,
            pitch: ring.max(label_width(digits, cell) + 2.0 * margin),
            ring,
            label_cell: cell,
            label_relief: 0.4,
            label_clearance: 1.0,
            min_wall: wall,
        }
    }

    /// Depth of the label band in front of the holes: the tallest label
    /// (5 rows of text) with its clearance on both sides.
    fn band(&self) -> f64 {
        5.0 * self.label_cell + 2.0 * self.text_margin()
    }

    /// Distance from the text to the edge of its face; see [`text_margin`].
    fn text_margin(&self) -> f64 {
        text_margin(self.label_cell, self.label_clearance)
    }

    /// Largest clearance the plate holds with `min_wall` between the hole
    /// mouth (the widest part of the hole) and the edge of its square: the
    /// back edge is the plate's outside, so the wall is not shared there.
    pub fn max_clearance(&self) -> f64 {
        let side = self.ring.min(self.pitch);
        (side / 2.0 - self.min_wall - self.peg / 2.0 - self.bed_relief).max(0.0)
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let geo_max = self.max_clearance();
        let why = format!(
            "with a {} mm ring, a {} mm pitch and {} mm walls",
            self.ring, self.pitch, self.min_wall
        );
        let legend = super::check_stations(
            &self.clearances,
            "plate",
            super::Family::PLUGS.clearance_meaning(),
            Some((geo_max, why)),
        )?;
        // The widest label must fit its station cell.
        let widest = label_width(legend.digits, self.label_cell);
        if widest + 2.0 * self.text_margin() > self.pitch {
            return Err(ParamError::new(
                "pitch",
                self.pitch,
                format!(
                    "must hold the labels: at least {:.2} mm",
                    widest + 2.0 * self.text_margin()
                ),
            ));
        }
        Ok(PlugPlateSpec { profile, ..self })
    }
}

/// The widest clearance the reference ring holds (the default sweep's
/// widest); a sweep that goes wider grows the ring (see the registry's
/// growth notes).
pub const REFERENCE_WIDEST: f64 = 0.5;

/// Width of a station label of `digits` digits: 3 cells a digit and one
/// between digits.
fn label_width(digits: usize, cell: f64) -> f64 {
    (4 * digits - 1) as f64 * cell
}

/// Gap between a label patch (the text and its one-cell margin) and the
/// edge of the face around it, so the face's trapezoids never degenerate.
const PATCH_GAP: f64 = 0.2;

/// Distance from the text to the edge of its face: `clearance`, or more
/// when the patch's one-cell margin plus [`PATCH_GAP`] needs it. With 0.8 mm
/// cells the clearance rules (1.0 mm); from 0.9 mm cells (0.6 mm nozzles)
/// the margin does, so the band and pitch grow with the cell instead of the
/// patch reaching (1.0 mm cells) or overrunning (1.2 mm) the face's edge.
fn text_margin(cell: f64, clearance: f64) -> f64 {
    clearance.max(cell + PATCH_GAP)
}

/// A square of half-side `a` around `c`, counter-clockwise from its
/// front-left corner.
fn square(c: Point2, a: f64) -> Vec<Point2> {
    Region::rectangle(Point2::new(c.x - a, c.y - a), Point2::new(c.x + a, c.y + a)).outer
}

/// Build the plate and pegs. The spec is validated first.
pub fn build(spec: &PlugPlateSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let levels = Levels::new(&spec)?;
    let labels = Labels::new(&spec);
    let plate = Plate::new(&spec, &labels);
    let mut shell = Shell::new("plate");
    let top = plate.push(&mut shell, &spec, &levels);
    labels.push(&mut shell, top, &plate, &levels);
    let mut parts = vec![Part {
        name: "plate".into(),
        mesh: shell.finish()?,
    }];
    let mut stations = Vec::with_capacity(spec.clearances.len());
    for (i, &c) in spec.clearances.iter().enumerate() {
        let centre = plate.hole_centre(i);
        let name = format!("peg {} ({} mm)", i + 1, c);
        parts.push(Part {
            mesh: peg(&name, centre, &spec, levels.peg_top)?,
            name,
        });
        let at = Point::new(centre.x, centre.y, 0.0);
        stations.push(station(i, c, labels.texts[i].clone(), at, Some(i + 1)));
    }
    Coupon {
        kind: "plugs",
        parts,
        stations,
        bridges: vec![],
        legend: labels.legend,
        profile: spec.profile,
    }
    .validated()
}

/// The plate's heights, on layer boundaries.
struct Levels {
    /// Top of the rings around the holes.
    top: f64,
    /// Top of the label band.
    band_top: f64,
    /// Peg top.
    peg_top: f64,
    /// Label deboss depth, whole layers.
    relief: f64,
}

impl Levels {
    /// Snap the spec's heights; refuse a deboss that would reach the first
    /// layer, a band no lower than the rings or rings no taller than the
    /// bed relief.
    fn new(spec: &PlugPlateSpec) -> Result<Levels> {
        let p = spec.profile;
        let top = p.snap_up(spec.plate_thickness);
        let band_top = p.snap_up(spec.band_thickness);
        let relief = p.whole_layers(spec.label_relief);
        p.check_deboss_floor(band_top, relief, "label band")?;
        if top <= spec.bed_relief || band_top >= top {
            return Err(ParamError::new(
                "plate_thickness",
                spec.plate_thickness,
                format!(
                    "must be more than the bed relief ({}) and the label band ({band_top})",
                    spec.bed_relief
                ),
            )
            .into());
        }
        Ok(Levels {
            top,
            band_top,
            peg_top: p.snap_up(top + spec.protrusion),
            relief,
        })
    }
}

/// The plate's layout: a label band along the front, and behind it, right
/// of the legend, a row of square rings, one around each hole. The plate
/// is an L seen from above: no material behind the legend, and each ring
/// only as deep as the widest hole mouth and its walls.
struct Plate {
    /// Station cells along X.
    cells: Vec<Span>,
    /// Width of the legend cell at the left end.
    legend_cell: f64,
    /// Depth of the label band along Y.
    band: f64,
    /// Depth of the row of rings along Y.
    ring: f64,
    /// Half-side of each hole (peg half-side plus the clearance).
    holes: Vec<f64>,
}

impl Plate {
    /// Lay the station cells out after the legend cell.
    fn new(spec: &PlugPlateSpec, labels: &Labels) -> Plate {
        Plate {
            cells: pitched(labels.legend_cell, spec.pitch, spec.clearances.len()),
            legend_cell: labels.legend_cell,
            band: spec.band(),
            ring: spec.ring,
            holes: spec
                .clearances
                .iter()
                .map(|c| spec.peg / 2.0 + c.mm())
                .collect(),
        }
    }

    /// Centre of station `i`'s hole (and peg).
    fn hole_centre(&self, i: usize) -> Point2 {
        Point2::new(self.cells[i].centre(), self.band + self.ring / 2.0)
    }

    /// Push the plate: the row of rings, a prism up to the top whose holes
    /// widen by the bed relief at the bottom (docs/design-rules.md R6), and
    /// the lower label band in front of it. Where the two meet, the rings'
    /// front face keeps only its part above the band and the band's back
    /// face only its part behind the legend. Returns the band's top face.
    fn push(&self, shell: &mut Shell, spec: &PlugPlateSpec, levels: &Levels) -> FaceId {
        let width = self.width();
        let (y0, y1) = (self.band, self.band + self.ring);
        let mut rings =
            Region::rectangle(Point2::new(self.legend_cell, y0), Point2::new(width, y1));
        for (i, &a) in self.holes.iter().enumerate() {
            rings = rings.with_hole(square(self.hole_centre(i), a));
        }
        let mut pieces = Shell::new("plate");
        let row = Prism::new(rings, Frame::xy(), 0.0, levels.top)
            .chamfered(Chamfer::holes(spec.bed_relief), Chamfer::NONE)
            .push(&mut pieces, "rings");
        let band = push_block(
            &mut pieces,
            "band",
            Point::origin(),
            Point::new(width, y0, levels.band_top),
        );
        let joined = [pieces.face(row.sides[0][0]), pieces.face(band.back)];
        let band_top = pieces.face(band.top).clone();
        let mut top = None;
        for face in pieces.faces().iter().filter(|f| !joined.contains(f)) {
            let id = shell.push(face.clone());
            if *face == band_top {
                top = Some(id);
            }
        }
        let rect = |name: &str, x: (f64, f64), z: (f64, f64), out: Vector| {
            let p = |x: f64, z: f64| Point::new(x, y0, z);
            let outer = vec![p(x.0, z.0), p(x.1, z.0), p(x.1, z.1), p(x.0, z.1)];
            Face::new(name, outer, out)
        };
        shell.push(rect(
            "rings front above the band",
            (self.legend_cell, width),
            (levels.band_top, levels.top),
            -Vector::y(),
        ));
        shell.push(rect(
            "band back behind the legend",
            (0.0, self.legend_cell),
            (0.0, levels.band_top),
            Vector::y(),
        ));
        top.expect("the band's top face was copied")
    }

    /// The plate's width along X.
    fn width(&self) -> f64 {
        self.cells.last().map_or(self.legend_cell, |c| c.hi)
    }
}

/// A square peg standing on the bed: foot relief (docs/design-rules.md R6) and a chamfered top
/// edge, both at 45 degrees.
fn peg(name: &str, centre: Point2, spec: &PlugPlateSpec, top: f64) -> Result<Mesh> {
    let mut shell = Shell::new(name);
    Prism::new(
        Region::new(square(centre, spec.peg / 2.0)),
        Frame::xy(),
        0.0,
        top,
    )
    .chamfered(
        Chamfer::outer(spec.bed_relief),
        Chamfer::outer(spec.top_chamfer),
    )
    .push(&mut shell, "peg");
    Ok(shell.finish()?)
}

/// The labels: the legend and one per station.
struct Labels {
    /// The legend text.
    legend: String,
    /// Its bitmap.
    legend_bitmap: Bitmap,
    /// Station label texts, in station order.
    texts: Vec<String>,
    /// Width of the legend's cell at the left end.
    legend_cell: f64,
    /// Label cell.
    cell: f64,
}

impl Labels {
    /// Render the legend and the station labels.
    fn new(spec: &PlugPlateSpec) -> Labels {
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(super::Family::PLUGS.clearance_meaning(), &um);
        let legend = lg.text();
        let cell = spec.label_cell;
        let legend_bitmap = label::render(&legend).expect("legend glyphs exist");
        let (legend_w, _) = label::patch_size(&legend_bitmap, cell, cell);
        Labels {
            texts: um.iter().map(|&c| lg.station(c)).collect(),
            legend,
            legend_bitmap,
            legend_cell: legend_w + 2.0 * spec.label_clearance,
            cell,
        }
    }

    /// Deboss the legend (centred in its cell) and each station's label
    /// (centred in its band) into the plate top.
    fn push(&self, shell: &mut Shell, top: FaceId, plate: &Plate, levels: &Levels) {
        let mut put = |name: &str, bitmap: &Bitmap, x: f64| {
            let centre = Point::new(x, plate.band / 2.0, levels.band_top);
            let frame = centred_label_frame(centre, Vector::x(), Vector::y(), bitmap, self.cell);
            push_label(shell, top, name, &frame, bitmap, self.cell, -levels.relief);
        };
        put("legend", &self.legend_bitmap, self.legend_cell / 2.0);
        for (text, cell) in self.texts.iter().zip(&plate.cells) {
            let bitmap = label::render(text).expect("digits exist");
            put(&format!("label {text}"), &bitmap, cell.centre());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;
    use crate::geom::distance::min_distance;

    /// Station `i`'s measured gap (peg to plate) is its clearance `um`.
    fn assert_gap(c: &Coupon, i: usize, um: u32) {
        let d = min_distance(&c.parts[i + 1].mesh, &c.parts[0].mesh, 5.0)
            .unwrap()
            .distance;
        assert!(
            (d - f64::from(um) / 1000.0).abs() < 1e-6,
            "station {i}: {d}"
        );
    }

    /// The plate wall behind station `i`'s hole mouth (the peg's back, the
    /// clearance and the bed relief), measured on the built parts.
    fn wall_behind(c: &Coupon, spec: &PlugPlateSpec, i: usize, um: u32) -> f64 {
        let back = c.parts[0].mesh.bbox().max.y;
        let peg = c.parts[i + 1].mesh.bbox();
        back - (peg.max.y + f64::from(um) / 1000.0 + spec.bed_relief)
    }

    #[test]
    fn default_plate_and_pegs_are_closed_and_keep_the_gap() {
        let cs = [100, 150, 200, 250, 300, 350, 400, 450, 500];
        let spec = PlugPlateSpec::new(
            cs.iter().map(|&c| Microns(c)).collect(),
            PrintProfile::default(),
        );
        let c = build(&spec).unwrap();
        assert_eq!(c.parts.len(), 10);
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
        for (i, &um) in cs.iter().enumerate() {
            assert_gap(&c, i, um);
        }
    }

    /// At 0.8 and 1.0 mm nozzles the label cells are at least 1.5 x nozzle
    /// and the thinnest plate wall (behind the widest hole mouth, measured
    /// on the built plate and peg) at least two lines, with three-digit
    /// labels, and every gap still the nominal one.
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
            let spec = PlugPlateSpec::new(cs.iter().map(|&c| Microns(c)).collect(), p);
            assert!(spec.label_cell >= 1.5 * nozzle - 1e-9, "{spec:?}");
            let c = build(&spec).unwrap();
            assert_eq!(inspect::self_check(&c), Vec::<String>::new());
            for (i, &um) in cs.iter().enumerate() {
                let wall = wall_behind(&c, &spec, i, um);
                assert!(wall >= 2.0 * 1.125 * nozzle - 1e-9, "{nozzle}: wall {wall}");
                assert_gap(&c, i, um);
            }
        }
    }

    /// A clearance wider than the reference sweep's widest grows the rings
    /// (and says so), keeps the gap exact and keeps a full wall behind the
    /// widest hole mouth; the reference sweep does not grow them.
    #[test]
    fn wide_clearances_grow_the_rings() {
        let p = PrintProfile::default();
        let cs = [300, 1500];
        let spec = PlugPlateSpec::new(cs.iter().map(|&c| Microns(c)).collect(), p);
        let reference = PlugPlateSpec::new(vec![Microns(500)], p);
        assert!(
            spec.ring > reference.ring + 1.9,
            "{} vs {}",
            spec.ring,
            reference.ring
        );
        let c = build(&spec).unwrap();
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
        for (i, &um) in cs.iter().enumerate() {
            let wall = wall_behind(&c, &spec, i, um);
            assert!(wall >= spec.min_wall - 1e-9, "station {i}: wall {wall}");
            assert_gap(&c, i, um);
        }
        let notes = super::super::Family::PLUGS.growth(&spec.clearances, p);
        assert!(
            notes.iter().any(|n| n.contains("rings 10.2 mm (not 8.2)")),
            "{notes:?}"
        );
        assert!(
            super::super::Family::PLUGS
                .growth(&reference.clearances, p)
                .is_empty()
        );
    }

    /// The band the labels are cut into is lower than the rings, on a layer
    /// boundary, and its deboss leaves a floor above the first layer; the
    /// pegs stand the protrusion above the rings.
    #[test]
    fn labels_sit_on_a_band_lower_than_the_rings() {
        for (layer, first) in [(0.2, 0.2), (0.3, 0.3), (0.12, 0.2)] {
            let p = PrintProfile {
                layer_height: layer,
                first_layer_height: first,
                ..PrintProfile::default()
            };
            let spec = PlugPlateSpec::new(vec![Microns(100), Microns(500)], p);
            let levels = Levels::new(&spec).unwrap();
            assert!(levels.band_top < levels.top, "{layer}");
            assert!(levels.band_top - levels.relief >= first - 1e-9, "{layer}");
            let c = build(&spec).unwrap();
            let plate = c.parts[0].mesh.bbox();
            assert!((plate.max.z - levels.top).abs() < 1e-12);
            let peg = c.parts[1].mesh.bbox();
            assert!(peg.max.z - plate.max.z >= spec.protrusion - 1e-9, "{layer}");
            // The band's top face: the highest up-facing point in front of
            // the rings.
            let m = &c.parts[0].mesh;
            let front = c.stations[0].position[1] - spec.ring / 2.0;
            let band = (0..m.triangle_count())
                .filter(|&t| m.area_normal(t).z > 0.0)
                .flat_map(|t| m.corners(t))
                .filter(|q| q.y < front - 1e-9)
                .map(|q| q.z)
                .fold(f64::MIN, f64::max);
            assert!(
                (band - levels.band_top).abs() < 1e-12,
                "{layer}: band at {band}"
            );
        }
    }
}
