//! Choosing the stations: centre, span and step.
//!
//! The sweep covers the envelope of all estimates (from the lowest low to
//! the highest high) plus one margin station on each side, so the printed
//! coupon brackets every opinion with a station expected to fuse and one
//! expected to be loose. The step is the finest of {0.025, 0.05, 0.1} for
//! which that cover fits in 9 stations (fine resolution where the estimates
//! agree, coarse where they disagree); a narrower cover is padded to 5.
//! Stations are `index * step` in integer micrometres, never
//! accumulated floats, so every one is an exact multiple of the step.
//!
//! The slicer floor is respected: no station below it except a single
//! control just under it, marked so. If even a 0.1 step cannot cover the
//! envelope with 9 stations, the sweep is centred on the median of the
//! estimates (where they agree) and the estimates it cannot reach are
//! reported as left out, with the reason.

use super::rules::{Estimate, Rule};
use crate::units::Microns;
use serde::Serialize;

/// Candidate steps, finest first, in micrometres.
pub const STEPS: [u32; 3] = [25, 50, 100];
/// Fewest stations worth printing.
pub const MIN_STATIONS: usize = 5;
/// Most stations on one coupon.
pub const MAX_STATIONS: usize = 9;

/// What a station is expected to do when printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Below every estimate (or below the slicer floor): expected welded.
    LikelyFused,
    /// Some estimates say it is enough, others not: may bind or need breaking in.
    Tight,
    /// Meets every estimate's minimum and is within the highest's range.
    Target,
    /// Above every estimate: expected to rattle.
    Loose,
}

impl Outcome {
    /// Words for tables.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::LikelyFused => "likely fused",
            Outcome::Tight => "tight",
            Outcome::Target => "target",
            Outcome::Loose => "loose",
        }
    }
}

/// One clearance on the coupon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Station {
    /// Per-face clearance.
    #[serde(rename = "clearance_um")]
    pub clearance: Microns,
    /// What the estimates predict.
    pub expected: Outcome,
    /// Below the slicer floor: printed only to show the floor is real.
    pub control: bool,
    /// The same clearance for a horizontal (Z) gap, rounded up to whole
    /// layers and at least one: a Z gap thinner than a layer does not exist
    /// after slicing (`slicer-test` in docs/sources.md).
    #[serde(rename = "z_gap_um")]
    pub z_gap: Microns,
}

/// `c` rounded up to whole layers of height `layer`, at least one layer.
pub fn z_gap(c: Microns, layer: Microns) -> Microns {
    let h = layer.0.max(1);
    Microns(c.0.div_ceil(h).max(1) * h)
}

/// The station for clearance `c`: what the estimates expect of it, whether
/// it is a control below the slicer `floor`, and its Z gap in layers.
/// The planner's own stations and clearances a user gives are judged by
/// this one rule, so `make --clearances` and `plan` agree.
pub fn station(c: Microns, estimates: &[Estimate], floor: Microns, layer: Microns) -> Station {
    let min_low = estimates.iter().map(|e| e.low.0).min().unwrap_or(0);
    let max_low = estimates.iter().map(|e| e.low.0).max().unwrap_or(0);
    let hi = estimates.iter().map(|e| e.high.0).max().unwrap_or(0);
    let control = c < floor;
    let expected = if control || c.0 < min_low {
        Outcome::LikelyFused
    } else if c.0 < max_low {
        Outcome::Tight
    } else if c.0 <= hi {
        Outcome::Target
    } else {
        Outcome::Loose
    };
    Station {
        clearance: c,
        expected,
        control,
        z_gap: z_gap(c, layer),
    }
}

/// An estimate the sweep does not reach, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    /// The rule whose estimate is not covered.
    pub rule: Rule,
    /// Why the sweep does not cover it.
    pub reason: String,
}

/// The chosen sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Step between stations.
    pub step: Microns,
    /// Ascending stations.
    pub stations: Vec<Station>,
    /// Estimates not covered.
    pub left_out: Vec<LeftOut>,
}

fn div_floor(a: u32, s: u32) -> u32 {
    a / s
}

fn div_ceil(a: u32, s: u32) -> u32 {
    a.div_ceil(s)
}

