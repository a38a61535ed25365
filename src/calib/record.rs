//! A printed gauge read by hand, turned into a result record.
//!
//! The user gives either the smallest station that moves freely (`--free`,
//! and optionally the smallest that moves at all, `--moves`) or one verdict
//! per station in station order (`--verdicts fused,stiff,free,...`). Every
//! value is checked against the gauge's own stations before anything is
//! written: a clearance that is not a station, an unknown coupon or a wrong
//! number of verdicts is refused with the flag, the value and what is
//! allowed.

use crate::calib::gauge::{FilamentIdentity, Gauge, GaugeCoupon};
use crate::coupon::Family;
use crate::error::ParamError;
use crate::plan::Joint;
use crate::units::Microns;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Schema tag of one ledger line.
pub const RECORD_SCHEMA: &str = "gapgauge.result/1";

/// What a station did when worked by hand (the batch card's four boxes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Welded: rigid, cracks when forced.
    Fused,
    /// Moves, but needs force or breaking in.
    Stiff,
    /// Moves freely without play you can feel.
    Free,
    /// Rattles or falls out.
    Loose,
}

impl Verdict {
    /// Every verdict, tightest first.
    pub const ALL: [Verdict; 4] = [
        Verdict::Fused,
        Verdict::Stiff,
        Verdict::Free,
        Verdict::Loose,
    ];

    /// The word used on the command line and in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Fused => "fused",
            Verdict::Stiff => "stiff",
            Verdict::Free => "free",
            Verdict::Loose => "loose",
        }
    }

    /// Moves freely (free or loose).
    pub fn moves_freely(self) -> bool {
        matches!(self, Verdict::Free | Verdict::Loose)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Verdict, String> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| "one of fused, stiff, free, loose".to_string())
    }
}

/// One station in a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedStation {
    /// Clearance, micrometres.
    pub clearance_um: u32,
    /// Label printed at the station.
    pub label: String,
    /// What it did; `None` when only `--free`/`--moves` were given.
    pub verdict: Option<Verdict>,
}

/// The outcome of a gauge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordResult {
    /// Smallest station that moved freely: the clearance to design with.
    /// `None` when no station did.
    pub free_um: Option<u32>,
    /// Smallest station that moved at all.
    pub moves_um: Option<u32>,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// [`RECORD_SCHEMA`].
    pub schema: String,
    /// When it was recorded, RFC 3339 UTC.
    pub recorded_at: String,
    /// gapgauge version that recorded it.
    pub tool_version: String,
    /// The filament.
    pub filament: FilamentIdentity,
    /// Printer preset or file.
    pub printer: String,
    /// Nozzle, mm.
    pub nozzle_mm: f64,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// First layer height, mm.
    pub first_layer_height_mm: f64,
    /// Flow ratio printed with.
    pub flow: f64,
    /// Coupon family.
    pub coupon: String,
    /// Joint the coupon measures.
    pub joint: String,
    /// What the numbers measure ("per side" or "full width").
    pub clearance_is: String,
    /// Every station, in station order.
    pub stations: Vec<RecordedStation>,
    /// The result.
    pub result: RecordResult,
    /// The file the gauge was described by.
    pub gauge: String,
    /// The plan summary, when the planner chose the sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Record {
    /// The joint, parsed.
    pub fn joint(&self) -> Option<Joint> {
        self.joint.parse().ok()
    }
}

