//! `gapgauge make`: build a coupon and write it as binary STL or 3MF.

use super::plan::{PlannerArgs, StageArgs};
use crate::atomic::write_atomic;
use crate::batch::layout::parse_bed;
use crate::calib::choice::{GaugeSweep, gauge_sweep};
use crate::cli::flags::{GivenFlags, as_flag};
use crate::cost::CostSummary;
use crate::coupon::bed::{TooBig, check_fits};
use crate::coupon::{Coupon, Family, PrintProfile};
use crate::error::ParamError;
use crate::output_format::OutputFormat;
use crate::plan::{Outcome, Plan};
use crate::preset::{Material, Printer};
use crate::render;
use crate::stl::{StlWriteError, write_stl};
use crate::sweep;
use crate::threemf::{Plate, ThreeMfError, write_3mf};
use crate::units::Microns;
use anyhow::Context;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Long help for `gapgauge make --help`: coarse, then fine.
pub const LONG_ABOUT: &str = "\
Build a gauge and write it as binary STL (or 3MF).

With no --clearances or --sweep the planner picks the sweep for your \
filament and printer, and the report says how long it takes to print. \
To spend less printer time, go coarse, then fine: `make COUPON --quick` \
prints 4 or 5 stations 0.10 mm apart (a short first print); the first \
station that moves freely, C, then centres a fine gauge, `make COUPON \
--around C` (7 stations 0.025 apart). Record what it shows with \
`gapgauge record`; later gauges and `check` use it.";

/// Which coupon to make.
#[derive(Debug, Args)]
pub struct MakeArgs {
    /// The coupon family.
    #[command(subcommand)]
    pub coupon: MakeCoupon,
}

/// The coupon to make and its flags: one subcommand per registered coupon
/// ([`crate::coupon::registry`]), each with the same [`CouponArgs`] and
/// its entry's description as help.
#[derive(Debug)]
pub struct MakeCoupon {
    /// Which coupon.
    pub family: Family,
    /// Its flags.
    pub args: CouponArgs,
}

impl clap::FromArgMatches for MakeCoupon {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let family = Family::from_name(name).ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("unknown coupon `{name}`; known: {}\n", Family::names()),
            )
        })?;
        Ok(MakeCoupon {
            family,
            args: CouponArgs::from_arg_matches(sub)?,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for MakeCoupon {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        Family::ALL.iter().fold(cmd, |cmd, family| {
            // A one-paragraph help line reads without its final stop, as
            // clap shows doc comments.
            let about = family.entry().about.trim_end_matches('.');
            cmd.subcommand(CouponArgs::augment_args(clap::Command::new(family.name())).about(about))
        })
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        Family::from_name(name).is_some()
    }
}

/// The clearance sweep of a coupon.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct SweepArgs {
    /// Clearances per side in mm, in order along +X: 0.15,0.2,0.25.
    /// Per side means the gap between one face and the face opposite (the
    /// radial gap for a pin in a bore); the diametral gap is twice that.
    #[arg(
        long,
        value_name = "MM,MM,...",
        allow_hyphen_values = true,
        conflicts_with_all = ["quick", "around"]
    )]
    pub clearances: Option<String>,
    /// A sweep START:END:STEP in mm per side, END included: 0.10:0.50:0.05.
    #[arg(
        long,
        value_name = "START:END:STEP",
        allow_hyphen_values = true,
        conflicts_with_all = ["quick", "around"]
    )]
    pub sweep: Option<String>,
}

