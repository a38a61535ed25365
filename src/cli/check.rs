//! `gapgauge check FILE.stl`: validate every part of any STL and measure
//! the gaps between parts.
//!
//! Exit codes: 0 clean (warnings allowed); 1 a part has defects or a gap
//! is too small; 2 the file cannot be read or a flag is out of range.

use crate::calib::choice::check_minimum;
use crate::check::{
    CheckOptions, CheckReport, DEFAULT_DEFECTS_LISTED, DEFAULT_GAP_SEARCH_MM, DEFAULT_GAPS_LISTED,
    MinGap, check_mesh,
};
use crate::cli::exit;
use crate::error::ParamError;
use crate::limits;
use crate::plan::{Joint, PlanInput};
use crate::preset::{Material, Printer};
use crate::slice::LayerPlan;
use crate::stl_read::read_stl_file;
use anyhow::Context;
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Version tag of the `--json` output; bumped on any incompatible change.
pub const JSON_SCHEMA: &str = "gapgauge.check/2";

/// Printer preset used by `--material` when `--printer` is not given.
const DEFAULT_PRINTER: &str = "generic-0.4";

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
    /// Printer preset or file: its nozzle for --material, and its layer
    /// heights for the layer verdict (giving --printer turns it on).
    /// Default for --material: generic-0.4.
    #[arg(long, value_name = "NAME|FILE")]
    pub printer: Option<String>,
    /// Nozzle diameter in mm (with --material; default: the printer's).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub nozzle: Option<f64>,
    /// Layer height in mm. Turns on the layer verdict: every close pair
    /// is sliced as a slicer would, and decided on its smallest XY gap in
    /// any layer and on whether one part rests on the other's previous
    /// layer (the 3D gap stays in the report). Also used by --material.
    #[arg(long, value_name = "MM", value_parser = parse_layer, allow_negative_numbers = true)]
    pub layer_height: Option<f64>,
    /// First layer height in mm (default: the printer's, else the layer
    /// height). Turns on the layer verdict.
    #[arg(long, value_name = "MM", value_parser = parse_first_layer, allow_negative_numbers = true)]
    pub first_layer_height: Option<f64>,
    /// Flag pairs of parts closer than this many mm. Without it (or
    /// --material), only touching or overlapping parts (gap 0) are flagged.
    #[arg(long, value_name = "MM", value_parser = parse_min_gap, allow_negative_numbers = true)]
    pub min_gap: Option<f64>,
    /// Measure pairs of parts whose bounding boxes are within this many mm;
    /// farther pairs are not listed.
    #[arg(long, value_name = "MM", default_value_t = DEFAULT_GAP_SEARCH_MM,
          value_parser = parse_search, allow_negative_numbers = true)]
    pub gap_search: f64,
    /// List at most this many defects (and warnings) per part, most
    /// serious first (all are counted).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEFECTS_LISTED,
          allow_negative_numbers = true)]
    pub max_defects: usize,
    /// List at most this many gaps, flagged ones first (all are counted).
    /// The gaps are each part's nearest neighbour plus every pair under
    /// the limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAPS_LISTED,
          allow_negative_numbers = true)]
    pub max_gaps: usize,
    /// List every pair of parts within --gap-search, uncapped (may be a
    /// very long list on a crowded plate).
    #[arg(long)]
    pub all_pairs: bool,
    /// Print the report as JSON (schema in docs/check.md).
    #[arg(long)]
    pub json: bool,
    /// Results ledger (default: $GAPGAUGE_LEDGER, else the XDG data
    /// folder). With --material, a recorded result for the material, joint,
    /// nozzle and layer replaces the planner's minimum, and is named.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

/// A number of millimetres typed for `flag`.
fn parse_number(s: &str, flag: &str) -> Result<f64, String> {
    s.trim()
        .parse()
        .map_err(|_| ParamError::new(flag, s, "not a number of millimetres").to_string())
}

fn parse_min_gap(s: &str) -> Result<f64, String> {
    let v = parse_number(s, "--min-gap")?;
    limits::check_gap("--min-gap", v, true).map_err(|e| e.to_string())?;
    Ok(v)
}

fn parse_search(s: &str) -> Result<f64, String> {
    let v = parse_number(s, "--gap-search")?;
    limits::check_gap("--gap-search", v, false).map_err(|e| e.to_string())?;
    Ok(v)
}

fn parse_height(s: &str, flag: &str) -> Result<f64, String> {
    let v = parse_number(s, flag)?;
    limits::check_slice_layer(flag, v).map_err(|e| e.to_string())?;
    Ok(v)
}

fn parse_layer(s: &str) -> Result<f64, String> {
    parse_height(s, "--layer-height")
}

fn parse_first_layer(s: &str) -> Result<f64, String> {
    parse_height(s, "--first-layer-height")
}

/// The layer plan for the layer verdict: on when --layer-height,
/// --first-layer-height or --printer is given; heights from the flags,
/// else the printer's.
fn layer_plan(args: &CheckArgs) -> anyhow::Result<Option<LayerPlan>> {
    if args.layer_height.is_none() && args.first_layer_height.is_none() && args.printer.is_none() {
        return Ok(None);
    }
    let printer = Printer::load(args.printer.as_deref().unwrap_or(DEFAULT_PRINTER))?.overridden(
        args.nozzle,
        None,
        args.layer_height,
        args.first_layer_height,
    );
    let h = printer.layer_height_mm;
    let first = printer.first_layer_height_mm.unwrap_or(h);
    Ok(Some(LayerPlan::new(first, h)?))
}

