//! The captive-pin gauge.
//!
//! One ring per station on a spine, and a pin in each ring, captured by a
//! 45-degree bicone collar. Turn the pins with a small screwdriver in the
//! top slot: the smallest clearance that turns freely is the one to design
//! with.
//!
//! Profiles r(z), turned about each station's vertical axis:
//! - pin (material, inscribed rings): foot chamfer (bed relief), cylinder
//!   r_p, collar r_p + t at mid-height with 45-degree faces, cylinder up past
//!   the ring's top, then a diametral slot and a top chamfer; t overlaps the
//!   widest bore by at least `capture`, so every pin stays captive;
//! - cavity (air, circumscribed rings, half-step phase): the pin profile
//!   offset by c on the cylinders and by c_cone = max(c, h) normal to the
//!   cones (`docs/design-rules.md R5`), mouth and top chamfers of
//!   `bed_relief` (`docs/design-rules.md R6`).
//!
//! Pin and cavity of a station share one segment count, so the smallest
//! mesh gap is the nominal clearance exactly, at any rotation of the pin
//! (`docs/design-rules.md`, Tessellation).
//!
//! Lean by design (it prints in about a third of the time of a solid bar):
//! each ring is one minimum wall round its cavity and as tall as the joint
//! needs (whole layers: bed relief, a bore, the collar's cone band, a bore,
//! the top chamfer); a spine as tall as the rings joins them, and the pin
//! stands 1.6 mm above its ring, enough for the slot and a top chamfer.
//! Slicers print small loops slowly, so every layer and every millimetre of
//! loop around a pin or cavity counts; the rings' walls fill with
//! perimeters, leaving no solid infill to lay. The labels lie on the top of
//! a one-layer apron in front of the spine: read from above, they hide no
//! pin, and they cost a layer of plan, not a wall as tall as the text.
//!
//! Built with the coupon kit ([`crate::geom::kit`]): the housing is a shell
//! of planar faces whose top and bottom carry the cavities' mouths and
//! whose apron carries the labels as holes; each pin is a revolution closed
//! by a slotted head.

use super::{Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::build::angle_around;
use crate::geom::circle::{Fit, polygon, segments_for_sliced};
use crate::geom::kit::{Face, FaceId, Frame as KitFrame, Revolution, Shell, along_x, push_label};
use crate::geom::{Mesh, MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame, Legend};
use crate::units::Microns;
use std::f64::consts::{PI, SQRT_2};

/// Everything that shapes a captive-pin gauge. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct PinGaugeSpec {
    /// Clearance per side of each station, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Pin diameter.
    pub pin_diameter: f64,
    /// Least radial size of the collar; it grows with the sweep (see
    /// `capture`).
    pub collar: f64,
    /// Least radial overlap of the collar over the bore: the collar is at
    /// least the widest clearance plus this, so no pin drops out of its
    /// ring when the gauge is lifted.
    pub capture: f64,
    /// Least height of the rings (rounded up to a layer boundary); they
    /// grow when the widest cavity needs more (bed relief, bores and the
    /// collar's cone band, each side of the collar).
    pub housing_height: f64,
    /// Straight bore kept below and above the collar's cone band.
    pub bore_length: f64,
    /// Sides of each ring's outline.
    pub ring_sides: usize,
    /// Least distance between stations; it grows with the widest ring
    /// (see [`PinGaugeSpec::station_pitch`]).
    pub pitch: f64,
    /// Most the pitch may grow to for wide clearances: it sets
    /// [`PinGaugeSpec::max_clearance`].
    pub max_pitch: f64,
    /// How far the pin stands above the housing.
    pub protrusion: f64,
    /// Width of the screwdriver slot in the pin top.
    pub slot_width: f64,
    /// Depth of that slot.
    pub slot_depth: f64,
    /// 45-degree chamfer on every gap that reaches the bed
    /// (`docs/design-rules.md R6`).
    pub bed_relief: f64,
    /// Label cell size.
    pub label_cell: f64,
    /// Least label emboss height (rounded up to whole layers).
    pub label_relief: f64,
    /// Least thickness of the apron that carries the labels (rounded up
    /// to a layer boundary: one first layer by default).
    pub apron_thickness: f64,
    /// Flat apron kept in front of and behind each label patch.
    pub label_margin: f64,
    /// Thinnest housing wall allowed between a cavity and a face.
    pub min_wall: f64,
}

