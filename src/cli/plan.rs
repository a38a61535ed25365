//! `gapgauge plan`: show the clearance sweep the planner picks and why.

use crate::cli::flags::GivenFlags;
use crate::error::ParamError;
use crate::plan::{Joint, Outcome, Plan, PlanInput, SizeClass, Stage, sources};
use crate::preset::{Material, Printer};
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;

/// Long help for `gapgauge plan --help`: what clearance per side means.
pub const LONG_ABOUT: &str = "\
Plan a clearance sweep from material, printer and joint.

Clearance here is always PER SIDE (per face): the air gap between one surface \
and the surface facing it, e.g. the radial gap between a pin and its bore. \
The hole is 2 x clearance wider than the pin. Published tables often give \
the diametral value; gapgauge converts them.

The published rules of thumb disagree, so the plan lists each rule's \
estimate with its source (a key explained in docs/sources.md), centres the sweep where they agree, spans where \
they disagree, and says what each station is expected to do. Print the \
coupon: the smallest clearance that moves freely is your number.

Coarse, then fine. A full sweep costs an hour or more of printing. \
--quick plans 4 or 5 stations 0.10 mm apart instead: a short first print \
that says roughly where the answer is. --around C then plans a fine sweep \
(7 stations, 0.025 apart, --step to change) centred on C, the first quick \
station that moved freely. `gapgauge make COUPON --quick` and \
`gapgauge make COUPON --around C` print them directly. Record the result \
(`gapgauge record`) and later plans centre a fine sweep on it by themselves.

The plan ends with the estimated print time and filament of the coupon \
`make` builds for it.";

/// `gapgauge plan` flags (see [`LONG_ABOUT`]).
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Material: a built-in name (`gapgauge presets`) or a TOML file path.
    #[arg(long, short, default_value = "pla")]
    pub material: String,

    /// Joint the coupon stands in for: sliding, rotating, hinge, snap-fit,
    /// multi-axis or slit.
    #[arg(long, short, default_value = "rotating")]
    pub joint: Joint,

    /// Printer: a built-in name or a TOML file path. Supplies nozzle, line
    /// width and layer heights; the flags below override it.
    #[arg(long, short, default_value = "generic-0.4")]
    pub printer: String,

    /// Nozzle diameter in mm. Changing it drops the printer's line width and
    /// first layer (they belonged to its nozzle) unless given as well.
    #[arg(long, allow_negative_numbers = true)]
    pub nozzle: Option<f64>,

    /// Extrusion line width in mm (default: printer's, or 1.125 x nozzle).
    #[arg(long, allow_negative_numbers = true)]
    pub line_width: Option<f64>,

    /// Layer height in mm. Print the coupon and the real part at the same
    /// layer height: the gaps that survive depend on it.
    #[arg(long, allow_negative_numbers = true)]
    pub layer_height: Option<f64>,

    /// First layer height in mm (default: printer's, or the layer height).
    #[arg(long, allow_negative_numbers = true)]
    pub first_layer_height: Option<f64>,

    /// Flow, chamber and part size.
    #[command(flatten)]
    pub planner: PlannerArgs,

    /// Quick or fine sweep.
    #[command(flatten)]
    pub stage: StageArgs,

    /// Print the plan as JSON (schema gapgauge.plan/1, lengths in integer
    /// micrometres, clearances per face).
    #[arg(long)]
    pub json: bool,

    /// Results ledger to refine from (default: $GAPGAUGE_LEDGER, else the
    /// XDG data folder). With a recorded result for this material, joint,
    /// nozzle and layer, the plan is a fine sweep (step 0.025) centred on it.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<std::path::PathBuf>,

    /// Ignore recorded results: plan from the published rules only.
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
}

/// Coarse, then fine: the sweep to plan when not the full one. Shared by
/// `plan` and `make`.
#[derive(Debug, clap::Args)]
pub struct StageArgs {
    /// A quick first gauge: 4 or 5 stations 0.10 mm apart over the
    /// planner's estimates instead of 7-9 finer ones, so the first answer
    /// costs a short print (the print cost line says how short). Then print
    /// a fine gauge around the first station that moves freely: --around C.
    #[arg(long, conflicts_with = "around")]
    pub quick: bool,

