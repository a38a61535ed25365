//! `gapgauge recommend`: the clearance to design with, from the ledger.

use crate::calib::recommend::{Query, Recommendation, recommend};
use crate::calib::{clock, export, ledger};
use crate::cli::exit;
use crate::error::ParamError;
use crate::plan::Joint;
use crate::preset::Printer;
use crate::units::Microns;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Version tag of the `--json` output.
pub const JSON_SCHEMA: &str = "gapgauge.recommend/1";

/// Long help for `gapgauge recommend --help`.
pub const LONG_ABOUT: &str = "\
The clearance to design with, from the gauges you recorded.

Matches recorded results on material, joint, nozzle and layer height (and \
printer, with --printer) and prints the clearance per side with the \
diametral value beside it, and the evidence: which ledger lines, how many, \
how old, how far apart. When nothing matches exactly it carries the nearest \
result over and says how (another layer height through the layer formula; \
another printer with the same nozzle unchanged; hinge <-> rotating \
unchanged). When nothing can be carried it exits 1 and says what would \
match.

--format writes the number for your CAD or inventory: bosl2 ($slop, per \
side), openscad (one variable per joint), spoolman (the filament's extra \
fields, e.g. {\"pip_rotating_mm\": \"0.35\"}).";

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `$slop = 0.35;` (needs one joint).
    Bosl2,
    /// `clearance_rotating = 0.35;` per joint.
    Openscad,
    /// Spoolman filament `extra` fields as JSON.
    Spoolman,
}

/// `gapgauge recommend` flags (see [`LONG_ABOUT`]).
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Material: a built-in name (pla, petg, ...) or a material TOML file
    /// (matched by the name inside it).
    #[arg(long, short, value_name = "NAME")]
    pub material: String,
    /// Printer the part will be printed on (preset name or file as
    /// recorded); its nozzle is used unless --nozzle is given.
    #[arg(long, short, value_name = "NAME|FILE")]
    pub printer: Option<String>,
    /// Nozzle diameter in mm (default: the printer's, else the newest
    /// record's).
    #[arg(long, value_name = "MM")]
    pub nozzle: Option<f64>,
    /// Joint: sliding, rotating, hinge, snap-fit, multi-axis or slit
    /// (default: every joint recorded for the material).
    #[arg(long, short)]
    pub joint: Option<Joint>,
    /// Layer height of the real part in mm (default: the newest record's).
    #[arg(long, value_name = "MM")]
    pub layer_height: Option<f64>,
    /// Write an export instead of the report.
    #[arg(long, value_enum, conflicts_with = "json")]
    pub format: Option<Format>,
    /// Print the report as JSON (schema gapgauge.recommend/1).
    #[arg(long)]
    pub json: bool,
    /// Ledger file (default: $GAPGAUGE_LEDGER, else the XDG data folder).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

fn check_mm(flag: &str, v: Option<f64>, max: f64) -> Result<Option<f64>, ParamError> {
    match v {
        Some(x) if !(x.is_finite() && x > 0.0 && x <= max) => Err(ParamError::new(
            flag,
            x,
            format!("must be > 0 and at most {max} mm"),
        )),
        other => Ok(other),
    }
}

/// The query the flags ask.
pub fn query(a: &RecommendArgs) -> anyhow::Result<Query> {
    let layer = check_mm("--layer-height", a.layer_height, 1.6)?;
    let mut nozzle = check_mm("--nozzle", a.nozzle, 2.0)?;
    if nozzle.is_none()
        && let Some(p) = &a.printer
    {
        // A printer recorded by a name gapgauge does not know still
        // matches by name; only a loadable preset supplies a nozzle.
        nozzle = Printer::load(p).ok().map(|p| p.nozzle_mm);
    }
    Ok(Query {
        material: crate::calib::gauge::material_name(&a.material),
        printer: a.printer.clone(),
        nozzle_mm: nozzle,
        joint: a.joint,
        layer_height_mm: layer,
    })
}

