//! 3MF output read back the way a slicer reads it: unzip, parse the XML,
//! and compare with the STL route vertex for vertex.

use crate::common::{run, scratch, text};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

/// One XML element: its tag and attributes (values unescaped).
#[derive(Debug)]
struct Elem {
    tag: String,
    attrs: BTreeMap<String, String>,
}

/// Every element of `xml`, in document order.
fn elements(xml: &str) -> Vec<Elem> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("well-formed attribute");
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push(Elem {
                    tag: e.name().as_ref().to_string(),
                    attrs,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The package's entries, in archive order, name -> text (the PNG
/// thumbnail's bytes read lossily; see [`entry_bytes`]).
fn entries(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            let name = f.name().unwrap().into_owned();
            (name, String::from_utf8_lossy(&b).into_owned())
        })
        .collect()
}

/// One entry's raw bytes.
fn entry_bytes(path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut b = Vec::new();
    f.read_to_end(&mut b).unwrap();
    b
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn make_and_batch_plates_carry_the_preview_as_their_thumbnail() {
    let tmp = scratch("3mf-thumb");
    let d = tmp.path();
    make(d, "pin", "pin.3mf");
    let o = run(
        d,
        &[
            "batch",
            "pla",
            "--out-dir",
            "plates",
            "--format",
            "3mf",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    for plate in [d.join("pin.3mf"), d.join("plates/pla/pla.3mf")] {
        let png = entry_bytes(&plate, "Metadata/thumbnail.png");
        assert_eq!(png_size(&png), (256, 256), "{}", plate.display());
        let e = entries(&plate);
        assert!(entry(&e, "_rels/.rels").contains("/Metadata/thumbnail.png"));
        assert!(entry(&e, "[Content_Types].xml").contains("image/png"));
    }
}

fn entry<'a>(e: &'a [(String, String)], name: &str) -> &'a str {
    &e.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// One `<object>` of the model, as parsed.
#[derive(Debug)]
struct Obj {
    name: String,
    vertices: Vec<[f32; 3]>,
    triangles: Vec<[usize; 3]>,
}

/// The objects of `3D/3dmodel.model` and each build item's transform.
fn model(xml: &str) -> (Vec<Obj>, Vec<String>) {
    let mut objs: Vec<Obj> = Vec::new();
    let mut items = Vec::new();
    let f = |e: &Elem, k: &str| -> f32 { e.attrs[k].parse().unwrap() };
    let i = |e: &Elem, k: &str| -> usize { e.attrs[k].parse().unwrap() };
    for e in elements(xml) {
        match e.tag.as_str() {
            "object" => {
                assert_eq!(e.attrs["id"], (objs.len() + 1).to_string());
                objs.push(Obj {
                    name: e.attrs["name"].clone(),
                    vertices: Vec::new(),
                    triangles: Vec::new(),
                });
            }
            "vertex" => {
                let v = [f(&e, "x"), f(&e, "y"), f(&e, "z")];
                objs.last_mut().unwrap().vertices.push(v);
            }
            "triangle" => {
                let t = [i(&e, "v1"), i(&e, "v2"), i(&e, "v3")];
                objs.last_mut().unwrap().triangles.push(t);
            }
            "item" => items.push(e.attrs["transform"].clone()),
            _ => {}
        }
    }
    (objs, items)
}

/// `(firstid, lastid, name)` of every volume, per object, from
/// PrusaSlicer's model config; the same from OrcaSlicer's `<part>`s.
fn volumes(xml: &str, volume_tag: &str) -> Vec<Vec<(usize, usize, String)>> {
    let mut out: Vec<Vec<(usize, usize, String)>> = Vec::new();
    let mut in_volume = false;
    for e in elements(xml) {
        if e.tag == "object" {
            out.push(Vec::new());
            in_volume = false;
        } else if e.tag == volume_tag {
            let r = (
                e.attrs["firstid"].parse().unwrap(),
                e.attrs["lastid"].parse().unwrap(),
                String::new(),
            );
            out.last_mut().unwrap().push(r);
            in_volume = true;
        } else if e.tag == "metadata" && in_volume && e.attrs["key"] == "name" {
            out.last_mut().unwrap().last_mut().unwrap().2 = e.attrs["value"].clone();
        } else if e.tag == "plate" {
            in_volume = false;
        }
    }
    out
}

/// Object-level `key -> value` settings, per object.
fn object_settings(xml: &str) -> Vec<BTreeMap<String, String>> {
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    let mut at_object = false;
    for e in elements(xml) {
        match e.tag.as_str() {
            "object" => {
                out.push(BTreeMap::new());
                at_object = true;
            }
            "volume" | "part" | "plate" => at_object = false,
            "metadata" if at_object => {
                out.last_mut()
                    .unwrap()
                    .insert(e.attrs["key"].clone(), e.attrs["value"].clone());
            }
            _ => {}
        }
    }
    out
}

/// Triangle corners of a binary STL, in file order.
fn stl_corners(path: &Path) -> Vec<[[f32; 3]; 3]> {
    let m = stl_io::read_stl(&mut fs::File::open(path).unwrap()).unwrap();
    m.faces
        .iter()
        .map(|f| f.vertices.map(|v| m.vertices[v].0))
        .collect()
}

/// Triangle corners of a parsed 3MF object, in file order.
fn obj_corners(o: &Obj) -> Vec<[[f32; 3]; 3]> {
    o.triangles
        .iter()
        .map(|t| t.map(|v| o.vertices[v]))
        .collect()
}

const SWEEP: &[&str] = &[
    "--sweep",
    "0.10:0.30:0.05",
    "--layer-height",
    "0.16",
    "--first-layer-height",
    "0.24",
];

fn make(d: &Path, coupon: &str, out: &str) -> serde_json::Value {
    let mut args = vec!["make", coupon];
    args.extend_from_slice(SWEEP);
    args.extend_from_slice(&["-o", out, "--json"]);
    let o = run(d, &args);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn make_3mf_reads_back_as_the_stl_vertex_for_vertex_with_named_parts_and_settings() {
    let tmp = scratch("3mf-make");
    let d = tmp.path();
    for coupon in ["pin", "hinge"] {
        let json = make(d, coupon, &format!("{coupon}.3mf"));
        make(d, coupon, &format!("{coupon}.stl"));
        assert_eq!(json["format"], "3mf");
        let e = entries(&d.join(format!("{coupon}.3mf")));
        let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "3D/3dmodel.model",
                "Metadata/Slic3r_PE.config",
                "Metadata/Slic3r_PE_model.config",
                "Metadata/model_settings.config",
                "Metadata/thumbnail.png",
            ]
        );
        assert!(entry(&e, "_rels/.rels").contains("Target=\"/3D/3dmodel.model\""));

        // One object, the STL's triangles in the STL's order, same f32s.
        let (objs, items) = model(entry(&e, "3D/3dmodel.model"));
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].name, format!("{coupon} gauge, 0.10–0.30 mm"));
        let stl = stl_corners(&d.join(format!("{coupon}.stl")));
        assert_eq!(obj_corners(&objs[0]), stl, "{coupon}: vertex for vertex");

        // Every part a named volume over its own triangles, for both slicers.
        let parts = json["parts"].as_array().unwrap();
        for tag in ["volume", "part"] {
            let config = if tag == "volume" {
                "Metadata/Slic3r_PE_model.config"
            } else {
                "Metadata/model_settings.config"
            };
            let vols = volumes(entry(&e, config), tag);
            assert_eq!(vols.len(), 1);
            assert_eq!(vols[0].len(), parts.len(), "{config}");
            let mut next = 0;
            for ((first, last, name), p) in vols[0].iter().zip(parts) {
                assert_eq!(name, p["name"].as_str().unwrap());
                assert_eq!(*first, next);
                assert_eq!(last - first + 1, p["triangles"].as_u64().unwrap() as usize);
                next = last + 1;
            }
            assert_eq!(next, stl.len());
        }

        // The build item centres the coupon on the 220 x 220 default bed.
        let t: Vec<f64> = items[0].split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(&t[..9], &[1., 0., 0., 0., 1., 0., 0., 0., 1.]);
        let bb = &json["bbox_mm"];
        let centre =
            |k: usize| (bb["min"][k].as_f64().unwrap() + bb["max"][k].as_f64().unwrap()) / 2.0;
        assert!(
            (t[9] + centre(0) - 110.0).abs() < 1e-9 && (t[10] + centre(1) - 110.0).abs() < 1e-9
        );

        // The settings the gauge was built for, where each slicer reads them.
        let prusa = object_settings(entry(&e, "Metadata/Slic3r_PE_model.config"));
        assert_eq!(prusa[0]["layer_height"], "0.16");
        assert_eq!(prusa[0]["xy_size_compensation"], "0");
        let orca = object_settings(entry(&e, "Metadata/model_settings.config"));
        assert_eq!(orca[0]["layer_height"], "0.16");
        assert_eq!(orca[0]["hole_to_polyhole"], "0");
        assert_eq!(orca[0]["xy_hole_compensation"], "0");
        assert_eq!(orca[0]["name"], objs[0].name);
        let print = entry(&e, "Metadata/Slic3r_PE.config");
        assert!(print.contains("\n; first_layer_height = 0.24\n"), "{print}");
        assert!(print.contains("\n; layer_height = 0.16\n"), "{print}");
    }
}