    /// A fine gauge centred on C mm (per side, as the coupon's labels
    /// mean it): 7 stations 0.025 apart (--step), kept between the slicer
    /// floor 0.10 and 0.99. C is the first station of a --quick gauge that
    /// moved freely. A result recorded with `gapgauge record` needs no
    /// --around: plan and make centre a fine sweep on it by themselves.
    #[arg(long, value_name = "C")]
    pub around: Option<String>,

    /// Step of the --around sweep in mm, 0.01 to 0.05 (default 0.025).
    #[arg(long, value_name = "MM", requires = "around")]
    pub step: Option<String>,
}

impl StageArgs {
    /// The sweep asked for, with --around and --step parsed exactly.
    pub fn stage(&self) -> Result<Stage, ParamError> {
        if let Some(c) = &self.around {
            let centre = crate::sweep::parse_mm("--around", c)?;
            let step = match &self.step {
                Some(s) => crate::sweep::parse_mm("--step", s)?,
                None => crate::plan::fine::FINE_STEP,
            };
            return Ok(Stage::Around { centre, step });
        }
        Ok(if self.quick {
            Stage::Quick
        } else {
            Stage::Full
        })
    }

    /// A library error about the stage (`around`, `step`, `quick`) named
    /// by its flag.
    pub fn name(mut e: ParamError) -> ParamError {
        let flag = match e.param.as_str() {
            "around" => "--around",
            "step" => {
                // The library says what a fine step is; the way to a
                // coarser sweep is the CLI's.
                e.limit += "; for coarser steps plan without --around or give --sweep";
                "--step"
            }
            "quick" => "--quick",
            _ => return e,
        };
        e.renamed(flag)
    }

    /// The line that says what this gauge is for and what to do next, for
    /// the `coupon` made (none for the full sweep).
    pub fn next_step(stage: Stage, coupon: &str) -> Option<String> {
        match stage {
            Stage::Full => None,
            Stage::Quick => Some(format!(
                "quick gauge: a first answer from a short print. Next: find the first station that moves freely, C, and print the fine gauge around it: gapgauge make {coupon} --around C (same settings)"
            )),
            Stage::Around { centre, .. } => Some(format!(
                "fine gauge around {centre}: the smallest station that moves freely is your clearance; record it (the command below) and plan and make use it from then on"
            )),
        }
    }
}

/// The planner's inputs that no printer preset fixes: shared by `plan` and
/// `make`, so both plan from the same flags.
#[derive(Debug, clap::Args)]
pub struct PlannerArgs {
    /// Flow ratio, 1.0 = 100 %. Above 1.05 every gap closes more, so the
    /// plan shifts up.
    #[arg(
        long,
        default_value_t = 1.0,
        value_name = "RATIO",
        allow_negative_numbers = true
    )]
    pub flow: f64,

    /// Enclosed printer (default: from the printer preset).
    #[arg(long, conflicts_with = "open")]
    pub enclosed: bool,

    /// Open printer, even if the preset says enclosed.
    #[arg(long)]
    pub open: bool,

    /// Size of the real part: small, medium or large (over 250 mm, which
    /// adds 0.10-0.15).
    #[arg(long, default_value = "medium")]
    pub size: SizeClass,
}

impl PlannerArgs {
    /// Apply these flags to planner input built from presets.
    pub fn apply(&self, input: &mut PlanInput) {
        input.flow = self.flow;
        input.enclosed = (input.enclosed || self.enclosed) && !self.open;
        input.size = self.size;
    }
}

impl PlanArgs {
    /// The printer preset with the flags applied.
    pub fn printer(&self) -> anyhow::Result<Printer> {
        Ok(Printer::load(&self.printer)?.overridden(
            self.nozzle,
            self.line_width,
            self.layer_height,
            self.first_layer_height,
        ))
    }

    /// Resolve presets and overrides into planner input. The sweep keeps
    /// within what the joint's coupon can hold, so it is the sweep `make`
    /// builds.
    pub fn to_input(&self) -> anyhow::Result<PlanInput> {
        let printer = self.printer()?;
        let material = Material::load(&self.material)?;
        let mut input = match crate::cost::coupon_for(self.joint) {
            Some(family) => family.plan_input(material, &printer),
            None => PlanInput::new(material, &printer, self.joint),
        };
        self.planner.apply(&mut input);
        Ok(input)
    }

