//! Batch gauge sets: for each filament, a folder with one STL and one
//! picture per coupon (planned for that filament), a manifest and a
//! printable results card (`card.html`).
//!
//! Filaments are independent, so they run in parallel. Each set is built
//! in memory first, so a filament that fails leaves nothing behind; the
//! folder is then written by [`folder::write`], which replaces only
//! gapgauge's own files and keeps everything the user added (an edited
//! card is kept and the new one written beside it).

pub mod card;
pub mod filament;
pub mod folder;
pub mod layout;

use crate::cost::{CouponCost, Estimator, SetCost};
use crate::coupon::{Coupon, Family, PrintProfile};
use crate::output_format::OutputFormat;
use crate::plan::Plan;
use crate::render;
use crate::stl::write_stl;
use crate::threemf::{self, Plate, SliceSettings};
use filament::Filament;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to make.
#[derive(Debug, Clone)]
pub struct BatchSpec {
    /// Filament arguments: built-in material names or TOML files.
    pub filaments: Vec<String>,
    /// Where the folders go.
    pub out_dir: PathBuf,
    /// Which coupons each set holds.
    pub coupons: Vec<Family>,
    /// Default printer preset (name or file).
    pub printer: String,
    /// Bed size; default the printer's, else 220 x 220.
    pub bed: Option<(f64, f64)>,
    /// Chord tolerance for every coupon.
    pub chord_tolerance: f64,
    /// STL per coupon, or one 3MF plate per filament.
    pub format: OutputFormat,
    /// Worker threads.
    pub jobs: usize,
    /// Filaments given as entries rather than arguments (a Spoolman
    /// export): (source for reports, entry).
    pub entries: Vec<(String, filament::FilamentEntry)>,
}

/// One coupon built for a filament.
#[derive(Debug)]
pub struct Built {
    /// Its family.
    pub family: Family,
    /// File name in the folder (the plate's, for 3MF).
    pub file: String,
    /// The plan it was built from.
    pub plan: Plan,
    /// The coupon, moved to its place on the bed.
    pub coupon: Coupon,
    /// File name of its picture in the folder.
    pub picture: String,
    /// The picture, PNG bytes (drawn before the coupon is moved, so it is
    /// the same picture `make --preview` draws).
    pub png: Vec<u8>,
    /// Its estimated print time and filament.
    pub cost: CouponCost,
}

/// A filament's set, written.
#[derive(Debug)]
pub struct Done {
    /// Its folder and what the user should know about it.
    pub written: folder::Written,
    /// The estimated print time and filament of the whole set.
    pub print_cost: SetCost,
}

/// Why a filament's set was not made. Parameters are named as the
/// library knows them (a spool key, a printer preset's key,
/// `chord_tolerance_mm` for the spec's own); the front end names its flags.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// A print setting out of range, named where it came from; `coupon`
    /// when only that coupon refuses it.
    #[error("{}{error}", coupon.map(|c| format!("{c}: ")).unwrap_or_default())]
    Setting {
        /// The coupon that refused it, if one did.
        coupon: Option<&'static str>,
        /// The setting, its value and the limit.
        error: crate::error::ParamError,
    },
    /// The coupons do not fit the bed.
    #[error(transparent)]
    Layout(#[from] layout::LayoutError),
    /// Anything else, said in full: loading the filament, building a
    /// coupon, drawing it, estimating it, writing the folder.
    #[error("{0}")]
    Failed(String),
}

/// The outcome for one filament.
#[derive(Debug)]
pub struct Report {
    /// The argument (or file entry) it came from.
    pub source: String,
    /// Its folder, what the user should know about it and what it costs
    /// to print, or why it failed.
    pub result: Result<Done, SetError>,
}

