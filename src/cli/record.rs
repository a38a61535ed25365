//! `gapgauge record`: a printed gauge's result into the ledger.

use crate::calib::{clock, gauge, ledger, record};
use crate::cli::flags::{as_flag, flags_in};
use crate::units::Microns;
use anyhow::Context;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Long help for `gapgauge record --help`.
pub const LONG_ABOUT: &str = "\
Record what a printed gauge did, so `recommend`, `plan`, `make` and `check` \
can use it.

Work each station by hand (turn the pin, swing the tab, push the peg, look \
through the slit) after cleaning strings out of the gap, then give either \
the smallest clearance that moved freely (--free in mm: label 35 is 0.35; \
--moves for the smallest that moved at all) or one verdict per station in \
station order (--verdicts fused,stiff,free,free,loose). Values are checked \
against the gauge's own stations; nothing is written unless all are valid.

The result is appended to the ledger: --ledger FILE, else $GAPGAUGE_LEDGER, \
else $XDG_DATA_HOME/gapgauge/results.jsonl \
(~/.local/share/gapgauge/results.jsonl). One JSON object per line, never rewritten; safe with several \
processes recording at once.";

/// `gapgauge record` flags (see [`LONG_ABOUT`]).
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The printed gauge: a batch filament folder, its manifest.json, or an
    /// STL written by `make` (its NAME.gauge.json sidecar describes it).
    #[arg(value_name = "GAUGE")]
    pub gauge: PathBuf,
    /// Which coupon of the set: pin, hinge, slots or plugs (may be left out
    /// when the gauge has one coupon).
    #[arg(long, short, value_name = "COUPON")]
    pub coupon: Option<String>,
    /// Smallest clearance that moved freely, in mm (label 35 = 0.35 mm;
    /// RX.001 labels: 325 = 0.325 mm).
    #[arg(long, value_name = "MM")]
    pub free: Option<String>,
    /// Smallest clearance that moved at all (stiff or free), in mm.
    #[arg(long, value_name = "MM", requires = "free")]
    pub moves: Option<String>,
    /// One verdict per station, in station order: fused, stiff, free or
    /// loose, comma-separated.
    #[arg(long, value_name = "V,V,...")]
    pub verdicts: Option<String>,
    /// Spoolman spool id of the spool printed (a set made from a Spoolman
    /// export lists its spools; with one spool it is filled in).
    #[arg(long, value_name = "ID")]
    pub spool: Option<u64>,
    /// Flow ratio printed with, if not the plan's (1.0 = 100 %).
    #[arg(long, value_name = "RATIO")]
    pub flow: Option<f64>,
    /// Free text kept with the record (slicer profile, fan, drying).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The material printed, when not the one the gauge was made for (a
    /// `make` with --sweep and no --material describes its gauge as pla).
    #[arg(long, short, value_name = "NAME|FILE")]
    pub material: Option<String>,
    /// Ledger file (default: $GAPGAUGE_LEDGER, else the XDG data folder).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Print the record as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The library's names for what the user said ([`record::RecordInput`]'s
/// fields) and the flags that say it.
const FLAGS: [(&str, &str); 7] = [
    ("coupon", "--coupon"),
    ("free", "--free"),
    ("moves", "--moves"),
    ("verdicts", "--verdicts"),
    ("spool", "--spool"),
    ("flow", "--flow"),
    ("material", "--material"),
];

/// A refusal of what the user said, named by the flags they typed.
fn named(e: crate::error::ParamError) -> crate::error::ParamError {
    FLAGS.iter().fold(e, |e, (p, f)| as_flag(e, p, f))
}

/// Run `gapgauge record`.
pub fn run(a: &RecordArgs) -> anyhow::Result<ExitCode> {
    let g = gauge::load(&a.gauge)?;
    let input = record::RecordInput {
        coupon: a.coupon.clone(),
        free: a.free.clone(),
        moves: a.moves.clone(),
        verdicts: a.verdicts.clone(),
        spool: a.spool,
        flow: a.flow,
        note: a.note.clone(),
        material: a.material.clone(),
    };
    let built = record::build(&g, &input, &clock::now_rfc3339()).map_err(named)?;
    let path = ledger::resolve(a.ledger.as_deref()).map_err(super::recommend::ledger_flag)?;
    ledger::append(&path, &built.record).context("the result was not recorded")?;
    for w in &built.warnings {
        let w = FLAGS.iter().fold(w.clone(), |w, (p, f)| flags_in(&w, p, f));
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&built.record)?)?;
    } else {
        write!(out, "{}", summary(&built.record, &path))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(r: &record::Record, ledger: &std::path::Path) -> String {
    let per_side = r.clearance_is == "per side";
    let free = match r.result.free_um {
        Some(f) if per_side => format!("{} mm per side (diametral {})", Microns(f), Microns(2 * f)),
        Some(f) => format!("{} mm {}", Microns(f), r.clearance_is),
        None => "none".into(),
    };
    let moves = r
        .result
        .moves_um
        .map_or("none".into(), |m| Microns(m).to_string());
    format!(
        "recorded {} {} ({}, {}, nozzle {:.2}, layer {:.2}): smallest free {free}, smallest moving {moves}\n\
         ledger: {}\n\
         next: gapgauge recommend --material {} --joint {}\n",
        r.filament.material,
        r.coupon,
        r.joint,
        r.printer,
        r.nozzle_mm,
        r.layer_height_mm,
        ledger.display(),
        r.filament.material,
        r.joint
    )
}
