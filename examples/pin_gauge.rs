//! Builds a five-station captive-pin gauge from code and writes it as
//! `pin-gauge-example.stl` in the current directory.

use gapgauge::coupon::PrintProfile;
use gapgauge::coupon::pin::{PinGaugeSpec, build};
use gapgauge::stl::write_stl;
use gapgauge::units::Microns;

fn main() -> anyhow::Result<()> {
    // 0.15 ... 0.35 mm per side, printed at 0.16 mm layers.
    let clearances = (0..5).map(|i| Microns(150 + 50 * i)).collect();
    let profile = PrintProfile {
        layer_height: 0.16,
        first_layer_height: 0.2,
        ..Default::default()
    };
    let gauge = build(&PinGaugeSpec::new(clearances, profile))?;
    let file = std::fs::File::create("pin-gauge-example.stl")?;
    write_stl(file, &gauge.merged_mesh(), &gauge.header_text(None))?;
    for s in &gauge.stations {
        println!(
            "station {} label {} at x = {:.1} mm",
            s.index + 1,
            s.label,
            s.position[0]
        );
    }
    Ok(())
}