impl PinGaugeSpec {
    /// The reference geometry with these clearances and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles get larger label cells and thicker walls; the
        // pitch grows with them, so the housing holds the same clearances
        // and its apron the same three-digit labels.
        let cell = label::cell_for(profile.nozzle);
        let wall = label::min_wall(profile.nozzle);
        let grow = 2.0 * (wall - 1.2);
        PinGaugeSpec {
            clearances,
            profile,
            pin_diameter: 3.5,
            collar: 0.8,
            capture: 0.3,
            housing_height: 0.0,
            bore_length: 0.4,
            ring_sides: 24,
            // A three-digit label with its margin and 1 mm to spare; up to
            // a millimetre more where the rings need it (0.99 mm at a 0.4
            // nozzle, the collar grown to hold the pin).
            pitch: (12.0 + grow).max(13.0 * cell + 1.0),
            max_pitch: (13.0 + grow).max(13.0 * cell + 1.0),
            protrusion: 1.6,
            slot_width: 1.0,
            slot_depth: 1.0,
            bed_relief: 0.4,
            label_cell: cell,
            label_relief: 0.4,
            apron_thickness: 0.2,
            label_margin: 0.4,
            min_wall: wall,
        }
    }

    /// Largest clearance the housing can hold at `max_pitch`: a ring of
    /// `min_wall` around the cavity, and half a wall of air between
    /// neighbouring rings.
    pub fn max_clearance(&self) -> f64 {
        let apothem = (self.max_pitch - self.min_wall) / 2.0 * self.ring_cos();
        // Cavity radius r_p + t + c*sqrt2 (for c >= h), plus the polygon's
        // bulge, at most the chord tolerance; t is the least collar until
        // the capture rule grows it to c + capture.
        let room = apothem - self.ring_reach(0.0);
        let least_collar = (room - self.collar) / SQRT_2;
        let c = if least_collar + self.capture <= self.collar {
            least_collar
        } else {
            (room - self.capture) / (1.0 + SQRT_2)
        };
        c.max(0.0)
    }

    /// The pitch of the stations: `pitch`, or more where the widest ring
    /// needs it (at most `max_pitch` once validated).
    pub fn station_pitch(&self) -> f64 {
        let widest = self.clearances.iter().map(|c| c.mm()).fold(0.0, f64::max);
        let cone = widest.max(self.profile.layer_height) * SQRT_2;
        let apothem = self.ring_reach(self.collar_size() + cone);
        self.pitch
            .max(2.0 * apothem / self.ring_cos() + self.min_wall)
    }

    /// How far a ring reaches from its axis when its cavity's widest
    /// radius is the pin's plus `beyond`: that radius, the polygon's bulge
    /// (at most the chord tolerance) and the wall.
    fn ring_reach(&self, beyond: f64) -> f64 {
        self.pin_diameter / 2.0 + beyond + self.profile.chord_tolerance + self.min_wall
    }

    /// A ring outline's apothem over its circumradius.
    fn ring_cos(&self) -> f64 {
        (PI / self.ring_sides as f64).cos()
    }

    /// The collar of every pin: `collar`, or the widest clearance plus
    /// `capture` when that is more. One size for the whole gauge, so its
    /// stations differ only in clearance.
    pub fn collar_size(&self) -> f64 {
        let widest = self.clearances.iter().map(|c| c.mm()).fold(0.0, f64::max);
        self.collar.max(widest + self.capture)
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let geo_max = self.max_clearance();
        let why = format!(
            "with a {} mm pitch and {} mm walls",
            self.max_pitch, self.min_wall
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
    /// Top of the rings and the spine.
    top: f64,
    /// Collar apex.
    collar: f64,
    /// Pin top.
    pin_top: f64,
    /// Slot floor.
    slot: f64,
    /// Top of the apron that carries the labels.
    apron: f64,
}

impl Levels {
    /// The ring top from the widest cone band (bed relief, a bore, the
    /// band, a bore and the top chamfer, on a layer boundary), the pin top
    /// and slot floor above the ring, and the apron's top on a boundary.
    fn new(spec: &PinGaugeSpec) -> Levels {
        let p = spec.profile;
        let band = spec
            .clearances
            .iter()
            .map(|c| cone_band(spec, spec.collar_size(), c.mm()))
            .fold(0.0, f64::max);
        let need = 2.0 * (spec.bed_relief + spec.bore_length + band);
        let top = p.snap_up(need.max(spec.housing_height));
        // The slot floor on the first boundary above the ring's top
        // chamfer; the pin top at least a slot depth above it.
        let slot = p.snap_up(top + spec.bed_relief + 1e-6);
        let pin_top = p
            .snap_up(slot + spec.slot_depth)
            .max(p.snap_up(top + spec.protrusion));
        Levels {
            top,
            collar: top / 2.0,
            pin_top,
            slot,
            apron: p.snap_up(spec.apron_thickness),
        }
    }
}

/// Half-height of a cavity's cone band round a collar `t`: where the cone
/// offset by max(c, h) along its normal meets the bore of radius r_p + c.
fn cone_band(spec: &PinGaugeSpec, t: f64, c: f64) -> f64 {
    t + c.max(spec.profile.layer_height) * SQRT_2 - c
}

/// How the labels on the apron's top are laid out: read from the front,
/// the text's rows running away from the reader (+Y).
struct Labels {
    /// What the station labels mean, and how they are written.
    legend: Legend,
    /// Cell size (square: on a top face both directions are in the plane
    /// of a layer).
    cell: f64,
    /// Emboss height above the apron: whole layers.
    relief: f64,
    /// Depth of a label patch along Y, its flat margin included.
    patch_d: f64,
    /// Width of the legend's cell along X (its patch and 1 mm each side).
    legend_cell: f64,
}

impl Labels {
    fn new(spec: &PinGaugeSpec, lv: &Levels) -> Labels {
        let p = spec.profile;
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let legend = Legend::for_clearances(super::Family::PIN.clearance_meaning(), &um);
        let cell = spec.label_cell;
        let legend_bm = label::render(&legend.text()).expect("legend glyphs exist");
        let (legend_w, patch_d) = label::patch_size(&legend_bm, cell, cell);
        Labels {
            legend,
            cell,
            relief: p.snap_up(lv.apron + spec.label_relief) - lv.apron,
            patch_d,
            legend_cell: legend_w + 2.0,
        }
    }

    /// Emboss `text` centred on `x` on the apron's top face `top` (at
    /// height `z`), its patch starting at `y`; the patch border becomes a
    /// hole in that face. A label on a top face has no underside to bridge.
    fn put(&self, shell: &mut Shell, top: FaceId, text: &str, at: Point) {
        let bm = label::render(text).expect("digits exist");
        let (pw, _) = label::patch_size(&bm, self.cell, self.cell);
        let frame = Frame {
            origin: Point::new(at.x - pw / 2.0, at.y, at.z),
            u: Vector::x(),
            v: Vector::y(),
        };
        let name = format!("label {text}");
        push_label(shell, top, &name, &frame, &bm, self.cell, self.relief);
    }
}

/// Build the gauge. The spec is validated first.
pub fn build(spec: &PinGaugeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let lv = Levels::new(&spec);
    let labels = Labels::new(&spec, &lv);
    let n = spec.clearances.len();
    // The legend's cell, then one cell per station.
    let cells = along_x(
        0.0,
        std::iter::once(labels.legend_cell).chain(std::iter::repeat_n(spec.station_pitch(), n)),
    );
    let stations: Vec<StationGeometry> = spec
        .clearances
        .iter()
        .zip(&cells[1..])
        .map(|(c, cell)| StationGeometry::new(&spec, c.mm(), &lv, cell.centre()))
        .collect();
    let plan = Housing::new(&spec, &lv, &labels, &stations, cells[n].hi);
    let mut housing = Shell::new("housing");
    let faces = plan.push(&mut housing);
    let label_at = |x: f64| Point::new(x, plan.apron_front + spec.label_margin, lv.apron);
    let text = labels.legend.text();
    labels.put(
        &mut housing,
        faces.apron,
        &text,
        label_at(cells[0].centre()),
    );
    let mut parts = Vec::with_capacity(n + 1);
    let mut records = Vec::with_capacity(n);
    for (i, (st, &c)) in stations.iter().zip(&spec.clearances).enumerate() {
        let label = labels.legend.station(c.0);
        labels.put(&mut housing, faces.apron, &label, label_at(st.x));
        st.push_cavity(
            &mut housing,
            faces.bottom,
            faces.top,
            &format!("cavity {}", i + 1),
        );
        let name = format!("pin {} ({} mm)", i + 1, c);
        let mesh = st.pin(&name)?;
        parts.push(Part { name, mesh });
        records.push(station(
            i,
            c,
            label,
            Point::new(st.x, 0.0, 0.0),
            Some(i + 1),
        ));
    }
    let housing = Part {
        name: "housing".into(),
        mesh: housing.finish()?,
    };
    parts.insert(0, housing);
    Coupon {
        kind: "pin",
        parts,
        stations: records,
        bridges: Vec::new(),
        legend: text,
        profile: spec.profile,
    }
    .validated()
}

/// The housing's plan. A spine along the front (y from `front` to `back`,
/// x from 0 to `end`) with one ring per station behind it around its
/// cavity, both as tall as the joint; each ring's outline is a polygon
/// around the widest cavity (circumscribed, so its wall is at least
/// `min_wall` everywhere) cut where it meets the spine. In front of the
/// spine lies the apron, one layer on the bed (y from `apron_front` to
/// `front`), with the labels on its top: they are read from above and in
/// front, where they hide nothing, and the apron prints as one layer, not
/// as a wall as tall as the labels.
struct Housing {
    apron_front: f64,
    front: f64,
    back: f64,
    end: f64,
    apron: f64,
    top: f64,
    /// Ring outlines, counter-clockwise from the right end of the cut on
    /// the spine's back to its left end.
    rings: Vec<Vec<Point2>>,
}

/// The faces other parts of the build cut holes into.
struct HousingFaces {
    apron: FaceId,
    bottom: FaceId,
    top: FaceId,
}

impl Housing {
    fn new(
        spec: &PinGaugeSpec,
        lv: &Levels,
        labels: &Labels,
        stations: &[StationGeometry],
        end: f64,
    ) -> Housing {
        let widest = stations
            .iter()
            .map(StationGeometry::outer_radius)
            .fold(0.0, f64::max);
        // A line of material between the widest cavity and the spine, so
        // the top face holds each mouth inside.
        let back = -(widest + spec.bed_relief);
        let rings = stations
            .iter()
            .map(|st| {
                // Each ring as thin as its own cavity allows (thick walls
                // print as more slow loops), and reaching past the cut.
                let ring_r = (st.outer_radius() + spec.min_wall).max(-back + spec.bed_relief);
                let ring = polygon(
                    Point2::new(st.x, 0.0),
                    ring_r,
                    spec.ring_sides,
                    Fit::Circumscribed,
                );
                behind(&ring, back)
            })
            .collect();
        let front = back - spec.min_wall;
        Housing {
            apron_front: front - labels.patch_d - 2.0 * spec.label_margin,
            front,
            back,
            end,
            apron: lv.apron,
            top: lv.top,
            rings,
        }
    }

    /// The plan's outline at the spine's height, counter-clockwise from
    /// the front-left corner: the spine's front, its back walked from the
    /// right, round every ring.
    fn outline(&self, front: f64) -> Vec<Point2> {
        let (b, e) = (self.back, self.end);
        let mut out = vec![
            Point2::new(0.0, front),
            Point2::new(e, front),
            Point2::new(e, b),
        ];
        for ring in self.rings.iter().rev() {
            out.extend(ring.iter().copied());
        }
        out.push(Point2::new(0.0, b));
        out
    }

    /// Push every face of the housing except the cavities and labels.
    fn push(&self, shell: &mut Shell) -> HousingFaces {
        let (a, f, b, e) = (self.apron_front, self.front, self.back, self.end);
        let (ha, h) = (self.apron, self.top);
        let at = |x: f64, y: f64, z: f64| Point::new(x, y, z);
        let level = |ps: &[Point2], z: f64| ps.iter().map(|q| at(q.x, q.y, z)).collect();
        let bottom = shell.push(Face::new(
            "housing bottom",
            level(&self.outline(a), 0.0),
            -Vector::z(),
        ));
        let top = shell.push(Face::new(
            "housing top",
            level(&self.outline(f), h),
            Vector::z(),
        ));
        let apron = shell.push(Face::new(
            "apron top",
            vec![at(0.0, a, ha), at(e, a, ha), at(e, f, ha), at(0.0, f, ha)],
            Vector::z(),
        ));
        shell.push(Face::new(
            "apron front",
            vec![at(0.0, a, 0.0), at(e, a, 0.0), at(e, a, ha), at(0.0, a, ha)],
            -Vector::y(),
        ));
        shell.push(Face::new(
            "spine front",
            vec![at(0.0, f, ha), at(e, f, ha), at(e, f, h), at(0.0, f, h)],
            -Vector::y(),
        ));
        for (x, out) in [(0.0, -Vector::x()), (e, Vector::x())] {
            let end = [(a, 0.0), (b, 0.0), (b, h), (f, h), (f, ha), (a, ha)];
            let end = end.iter().map(|&(y, z)| at(x, y, z)).collect();
            shell.push(Face::new("housing end", end, out));
        }
        // The spine's back between the rings.
        let mut from = 0.0;
        for ring in &self.rings {
            let (right, left) = (ring[0], ring[ring.len() - 1]);
            self.push_back(shell, from, left.x);
            from = right.x;
        }
        self.push_back(shell, from, e);
        for ring in &self.rings {
            self.push_ring_walls(shell, ring);
        }
        HousingFaces { apron, bottom, top }
    }

    /// The spine's back from `x0` to `x1`.
    fn push_back(&self, shell: &mut Shell, x0: f64, x1: f64) {
        let (b, h) = (self.back, self.top);
        let wall = vec![
            Point::new(x0, b, 0.0),
            Point::new(x1, b, 0.0),
            Point::new(x1, b, h),
            Point::new(x0, b, h),
        ];
        shell.push(Face::new("spine back", wall, Vector::y()));
    }

    /// One ring's outer walls: every edge but the cut on the spine.
    fn push_ring_walls(&self, shell: &mut Shell, ring: &[Point2]) {
        let h = self.top;
        for w in ring.windows(2) {
            let (p, q) = (w[0], w[1]);
            let wall = vec![
                Point::new(p.x, p.y, 0.0),
                Point::new(q.x, q.y, 0.0),
                Point::new(q.x, q.y, h),
                Point::new(p.x, p.y, h),
            ];
            // Outward of a counter-clockwise outline: the edge turned right.
            let out = Vector::new(q.y - p.y, p.x - q.x, 0.0);
            shell.push(Face::new("ring wall", wall, out));
        }
    }
}

/// The part of a counter-clockwise convex outline with y >= `cut`, starting
/// at the right end of the cut and ending at its left end.
fn behind(poly: &[Point2], cut: f64) -> Vec<Point2> {
    let mut out = Vec::with_capacity(poly.len() + 2);
    for k in 0..poly.len() {
        let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
        let crossing = |p: Point2, q: Point2| {
            let t = (cut - p.y) / (q.y - p.y);
            Point2::new(p.x + t * (q.x - p.x), cut)
        };
        match (p.y >= cut, q.y >= cut) {
            (true, true) => out.push(q),
            (true, false) => out.push(crossing(p, q)),
            (false, true) => {
                out.push(crossing(p, q));
                out.push(q);
            }
            (false, false) => {}
        }
    }
    // Rotate so the outline runs from the cut's right end round to its left.
    let start = (0..out.len())
        .find(|&k| {
            out[k].y == cut
                && out[(k + out.len() - 1) % out.len()].y == cut
                && out[k].x > out[(k + out.len() - 1) % out.len()].x
        })
        .expect("the ring crosses the spine's back");
    (0..out.len())
        .map(|k| out[(start + k) % out.len()])
        .collect()
}

/// One station's profiles and tessellation.
struct StationGeometry {
    /// The axis's X.
    x: f64,
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
    fn new(spec: &PinGaugeSpec, c: f64, lv: &Levels, x: f64) -> Self {
        let h = spec.profile.layer_height;
        let rp = spec.pin_diameter / 2.0;
        let t = spec.collar_size();
        let br = spec.bed_relief;
        let rb = rp + c;
        let c_cone = c.max(h);
        let apex = rp + t + c_cone * SQRT_2;
        // Half-height of the cavity's cone band: where the offset cone meets
        // the bore cylinder.
        let s = cone_band(spec, t, c);
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
            x,
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

    /// The station's axis, on the housing's centre line.
    fn frame(&self) -> KitFrame {
        KitFrame::xy().moved_to(Point::new(self.x, 0.0, 0.0))
    }

    /// The farthest the cavity reaches from its axis (a circumscribed
    /// polygon's corners lie beyond its circle).
    fn outer_radius(&self) -> f64 {
        let r = self.cavity.iter().map(|&(r, _)| r).fold(0.0, f64::max);
        r / (PI / self.segments as f64).cos()
    }

    /// Pierce the housing with the cavity: its wall (circumscribed rings,
    /// facing the axis) and its mouths cut into the bottom and the ring's
    /// top.
    fn push_cavity(&self, housing: &mut Shell, bottom: FaceId, top: FaceId, name: &str) {
        let wall = Revolution::new(
            self.frame(),
            self.cavity.clone(),
            self.segments,
            Fit::Circumscribed,
        );
        let mouths = wall.push_cavity(housing, name);
        housing.add_hole(bottom, mouths.bottom.expect("the cavity opens on the bed"));
        housing.add_hole(top, mouths.top.expect("the cavity opens on top"));
    }

    /// The pin as one closed shell: a revolution (inscribed rings) from the
    /// bed to the slot floor, closed by a flat foot and the slotted head.
    fn pin(&self, name: &str) -> Result<Mesh> {
        let mut shell = Shell::new(name);
        let body = Revolution::new(
            self.frame(),
            self.pin.clone(),
            self.segments,
            Fit::Inscribed,
        );
        let (foot, _) = body.push_sides(&mut shell, name);
        shell.push(Face::new(format!("{name} foot"), foot, -Vector::z()));
        self.push_head(&mut shell, Point2::new(self.x, 0.0), name);
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
