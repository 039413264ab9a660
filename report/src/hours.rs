//! Carer hours: one line per carer from the checker's carer KPIs: rounds, visits, on-site,
//! travel, commute and waiting hours, working and paid hours, availability, utilisation (paid ÷
//! available, drawn as a bar), contracted hours and any paid hours over them, and cost.

use crate::data::Data;
use crate::html::{carer_colour, esc, h2, header_row, num_cell, opt, pct};
use std::fmt::Write;

/// The `#carer-hours` section.
pub(crate) fn section(d: &Data) -> String {
    let k = &d.report.kpis.carers;
    let mut out = String::new();
    let _ = write!(
        out,
        "<section id=\"carer-hours\"><h2>Carer hours</h2><p>{} carers used; paid {} h of {} h available \
         (utilisation {}); cost £{:.2}. Paid hours are on-site time plus travel into visits whose contract pays \
         travel; the commute is never paid.</p>",
        k.carers_used,
        h2(k.paid_h),
        h2(k.available_h),
        opt(k.utilisation),
        k.cost
    );
    out.push_str("<div class=\"scroll tall\"><table class=\"sort\">");
    header_row(
        &mut out,
        &[
            "carer",
            "rounds",
            "visits",
            "on site h",
            "travel h",
            "commute h",
            "waiting h",
            "working h",
            "paid h",
            "available h",
            "utilisation",
            "contracted h",
            "over contract h",
            "cost £",
        ],
    );
    out.push_str("<tbody>");
    let index: std::collections::HashMap<&str, usize> = d.carers.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    for line in &k.carers {
        let colour = index.get(line.carer.as_str()).map_or("#999".to_string(), |&i| carer_colour(i));
        let _ =
            write!(out, "<tr><td><span class=\"sw\" style=\"background:{colour}\"></span>{}</td>", esc(&line.carer));
        num_cell(&mut out, line.rounds as f64, &line.rounds.to_string());
        num_cell(&mut out, line.seats as f64, &line.seats.to_string());
        for h in [
            line.contact_h,
            line.travel_between_h,
            line.commute_h,
            line.waiting_h,
            line.working_h,
            line.paid_h,
            line.available_h,
        ] {
            num_cell(&mut out, h, &h2(h));
        }
        match line.utilisation {
            Some(u) => {
                let _ = write!(
                    out,
                    "<td class=\"n\" data-v=\"{u:.4}\"><span class=\"meter\"><span style=\"width:{:.0}%\"></span></span>{}</td>",
                    (u * 100.0).clamp(0.0, 100.0),
                    pct(Some(u))
                );
            }
            None => out.push_str("<td class=\"n\" data-v=\"-1\">n/a</td>"),
        }
        for h in [line.contracted_h, line.over_contracted_h] {
            match h {
                Some(h) => num_cell(&mut out, h, &h2(h)),
                None => out.push_str("<td class=\"n\" data-v=\"-1\">—</td>"),
            }
        }
        match line.cost {
            Some(c) => num_cell(&mut out, c, &format!("{c:.2}")),
            None => out.push_str("<td class=\"n\" data-v=\"-1\">—</td>"),
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
    out
}