/// The minimum gap to enforce and where it comes from: `--min-gap`, else
/// the minimum for `--material` ([`check_minimum`]: a recorded result,
/// else the planner's), else none.
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
    let printer_name = args.printer.as_deref().unwrap_or(DEFAULT_PRINTER);
    let printer =
        Printer::load(printer_name)?.overridden(args.nozzle, None, args.layer_height, None);
    let flags = crate::cli::flags::GivenFlags::from_options(
        &["--nozzle", "--layer-height"],
        &[],
        &[
            ("--nozzle", args.nozzle),
            ("--layer-height", args.layer_height),
        ],
        printer_name,
    );
    let plan = PlanInput::new(material, &printer, args.joint)
        .plan()
        .map_err(|e| flags.name(e))?;
    let (minimum, warnings) = check_minimum(&plan, args.ledger.as_deref(), printer_name);
    for w in warnings {
        eprintln!("{w}");
    }
    Ok(Some(minimum))
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
        gaps_listed: args.max_gaps,
        all_pairs: args.all_pairs,
        layers: layer_plan(args)?,
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
        "  {:>4}  {:>10}  {:>6}  {:>14}  {:>7}  {:>8}",
        "part", "triangles", "shells", "volume mm3", "defects", "warnings"
    );
    for p in &r.parts {
        let _ = writeln!(
            s,
            "  {:>4}  {:>10}  {:>6}  {:>14.4}  {:>7}  {:>8}",
            p.part, p.triangles, p.shells, p.volume_mm3, p.defect_count, p.warning_count
        );
    }
    for p in r
        .parts
        .iter()
        .filter(|p| p.defect_count + p.warning_count > 0)
    {
        list_findings(&mut s, p.part, "defect", p.defect_count, &p.defects);
        list_findings(&mut s, p.part, "warning", p.warning_count, &p.warnings);
    }
    let limit = match &r.min_gap {
        Some(m) => format!("minimum {:.4} mm from {}", m.mm, m.source),
        None => "no minimum given: only touching parts are flagged".to_string(),
    };
    let _ = writeln!(
        s,
        "\ngaps: each part's nearest neighbour within {} mm and every pair under the limit ({limit})",
        r.gap_search_mm
    );
    if let Some(plan) = &r.layers {
        let how = match &r.layer_error {
            None => "pairs within a layer height are decided on their XY gap per layer and on resting on each other".to_string(),
            Some(e) => format!("NOT worked out ({e}); every pair below is judged on its 3D gap"),
        };
        let _ = writeln!(
            s,
            "layer verdict: first layer {} mm, layers {} mm; {how}",
            plan.first(),
            plan.height()
        );
    }
    if r.gaps.is_empty() {
        let _ = writeln!(s, "  none");
    } else {
        let _ = writeln!(
            s,
            "  {:>9}  {:>11}  {:<32}  {:<32}  {:>10}  flag",
            "parts", "3D gap mm", "closest point on A", "closest point on B", "XY gap mm"
        );
        for g in &r.gaps {
            let _ = writeln!(
                s,
                "  {:>9}  {:>11.4}  {:<32}  {:<32}  {:>10}  {}",
                format!("{}-{}", g.part_a, g.part_b),
                g.distance_mm,
                fmt_point(&g.point_a),
                fmt_point(&g.point_b),
                xy_column(g),
                flag(g)
            );
        }
        if r.gaps.len() < r.gap_count {
            let _ = writeln!(
                s,
                "  ... {} of {} pairs listed (--max-gaps, --all-pairs)",
                r.gaps.len(),
                r.gap_count
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

/// "part 3: 12 defects (first 10 listed)" and the list.
fn list_findings(
    s: &mut String,
    part: usize,
    what: &str,
    count: usize,
    items: &[crate::check::DefectReport],
) {
    use std::fmt::Write as _;
    if count == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "\n  part {part}: {count} {what}{}{}",
        if count == 1 { "" } else { "s" },
        if items.len() < count {
            format!(" (first {} listed)", items.len())
        } else {
            String::new()
        }
    );
    for d in items {
        let _ = writeln!(s, "    - {}", d.message);
    }
}

/// The XY gap column: the layer verdict's smallest gap and its layer.
fn xy_column(g: &crate::check::GapReport) -> String {
    match g.layers.as_ref().and_then(|l| l.xy_gap_mm.zip(l.layer)) {
        Some((d, k)) => format!("{d:.4} L{k}"),
        None => "-".into(),
    }
}

/// The flag column: why a pair fails, or "ok".
fn flag(g: &crate::check::GapReport) -> String {
    if let Some(n) = g.nested {
        return format!("NESTED (part {n} inside the other's material)");
    }
    if let Some(r) = g.layers.as_ref().and_then(|l| l.rests_on.as_ref()) {
        return format!(
            "RESTS ON (part {} layer {} on part {}, {:.3} mm wide)",
            r.upper_part, r.layer, r.lower_part, r.width_mm
        );
    }
    match (g.too_small, g.distance_mm <= g.tolerance_mm) {
        (true, true) => "TOUCHING".into(),
        (true, false) => "TOO SMALL".into(),
        (false, _) => "ok".into(),
    }
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