    /// The settings flags of `plan`, and which the user passed.
    fn flags(&self) -> GivenFlags<'_> {
        GivenFlags::from_options(
            &[
                "--nozzle",
                "--line-width",
                "--layer-height",
                "--first-layer-height",
                "--flow",
            ],
            &["--flow"],
            &[
                ("--nozzle", self.nozzle),
                ("--line-width", self.line_width),
                ("--layer-height", self.layer_height),
                ("--first-layer-height", self.first_layer_height),
            ],
            &self.printer,
        )
    }
}

/// Run `gapgauge plan`.
pub fn run(args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let stage = args.stage.stage()?;
    let mut plan = args
        .to_input()?
        .plan()
        .map_err(|e| args.flags().name(e))
        .context("cannot plan")?;
    if stage != Stage::Full {
        // Asked for by name: the recorded result does not override it.
        plan = plan.staged(stage).map_err(StageArgs::name)?;
    } else if !args.no_ledger {
        let said = crate::calib::feedback::refine_from_ledger(
            &mut plan,
            args.ledger.as_deref(),
            &args.printer,
        );
        for line in said {
            eprintln!("{line}");
        }
    }
    let cost = print_cost(args, &plan)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut v = serde_json::to_value(&plan)?;
        match &cost {
            Ok(c) => v["print_cost"] = serde_json::to_value(c)?,
            Err(why) => {
                v["print_cost"] = serde_json::Value::Null;
                v["print_cost_error"] = why.to_string().into();
            }
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", render(&plan))?;
        writeln!(out, "\n{}", cost_line(&cost))?;
    }
    Ok(ExitCode::from(super::exit::OK))
}

/// The estimated cost of the coupon `make` would build for `plan`, or why
/// there is none (a joint without a coupon is not an error of the plan).
fn print_cost(
    args: &PlanArgs,
    plan: &Plan,
) -> anyhow::Result<Result<crate::cost::CouponCost, crate::cost::CostError>> {
    let printer = args.printer()?;
    let print = crate::coupon::PrintProfile::for_printer(&printer, DEFAULT_CHORD_TOLERANCE)
        .map_err(|e| args.flags().name(e))?;
    let estimator = crate::cost::Estimator::for_print(&printer, &plan.input.material);
    Ok(crate::cost::plan_cost(plan, print, &estimator))
}

/// The chord tolerance `make` uses unless told otherwise.
const DEFAULT_CHORD_TOLERANCE: f64 = 0.01;

/// "print cost: about 1 h 27 min, 11.2 g for the pin coupon (8 stations) ..."
pub fn cost_line(cost: &Result<crate::cost::CouponCost, crate::cost::CostError>) -> String {
    match cost {
        Ok(c) => format!(
            "print cost: {} for the {} coupon of this sweep ({} stations; `gapgauge make {}` with the same settings builds it), estimated with {}",
            c.summary.short(),
            c.coupon,
            c.stations,
            c.coupon,
            c.summary.basis
        ),
        Err(why) => format!("print cost: not estimated ({why})"),
    }
}

