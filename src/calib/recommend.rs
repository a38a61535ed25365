//! From recorded results to the clearance to design with.
//!
//! Results are matched on material, joint, nozzle and layer height (and
//! printer, when asked). The recommendation is the upper median of the
//! matching results' smallest free station: with two records that disagree
//! it takes the looser, which still moves. When nothing matches exactly the
//! nearest results are carried over and the recommendation says how:
//! - another layer height: through the layer formula (`1.5*h + 0.05` and its
//!   variants, `plan::rules::layer_formula_minimum`), i.e. the result moves by
//!   the formula's difference between the two layer heights;
//! - another printer with the same nozzle: unchanged, and said so;
//! - hinge from rotating (or back): unchanged, both read the rotating rules.
//!
//! Results never cross nozzles or other joints: the bead and the joint
//! shape change too much for one formula to carry.

use crate::calib::clock;
use crate::calib::record::Record;
use crate::coupon::{ClearanceMeaning, Family};
use crate::plan::Joint;
use crate::plan::rules::layer_formula_minimum;
use crate::units::Microns;
use serde::Serialize;
use std::collections::BTreeMap;

/// What to recommend for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Material preset name (as recorded).
    pub material: String,
    /// Printer preset name; `None` = any printer.
    pub printer: Option<String>,
    /// Nozzle; `None` = the newest matching record's.
    pub nozzle_mm: Option<f64>,
    /// Joint; `None` = every joint recorded for the material.
    pub joint: Option<Joint>,
    /// Layer height; `None` = the newest matching record's.
    pub layer_height_mm: Option<f64>,
}

/// One record used for a recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Line in the ledger.
    pub line: usize,
    /// When it was recorded.
    pub recorded_at: String,
    /// Days since then.
    pub age_days: Option<i64>,
    /// Printer.
    pub printer: String,
    /// Coupon.
    pub coupon: String,
    /// Nozzle, mm.
    pub nozzle_mm: f64,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// Its smallest free station.
    pub free_um: u32,
    /// The same, carried over to the query's layer height.
    pub carried_um: u32,
    /// Spool, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spool_id: Option<u64>,
}

/// The clearance to design with for one joint.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// Material.
    pub material: String,
    /// The joint.
    pub joint: Joint,
    /// The clearance: per side, or the full slit width for a slit.
    pub clearance_um: u32,
    /// "per side" or "full width".
    pub clearance_is: &'static str,
    /// Twice the per-side value (hole minus shaft); none for a slit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diametral_um: Option<u32>,
    /// Nozzle it applies to, mm.
    pub nozzle_mm: f64,
    /// Layer height it applies to, mm.
    pub layer_height_mm: f64,
    /// Printer asked for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printer: Option<String>,
    /// True when every record used matches exactly.
    pub exact: bool,
    /// How results were carried over when not exact.
    pub carried_over: Vec<String>,
    /// The records used.
    pub evidence: Vec<Evidence>,
    /// Largest minus smallest result used (after carrying over), µm.
    pub spread_um: u32,
    /// Newest record's age, days.
    pub newest_days: Option<i64>,
    /// Oldest record's age, days.
    pub oldest_days: Option<i64>,
    /// Matching records not used (other layer heights), for the reader.
    pub also: Vec<String>,
}

impl Recommendation {
    /// The clearance as [`Microns`].
    pub fn clearance(&self) -> Microns {
        Microns(self.clearance_um)
    }

    /// One line naming the evidence: "2 records (ledger lines 3, 7), 0-12 days old".
    pub fn evidence_line(&self) -> String {
        let lines: Vec<String> = self.evidence.iter().map(|e| e.line.to_string()).collect();
        let age = match (self.newest_days, self.oldest_days) {
            (Some(a), Some(b)) if a == b => format!(", {a} days old"),
            (Some(a), Some(b)) => format!(", {a}-{b} days old"),
            _ => String::new(),
        };
        format!(
            "{} record{} (ledger line{} {}){age}",
            self.evidence.len(),
            if self.evidence.len() == 1 { "" } else { "s" },
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        )
    }
}

