//! The picture renderer: pinned output, determinism, and every coupon's
//! picture showing every station.

use gapgauge::coupon::{Coupon, Family, PrintProfile};
use gapgauge::geom::fixtures::tetrahedron;
use gapgauge::geom::primitives::cuboid;
use gapgauge::geom::{Mesh, Point};
use gapgauge::render::view::View;
use gapgauge::render::{Size, coupon_png, encode, render_coupon, render_parts};
use gapgauge::sweep::{parse_list, parse_sweep};

/// FNV-1a, 64 bit: a stable hash written out here so the pinned values
/// cannot change with a library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A scene built from literal coordinates only (no sin/cos, so the same
/// vertices everywhere): a plate, a block standing on it with a step, a
/// raised "relief" strip on the plate's top, and a separate tetrahedron.
fn pinned_scene() -> Vec<Mesh> {
    let p = Point::new;
    let mut tet = tetrahedron();
    for v in &mut tet.vertices {
        *v = Point::new(v.x * 6.0 + 30.0, v.y * 6.0 + 2.0, v.z * 6.0 + 3.0);
    }
    let mut relief = cuboid(p(4.0, 1.0, 3.0), p(14.0, 2.0, 3.4));
    relief.append(&cuboid(p(4.0, 3.0, 3.0), p(5.0, 7.0, 3.4)));
    vec![
        cuboid(p(0.0, 0.0, 0.0), p(40.0, 12.0, 3.0)),
        cuboid(p(18.0, 4.0, 3.0), p(26.0, 10.0, 9.0)),
        relief,
        tet,
    ]
}

#[test]
fn renderer_output_is_pinned() {
    // These hashes change only when the renderer's look changes (view,
    // light, outlines, filtering) or the PNG encoder does: then look at the
    // new picture, and update them on purpose.
    let scene = pinned_scene();
    let parts: Vec<&Mesh> = scene.iter().collect();
    let pic = render_parts(&parts, View::FRONT_LEFT, Size::Width(320)).unwrap();
    assert_eq!((pic.image.width, pic.image.height), (320, 166));
    assert_eq!(
        fnv1a(&pic.image.rgba),
        12254008690084671381,
        "pixels changed"
    );
    assert_eq!(
        fnv1a(&encode::png(&pic.image)),
        13392352811790988417,
        "PNG bytes changed"
    );
}

fn build(family: Family, sweep: &str) -> Coupon {
    let c = if sweep.contains(':') {
        parse_sweep(sweep)
    } else {
        parse_list(sweep)
    };
    family.build(c.unwrap(), PrintProfile::default()).unwrap()
}

#[test]
fn same_coupon_same_bytes_on_every_thread() {
    // No hidden state: renders in parallel threads equal one on this one.
    let c = build(Family::PIN, "0.15:0.50:0.05");
    let a = coupon_png(&c, Size::Width(600)).unwrap();
    let others: Vec<Vec<u8>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|_| s.spawn(|| coupon_png(&c, Size::Width(600)).unwrap()))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(others.iter().all(|o| *o == a));
}

/// Every family, with two-digit and three-digit labels.
const CASES: &[(Family, &str)] = &[
    (Family::PIN, "0.10:0.50:0.05"),
    (Family::PIN, "0.100:0.275:0.025"),
    (Family::HINGE, "0.10:0.50:0.05"),
    (Family::HINGE, "0.100:0.275:0.025"),
    (Family::SLOTS, "0.10:0.50:0.05"),
    (Family::SLOTS, "0.100:0.275:0.025"),
    (Family::PLUGS, "0.10:0.50:0.05"),
    (Family::PLUGS, "0.100:0.275:0.025"),
];

#[test]
fn every_coupon_picture_is_not_blank() {
    for &(family, sweep) in CASES {
        let c = build(family, sweep);
        let pic = render_coupon(&c, Size::Width(1200)).unwrap();
        let img = &pic.image;
        let n = (img.width * img.height) as usize;
        let covered = img.rgba.chunks_exact(4).filter(|p| p[3] > 0).count();
        let share = covered as f64 / n as f64;
        assert!(
            (0.15..0.9).contains(&share),
            "{family} {sweep}: the coupon covers {share:.2} of the picture"
        );
        let mut shades: Vec<[u8; 3]> = img
            .rgba
            .chunks_exact(4)
            .filter(|p| p[3] == 255)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        shades.sort();
        shades.dedup();
        assert!(
            shades.len() >= 20,
            "{family} {sweep}: only {} shades: not shaded",
            shades.len()
        );
        let outlined = pic.outline.iter().filter(|&&o| o).count();
        assert!(
            outlined > n / 100,
            "{family} {sweep}: {outlined} outline pixels: no detail drawn"
        );
    }
}

