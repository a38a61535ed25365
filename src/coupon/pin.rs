//! The captive-pin gauge (COUPONS.md 5.1).
//!
//! A housing bar with one vertical through-cavity per station and a pin in
//! each, captured by a 45-degree bicone collar. Turn the pins with a small
//! screwdriver in the top slot: the smallest clearance that turns freely is
//! the one to design with.
//!
//! Profiles r(z), turned about each station's vertical axis:
//! - pin (material, inscribed rings): foot chamfer (bed relief), cylinder
//!   r_p, collar r_p + t at mid-height with 45-degree faces, cylinder up past
//!   the housing top, then a diametral slot and a top chamfer;
//! - cavity (air, circumscribed rings, half-step phase): the pin profile
//!   offset by c on the cylinders and by c_cone = max(c, h) normal to the
//!   cones (R5), mouth and top chamfers of `bed_relief`.
//!
//! Pin and cavity of a station share one segment count, so the smallest
//! mesh gap is the nominal clearance exactly, at any rotation of the pin.

use super::{Bridge, Coupon, Part, PrintProfile, face_around_label, station};
use crate::error::{ParamError, Result};
use crate::geom::build::{angle_around, at_z};
use crate::geom::circle::{Fit, polygon, segments_for_sliced};
use crate::geom::{MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame};
use crate::units::Microns;
use std::f64::consts::SQRT_2;

/// Everything that shapes a captive-pin gauge. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct PinGaugeSpec {
    /// Clearance per side of each station, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Pin diameter.
    pub pin_diameter: f64,
    /// Radial size of the collar.
    pub collar: f64,
    /// Housing height (rounded up to a layer boundary).
    pub housing_height: f64,
    /// Housing depth along Y.
    pub housing_depth: f64,
    /// Distance between stations.
    pub pitch: f64,
    /// How far the pin stands above the housing.
    pub protrusion: f64,
    /// Width of the screwdriver slot in the pin top.
    pub slot_width: f64,
    /// Depth of that slot.
    pub slot_depth: f64,
    /// 45-degree chamfer on every gap that reaches the bed (R6).
    pub bed_relief: f64,
    /// Label cell width.
    pub label_cell: f64,
    /// Label emboss height.
    pub label_relief: f64,
    /// Thinnest housing wall allowed between a cavity and a face.
    pub min_wall: f64,
}

impl PinGaugeSpec {
    /// The reference geometry with these clearances and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles get larger label cells and thicker walls; the
        // housing grows with them, so it holds the same clearances and its
        // front face the same seven-row labels.
        let cell = label::cell_for(profile.nozzle);
        let wall = label::min_wall(profile.nozzle);
        let grow = 2.0 * (wall - 1.2);
        PinGaugeSpec {
            clearances,
            profile,
            pin_diameter: 5.0,
            collar: 1.0,
            housing_height: (7.0 * cell + 2.4).max(8.0),
            housing_depth: 12.0 + grow,
            // A three-digit label with its margin and 1 mm to spare.
            pitch: (12.0 + grow).max(13.0 * cell + 1.0),
            protrusion: 3.0,
            slot_width: 1.0,
            slot_depth: 1.5,
            bed_relief: 0.4,
            label_cell: cell,
            label_relief: 0.4,
            min_wall: wall,
        }
    }

    /// Largest clearance the housing can hold with `min_wall` between
    /// neighbouring cavities and to the front and back faces.
    pub fn max_clearance(&self) -> f64 {
        let room = (self.pitch.min(self.housing_depth) - self.min_wall) / 2.0;
        let rp = self.pin_diameter / 2.0;
        // Cavity radius r_p + t + c*sqrt2 (for c >= h), plus the polygon's
        // bulge, at most the chord tolerance.
        ((room - rp - self.collar - self.profile.chord_tolerance) / SQRT_2).max(0.0)
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let geo_max = self.max_clearance();
        let why = format!(
            "with a {} mm pitch and {} mm walls",
            self.pitch, self.min_wall
        );
        super::check_stations(
            &self.clearances,
            "housing",
            super::Family::PIN.clearance_meaning(),
            Some((geo_max, why)),
        )?;
        Ok(PinGaugeSpec { profile, ..self })
    }
}

/// Heights shared by every station.
struct Levels {
    /// Housing top.
    top: f64,
    /// Collar apex.
    collar: f64,
    /// Pin top.
    pin_top: f64,
    /// Slot floor.
    slot: f64,
}

