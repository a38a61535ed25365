//! Push-out plugs (COUPONS.md 5.3 c2): N+1 parts, "which peg pushes out".
//!
//! A plate with one square hole per station and a square peg standing on
//! the bed in each hole, with the clearance as the gap on every side. Squares
//! have no tessellation error: the peg's side faces are parallel to the
//! hole's at exactly the clearance, so the smallest mesh gap is the nominal
//! one. Where the gap reaches the bed, both sides get a 45-degree bed relief
//! (R6): the peg's foot and the hole's mouth, so the gap is c + 0.8 at z = 0
//! and c from z = 0.4 up. The peg stands 2 mm above the plate with a
//! chamfered top edge so a finger or pen can push it.
//!
//! Along X: a legend cell, then one 12 mm station cell per clearance. Along
//! Y each station cell is a label band in front and a square holding the
//! hole behind it.

use super::{Coupon, Part, PrintProfile, convex_face, face_around_label, station};
use crate::error::{ParamError, Result};
use crate::geom::{Mesh, MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame};
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
    /// 45-degree bed relief on peg foot and hole mouth (R6).
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

/// Corners of a square of half-side `a` around `c` at height `z`,
/// counter-clockwise from above, starting front-left.
fn square(c: Point2, a: f64, z: f64) -> [Point; 4] {
    [
        Point::new(c.x - a, c.y - a, z),
        Point::new(c.x + a, c.y - a, z),
        Point::new(c.x + a, c.y + a, z),
        Point::new(c.x - a, c.y + a, z),
    ]
}