/// Printer settings that shape the geometry.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Filament: a built-in material (pla, pla-plus, silk-pla, petg, abs,
    /// asa, tpu, pa-cf; see `gapgauge presets`) or a TOML file. Picks the
    /// sweep when no --clearances or --sweep is given.
    #[arg(long, short, default_value = "pla", value_name = "NAME|FILE")]
    pub material: String,
    /// Printer: a built-in profile (generic-0.4, prusa-mk4, ...) or a TOML
    /// file. Supplies nozzle, line width and layer heights; the flags below
    /// override it.
    #[arg(long, default_value = "generic-0.4", value_name = "NAME|FILE")]
    pub printer: String,
    /// Nozzle diameter in mm (default: the printer's).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub nozzle: Option<f64>,
    /// Layer height in mm (default: the printer's). Every horizontal air gap
    /// is a whole number of layers, so use the height you will print the
    /// real part with.
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub layer_height: Option<f64>,
    /// First-layer height in mm (default: the printer's, else the layer
    /// height).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub first_layer_height: Option<f64>,
    /// Largest distance between a true circle and its polygon, in mm.
    /// Pins are inscribed and bores circumscribed, so faceting never eats
    /// the gap; a smaller value only gives smoother, larger files. The pin
    /// gauge keeps facet edges of at least 0.55 mm even so: slicers merge
    /// shorter ones and the printed gap would lose up to 0.03 mm.
    #[arg(
        long,
        default_value_t = 0.01,
        value_name = "MM",
        allow_negative_numbers = true
    )]
    pub chord_tolerance: f64,
}

/// Arguments shared by every coupon.
#[derive(Debug, Args)]
pub struct CouponArgs {
    /// The clearances to test.
    #[command(flatten)]
    pub sweep: SweepArgs,
    /// Printer settings.
    #[command(flatten)]
    pub profile: ProfileArgs,
    /// The planner's other inputs, as `gapgauge plan` takes them.
    #[command(flatten)]
    pub planner: PlannerArgs,
    /// Coarse, then fine: a quick first gauge, or a fine one around a value.
    #[command(flatten)]
    pub stage: StageArgs,
    /// Bed size WIDTHxDEPTH in mm (default: the printer's; generic
    /// printers name none, and then the size is not checked). A coupon
    /// that fits neither way round is refused before anything is written.
    #[arg(long, value_name = "WxD", allow_hyphen_values = true)]
    pub bed: Option<String>,
    /// Output file, .stl or .3mf (the extension decides the format), or
    /// `-` for standard output (the report then goes to standard error;
    /// --format picks the format). Default: COUPON-gauge.stl, or .3mf with
    /// --format 3mf. A 3MF carries the layer heights the gauge was built
    /// for and keeps its parts together as one named object. Written
    /// atomically: an existing file is replaced only once the new one is
    /// complete, and only a regular file is ever replaced (a directory,
    /// FIFO or device at FILE is refused). The file is the product: once it
    /// is written, a report that cannot be printed (a full disk behind `>`)
    /// is a warning and the exit code stays 0.
    #[arg(short, long, value_name = "FILE|-")]
    pub output: Option<PathBuf>,
    /// File format where -o gives no file name to decide it: stl or 3mf.
    /// With -o, it must agree with the extension.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// Print a JSON summary (file, parts, stations with what each is
    /// expected to do, and the plan when the planner chose them) instead of
    /// the table.
    #[arg(long)]
    pub json: bool,
    /// Also draw the coupon as a PNG picture: a shaded view from the
    /// front-left and above in which the station labels can be read. Drawn
    /// on the CPU, the same bytes on every run; written atomically.
    #[arg(long, value_name = "FILE.png")]
    pub preview: Option<PathBuf>,
    /// Width of the --preview picture in pixels (16 to 4096); its height
    /// follows the coupon's shape.
    #[arg(long, value_name = "PX", default_value_t = render::PREVIEW_WIDTH, requires = "preview")]
    pub preview_width: u32,
}

impl SweepArgs {
    /// The clearances given on the command line, parsed exactly; `None`
    /// when the planner should choose.
    pub fn given(&self) -> Result<Option<Vec<Microns>>, crate::error::ParamError> {
        match (&self.clearances, &self.sweep) {
            (Some(list), _) => sweep::parse_list(list)
                .map(Some)
                .map_err(|e| as_flag(e, "clearances", "--clearances")),
            (None, Some(s)) => sweep::parse_sweep(s)
                .map(Some)
                .map_err(|e| as_flag(e, "sweep", "--sweep")),
            (None, None) => Ok(None),
        }
    }
}

impl ProfileArgs {
    /// The printer preset with the explicit flags applied.
    pub fn printer(&self) -> anyhow::Result<Printer> {
        let p = Printer::load(&self.printer)?.overridden(
            self.nozzle,
            None,
            self.layer_height,
            self.first_layer_height,
        );
        Ok(p)
    }