/// Build the gauge. The spec is validated first.
pub fn build(spec: &PinGaugeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let h = p.layer_height;
    let top = p.snap_up(spec.housing_height);
    let pin_top = p.snap_up(top + spec.protrusion);
    let slot = p.snap_down(pin_top - spec.slot_depth);
    let lv = Levels {
        top,
        collar: top / 2.0,
        pin_top,
        slot,
    };
    if lv.slot <= lv.top + spec.bed_relief || lv.pin_top - spec.bed_relief <= lv.slot {
        return Err(ParamError::new(
            "--layer-height",
            h,
            "leaves no room for the pin's slot above the housing",
        )
        .into());
    }

    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let lg = label::Legend::for_clearances(super::Family::PIN.clearance_meaning(), &um);
    let legend = lg.text();
    let cu = spec.label_cell;
    let cv = p.whole_layers(spec.label_cell);
    let legend_bm = label::render(&legend).expect("legend glyphs exist");
    let (legend_w, patch_h) = label::patch_size(&legend_bm, cu, cv);
    let legend_cell = legend_w + 2.0;
    let z0 = p.snap_up((lv.top - patch_h) / 2.0);
    if z0 + patch_h > lv.top - spec.bed_relief {
        return Err(ParamError::new(
            "--layer-height",
            h,
            "makes the labels taller than the housing",
        )
        .into());
    }

    let n = spec.clearances.len();
    // Cell boundaries along X: the legend cell, then one cell per station.
    let xs: Vec<f64> = std::iter::once(0.0)
        .chain((0..=n).map(|i| legend_cell + i as f64 * spec.pitch))
        .collect();
    let d = spec.housing_depth / 2.0;

    let mut housing = MeshBuilder::new();
    let mut bridges = Vec::new();
    let mut parts = vec![];
    let mut stations = Vec::with_capacity(n);
    for cell in 0..=n {
        let (xl, xr) = (xs[cell], xs[cell + 1]);
        let xc = (xl + xr) / 2.0;
        let text = if cell == 0 {
            legend.clone()
        } else {
            lg.station(spec.clearances[cell - 1].0)
        };
        let bm = label::render(&text).expect("digits exist");
        let (pw, _) = label::patch_size(&bm, cu, cv);
        let frame = Frame {
            origin: Point::new(xc - pw / 2.0, -d, z0),
            u: Vector::x(),
            v: Vector::z(),
        };
        let patch = label::build(&mut housing, &frame, &bm, cu, cv, spec.label_relief);
        for (z, lo, hi) in &patch.overhangs {
            bridges.push(Bridge {
                part: 0,
                z: *z,
                min: [lo.x, lo.y],
                max: [hi.x, hi.y],
                what: "label emboss underside",
            });
        }
        let front = [
            Point::new(xl, -d, 0.0),
            Point::new(xr, -d, 0.0),
            Point::new(xr, -d, lv.top),
            Point::new(xl, -d, lv.top),
        ];
        face_around_label(&mut housing, front, [&[], &[], &[], &[]], &patch);
        back_face(&mut housing, xl, xr, d, lv.top);
        let sq = |z: f64| {
            [
                Point::new(xl, -d, z),
                Point::new(xr, -d, z),
                Point::new(xr, d, z),
                Point::new(xl, d, z),
            ]
        };
        let (top_sq, bot_sq) = (housing.vertices(&sq(lv.top)), housing.vertices(&sq(0.0)));
        if cell == 0 {
            housing.quad(top_sq[0], top_sq[1], top_sq[2], top_sq[3]);
            housing.quad(bot_sq[0], bot_sq[3], bot_sq[2], bot_sq[1]);
            continue;
        }
        let i = cell - 1;
        let c = spec.clearances[i];
        let centre = Point2::new(xc, 0.0);
        let st = StationGeometry::new(&spec, c.mm(), &lv);
        let (cav_top, cav_bot) = st.cavity(&mut housing, centre);
        housing.annulus(&top_sq, &cav_top, centre, true);
        housing.annulus(&bot_sq, &cav_bot, centre, false);
        parts.push(Part {
            name: format!("pin {} ({} mm)", i + 1, c),
            mesh: st.pin(centre),
        });
        stations.push(station(i, c, text, Point::new(xc, 0.0, 0.0), Some(i + 1)));
    }
    end_faces(&mut housing, xs[0], xs[n + 1], d, lv.top);
    parts.insert(
        0,
        Part {
            name: "housing".into(),
            mesh: housing.finish(),
        },
    );
    Coupon {
        kind: "pin",
        parts,
        stations,
        bridges,
        legend,
        profile: p,
    }
    .validated()
}

/// Back face of one cell (outward +Y).
fn back_face(mb: &mut MeshBuilder, xl: f64, xr: f64, y: f64, top: f64) {
    let v = mb.vertices(&[
        Point::new(xr, y, 0.0),
        Point::new(xl, y, 0.0),
        Point::new(xl, y, top),
        Point::new(xr, y, top),
    ]);
    mb.quad(v[0], v[1], v[2], v[3]);
}