/// Nothing matched: what the ledger does hold.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct NoMatch(pub String);

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Hinges and rotating joints read the same rules (the rotating column of
/// the joint table), so a result for one carries to the other unchanged.
fn sibling(a: Joint, b: Joint) -> bool {
    matches!(
        (a, b),
        (Joint::Hinge, Joint::Rotating) | (Joint::Rotating, Joint::Hinge)
    )
}

/// What a recommended clearance for `j` measures: what the coupons
/// registered for that joint measure (per side when none is).
fn meaning(j: Joint) -> ClearanceMeaning {
    Family::ALL
        .iter()
        .find(|f| f.joint() == j)
        .map_or(ClearanceMeaning::PerSide, |f| f.clearance_meaning())
}

/// Recommend for every joint the query asks about. `today` is days since
/// the epoch (for ages).
pub fn recommend(
    records: &[(usize, Record)],
    q: &Query,
    today: i64,
) -> Result<Vec<Recommendation>, NoMatch> {
    let usable: Vec<&(usize, Record)> = records
        .iter()
        .filter(|(_, r)| r.filament.material.eq_ignore_ascii_case(&q.material))
        .filter(|(_, r)| r.result.free_um.is_some() && r.joint().is_some())
        .collect();
    let joints: Vec<Joint> = match q.joint {
        Some(j) => vec![j],
        None => Joint::ALL
            .into_iter()
            .filter(|j| usable.iter().any(|(_, r)| r.joint() == Some(*j)))
            .collect(),
    };
    let out: Vec<Recommendation> = joints
        .into_iter()
        .filter_map(|j| for_joint(&usable, q, j, today))
        .collect();
    if out.is_empty() {
        return Err(no_match(records, q));
    }
    Ok(out)
}

/// A ledger record with its line number.
type Numbered<'r> = &'r (usize, Record);

/// What one joint's recommendation is for, once nozzle and layer are fixed.
struct Target<'q> {
    joint: Joint,
    nozzle: f64,
    layer: f64,
    printer: Option<&'q str>,
}

/// How far a record is from the target: (other joint, other printer,
/// layer difference in µm). Smaller is nearer; (0, 0, 0) is exact.
type Distance = (u8, u8, u32);

impl Target<'_> {
    fn distance(&self, r: &Record) -> Distance {
        (
            u8::from(r.joint() != Some(self.joint)),
            u8::from(self.printer.is_some_and(|p| p != r.printer)),
            Microns::from_mm((r.layer_height_mm - self.layer).abs()).map_or(u32::MAX, |m| m.0),
        )
    }

    /// The layer-formula minimum at height `h` for this joint and nozzle;
    /// the material offset cancels in a difference, so it is left out.
    fn formula(&self, h: f64) -> (f64, &'static str) {
        layer_formula_minimum(h, self.nozzle, self.joint, 0.0)
    }

    /// A record's result moved to the target layer height.
    fn carried(&self, r: &Record) -> u32 {
        let free = r.result.free_um.unwrap_or(0);
        let shift = self.formula(self.layer).0 - self.formula(r.layer_height_mm).0;
        (f64::from(free) + shift * 1000.0).round().max(0.0) as u32
    }

    fn evidence(&self, line: usize, r: &Record, today: i64) -> Evidence {
        Evidence {
            line,
            recorded_at: r.recorded_at.clone(),
            age_days: clock::epoch_days(&r.recorded_at).map(|d| today - d),
            printer: r.printer.clone(),
            coupon: r.coupon.clone(),
            nozzle_mm: r.nozzle_mm,
            layer_height_mm: r.layer_height_mm,
            free_um: r.result.free_um.unwrap_or(0),
            carried_um: self.carried(r),
            spool_id: r.filament.spool_id,
        }
    }

    /// One sentence per way the chosen records differ from the target.
    fn carry_notes(&self, d: Distance, chosen: &[&(usize, Record)]) -> Vec<String> {
        let distinct = |f: &dyn Fn(&Record) -> String| {
            let set: std::collections::BTreeSet<String> =
                chosen.iter().map(|(_, r)| f(r)).collect();
            set.into_iter().collect::<Vec<_>>().join(", ")
        };
        let mut notes = Vec::new();
        if d.0 == 1 {
            notes.push(format!(
                "from {} records: hinge and rotating joints read the same rules, carried unchanged",
                distinct(&|r| r.joint.clone())
            ));
        }
        if d.1 == 1 {
            notes.push(format!(
                "no record on {}; from {} with the same {:.2} mm nozzle, carried unchanged",
                self.printer.unwrap_or("?"),
                distinct(&|r| r.printer.clone()),
                self.nozzle
            ));
        }
        if d.2 > 0 {
            let (at, form) = self.formula(self.layer);
            let shifts = distinct(&|r| {
                format!(
                    "layer {:.2}: {:+.3} mm",
                    r.layer_height_mm,
                    at - self.formula(r.layer_height_mm).0
                )
            });
            notes.push(format!(
                "no record at layer {:.2}; carried through the layer formula {form} from {shifts}",
                self.layer
            ));
        }
        notes
    }
}

