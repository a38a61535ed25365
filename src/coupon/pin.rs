//! The captive-pin gauge.
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
//!   cones (`docs/design-rules.md R5`), mouth and top chamfers of
//!   `bed_relief` (`docs/design-rules.md R6`).
//!
//! Pin and cavity of a station share one segment count, so the smallest
//! mesh gap is the nominal clearance exactly, at any rotation of the pin
//! (`docs/design-rules.md`, Tessellation).
//!
//! Built with the coupon kit ([`crate::geom::kit`]): the housing is one
//! block whose faces carry the cavities' mouths and the labels as holes;
//! each pin is a revolution closed by a slotted head.

use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::build::angle_around;
use crate::geom::circle::{Fit, polygon, segments_for_sliced};
use crate::geom::kit::{Face, FaceId, Frame as KitFrame, Revolution, Shell, along_x, push_block};
use crate::geom::{Mesh, MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame, Legend};
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
    /// 45-degree chamfer on every gap that reaches the bed
    /// (`docs/design-rules.md R6`).
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

impl Levels {
    /// The housing top, pin top and slot floor on layer boundaries; the
    /// slot must sit above the housing's top chamfer and below the pin's.
    fn new(spec: &PinGaugeSpec) -> Result<Levels> {
        let p = spec.profile;
        let top = p.snap_up(spec.housing_height);
        let pin_top = p.snap_up(top + spec.protrusion);
        let slot = p.snap_down(pin_top - spec.slot_depth);
        if slot <= top + spec.bed_relief || pin_top - spec.bed_relief <= slot {
            return Err(ParamError::new(
                "--layer-height",
                p.layer_height,
                "leaves no room for the pin's slot above the housing",
            )
            .into());
        }
        Ok(Levels {
            top,
            collar: top / 2.0,
            pin_top,
            slot,
        })
    }
}

/// How the labels on the housing's front face are laid out.
struct Labels {
    /// What the station labels mean, and how they are written.
    legend: Legend,
    /// Cell width (along X) and height (whole layers).
    cu: f64,
    cv: f64,
    /// Bottom of every label patch.
    z0: f64,
    /// Width of the legend's cell along X (its patch and 1 mm each side).
    legend_cell: f64,
}

impl Labels {
    /// Labels centred on the front face's height, refused when they would
    /// not fit under the housing's top chamfer.
    fn new(spec: &PinGaugeSpec, lv: &Levels) -> Result<Labels> {
        let p = spec.profile;
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let legend = Legend::for_clearances(super::Family::PIN.clearance_meaning(), &um);
        let cu = spec.label_cell;
        let cv = p.whole_layers(spec.label_cell);
        let legend_bm = label::render(&legend.text()).expect("legend glyphs exist");
        let (legend_w, patch_h) = label::patch_size(&legend_bm, cu, cv);
        let z0 = p.snap_up((lv.top - patch_h) / 2.0);
        if z0 + patch_h > lv.top - spec.bed_relief {
            return Err(ParamError::new(
                "--layer-height",
                p.layer_height,
                "makes the labels taller than the housing",
            )
            .into());
        }
        Ok(Labels {
            legend,
            cu,
            cv,
            z0,
            legend_cell: legend_w + 2.0,
        })
    }

    /// Emboss `text` centred on `x` into the front face (`y`); its patch
    /// border becomes a hole in that face. Returns the emboss undersides,
    /// the listed bridges.
    fn put(
        &self,
        shell: &mut Shell,
        front: FaceId,
        text: &str,
        x: f64,
        y: f64,
        relief: f64,
    ) -> Vec<Bridge> {
        let bm = label::render(text).expect("digits exist");
        let (pw, _) = label::patch_size(&bm, self.cu, self.cv);
        let frame = Frame {
            origin: Point::new(x - pw / 2.0, y, self.z0),
            u: Vector::x(),
            v: Vector::z(),
        };
        let mut cells = MeshBuilder::new();
        let patch = label::build(&mut cells, &frame, &bm, self.cu, self.cv, relief);
        shell.push_mesh(&format!("label {text}"), cells.mesh());
        shell.add_hole(front, patch.border.clone());
        patch
            .overhangs
            .iter()
            .map(|(z, lo, hi)| Bridge {
                part: 0,
                z: *z,
                min: [lo.x, lo.y],
                max: [hi.x, hi.y],
                what: "label emboss underside",
            })
            .collect()
    }
}