/// The two end faces (outward -X and +X).
fn end_faces(mb: &mut MeshBuilder, x0: f64, x1: f64, d: f64, top: f64) {
    let left = mb.vertices(&[
        Point::new(x0, d, 0.0),
        Point::new(x0, -d, 0.0),
        Point::new(x0, -d, top),
        Point::new(x0, d, top),
    ]);
    mb.quad(left[0], left[1], left[2], left[3]);
    let right = mb.vertices(&[
        Point::new(x1, -d, 0.0),
        Point::new(x1, d, 0.0),
        Point::new(x1, d, top),
        Point::new(x1, -d, top),
    ]);
    mb.quad(right[0], right[1], right[2], right[3]);
}

/// One station's profiles and tessellation.
struct StationGeometry {
    /// Pin (r, z) breakpoints below the slot, bottom up.
    pin: Vec<(f64, f64)>,
    /// Cavity (r, z) breakpoints, bottom up.
    cavity: Vec<(f64, f64)>,
    /// Pin radius and chamfered top radius.
    rp: f64,
    rtop: f64,
    slot: f64,
    pin_top: f64,
    chamfer: f64,
    half_slot: f64,
    segments: usize,
}

impl StationGeometry {
    fn new(spec: &PinGaugeSpec, c: f64, lv: &Levels) -> Self {
        let h = spec.profile.layer_height;
        let rp = spec.pin_diameter / 2.0;
        let t = spec.collar;
        let br = spec.bed_relief;
        let rb = rp + c;
        let c_cone = c.max(h);
        let apex = rp + t + c_cone * SQRT_2;
        // Half-height of the cavity's cone band: where the offset cone meets
        // the bore cylinder.
        let s = apex - rb;
        let zc = lv.collar;
        let pin = vec![
            (rp - br, 0.0),
            (rp, br),
            (rp, zc - t),
            (rp + t, zc),
            (rp, zc + t),
            (rp, lv.slot),
        ];
        let cavity = vec![
            (rb + br, 0.0),
            (rb, br),
            (rb, zc - s),
            (apex, zc),
            (rb, zc + s),
            (rb, lv.top - br),
            (rb + br, lv.top),
        ];
        // The smallest circle a layer cuts is the pin's (r_p); its edges must
        // stay long enough that slicers keep them (MIN_SLICED_EDGE).
        let segments = segments_for_sliced(rp, apex.max(rb + br), spec.profile.chord_tolerance);
        let rtop = rp - br;
        // Keep the slot walls clear of pin vertices so no sliver edge forms.
        let mut half_slot = spec.slot_width / 2.0;
        let near = |a: f64| {
            [rp, rtop].iter().any(|&r| {
                polygon(Point2::origin(), r, segments, Fit::Inscribed)
                    .iter()
                    .any(|q| (q.x.abs() - a).abs() < 2e-3)
            })
        };
        while near(half_slot) {
            half_slot += 2e-3;
        }
        StationGeometry {
            pin,
            cavity,
            rp,
            rtop,
            slot: lv.slot,
            pin_top: lv.pin_top,
            chamfer: br,
            half_slot,
            segments,
        }
    }

    /// Add the cavity wall (facing the axis) to the housing; return the
    /// indices of its top and bottom rings.
    fn cavity(&self, mb: &mut MeshBuilder, centre: Point2) -> (Vec<u32>, Vec<u32>) {
        let rings: Vec<Vec<u32>> = self
            .cavity
            .iter()
            .map(|&(r, z)| {
                let pts = at_z(&polygon(centre, r, self.segments, Fit::Circumscribed), z);
                mb.vertices(&pts)
            })
            .collect();
        for w in rings.windows(2) {
            // Upper ring first: faces point into the air, toward the axis.
            mb.stitch(&w[1], &w[0], angle_around(centre));
        }
        (rings.last().unwrap().clone(), rings[0].clone())
    }

