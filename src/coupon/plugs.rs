//! Push-out plugs (docs/design-rules.md, R6): N+1 parts, "which peg
//! pushes out".
//!
//! A plate with one square hole per station and a square peg standing on
//! the bed in each hole, with the clearance as the gap on every side. Squares
//! have no tessellation error: the peg's side faces are parallel to the
//! hole's at exactly the clearance, so the smallest mesh gap is the nominal
//! one. Where the gap reaches the bed, both sides get a 45-degree bed relief
//! (docs/design-rules.md R6): the peg's foot and the hole's mouth, so the gap is c + 0.8 at z = 0
//! and c from z = 0.4 up. The peg stands 2 mm above the plate with a
//! chamfered top edge so a finger or pen can push it.
//!
//! Along X: a legend cell, then one station cell per clearance. Along Y
//! each station cell is a label band in front and a square holding the
//! hole behind it. With the coupon kit ([`crate::geom::kit`]) the plate is
//! one prism with relieved holes and the labels cut into its top; each peg
//! is a prism with both ends chamfered.

use super::{Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::kit::{
    Chamfer, FaceId, Frame, Prism, Region, Shell, Span, centred_label_frame, pitched, push_label,
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
    /// Plate thickness (rounded up to a layer boundary).
    pub plate_thickness: f64,
    /// Peg side.
    pub peg: f64,
    /// How far the peg stands above the plate.
    pub protrusion: f64,
    /// 45-degree chamfer on the peg's top edge.
    pub top_chamfer: f64,
    /// 45-degree bed relief on peg foot and hole mouth (docs/design-rules.md R6).
    pub bed_relief: f64,
    /// Station pitch along X; also the side of the square around each hole.
    pub pitch: f64,
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
        PlugPlateSpec {
            clearances,
            profile,
            plate_thickness: 4.0,
            peg: 6.0,
            protrusion: 2.0,
            top_chamfer: 0.4,
            bed_relief: 0.4,
            pitch: (12.0 + 2.0 * (wall - 1.2)).max(11.0 * cell + 2.0 * margin),
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
        (self.pitch / 2.0 - self.min_wall - self.peg / 2.0 - self.bed_relief).max(0.0)
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let geo_max = self.max_clearance();
        let why = format!(
            "with a {} mm pitch and {} mm walls",
            self.pitch, self.min_wall
        );
        let legend = super::check_stations(
            &self.clearances,
            "plate",
            super::Family::PLUGS.clearance_meaning(),
            Some((geo_max, why)),
        )?;
        // The widest label (3 digits) must fit its station cell.
        let widest = (4 * legend.digits - 1) as f64 * self.label_cell;
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
    let top = plate.push(&mut shell, &spec, levels.top);
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
    /// Plate top.
    top: f64,
    /// Peg top.
    peg_top: f64,
    /// Label deboss depth, whole layers.
    relief: f64,
}

impl Levels {
    /// Snap the spec's heights; refuse a deboss that would reach the first
    /// layer or a plate no thicker than the bed relief.
    fn new(spec: &PlugPlateSpec) -> Result<Levels> {
        let p = spec.profile;
        let top = p.snap_up(spec.plate_thickness);
        let relief = p.whole_layers(spec.label_relief);
        if top - relief < p.first_layer_height - 1e-9 || top <= spec.bed_relief {
            return Err(ParamError::new(
                "--layer-height",
                p.layer_height,
                "makes the label deboss deeper than the plate",
            )
            .into());
        }
        Ok(Levels {
            top,
            peg_top: p.snap_up(top + spec.protrusion),
            relief,
        })
    }
}

/// The plate's layout: the legend cell, then one station cell per
/// clearance, each a label band in front of the square around its hole.
struct Plate {
    /// Station cells along X.
    cells: Vec<Span>,
    /// Width of the legend cell at the left end.
    legend_cell: f64,
    /// Depth of the label band along Y.
    band: f64,
    /// Depth of the plate along Y.
    depth: f64,
    /// Y of the hole centres: the middle of the square behind the band.
    hole_y: f64,
    /// Half-side of each hole (peg half-side plus the clearance).
    holes: Vec<f64>,
}

impl Plate {
    /// Lay the station cells out after the legend cell.
    fn new(spec: &PlugPlateSpec, labels: &Labels) -> Plate {
        let band = spec.band();
        Plate {
            cells: pitched(labels.legend_cell, spec.pitch, spec.clearances.len()),
            legend_cell: labels.legend_cell,
            band,
            depth: band + spec.pitch,
            hole_y: band + spec.pitch / 2.0,
            holes: spec
                .clearances
                .iter()
                .map(|c| spec.peg / 2.0 + c.mm())
                .collect(),
        }
    }

    /// Centre of station `i`'s hole (and peg).
    fn hole_centre(&self, i: usize) -> Point2 {
        Point2::new(self.cells[i].centre(), self.hole_y)
    }

    /// Push the plate: a prism up to `top` whose holes widen by the bed
    /// relief at the bottom (docs/design-rules.md R6). Returns the top face.
    fn push(&self, shell: &mut Shell, spec: &PlugPlateSpec, top: f64) -> FaceId {
        let width = self.cells.last().map_or(self.legend_cell, |c| c.hi);
        let mut region = Region::rectangle(Point2::origin(), Point2::new(width, self.depth));
        for (i, &a) in self.holes.iter().enumerate() {
            region = region.with_hole(square(self.hole_centre(i), a));
        }
        Prism::new(region, Frame::xy(), 0.0, top)
            .chamfered(Chamfer::holes(spec.bed_relief), Chamfer::NONE)
            .push(shell, "plate")
            .top
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
            let centre = Point::new(x, plate.band / 2.0, levels.top);
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
            let d = min_distance(&c.parts[i + 1].mesh, &c.parts[0].mesh, 5.0)
                .unwrap()
                .distance;
            assert!((d - um as f64 / 1000.0).abs() < 1e-6, "station {i}: {d}");
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
            let back = c.parts[0].mesh.bbox().max.y;
            for (i, &um) in cs.iter().enumerate() {
                let peg = c.parts[i + 1].mesh.bbox();
                let mouth = peg.max.y + um as f64 / 1000.0 + spec.bed_relief;
                let wall = back - mouth;
                assert!(wall >= 2.0 * 1.125 * nozzle - 1e-9, "{nozzle}: wall {wall}");
                let d = min_distance(&c.parts[i + 1].mesh, &c.parts[0].mesh, 5.0)
                    .unwrap()
                    .distance;
                assert!((d - um as f64 / 1000.0).abs() < 1e-6, "station {i}: {d}");
            }
        }
    }
}