/// Build the plate and pegs. The spec is validated first.
pub fn build(spec: &PlugPlateSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let n = spec.clearances.len();
    let top = p.snap_up(spec.plate_thickness);
    let peg_top = p.snap_up(top + spec.protrusion);
    let relief = p.whole_layers(spec.label_relief);
    let br = spec.bed_relief;
    if top - relief < p.first_layer_height - 1e-9 || top <= br {
        return Err(ParamError::new(
            "--layer-height",
            p.layer_height,
            "makes the label deboss deeper than the plate",
        )
        .into());
    }

    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let lg = label::Legend::for_clearances(super::Family::PLUGS.clearance_meaning(), &um);
    let legend = lg.text();
    let cell = spec.label_cell;
    let legend_bm = label::render(&legend).expect("legend glyphs exist");
    let (legend_w, _) = label::patch_size(&legend_bm, cell, cell);
    let legend_cell = legend_w + 2.0 * spec.label_clearance;

    let band = spec.band();
    let depth = band + spec.pitch;
    let yc = band + spec.pitch / 2.0;
    let xs: Vec<f64> = std::iter::once(0.0)
        .chain((0..=n).map(|i| legend_cell + i as f64 * spec.pitch))
        .collect();
    let width = xs[n + 1];

    let mut mb = MeshBuilder::new();
    let mut parts = vec![];
    let mut stations = Vec::with_capacity(n);
    // A label patch centred in the band at `xc`.
    let patch_at = |mb: &mut MeshBuilder, bm: &label::Bitmap, xc: f64| {
        let (pw, ph) = label::patch_size(bm, cell, cell);
        let frame = Frame {
            origin: Point::new(xc - pw / 2.0, band / 2.0 - ph / 2.0, top),
            u: Vector::x(),
            v: Vector::y(),
        };
        label::build(mb, &frame, bm, cell, cell, -relief)
    };
    let pt = |x: f64, y: f64, z: f64| Point::new(x, y, z);

    // Legend cell: the full depth; its right edge carries the band corner of
    // the first station cell.
    let lp = patch_at(&mut mb, &legend_bm, legend_cell / 2.0);
    face_around_label(
        &mut mb,
        [
            pt(0.0, 0.0, top),
            pt(legend_cell, 0.0, top),
            pt(legend_cell, depth, top),
            pt(0.0, depth, top),
        ],
        [&[], &[pt(legend_cell, band, top)], &[], &[]],
        &lp,
    );
    convex_face(
        &mut mb,
        &[
            pt(0.0, 0.0, 0.0),
            pt(legend_cell, 0.0, 0.0),
            pt(legend_cell, band, 0.0),
            pt(legend_cell, depth, 0.0),
            pt(0.0, depth, 0.0),
        ],
        -Vector::z(),
    );

    for (i, &c) in spec.clearances.iter().enumerate() {
        let (xl, xr) = (xs[i + 1], xs[i + 2]);
        let xc = (xl + xr) / 2.0;
        let centre = Point2::new(xc, yc);
        let text = lg.station(c.0);
        let bm = label::render(&text).expect("digits exist");
        // Label band.
        let patch = patch_at(&mut mb, &bm, xc);
        face_around_label(
            &mut mb,
            [
                pt(xl, 0.0, top),
                pt(xr, 0.0, top),
                pt(xr, band, top),
                pt(xl, band, top),
            ],
            [&[], &[], &[], &[]],
            &patch,
        );
        convex_face(
            &mut mb,
            &[
                pt(xl, 0.0, 0.0),
                pt(xr, 0.0, 0.0),
                pt(xr, band, 0.0),
                pt(xl, band, 0.0),
            ],
            -Vector::z(),
        );
        // Hole: mouth ring on the bed, the top of the relief, the plate top.
        let a = spec.peg / 2.0 + c.mm();
        let rings = [
            mb.vertices(&square(centre, a + br, 0.0)),
            mb.vertices(&square(centre, a, br)),
            mb.vertices(&square(centre, a, top)),
        ];
        for w in rings.windows(2) {
            for k in 0..4 {
                let (l0, l1, u0, u1) = (w[0][k], w[0][(k + 1) % 4], w[1][k], w[1][(k + 1) % 4]);
                // Faces point into the hole, toward its axis.
                mb.quad(l0, u0, u1, l1);
            }
        }
        let cell_sq = |z: f64| {
            [
                pt(xl, band, z),
                pt(xr, band, z),
                pt(xr, depth, z),
                pt(xl, depth, z),
            ]
        };
        let outer_top = mb.vertices(&cell_sq(top));
        let outer_bot = mb.vertices(&cell_sq(0.0));
        mb.annulus(&outer_top, &rings[2], centre, true);
        mb.annulus(&outer_bot, &rings[0], centre, false);

        parts.push(Part {
            name: format!("peg {} ({} mm)", i + 1, c),
            mesh: peg(centre, spec.peg / 2.0, br, peg_top, spec.top_chamfer),
        });
        stations.push(station(i, c, text, pt(xc, yc, 0.0), Some(i + 1)));
    }

    // Outer walls: front and back carry every cell corner, the right end
    // the band corner.
    let mut front: Vec<Point> = xs.iter().map(|&x| pt(x, 0.0, 0.0)).collect();
    front.extend(xs.iter().rev().map(|&x| pt(x, 0.0, top)));
    convex_face(&mut mb, &front, -Vector::y());
    let mut back: Vec<Point> = xs.iter().map(|&x| pt(x, depth, 0.0)).collect();
    back.extend(xs.iter().rev().map(|&x| pt(x, depth, top)));
    convex_face(&mut mb, &back, Vector::y());
    convex_face(
        &mut mb,
        &[
            pt(0.0, 0.0, 0.0),
            pt(0.0, depth, 0.0),
            pt(0.0, depth, top),
            pt(0.0, 0.0, top),
        ],
        -Vector::x(),
    );
    convex_face(
        &mut mb,
        &[
            pt(width, 0.0, 0.0),
            pt(width, band, 0.0),
            pt(width, depth, 0.0),
            pt(width, depth, top),
            pt(width, band, top),
            pt(width, 0.0, top),
        ],
        Vector::x(),
    );
    parts.insert(
        0,
        Part {
            name: "plate".into(),
            mesh: mb.finish(),
        },
    );
    Coupon {
        kind: "plugs",
        parts,
        stations,
        bridges: vec![],
        legend,
        profile: p,
    }
    .validated()
}

/// A square peg of half-side `a` standing on the bed: foot relief `br`,
/// top edge chamfer `ch`, both at 45 degrees.
fn peg(c: Point2, a: f64, br: f64, top: f64, ch: f64) -> Mesh {
    let mut mb = MeshBuilder::new();
    let rings = [
        mb.vertices(&square(c, a - br, 0.0)),
        mb.vertices(&square(c, a, br)),
        mb.vertices(&square(c, a, top - ch)),
        mb.vertices(&square(c, a - ch, top)),
    ];
    for w in rings.windows(2) {
        for k in 0..4 {
            let (l0, l1, u0, u1) = (w[0][k], w[0][(k + 1) % 4], w[1][k], w[1][(k + 1) % 4]);
            mb.quad(l0, l1, u1, u0);
        }
    }
    let b = &rings[0];
    mb.quad(b[0], b[3], b[2], b[1]);
    let t = &rings[3];
    mb.quad(t[0], t[1], t[2], t[3]);
    mb.finish()
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