/// The human-readable table.
pub fn render(plan: &Plan) -> String {
    use std::fmt::Write as _;
    let i = &plan.input;
    let mut s = String::new();
    let _ = writeln!(s, "{}    (clearance per side, mm)", plan.summary());
    let _ = writeln!(
        s,
        "material {}, joint {}, nozzle {:.2}, line {:.3}, layer {:.2} (first {:.2}), flow {:.0} %, {}, {} part",
        i.material.name,
        i.joint,
        i.nozzle_mm,
        i.line_width_mm,
        i.layer_height_mm,
        i.first_layer_height_mm,
        i.flow * 100.0,
        if i.enclosed { "enclosed" } else { "open" },
        match i.size {
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    );
    let _ = writeln!(s, "\nstation  per side  diametral  z gap  expected");
    for (n, st) in plan.stations.iter().enumerate() {
        let control = if st.control {
            format!("  (control: below the slicer floor {})", plan.floor)
        } else {
            String::new()
        };
        let diam = crate::units::Microns(2 * st.clearance.0);
        let _ = writeln!(
            s,
            "{:>7}  {:>8}  {:>9}  {:>5}  {}{control}",
            n + 1,
            st.clearance.to_string(),
            diam.to_string(),
            st.z_gap.to_string(),
            st.expected.label()
        );
    }
    let _ = writeln!(s, "\nestimates (per side, mm)");
    let _ = writeln!(s, "{:<15} {:<12} {:<14} reason", "rule", "range", "source");
    for e in &plan.estimates {
        let range = if e.low == e.high {
            e.low.to_string()
        } else {
            format!("{}-{}", e.low, e.high)
        };
        let _ = writeln!(
            s,
            "{:<15} {:<12} {:<14} {}",
            e.rule.name(),
            range,
            e.source,
            e.reason
        );
    }
    let _ = writeln!(
        s,
        "{:<15} {:<12} {:<14} slicers close gaps under 2 x 0.049; lower stations are controls",
        "slicer floor",
        plan.floor.to_string(),
        sources::SLICER_TEST
    );
    for a in &plan.adjustments {
        let range = format!("+{}-{}", a.add_low, a.add_high);
        let _ = writeln!(
            s,
            "{:<15} {:<12} {:<14} {} (added to every estimate)",
            a.rule.name(),
            range,
            a.source,
            a.reason
        );
    }
    let _ = writeln!(
        s,
        "sources: each key is explained in {} (title, publisher, the facts taken)",
        sources::DOC
    );
    if !plan.left_out.is_empty() {
        let _ = writeln!(s, "\nleft out of the sweep");
        for l in &plan.left_out {
            let _ = writeln!(s, "- {}: {}", l.rule.name(), l.reason);
        }
    }
    let _ = writeln!(s, "\nexpected: {}", legend());
    if !plan.notes.is_empty() {
        let _ = writeln!(s, "notes");
        for n in &plan.notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    s
}

/// What each expected outcome means, on one line.
pub fn legend() -> String {
    [
        (Outcome::LikelyFused, "below every estimate"),
        (Outcome::Tight, "some estimates say enough, some not"),
        (Outcome::Target, "meets every estimate"),
        (Outcome::Loose, "above every estimate"),
    ]
    .map(|(o, why)| format!("{} = {why}", o.label()))
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(argv: &[&str]) -> PlanArgs {
        let mut full = vec!["gapgauge", "plan"];
        full.extend_from_slice(argv);
        match Cli::parse_from(full).command {
            Command::Plan(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flags_override_the_printer() {
        let a = args(&[
            "--printer",
            "prusa-mk4",
            "--layer-height",
            "0.12",
            "-m",
            "petg",
        ]);
        let i = a.to_input().unwrap();
        assert_eq!(
            (i.nozzle_mm, i.layer_height_mm, i.line_width_mm),
            (0.4, 0.12, 0.45)
        );
        let i = args(&["--nozzle", "0.6"]).to_input().unwrap();
        assert_eq!(i.nozzle_mm, 0.6);
        assert!(
            (i.line_width_mm - 0.675).abs() < 1e-9,
            "line width follows the nozzle"
        );
        assert_eq!(
            i.first_layer_height_mm, 0.2,
            "first layer follows the layer"
        );
    }

    #[test]
    fn table_lists_every_station_and_estimate() {
        let a = args(&[
            "-m",
            "petg",
            "--nozzle",
            "0.4",
            "--layer-height",
            "0.2",
            "-j",
            "rotating",
        ]);
        let plan = a.to_input().unwrap().plan().unwrap();
        let text = render(&plan);
        assert!(text.starts_with(plan.summary()));
        for c in plan.clearances() {
            assert!(text.contains(&c.to_string()), "{c}");
        }
        for e in &plan.estimates {
            assert!(text.contains(e.rule.name()) && text.contains(e.source));
        }
        assert!(text.contains("slicer floor"));
        assert!(text.contains("explained in docs/sources.md"), "{text}");
        for bare in ["001", "002", "003", " R2 "] {
            assert!(!text.contains(bare), "bare source tag {bare}: {text}");
        }
    }

    #[test]
    fn bad_joint_and_layer_are_errors() {
        let argv = ["gapgauge", "plan", "--joint", "wobble"];
        assert!(Cli::try_parse_from(argv).is_err());
        let e = args(&["--layer-height", "0.4"])
            .to_input()
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(e.to_string().contains("layer_height_mm"), "{e}");
    }
}
