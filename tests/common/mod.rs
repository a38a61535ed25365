//! Helpers shared by the integration tests.

pub mod measure;

use std::process::{Command, Output};
use tempfile::TempDir;

/// A ledger path that never exists (its folder is never created), for
/// tests that run the binary outside [`run`]: reading it finds no results.
pub const NO_LEDGER: &str = "/nonexistent-gapgauge-test/results.jsonl";

/// A fresh empty directory for one test, removed when the returned guard
/// drops (also when the test fails), so `cargo test` leaves nothing in the
/// system temp dir.
pub fn scratch(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gapgauge-it-{name}-"))
        .tempdir()
        .expect("temp dir")
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
