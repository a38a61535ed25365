//! `gapgauge check FILE.stl`: validate every part of any STL and measure
//! the gaps between parts.
//!
//! Exit codes: 0 clean; 1 a part has defects or a gap is too small; 2 the
//! file cannot be read or a flag is out of range.

use crate::check::{
    CheckOptions, CheckReport, DEFAULT_DEFECTS_LISTED, DEFAULT_GAP_SEARCH_MM, MinGap, check_mesh,
};
use crate::cli::exit;
use crate::plan::{Joint, Outcome, PlanInput};
use crate::preset::{Material, Printer};
use crate::stl_read::read_stl_file;
use anyhow::Context;
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Version tag of the `--json` output; bumped on any incompatible change.
pub const JSON_SCHEMA: &str = "gapgauge.check/1";

/// Flags of `gapgauge check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The STL file (binary or ASCII).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Flag gaps below the planner's minimum for this filament (a built-in
    /// material or a TOML file): the smallest clearance every published
    /// rule accepts, i.e. the plan's first "target" station. Use with
    /// --joint, --printer, --nozzle, --layer-height. --min-gap wins.
    #[arg(long, short, value_name = "NAME|FILE")]
    pub material: Option<String>,
    /// Joint the model's gaps stand for (with --material): sliding,
    /// rotating, hinge, snap-fit, multi-axis or slit.
    #[arg(long, short, default_value = "rotating")]
    pub joint: Joint,
    /// Printer preset or file (with --material).
    #[arg(long, default_value = "generic-0.4", value_name = "NAME|FILE")]
    pub printer: String,
    /// Nozzle diameter in mm (with --material; default: the printer's).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub nozzle: Option<f64>,
    /// Layer height in mm (with --material; default: the printer's).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub layer_height: Option<f64>,
    /// Flag pairs of parts closer than this many mm. Without it (or
    /// --material), only touching or overlapping parts (gap 0) are flagged.
    #[arg(long, value_name = "MM", value_parser = parse_min_gap, allow_negative_numbers = true)]
    pub min_gap: Option<f64>,
    /// Measure pairs of parts whose bounding boxes are within this many mm;
    /// farther pairs are not listed.
    #[arg(long, value_name = "MM", default_value_t = DEFAULT_GAP_SEARCH_MM,
          value_parser = parse_search, allow_negative_numbers = true)]
    pub gap_search: f64,
    /// List at most this many defects per part (all are counted).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEFECTS_LISTED,
          allow_negative_numbers = true)]
    pub max_defects: usize,
    /// Print the report as JSON (schema in docs/check.md).
    #[arg(long)]
    pub json: bool,
}

/// Largest gap length accepted on the command line (mm): larger values
/// are typos (a coupon is a few cm across).
const MAX_GAP_MM: f64 = 100.0;

fn parse_mm(s: &str, flag: &str, allow_zero: bool) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{flag} = {s}: not a number of millimetres"))?;
    let low_ok = if allow_zero { v >= 0.0 } else { v > 0.0 };
    if !v.is_finite() || !low_ok || v > MAX_GAP_MM {
        let low = if allow_zero { "0 <= " } else { "0 < " };
        return Err(format!(
            "{flag} = {s}: must be {low}value <= {MAX_GAP_MM} mm"
        ));
    }
    Ok(v)
}

fn parse_min_gap(s: &str) -> Result<f64, String> {
    parse_mm(s, "--min-gap", true)
}

fn parse_search(s: &str) -> Result<f64, String> {
    parse_mm(s, "--gap-search", false)
}

/// The minimum gap to enforce and where it comes from: `--min-gap`, else
/// the planner's minimum for `--material` (the plan's first station that
/// meets every rule's estimate), else none.
fn min_gap(args: &CheckArgs) -> anyhow::Result<Option<MinGap>> {
    // Loaded before --min-gap is looked at: a material the user names is
    // refused when unknown, never silently ignored.
    let material = args.material.as_deref().map(Material::load).transpose()?;
    if let Some(mm) = args.min_gap {
        return Ok(Some(MinGap {
            mm,
            source: "--min-gap".into(),
        }));
    }
    let Some(material) = material else {
        return Ok(None);
    };
    let printer =
        Printer::load(&args.printer)?.overridden(args.nozzle, None, args.layer_height, None);
    let flags = crate::cli::flags::GivenFlags {
        available: &["--nozzle", "--layer-height"],
        given: [
            ("--nozzle", args.nozzle),
            ("--layer-height", args.layer_height),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.map(|_| f))
        .collect(),
        printer: &args.printer,
    };
    let plan = PlanInput::new(material, &printer, args.joint)
        .plan()
        .map_err(|e| flags.name(e))?;
    let lowest_rule_minimum = plan
        .estimates
        .iter()
        .map(|e| e.low)
        .max()
        .unwrap_or(plan.floor);
    let target = plan
        .stations
        .iter()
        .find(|s| s.expected == Outcome::Target)
        .map_or(lowest_rule_minimum, |s| s.clearance);
    Ok(Some(MinGap {
        mm: target.mm(),
        source: format!("planner: {}", plan.summary()),
    }))
}