/// Make every filament's set. `tick` is called once per coupon done, with
/// its estimated print cost (for a progress bar). Reports come back in
/// argument order, whatever finished first.
pub fn run(spec: &BatchSpec, tick: &(dyn Fn(&CouponCost) + Sync)) -> Vec<Report> {
    let mut work: Vec<Result<Filament, filament::FilamentError>> = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    // Each argument loads to one or more filaments (a batch file lists
    // several); each Spoolman entry to one.
    let from_args = spec
        .filaments
        .iter()
        .map(|arg| filament::load_arg(arg, &spec.printer));
    let from_entries = spec.entries.iter().map(|(source, e)| {
        let f = filament::resolve(source.clone(), e.clone(), None, &spec.printer);
        vec![f.map_err(|message| filament::FilamentError {
            source_name: source.clone(),
            message,
        })]
    });
    for loaded in from_args.chain(from_entries) {
        for f in loaded {
            work.push(match f {
                Ok(f) if !ids.insert(f.id.clone()) => Err(filament::FilamentError {
                    source_name: f.source.clone(),
                    message: format!(
                        "folder name {:?} is already used by an earlier filament; give it a `name`",
                        f.id
                    ),
                }),
                other => other,
            });
        }
    }
    let slots: Vec<Mutex<Option<Report>>> = work.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..spec.jobs.max(1).min(work.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = work.get(i) else { break };
                    let report = match item {
                        Ok(f) => Report {
                            source: f.source.clone(),
                            result: make_set(spec, f, tick),
                        },
                        Err(e) => Report {
                            source: e.source_name.clone(),
                            result: Err(SetError::Failed(e.message.clone())),
                        },
                    };
                    *slots[i].lock().expect("no panics while holding") = Some(report);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().expect("lock").expect("every slot filled"))
        .collect()
}

/// Build, arrange and write one filament's folder.
fn make_set(
    spec: &BatchSpec,
    f: &Filament,
    tick: &(dyn Fn(&CouponCost) + Sync),
) -> Result<Done, SetError> {
    let profile = PrintProfile::for_printer(&f.printer, spec.chord_tolerance)
        .map_err(|e| setting_error(e, f))?;
    let estimator = Estimator::for_print(&f.printer, &f.material);
    let mut built = Vec::new();
    for &family in &spec.coupons {
        let plan = family
            .plan_input(f.material.clone(), &f.printer)
            .plan()
            .map_err(|e| setting_error(e, f))?;
        let coupon = family
            .build(plan.clearances(), profile)
            .map_err(|e| match e {
                crate::error::Error::Param(p) => SetError::Setting {
                    coupon: Some(family.name()),
                    error: named_setting(p, f),
                },
                e => SetError::Failed(format!("{}: {e}", family.name())),
            })?;
        let png = render::coupon_png(&coupon, render::Size::Width(render::PREVIEW_WIDTH))
            .map_err(|e| SetError::Failed(format!("{}: picture: {e}", family.name())))?;
        let cost = crate::cost::coupon_cost(family, &coupon, &estimator)
            .map_err(|e| SetError::Failed(format!("{}: print cost: {e}", family.name())))?;
        tick(&cost);
        built.push(Built {
            family,
            file: match spec.format {
                OutputFormat::Stl => format!("{}.stl", family.name()),
                OutputFormat::ThreeMf => format!("{}.3mf", f.id),
            },
            plan,
            coupon,
            picture: format!("{}.png", family.name()),
            png,
            cost,
        });
    }
    let costs: Vec<CouponCost> = built.iter().map(|b| b.cost).collect();
    let print_cost = crate::cost::set_cost(&costs, &estimator);
    let bed = spec
        .bed
        .or(f.printer.bed_mm.map(|b| (b[0], b[1])))
        .unwrap_or((220.0, 220.0));
    let footprints: Vec<(&str, f64, f64)> = built
        .iter()
        .map(|b| {
            let s = b.coupon.bbox().size();
            (b.family.name(), s.x, s.y)
        })
        .collect();
    let spots = layout::arrange(&footprints, bed)?;
    for (b, &(x, y)) in built.iter_mut().zip(&spots) {
        let min = b.coupon.bbox().min;
        b.coupon
            .translate(crate::geom::Vector::new(x - min.x, y - min.y, 0.0));
    }
    let shown = spec.out_dir.join(&f.id).display().to_string();
    let set = SetFacts {
        bed,
        profile,
        shown: &shown,
        format: spec.format,
        print_cost: &print_cost,
    };
    let content = folder_content(f, &built, &set).map_err(|e| SetError::Failed(e.to_string()))?;
    let written = folder::write(&spec.out_dir, &f.id, &content).map_err(|e| {
        let folder = spec.out_dir.join(&f.id);
        SetError::Failed(format!("cannot write {}: {e}", folder.display()))
    })?;
    Ok(Done {
        written,
        print_cost,
    })
}

