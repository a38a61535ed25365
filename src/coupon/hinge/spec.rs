//! What shapes a hinge ladder, and the checks that refuse a spec by name.

use super::bore::Bore;
use super::sizing::Levels;
use crate::coupon::PrintProfile;
use crate::error::ParamError;
use crate::label;
use crate::units::Microns;
use std::f64::consts::{FRAC_PI_8, SQRT_2};

/// Everything that shapes a hinge ladder. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct HingeSpec {
    /// Clearance per side of each station (radial and axial), along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Pin diameter.
    pub pin_diameter: f64,
    /// Outer radius of every knuckle; also the axis height.
    pub knuckle_radius: f64,
    /// Length along X of each A knuckle between two tabs.
    pub a_knuckle: f64,
    /// Smallest length along X of a tab (grown so the labels in front of
    /// the tabs fit side by side).
    pub b_knuckle: f64,
    /// Leaf thickness (rounded up to a layer boundary).
    pub leaf_thickness: f64,
    /// How far A's leaf reaches beyond the knuckle along -Y.
    pub leaf_width: f64,
    /// How far each tab reaches beyond the knuckle along +Y.
    pub tab_length: f64,
    /// Radial room between a knuckle and the other part's leaf (not the
    /// tested value): the knuckle sweeps 1.082 R_k, this leaves more.
    pub swing_gap: f64,
    /// 45-degree chamfer on the bottom edges of facing knuckle ends
    /// (`docs/design-rules.md` R6).
    pub bed_relief: f64,
    /// Label cell width.
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Thinnest knuckle wall allowed above and beside a bore.
    pub min_wall: f64,
}

/// Flat leaf top left in front of and behind the label row on the carrier
/// (the station labels and the legend, one patch of 7 cells deep).
const LABEL_ROOM: f64 = 0.4;

impl HingeSpec {
    /// The reference geometry with these clearances and profile: sized for
    /// print time (issue 11). A 2 mm pin and a 3 mm knuckle keep the part
    /// 6 mm tall (the knuckle grows only for wide sweeps), the leaves are
    /// 1 mm, the tabs 6 mm long (a fingertip lifts them), and the labels
    /// lie on the carrier's leaf in front of their tabs, so a tab's knuckle
    /// is only as long as the label row needs.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles: larger label cells and thicker walls (the knuckle
        // grows for the walls in `sized_for_clearances`); the carrier's leaf
        // widens so its labels keep LABEL_ROOM on each side.
        let cell = label::cell_for(profile.nozzle);
        let swing_gap = 0.6;
        HingeSpec {
            clearances,
            profile,
            pin_diameter: 2.0,
            knuckle_radius: 3.0,
            a_knuckle: 2.0,
            b_knuckle: 3.0,
            leaf_thickness: 1.0,
            leaf_width: 7.0 * cell + 2.0 * LABEL_ROOM + swing_gap,
            tab_length: 6.0,
            swing_gap,
            bed_relief: 0.4,
            label_cell: cell,
            label_relief: 0.4,
            min_wall: label::min_wall(profile.nozzle),
        }
    }

    /// Check the spec; every error names the parameter, value and limit,
    /// and which way to go. Each station is judged on its own clearance.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let spec = HingeSpec { profile, ..self };
        crate::coupon::check_stations(
            &spec.clearances,
            "hinge ladder",
            crate::coupon::Family::HINGE.clearance_meaning(),
            None,
        )?;
        let (r, rk) = (spec.pin_diameter / 2.0, spec.knuckle_radius);
        if !(r > 0.0 && rk > r && spec.leaf_thickness > 0.0) {
            return Err(ParamError::new(
                "pin diameter",
                spec.pin_diameter,
                format!(
                    "must be > 0 and smaller than the knuckle diameter {}",
                    2.0 * rk
                ),
            ));
        }
        let lv = Levels::new(&spec);
        spec.check_bores(&lv)?;
        spec.check_leaf_and_pin(&lv)?;
        Ok(spec)
    }

    /// Every station's bore must leave the knuckle its wall and keep its
    /// floor above the first layer.
    fn check_bores(&self, lv: &Levels) -> Result<(), ParamError> {
        let n = self.clearances.len();
        for (i, c) in self.clearances.iter().enumerate() {
            let b = Bore::new(self, lv, c.mm());
            let wall = b.wall(self, lv);
            if wall < self.min_wall - 1e-9 {
                return Err(ParamError::new(
                    format!("clearance {} of {n}", i + 1),
                    c,
                    format!(
                        "too large for the knuckle: its bore leaves a {wall:.2} mm wall, at least {} mm needed (knuckle radius {} mm, pin {} mm; `make` and `batch` grow the knuckle)",
                        self.min_wall, self.knuckle_radius, self.pin_diameter
                    ),
                ));
            }
            if b.floor <= lv.first {
                return Err(ParamError::new(
                    "layer_height_mm",
                    self.profile.layer_height,
                    format!(
                        "too thick for a {} mm knuckle: the bore floor for clearance {c} mm, whole layers below the pin, would reach the first layer",
                        self.knuckle_radius
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The leaf top must meet the knuckle circle above its 45-degree flank
    /// and below the axis, the deboss must leave a floor, and the pin's
    /// flat bottom must stay inside the pin circle.
    fn check_leaf_and_pin(&self, lv: &Levels) -> Result<(), ParamError> {
        let (r, rk) = (self.pin_diameter / 2.0, self.knuckle_radius);
        let h = self.profile.layer_height;
        if lv.top >= lv.axis || lv.top <= lv.axis - rk / SQRT_2 {
            return Err(ParamError::new(
                "layer_height_mm",
                h,
                format!(
                    "too thick: it puts the leaf top at {:.3} mm, outside the knuckle's side ({:.3} to {:.3} mm)",
                    lv.top,
                    lv.axis - rk / SQRT_2,
                    lv.axis
                ),
            ));
        }
        if lv.top - lv.relief < lv.first {
            return Err(ParamError::new(
                "layer_height_mm",
                h,
                format!(
                    "too thick: a {:.2} mm label deboss (whole layers) leaves no floor under the labels in a {:.3} mm leaf",
                    lv.relief, lv.top
                ),
            ));
        }
        if lv.pin_flat >= lv.axis - r * FRAC_PI_8.sin() {
            return Err(ParamError::new(
                "layer_height_mm",
                h,
                format!(
                    "too thick for a {} mm pin: its flat bottom, on a layer boundary, would leave the pin circle",
                    self.pin_diameter
                ),
            ));
        }
        Ok(())
    }
}