    /// The settings flags of `make`, and which the user passed.
    fn flags(&self) -> GivenFlags<'_> {
        GivenFlags::from_options(
            &[
                "--nozzle",
                "--layer-height",
                "--first-layer-height",
                "--chord-tolerance",
                "--flow",
            ],
            // Flags with a default always apply.
            &["--chord-tolerance", "--flow"],
            &[
                ("--nozzle", self.nozzle),
                ("--layer-height", self.layer_height),
                ("--first-layer-height", self.first_layer_height),
            ],
            &self.printer,
        )
    }

    /// The validated print profile for `printer`; errors name the flag.
    pub fn profile(&self, printer: &Printer) -> Result<PrintProfile, crate::error::ParamError> {
        PrintProfile::for_printer(printer, self.chord_tolerance).map_err(|e| self.flags().name(e))
    }

    /// The clearances (the ones given, or the planner's sweep for this
    /// coupon's joint, material and printer) and the plan that judges
    /// them ([`gauge_sweep`] decides), with the validated profile and the
    /// printer. The material is loaded even when clearances are given, so
    /// an unknown one is refused, never ignored.
    pub fn sweep(
        &self,
        coupon: Family,
        given: &SweepArgs,
        planner: &PlannerArgs,
        stage: &StageArgs,
    ) -> anyhow::Result<(GaugeSweep, PrintProfile, Printer)> {
        let printer = self.printer()?;
        let profile = self.profile(&printer)?;
        let material = Material::load(&self.material)?;
        let given = given.given()?;
        let stage = stage.stage()?;
        let mut input = coupon.plan_input(material, &printer);
        planner.apply(&mut input);
        let sweep = gauge_sweep(&input, given, stage, &self.printer).map_err(|e| {
            match e.param.as_str() {
                "around" | "step" | "quick" => StageArgs::name(e),
                _ => self.flags().name(e),
            }
        })?;
        Ok((sweep, profile, printer))
    }
}

/// The bed to fit and where its size came from: `--bed`, else the
/// printer's, else none (not checked).
fn bed(a: &CouponArgs, printer: &Printer) -> anyhow::Result<Option<((f64, f64), String)>> {
    if let Some(text) = &a.bed {
        let size = parse_bed(text).map_err(|e| as_flag(e, "bed", "--bed"))?;
        return Ok(Some((size, format!("--bed {text}"))));
    }
    Ok(printer
        .bed_mm
        .map(|[w, d]| ((w, d), format!("printer {}", printer.name))))
}

/// A coupon too big for the bed, with the flags that are the ways out.
fn with_flags_out(e: TooBig) -> anyhow::Error {
    let bed = "--printer, or --bed WxD";
    match e.fits {
        0 => anyhow::anyhow!("{e}: {bed}"),
        _ => anyhow::anyhow!("{e}: a shorter --sweep or fewer --clearances, or {bed}"),
    }
}

/// Run `make`.
pub fn run(args: &MakeArgs) -> anyhow::Result<ExitCode> {
    let (family, a) = (args.coupon.family, &args.coupon.args);
    let (sweep, profile, printer) = a.profile.sweep(family, &a.sweep, &a.planner, &a.stage)?;
    for line in &sweep.ledger_notes {
        eprintln!("{line}");
    }
    let bed = bed(a, &printer)?;
    let grown = family.growth(&sweep.clearances, profile);
    // A refusal of the planner's sweep names clearances the user never
    // typed: say where they came from and how to get a coupon that builds.
    // A coupon that refuses a print setting names it as the user gave it.
    let built = family
        .build(sweep.clearances.clone(), profile)
        .map_err(|e| match e {
            crate::error::Error::Param(p) => {
                crate::error::Error::Param(a.profile.flags().name_setting(p))
            }
            e => e,
        });
    let coupon = match built {
        Err(e) if sweep.planned => {
            return Err(anyhow::Error::new(e).context(format!(
                "the planner's sweep {} does not build; give your own with --clearances or --sweep",
                sweep.plan.summary()
            )));
        }
        built => built?,
    };
    if let Some((size, from)) = &bed {
        check_fits(&coupon, *size, from).map_err(with_flags_out)?;
    }
    // A 3MF plate is centred on this bed (220 x 220 when none is known).
    let bed_size = bed.map_or((220.0, 220.0), |(size, _)| size);
    let estimator = crate::cost::Estimator::for_print(&printer, &sweep.plan.input.material);
    let made = Made {
        coupon: &coupon,
        sweep: &sweep,
        grown: &grown,
        family: family.name(),
        bed_size,
        estimator: &estimator,
    };
    finish(&made, a)
}

