//! The printable results card: one table per coupon to tick which station
//! moved, and how to read the result (DOMAIN.md section 4).

use super::Built;
use crate::units::Microns;
use std::fmt::Write;

/// The card for one filament, as Markdown (prints well from any viewer and
/// reads fine as plain text at the printer).
pub fn markdown(title: &str, built: &[Built], settings: &str, notes: Option<&str>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Gauge results: {title}\n");
    let _ = writeln!(
        s,
        "Printed with: {settings}. Clearances are per side (mm); labels show hundredths.\n"
    );
    if let Some(n) = notes {
        let _ = writeln!(s, "Notes: {n}\n");
    }
    let _ = writeln!(
        s,
        "Date printed: ________  Slicer / profile: ________________  Flow: ____  Fan: ____\n"
    );
    for b in built {
        let _ = writeln!(
            s,
            "## {} ({}): plan {}\n",
            b.family.name(),
            b.file,
            b.plan.summary()
        );
        let _ = writeln!(
            s,
            "| station | label | clearance | expected | fused | stiff | free | loose |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|---|---|");
        for st in &b.coupon.stations {
            let planned = b
                .plan
                .stations
                .iter()
                .find(|p| p.clearance.0 == st.clearance_um)
                .map_or("", |p| p.expected.label());
            let expected = if st.control {
                format!("{planned} (control)")
            } else {
                planned.to_string()
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | [ ] | [ ] | [ ] | [ ] |",
                st.index + 1,
                st.label,
                Microns(st.clearance_um),
                expected
            );
        }
        let _ = writeln!(
            s,
            "\nSmallest that moves freely: ______  Smallest that moves at all: ______\n"
        );
    }
    s.push_str(READING);
    s
}

const READING: &str = "## How to read it

1. Let the print cool for 15 minutes. Clean strings out of each gap with paper or a feeler
   before calling a station fused.
2. Work each station: turn the pin, swing the tab, look through the slit.
3. Tick one box per station, then write down the smallest clearance that moves freely (design
   with it) and the smallest that moves at all.

| what you see | cause | move one thing |
|---|---|---|
| welded: rigid, cracks when forced | gap too small, over-extrusion, weak cooling | open the gap, lower flow, or raise the fan |
| snaps on first movement | a thin section delaminated | orientation, more section or perimeters |
| rattles or falls apart | gap too large | close the gap |

Needs a wrench: add 0.1 mm. Wobbles: take off 0.05 mm. Stations marked as controls (below
0.10 mm) are expected to fuse: slicers close narrower cracks.
";