#[test]
fn same_input_same_bytes_and_format_flag_without_a_name() {
    let tmp = scratch("3mf-determinism");
    let d = tmp.path();
    make(d, "plugs", "a.3mf");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    make(d, "plugs", "b.3mf");
    assert_eq!(
        fs::read(d.join("a.3mf")).unwrap(),
        fs::read(d.join("b.3mf")).unwrap()
    );
    // No file name: --format picks the default name's extension.
    let mut args = vec!["make", "plugs"];
    args.extend_from_slice(SWEEP);
    args.extend_from_slice(&["--format", "3mf"]);
    let o = run(d, &args);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert_eq!(
        fs::read(d.join("plugs-gauge.3mf")).unwrap(),
        fs::read(d.join("a.3mf")).unwrap()
    );
}

#[test]
fn bad_extensions_and_contradictions_are_refused_before_anything_is_written() {
    let tmp = scratch("3mf-bad");
    let d = tmp.path();
    fs::write(d.join("keep.3mf"), b"mine").unwrap();
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["-o", "g.obj"],
            &["-o = g.obj", "unknown extension .obj", ".stl and .3mf"],
        ),
        (
            &["-o", "gauge"],
            &["-o = gauge", "no extension", ".stl and .3mf"],
        ),
        (
            &["-o", "keep.3mf", "--format", "stl"],
            &["--format = stl", "-o keep.3mf", "3mf"],
        ),
        (&["--format", "obj"], &["obj", "stl", "3mf"]),
    ];
    for (extra, wanted) in cases {
        let mut args = vec!["make", "pin"];
        args.extend_from_slice(SWEEP);
        args.extend_from_slice(extra);
        let o = run(d, &args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        for w in wanted {
            assert!(err.contains(w), "{extra:?}: {w:?} not in {err}");
        }
    }
    assert_eq!(fs::read(d.join("keep.3mf")).unwrap(), b"mine");
    let mut left: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["keep.3mf"], "nothing else written");
}