/// What a filament's folder says about the set as a whole.
struct SetFacts<'a> {
    /// The bed the coupons are arranged on (mm).
    bed: (f64, f64),
    /// The print profile every coupon was built for.
    profile: PrintProfile,
    /// The folder as the user named it.
    shown: &'a str,
    /// STL per coupon or one 3MF plate.
    format: OutputFormat,
    /// The set's estimated print time and filament.
    print_cost: &'a SetCost,
}

/// A bad print setting named where it came from: the spool's key when the
/// spool overrides it, else the printer preset's key; the chord tolerance
/// is the spec's own and keeps its parameter name.
fn named_setting(e: crate::error::ParamError, f: &Filament) -> crate::error::ParamError {
    let spool_key = match e.param.as_str() {
        "nozzle_mm" if f.entry.nozzle.is_some() => Some("nozzle"),
        "layer_height_mm" if f.entry.layer_height.is_some() => Some("layer_height"),
        "first_layer_height_mm" if f.entry.first_layer_height.is_some() => {
            Some("first_layer_height")
        }
        _ => None,
    };
    let param = match (spool_key, e.param.as_str()) {
        (Some(k), _) => format!("spool key `{k}`"),
        (None, "chord_tolerance_mm") => return e,
        (None, p) => format!("{p} (from printer {})", f.printer.name),
    };
    e.renamed(param)
}

/// A bad print setting of the whole set, named where it came from.
fn setting_error(e: crate::error::ParamError, f: &Filament) -> SetError {
    SetError::Setting {
        coupon: None,
        error: named_setting(e, f),
    }
}

/// Every file of a filament's folder, generated in memory.
fn folder_content(
    f: &Filament,
    built: &[Built],
    set: &SetFacts,
) -> std::io::Result<folder::Content> {
    let profile = set.profile;
    let mut files = match set.format {
        OutputFormat::Stl => stl_files(built)?,
        OutputFormat::ThreeMf => plate_file(f, built, profile)?,
    };
    for b in built {
        files.push((b.picture.clone(), b.png.clone()));
    }
    let title = match (&f.entry.brand, &f.entry.name) {
        (Some(b), Some(n)) => format!("{b} {n} ({})", f.material.name),
        (None, Some(n)) => format!("{n} ({})", f.material.name),
        _ => f.material.name.clone(),
    };
    let card_set = card::CardSet {
        title: &title,
        printer: &f.printer.name,
        profile,
        notes: f.entry.notes.as_deref(),
        folder: set.shown,
        print_cost: set.print_cost,
    };
    let card = card::html(&card_set, built);
    let editable = vec![("card.html".to_string(), card.into_bytes())];
    let mut manifest = manifest(f, built, set);
    manifest[folder::EDITABLE_KEY] = folder::editable_record(&editable);
    let manifest = serde_json::to_string_pretty(&manifest).map_err(std::io::Error::other)? + "\n";
    Ok(folder::Content {
        files,
        editable,
        manifest,
    })
}

