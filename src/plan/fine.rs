//! Fine sweeps: a few stations a small step apart, centred on a value the
//! user already has (`--around C`, or a result recorded in the ledger,
//! `calib::feedback`). The second gauge after a quick one: it narrows the
//! answer to one fine step.

use super::{Plan, SLICER_FLOOR};
use crate::error::ParamError;
use crate::units::Microns;

/// Default step of a fine sweep.
pub const FINE_STEP: Microns = Microns(25);
/// Stations in a fine sweep: the centre and three each side.
pub const FINE_STATIONS: u32 = 7;
/// Largest station a fine sweep may place (three-digit labels show 0.999;
/// keep the whole sweep under the coarse labels' 0.99 as well).
pub const FINE_MAX: Microns = Microns(990);
/// Finest step `--step` accepts: finer than a printer's repeatability.
pub const MIN_FINE_STEP: Microns = Microns(10);
/// Coarsest step `--step` accepts: coarser is the planner's own sweep.
pub const MAX_FINE_STEP: Microns = Microns(50);

/// `count` clearances `step` apart centred on `centre`, moved up as a whole
/// when they would dip under the slicer floor and down when they would
/// pass `max`.
pub fn fine_clearances(centre: Microns, step: Microns, count: u32, max: Microns) -> Vec<Microns> {
    let count = count.max(1);
    let half = count / 2 * step.0;
    let span = (count - 1) * step.0;
    let highest_start = max.0.saturating_sub(span).max(SLICER_FLOOR.0);
    let start = centre
        .0
        .saturating_sub(half)
        .max(SLICER_FLOOR.0)
        .min(highest_start);
    (0..count).map(|k| Microns(start + k * step.0)).collect()
}

impl Plan {
    /// This plan's fine sweep around `centre`: [`FINE_STATIONS`] stations
    /// (fewer if the coupon holds fewer) `step` apart, each judged by the
    /// plan's estimates. `centre` must lie between the slicer floor and the
    /// widest clearance the coupon holds (at most [`FINE_MAX`]), `step`
    /// between [`MIN_FINE_STEP`] and [`MAX_FINE_STEP`]; errors name the
    /// parameter (`around`, `step`), the value and the limit. A sweep that
    /// would cross the floor or the top slides to stay inside, and the note
    /// says so.
    pub fn around(&self, centre: Microns, step: Microns) -> Result<Plan, ParamError> {
        let max = self
            .input
            .limits
            .max_clearance
            .map_or(FINE_MAX, |m| m.min(FINE_MAX));
        check_around(centre, max)?;
        if !(MIN_FINE_STEP..=MAX_FINE_STEP).contains(&step) {
            return Err(ParamError::new(
                "step",
                step,
                format!("must be between {MIN_FINE_STEP} and {MAX_FINE_STEP} mm: a fine sweep"),
            ));
        }
        let count = (self.input.limits.max_stations as u32).clamp(1, FINE_STATIONS);
        let mut plan = self.resweep(
            fine_clearances(centre, step, count, max),
            step,
            |_, _, _| {
                format!("the sweep is centred on {centre} as asked (--around), not on the rules")
            },
        );
        let (first, last) = (
            plan.clearances()[0],
            plan.clearances()[plan.stations.len() - 1],
        );
        let moved = if plan.stations.len() % 2 == 1
            && plan.clearances()[plan.stations.len() / 2] != centre
        {
            format!(
                " (moved to {first}-{last} to stay between the slicer floor {SLICER_FLOOR} and {max})"
            )
        } else {
            String::new()
        };
        plan.notes.insert(
            0,
            format!(
                "fine sweep: {} stations {step} mm apart centred on {centre}{moved}; the smallest that moves freely is your clearance: record it (gapgauge record) and plan and make use it from then on",
                plan.stations.len()
            ),
        );
        Ok(plan)
    }
}

/// `centre` between the slicer floor and `max`, or why not.
fn check_around(centre: Microns, max: Microns) -> Result<(), ParamError> {
    if centre < SLICER_FLOOR {
        return Err(ParamError::new(
            "around",
            centre,
            format!(
                "must be at least the slicer floor {SLICER_FLOOR} mm: slicers close narrower gaps, so there is nothing to narrow down there"
            ),
        ));
    }
    if centre > max {
        return Err(ParamError::new(
            "around",
            centre,
            format!(
                "must be at most {max} mm, the widest clearance this coupon's labels and body hold"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Joint, PlanInput, SweepLimits};
    use crate::preset::{Material, Printer};

    fn plan() -> Plan {
        PlanInput::new(
            Material::load("pla").unwrap(),
            &Printer::load("generic-0.4").unwrap(),
            Joint::Rotating,
        )
        .plan()
        .unwrap()
    }

    fn um(p: &Plan) -> Vec<u32> {
        p.clearances().iter().map(|c| c.0).collect()
    }

    #[test]
    fn a_fine_sweep_is_centred_on_the_value_asked_for() {
        let p = plan().around(Microns(300), FINE_STEP).unwrap();
        assert_eq!(um(&p), vec![225, 250, 275, 300, 325, 350, 375]);
        assert_eq!(p.step, FINE_STEP);
        assert!(
            p.summary().ends_with("0.225-0.375/0.025"),
            "{}",
            p.summary()
        );
        assert!(p.notes[0].starts_with("fine sweep: 7 stations 0.025 mm apart centred on 0.30;"));
        // Judged by the rules: 0.225 is tight (bead model says enough).
        assert_eq!(p.stations[0].expected, crate::plan::Outcome::Tight);
        let p = plan().around(Microns(300), Microns(10)).unwrap();
        assert_eq!(um(&p), vec![270, 280, 290, 300, 310, 320, 330]);
    }

    #[test]
    fn near_the_floor_or_the_top_it_slides_and_says_so() {
        let p = plan().around(Microns(120), FINE_STEP).unwrap();
        assert_eq!(um(&p)[0], 100);
        assert!(p.notes[0].contains("(moved to 0.10-0.25"), "{}", p.notes[0]);
        let p = plan().around(Microns(990), FINE_STEP).unwrap();
        assert_eq!(*um(&p).last().unwrap(), 990);
    }

    #[test]
    fn out_of_range_values_name_the_parameter_value_and_limit() {
        let e = plan().around(Microns(50), FINE_STEP).unwrap_err();
        assert_eq!(e.param, "around");
        assert!(
            e.to_string()
                .starts_with("around = 0.05: must be at least the slicer floor 0.10 mm"),
            "{e}"
        );
        let e = plan().around(Microns(1200), FINE_STEP).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("around = 1.20: must be at most 0.99 mm"),
            "{e}"
        );
        let e = plan().around(Microns(300), Microns(100)).unwrap_err();
        assert_eq!(e.param, "step");
        assert!(
            e.to_string().contains("must be between 0.01 and 0.05 mm"),
            "{e}"
        );
        let e = plan().around(Microns(300), Microns(5)).unwrap_err();
        assert_eq!(e.param, "step");
    }

    #[test]
    fn the_coupon_limits_bound_the_centre_and_the_station_count() {
        let mut p = plan();
        p.input.limits = SweepLimits {
            max_stations: 5,
            max_clearance: Some(Microns(400)),
        };
        let f = p.around(Microns(300), FINE_STEP).unwrap();
        assert_eq!(um(&f), vec![250, 275, 300, 325, 350]);
        let e = p.around(Microns(450), FINE_STEP).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("around = 0.45: must be at most 0.40 mm"),
            "{e}"
        );
    }
}