#[test]
fn every_coupon_picture_shows_every_station() {
    for &(family, sweep) in CASES {
        let c = build(family, sweep);
        let pic = render_coupon(&c, Size::Width(1200)).unwrap();
        let (w, h) = (i64::from(pic.image.width), i64::from(pic.image.height));
        let top = c.bbox().max.z;
        let mut seen = Vec::new();
        for s in &c.stations {
            let p = Point::new(s.position[0], s.position[1], s.position[2]);
            let (x, y) = pic.fit.output_pixel(&p);
            assert!(
                (0..w).contains(&x) && (0..h).contains(&y),
                "{family} {sweep}: station {} is outside the picture",
                s.label
            );
            match s.part {
                // A moving part: how much of it is in sight.
                Some(part) => seen.push((s.label.clone(), pic.part_samples[part])),
                // A slit: an outline along both its edges where it meets
                // the top of the walls around it (at its centre only while
                // the slit is narrower than a few pixels).
                None => {
                    for side in [-0.5, 0.5] {
                        let edge = Point::new(p.x + side * s.clearance_mm, p.y, top);
                        let (x, y) = pic.fit.output_pixel(&edge);
                        assert!(
                            pic.outline_near(x, y, 2),
                            "{family} {sweep}: slit {} is not drawn",
                            s.label
                        );
                    }
                }
            }
        }
        // The tops of the moving parts (a hinge tab's leaf, where a pin
        // shows its slot) are in sight, not behind the carrier: at least
        // 2/3 of their samples visible. (Pins show about 72 %, the slot's
        // floor being inside it; hinge tabs seen from the isometric
        // elevation hide partly behind their knuckles (51 % in sight on the
        // earlier, taller ladder), which is why the hinge ladder is drawn
        // from higher up.)
        for part in 1..c.parts.len() as u32 {
            let (covered, visible) = pic
                .faces
                .iter()
                .filter(|f| f.part == part && f.normal[2] >= 120)
                .fold((0u64, 0u64), |(c, v), f| {
                    (c + u64::from(f.covered), v + u64::from(f.visible))
                });
            assert!(
                covered > 0 && visible * 3 >= covered * 2,
                "{family} {sweep}: part {part} shows {visible} of {covered} samples of its top"
            );
        }
        // No moving part hidden behind another or behind the carrier: each
        // shows at least half as much as the most visible one, and enough
        // pixels to see.
        let most = seen.iter().map(|s| s.1).max().unwrap_or(0);
        for (label, samples) in &seen {
            assert!(
                *samples * 2 >= most && *samples > 2000,
                "{family} {sweep}: station {label} shows {samples} samples, the best {most}"
            );
        }
    }
}

#[test]
fn sizes_outside_the_limits_are_refused_with_the_limit() {
    let c = build(Family::SLOTS, "0.2,0.3");
    for size in [
        Size::Width(0),
        Size::Width(5000),
        Size::Exact {
            width: 256,
            height: 8,
        },
    ] {
        let e = coupon_png(&c, size).unwrap_err().to_string();
        assert!(e.contains("16 to 4096 px"), "{e}");
    }
    let thumb = coupon_png(
        &c,
        Size::Exact {
            width: 256,
            height: 256,
        },
    )
    .unwrap();
    let dec = png::Decoder::new(std::io::Cursor::new(thumb))
        .read_info()
        .unwrap();
    assert_eq!((dec.info().width, dec.info().height), (256, 256));
}

mod cli {
    use crate::common::{run, scratch, text};
    use std::fs;

    #[test]
    fn make_preview_writes_a_png_beside_the_stl() {
        let tmp = scratch("preview");
        let d = tmp.path();
        let o = run(
            d,
            &[
                "make",
                "slots",
                "--sweep",
                "0.10:0.30:0.05",
                "-o",
                "s.stl",
                "--preview",
                "s.png",
                "--preview-width",
                "400",
            ],
        );
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{out}{err}");
        assert!(out.contains("wrote s.png: picture, 400 x "), "{out}");
        let png = fs::read(d.join("s.png")).unwrap();
        let r = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        assert_eq!(r.info().width, 400);
        // Same command, same bytes.
        let again = run(
            d,
            &[
                "make",
                "slots",
                "--sweep",
                "0.10:0.30:0.05",
                "-o",
                "t.stl",
                "--preview",
                "t.png",
                "--preview-width",
                "400",
            ],
        );
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(fs::read(d.join("t.png")).unwrap(), png);
        let j = run(
            d,
            &["make", "pin", "--json", "-o", "p.stl", "--preview", "p.png"],
        );
        let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
        assert_eq!(v["preview"]["file"], "p.png");
        assert_eq!(v["preview"]["width_px"], 1200);
    }

    #[test]
    fn a_bad_preview_width_names_the_flag_and_writes_nothing() {
        let tmp = scratch("preview-bad");
        let d = tmp.path();
        let o = run(
            d,
            &[
                "make",
                "pin",
                "-o",
                "p.stl",
                "--preview",
                "p.png",
                "--preview-width",
                "9000",
            ],
        );
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("--preview-width = 9000: must be 16 to 4096 px"),
            "{err}"
        );
        assert!(!d.join("p.stl").exists() && !d.join("p.png").exists());
        // The width alone means nothing: clap refuses it.
        let o = run(d, &["make", "pin", "-o", "p.stl", "--preview-width", "300"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).1.contains("--preview"));
    }
}