#[test]
fn batch_3mf_is_one_plate_per_filament_with_the_stl_sets_geometry() {
    let tmp = scratch("3mf-batch");
    let d = tmp.path();
    for (format, dir) in [("3mf", "plates"), ("stl", "stls")] {
        let o = run(
            d,
            &[
                "batch",
                "pla",
                "petg",
                "--out-dir",
                dir,
                "--format",
                format,
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    }
    for f in ["pla", "petg"] {
        let folder = d.join("plates").join(f);
        let mut files: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let plate = format!("{f}.3mf");
        let mut want = [
            "card.html",
            "hinge.png",
            "manifest.json",
            "pin.png",
            &plate,
            "slots.png",
        ];
        want.sort();
        assert_eq!(files, want);
        let m: serde_json::Value =
            serde_json::from_slice(&fs::read(folder.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(m["format"], "3mf");
        let e = entries(&folder.join(format!("{f}.3mf")));
        let (objs, items) = model(entry(&e, "3D/3dmodel.model"));
        let coupons = m["coupons"].as_array().unwrap();
        assert_eq!(objs.len(), coupons.len());
        assert_eq!(items.len(), coupons.len());
        let prusa = object_settings(entry(&e, "Metadata/Slic3r_PE_model.config"));
        let vols = volumes(entry(&e, "Metadata/Slic3r_PE_model.config"), "volume");
        for (i, (c, o)) in coupons.iter().zip(&objs).enumerate() {
            let family = c["coupon"].as_str().unwrap();
            assert_eq!(c["file"], format!("{f}.3mf"));
            assert_eq!(c["object"].as_str(), Some(o.name.as_str()));
            assert!(
                o.name.starts_with(&format!("{family} gauge, {f}, ")),
                "{}",
                o.name
            );
            assert_eq!(prusa[i]["name"], o.name);
            assert_eq!(vols[i].len() as u64, c["parts"].as_u64().unwrap());
            // Placed by the layout already: identity build items, and the
            // same triangles as the STL set's file for this coupon.
            assert_eq!(items[i], "1 0 0 0 1 0 0 0 1 0 0 0");
            let stl = stl_corners(&d.join("stls").join(f).join(format!("{family}.stl")));
            assert_eq!(obj_corners(o), stl, "{f} {family}: vertex for vertex");
        }
    }
}