    /// The pin as one closed shell.
    fn pin(&self, centre: Point2) -> crate::geom::Mesh {
        let mut mb = MeshBuilder::new();
        let n = self.segments;
        let a = self.half_slot;
        let local = |r: f64| polygon(Point2::origin(), r, n, Fit::Inscribed);
        let world = |ps: &[Point2], z: f64| -> Vec<Point> {
            ps.iter()
                .map(|q| Point::new(centre.x + q.x, centre.y + q.y, z))
                .collect()
        };
        // Lower body: stitched rings; the last one carries the slot's four
        // crossing points so the slot floor and walls meet it exactly.
        let mut rings: Vec<Vec<u32>> = Vec::new();
        for (k, &(r, z)) in self.pin.iter().enumerate() {
            let poly = local(r);
            let poly = if k + 1 == self.pin.len() {
                insert_crossings(&poly, &[a, -a])
            } else {
                poly
            };
            rings.push(mb.vertices(&world(&poly, z)));
        }
        let axis = angle_around(centre);
        let bottom: Vec<u32> = rings[0].iter().rev().copied().collect();
        mb.fan(&bottom);
        for w in rings.windows(2) {
            mb.stitch(&w[0], &w[1], &axis);
        }
        // Slot floor: the ring between x = -a and x = a.
        let ring = local(self.rp);
        let floor = clip(&clip(&ring, a, false), -a, true);
        let floor = mb.vertices(&world(&floor, self.slot));
        mb.fan(&floor);
        // The two halves beside the slot. Each section is an arc of the ring
        // closed by a chord on the slot wall; arcs are stitched to arcs (by
        // angle around the pin axis) and chords to chords, so the slot wall
        // stays one plane whatever the chamfer does to the corner angles.
        let sections = [
            (self.rp, self.slot),
            (self.rp, self.pin_top - self.chamfer),
            (self.rtop, self.pin_top),
        ];
        for side in [1.0, -1.0] {
            let arcs: Vec<Vec<u32>> = sections
                .iter()
                .map(|&(r, z)| {
                    let arc = half_arc(&local(r), a, side);
                    mb.vertices(&world(&arc, z))
                })
                .collect();
            for w in arcs.windows(2) {
                mb.stitch_open(&w[0], &w[1], &axis);
                let (lo, hi) = (&w[0], &w[1]);
                let (lf, ll, hf, hl) = (lo[0], lo[lo.len() - 1], hi[0], hi[hi.len() - 1]);
                // The chord runs from the arc's last vertex to its first.
                mb.triangle(ll, lf, hl);
                mb.triangle(lf, hf, hl);
            }
            mb.fan(arcs.last().unwrap());
        }
        mb.finish()
    }
}

/// Where the edge `p -> q` crosses the vertical line `x = a`. Every caller
/// passes edges in the polygon's own direction, so the same crossing always
/// has the same bits.
fn crossing(p: Point2, q: Point2, a: f64) -> Point2 {
    let t = (a - p.x) / (q.x - p.x);
    Point2::new(a, p.y + t * (q.y - p.y))
}

/// The arc of a counter-clockwise ring beyond the slot wall `x = side * a`
/// (side +1 or -1), from its first crossing to its last, in ring order.
/// Closed by the chord on the wall, it is the section of one pin half.
fn half_arc(poly: &[Point2], a: f64, side: f64) -> Vec<Point2> {
    let closed = clip(poly, side * a, side > 0.0);
    // Rotate so the chord (the only edge on the wall) is the closing edge.
    let on_wall = |p: &Point2| p.x == side * a;
    let n = closed.len();
    let first = (0..n)
        .find(|&k| on_wall(&closed[k]) && on_wall(&closed[(k + n - 1) % n]))
        .expect("a clipped ring has a chord on the wall");
    (0..n).map(|k| closed[(first + k) % n]).collect()
}

/// Keep the part of a counter-clockwise polygon with `x >= a` (or `<= a`).
fn clip(poly: &[Point2], a: f64, keep_greater: bool) -> Vec<Point2> {
    let inside = |p: &Point2| if keep_greater { p.x >= a } else { p.x <= a };
    let mut out = Vec::with_capacity(poly.len() + 2);
    for k in 0..poly.len() {
        let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
        match (inside(&p), inside(&q)) {
            (true, true) => out.push(q),
            (true, false) => out.push(crossing(p, q, a)),
            (false, true) => {
                out.push(crossing(p, q, a));
                out.push(q);
            }
            (false, false) => {}
        }
    }
    out
}

/// The polygon with a vertex added wherever an edge crosses `x = a` for each
/// `a` in `lines`.
fn insert_crossings(poly: &[Point2], lines: &[f64]) -> Vec<Point2> {
    let mut out = Vec::with_capacity(poly.len() + 2 * lines.len());
    for k in 0..poly.len() {
        let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
        out.push(p);
        let mut cuts: Vec<(f64, Point2)> = lines
            .iter()
            .filter(|&&a| (p.x - a) * (q.x - a) < 0.0)
            .map(|&a| ((a - p.x) / (q.x - p.x), crossing(p, q, a)))
            .collect();
        cuts.sort_by(|x, y| x.0.total_cmp(&y.0));
        out.extend(cuts.into_iter().map(|c| c.1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;

    fn um(v: &[u32]) -> Vec<Microns> {
        v.iter().map(|&x| Microns(x)).collect()
    }

    #[test]
    fn default_gauge_parts_are_closed_and_outward() {
        let spec = PinGaugeSpec::new(
            um(&[100, 150, 200, 250, 300, 350, 400, 450, 500]),
            PrintProfile::default(),
        );
        let c = build(&spec).unwrap();
        assert_eq!(c.parts.len(), 10);
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
        assert_eq!(c.bbox(), c.merged_mesh().bbox());
    }
}