fn newest<'r>(c: &[&'r (usize, Record)]) -> Option<&'r Record> {
    c.iter()
        .max_by_key(|(l, r)| (r.recorded_at.as_str(), *l))
        .map(|(_, r)| r)
}

fn for_joint(
    usable: &[&(usize, Record)],
    q: &Query,
    joint: Joint,
    today: i64,
) -> Option<Recommendation> {
    let mut cands: Vec<&(usize, Record)> = usable
        .iter()
        .copied()
        .filter(|(_, r)| {
            r.joint()
                .is_some_and(|rj| rj == joint || sibling(rj, joint))
        })
        .collect();
    let nozzle = q
        .nozzle_mm
        .or_else(|| newest(&cands).map(|r| r.nozzle_mm))?;
    cands.retain(|(_, r)| same(r.nozzle_mm, nozzle));
    let layer = q
        .layer_height_mm
        .or_else(|| newest(&cands).map(|r| r.layer_height_mm))?;
    let t = Target {
        joint,
        nozzle,
        layer,
        printer: q.printer.as_deref(),
    };
    let best = cands.iter().map(|(_, r)| t.distance(r)).min()?;
    let (chosen, unused): (Vec<Numbered>, Vec<Numbered>) =
        cands.iter().partition(|(_, r)| t.distance(r) == best);
    let evidence: Vec<Evidence> = chosen
        .iter()
        .map(|(line, r)| t.evidence(*line, r, today))
        .collect();
    let mut values: Vec<u32> = evidence.iter().map(|e| e.carried_um).collect();
    values.sort_unstable();
    // Upper median: with two disagreeing records, the looser one.
    let value = values[values.len() / 2];
    let ages: Vec<i64> = evidence.iter().filter_map(|e| e.age_days).collect();
    let m = meaning(joint);
    Some(Recommendation {
        material: q.material.clone(),
        joint,
        clearance_um: value,
        clearance_is: m.short(),
        diametral_um: m.has_diametral().then_some(2 * value),
        nozzle_mm: nozzle,
        layer_height_mm: layer,
        printer: q.printer.clone(),
        exact: best == (0, 0, 0),
        carried_over: t.carry_notes(best, &chosen),
        spread_um: values[values.len() - 1] - values[0],
        newest_days: ages.iter().min().copied(),
        oldest_days: ages.iter().max().copied(),
        evidence,
        also: other_layers(&unused, layer),
    })
}

fn other_layers(cands: &[&(usize, Record)], layer: f64) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, r) in cands
        .iter()
        .filter(|(_, r)| !same(r.layer_height_mm, layer))
    {
        *counts
            .entry(format!("{:.2}", r.layer_height_mm))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(h, n)| {
            format!(
                "{n} record{} at layer {h} (ask with --layer-height {h})",
                if n == 1 { "" } else { "s" }
            )
        })
        .collect()
}

