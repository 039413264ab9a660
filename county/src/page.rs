//! The county capacity report as one self-contained HTML page: the county's figures, a map of
//! the clusters coloured by shortfall (inline SVG, no tiles, no script, no network), a table per
//! cluster, unplaced seats by band and the spill-over scenario.

use crate::capacity::CountyReport;
use crate::manifest::Manifest;
use crate::map::{colour, scale_top};
use geo::{BoundingRect, MultiPolygon};
use std::fmt::Write;

/// Escape text for HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Map width in pixels.
const WIDTH: f64 = 760.0;

/// The page.
pub fn render(manifest: &Manifest, shapes: &[MultiPolygon<f64>], report: &CountyReport) -> String {
    let mut out = String::new();
    let top = scale_top(&report.clusters.iter().map(share).collect::<Vec<_>>());
    let t = &report.totals;
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{area} county capacity</title><style>\
         body{{font:14px system-ui,sans-serif;margin:1.5em;color:#222}}table{{border-collapse:collapse;margin:1em 0}}\
         th,td{{border:1px solid #ccc;padding:3px 7px;text-align:right}}th{{background:#f3f3f3}}\
         td.t,th.t{{text-align:left;white-space:nowrap}}.kpi{{display:inline-block;margin:0 2em 1em 0}}.kpi b{{font-size:1.6em;display:block}}\
         svg path{{stroke:#333;stroke-width:0.7}}small{{color:#666}}</style></head><body>\
         <h1>{area}: capacity of {n} clusters</h1>",
        area = esc(&report.area),
        n = t.clusters
    );
    let bound = t.bound_unplaced.map_or("not computed".to_string(), |b| b.to_string());
    for (label, value) in [
        ("clients", t.clients.to_string()),
        ("carers", t.carers.to_string()),
        ("seats in the week", t.seats.to_string()),
        ("unplaced seats (own clusters)", t.unplaced.to_string()),
        ("proven lower bound on unplaced", bound),
        ("unplaced after spill-over", t.unplaced_after_spill.to_string()),
        ("hard violations", t.violations.to_string()),
    ] {
        let _ = write!(out, "<div class=\"kpi\"><b>{}</b>{}</div>", esc(&value), esc(label));
    }
    let _ = write!(
        out,
        "<p><small>Seed {}, {} s per cluster; {} clients offered to neighbouring clusters, {} moved. \
         Run took {:.0} s.</small></p>",
        report.seed, report.time_limit_s, t.offered_clients, t.moved_clients, t.seconds
    );
    out.push_str("<h2>Map: unplaced seats as a share of the week's seats</h2>");
    out.push_str(&svg_map(manifest, shapes, report, top));
    out.push_str(&cluster_table(report, top));
    out.push_str(&band_table(report));
    out.push_str(&spill_table(report));
    out.push_str("<h2>Data</h2><p><small>");
    for line in &manifest.attribution {
        let _ = write!(out, "{}<br>", esc(line));
    }
    out.push_str("</small></p></body></html>\n");
    out
}

/// A cluster's unplaced seats as a share of its seats.
fn share(c: &crate::capacity::ClusterResult) -> f64 {
    if c.solve.seats == 0 {
        0.0
    } else {
        c.solve.unplaced as f64 / c.solve.seats as f64
    }
}

fn svg_map(manifest: &Manifest, shapes: &[MultiPolygon<f64>], report: &CountyReport, top: f64) -> String {
    let boxes: Vec<_> = shapes.iter().filter_map(|s| s.bounding_rect()).collect();
    let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
        boxes.iter().map(|b| b.min().x).min_by(f64::total_cmp),
        boxes.iter().map(|b| b.max().x).max_by(f64::total_cmp),
        boxes.iter().map(|b| b.min().y).min_by(f64::total_cmp),
        boxes.iter().map(|b| b.max().y).max_by(f64::total_cmp),
    ) else {
        return String::new();
    };
    let k = ((y0 + y1) / 2.0).to_radians().cos();
    let scale = WIDTH / ((x1 - x0) * k).max(1e-9);
    let height = (y1 - y0) * scale;
    let mut out = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH} {height:.0}\">");
    for ((cluster, shape), result) in manifest.clusters.iter().zip(shapes).zip(&report.clusters) {
        let share =
            if result.solve.seats == 0 { 0.0 } else { result.solve.unplaced as f64 / result.solve.seats as f64 };
        let mut d = String::new();
        for polygon in shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for (i, c) in ring.coords().enumerate() {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1}",
                        if i == 0 { "M" } else { "L" },
                        (c.x - x0) * k * scale,
                        (y1 - c.y) * scale
                    );
                }
                d.push('Z');
            }
        }
        let _ = write!(
            out,
            "<path fill=\"{}\" fill-rule=\"evenodd\" d=\"{d}\"><title>{} {}: {} of {} seats unplaced ({:.1}%)</title></path>",
            colour(share, top),
            esc(&cluster.id),
            esc(&cluster.name),
            result.solve.unplaced,
            result.solve.seats,
            share * 100.0
        );
    }
    let _ = write!(
        out,
        "</svg><p><small>Green: none unplaced; amber: {:.1}%; red: {:.1}% (the largest share, or 5%).</small></p>",
        top * 50.0,
        top * 100.0
    );
    out
}

