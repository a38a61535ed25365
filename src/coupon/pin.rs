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
//! Lean by design (it prints in about a third of the time of a solid bar):
//! the housing is a ring around each cavity, as tall as the joint needs
//! (whole layers: bed relief, a bore, the collar's cone band, a bore, the
//! top chamfer), and the rings stand on a thin fin along the front that
//! carries the labels; the pin stands 1.6 mm above its ring, enough for
//! the slot and a top chamfer. Slicers print small loops slowly, so every
//! layer and every millimetre of loop around a pin or cavity counts; the
//! rings' walls fill with perimeters, leaving no solid infill to lay.
//!
//! Built with the coupon kit ([`crate::geom::kit`]): the housing is a shell
//! of planar faces (the fin's, each ring's walls and top) whose faces carry
//! the cavities' mouths and the labels as holes; each pin is a revolution
//! closed by a slotted head.

use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::build::angle_around;
use crate::geom::circle::{Fit, polygon, segments_for_sliced};
use crate::geom::kit::{Face, FaceId, Frame as KitFrame, Revolution, Shell, along_x};
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
    /// Radial size of the collar.
    pub collar: f64,
    /// Least height of the rings (rounded up to a layer boundary); they
    /// grow when the widest cavity needs more (bed relief, bores and the
    /// collar's cone band, each side of the collar).
    pub housing_height: f64,
    /// Straight bore kept below and above the collar's cone band.
    pub bore_length: f64,
    /// Sides of each ring's outline.
    pub ring_sides: usize,
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
        // pitch grows with them, so the housing holds the same clearances
        // and its fin the same seven-row labels.
        let cell = label::cell_for(profile.nozzle);
        let wall = label::min_wall(profile.nozzle);
        let grow = 2.0 * (wall - 1.2);
        PinGaugeSpec {
            clearances,
            profile,
            pin_diameter: 3.5,
            collar: 0.8,
            housing_height: 0.0,
            bore_length: 0.4,
            ring_sides: 24,
            // A three-digit label with its margin and 1 mm to spare.
            pitch: (12.0 + grow).max(13.0 * cell + 1.0),
            protrusion: 1.6,
            slot_width: 1.0,
            slot_depth: 1.0,
            bed_relief: 0.4,
            label_cell: cell,
            label_relief: 0.4,
            min_wall: wall,
        }
    }

    /// Largest clearance the housing can hold: a ring of `min_wall` around
    /// the cavity, and half a wall of air between neighbouring rings.
    pub fn max_clearance(&self) -> f64 {
        let apothem = (self.pitch - self.min_wall) / 2.0 * (PI / self.ring_sides as f64).cos();
        let rp = self.pin_diameter / 2.0;
        // Cavity radius r_p + t + c*sqrt2 (for c >= h), plus the polygon's
        // bulge, at most the chord tolerance.
        let room = apothem - self.min_wall - rp - self.collar - self.profile.chord_tolerance;
        (room / SQRT_2).max(0.0)
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
    /// Top of the rings.
    top: f64,
    /// Collar apex.
    collar: f64,
    /// Pin top.
    pin_top: f64,
    /// Slot floor.
    slot: f64,
    /// Top of the fin that carries the labels.
    fin_top: f64,
}

impl Levels {
    /// The ring top from the widest cone band (bed relief, a bore, the
    /// band, a bore and the top chamfer, on a layer boundary), the fin top
    /// from the labels, and the pin top and slot floor above the ring.
    fn new(spec: &PinGaugeSpec, labels: &Labels) -> Levels {
        let p = spec.profile;
        let band = spec
            .clearances
            .iter()
            .map(|c| cone_band(spec, c.mm()))
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
            // Above the rings, so the rings' tops meet the fin's back.
            fin_top: p
                .snap_up((labels.z0 + labels.patch_h + spec.bed_relief).max(top + p.layer_height)),
        }
    }
}