fn no_match(records: &[(usize, Record)], q: &Query) -> NoMatch {
    let mut asked = vec![format!("material {}", q.material)];
    if let Some(p) = &q.printer {
        asked.push(format!("printer {p}"));
    }
    if let Some(n) = q.nozzle_mm {
        asked.push(format!("nozzle {n:.2}"));
    }
    if let Some(j) = q.joint {
        asked.push(format!("joint {j}"));
    }
    if let Some(h) = q.layer_height_mm {
        asked.push(format!("layer {h:.2}"));
    }
    let mut have: BTreeMap<String, usize> = BTreeMap::new();
    for (_, r) in records.iter().filter(|(_, r)| r.result.free_um.is_some()) {
        *have
            .entry(format!(
                "--material {} --joint {} --printer {} (nozzle {:.2}, layer {:.2})",
                r.filament.material, r.joint, r.printer, r.nozzle_mm, r.layer_height_mm
            ))
            .or_default() += 1;
    }
    let what_would = format!(
        "a `gapgauge record` of a gauge printed with {} (results carry across layer heights and printers with the same nozzle, and between hinge and rotating)",
        asked.join(", ")
    );
    let listing = if have.is_empty() {
        "the ledger holds no result with a free station".to_string()
    } else {
        let lines: Vec<String> = have
            .iter()
            .take(12)
            .map(|(k, n)| format!("  {k}: {n} record{}", if *n == 1 { "" } else { "s" }))
            .collect();
        format!("the ledger holds:\n{}", lines.join("\n"))
    };
    NoMatch(format!(
        "no recorded result matches {}.\nWhat would match: {what_would}.\n{listing}",
        asked.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calib::gauge::FilamentIdentity;
    use crate::calib::record::{RECORD_SCHEMA, RecordResult};

    fn rec(joint: &str, printer: &str, h: f64, free: u32, at: &str) -> Record {
        Record {
            schema: RECORD_SCHEMA.into(),
            recorded_at: at.into(),
            tool_version: "t".into(),
            filament: FilamentIdentity {
                material: "pla".into(),
                ..Default::default()
            },
            printer: printer.into(),
            nozzle_mm: 0.4,
            layer_height_mm: h,
            first_layer_height_mm: h,
            flow: 1.0,
            coupon: "pin".into(),
            joint: joint.into(),
            clearance_is: "per side".into(),
            stations: Vec::new(),
            result: RecordResult {
                free_um: Some(free),
                moves_um: Some(free),
            },
            gauge: "g".into(),
            plan: None,
            note: None,
        }
    }

    fn today() -> i64 {
        clock::epoch_days("2026-12-10").unwrap()
    }

    fn q(joint: Option<Joint>, printer: Option<&str>, h: Option<f64>) -> Query {
        Query {
            material: "pla".into(),
            printer: printer.map(Into::into),
            nozzle_mm: None,
            joint,
            layer_height_mm: h,
        }
    }

    #[test]
    fn exact_records_give_the_upper_median_with_evidence() {
        let recs = vec![
            (1, rec("rotating", "mk4", 0.2, 350, "2026-12-01T00:00:00Z")),
            (2, rec("rotating", "mk4", 0.2, 300, "2026-12-09T00:00:00Z")),
        ];
        let r = &recommend(
            &recs,
            &q(Some(Joint::Rotating), Some("mk4"), Some(0.2)),
            today(),
        )
        .unwrap()[0];
        assert_eq!(r.clearance_um, 350);
        assert_eq!(r.diametral_um, Some(700));
        assert!(r.exact && r.carried_over.is_empty());
        assert_eq!(r.spread_um, 50);
        assert_eq!((r.newest_days, r.oldest_days), (Some(1), Some(9)));
        assert!(
            r.evidence_line().contains("lines 1, 2"),
            "{}",
            r.evidence_line()
        );
    }

    #[test]
    fn another_layer_height_is_carried_through_the_layer_formula() {
        let recs = vec![(1, rec("rotating", "mk4", 0.2, 350, "2026-12-01T00:00:00Z"))];
        let r = &recommend(&recs, &q(Some(Joint::Rotating), None, Some(0.12)), today()).unwrap()[0];
        // 1.5 * (0.12 - 0.20) = -0.12
        assert_eq!(r.clearance_um, 230);
        assert!(!r.exact);
        assert!(
            r.carried_over[0].contains("layer formula"),
            "{:?}",
            r.carried_over
        );
    }

    #[test]
    fn printers_and_hinge_carry_unchanged_and_say_so() {
        let recs = vec![(4, rec("rotating", "mk4", 0.2, 300, "2026-12-01T00:00:00Z"))];
        let r = &recommend(
            &recs,
            &q(Some(Joint::Hinge), Some("ender-3"), None),
            today(),
        )
        .unwrap()[0];
        assert_eq!(r.clearance_um, 300);
        assert_eq!(r.carried_over.len(), 2, "{:?}", r.carried_over);
    }

    #[test]
    fn nothing_matching_says_what_would() {
        let recs = vec![(1, rec("slit", "mk4", 0.2, 200, "2026-12-01T00:00:00Z"))];
        let e = recommend(&recs, &q(Some(Joint::Rotating), None, None), today()).unwrap_err();
        assert!(
            e.0.contains("What would match") && e.0.contains("--joint slit"),
            "{}",
            e.0
        );
        let mut other = q(None, None, None);
        other.material = "petg".into();
        assert!(recommend(&recs, &other, today()).is_err());
    }
}
