//! The `gapgauge` binary: parse, hand over to the library, report.

use clap::Parser;
use gapgauge::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`gapgauge plan | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(cli::exit::OK);
            }
            // Messages may quote text from user files: no terminal controls.
            eprintln!(
                "error: {}",
                gapgauge::textfile::escape_controls(&format!("{err:#}"))
            );
            ExitCode::from(cli::exit::ERROR)
        }
    }
}
