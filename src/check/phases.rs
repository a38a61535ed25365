//! Wall time of each phase of reading and checking a file, for the
//! benchmark (`bench_check --phases`).
//!
//! On a 2-core machine the wall time is what a maker waits for, and a
//! phase that runs on one core while the other idles costs twice what it
//! would on both. The phases say, beside their wall time, whether they
//! use every core, so the serial ones are known. Recording costs a clock
//! read per phase, so it is always on; only the benchmark looks.

use std::time::{Duration, Instant};

/// Whether a phase keeps every core busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// Runs on the calling thread alone.
    One,
    /// Spreads its work over every core.
    All,
}

/// One finished phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Lap {
    /// What the phase does, e.g. `"split shells"`.
    pub name: &'static str,
    /// Wall time it took.
    pub wall: Duration,
    /// Whether it spreads over every core.
    pub cores: Cores,
}

/// A stopwatch that records consecutive phases.
#[derive(Debug, Clone)]
pub struct Phases {
    last: Instant,
    laps: Vec<Lap>,
}

impl Default for Phases {
    fn default() -> Self {
        Phases::new()
    }
}

impl Phases {
    /// Start timing now.
    pub fn new() -> Self {
        Phases {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// End the phase running since the last lap (or the start).
    pub fn lap(&mut self, name: &'static str, cores: Cores) {
        let now = Instant::now();
        self.laps.push(Lap {
            name,
            wall: now - self.last,
            cores,
        });
        self.last = now;
    }

    /// The phases so far, in order.
    pub fn laps(&self) -> &[Lap] {
        &self.laps
    }

    /// Append another stopwatch's phases (e.g. the read's before the
    /// check's) and go on timing from now.
    pub fn extend(&mut self, other: Phases) {
        self.laps.extend(other.laps);
        self.last = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_are_consecutive_and_named() {
        let mut p = Phases::new();
        std::thread::sleep(Duration::from_millis(2));
        p.lap("first", Cores::One);
        p.lap("second", Cores::All);
        let names: Vec<_> = p.laps().iter().map(|l| (l.name, l.cores)).collect();
        assert_eq!(names, [("first", Cores::One), ("second", Cores::All)]);
        assert!(p.laps()[0].wall >= Duration::from_millis(2));
    }
}
