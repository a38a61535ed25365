//! The slicer settings a print-time estimate needs, with PrusaSlicer 2.5's
//! defaults.
//!
//! The numbers are PrusaSlicer 2.5's built-in defaults (what
//! `prusa-slicer --export-gcode` uses with no profile loaded, printed in the
//! G-code's closing comments): they are the settings the recorded
//! benchmark figures (`tests/fixtures/print-cost/`) were sliced with, so
//! the estimate is calibrated against the same thing. A printer preset's
//! `[speeds]` table ([`crate::preset::Speeds`]) overrides the speeds, the
//! acceleration and the cooling slow-down's two settings; the process
//! counts stay PrusaSlicer's.

use super::cooling::Cooling;
use serde::Serialize;

/// Speeds (mm/s), accelerations and process counts for one print.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostProfile {
    /// Inner perimeter loops.
    pub perimeter_speed: f64,
    /// The outermost loop of every island and hole (PrusaSlicer: 50 % of
    /// `perimeter_speed`).
    pub external_perimeter_speed: f64,
    /// Any loop no longer than [`Self::small_perimeter_length`]: the loops
    /// of pins and bores, which is why small gauges print slowly.
    pub small_perimeter_speed: f64,
    /// Longest loop printed at the small-perimeter speed (mm): PrusaSlicer
    /// uses the circumference of a 6.5 mm radius circle.
    pub small_perimeter_length: f64,
    /// Solid infill inside the part (near top and bottom surfaces, and
    /// sparse areas too small to fill sparsely).
    pub solid_infill_speed: f64,
    /// The exposed top surface.
    pub top_solid_infill_speed: f64,
    /// Sparse infill.
    pub infill_speed: f64,
    /// Solid infill laid over air.
    pub bridge_speed: f64,
    /// Every extrusion of the first layer.
    pub first_layer_speed: f64,
    /// Moves without extrusion.
    pub travel_speed: f64,
    /// Acceleration of printing and travel moves (mm/s²): PrusaSlicer's
    /// estimator uses the machine limit when no acceleration is set.
    pub acceleration: f64,
    /// Speed a move may start and end at without accelerating (mm/s),
    /// the machine's jerk.
    pub jerk: f64,
    /// Filament pulled back before a travel (mm).
    pub retract_length: f64,
    /// Speed of the retraction and of the push back (mm/s of filament).
    pub retract_speed: f64,
    /// Perimeter loops per island.
    pub perimeters: u32,
    /// Solid layers under every top surface.
    pub top_solid_layers: u32,
    /// Solid layers over every bottom surface.
    pub bottom_solid_layers: u32,
    /// Sparse infill density (0 to 1).
    pub infill_density: f64,
    /// Sparse infill regions smaller than this (mm²) are filled solid.
    pub solid_infill_below_area: f64,
    /// How short layers are slowed down so they cool.
    pub cooling: Cooling,
    /// Distance of the one skirt loop from the print (mm); none when 0.
    pub skirt_distance: f64,
    /// Filament diameter (mm).
    pub filament_diameter: f64,
}

impl Default for CostProfile {
    /// PrusaSlicer 2.5's defaults.
    fn default() -> Self {
        CostProfile {
            perimeter_speed: 60.0,
            external_perimeter_speed: 30.0,
            small_perimeter_speed: 15.0,
            small_perimeter_length: 2.0 * std::f64::consts::PI * 6.5,
            solid_infill_speed: 20.0,
            top_solid_infill_speed: 15.0,
            infill_speed: 80.0,
            bridge_speed: 60.0,
            first_layer_speed: 30.0,
            travel_speed: 130.0,
            acceleration: 1500.0,
            jerk: 10.0,
            retract_length: 2.0,
            retract_speed: 40.0,
            perimeters: 3,
            top_solid_layers: 3,
            bottom_solid_layers: 3,
            infill_density: 0.2,
            solid_infill_below_area: 70.0,
            cooling: Cooling::default(),
            skirt_distance: 6.0,
            filament_diameter: 1.75,
        }
    }
}