/// What the user said about the printed gauge, as they gave it (validated
/// by [`build`]). Errors name these fields (`free`, `verdicts (value 3)`),
/// and a limit that refers to another field names it in backticks, so a
/// front end can name them its own way (the CLI: `--free`).
#[derive(Debug, Clone, Default)]
pub struct RecordInput {
    /// Which coupon of the gauge; may be left out when it has one.
    pub coupon: Option<String>,
    /// The smallest station that moves freely (mm, as typed).
    pub free: Option<String>,
    /// The smallest station that moves at all (mm, as typed).
    pub moves: Option<String>,
    /// One verdict per station in station order, comma-separated.
    pub verdicts: Option<String>,
    /// The spool printed, when the set covers several.
    pub spool: Option<u64>,
    /// The flow printed with, when it differs from the plan's.
    pub flow: Option<f64>,
    /// A free-text note.
    pub note: Option<String>,
    /// The filament printed, when the gauge's description names another
    /// (a `make` with an explicit sweep records its default).
    pub material: Option<String>,
}

/// A validated record and the warnings to show with it.
#[derive(Debug, Clone)]
pub struct Built {
    /// The record to append.
    pub record: Record,
    /// Things that look wrong but are not refused.
    pub warnings: Vec<String>,
}

/// Validate `input` against `gauge` and build the record. `now` is the
/// timestamp to store.
pub fn build(gauge: &Gauge, input: &RecordInput, now: &str) -> Result<Built, ParamError> {
    let coupon = pick_coupon(gauge, input.coupon.as_deref())?;
    let name = coupon.family.name();
    let verdicts = match &input.verdicts {
        Some(v) => Some(parse_verdicts(v, coupon)?),
        None => None,
    };
    let free = station_flag("free", input.free.as_deref(), coupon)?;
    let moves = station_flag("moves", input.moves.as_deref(), coupon)?;
    if verdicts.is_none() && free.is_none() {
        return Err(ParamError::new(
            "free",
            "(none)",
            format!(
                "give `free` (the smallest {name} station that moves freely) or `verdicts` (one per station)"
            ),
        ));
    }
    let mut result = match &verdicts {
        Some(v) => result_from_verdicts(coupon, v),
        None => RecordResult {
            free_um: free,
            moves_um: moves.or(free),
        },
    };
    if verdicts.is_some() {
        agree("free", free, result.free_um)?;
        agree("moves", moves, result.moves_um)?;
    }
    if let (Some(m), Some(f)) = (result.moves_um, result.free_um)
        && m > f
    {
        return Err(ParamError::new(
            "moves",
            Microns(m),
            format!("must not exceed `free` = {}", Microns(f)),
        ));
    }
    if result.moves_um.is_none() {
        result.moves_um = result.free_um;
    }
    let flow = input.flow.unwrap_or(gauge.flow);
    if !(0.5..=1.5).contains(&flow) {
        return Err(ParamError::new("flow", flow, "must be between 0.5 and 1.5"));
    }
    let (mut filament, mut warnings) = filament_for(gauge, input.spool)?;
    if let Some(m) = &input.material {
        let preset = crate::preset::Material::load(m)
            .map_err(|e| ParamError::new("material", m, e.to_string()))?;
        if preset.name != filament.material {
            warnings.push(format!(
                "recorded as {} although the gauge was planned for {}",
                preset.name, filament.material
            ));
        }
        filament.material = preset.name;
    }
    if let Some(v) = &verdicts {
        warnings.extend(plausibility(coupon, v));
    }
    warnings.extend(range_warnings(coupon, &result));
    let stations = coupon
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| RecordedStation {
            clearance_um: s.clearance_um,
            label: s.label.clone(),
            verdict: verdicts.as_ref().map(|v| v[i]),
        })
        .collect();
    let record = Record {
        schema: RECORD_SCHEMA.into(),
        recorded_at: now.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        filament,
        printer: gauge.printer.clone(),
        nozzle_mm: gauge.nozzle_mm,
        layer_height_mm: gauge.layer_height_mm,
        first_layer_height_mm: gauge.first_layer_height_mm,
        flow,
        coupon: name.into(),
        joint: coupon.joint.name().into(),
        clearance_is: coupon.family.clearance_meaning().short().into(),
        stations,
        result,
        gauge: gauge.described_by.display().to_string(),
        plan: coupon.plan.clone(),
        note: input.note.clone(),
    };
    Ok(Built { record, warnings })
}

