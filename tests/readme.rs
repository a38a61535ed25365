//! The README as a newcomer reads it: its first screen, and every
//! `gapgauge` command in it run as written, with the example files it uses.

use crate::common::{run, scratch, text};
use std::fs;
use std::path::Path;

const README: &str = include_str!("../README.md");
const CARGO_TOML: &str = include_str!("../Cargo.toml");

/// Lines a terminal or a repository page shows before any scrolling.
const FIRST_SCREEN: usize = 30;

/// The first screen says what to install and how, then gives one install
/// command, one command that makes the default gauge and one that runs the
/// tests.
#[test]
fn first_screen_has_prerequisites_install_make_and_test() {
    let screen: String = README
        .lines()
        .take(FIRST_SCREEN)
        .collect::<Vec<_>>()
        .join("\n");
    let msrv = CARGO_TOML
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml has a rust-version")
        .trim_matches('"');
    let needs = format!("Rust {msrv} or newer");
    for part in [
        needs.as_str(),
        "rustup",
        "~/.cargo/bin",
        "PATH",
        "cargo install --locked --path .",
        "gapgauge make pin ",
        "cargo test ",
    ] {
        assert!(screen.contains(part), "first screen lacks {part:?}");
    }
}

/// Every `gapgauge ...` line of the README's `sh` blocks, without its
/// trailing comment, split into arguments (none of them is quoted).
fn readme_commands() -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in README.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        let Some(rest) = line.strip_prefix("gapgauge ").filter(|_| in_sh) else {
            continue;
        };
        let rest = rest.split(" #").next().unwrap_or(rest);
        assert!(!rest.contains(['"', '\'']), "quoted argument in {line}");
        commands.push(rest.split_whitespace().map(String::from).collect());
    }
    commands
}

fn copy_examples(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    fs::create_dir(to.join("examples")).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml" || e == "json") {
            fs::copy(&path, to.join("examples").join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Each README command runs as written in a fresh folder holding the
/// README's `examples/` files and a `model.stl` for `check`: 0 for every
/// command, 0 or 1 (gaps flagged) for `check`.
#[test]
fn every_readme_command_runs_as_written() {
    let tmp = scratch("readme");
    let d = tmp.path();
    copy_examples(d);
    let model = run(d, &["make", "pin", "-o", "model.stl"]);
    assert_eq!(model.status.code(), Some(0), "{:?}", text(&model));
    let commands = readme_commands();
    assert!(commands.len() >= 15, "found {} commands", commands.len());
    let mut batches = 0;
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(d, &args);
        let ok: &[i32] = if args[0] == "check" { &[0, 1] } else { &[0] };
        assert!(
            o.status.code().is_some_and(|c| ok.contains(&c)),
            "gapgauge {}: {:?}",
            args.join(" "),
            text(&o)
        );
        batches += usize::from(args[0] == "batch");
    }
    assert_eq!(batches, 3, "the README's three batch commands ran");
    // The batch commands made a set for every filament they name.
    for folder in [
        "pla",
        "petg",
        "prusament-galaxy-black",
        "generic-pla-white",
        "generic-petg-orange",
        "generic-tpu-95a-black",
        "polymaker-polyterra-charcoal",
        "prusament-jet-black",
    ] {
        let manifest = d.join("gauges").join(folder).join("manifest.json");
        assert!(manifest.is_file(), "{}", manifest.display());
    }
}