/// Lowest station index allowed for step `s`: one below the first index at
/// or above the floor (that station is the control), but never a zero gap.
fn lowest_index(s: u32, floor: Microns) -> u32 {
    let first_real = div_ceil(floor.0, s).max(1);
    if first_real >= 2 {
        first_real - 1
    } else {
        first_real
    }
}

/// Index range [a, b] for step `s` covering `lo..=hi`, with `margin` extra
/// stations each side, clamped to the floor rule.
fn range(s: u32, lo: u32, hi: u32, margin: u32, floor: Microns) -> (u32, u32) {
    let min_index = lowest_index(s, floor);
    let a = div_floor(lo, s).saturating_sub(margin).max(min_index);
    let b = (div_ceil(hi, s) + margin).max(a);
    (a, b)
}

fn median_mid(estimates: &[Estimate]) -> u32 {
    let mut mids: Vec<u32> = estimates.iter().map(|e| (e.low.0 + e.high.0) / 2).collect();
    mids.sort_unstable();
    let n = mids.len();
    if n % 2 == 1 {
        mids[n / 2]
    } else {
        (mids[n / 2 - 1] + mids[n / 2]) / 2
    }
}

/// What a coupon can hold, which its planned sweep must respect (each
/// coupon's registry entry states it, `crate::coupon::registry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepLimits {
    /// Most stations the coupon holds, at most [`MAX_STATIONS`]. A sweep
    /// is padded to [`MIN_STATIONS`] only as far as this allows.
    pub max_stations: usize,
    /// Widest clearance the coupon can build, if it has a fixed bound.
    pub max_clearance: Option<Microns>,
}

impl SweepLimits {
    /// No limit beyond the planner's own [`MAX_STATIONS`].
    pub const NONE: SweepLimits = SweepLimits {
        max_stations: MAX_STATIONS,
        max_clearance: None,
    };
}

impl Default for SweepLimits {
    fn default() -> Self {
        SweepLimits::NONE
    }
}

/// Choose step and stations for a set of estimates.
pub fn choose(estimates: &[Estimate], floor: Microns, layer: Microns) -> Sweep {
    choose_within(estimates, floor, layer, SweepLimits::NONE)
}

/// Choose step and stations for a set of estimates on a coupon with these
/// `limits`: the finest step whose cover fits, capped at the coupon's
/// widest clearance, padded to [`MIN_STATIONS`], and the estimates it
/// leaves out with the reason.
pub fn choose_within(
    estimates: &[Estimate],
    floor: Microns,
    layer: Microns,
    limits: SweepLimits,
) -> Sweep {
    let cap = limits.max_stations.clamp(1, MAX_STATIONS);
    if estimates.is_empty() {
        // The layer formula always applies, so this is defensive only.
        return default_sweep(layer);
    }
    let (s, (a, b)) = step_and_span(estimates, floor, cap, limits.max_clearance);
    let min_index = lowest_index(s, floor);
    let top = limits.max_clearance.map_or(u32::MAX, |m| m.0 / s);
    let (a, b) = pad(capped(a, b, top, min_index), top, min_index, cap);
    let stations: Vec<Station> = (a..=b)
        .map(|k| station(Microns(k * s), estimates, floor, layer))
        .collect();
    let chosen = Chosen {
        step: s,
        first: a * s,
        last: b * s,
        at_widest: limits.max_clearance.is_some() && b == top,
        cap,
    };
    Sweep {
        step: Microns(s),
        stations,
        left_out: left_out(estimates, floor, &chosen),
    }
}

/// 0.10 to 0.30 in 0.05 steps, all targets: a sweep with no estimates.
fn default_sweep(layer: Microns) -> Sweep {
    let stations = (2..=6)
        .map(|k| Microns(k * 50))
        .map(|c| Station {
            clearance: c,
            expected: Outcome::Target,
            control: false,
            z_gap: z_gap(c, layer),
        })
        .collect();
    Sweep {
        step: Microns(50),
        stations,
        left_out: Vec::new(),
    }
}