fn pick_coupon<'g>(gauge: &'g Gauge, asked: Option<&str>) -> Result<&'g GaugeCoupon, ParamError> {
    let held = gauge
        .coupons
        .iter()
        .map(|c| c.family.name())
        .collect::<Vec<_>>()
        .join(", ");
    let Some(name) = asked else {
        return match gauge.coupons.as_slice() {
            [only] => Ok(only),
            _ => Err(ParamError::new(
                "coupon",
                "(none)",
                format!("this gauge holds several coupons: name one of {held}"),
            )),
        };
    };
    if Family::from_name(name).is_none() {
        let known = Family::ALL.iter().map(|f| f.name()).collect::<Vec<_>>();
        return Err(ParamError::new(
            "coupon",
            name,
            format!("unknown coupon; known: {}", known.join(", ")),
        ));
    }
    gauge
        .coupons
        .iter()
        .find(|c| c.family.name() == name)
        .ok_or_else(|| ParamError::new("coupon", name, format!("this gauge holds {held}")))
}

fn station_list(coupon: &GaugeCoupon) -> String {
    coupon
        .stations
        .iter()
        .map(|s| Microns(s.clearance_um).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn station_flag(
    flag: &str,
    value: Option<&str>,
    coupon: &GaugeCoupon,
) -> Result<Option<u32>, ParamError> {
    let Some(v) = value else { return Ok(None) };
    let c = crate::sweep::parse_mm(flag, v)?;
    if coupon.stations.iter().any(|s| s.clearance_um == c.0) {
        Ok(Some(c.0))
    } else {
        Err(ParamError::new(
            flag,
            v,
            format!(
                "not a station of this {} gauge; its stations are {}",
                coupon.family.name(),
                station_list(coupon)
            ),
        ))
    }
}

fn parse_verdicts(s: &str, coupon: &GaugeCoupon) -> Result<Vec<Verdict>, ParamError> {
    let words: Vec<&str> = s.split(',').collect();
    let n = coupon.stations.len();
    if words.len() != n {
        return Err(ParamError::new(
            "verdicts",
            s,
            format!(
                "{} verdicts given; this {} gauge has {n} stations ({}): give one per station, in station order",
                words.len(),
                coupon.family.name(),
                station_list(coupon)
            ),
        ));
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            w.parse::<Verdict>()
                .map_err(|limit| ParamError::new(format!("verdicts (value {})", i + 1), w, limit))
        })
        .collect()
}

/// Smallest free and smallest moving station, by clearance.
fn result_from_verdicts(coupon: &GaugeCoupon, v: &[Verdict]) -> RecordResult {
    let smallest = |keep: &dyn Fn(Verdict) -> bool| {
        coupon
            .stations
            .iter()
            .zip(v)
            .filter(|(_, v)| keep(**v))
            .map(|(s, _)| s.clearance_um)
            .min()
    };
    RecordResult {
        free_um: smallest(&|v| v.moves_freely()),
        moves_um: smallest(&|v| v != Verdict::Fused),
    }
}

fn agree(flag: &str, given: Option<u32>, derived: Option<u32>) -> Result<(), ParamError> {
    match given {
        Some(g) if Some(g) != derived => Err(ParamError::new(
            flag,
            Microns(g),
            format!(
                "disagrees with `verdicts`, which give {}",
                derived.map_or("no such station".into(), |d| Microns(d).to_string())
            ),
        )),
        _ => Ok(()),
    }
}

fn filament_for(
    gauge: &Gauge,
    spool: Option<u64>,
) -> Result<(FilamentIdentity, Vec<String>), ParamError> {
    let mut f = gauge.filament.clone();
    let mut warnings = Vec::new();
    match spool {
        Some(id) if gauge.spools.is_empty() => f.spool_id = Some(id),
        Some(id) => {
            let s = gauge.spools.iter().find(|s| s.id == id).ok_or_else(|| {
                let ids: Vec<String> = gauge.spools.iter().map(|s| s.id.to_string()).collect();
                ParamError::new(
                    "spool",
                    id,
                    format!("this gauge set was made for spools {}", ids.join(", ")),
                )
            })?;
            f.spool_id = Some(s.id);
            f.lot_nr = s.lot_nr.clone();
        }
        None if gauge.spools.len() > 1 => {
            let ids: Vec<String> = gauge.spools.iter().map(|s| s.id.to_string()).collect();
            warnings.push(format!(
                "this set covers spools {}: add `spool` ID to say which one was printed",
                ids.join(", ")
            ));
        }
        None => {}
    }
    Ok((f, warnings))
}

/// A larger gap that moves worse than a smaller one is not physics: it is
/// a string or a blob in the gap, or a misread station.
fn plausibility(coupon: &GaugeCoupon, v: &[Verdict]) -> Vec<String> {
    let mut order: Vec<(u32, usize, Verdict)> = coupon
        .stations
        .iter()
        .zip(v)
        .enumerate()
        .map(|(i, (s, v))| (s.clearance_um, i, *v))
        .collect();
    order.sort();
    order
        .windows(2)
        .filter(|w| {
            (w[0].2.moves_freely() && w[1].2 < Verdict::Free)
                || (w[0].2 > w[1].2 && w[1].2 == Verdict::Fused)
        })
        .map(|w| {
            format!(
                "implausible: station {} ({}) is {} but the larger station {} ({}) is {}; clean the gap (strings, blobs, elephant's foot) and look again",
                w[0].1 + 1,
                Microns(w[0].0),
                w[0].2,
                w[1].1 + 1,
                Microns(w[1].0),
                w[1].2
            )
        })
        .collect()
}

fn range_warnings(coupon: &GaugeCoupon, r: &RecordResult) -> Vec<String> {
    let smallest = coupon.stations.iter().map(|s| s.clearance_um).min();
    match r.free_um {
        None => vec![format!(
            "no station moved freely: the result is recorded, but print a sweep with larger clearances ({} was the largest)",
            coupon
                .stations
                .iter()
                .map(|s| s.clearance_um)
                .max()
                .map_or("?".into(), |c| Microns(c).to_string())
        )],
        Some(f) if Some(f) == smallest => vec![format!(
            "the smallest station ({}) already moved freely: the true minimum may be lower; `gapgauge plan` will centre a finer sweep on it",
            Microns(f)
        )],
        Some(_) => Vec::new(),
    }
}

/// Quote a path for a POSIX shell only when it needs it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The `record` command line for a printed gauge, ready to fill in: the
/// card prints it (card.html) so nobody has to look up the flags.
/// Each `_` is one station's verdict, in station order.
///
/// ```
/// let line = gapgauge::calib::record::command_line("sets/petg", "pin", 3);
/// assert_eq!(line, "gapgauge record sets/petg --coupon pin --verdicts _,_,_");
/// ```
pub fn command_line(gauge: &str, coupon: &str, stations: usize) -> String {
    format!(
        "gapgauge record {} --coupon {coupon} --verdicts {}",
        shell_word(gauge),
        vec!["_"; stations].join(",")
    )
}

/// The short form: only the smallest clearance that moved freely.
pub fn command_line_free(gauge: &str, coupon: &str) -> String {
    format!(
        "gapgauge record {} --coupon {coupon} --free 0.__",
        shell_word(gauge)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calib::gauge::GaugeStation;
    use std::path::PathBuf;

    fn gauge() -> Gauge {
        let stations = [250, 300, 350, 400, 450]
            .map(|c| GaugeStation {
                clearance_um: c,
                label: format!("{}", c / 10),
            })
            .to_vec();
        Gauge {
            described_by: PathBuf::from("sets/pla/manifest.json"),
            filament: FilamentIdentity {
                material: "pla".into(),
                ..Default::default()
            },
            spools: Vec::new(),
            printer: "generic-0.4".into(),
            nozzle_mm: 0.4,
            layer_height_mm: 0.2,
            first_layer_height_mm: 0.2,
            flow: 1.0,
            coupons: vec![GaugeCoupon {
                family: Family::PIN,
                joint: Joint::Rotating,
                stations,
                plan: None,
                file: "pin.stl".into(),
            }],
        }
    }

    fn input(free: Option<&str>, verdicts: Option<&str>) -> RecordInput {
        RecordInput {
            coupon: Some("pin".into()),
            free: free.map(Into::into),
            verdicts: verdicts.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn verdicts_give_the_smallest_free_and_moving_station() {
        let b = build(
            &gauge(),
            &input(None, Some("fused,stiff,free,free,loose")),
            "t",
        )
        .unwrap();
        assert_eq!(b.record.result.free_um, Some(350));
        assert_eq!(b.record.result.moves_um, Some(300));
        assert!(b.warnings.is_empty(), "{:?}", b.warnings);
        assert_eq!(b.record.stations[0].verdict, Some(Verdict::Fused));
    }

    #[test]
    fn bad_input_names_the_flag_and_the_limit() {
        let g = gauge();
        let e = build(&g, &input(Some("0.33"), None), "t").unwrap_err();
        assert_eq!(e.param, "free");
        assert!(e.limit.contains("0.25, 0.30, 0.35"), "{e}");
        let e = build(&g, &input(None, Some("fused,free")), "t").unwrap_err();
        assert!(
            e.param == "verdicts" && e.limit.contains("5 stations"),
            "{e}"
        );
        let e = build(&g, &input(None, Some("fused,stiff,free,free,wobbly")), "t").unwrap_err();
        assert_eq!(e.param, "verdicts (value 5)");
        let mut i = input(Some("0.35"), None);
        i.coupon = Some("gear".into());
        assert!(
            build(&g, &i, "t")
                .unwrap_err()
                .limit
                .contains("unknown coupon")
        );
        i.coupon = Some("hinge".into());
        assert!(build(&g, &i, "t").unwrap_err().limit.contains("holds pin"));
        let e = build(
            &g,
            &input(Some("0.30"), Some("fused,stiff,free,free,loose")),
            "t",
        )
        .unwrap_err();
        assert!(e.limit.contains("disagrees"), "{e}");
        let mut i = input(Some("0.30"), None);
        i.moves = Some("0.40".into());
        assert_eq!(build(&g, &i, "t").unwrap_err().param, "moves");
        let mut i = input(Some("0.30"), None);
        i.material = Some("unobtainium".into());
        assert_eq!(build(&g, &i, "t").unwrap_err().param, "material");
        i.material = Some("petg".into());
        let b = build(&g, &i, "t").unwrap();
        assert_eq!(b.record.filament.material, "petg");
        assert!(
            b.warnings[0].contains("planned for pla"),
            "{:?}",
            b.warnings
        );
    }

    #[test]
    fn a_free_station_below_a_fused_one_is_flagged() {
        let b = build(
            &gauge(),
            &input(None, Some("fused,free,fused,free,free")),
            "t",
        )
        .unwrap();
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        assert!(b.warnings[0].contains("clean the gap"), "{}", b.warnings[0]);
        let b = build(
            &gauge(),
            &input(None, Some("fused,stiff,stiff,free,loose")),
            "t",
        )
        .unwrap();
        assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    }

    #[test]
    fn command_lines_quote_only_when_needed() {
        assert_eq!(
            command_line("my sets/pla", "hinge", 2),
            "gapgauge record 'my sets/pla' --coupon hinge --verdicts _,_"
        );
        assert!(command_line_free("a", "pin").ends_with("--free 0.__"));
    }
}
