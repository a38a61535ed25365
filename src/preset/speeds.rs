//! A printer preset's print speeds and cooling slow-down: the `[speeds]`
//! table, read only by the print-cost estimate ([`crate::cost`]). Every key
//! is optional; a value left out keeps PrusaSlicer 2.5's default, which is
//! what the estimate is calibrated against. Speeds change no geometry and
//! no planned sweep. The two cooling keys are filament settings in
//! PrusaSlicer; they live here with the speeds so one printer file
//! describes one slicer profile (docs/print-cost.md).

use crate::error::ParamError;
use serde::{Deserialize, Serialize};

/// Slowest speed a preset may give (mm/s): below it a value is a typo
/// (0.5 for 50), not a printer.
pub const MIN_SPEED_MM_S: f64 = 1.0;
/// Fastest speed a preset may give (mm/s): past the fastest printers sold.
pub const MAX_SPEED_MM_S: f64 = 1000.0;
/// Acceleration range a preset may give (mm/s²).
pub const ACCELERATION_MM_S2: (f64, f64) = (100.0, 50_000.0);
/// Range of the layer time below which a layer is slowed down (s): 0
/// turns the slow-down off, as in PrusaSlicer; past a few minutes a value
/// is a typo, not a cooling setting.
pub const SLOWDOWN_BELOW_LAYER_TIME_S: (f64, f64) = (0.0, 300.0);

/// Print speeds (mm/s) and acceleration (mm/s²); `None` keeps
/// PrusaSlicer 2.5's default for that kind of move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speeds {
    /// Inner perimeter loops (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perimeter_mm_s: Option<f64>,
    /// The outermost loop (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_perimeter_mm_s: Option<f64>,
    /// Loops shorter than a 6.5 mm radius circle: pins and bores
    /// (default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_perimeter_mm_s: Option<f64>,
    /// Solid infill (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solid_infill_mm_s: Option<f64>,
    /// The exposed top surface (default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_solid_infill_mm_s: Option<f64>,
    /// Sparse infill (default 80).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infill_mm_s: Option<f64>,
    /// Bridges (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge_mm_s: Option<f64>,
    /// Everything on the first layer (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_layer_mm_s: Option<f64>,
    /// Moves without extrusion (default 130).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_mm_s: Option<f64>,
    /// Acceleration of every move (default 1500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceleration_mm_s2: Option<f64>,
    /// Slowest speed the cooling slow-down takes an extrusion to
    /// (default 10; PrusaSlicer's filament setting `min_print_speed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_print_speed_mm_s: Option<f64>,
    /// Layers quicker than this are slowed down towards it (s, default 5;
    /// PrusaSlicer's filament setting `slowdown_below_layer_time`; 0 for
    /// no slow-down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slowdown_below_layer_time_s: Option<f64>,
}

impl Speeds {
    /// Every speed key with its value, in file order.
    pub fn speeds(&self) -> [(&'static str, Option<f64>); 10] {
        [
            ("perimeter_mm_s", self.perimeter_mm_s),
            ("external_perimeter_mm_s", self.external_perimeter_mm_s),
            ("small_perimeter_mm_s", self.small_perimeter_mm_s),
            ("solid_infill_mm_s", self.solid_infill_mm_s),
            ("top_solid_infill_mm_s", self.top_solid_infill_mm_s),
            ("infill_mm_s", self.infill_mm_s),
            ("bridge_mm_s", self.bridge_mm_s),
            ("first_layer_mm_s", self.first_layer_mm_s),
            ("travel_mm_s", self.travel_mm_s),
            ("min_print_speed_mm_s", self.min_print_speed_mm_s),
        ]
    }

    /// True when no key is given.
    pub fn is_empty(&self) -> bool {
        *self == Speeds::default()
    }

    /// Check every value given: speeds between [`MIN_SPEED_MM_S`] and
    /// [`MAX_SPEED_MM_S`], the acceleration within [`ACCELERATION_MM_S2`],
    /// the layer time within [`SLOWDOWN_BELOW_LAYER_TIME_S`]. The error
    /// names the key, the value and the range.
    pub fn validate(&self) -> Result<(), ParamError> {
        for (key, v) in self.speeds() {
            if let Some(v) = v
                && !(v.is_finite() && (MIN_SPEED_MM_S..=MAX_SPEED_MM_S).contains(&v))
            {
                return Err(ParamError::new(
                    key,
                    v,
                    format!(
                        "a [speeds] value must be between {MIN_SPEED_MM_S} and {MAX_SPEED_MM_S} mm/s"
                    ),
                ));
            }
        }
        let (lo, hi) = ACCELERATION_MM_S2;
        if let Some(a) = self.acceleration_mm_s2
            && !(a.is_finite() && (lo..=hi).contains(&a))
        {
            return Err(ParamError::new(
                "acceleration_mm_s2",
                a,
                format!("must be between {lo} and {hi} mm/s²"),
            ));
        }
        let (lo, hi) = SLOWDOWN_BELOW_LAYER_TIME_S;
        if let Some(t) = self.slowdown_below_layer_time_s
            && !(t.is_finite() && (lo..=hi).contains(&t))
        {
            return Err(ParamError::new(
                "slowdown_below_layer_time_s",
                t,
                format!("must be between {lo} and {hi} s (0: no slow-down)"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_name_the_key_value_and_limit() {
        let s = Speeds {
            small_perimeter_mm_s: Some(0.5),
            ..Speeds::default()
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "small_perimeter_mm_s = 0.5: a [speeds] value must be between 1 and 1000 mm/s"
        );
        let s = Speeds {
            acceleration_mm_s2: Some(f64::INFINITY),
            ..Speeds::default()
        };
        assert_eq!(s.validate().unwrap_err().param, "acceleration_mm_s2");
        let s = Speeds {
            min_print_speed_mm_s: Some(0.0),
            ..Speeds::default()
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "min_print_speed_mm_s = 0: a [speeds] value must be between 1 and 1000 mm/s"
        );
        let s = Speeds {
            slowdown_below_layer_time_s: Some(-5.0),
            ..Speeds::default()
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "slowdown_below_layer_time_s = -5: must be between 0 and 300 s (0: no slow-down)"
        );
        let ok = Speeds {
            travel_mm_s: Some(1000.0),
            acceleration_mm_s2: Some(100.0),
            slowdown_below_layer_time_s: Some(0.0),
            ..Speeds::default()
        };
        assert_eq!(ok.validate(), Ok(()));
        assert!(Speeds::default().is_empty() && !ok.is_empty());
    }
}