/// Run `gapgauge recommend`.
pub fn run(a: &RecommendArgs) -> anyhow::Result<ExitCode> {
    let q = query(a)?;
    let path = ledger::resolve(a.ledger.as_deref()).map_err(ledger_flag)?;
    let contents = ledger::read(&path)?;
    for w in ledger::corrupt_warnings(&path, &contents) {
        eprintln!("{w}");
    }
    let recs = match recommend(&contents.records, &q, clock::today_epoch_days()) {
        Ok(r) => r,
        Err(none) => {
            if a.json {
                let doc = serde_json::json!({
                    "schema": JSON_SCHEMA, "ledger": path.display().to_string(),
                    "recommendations": [], "no_match": none.0,
                });
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else {
                eprintln!("{}", none.0);
            }
            return Ok(ExitCode::from(exit::FINDINGS));
        }
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Some(Format::Bosl2) => {
            let [one] = recs.as_slice() else {
                let joints: Vec<&str> = recs.iter().map(|r| r.joint.name()).collect();
                anyhow::bail!(
                    "--format bosl2 gives one $slop: add --joint (recorded for {}: {})",
                    q.material,
                    joints.join(", ")
                );
            };
            write!(out, "{}", export::bosl2(one))?;
        }
        Some(Format::Openscad) => write!(out, "{}", export::openscad(&recs))?,
        Some(Format::Spoolman) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&export::spoolman(&recs))?
        )?,
        None if a.json => {
            let doc = serde_json::json!({
                "schema": JSON_SCHEMA,
                "ledger": path.display().to_string(),
                "recommendations": recs,
                "skipped_lines": contents.corrupt.iter().map(|c| serde_json::json!({"line": c.line, "error": c.error})).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        None => {
            for r in &recs {
                write!(out, "{}", render(r))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report for one joint.
pub fn render(r: &Recommendation) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let value = match r.diametral_um {
        Some(d) => format!(
            "{} mm per side (diametral {} mm: hole minus shaft)",
            r.clearance(),
            Microns(d)
        ),
        None => format!("{} mm {}", r.clearance(), r.clearance_is),
    };
    let _ = writeln!(
        s,
        "{} {}: {value}\n  for nozzle {:.2}, layer {:.2}{}{}",
        r.material,
        r.joint,
        r.nozzle_mm,
        r.layer_height_mm,
        r.printer
            .as_deref()
            .map_or(String::new(), |p| format!(", printer {p}")),
        if r.exact { "; exact match" } else { "" }
    );
    let spread = if r.evidence.len() > 1 {
        format!("; results {} apart", Microns(r.spread_um))
    } else {
        String::new()
    };
    let _ = writeln!(s, "  evidence: {}{spread}", r.evidence_line());
    for e in &r.evidence {
        let carried = if e.carried_um == e.free_um {
            String::new()
        } else {
            format!(" -> {}", Microns(e.carried_um))
        };
        let _ = writeln!(
            s,
            "    line {:>4}  {}  {:<6} {:<14} nozzle {:.2} layer {:.2}  free {}{carried}{}",
            e.line,
            e.recorded_at.get(..10).unwrap_or(&e.recorded_at),
            e.coupon,
            e.printer,
            e.nozzle_mm,
            e.layer_height_mm,
            Microns(e.free_um),
            e.spool_id
                .map_or(String::new(), |id| format!("  spool {id}"))
        );
    }
    for c in &r.carried_over {
        let _ = writeln!(s, "  carried over: {c}");
    }
    for a in &r.also {
        let _ = writeln!(s, "  also: {a}");
    }
    if r.spread_um > 50 {
        let _ = writeln!(
            s,
            "  note: the results disagree by more than 0.05; `gapgauge plan` now centres a fine sweep on {} to settle it",
            r.clearance()
        );
    }
    s
}
/// A ledger that cannot be placed, with the flag and the variable that
/// place it.
pub(super) fn ledger_flag(e: ledger::LedgerError) -> anyhow::Error {
    match e {
        ledger::LedgerError::NoHome => {
            anyhow::anyhow!("{e}: set --ledger FILE or {}", ledger::ENV)
        }
        e => e.into(),
    }
}
