//! `gapgauge batch`: a gauge set per filament.

use crate::batch::{self, BatchSpec, layout};
use crate::cli::flags::as_flag;
use crate::coupon::Family;
use crate::output_format::OutputFormat;
use crate::textfile::escape_controls as esc;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Long help for `gapgauge batch --help`: what a rerun keeps.
pub const LONG_ABOUT: &str = "\
Make one folder per filament: an STL and a PNG picture per coupon (its sweep \
planned for that filament), or with --format 3mf one 3MF plate holding every \
coupon, plus a manifest.json and a printable results card (card.html: open it \
in a browser, print on A4 or Letter, tick the boxes).

Reruns keep what you added. gapgauge replaces only its own files (the STLs or \
the 3MF, the pictures and manifest.json), each atomically; photos, notes and any \
other file in a folder are never touched. A card.html you edited is kept and the \
new card is written beside it as card.new.html (the run says so). A folder is never moved \
or replaced whole, so an interrupted run leaves every folder complete; the \
next run notices and regenerates. A file at a folder's path is refused, \
never moved. Two batches into one --out-dir take turns per folder.";

/// `gapgauge batch` flags (see [`LONG_ABOUT`]).
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Filaments: built-in material names (pla, petg, ...), filament TOML
    /// files (brand, name, material, optional printer/nozzle/layer_height/
    /// first_layer_height overrides, notes), or a batch file listing
    /// several under `[[filament]]`.
    #[arg(required_unless_present = "spoolman_export", value_name = "FILAMENT")]
    pub filaments: Vec<String>,
    /// A Spoolman spool export (JSON or CSV, as /api/v1/export/spools
    /// writes it): one gauge set per distinct filament, its material mapped
    /// to a preset (spools whose material maps to none are reported and
    /// fail); the sets keep the spool ids for `gapgauge record`. Archived
    /// spools are skipped.
    #[arg(long, value_name = "FILE")]
    pub spoolman_export: Option<PathBuf>,
    /// Folder to write the sets into (one sub-folder per filament).
    #[arg(long, short, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Coupons in each set, comma-separated, each at most once.
    #[arg(long, value_delimiter = ',', default_values_t = Family::batch_default())]
    pub coupons: Vec<Family>,
    /// Printer preset or file for filaments that name none.
    #[arg(long, default_value = "generic-0.4", value_name = "NAME|FILE")]
    pub printer: String,
    /// Bed size WIDTHxDEPTH in mm (default: the printer's, else 220x220).
    /// Each set's coupons are arranged to fit it without overlapping.
    #[arg(long, value_name = "WxD", allow_hyphen_values = true)]
    pub bed: Option<String>,
    /// File format: stl (one file per coupon) or 3mf (one plate per
    /// filament: every coupon a named object at its place on the bed, its
    /// parts kept together, the layer heights and hole settings embedded
    /// for PrusaSlicer and OrcaSlicer / Bambu Studio).
    #[arg(long, value_name = "FORMAT", default_value = "stl")]
    pub format: OutputFormat,
    /// Largest circle-to-polygon distance in mm.
    #[arg(
        long,
        default_value_t = 0.01,
        value_name = "MM",
        allow_negative_numbers = true
    )]
    pub chord_tolerance: f64,
    /// Filaments made at once (default: the number of cores).
    #[arg(long, short, value_name = "N", allow_negative_numbers = true)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the per-filament results as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The closing line when some filaments failed: how many, and what the
/// user has (a failed filament leaves no folder).
fn failure_summary(failed: usize, total: usize) -> String {
    match (failed, total - failed) {
        (1, 0) => "the filament failed; nothing was written".to_string(),
        (_, 0) => format!("all {failed} filaments failed; nothing was written"),
        (_, 1) => format!("{failed} of {total} filaments failed; the other one is complete"),
        (_, ok) => format!("{failed} of {total} filaments failed; the other {ok} are complete"),
    }
}