/// One STL per coupon, each at its place on the bed.
fn stl_files(built: &[Built]) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    built
        .iter()
        .map(|b| {
            let mut bytes = Vec::new();
            write_stl(
                &mut bytes,
                &b.coupon.merged_mesh(),
                &b.coupon.header_text(Some(b.plan.summary())),
            )
            .map_err(std::io::Error::other)?;
            Ok((b.file.clone(), bytes))
        })
        .collect()
}

/// One 3MF plate for the filament: every coupon a named object, already
/// placed on the bed by the layout (so the build items do not move them).
fn plate_file(
    f: &Filament,
    built: &[Built],
    profile: PrintProfile,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let Some(first) = built.first() else {
        return Ok(Vec::new());
    };
    let plate = Plate {
        title: format!("gapgauge set: {}", f.id),
        objects: built
            .iter()
            .map(|b| threemf::Object::from_coupon(&b.coupon, Some(&f.material.name), [0.0; 3]))
            .collect(),
        settings: SliceSettings {
            layer_height: profile.layer_height,
            first_layer_height: profile.first_layer_height,
        },
        thumbnail: Some(plate_thumbnail(built)?),
    };
    let mut bytes = Vec::new();
    threemf::write_3mf(&mut bytes, &plate).map_err(std::io::Error::other)?;
    Ok(vec![(first.file.clone(), bytes)])
}

/// The plate's package thumbnail: every coupon as placed on the bed, in one
/// colour (the per-coupon pictures beside it show each one large).
fn plate_thumbnail(built: &[Built]) -> std::io::Result<Vec<u8>> {
    let mut plate = crate::geom::Mesh::new();
    for b in built {
        plate.append(&b.coupon.merged_mesh());
    }
    render::mesh_png(&plate, render::THUMBNAIL_SIZE).map_err(std::io::Error::other)
}

/// The manifest: everything needed to tie a printed station to its inputs.
fn manifest(f: &Filament, built: &[Built], set: &SetFacts) -> serde_json::Value {
    let (bed, format) = (set.bed, set.format);
    serde_json::json!({
        "schema": "gapgauge.batch-manifest/1",
        "tool": "gapgauge",
        "version": env!("CARGO_PKG_VERSION"),
        "clearance_is": "per coupon: see coupons[].clearance_is (per side, or the full width of a slit)",
        "units": "lengths in mm unless named _um",
        "filament": {
            "id": f.id, "source": f.source, "entry": f.entry, "material": f.material.name,
        },
        "printer": f.printer.name,
        "format": format,
        "profile": set.profile,
        "bed_mm": [bed.0, bed.1],
        "print_cost": set.print_cost,
        "coupons": built.iter().map(|b| {
            let bb = b.coupon.bbox();
            serde_json::json!({
                "coupon": b.family.name(),
                "file": b.file,
                "picture": b.picture,
                "clearance_is": b.family.clearance_meaning().sentence(),
                "clearance_meaning": b.family.clearance_meaning(),
                // The object's name inside a 3MF plate.
                "object": (format == OutputFormat::ThreeMf)
                    .then(|| threemf::coupon_name(&b.coupon, Some(&f.material.name))),
                "parts": b.coupon.parts.len(),
                "triangles": b.coupon.triangle_count(),
                "placement": { "x_mm": bb.min.x, "y_mm": bb.min.y, "footprint_mm": [bb.size().x, bb.size().y] },
                "bbox_mm": { "min": [bb.min.x, bb.min.y, bb.min.z], "max": [bb.max.x, bb.max.y, bb.max.z] },
                "legend": b.coupon.legend,
                "plan": b.plan,
                "print_cost": b.cost,
                "stations": b.coupon.stations.iter().map(|s| serde_json::json!({
                    "coupon": b.family.name(),
                    "index": s.index,
                    "clearance_um": s.clearance_um,
                    "clearance_mm": s.clearance_mm,
                    "label": s.label,
                    "position": s.position,
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    })
}