/// The `--json` document: the report plus the file and a verdict.
#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    file: String,
    ok: bool,
    defective_parts: usize,
    small_gaps: usize,
    #[serde(flatten)]
    report: &'a CheckReport,
}

/// Run `gapgauge check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let mesh = read_stl_file(&args.file)?;
    let opts = CheckOptions {
        gap_search_mm: args.gap_search,
        min_gap: min_gap(args)?,
        defects_listed: args.max_defects,
    };
    let report = check_mesh(&mesh, &opts);
    let file = args.file.display().to_string();
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = JsonReport {
            schema: JSON_SCHEMA,
            file,
            ok: report.is_clean(),
            defective_parts: report.defective_parts(),
            small_gaps: report.small_gaps(),
            report: &report,
        };
        // Serialise first, then write: a closed pipe then surfaces as a
        // plain io::Error, which main recognises and exits quietly on.
        let text = serde_json::to_string_pretty(&doc).context("serialising the JSON report")?;
        writeln!(out, "{text}")?;
    } else {
        out.write_all(render_table(&file, &report).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::from(if report.is_clean() {
        exit::OK
    } else {
        exit::FINDINGS
    }))
}

fn fmt_point(p: &[f64; 3]) -> String {
    format!("({:.4}, {:.4}, {:.4})", p[0], p[1], p[2])
}

/// The human-readable report.
pub fn render_table(file: &str, r: &CheckReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{file}: {} triangles, {} vertices, {} part{}",
        r.triangles,
        r.vertices,
        r.parts.len(),
        if r.parts.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(s, "\nparts");
    let _ = writeln!(
        s,
        "  {:>4}  {:>10}  {:>6}  {:>14}  {:>7}",
        "part", "triangles", "shells", "volume mm3", "defects"
    );
    for p in &r.parts {
        let _ = writeln!(
            s,
            "  {:>4}  {:>10}  {:>6}  {:>14.4}  {:>7}",
            p.part, p.triangles, p.shells, p.volume_mm3, p.defect_count
        );
    }
    for p in r.parts.iter().filter(|p| p.defect_count > 0) {
        let _ = writeln!(
            s,
            "\n  part {}: {} defect{}{}",
            p.part,
            p.defect_count,
            if p.defect_count == 1 { "" } else { "s" },
            if p.defects.len() < p.defect_count {
                format!(" (first {} listed)", p.defects.len())
            } else {
                String::new()
            }
        );
        for d in &p.defects {
            let _ = writeln!(s, "    - {}", d.message);
        }
    }
    let limit = match &r.min_gap {
        Some(m) => format!("minimum {:.4} mm from {}", m.mm, m.source),
        None => "no minimum given: only touching parts are flagged".to_string(),
    };
    let _ = writeln!(
        s,
        "\ngaps between parts within {} mm ({limit})",
        r.gap_search_mm
    );
    if r.gaps.is_empty() {
        let _ = writeln!(s, "  none");
    } else {
        let _ = writeln!(
            s,
            "  {:>9}  {:>11}  {:<32}  {:<32}  flag",
            "parts", "distance mm", "closest point on A", "closest point on B"
        );
        for g in &r.gaps {
            let flag = match (g.too_small, g.distance_mm == 0.0) {
                (true, true) => "TOUCHING",
                (true, false) => "TOO SMALL",
                (false, _) => "ok",
            };
            let _ = writeln!(
                s,
                "  {:>9}  {:>11.4}  {:<32}  {:<32}  {flag}",
                format!("{}-{}", g.part_a, g.part_b),
                g.distance_mm,
                fmt_point(&g.point_a),
                fmt_point(&g.point_b)
            );
        }
    }
    let (dp, sg) = (r.defective_parts(), r.small_gaps());
    let _ = writeln!(
        s,
        "\n{}: {dp} defective part{}, {sg} gap{} too small",
        if r.is_clean() { "OK" } else { "FAIL" },
        if dp == 1 { "" } else { "s" },
        if sg == 1 { "" } else { "s" },
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_flags_are_validated() {
        assert_eq!(parse_min_gap("0.2"), Ok(0.2));
        assert_eq!(parse_min_gap("0"), Ok(0.0));
        let e = parse_min_gap("-0.1").unwrap_err();
        assert!(
            e.contains("--min-gap = -0.1") && e.contains("<= 100 mm"),
            "{e}"
        );
        assert!(parse_min_gap("nan").is_err() && parse_min_gap("abc").is_err());
        assert!(parse_search("0").unwrap_err().contains("--gap-search = 0"));
    }
}