/// Run `batch`.
pub fn run(a: &BatchArgs) -> anyhow::Result<ExitCode> {
    let (spec, import) = spec(a)?;
    let total = ((a.filaments.len() + spec.entries.len()) * a.coupons.len()) as u64;
    let bar = progress_bar(a.quiet, total);
    // Tenths of a minute of printing made so far, for the bar's message.
    let tenths = std::sync::atomic::AtomicU64::new(0);
    let tick = |c: &crate::cost::CouponCost| {
        let t = (c.summary.minutes * 10.0).round() as u64;
        let so_far = tenths.fetch_add(t, std::sync::atomic::Ordering::Relaxed) + t;
        bar.set_message(format!(
            "{} of printing so far",
            crate::cost::duration(so_far as f64 / 10.0)
        ));
        bar.inc(1);
    };
    let mut reports = batch::run(&spec, &tick);
    reports.extend(unmapped_reports(&import, a.spoolman_export.as_deref()));
    bar.finish_and_clear();
    // Errors returned, not panics: a closed pipe ends quietly.
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json(&reports))?)?;
    } else {
        write_text(&mut out, &reports)?;
    }
    let failed = reports.iter().filter(|r| r.result.is_err()).count();
    if failed > 0 {
        eprintln!("error: {}", failure_summary(failed, reports.len()));
        return Ok(ExitCode::from(crate::cli::exit::ERROR));
    }
    Ok(ExitCode::SUCCESS)
}

/// The validated batch from the flags, and the Spoolman import (its
/// unmapped spools are reported as failures after the run).
fn spec(a: &BatchArgs) -> anyhow::Result<(BatchSpec, crate::calib::spoolman::Import)> {
    let bed = a
        .bed
        .as_deref()
        .map(|b| layout::parse_bed(b).map_err(|e| as_flag(e, "bed", "--bed")))
        .transpose()?;
    refuse_a_file_as_out_dir(&a.out_dir)?;
    check_coupons(&a.coupons)?;
    crate::limits::check_chord_tolerance(a.chord_tolerance)
        .map_err(|e| e.renamed("--chord-tolerance"))?;
    if a.jobs == Some(0) {
        anyhow::bail!("--jobs = 0: must be at least 1");
    }
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let import = match &a.spoolman_export {
        Some(p) => {
            let rows = crate::calib::spoolman::read_export(p).map_err(export_flag)?;
            crate::calib::spoolman::import(&rows, &p.display().to_string())
        }
        None => crate::calib::spoolman::Import::default(),
    };
    if !import.archived.is_empty() {
        let ids: Vec<String> = import.archived.iter().map(u64::to_string).collect();
        eprintln!("note: skipped archived spools {}", ids.join(", "));
    }
    let spec = BatchSpec {
        filaments: a.filaments.clone(),
        out_dir: a.out_dir.clone(),
        coupons: a.coupons.clone(),
        printer: a.printer.clone(),
        bed,
        chord_tolerance: a.chord_tolerance,
        format: a.format,
        jobs,
        entries: import.filaments.clone(),
    };
    Ok((spec, import))
}

/// `--coupons` names at least one coupon, each once.
fn check_coupons(coupons: &[Family]) -> anyhow::Result<()> {
    if coupons.is_empty() {
        anyhow::bail!("--coupons: name at least one coupon");
    }
    if let Some(dup) = coupons
        .iter()
        .enumerate()
        .find_map(|(i, c)| coupons[..i].contains(c).then_some(c))
    {
        anyhow::bail!(
            "--coupons = {}: lists {dup} twice; name each coupon once",
            coupons
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    Ok(())
}

/// A bar on a terminal counting `total` coupons, hidden when `quiet` or
/// when stderr is not a terminal.
fn progress_bar(quiet: bool, total: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(total);
    b.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} coupons  {elapsed}  {msg}")
            .expect("static template"),
    );
    b
}

/// The reports as `--json` prints them, one object per filament.
fn json(reports: &[batch::Report]) -> Vec<serde_json::Value> {
    reports
        .iter()
        .map(|r| match &r.result {
            Ok(d) => serde_json::json!({
                "filament": r.source, "ok": true, "folder": d.written.path.display().to_string(),
                "notes": d.written.notes, "print_cost": d.print_cost,
            }),
            Err(e) => {
                serde_json::json!({ "filament": r.source, "ok": false, "error": explain(e) })
            }
        })
        .collect()
}