/// The step and the station indices (first, last; clearance = index x
/// step) covering the estimates up to `widest`: the finest step whose
/// margin-padded cover fits in `cap` stations; if none does, the coarsest
/// step without margins; if that is still too wide, `cap` stations centred
/// where the estimates agree.
fn step_and_span(
    estimates: &[Estimate],
    floor: Microns,
    cap: usize,
    widest: Option<Microns>,
) -> (u32, (u32, u32)) {
    // Estimates past the coupon's widest clearance cannot be covered;
    // the step is chosen for the part that can.
    let widest = widest.map_or(u32::MAX, |m| m.0);
    let hi = estimates
        .iter()
        .map(|e| e.high.0)
        .max()
        .unwrap_or(0)
        .min(widest);
    let lo = estimates.iter().map(|e| e.low.0).min().unwrap_or(0).min(hi);
    let fits = |(a, b): (u32, u32)| (b - a + 1) as usize <= cap;
    if let Some(found) = STEPS
        .iter()
        .map(|&s| (s, range(s, lo, hi, 1, floor)))
        .find(|&(_, span)| fits(span))
    {
        return found;
    }
    let s = *STEPS.last().unwrap_or(&100);
    let (a, b) = range(s, lo, hi, 0, floor);
    if fits((a, b)) {
        return (s, (a, b));
    }
    let centre = (median_mid(estimates) + s / 2) / s;
    let half = (cap as u32 - 1) / 2;
    let start = centre
        .saturating_sub(half)
        .max(lowest_index(s, floor))
        .max(a)
        .min(b + 1 - cap as u32);
    (s, (start, start + cap as u32 - 1))
}

/// The span with its last index at most `top` (the coupon's widest
/// clearance): it slides down to keep its stations, never below
/// `min_index`.
fn capped(a: u32, b: u32, top: u32, min_index: u32) -> (u32, u32) {
    if b > top {
        (a.saturating_sub(b - top).max(min_index).min(top), top)
    } else {
        (a, b)
    }
}

/// A narrow span padded to [`MIN_STATIONS`] (or `cap`): a station above
/// first, then one below, in turn, while `top` and `min_index` allow.
fn pad((mut a, mut b): (u32, u32), top: u32, min_index: u32, cap: usize) -> (u32, u32) {
    let mut below_turn = false;
    while ((b - a + 1) as usize) < MIN_STATIONS.min(cap) {
        let (up, down) = (b < top, a > min_index);
        if (below_turn || !up) && down {
            a -= 1;
        } else if up {
            b += 1;
        } else {
            break;
        }
        below_turn = !below_turn;
    }
    (a, b)
}

/// The sweep chosen, as [`left_out`] explains it.
struct Chosen {
    /// Step, micrometres.
    step: u32,
    /// First and last clearance, micrometres.
    first: u32,
    last: u32,
    /// The sweep ends at the coupon's widest clearance.
    at_widest: bool,
    /// Most stations allowed.
    cap: usize,
}