fn cluster_table(report: &CountyReport, top: f64) -> String {
    let mut out = String::from(
        "<h2>Clusters</h2><table><tr><th class=\"t\">cluster</th><th class=\"t\">name</th><th>clients</th>\
         <th>carers</th><th>providers</th><th>seats</th><th>unplaced</th><th>bound</th><th>after spill-over</th>\
         <th>violations</th><th>travel h</th><th>solve s</th></tr>",
    );
    for c in &report.clusters {
        let bound = match &c.bound {
            Some(Ok(b)) => b.unplaced.to_string(),
            Some(Err(_)) => "failed".into(),
            None => "-".into(),
        };
        let _ = write!(
            out,
            "<tr><td class=\"t\" style=\"border-left:8px solid {}\">{}</td><td class=\"t\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td></tr>",
            colour(share(c), top),
            esc(&c.id),
            esc(&c.name),
            c.clients,
            c.carers,
            c.providers.len(),
            c.solve.seats,
            c.solve.unplaced,
            bound,
            c.spill.unplaced_after,
            c.solve.violations,
            c.solve.travel_hours,
            c.solve.seconds
        );
    }
    out.push_str("</table>");
    out
}

fn band_table(report: &CountyReport) -> String {
    let bands: std::collections::BTreeSet<&String> =
        report.clusters.iter().flat_map(|c| c.solve.unplaced_by_band.keys()).collect();
    let mut out =
        String::from("<h2>Unplaced seats by band of the target start</h2><table><tr><th class=\"t\">cluster</th>");
    for b in &bands {
        let _ = write!(out, "<th>{}</th>", esc(b));
    }
    out.push_str("</tr>");
    for c in &report.clusters {
        let _ = write!(out, "<tr><td class=\"t\">{}</td>", esc(&c.id));
        for b in &bands {
            let _ = write!(out, "<td>{}</td>", c.solve.unplaced_by_band.get(*b).copied().unwrap_or(0));
        }
        out.push_str("</tr>");
    }
    let _ = write!(out, "<tr><th class=\"t\">county</th>");
    for b in &bands {
        let _ = write!(out, "<th>{}</th>", report.totals.unplaced_by_band.get(*b).copied().unwrap_or(0));
    }
    out.push_str("</tr></table>");
    out
}

fn spill_table(report: &CountyReport) -> String {
    let mut out = String::from(
        "<h2>Spill-over: providers take packages from neighbouring clusters</h2>\
         <p>A client with an unplaced seat is offered, whole, to the providers of adjacent clusters that left a smaller share of their seats unplaced, if one has the spare hours \
         after its own cluster's unplaced seats (docs/county.md).</p><table><tr><th class=\"t\">client</th>\
         <th class=\"t\">from</th><th class=\"t\">taken by</th><th>seats</th><th>hours needed</th></tr>",
    );
    let mut any = false;
    for c in &report.clusters {
        for t in &c.spill.taken {
            any = true;
            let _ = write!(
                out,
                "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{}</td><td>{:.1}</td></tr>",
                esc(&t.client),
                esc(&t.from),
                esc(&t.provider),
                t.seats,
                t.need_hours
            );
        }
    }
    if !any {
        out.push_str("<tr><td class=\"t\" colspan=\"5\">No package moved.</td></tr>");
    }
    out.push_str("</table>");
    out
}