/// Build the gauge. The spec is validated first.
pub fn build(spec: &PinGaugeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let lv = Levels::new(&spec)?;
    let labels = Labels::new(&spec, &lv)?;
    let n = spec.clearances.len();
    // The legend's cell, then one cell per station.
    let cells = along_x(
        0.0,
        std::iter::once(labels.legend_cell).chain(std::iter::repeat_n(spec.pitch, n)),
    );
    let d = spec.housing_depth / 2.0;
    let mut housing = Shell::new("housing");
    let block = push_block(
        &mut housing,
        "housing",
        Point::new(0.0, -d, 0.0),
        Point::new(cells[n].hi, d, lv.top),
    );
    let text = labels.legend.text();
    let legend_x = cells[0].centre();
    let mut bridges = labels.put(
        &mut housing,
        block.front,
        &text,
        legend_x,
        -d,
        spec.label_relief,
    );
    let mut parts = Vec::with_capacity(n + 1);
    let mut stations = Vec::with_capacity(n);
    for (i, (cell, &c)) in cells[1..].iter().zip(&spec.clearances).enumerate() {
        let xc = cell.centre();
        let label = labels.legend.station(c.0);
        bridges.extend(labels.put(&mut housing, block.front, &label, xc, -d, spec.label_relief));
        let st = StationGeometry::new(&spec, c.mm(), &lv);
        st.push_cavity(&mut housing, &block, xc, &format!("cavity {}", i + 1));
        let name = format!("pin {} ({} mm)", i + 1, c);
        let mesh = st.pin(xc, &name)?;
        parts.push(Part { name, mesh });
        stations.push(station(i, c, label, Point::new(xc, 0.0, 0.0), Some(i + 1)));
    }
    let housing = Part {
        name: "housing".into(),
        mesh: housing.finish()?,
    };
    parts.insert(0, housing);
    Coupon {
        kind: "pin",
        parts,
        stations,
        bridges,
        legend: text,
        profile: spec.profile,
    }
    .validated()
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
        // stay long enough that slicers keep them (docs/design-rules.md,
        // Slicer bounds).
        let segments = segments_for_sliced(rp, apex.max(rb + br), spec.profile.chord_tolerance);
        let rtop = rp - br;
        StationGeometry {
            pin,
            cavity,
            rp,
            rtop,
            slot: lv.slot,
            pin_top: lv.pin_top,
            chamfer: br,
            half_slot: slot_half_width(spec.slot_width, &[rp, rtop], segments),
            segments,
        }
    }

    /// The station's axis, at `x` on the housing's centre line.
    fn frame(x: f64) -> KitFrame {
        KitFrame::xy().moved_to(Point::new(x, 0.0, 0.0))
    }

    /// Pierce the housing with the cavity: its wall (circumscribed rings,
    /// facing the axis) and its mouths cut into the top and bottom faces.
    fn push_cavity(
        &self,
        housing: &mut Shell,
        block: &crate::geom::kit::BlockFaces,
        x: f64,
        name: &str,
    ) {
        let wall = Revolution::new(
            Self::frame(x),
            self.cavity.clone(),
            self.segments,
            Fit::Circumscribed,
        );
        let mouths = wall.push_cavity(housing, name);
        housing.add_hole(
            block.bottom,
            mouths.bottom.expect("the cavity opens on the bed"),
        );
        housing.add_hole(block.top, mouths.top.expect("the cavity opens on top"));
    }

    /// The pin as one closed shell: a revolution (inscribed rings) from the
    /// bed to the slot floor, closed by a flat foot and the slotted head.
    fn pin(&self, x: f64, name: &str) -> Result<Mesh> {
        let mut shell = Shell::new(name);
        let body = Revolution::new(
            Self::frame(x),
            self.pin.clone(),
            self.segments,
            Fit::Inscribed,
        );
        let (foot, _) = body.push_sides(&mut shell, name);
        shell.push(Face::new(format!("{name} foot"), foot, -Vector::z()));
        self.push_head(&mut shell, Point2::new(x, 0.0), name);
        Ok(shell.finish()?)
    }

    /// The head above the slot floor: the floor between the slot walls,
    /// and the two halves beside the slot. Each half's sections are an arc
    /// of the ring closed by a chord on the slot wall; arcs are stitched to
    /// arcs (by angle around the pin axis) and chords to chords, so the slot
    /// wall stays one plane whatever the chamfer does to the corner angles.
    fn push_head(&self, shell: &mut Shell, centre: Point2, name: &str) {
        let a = self.half_slot;
        let local = |r: f64| polygon(Point2::origin(), r, self.segments, Fit::Inscribed);
        let world = |ps: &[Point2], z: f64| -> Vec<Point> {
            ps.iter()
                .map(|q| Point::new(centre.x + q.x, centre.y + q.y, z))
                .collect()
        };
        let floor = clip(&clip(&local(self.rp), a, false), -a, true);
        shell.push(Face::new(
            format!("{name} slot floor"),
            world(&floor, self.slot),
            Vector::z(),
        ));
        let sections = [
            (self.rp, self.slot),
            (self.rp, self.pin_top - self.chamfer),
            (self.rtop, self.pin_top),
        ];
        let axis = angle_around(centre);
        let mut mb = MeshBuilder::new();
        for side in [1.0, -1.0] {
            let arcs: Vec<Vec<u32>> = sections
                .iter()
                .map(|&(r, z)| mb.vertices(&world(&half_arc(&local(r), a, side), z)))
                .collect();
            for w in arcs.windows(2) {
                mb.stitch_open(&w[0], &w[1], &axis);
                let (lo, hi) = (&w[0], &w[1]);
                let (lf, ll, hf, hl) = (lo[0], lo[lo.len() - 1], hi[0], hi[hi.len() - 1]);
                // The chord runs from the arc's last vertex to its first.
                mb.triangle(ll, lf, hl);
                mb.triangle(lf, hf, hl);
            }
            mb.fan(arcs.last().expect("three sections"));
        }
        shell.push_mesh(&format!("{name} head"), mb.mesh());
    }
}

/// Half the slot width, widened in 2 µm steps until no vertex of the rings
/// of these radii lies within 2 µm of a slot wall, so no sliver edge forms.
fn slot_half_width(width: f64, radii: &[f64], segments: usize) -> f64 {
    let near = |a: f64| {
        radii.iter().any(|&r| {
            polygon(Point2::origin(), r, segments, Fit::Inscribed)
                .iter()
                .any(|q| (q.x.abs() - a).abs() < 2e-3)
        })
    };
    let mut half = width / 2.0;
    while near(half) {
        half += 2e-3;
    }
    half
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
