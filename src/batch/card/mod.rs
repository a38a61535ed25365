//! The printable results card, `card.html`: for each coupon its picture,
//! one row per station with boxes to tick, how to work it, and the slicer
//! settings to print the set with. Plain HTML and CSS with `@page` rules,
//! so any browser prints it on A4 or Letter; no scripts, no web fonts.
//!
//! The words about each coupon come from [`wording`], the one place that
//! knows what a coupon's clearance means and how its labels read.

pub mod wording;

use super::Built;
use crate::coupon::PrintProfile;
use std::fmt::Write;
use wording::Wording;

/// What the card says about the set as a whole.
#[derive(Debug, Clone)]
pub struct CardSet<'a> {
    /// The filament, as a person names it ("Prusament Galaxy Black (petg)").
    pub title: &'a str,
    /// The printer preset's name.
    pub printer: &'a str,
    /// The print profile every coupon was built for.
    pub profile: PrintProfile,
    /// The filament's notes, if any.
    pub notes: Option<&'a str>,
    /// The set's folder as the user named it, for the `record` command line.
    pub folder: &'a str,
    /// The set's estimated print time and filament.
    pub print_cost: &'a crate::cost::SetCost,
}

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The card as one HTML document.
pub fn html(set: &CardSet, built: &[Built]) -> String {
    let mut s = String::new();
    let title = escape(set.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Gauge results: {title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(s, "<h1>Gauge results: {title}</h1>");
    let _ = writeln!(
        s,
        "<p class=\"meta\">Made by gapgauge {} for the {} printer: nozzle {} mm, layers {} mm, first layer {} mm.{}</p>",
        env!("CARGO_PKG_VERSION"),
        escape(set.printer),
        set.profile.nozzle,
        set.profile.layer_height,
        set.profile.first_layer_height,
        set.notes
            .map(|n| format!(" Notes: {}", escape(n)))
            .unwrap_or_default()
    );
    s.push_str(
        "<p class=\"fill\">Date printed <span class=\"line\"></span> Slicer and profile \
         <span class=\"line wide\"></span> Flow <span class=\"line short\"></span> Fan \
         <span class=\"line short\"></span></p>\n",
    );
    let _ = writeln!(
        s,
        "<p class=\"cost\">Printing the set takes {} of filament ({} coupons, {} stations, one \
         after another; each coupon's share is beside its name). Estimated by gapgauge with {}.</p>",
        set.print_cost.summary.short(),
        set.print_cost.coupons,
        set.print_cost.stations,
        escape(set.print_cost.summary.basis)
    );
    slicer_settings(&mut s, &set.profile);
    for b in built {
        coupon_section(&mut s, b, set.folder);
    }
    s.push_str(TROUBLESHOOTING);
    s.push_str("</body>\n</html>\n");
    s
}

/// The settings to slice the set with.
fn slicer_settings(s: &mut String, p: &PrintProfile) {
    let _ = write!(
        s,
        "<section class=\"settings\">\n<h2>Slice it with</h2>\n<ul>\n\
         <li>Layer height <b>{} mm</b> and first layer height <b>{} mm</b>. Every horizontal \
         gap in the gauge is a whole number of these layers; other heights print other gaps.</li>\n\
         <li><b>No supports.</b> None are needed (nothing overhangs more than 45 degrees except \
         short bridges), and support inside a gap welds it shut.</li>\n\
         <li><b>Holes as drawn.</b> Keep options that rewrite holes and overhangs off: \
         <code>hole_to_polyhole</code> (polyholes), \"make overhang printable\" \
         (<code>make_overhang_printable</code>, Cura <code>conical_overhang_enabled</code>). Leave \
         X-Y hole and contour compensation as you use them for real parts: the gauge measures \
         the whole chain.</li>\n\
         <li>Each STL is one object with its moving parts inside: do not split it into parts. \
         The same filament, flow and cooling as the real job.</li>\n</ul>\n</section>\n",
        p.layer_height, p.first_layer_height
    );
}

/// One coupon: picture, how to read it, the station table, the results.
fn coupon_section(s: &mut String, b: &Built, folder: &str) {
    let um: Vec<u32> = b.coupon.stations.iter().map(|st| st.clearance_um).collect();
    let w = Wording::new(b.family, &um);
    let _ = write!(
        s,
        "<section class=\"coupon\">\n<h2>{} <small>{} &middot; plan {} &middot; {}</small></h2>\n\
         <img src=\"{}\" alt=\"picture of the {} coupon with its station labels\">\n\
         <p>{}</p>\n<p>{}</p>\n",
        w.title(),
        escape(&b.file),
        escape(b.plan.summary()),
        b.cost.summary.short(),
        escape(&b.picture),
        b.family.name(),
        w.how_to_read(),
        w.labels(um.iter().copied().min().unwrap_or(0)),
    );
    let _ = write!(
        s,
        "<table class=\"stations\">\n<thead><tr><th>station</th><th>label</th><th>{}</th><th>expected</th>",
        w.clearance_heading()
    );
    for bx in w.boxes() {
        let _ = write!(s, "<th class=\"tick\">{bx}</th>");
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for st in &b.coupon.stations {
        let planned = b
            .plan
            .stations
            .iter()
            .find(|p| p.clearance.0 == st.clearance_um)
            .map_or("", |p| w.expected(p.expected));
        // A control sits below the slicer floor: printed to show the floor.
        let expected = if st.control {
            format!("{planned} (control)")
        } else {
            planned.to_string()
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"label\">{}</td><td>{}</td><td>{expected}</td>",
            st.index + 1,
            escape(&st.label),
            w.clearance(st.clearance_um)
        );
        for _ in w.boxes() {
            s.push_str("<td class=\"tick\"><span class=\"box\"></span></td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n<p class=\"results\">");
    for r in w.results() {
        let _ = write!(s, "{r}: <span class=\"line\"></span> mm<br>");
    }
    let _ = write!(
        s,
        "</p>\n<p class=\"record\">Then record it, with the smallest clearance that moved \
         freely: <code>{}</code></p>\n</section>\n",
        escape(&crate::calib::record::command_line_free(
            folder,
            b.family.name()
        ))
    );
}

/// Page and print rules: 12 mm margins on whatever paper the printer has
/// (the content is at most 186 mm wide, which fits A4 and Letter), and no
/// coupon split across two pages.
const STYLE: &str = "@page { margin: 12mm; }
html { font: 10pt/1.35 system-ui, 'DejaVu Sans', Arial, sans-serif; color: #000; }
body { max-width: 186mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 0 0 1.5mm; }
h2 small { font-weight: normal; font-size: 9pt; color: #333; }
p { margin: 1mm 0 1.5mm; }
.meta { color: #222; }
.line { display: inline-block; width: 28mm; border-bottom: 0.3mm solid #000; }
.line.wide { width: 45mm; } .line.short { width: 14mm; }
section { break-inside: avoid; page-break-inside: avoid; margin: 0 0 5mm; }
.settings ul { margin: 0; padding-left: 5mm; }
img { display: block; max-width: 100%; max-height: 55mm; margin: 1mm auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.25mm solid #555; padding: 0.6mm 2mm; text-align: left; }
th { background: #eee; font-weight: 600; }
td.label { font-weight: 700; font-family: 'DejaVu Sans Mono', monospace; }
.tick { text-align: center; width: 16mm; }
.box { display: inline-block; width: 3.5mm; height: 3.5mm; border: 0.35mm solid #000; vertical-align: middle; }
.results { margin-top: 2mm; line-height: 1.9; }
code { font-size: 9pt; }
@media screen { body { margin: 8mm auto; } }
";

const TROUBLESHOOTING: &str = "<section class=\"reading\">
<h2>What the result means</h2>
<p>Let the print cool for 15 minutes and clean strings out of each gap with paper or a feeler
before calling a station fused. Design with the smallest clearance that moves freely.</p>
<table>
<thead><tr><th>what you see</th><th>cause</th><th>move one thing</th></tr></thead>
<tbody>
<tr><td>welded: rigid, cracks when forced</td><td>gap too small, over-extrusion, weak cooling</td><td>open the gap, lower flow, or raise the fan</td></tr>
<tr><td>snaps on first movement</td><td>a thin section delaminated</td><td>orientation, more section or perimeters</td></tr>
<tr><td>rattles or falls apart</td><td>gap too large</td><td>close the gap</td></tr>
</tbody>
</table>
<p>Needs a wrench: add 0.1 mm. Wobbles: take off 0.05 mm. Stations below 0.10 mm are controls:
slicers close narrower cracks, so they are expected to fuse.</p>
</section>
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::Family;
    use crate::preset::{Material, Printer};
    use crate::units::Microns;

    /// A built coupon with a real plan, at the clearances given (um).
    fn built(family: Family, um: &[u32]) -> Built {
        let printer = Printer::load("generic-0.4").unwrap();
        let material = Material::load("pla").unwrap();
        let estimator = crate::cost::Estimator::for_print(&printer, &material);
        let plan = family.plan_input(material, &printer).plan().unwrap();
        let coupon = family
            .build(
                um.iter().map(|&c| Microns(c)).collect(),
                PrintProfile::default(),
            )
            .unwrap();
        let cost = crate::cost::coupon_cost(family, &coupon, &estimator).unwrap();
        Built {
            family,
            file: format!("{}.stl", family.name()),
            plan,
            coupon,
            picture: format!("{}.png", family.name()),
            png: Vec::new(),
            cost,
        }
    }

    fn set_cost(costs: &[crate::cost::CouponCost]) -> crate::cost::SetCost {
        let printer = Printer::load("generic-0.4").unwrap();
        let material = Material::load("pla").unwrap();
        crate::cost::set_cost(
            costs,
            &crate::cost::Estimator::for_print(&printer, &material),
        )
    }

    fn card(b: &[Built]) -> String {
        let costs: Vec<_> = b.iter().map(|b| b.cost).collect();
        let total = set_cost(&costs);
        let set = CardSet {
            title: "Acme <Night> & Blue",
            printer: "generic-0.4",
            profile: PrintProfile {
                layer_height: 0.16,
                first_layer_height: 0.24,
                ..PrintProfile::default()
            },
            notes: Some("dried"),
            folder: "gauges/acme night",
            print_cost: &total,
        };
        html(&set, b)
    }

    #[test]
    fn the_card_says_what_the_set_and_each_coupon_cost_to_print() {
        let all: Vec<Built> = side_gap_families().map(|f| built(f, &[150, 200])).collect();
        let costs: Vec<_> = all.iter().map(|b| b.cost).collect();
        let total = set_cost(&costs);
        let c = card(&all);
        let want = format!(
            "Printing the set takes {} of filament",
            total.summary.short()
        );
        assert!(c.contains(&want), "{want}");
        for b in &all {
            let heading = section(&c, b.family).lines().nth(1).unwrap();
            assert!(heading.contains(&b.cost.summary.short()), "{heading}");
        }
    }

    #[test]
    fn each_coupon_has_its_record_command_quoted_for_the_shell() {
        let all: Vec<Built> = side_gap_families().map(|f| built(f, &[150, 200])).collect();
        let c = card(&all);
        for f in side_gap_families() {
            let want = escape(&crate::calib::record::command_line_free(
                "gauges/acme night",
                f.name(),
            ));
            assert!(want.contains("&#39;gauges/acme night&#39;"), "{want}");
            assert!(section(&c, f).contains(&want), "{}", f.name());
        }
    }

    /// The families whose clearances are XY gaps in mm (not the bridge-gap
    /// sweep's whole layers), which these tests build at 0.15, 0.125 ...
    fn side_gap_families() -> impl Iterator<Item = Family> {
        Family::ALL
            .iter()
            .copied()
            .filter(|f| f.clearance_meaning() != crate::coupon::ClearanceMeaning::Vertical)
    }

    /// The text of one coupon's section.
    fn section(card: &str, family: Family) -> &str {
        let start = card
            .find(&format!("<img src=\"{}.png\"", family.name()))
            .unwrap();
        let from = card[..start].rfind("<section").unwrap();
        let len = card[from..].find("</section>").unwrap();
        &card[from..from + len]
    }

    #[test]
    fn every_station_has_a_row_with_its_label_clearance_and_boxes() {
        for um in [&[150, 200, 250, 300][..], &[100, 125, 150, 275][..]] {
            let all: Vec<Built> = side_gap_families().map(|f| built(f, um)).collect();
            let c = card(&all);
            for b in &all {
                let sec = section(&c, b.family);
                let w = Wording::new(b.family, um);
                assert!(sec.contains(&format!("<th>{}</th>", w.clearance_heading())));
                for st in &b.coupon.stations {
                    let row = format!(
                        "<tr><td>{}</td><td class=\"label\">{}</td><td>{}</td>",
                        st.index + 1,
                        st.label,
                        w.clearance(st.clearance_um)
                    );
                    assert!(sec.contains(&row), "{} lacks {row}", b.family);
                }
                let boxes = sec.matches("<span class=\"box\"></span>").count();
                assert_eq!(boxes, um.len() * w.boxes().len(), "{}", b.family);
                for bx in w.boxes() {
                    assert!(sec.contains(&format!("<th class=\"tick\">{bx}</th>")));
                }
                assert!(sec.contains(w.how_to_read()));
                assert!(sec.contains(&escape(&w.labels(um[0]))));
            }
        }
    }

    #[test]
    fn slots_say_full_width_and_three_digit_labels_say_thousandths() {
        let c = card(&[
            built(Family::SLOTS, &[100, 125, 275]),
            built(Family::PIN, &[100, 125, 275]),
        ]);
        let slots = section(&c, Family::SLOTS);
        assert!(
            !slots.contains("per side") && !slots.contains("fused"),
            "{slots}"
        );
        assert!(slots.contains("full width of the slit"));
        assert!(slots.contains("<th class=\"tick\">open</th><th class=\"tick\">closed</th>"));
        let pin = section(&c, Family::PIN);
        assert!(pin.contains("per side") && pin.contains("thousandths"));
        assert!(
            !c.contains("hundredths"),
            "three-digit labels are never hundredths"
        );
        assert!(pin.contains("<td class=\"label\">275</td><td>0.275</td>"));
    }

    #[test]
    fn card_states_the_slicer_settings_and_escapes_user_text() {
        let c = card(&[built(Family::PIN, &[150, 200])]);
        assert!(c.contains("Layer height <b>0.16 mm</b> and first layer height <b>0.24 mm</b>"));
        assert!(c.contains("<b>No supports.</b>"));
        assert!(c.contains("<code>hole_to_polyhole</code>"));
        assert!(c.contains("Acme &lt;Night&gt; &amp; Blue") && !c.contains("<Night>"));
        assert!(c.contains("@page"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"A&B\"</b> 'x'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;"
        );
    }
}