/// Half-height of a cavity's cone band: where the cone offset by
/// max(c, h) along its normal meets the bore of radius r_p + c.
fn cone_band(spec: &PinGaugeSpec, c: f64) -> f64 {
    spec.collar + c.max(spec.profile.layer_height) * SQRT_2 - c
}

/// How the labels on the fin's front face are laid out.
struct Labels {
    /// What the station labels mean, and how they are written.
    legend: Legend,
    /// Cell width (along X) and height (whole layers).
    cu: f64,
    cv: f64,
    /// Bottom of every label patch: on the first boundary above the bed
    /// relief.
    z0: f64,
    /// Height of a label patch.
    patch_h: f64,
    /// Width of the legend's cell along X (its patch and 1 mm each side).
    legend_cell: f64,
}

impl Labels {
    fn new(spec: &PinGaugeSpec) -> Labels {
        let p = spec.profile;
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let legend = Legend::for_clearances(super::Family::PIN.clearance_meaning(), &um);
        let cu = spec.label_cell;
        let cv = p.whole_layers(spec.label_cell);
        let legend_bm = label::render(&legend.text()).expect("legend glyphs exist");
        let (legend_w, patch_h) = label::patch_size(&legend_bm, cu, cv);
        Labels {
            legend,
            cu,
            cv,
            z0: p.snap_up(spec.bed_relief),
            patch_h,
            legend_cell: legend_w + 2.0,
        }
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
    let labels = Labels::new(&spec);
    let lv = Levels::new(&spec, &labels);
    let n = spec.clearances.len();
    // The legend's cell, then one cell per station.
    let cells = along_x(
        0.0,
        std::iter::once(labels.legend_cell).chain(std::iter::repeat_n(spec.pitch, n)),
    );
    let stations: Vec<StationGeometry> = spec
        .clearances
        .iter()
        .zip(&cells[1..])
        .map(|(c, cell)| StationGeometry::new(&spec, c.mm(), &lv, cell.centre()))
        .collect();
    let fin = Fin::new(&spec, &lv, &stations, cells[n].hi);
    let mut housing = Shell::new("housing");
    let faces = fin.push(&mut housing, &stations);
    let text = labels.legend.text();
    let relief = spec.label_relief;
    let mut bridges = labels.put(
        &mut housing,
        faces.front,
        &text,
        cells[0].centre(),
        fin.front,
        relief,
    );
    let mut parts = Vec::with_capacity(n + 1);
    let mut records = Vec::with_capacity(n);
    for (i, (st, &c)) in stations.iter().zip(&spec.clearances).enumerate() {
        let label = labels.legend.station(c.0);
        bridges.extend(labels.put(&mut housing, faces.front, &label, st.x, fin.front, relief));
        st.push_cavity(
            &mut housing,
            faces.bottom,
            faces.ring_tops[i],
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
        bridges,
        legend: text,
        profile: spec.profile,
    }
    .validated()
}

/// The housing's plan: a fin along the front (y from `front` to `back`,
/// x from 0 to `end`), as tall as the labels, and behind it one ring per
/// station around its cavity, as tall as the joint. Each ring's outline is
/// a polygon around the widest cavity (circumscribed, so its wall is at
/// least `min_wall` everywhere) cut where it meets the fin.
struct Fin {
    front: f64,
    back: f64,
    end: f64,
    top: f64,
    ring_top: f64,
    /// Ring outlines, counter-clockwise from the right end of the cut on
    /// the fin's back to its left end.
    rings: Vec<Vec<Point2>>,
}

/// The faces other parts of the build cut holes into.
struct FinFaces {
    front: FaceId,
    bottom: FaceId,
    ring_tops: Vec<FaceId>,
}

impl Fin {
    fn new(spec: &PinGaugeSpec, lv: &Levels, stations: &[StationGeometry], end: f64) -> Fin {
        let widest = stations
            .iter()
            .map(StationGeometry::outer_radius)
            .fold(0.0, f64::max);
        // A line of material between the widest cavity and the fin, so
        // each ring's top face holds its mouth inside.
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
        Fin {
            front: back - spec.min_wall,
            back,
            end,
            top: lv.fin_top,
            ring_top: lv.top,
            rings,
        }
    }

    /// Push every face of the housing except the cavities and labels.
    fn push(&self, shell: &mut Shell, stations: &[StationGeometry]) -> FinFaces {
        let (f, b, e, h, hr) = (self.front, self.back, self.end, self.top, self.ring_top);
        let at = |x: f64, y: f64, z: f64| Point::new(x, y, z);
        let front = shell.push(Face::new(
            "fin front",
            vec![at(0.0, f, 0.0), at(e, f, 0.0), at(e, f, h), at(0.0, f, h)],
            -Vector::y(),
        ));
        shell.push(Face::new(
            "fin top",
            vec![at(0.0, f, h), at(e, f, h), at(e, b, h), at(0.0, b, h)],
            Vector::z(),
        ));
        for (x, out) in [(0.0, -Vector::x()), (e, Vector::x())] {
            let end = vec![at(x, f, 0.0), at(x, b, 0.0), at(x, b, h), at(x, f, h)];
            shell.push(Face::new("fin end", end, out));
        }
        // The fin's back, notched where each ring joins it.
        let mut back = vec![at(0.0, b, 0.0)];
        for ring in &self.rings {
            let (right, left) = (ring[0], ring[ring.len() - 1]);
            back.extend([
                at(left.x, b, 0.0),
                at(left.x, b, hr),
                at(right.x, b, hr),
                at(right.x, b, 0.0),
            ]);
        }
        back.extend([at(e, b, 0.0), at(e, b, h), at(0.0, b, h)]);
        shell.push(Face::new("fin back", back, Vector::y()));
        // The bottom: the fin's strip and every ring, walked round once.
        let mut bottom = vec![at(0.0, f, 0.0), at(e, f, 0.0), at(e, b, 0.0)];
        for ring in self.rings.iter().rev() {
            bottom.extend(ring.iter().map(|q| at(q.x, q.y, 0.0)));
        }
        bottom.push(at(0.0, b, 0.0));
        let bottom = shell.push(Face::new("housing bottom", bottom, -Vector::z()));
        let ring_tops = self
            .rings
            .iter()
            .zip(stations)
            .map(|(ring, st)| self.push_ring(shell, ring, &format!("ring {:.3}", st.x)))
            .collect();
        FinFaces {
            front,
            bottom,
            ring_tops,
        }
    }

    /// One ring's outer walls (every edge but the cut on the fin) and its
    /// top; returns the top.
    fn push_ring(&self, shell: &mut Shell, ring: &[Point2], name: &str) -> FaceId {
        let hr = self.ring_top;
        for w in ring.windows(2) {
            let (p, q) = (w[0], w[1]);
            let wall = vec![
                Point::new(p.x, p.y, 0.0),
                Point::new(q.x, q.y, 0.0),
                Point::new(q.x, q.y, hr),
                Point::new(p.x, p.y, hr),
            ];
            // Outward of a counter-clockwise outline: the edge turned right.
            let out = Vector::new(q.y - p.y, p.x - q.x, 0.0);
            shell.push(Face::new(format!("{name} wall"), wall, out));
        }
        let top = ring.iter().map(|q| Point::new(q.x, q.y, hr)).collect();
        shell.push(Face::new(format!("{name} top"), top, Vector::z()))
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
        .expect("the ring crosses the fin's back");
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
        let t = spec.collar;
        let br = spec.bed_relief;
        let rb = rp + c;
        let c_cone = c.max(h);
        let apex = rp + t + c_cone * SQRT_2;
        // Half-height of the cavity's cone band: where the offset cone meets
        // the bore cylinder.
        let s = cone_band(spec, c);
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
