//! Command-line interface: clap definitions and the glue that turns parsed
//! flags into validated library specs. Nothing geometric lives here.
//!
//! One file per subcommand; each exposes an `Args` struct and a `run`.

pub mod batch;
pub mod check;
pub mod flags;
pub mod make;
pub mod plan;
pub mod presets;
pub mod recommend;
pub mod record;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit codes shared by every subcommand.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran but found a problem (`check`: defects or gaps too small).
    pub const FINDINGS: u8 = 1;
    /// Bad input (a parameter out of range, a bad file) or a failure to write.
    pub const ERROR: u8 = 2;
}

/// Make print-in-place tolerance gauges for FDM printing.
///
/// A gauge is the same joint printed at a sweep of clearances, each station
/// labelled with its clearance in hundredths of a millimetre (per side; the
/// slot comb's is the full slit width), as the legend on the gauge says:
/// "SIDE X.01" or "WIDE X.01".
/// Print it before a print-in-place job and use the smallest clearance that
/// moves freely.
#[derive(Debug, Parser)]
#[command(name = "gapgauge", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a gauge and write it as binary STL.
    #[command(long_about = make::LONG_ABOUT)]
    Make(make::MakeArgs),
    /// Make a gauge set per filament: STLs, manifest and results card.
    #[command(long_about = batch::LONG_ABOUT)]
    Batch(batch::BatchArgs),
    /// Plan a clearance sweep from material, printer and joint.
    #[command(long_about = plan::LONG_ABOUT)]
    Plan(plan::PlanArgs),
    /// List the built-in presets, or show one.
    Presets(presets::PresetsArgs),
    /// Validate every part of an STL file and measure the gaps between parts.
    Check(check::CheckArgs),
    /// Record what a printed gauge did into the results ledger.
    #[command(long_about = record::LONG_ABOUT)]
    Record(record::RecordArgs),
    /// The clearance to design with, from recorded results.
    #[command(long_about = recommend::LONG_ABOUT)]
    Recommend(recommend::RecommendArgs),
}

/// Run the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Make(args) => make::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Presets(args) => presets::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Record(args) => record::run(&args),
        Command::Recommend(args) => recommend::run(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
