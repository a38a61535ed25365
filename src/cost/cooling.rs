//! The slicer's slow-down of short layers, so each has time to cool.
//!
//! A layer printed too quickly is laid on plastic still soft from the last
//! one. PrusaSlicer 2.5 does not wait out a short layer; it prints it
//! slower (docs/print-cost.md, "Cooling: how a short layer slows down",
//! gives the rule and where it comes from):
//!
//! - it adds up the layer's moves as its G-code sets them, each move's
//!   length over its speed, travel and retractions included, with no
//!   acceleration;
//! - when that is under `slowdown_below_layer_time` (5 s by default), it
//!   slows the extrusions, fastest first, down to one common speed, just
//!   enough to bring the layer up to the target time;
//! - no extrusion goes below `min_print_speed` (10 mm/s by default), and
//!   one already slower keeps its speed; travel and retractions are never
//!   slowed. A layer that is still short at that floor stays short.
//!
//! So the tiniest layers (a slot comb's fins, a pin's tip) print in well
//! under 5 s: padding every short layer to 5 s overestimates them.

use serde::Serialize;

/// The slow-down rule's two settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cooling {
    /// A layer whose moves add up to less than this (s), counted at their
    /// set speeds, is slowed down; 0 turns the slow-down off.
    pub slowdown_below_layer_time: f64,
    /// No extrusion is slowed below this speed (mm/s).
    pub min_print_speed: f64,
}

impl Default for Cooling {
    /// PrusaSlicer 2.5's defaults (its built-in profile, what the recorded
    /// figures were sliced with).
    fn default() -> Self {
        Cooling {
            slowdown_below_layer_time: 5.0,
            min_print_speed: 10.0,
        }
    }
}

/// Extrusions of one speed in a layer: their total length (mm) and speed
/// (mm/s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extruded {
    /// Total length (mm).
    pub length: f64,
    /// Speed the G-code sets (mm/s).
    pub speed: f64,
}

impl Cooling {
    /// The speed a layer's extrusions are capped at so the layer takes the
    /// target time, or `None` when it already takes that long (or the
    /// slow-down is off). `extruded` is every extrusion of the layer;
    /// `never_slowed_s` the time of its travel and retractions. Both are
    /// counted as the slicer counts them: length over speed, without
    /// acceleration.
    pub fn speed_cap(&self, extruded: &[Extruded], never_slowed_s: f64) -> Option<f64> {
        let target = self.slowdown_below_layer_time;
        let time_at =
            |cap: f64| never_slowed_s + extruded.iter().map(|e| e.time_at(cap)).sum::<f64>();
        if target <= 0.0 || time_at(f64::INFINITY) >= target {
            return None;
        }
        let floor = self.min_print_speed;
        if time_at(floor) <= target {
            return Some(floor);
        }
        Some(self.cap_between(extruded, never_slowed_s, target))
    }

    /// The cap at which the layer takes exactly `target` s, known to lie
    /// above the floor. Walks down the layer's speeds above the floor,
    /// fastest first: with the cap between two neighbouring speeds, every
    /// extrusion at least as fast as the upper one runs at the cap, the
    /// rest keep theirs, and the layer takes
    /// `never_slowed_s + slow_s + fast_mm / cap`; solved for the cap, the
    /// first answer that lies between the two speeds is the one.
    fn cap_between(&self, extruded: &[Extruded], never_slowed_s: f64, target: f64) -> f64 {
        let floor = self.min_print_speed;
        let mut speeds: Vec<f64> = extruded
            .iter()
            .map(|e| e.speed)
            .filter(|&s| s > floor)
            .collect();
        speeds.sort_by(|a, b| b.total_cmp(a));
        speeds.dedup();
        speeds.push(floor);
        for pair in speeds.windows(2) {
            let (upper, lower) = (pair[0], pair[1]);
            let fast_mm: f64 = extruded
                .iter()
                .filter(|e| e.speed >= upper)
                .map(|e| e.length)
                .sum();
            let slow_s: f64 = extruded
                .iter()
                .filter(|e| e.speed < upper)
                .map(|e| e.time_at(f64::INFINITY))
                .sum();
            let cap = fast_mm / (target - never_slowed_s - slow_s);
            if cap >= lower {
                return cap.min(upper);
            }
        }
        floor
    }
}

