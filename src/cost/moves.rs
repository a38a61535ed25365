//! The moves of one layer, by kind, and how long they take once the
//! slicer has slowed a short layer down for cooling.
//!
//! The estimate first lists what a layer prints as runs of identical moves
//! (a loop, an island's infill lines, the hops between islands) at the
//! speeds the profile sets; timing them is a separate step because the
//! slow-down ([`super::cooling`]) looks at the whole layer before any move
//! is timed.

use super::cooling::Extruded;
use super::estimate::Breakdown;
use super::motion::move_time;
use super::profile::CostProfile;

/// What a run of moves is for: where [`Breakdown`] counts its time, and
/// whether cooling may slow it (every kind but travel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Perimeter loops and the skirt.
    Perimeter,
    /// Solid, top and bridge infill.
    Solid,
    /// Sparse infill and its anchors.
    Sparse,
    /// Moves without extrusion.
    Travel,
}

/// `count` straight moves of `length` mm each at `speed` mm/s; `count` is
/// fractional where it is an island's area over its line spacing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moves {
    /// What they are for.
    pub kind: Kind,
    /// How many.
    pub count: f64,
    /// Length of each (mm).
    pub length: f64,
    /// Speed the G-code sets (mm/s).
    pub speed: f64,
}

impl Moves {
    /// Seconds for all of them at their speed, or at `cap` when that is
    /// slower, each accelerating from and back to the jerk speed.
    fn seconds(&self, cap: f64, p: &CostProfile) -> f64 {
        self.count * move_time(self.length, self.speed.min(cap), p.acceleration, p.jerk)
    }

    fn extrudes(&self) -> bool {
        self.kind != Kind::Travel
    }
}

/// Everything one layer moves, at the profile's speeds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerMoves {
    /// Runs of moves in print order (order does not change the time).
    pub moves: Vec<Moves>,
    /// Retracting and pushing the filament back in (s): never slowed.
    pub retract_s: f64,
}

impl LayerMoves {
    /// Add `count` moves of `length` mm at `speed` mm/s.
    pub fn push(&mut self, kind: Kind, count: f64, length: f64, speed: f64) {
        if count > 0.0 && length > 0.0 {
            self.moves.push(Moves {
                kind,
                count,
                length,
                speed,
            });
        }
    }

    /// Where the layer's time goes, with the slow-down of a short layer
    /// (PrusaSlicer's, [`super::cooling`]) in [`Breakdown::cooling_s`]:
    /// the extra time its slowed extrusions take. The other kinds are
    /// timed at their set speeds.
    pub fn time(&self, p: &CostProfile) -> Breakdown {
        let mut b = Breakdown::default();
        for m in &self.moves {
            let s = m.seconds(f64::INFINITY, p);
            match m.kind {
                Kind::Perimeter => b.perimeters_s += s,
                Kind::Solid => b.solid_infill_s += s,
                Kind::Sparse => b.sparse_infill_s += s,
                Kind::Travel => b.travel_s += s,
            }
        }
        b.travel_s += self.retract_s;
        if let Some(cap) = p.cooling.speed_cap(&self.extruded(), self.never_slowed_s()) {
            b.cooling_s = self.extrusion_s(cap, p) - self.extrusion_s(f64::INFINITY, p);
        }
        b
    }

    /// The extrusions as the slow-down sees them: length and speed.
    fn extruded(&self) -> Vec<Extruded> {
        self.moves
            .iter()
            .filter(|m| m.extrudes())
            .map(|m| Extruded {
                length: m.count * m.length,
                speed: m.speed,
            })
            .collect()
    }

    /// Travel and retractions as the slicer counts a layer's time: length
    /// over speed.
    fn never_slowed_s(&self) -> f64 {
        let travel: f64 = self
            .moves
            .iter()
            .filter(|m| !m.extrudes())
            .map(|m| m.count * m.length / m.speed)
            .sum();
        travel + self.retract_s
    }

    /// Seconds of every extrusion with its speed capped at `cap`.
    fn extrusion_s(&self, cap: f64, p: &CostProfile) -> f64 {
        self.moves
            .iter()
            .filter(|m| m.extrudes())
            .map(|m| m.seconds(cap, p))
            .sum()
    }
}
