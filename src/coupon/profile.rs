//! The print profile every coupon is built for: nozzle, layers, tessellation.

use crate::error::ParamError;

/// Material kept under a label debossed into a roof over air (mm), on top
/// of the roof's own minimum thickness: the bridge and chain coupons share
/// it ([`PrintProfile::labelled_roof`]).
pub const LABEL_FLOOR: f64 = 0.8;

/// Printer settings that shape the geometry.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PrintProfile {
    /// Nozzle diameter (mm).
    pub nozzle: f64,
    /// Layer height (mm).
    pub layer_height: f64,
    /// First-layer height (mm). Layer boundaries are `first + k * layer`.
    pub first_layer_height: f64,
    /// Largest allowed distance between a true circle and its polygon (mm).
    pub chord_tolerance: f64,
}

impl Default for PrintProfile {
    fn default() -> Self {
        PrintProfile {
            nozzle: 0.4,
            layer_height: 0.2,
            first_layer_height: 0.2,
            chord_tolerance: 0.01,
        }
    }
}

/// Tolerance when asking whether a height lies on a layer boundary.
const LAYER_EPS: f64 = 1e-9;

impl PrintProfile {
    /// Check every value against what an FDM printer can do, by the one
    /// set of rules in [`crate::limits`] (the planner uses the same).
    pub fn validated(self) -> Result<Self, ParamError> {
        use crate::limits;
        limits::check_process(self.nozzle, self.layer_height, self.first_layer_height)?;
        limits::check_chord_tolerance(self.chord_tolerance)?;
        Ok(self)
    }

    /// The validated profile a coupon is built with on `printer` (its
    /// nozzle and layers, the first layer defaulting to the layer height)
    /// and `chord_tolerance`: what `make` and `batch` both build from.
    pub fn for_printer(
        printer: &crate::preset::Printer,
        chord_tolerance: f64,
    ) -> Result<Self, ParamError> {
        PrintProfile {
            nozzle: printer.nozzle_mm,
            layer_height: printer.layer_height_mm,
            first_layer_height: printer.first_layer_height(),
            chord_tolerance,
        }
        .validated()
    }

    /// Height of layer boundary `k` (0 is the top of the first layer).
    pub fn boundary(&self, k: u32) -> f64 {
        self.first_layer_height + f64::from(k) * self.layer_height
    }

    /// The lowest layer boundary at or above `z` (0 stays 0).
    pub fn snap_up(&self, z: f64) -> f64 {
        if z <= 0.0 {
            return 0.0;
        }
        if z <= self.first_layer_height + LAYER_EPS {
            return self.first_layer_height;
        }
        let k = ((z - self.first_layer_height) / self.layer_height - LAYER_EPS).ceil();
        self.boundary(k as u32)
    }

    /// The highest layer boundary at or below `z` (at least the first).
    pub fn snap_down(&self, z: f64) -> f64 {
        let k = ((z - self.first_layer_height) / self.layer_height + LAYER_EPS)
            .floor()
            .max(0.0);
        self.boundary(k as u32)
    }

    /// True when `z` is the bed or a layer boundary.
    pub fn is_boundary(&self, z: f64) -> bool {
        if z.abs() < LAYER_EPS {
            return true;
        }
        let k = ((z - self.first_layer_height) / self.layer_height).round();
        k >= 0.0 && (self.boundary(k as u32) - z).abs() < 1e-6
    }

    /// The layer height in whole micrometres (a vertical gap's unit).
    pub fn layer_um(&self) -> u32 {
        (self.layer_height * 1000.0).round() as u32
    }

    /// A height that is a whole number of layers and at least `min`
    /// (label cells on vertical faces: 0.8 mm is 4 layers of 0.2).
    pub fn whole_layers(&self, min: f64) -> f64 {
        (min / self.layer_height - LAYER_EPS).ceil().max(1.0) * self.layer_height
    }

    /// A roof over air that carries debossed labels (the bridge coupon's
    /// bar over its tunnels, the chain's bridges over the rings): with its
    /// underside at `underside`, its top on a layer boundary at least
    /// `thickness` higher and high enough to keep [`LABEL_FLOOR`] under a
    /// deboss `label_relief` deep, in whole layers. Returns (top, deboss
    /// depth).
    pub fn labelled_roof(&self, underside: f64, thickness: f64, label_relief: f64) -> (f64, f64) {
        let relief = self.whole_layers(label_relief);
        let top = self.snap_up(underside + thickness.max(relief + LABEL_FLOOR));
        (top, relief)
    }

    /// Refuse a label deboss `relief` deep into a surface whose top is at
    /// `top` when it would reach into the first layer: the first layer is
    /// what holds the part to the bed, and a label cut through it prints as
    /// a hole. `surface` names the surface for the message ("label band").
    /// Both heights are on layer boundaries, so only rounding is forgiven.
    pub fn check_deboss_floor(
        &self,
        top: f64,
        relief: f64,
        surface: &str,
    ) -> Result<(), ParamError> {
        if top - relief < self.first_layer_height - 1e-9 {
            return Err(ParamError::new(
                "layer_height_mm",
                self.layer_height,
                format!("makes the label deboss deeper than the {surface}"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping() {
        let p = PrintProfile {
            first_layer_height: 0.3,
            ..Default::default()
        };
        assert_eq!(p.snap_up(8.0), p.boundary(39));
        assert!((p.snap_up(8.0) - 8.1).abs() < 1e-12);
        assert!((p.snap_down(8.0) - 7.9).abs() < 1e-12);
        assert!(
            p.is_boundary(0.0) && p.is_boundary(0.3) && p.is_boundary(0.5) && !p.is_boundary(0.4)
        );
        assert!((PrintProfile::default().whole_layers(0.8) - 0.8).abs() < 1e-12);
        let h28 = PrintProfile {
            layer_height: 0.28,
            ..Default::default()
        };
        assert!((h28.whole_layers(0.8) - 0.84).abs() < 1e-12);
    }

    #[test]
    fn validation_names_parameter_and_limit() {
        let e = PrintProfile {
            layer_height: 0.4,
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(e.param, "layer_height_mm");
        assert!(e.limit.contains("0.320"));
        assert!(
            PrintProfile {
                chord_tolerance: 0.0,
                ..Default::default()
            }
            .validated()
            .is_err()
        );
        assert!(
            PrintProfile {
                nozzle: f64::NAN,
                ..Default::default()
            }
            .validated()
            .is_err()
        );
        assert!(PrintProfile::default().validated().is_ok());
    }

    #[test]
    fn a_deboss_may_reach_the_first_layer_top_but_not_into_it() {
        let p = PrintProfile {
            nozzle: 0.4,
            layer_height: 0.2,
            first_layer_height: 0.3,
            chord_tolerance: 0.01,
        };
        assert_eq!(p.check_deboss_floor(0.9, 0.6, "ledge"), Ok(()));
        let e = p.check_deboss_floor(0.7, 0.6, "ledge").unwrap_err();
        assert_eq!(e.param, "layer_height_mm");
        assert_eq!(e.limit, "makes the label deboss deeper than the ledge");
    }
}