/// The reports as text: an ok line (and notes) or a FAILED line per
/// filament, then the total over the sets made.
fn write_text(out: &mut impl Write, reports: &[batch::Report]) -> std::io::Result<()> {
    for r in reports {
        match &r.result {
            Ok(d) => {
                let w = &d.written;
                writeln!(
                    out,
                    "ok      {}: {} (print cost: {})",
                    esc(&r.source),
                    w.path.display(),
                    d.print_cost.summary.short()
                )?;
                for n in &w.notes {
                    writeln!(out, "        note: {}", esc(n))?;
                }
            }
            Err(e) => writeln!(out, "FAILED  {}: {}", esc(&r.source), esc(&explain(e)))?,
        }
    }
    if let Some(line) = total_line(reports) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// An export that cannot be read, named by the flag that gave it.
fn export_flag(e: crate::calib::spoolman::SpoolmanError) -> anyhow::Error {
    use crate::calib::spoolman::SpoolmanError;
    match e {
        SpoolmanError::Io { path, error } => {
            anyhow::anyhow!("--spoolman-export {path}: cannot read: {error}")
        }
        SpoolmanError::Format { path, what } => anyhow::anyhow!("--spoolman-export {path}: {what}"),
    }
}

/// Why a set failed, in the user's terms: a library parameter by its
/// flag, and the flags that are the way out when the coupons do not fit.
fn explain(e: &batch::SetError) -> String {
    use batch::layout::LayoutError;
    match e {
        batch::SetError::Setting { coupon, error } => {
            let named = as_flag(error.clone(), "chord_tolerance_mm", "--chord-tolerance");
            match coupon {
                Some(c) => format!("{c}: {named}"),
                None => named.to_string(),
            }
        }
        batch::SetError::Layout(l @ LayoutError::TooLarge { .. }) => {
            format!("{l}; give a larger bed (--bed WxD) or a printer with one (--printer)")
        }
        batch::SetError::Layout(l @ LayoutError::Full { .. }) => {
            format!("{l}; make fewer coupons per filament (--coupons)")
        }
        batch::SetError::Failed(why) => why.clone(),
    }
}

/// A file where `--out-dir` should be is refused here, by its flag, before
/// any work (the library refuses it too, naming it the output folder).
fn refuse_a_file_as_out_dir(out: &std::path::Path) -> anyhow::Result<()> {
    match std::fs::metadata(out) {
        Ok(m) if !m.is_dir() => anyhow::bail!(
            "--out-dir {} is {}, not a folder",
            out.display(),
            crate::atomic::describe(&m.file_type())
        ),
        _ => Ok(()),
    }
}

/// "all sets: 6 coupons, about 6 h 50 min, 52.6 g (...)" when more than
/// one set was made.
fn total_line(reports: &[batch::Report]) -> Option<String> {
    let done: Vec<&batch::Done> = reports
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .collect();
    if done.len() < 2 {
        return None;
    }
    let minutes: f64 = done.iter().map(|d| d.print_cost.summary.minutes).sum();
    let grams: f64 = done.iter().map(|d| d.print_cost.summary.grams).sum();
    let coupons: usize = done.iter().map(|d| d.print_cost.coupons).sum();
    Some(format!(
        "all {} sets: {coupons} coupons, about {} and {grams:.1} g of printing (estimated; each set's manifest says how)",
        done.len(),
        crate::cost::duration(minutes),
    ))
}

/// Spools whose Spoolman material maps to no preset, as failed filaments.
fn unmapped_reports(
    import: &crate::calib::spoolman::Import,
    file: Option<&std::path::Path>,
) -> Vec<batch::Report> {
    let file = file.map_or(String::new(), |f| f.display().to_string());
    let known = crate::preset::builtin_names(crate::preset::Kind::Material).join(", ");
    import
        .unmapped
        .iter()
        .map(|u| batch::Report {
            source: format!("{file} spool {}", u.spool),
            result: Err(batch::SetError::Failed(format!(
                "Spoolman material {:?} ({}) maps to no gapgauge material ({known}); no gauge made",
                u.material, u.filament
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::failure_summary;

    #[test]
    fn failure_summary_says_what_is_complete_only_when_something_is() {
        assert_eq!(
            failure_summary(1, 1),
            "the filament failed; nothing was written"
        );
        assert_eq!(
            failure_summary(3, 3),
            "all 3 filaments failed; nothing was written"
        );
        assert_eq!(
            failure_summary(1, 2),
            "1 of 2 filaments failed; the other one is complete"
        );
        assert_eq!(
            failure_summary(2, 5),
            "2 of 5 filaments failed; the other 3 are complete"
        );
    }
}
