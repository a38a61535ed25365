//! `gapgauge make`: build a coupon and write it as binary STL.

use crate::atomic::write_atomic;
use crate::coupon::pin::{self, PinGaugeSpec};
use crate::coupon::{Coupon, PrintProfile};
use crate::stl::{StlWriteError, write_stl};
use crate::sweep;
use crate::units::Microns;
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Which coupon to make.
#[derive(Debug, Args)]
pub struct MakeArgs {
    /// The coupon family.
    #[command(subcommand)]
    pub coupon: MakeCoupon,
}

/// Coupon families.
#[derive(Debug, Subcommand)]
pub enum MakeCoupon {
    /// Captive-pin gauge: a bar of vertical pins, each captured by a collar
    /// in a bore of one clearance. Turn each pin with a screwdriver in its
    /// slot; the smallest clearance that turns freely is your number.
    Pin(CouponArgs),
}

/// The clearance sweep of a coupon.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct SweepArgs {
    /// Clearances per side in mm, in order along +X: 0.15,0.2,0.25.
    /// Per side means the gap between one face and the face opposite (the
    /// radial gap for a pin in a bore); the diametral gap is twice that.
    #[arg(long, value_name = "MM,MM,...", allow_hyphen_values = true)]
    pub clearances: Option<String>,
    /// A sweep START:END:STEP in mm per side, END included: 0.10:0.50:0.05.
    #[arg(long, value_name = "START:END:STEP", allow_hyphen_values = true)]
    pub sweep: Option<String>,
}

/// Printer settings that shape the geometry.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Nozzle diameter in mm.
    #[arg(
        long,
        default_value_t = 0.4,
        value_name = "MM",
        allow_negative_numbers = true
    )]
    pub nozzle: f64,
    /// Layer height in mm. Every horizontal air gap is a whole number of
    /// layers, so use the height you will print the real part with.
    #[arg(
        long,
        default_value_t = 0.2,
        value_name = "MM",
        allow_negative_numbers = true
    )]
    pub layer_height: f64,
    /// First-layer height in mm (default: the layer height).
    #[arg(long, value_name = "MM", allow_negative_numbers = true)]
    pub first_layer_height: Option<f64>,
    /// Largest distance between a true circle and its polygon, in mm.
    /// Pins are inscribed and bores circumscribed, so faceting never eats
    /// the gap; a smaller value only gives smoother, larger files.
    #[arg(
        long,
        default_value_t = 0.01,
        value_name = "MM",
        allow_negative_numbers = true
    )]
    pub chord_tolerance: f64,
}

/// Arguments shared by every coupon.
#[derive(Debug, Args)]
pub struct CouponArgs {
    /// The clearances to test.
    #[command(flatten)]
    pub sweep: SweepArgs,
    /// Printer settings.
    #[command(flatten)]
    pub profile: ProfileArgs,
    /// Output STL file. Written atomically: an existing file is replaced only
    /// once the new one is complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print a JSON summary (file, stations, parts) instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// The sweep used when none is given: COUPONS.md's default list, 0.10 as a
/// control that is expected to fuse.
pub const DEFAULT_CLEARANCES: &str = "0.10,0.15,0.20,0.25,0.30,0.35,0.40,0.50";

impl SweepArgs {
    /// The clearances, parsed exactly.
    pub fn clearances(&self) -> Result<Vec<Microns>, crate::error::ParamError> {
        match (&self.clearances, &self.sweep) {
            (Some(list), _) => sweep::parse_list(list),
            (None, Some(s)) => sweep::parse_sweep(s),
            (None, None) => sweep::parse_list(DEFAULT_CLEARANCES),
        }
    }
}

impl ProfileArgs {
    /// The validated print profile.
    pub fn profile(&self) -> Result<PrintProfile, crate::error::ParamError> {
        PrintProfile {
            nozzle: self.nozzle,
            layer_height: self.layer_height,
            first_layer_height: self.first_layer_height.unwrap_or(self.layer_height),
            chord_tolerance: self.chord_tolerance,
        }
        .validated()
    }
}

/// Run `make`.
pub fn run(args: &MakeArgs) -> anyhow::Result<ExitCode> {
    match &args.coupon {
        MakeCoupon::Pin(a) => {
            let spec = PinGaugeSpec::new(a.sweep.clearances()?, a.profile.profile()?);
            let coupon = pin::build(&spec)?;
            finish(&coupon, a, "pin-gauge.stl")
        }
    }
}

/// Write the coupon and report what was written.
fn finish(coupon: &Coupon, a: &CouponArgs, default_name: &str) -> anyhow::Result<ExitCode> {
    let path = a
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_name));
    write_coupon(coupon, &path, None)?;
    for s in &coupon.stations {
        if s.clearance_um < 100 {
            eprintln!(
                "note: station {} ({} mm) is below the slicer floor of 0.10 mm (PrusaSlicer closes narrower cracks): a control expected to fuse",
                s.index + 1,
                Microns(s.clearance_um)
            );
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&summary(coupon, &path))?);
    } else {
        print_table(coupon, &path);
    }
    Ok(ExitCode::SUCCESS)
}

/// Write a coupon's STL atomically.
pub fn write_coupon(coupon: &Coupon, path: &Path, plan: Option<&str>) -> anyhow::Result<()> {
    let mesh = coupon.merged_mesh();
    let header = coupon.header_text(plan);
    write_atomic::<StlWriteError>(path, |w| write_stl(w, &mesh, &header))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The JSON summary of a written coupon.
pub fn summary(coupon: &Coupon, path: &Path) -> serde_json::Value {
    let bb = coupon.merged_mesh().bbox();
    serde_json::json!({
        "file": path.display().to_string(),
        "coupon": coupon.kind,
        "clearance_is": "per side (radial); diametral = 2x",
        "legend": coupon.legend,
        "profile": coupon.profile,
        "parts": coupon.parts.iter().map(|p| serde_json::json!({
            "name": p.name, "triangles": p.mesh.triangle_count(), "volume_mm3": p.mesh.signed_volume(),
        })).collect::<Vec<_>>(),
        "triangles": coupon.triangle_count(),
        "bbox_mm": { "min": [bb.min.x, bb.min.y, bb.min.z], "max": [bb.max.x, bb.max.y, bb.max.z] },
        "stations": coupon.stations,
    })
}

fn print_table(coupon: &Coupon, path: &Path) {
    let bb = coupon.merged_mesh().bbox();
    let size = bb.size();
    println!(
        "wrote {}: {} coupon, {} stations, {} parts, {} triangles, {:.1} x {:.1} x {:.1} mm",
        path.display(),
        coupon.kind,
        coupon.stations.len(),
        coupon.parts.len(),
        coupon.triangle_count(),
        size.x,
        size.y,
        size.z
    );
    println!(
        "legend {:?}: labels are the clearance per side in hundredths of a mm",
        coupon.legend
    );
    println!(
        "{:>7}  {:>5}  {:>13}  {:>8}",
        "station", "label", "clearance mm", "x mm"
    );
    for s in &coupon.stations {
        println!(
            "{:>7}  {:>5}  {:>13}  {:>8.2}",
            s.index + 1,
            s.label,
            Microns(s.clearance_um).to_string(),
            s.position[0]
        );
    }
}