impl CostProfile {
    /// PrusaSlicer 2.5's defaults with the speeds `speeds` gives.
    pub fn with_speeds(self, speeds: &crate::preset::Speeds) -> CostProfile {
        let or = |v: Option<f64>, d: f64| v.unwrap_or(d);
        CostProfile {
            perimeter_speed: or(speeds.perimeter_mm_s, self.perimeter_speed),
            external_perimeter_speed: or(
                speeds.external_perimeter_mm_s,
                self.external_perimeter_speed,
            ),
            small_perimeter_speed: or(speeds.small_perimeter_mm_s, self.small_perimeter_speed),
            solid_infill_speed: or(speeds.solid_infill_mm_s, self.solid_infill_speed),
            top_solid_infill_speed: or(speeds.top_solid_infill_mm_s, self.top_solid_infill_speed),
            infill_speed: or(speeds.infill_mm_s, self.infill_speed),
            bridge_speed: or(speeds.bridge_mm_s, self.bridge_speed),
            first_layer_speed: or(speeds.first_layer_mm_s, self.first_layer_speed),
            travel_speed: or(speeds.travel_mm_s, self.travel_speed),
            acceleration: or(speeds.acceleration_mm_s2, self.acceleration),
            cooling: Cooling {
                slowdown_below_layer_time: or(
                    speeds.slowdown_below_layer_time_s,
                    self.cooling.slowdown_below_layer_time,
                ),
                min_print_speed: or(speeds.min_print_speed_mm_s, self.cooling.min_print_speed),
            },
            ..self
        }
    }

    /// Speed of a perimeter loop of `length` mm; `external` for the
    /// outermost loop.
    pub fn loop_speed(&self, length: f64, external: bool) -> f64 {
        if length <= self.small_perimeter_length {
            self.small_perimeter_speed
        } else if external {
            self.external_perimeter_speed
        } else {
            self.perimeter_speed
        }
    }

    /// Time to pull the filament back and push it in again (s).
    pub fn retract_time(&self) -> f64 {
        2.0 * self.retract_length / self.retract_speed
    }

    /// Cross-section of the filament (mm²).
    pub fn filament_area(&self) -> f64 {
        std::f64::consts::PI * self.filament_diameter * self.filament_diameter / 4.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::Speeds;

    /// The `[speeds]` table generic-0.4.toml shows in comments, for users
    /// to copy, uncommented.
    fn shown_table() -> Speeds {
        #[derive(serde::Deserialize)]
        struct File {
            speeds: Speeds,
        }
        let text = include_str!("../../presets/printers/generic-0.4.toml");
        let table: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("# [speeds]"))
            .map(|l| l.trim_start_matches("# "))
            .collect();
        let file: File = toml::from_str(&table.join("\n")).expect("the shown table parses");
        file.speeds
    }

    #[test]
    fn the_speeds_table_generic_0_4_shows_is_every_key_at_its_default() {
        let shown = shown_table();
        // Naming every field: a key added to Speeds fails to compile here
        // until the shown table is checked for it.
        let Speeds {
            perimeter_mm_s,
            external_perimeter_mm_s,
            small_perimeter_mm_s,
            solid_infill_mm_s,
            top_solid_infill_mm_s,
            infill_mm_s,
            bridge_mm_s,
            first_layer_mm_s,
            travel_mm_s,
            acceleration_mm_s2,
            min_print_speed_mm_s,
            slowdown_below_layer_time_s,
        } = shown;
        for (key, v) in [
            ("perimeter_mm_s", perimeter_mm_s),
            ("external_perimeter_mm_s", external_perimeter_mm_s),
            ("small_perimeter_mm_s", small_perimeter_mm_s),
            ("solid_infill_mm_s", solid_infill_mm_s),
            ("top_solid_infill_mm_s", top_solid_infill_mm_s),
            ("infill_mm_s", infill_mm_s),
            ("bridge_mm_s", bridge_mm_s),
            ("first_layer_mm_s", first_layer_mm_s),
            ("travel_mm_s", travel_mm_s),
            ("acceleration_mm_s2", acceleration_mm_s2),
            ("min_print_speed_mm_s", min_print_speed_mm_s),
            ("slowdown_below_layer_time_s", slowdown_below_layer_time_s),
        ] {
            assert!(v.is_some(), "generic-0.4.toml does not show {key}");
        }
        assert_eq!(
            CostProfile::default().with_speeds(&shown),
            CostProfile::default()
        );
    }
}