/// A built coupon and what `finish` needs to write and report it.
struct Made<'a> {
    coupon: &'a Coupon,
    sweep: &'a GaugeSweep,
    grown: &'a [String],
    family: &'a str,
    /// A 3MF plate is centred on this bed.
    bed_size: (f64, f64),
    /// Speeds and filament of the print-cost estimate.
    estimator: &'a crate::cost::Estimator,
}

/// Write the coupon and report what was written.
fn finish(made: &Made<'_>, a: &CouponArgs) -> anyhow::Result<ExitCode> {
    let Made {
        coupon,
        sweep,
        grown,
        family,
        bed_size,
        estimator,
    } = *made;
    let plan = sweep.chosen_by();
    let format = OutputFormat::resolve(a.output.as_deref(), a.format)?;
    let path = a
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{family}-gauge.{}", format.extension())));
    let to_stdout = path.as_os_str() == "-";
    // Drawn before anything is written, so a bad --preview-width leaves
    // no files behind.
    let preview = match &a.preview {
        Some(file) => {
            let picture = render::render_coupon(coupon, render::Size::Width(a.preview_width))
                .map_err(|e| ParamError::new("--preview-width", a.preview_width, e.limit))?;
            Some((file.as_path(), picture.image))
        }
        None => None,
    };
    // Estimated before anything is written: a failure leaves no file.
    let cost = estimator
        .summary(coupon)
        .context("cannot estimate the print cost")?;
    match format {
        OutputFormat::Stl if to_stdout => write_coupon_to_stdout(coupon, plan.map(Plan::summary))?,
        OutputFormat::Stl => write_coupon(coupon, &path, plan.map(Plan::summary))?,
        OutputFormat::ThreeMf => {
            // The filament is named only when it chose the sweep.
            let material = plan.map(|p| p.input.material.name.as_str());
            let mut plate = Plate::single(coupon, material, bed_size);
            plate.thumbnail = Some(render::coupon_png(coupon, render::THUMBNAIL_SIZE)?);
            if to_stdout {
                write_plate_to_stdout(&plate)?;
            } else {
                write_coupon_3mf(&plate, &path)?;
            }
        }
    }
    if !to_stdout {
        // The sidecar lets `gapgauge record` identify the printed STL later.
        let sidecar = crate::calib::gauge::sidecar_for(
            coupon,
            &path,
            &a.profile.printer,
            &sweep.plan,
            plan.is_some(),
        );
        // The STL is complete: a sidecar that cannot be written (a name at
        // the file-name limit, a read-only folder) is a warning, not a failure.
        if let Err(e) = crate::calib::gauge::write_sidecar(&path, &sidecar) {
            eprintln!(
                "warning: {} is complete, but its description for `gapgauge record` could not be written: {e}",
                path.display()
            );
        }
    }
    if let Some((file, image)) = &preview {
        write_png(file, image)?;
    }
    for s in coupon.stations.iter().filter(|s| s.control) {
        eprintln!(
            "note: station {} ({} mm) {}",
            s.index + 1,
            Microns(s.clearance_um),
            control_why(coupon)
        );
    }
    let shown = if to_stdout {
        Path::new("(standard output)")
    } else {
        &path
    };
    let picture = preview.as_ref().map(|(f, i)| (*f, i));
    let built = Built {
        coupon,
        sweep,
        grown,
        cost: &cost,
    };
    let report = report(&built, a.json, shown, picture, format);
    // The file is written: failing to print the report loses nothing, so it
    // is a warning, not a failure (a closed pipe stays silent).
    let printed = if to_stdout {
        std::io::stderr().lock().write_all(report.as_bytes())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(report.as_bytes()).and_then(|()| out.flush())
    };
    if let Err(e) = printed
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!(
            "warning: {} is complete, but the report could not be printed: {e}",
            shown.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Why a station of `coupon` is a control.
fn control_why(coupon: &Coupon) -> &'static str {
    match coupon.clearance_meaning() {
        crate::coupon::ClearanceMeaning::Vertical => {
            "is a control: PrusaSlicer's thick bridge (a strand one nozzle across) reaches that far down, so it is expected to fuse there"
        }
        _ => {
            "is below the slicer floor of 0.10 mm (PrusaSlicer closes narrower cracks): a control expected to fuse"
        }
    }
}

/// What was built, as the report describes it.
struct Built<'a> {
    coupon: &'a Coupon,
    sweep: &'a GaugeSweep,
    grown: &'a [String],
    cost: &'a CostSummary,
}

