//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A ledger path that never exists (its folder is never created), for
/// tests that run the binary outside [`run`]: reading it finds no results.
pub const NO_LEDGER: &str = "/nonexistent-gapgauge-test/results.jsonl";

/// A fresh empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gapgauge-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run the binary with `args` in `dir`. The results ledger points into
/// `dir`, so no test reads or writes the user's real ledger.
pub fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .args(args)
        .current_dir(dir)
        .env("GAPGAUGE_LEDGER", dir.join("test-ledger.jsonl"))
        .output()
        .expect("binary runs")
}

/// Stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}