impl Extruded {
    /// Seconds at the set speed, or at `cap` when that is slower; a speed
    /// already under the cap is kept.
    fn time_at(&self, cap: f64) -> f64 {
        if self.length <= 0.0 || self.speed <= 0.0 {
            return 0.0;
        }
        self.length / self.speed.min(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(length: f64, speed: f64) -> Extruded {
        Extruded { length, speed }
    }

    #[test]
    fn a_long_enough_layer_is_not_slowed() {
        // 100 mm at 15 mm/s is 6.7 s, over the 5 s target.
        assert_eq!(Cooling::default().speed_cap(&[at(100.0, 15.0)], 0.0), None);
        // Travel counts towards the target: 4 s of printing and 1.5 s of
        // travel are long enough.
        assert_eq!(Cooling::default().speed_cap(&[at(60.0, 15.0)], 1.5), None);
    }

    #[test]
    fn a_tiny_layer_stops_at_the_floor_and_is_not_padded() {
        // 16 mm at 15 mm/s: even at 10 mm/s it takes 1.6 s, not 5.
        let c = Cooling::default();
        let cap = c.speed_cap(&[at(16.0, 15.0)], 0.1).unwrap();
        assert_eq!(cap, 10.0);
        let slowed = 0.1 + at(16.0, 15.0).time_at(cap);
        assert!((slowed - 1.7).abs() < 1e-12, "{slowed}");
    }

    #[test]
    fn the_fastest_extrusions_slow_first_just_enough() {
        // 40 mm at 20 mm/s (2 s) and 30 mm at 60 mm/s (0.5 s), 0.5 s of
        // travel: 3 s. Slowing only the fast lines would need 12 mm/s,
        // under the 20 mm/s ones, so both run at the cap:
        // 70 / cap + 0.5 = 5 gives 15.56 mm/s.
        let c = Cooling::default();
        let layer = [at(40.0, 20.0), at(30.0, 60.0)];
        let cap = c.speed_cap(&layer, 0.5).unwrap();
        assert!((cap - 70.0 / 4.5).abs() < 1e-9, "{cap}");
        // With 1.5 s of travel only the fast lines need slowing:
        // 2 + 30 / cap + 1.5 = 5 gives 20 mm/s exactly, the slower speed.
        let cap = c.speed_cap(&layer, 1.5).unwrap();
        assert!((cap - 20.0).abs() < 1e-9, "{cap}");
        // With 2 s of travel: 2 + 30 / cap + 2 = 5 gives 30 mm/s, and the
        // 20 mm/s lines keep their speed.
        let cap = c.speed_cap(&layer, 2.0).unwrap();
        assert!((cap - 30.0).abs() < 1e-9, "{cap}");
        for travel in [0.5, 1.5, 2.0] {
            let cap = c.speed_cap(&layer, travel).unwrap();
            let t: f64 = travel + layer.iter().map(|e| e.time_at(cap)).sum::<f64>();
            assert!((t - 5.0).abs() < 1e-9, "{travel}: {t}");
        }
    }

    #[test]
    fn extrusions_under_the_floor_keep_their_speed_and_off_means_off() {
        // 5 mm at 5 mm/s (1 s) is slower than the floor and stays so;
        // only the 20 mm at 40 mm/s slow down, to 20 / 3 < 10: the floor.
        let c = Cooling::default();
        let layer = [at(5.0, 5.0), at(20.0, 40.0)];
        assert_eq!(c.speed_cap(&layer, 0.0), Some(10.0));
        let off = Cooling {
            slowdown_below_layer_time: 0.0,
            ..c
        };
        assert_eq!(off.speed_cap(&layer, 0.0), None);
    }
}