/// The estimates the sweep does not cover, each with why: under the
/// slicer floor, past the coupon's widest clearance, or too wide to cover
/// alongside the others.
fn left_out(estimates: &[Estimate], floor: Microns, c: &Chosen) -> Vec<LeftOut> {
    let (first, last) = (c.first, c.last);
    estimates
        .iter()
        .filter(|e| e.low.0 < first || e.high.0 > last)
        .map(|e| {
            let reason = if e.low.0 < floor.0 && e.low.0 < first {
                format!(
                    "starts at {} below the slicer floor {floor}: such a gap merges while slicing",
                    e.low
                )
            } else if c.at_widest && e.high.0 > last {
                format!(
                    "{}-{} reaches past {}, the widest clearance this coupon holds",
                    e.low,
                    e.high,
                    Microns(last)
                )
            } else {
                format!(
                    "{}-{} needs more than {} stations at step {} alongside the others; the sweep {}-{} is centred where the estimates agree",
                    e.low,
                    e.high,
                    c.cap,
                    Microns(c.step),
                    Microns(first),
                    Microns(last)
                )
            };
            LeftOut {
                rule: e.rule,
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::rules::SLICER_FLOOR;

    fn est(low: u32, high: u32) -> Estimate {
        Estimate {
            rule: Rule::LayerFormula,
            low: Microns(low),
            high: Microns(high),
            source: "test",
            reason: String::new(),
        }
    }

    fn check(sweep: &Sweep) {
        let n = sweep.stations.len();
        assert!((MIN_STATIONS..=MAX_STATIONS).contains(&n), "{n} stations");
        assert!(
            sweep
                .stations
                .windows(2)
                .all(|w| w[0].clearance < w[1].clearance)
        );
        assert!(
            sweep
                .stations
                .iter()
                .all(|st| st.clearance.0 % sweep.step.0 == 0)
        );
        let below: Vec<_> = sweep
            .stations
            .iter()
            .filter(|st| st.clearance < SLICER_FLOOR)
            .collect();
        assert!(below.len() <= 1 && below.iter().all(|st| st.control));
        assert!(sweep.stations.iter().all(|st| st.clearance.0 > 0));
    }

    #[test]
    fn z_gaps_are_whole_layers_at_least_one() {
        assert_eq!(z_gap(Microns(100), Microns(200)), Microns(200));
        assert_eq!(z_gap(Microns(200), Microns(200)), Microns(200));
        assert_eq!(z_gap(Microns(250), Microns(200)), Microns(400));
        assert_eq!(z_gap(Microns(350), Microns(120)), Microns(360));
    }

    #[test]
    fn brackets_the_envelope_with_margins() {
        let s = choose(
            &[est(350, 430), est(200, 300), est(250, 250)],
            SLICER_FLOOR,
            Microns(200),
        );
        check(&s);
        assert_eq!(s.step, Microns(50));
        assert_eq!(s.stations.first().unwrap().clearance, Microns(150));
        assert_eq!(s.stations.last().unwrap().clearance, Microns(500));
        assert_eq!(s.stations[0].expected, Outcome::LikelyFused);
        assert_eq!(s.stations.last().unwrap().expected, Outcome::Loose);
        assert!(s.stations.iter().any(|st| st.expected == Outcome::Target));
        assert!(s.left_out.is_empty());
    }

    #[test]
    fn narrow_envelope_uses_fine_step_and_one_control() {
        let s = choose(&[est(100, 100), est(100, 100)], SLICER_FLOOR, Microns(200));
        check(&s);
        assert_eq!(s.step, Microns(25));
        assert!(s.stations[0].control);
        assert_eq!(s.stations[0].clearance, Microns(75));
    }

    #[test]
    fn too_wide_leaves_an_estimate_out_and_says_why() {
        let s = choose(
            &[est(300, 350), est(350, 400), est(1500, 1700)],
            SLICER_FLOOR,
            Microns(200),
        );
        check(&s);
        assert_eq!(s.step, Microns(100));
        assert_eq!(s.left_out.len(), 1, "{:?}", s.left_out);
        assert!(s.left_out[0].reason.contains("stations"));
    }

    #[test]
    fn estimate_below_the_floor_is_named() {
        let s = choose(&[est(40, 40), est(150, 200)], SLICER_FLOOR, Microns(200));
        check(&s);
        assert_eq!(s.left_out.len(), 1);
        assert!(
            s.left_out[0].reason.contains("floor"),
            "{}",
            s.left_out[0].reason
        );
    }

    #[test]
    fn a_coupon_limit_caps_the_stations_and_the_widest_clearance() {
        let wide = [est(150, 350), est(300, 600)];
        let free = choose(&wide, SLICER_FLOOR, Microns(200));
        let few = SweepLimits {
            max_stations: 4,
            max_clearance: None,
        };
        let s = choose_within(&wide, SLICER_FLOOR, Microns(200), few);
        assert!(s.stations.len() <= 4 && s.stations.len() < free.stations.len());
        let capped = SweepLimits {
            max_stations: MAX_STATIONS,
            max_clearance: Some(Microns(400)),
        };
        let s = choose_within(&wide, SLICER_FLOOR, Microns(200), capped);
        check(&s);
        assert!(s.stations.iter().all(|st| st.clearance <= Microns(400)));
        assert!(
            s.left_out
                .iter()
                .any(|l| l.reason.contains("widest clearance this coupon holds")),
            "{:?}",
            s.left_out
        );
        // Without limits the result is the planner's own.
        assert_eq!(
            choose_within(&wide, SLICER_FLOOR, Microns(200), SweepLimits::NONE),
            free
        );
    }
}
