//! `gapgauge presets`: list the built-in presets or print one.

use crate::preset::{Kind, Material, Printer, builtin_names, builtin_text};
use anyhow::bail;
use std::io::Write;
use std::process::ExitCode;

/// List the built-in material and printer presets, or print one as TOML.
///
/// Wherever a preset name is accepted (`--material`, `--printer`) a path to
/// your own TOML file works too: start from `gapgauge presets show NAME >
/// my.toml`, edit, and pass `--material my.toml`. Unknown keys are errors.
#[derive(Debug, clap::Args)]
pub struct PresetsArgs {
    /// What to do; without one, list the presets.
    #[command(subcommand)]
    pub action: Option<PresetsAction>,
}

/// `presets` actions.
#[derive(Debug, clap::Subcommand)]
pub enum PresetsAction {
    /// Print a built-in preset's TOML (with the comments naming sources).
    Show {
        /// A material or printer name, as listed by `gapgauge presets`.
        name: String,
    },
}

/// The listing: one line per preset, materials then printers.
pub fn listing() -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "materials (clearance rules; --material NAME|FILE)");
    for name in builtin_names(Kind::Material) {
        let m = Material::load(name)?;
        let _ = writeln!(s, "  {name:<12} {}", m.description);
    }
    let _ = writeln!(
        s,
        "printers (nozzle, line width, layers; --printer NAME|FILE)"
    );
    for name in builtin_names(Kind::Printer) {
        let p = Printer::load(name)?;
        let _ = writeln!(s, "  {name:<12} {}", p.description);
    }
    let _ = writeln!(s, "show one with: gapgauge presets show NAME");
    Ok(s)
}

/// The TOML of a built-in preset of either kind.
pub fn show(name: &str) -> anyhow::Result<&'static str> {
    for kind in [Kind::Material, Kind::Printer] {
        if let Some(text) = builtin_text(kind, name) {
            return Ok(text);
        }
    }
    let mut known = builtin_names(Kind::Material);
    known.extend(builtin_names(Kind::Printer));
    bail!(
        "unknown preset `{name}`; built-in presets: {}",
        known.join(", ")
    )
}

/// Run `gapgauge presets`.
pub fn run(args: &PresetsArgs) -> anyhow::Result<ExitCode> {
    let text = match &args.action {
        None => listing()?,
        Some(PresetsAction::Show { name }) => show(name)?.to_string(),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::from(super::exit::OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_names_every_preset() {
        let text = listing().unwrap();
        for kind in [Kind::Material, Kind::Printer] {
            for name in builtin_names(kind) {
                assert!(text.contains(name), "{name}");
            }
        }
    }

    #[test]
    fn show_prints_toml_and_rejects_unknown() {
        assert!(show("petg").unwrap().contains("layer_offset_mm = 0.05"));
        assert!(show("prusa-mk4").unwrap().contains("nozzle_mm"));
        let e = show("nylon").unwrap_err().to_string();
        assert!(e.contains("pla") && e.contains("ender-3"), "{e}");
    }
}
