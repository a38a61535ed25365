//! Fault injection (issue 15): a batch rerun killed at random moments
//! (SIGKILL and SIGTERM, 20 times) leaves every filament folder complete
//! under its own name, with the user's edited card and added files intact;
//! the next run finishes and leaves nothing hidden behind.

use crate::common::{run, scratch, text};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILAMENTS: [&str; 3] = ["petg", "pla", "tpu"];
const ARGS: [&str; 7] = ["batch", "pla", "petg", "tpu", "-o", "sets", "-q"];

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn sorted_names(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every folder is under its name and holds complete files and the
/// user's additions, byte for byte.
fn assert_intact(sets: &Path, user: &[(String, Vec<u8>, Vec<u8>)], when: &str) {
    assert_eq!(sorted_names(sets), FILAMENTS, "{when}: folders in sets/");
    for (f, card, photo) in user {
        let dir = sets.join(f);
        for stl in ["pin.stl", "hinge.stl", "slots.stl"] {
            let b = fs::read(dir.join(stl)).unwrap_or_else(|e| panic!("{when}: {f}/{stl}: {e}"));
            let n = u32::from_le_bytes(b[80..84].try_into().unwrap()) as usize;
            assert_eq!(b.len(), 84 + 50 * n, "{when}: {f}/{stl} incomplete");
        }
        let m = fs::read(dir.join("manifest.json")).unwrap();
        serde_json::from_slice::<serde_json::Value>(&m)
            .unwrap_or_else(|e| panic!("{when}: {f}/manifest.json: {e}"));
        assert_eq!(
            &fs::read(dir.join("card.html")).unwrap(),
            card,
            "{when}: {f}/card.html"
        );
        assert_eq!(
            &fs::read(dir.join("photo.jpg")).unwrap(),
            photo,
            "{when}: {f}/photo.jpg"
        );
    }
}

#[test]
fn twenty_kills_during_batch_reruns_leave_every_folder_intact() {
    let tmp = scratch("faults");
    let d = tmp.path();
    let o = run(d, &ARGS);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let sets = d.join("sets");
    let mut user = Vec::new();
    for f in FILAMENTS {
        let dir = sets.join(f);
        let mut card = fs::read(dir.join("card.html")).unwrap();
        card.extend_from_slice(b"\nResult: 0.30 free, 0.25 stiff\n");
        fs::write(dir.join("card.html"), &card).unwrap();
        let photo = format!("photo of {f}").into_bytes();
        fs::write(dir.join("photo.jpg"), &photo).unwrap();
        user.push((f.to_string(), card, photo));
    }
    // How long a rerun takes here, so kills land across the whole run.
    let t0 = Instant::now();
    assert!(run(d, &ARGS).status.success());
    let span = t0.elapsed().as_micros().max(1000) as u64;
    let mut rng = XorShift(0x15_15_15_15);
    let mut mid_run = 0;
    for i in 0..20 {
        let delay = Duration::from_micros(rng.next() % (span + span / 5));
        let mut child = Command::new(env!("CARGO_BIN_EXE_gapgauge"))
            .args(ARGS)
            .current_dir(d)
            .env("GAPGAUGE_LEDGER", crate::common::NO_LEDGER)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            mid_run += 1;
        }
        if i % 2 == 0 {
            let _ = child.kill();
        } else {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        child.wait().unwrap();
        assert_intact(&sets, &user, &format!("after kill {i} at {delay:?}"));
    }
    assert!(
        mid_run >= 5,
        "only {mid_run} of 20 kills landed while the batch ran"
    );
    let o = run(d, &ARGS);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert_intact(&sets, &user, "after the final run");
    for f in FILAMENTS {
        let hidden: Vec<String> = sorted_names(&sets.join(f))
            .into_iter()
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{f}: left behind: {hidden:?}");
    }
}
