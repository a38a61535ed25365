//! The estimate as `make`, `plan` and `batch` report it: rounded minutes
//! and grams, one sentence for people and one JSON object for programs.

use super::estimate::PrintCost;
use serde::Serialize;

/// What the reports show of a [`PrintCost`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostSummary {
    /// Estimated print time, minutes (one decimal).
    pub minutes: f64,
    /// Estimated filament, grams (two decimals).
    pub grams: f64,
    /// Estimated filament, metres of filament (two decimals).
    pub filament_m: f64,
    /// Density the grams were worked out with (g/cm³).
    pub density_g_cm3: f64,
    /// Layers printed.
    pub layers: usize,
    /// Where the time goes, minutes (one decimal each).
    pub minutes_by_kind: MinutesByKind,
    /// What the estimate stands for.
    pub basis: &'static str,
}

/// Minutes per kind of work.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MinutesByKind {
    /// Perimeter loops.
    pub perimeters: f64,
    /// Solid, top and bridge infill.
    pub solid_infill: f64,
    /// Sparse infill.
    pub sparse_infill: f64,
    /// Travel, retraction, layer changes.
    pub travel: f64,
    /// Slow-down of layers under the minimum layer time.
    pub cooling: f64,
}

/// What the estimate stands for, said once wherever it is shown.
pub const BASIS: &str = "PrusaSlicer 2.5 default speeds; within 20 % of PrusaSlicer's own estimate for the built-in coupons";

/// What an estimate with a printer preset's own `[speeds]` stands for:
/// it was checked against PrusaSlicer only at the default speeds.
pub const BASIS_PRESET_SPEEDS: &str = "the printer preset's [speeds], PrusaSlicer 2.5 defaults for the rest; checked against PrusaSlicer at its default speeds only";

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

impl CostSummary {
    /// The summary of `cost`, worked out with `density` g/cm³, standing
    /// for `basis` ([`BASIS`] or [`BASIS_PRESET_SPEEDS`]).
    pub fn new(cost: &PrintCost, density: f64, basis: &'static str) -> Self {
        let b = cost.breakdown;
        let min = |s: f64| round(s / 60.0, 1);
        CostSummary {
            minutes: min(cost.seconds),
            grams: round(cost.grams, 2),
            filament_m: round(cost.filament_mm / 1000.0, 2),
            density_g_cm3: density,
            layers: cost.layers,
            minutes_by_kind: MinutesByKind {
                perimeters: min(b.perimeters_s),
                solid_infill: min(b.solid_infill_s),
                sparse_infill: min(b.sparse_infill_s),
                travel: min(b.travel_s),
                cooling: min(b.cooling_s),
            },
            basis,
        }
    }

    /// "about 1 h 27 min, 11.2 g": whole minutes, grams to one decimal.
    pub fn short(&self) -> String {
        format!("about {}, {:.1} g", duration(self.minutes), self.grams)
    }
}

/// Minutes as "45 min" or "1 h 27 min".
pub fn duration(minutes: f64) -> String {
    let m = minutes.round().max(0.0) as u64;
    if m < 60 {
        format!("{m} min")
    } else {
        format!("{} h {:02} min", m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(44.6), "45 min");
        assert_eq!(duration(87.4), "1 h 27 min");
        assert_eq!(duration(120.0), "2 h 00 min");
    }
}