/// The table or JSON summary printed after a write.
fn report(
    built: &Built<'_>,
    json: bool,
    path: &Path,
    preview: Option<(&Path, &render::Image)>,
    format: OutputFormat,
) -> String {
    let Built {
        coupon,
        sweep,
        grown,
        cost,
    } = *built;
    let plan = sweep.chosen_by();
    let expected = sweep.expected();
    let mut out = Vec::new();
    if json {
        let mut v = summary(coupon, path);
        v["format"] = serde_json::to_value(format).unwrap_or_default();
        v["plan"] = serde_json::to_value(plan).unwrap_or_default();
        v["grown"] = serde_json::to_value(grown).unwrap_or_default();
        v["print_cost"] = serde_json::to_value(cost).unwrap_or_default();
        v["sweep_stage"] = sweep.stage.name().into();
        if let Some(next) = StageArgs::next_step(sweep.stage, coupon.kind) {
            v["next"] = next.into();
        }
        for (station, outcome) in v["stations"]
            .as_array_mut()
            .into_iter()
            .flatten()
            .zip(&expected)
        {
            station["expected"] = serde_json::to_value(outcome).unwrap_or_default();
        }
        if let Some((file, image)) = preview {
            v["preview"] = serde_json::json!({
                "file": file.display().to_string(), "width_px": image.width, "height_px": image.height,
            });
        }
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    } else {
        let _ = print_table(&mut out, coupon, path, &expected);
        let _ = writeln!(
            out,
            "print cost: {} of {} (estimated with {})",
            cost.short(),
            sweep.plan.input.material.name,
            cost.basis
        );
        for g in grown {
            let _ = writeln!(out, "grown: {g}");
        }
        if let Some((file, image)) = preview {
            let _ = writeln!(
                out,
                "wrote {}: picture, {} x {} px",
                file.display(),
                image.width,
                image.height
            );
        }
        let _ = writeln!(
            out,
            "after printing: {}",
            crate::calib::record::command_line_free(&path.display().to_string(), coupon.kind)
        );
        let _ = match plan {
            Some(p) => writeln!(
                out,
                "sweep chosen by the planner: {} (see `gapgauge plan` for the reasons)",
                p.summary()
            ),
            None => writeln!(
                out,
                "sweep as given; expected from the planner's estimates for {} {} (see `gapgauge plan`)",
                sweep.plan.input.material.name, sweep.plan.input.joint
            ),
        };
        let _ = writeln!(out, "expected: {}", super::plan::legend());
        if let Some(next) = StageArgs::next_step(sweep.stage, coupon.kind) {
            let _ = writeln!(out, "{next}");
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Write a coupon's STL to standard output, which must not be a terminal.
fn write_coupon_to_stdout(coupon: &Coupon, plan: Option<&str>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        anyhow::bail!(
            "-o - writes binary STL to standard output, which is a terminal; redirect it (> file.stl, | program) or give -o FILE"
        );
    }
    let mut lock = stdout.lock();
    let written = match write_stl(&mut lock, &coupon.merged_mesh(), &coupon.header_text(plan)) {
        // Kept an io::Error so a closed pipe is recognised and ends quietly.
        Err(StlWriteError::Io(e)) => Err(anyhow::Error::from(e)),
        r => r.map_err(anyhow::Error::from),
    };
    written.context("cannot write the STL to standard output")?;
    lock.flush()
        .context("cannot write the STL to standard output")?;
    Ok(())
}

/// Write a coupon's STL atomically.
pub fn write_coupon(coupon: &Coupon, path: &Path, plan: Option<&str>) -> anyhow::Result<()> {
    let mesh = coupon.merged_mesh();
    let header = coupon.header_text(plan);
    write_atomic::<StlWriteError>(path, |w| write_stl(w, &mesh, &header))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Write a picture as PNG, atomically.
pub fn write_png(path: &Path, image: &render::Image) -> anyhow::Result<()> {
    let bytes = render::encode::png(image);
    write_atomic::<std::io::Error>(path, |w| w.write_all(&bytes))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Write a 3MF plate to standard output, which must not be a terminal.
fn write_plate_to_stdout(plate: &Plate<'_>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        anyhow::bail!(
            "-o - writes a 3MF (a zip file) to standard output, which is a terminal; redirect it (> file.3mf, | program) or give -o FILE"
        );
    }
    let written = match write_3mf(stdout.lock(), plate) {
        // Kept an io::Error so a closed pipe is recognised and ends quietly.
        Err(ThreeMfError::Io(e)) => Err(anyhow::Error::from(e)),
        r => r.map_err(anyhow::Error::from),
    };
    written.context("cannot write the 3MF to standard output")
}

/// Write a coupon's 3MF plate atomically.
pub fn write_coupon_3mf(plate: &Plate<'_>, path: &Path) -> anyhow::Result<()> {
    write_atomic::<ThreeMfError>(path, |w| write_3mf(w, plate))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The JSON summary of a written coupon.
pub fn summary(coupon: &Coupon, path: &Path) -> serde_json::Value {
    let bb = coupon.bbox();
    serde_json::json!({
        "file": path.display().to_string(),
        "coupon": coupon.kind,
        "clearance_is": coupon.clearance_meaning().sentence(),
        "clearance_meaning": coupon.clearance_meaning(),
        "legend": coupon.legend,
        "legend_means": coupon.legend_info().explain(),
        "profile": coupon.profile,
        "parts": coupon.parts.iter().map(|p| {
            let b = p.mesh.bbox();
            serde_json::json!({
                "name": p.name, "triangles": p.mesh.triangle_count(), "volume_mm3": p.mesh.signed_volume(),
                "bbox_mm": { "min": [b.min.x, b.min.y, b.min.z], "max": [b.max.x, b.max.y, b.max.z] },
            })
        }).collect::<Vec<_>>(),
        "triangles": coupon.triangle_count(),
        "bbox_mm": { "min": [bb.min.x, bb.min.y, bb.min.z], "max": [bb.max.x, bb.max.y, bb.max.z] },
        "stations": coupon.stations,
    })
}

fn print_table(
    out: &mut impl Write,
    coupon: &Coupon,
    path: &Path,
    expected: &[Outcome],
) -> std::io::Result<()> {
    let bb = coupon.bbox();
    let size = bb.size();
    writeln!(
        out,
        "wrote {}: {} coupon, {} stations, {} parts, {} triangles, {:.1} x {:.1} x {:.1} mm",
        path.display(),
        coupon.kind,
        coupon.stations.len(),
        coupon.parts.len(),
        coupon.triangle_count(),
        size.x,
        size.y,
        size.z
    )?;
    writeln!(out, "{}", coupon.legend_info().explain())?;
    writeln!(
        out,
        "{:>7}  {:>5}  {:>13}  {:>8}  expected",
        "station", "label", "clearance mm", "x mm"
    )?;
    let control = match coupon.clearance_meaning() {
        crate::coupon::ClearanceMeaning::Vertical => {
            " (control: a thick bridge reaches it)".to_string()
        }
        _ => format!(
            " (control: below the slicer floor {})",
            crate::plan::SLICER_FLOOR
        ),
    };
    for (s, outcome) in coupon.stations.iter().zip(expected) {
        writeln!(
            out,
            "{:>7}  {:>5}  {:>13}  {:>8.2}  {}{}",
            s.index + 1,
            s.label,
            Microns(s.clearance_um).to_string(),
            s.position[0],
            outcome.label(),
            if s.control { control.as_str() } else { "" }
        )?;
    }
    Ok(())
}
