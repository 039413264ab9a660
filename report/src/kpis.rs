//! The KPI panel: the figures `rota check` prints, read from the checker's report.
//!
//! Nothing here is recomputed: each tile formats fields of [`rota::check::Kpis`] the way the
//! text report does (minutes with up to three decimals, ratios with two, `n/a` when undefined),
//! and the full text of `rota check` follows in a fold-out.

use crate::data::Data;
use crate::html::{esc, h2, header_row, num, opt, text_cell};
use std::fmt::Write;

/// One tile: a heading, a headline figure and detail lines.
struct Tile {
    label: &'static str,
    value: String,
    lines: Vec<String>,
    class: &'static str,
}

fn tile(label: &'static str, value: String, lines: Vec<String>) -> Tile {
    Tile { label, value, lines, class: "" }
}

/// The `#kpis` section.
pub(crate) fn section(d: &Data) -> String {
    let r = d.report;
    let k = &r.kpis;
    let mut tiles = Vec::new();

    let counts: Vec<String> = r.counts().iter().map(|(rule, n)| format!("{rule} {n}")).collect();
    tiles.push(Tile {
        label: "Hard violations",
        value: r.violations.len().to_string(),
        lines: if counts.is_empty() { vec!["none: every hard rule holds".into()] } else { counts },
        class: if r.violations.is_empty() { " ok" } else { " bad" },
    });

    let v = &k.visits;
    let by_reason: Vec<String> = v.unassigned_by_reason.iter().map(|(code, n)| format!("{code} {n}")).collect();
    tiles.push(tile(
        "Visits",
        format!("{} / {}", v.fully_scheduled, v.visits),
        vec![
            "fully scheduled".into(),
            format!("{} partially, {} not scheduled", v.partially_scheduled, v.not_scheduled),
        ],
    ));
    let mut seat_lines = vec![format!("scheduled of {}", v.seats), format!("{} unassigned", v.unassigned_seats)];
    if !by_reason.is_empty() {
        seat_lines.push(by_reason.join(", "));
    }
    let mut seats = tile("Seats", v.scheduled_seats.to_string(), seat_lines);
    if v.unassigned_seats > 0 {
        seats.class = " warn";
    }
    tiles.push(seats);

    let t = &k.travel;
    tiles.push(tile(
        "Travel",
        format!("{} min", num(t.total_min)),
        vec![
            format!("{:.1} km in all", t.total_km),
            format!("{} min between visits", num(t.between_visits_min)),
            format!("{} min commute", num(t.commute_min)),
        ],
    ));
    tiles.push(tile(
        "Travel ratio",
        opt(t.travel_ratio),
        vec![
            format!("{} with commute", opt(t.travel_ratio_with_commute)),
            format!("contact {} min", num(t.contact_min)),
            format!("waiting {} min", num(k.waiting_min)),
        ],
    ));

    let e = &k.emissions;
    let mut emission_lines: Vec<String> =
        e.by_mode.iter().map(|(mode, m)| format!("{mode} {:.2} kg over {:.1} km", m.kg, m.km)).collect();
    emission_lines.push(format!("{:.2} kg between visits", e.between_visits_kg));
    emission_lines.push(format!("{} kg per contact hour", opt(e.kg_per_contact_hour)));
    tiles.push(tile("Emissions", format!("{:.2} kg CO2e", e.total_kg), emission_lines));

    let p = &k.punctuality;
    tiles.push(tile(
        "Punctuality",
        format!("{} min", opt(p.mean_abs_deviation_min)),
        vec![
            format!("mean |start − target|, max {} min", opt(p.max_abs_deviation_min)),
            format!("{} late, {} early, {} missed", p.late, p.early, p.missed),
        ],
    ));
    tiles.push(tile(
        "Time-critical",
        format!("{} / {}", p.time_critical_within, p.time_critical_seats),
        vec!["seats within tolerance".into(), format!("compliance {}", opt(p.time_critical_compliance))],
    ));
    tiles.push(tile(
        "Double-ups",
        format!("{} / {}", p.double_up_within, p.double_up_visits),
        vec!["in sync".into(), format!("largest gap {} min", opt(p.double_up_max_gap_min))],
    ));

    let c = &k.continuity;
    tiles.push(tile(
        "Continuity",
        format!("{} / {}", c.within_cap, c.capped_clients),
        vec![
            "capped clients within cap".into(),
            format!("{} within target ({})", c.within_target, opt(c.within_target_share)),
            format!("within cap share {}", opt(c.within_cap_share)),
        ],
    ));
    tiles.push(tile(
        "Key carers",
        opt(c.key_carer_mean_share),
        vec![
            format!("mean share over {} clients", c.key_carer_clients),
            format!("{} with the largest share", c.key_carer_largest),
        ],
    ));

    let h = &k.hours;
    tiles.push(tile(
        "Hours",
        format!("{} h", h2(h.planned_h)),
        vec![
            format!("planned; commissioned {} h", h2(h.commissioned_h)),
            format!("demanded {} h", h2(h.demanded_h)),
            format!("{} clients over, {} under", h.over, h.under),
        ],
    ));

    let cr = &k.carers;
    tiles.push(tile(
        "Carers",
        cr.carers_used.to_string(),
        vec![
            "used".into(),
            format!("paid {} h of {} h available", h2(cr.paid_h), h2(cr.available_h)),
            format!("utilisation {}; cost £{:.2}", opt(cr.utilisation), cr.cost),
        ],
    ));

    let mut routing = vec!["weighted travel and lateness".into()];
    let td = &k.tardiness;
    if td.seats > 0 {
        routing.push(format!("{} of {} seats late past due", td.late_seats, td.seats));
        routing.push(format!("{} min in all, at most {} min", num(td.total_min), num(td.max_min)));
    }
    tiles.push(tile("Routing cost", num(k.routing_cost), routing));

    let mut out = String::new();
    out.push_str("<section id=\"kpis\"><h2>Summary</h2><div class=\"tiles\">");
    for t in &tiles {
        let _ = write!(
            out,
            "<div class=\"tile{}\"><div class=\"tl\">{}</div><div class=\"tv\">{}</div>",
            t.class,
            esc(t.label),
            esc(&t.value)
        );
        for line in &t.lines {
            let _ = write!(out, "<div class=\"td\">{}</div>", esc(line));
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");

    for n in &r.notes {
        let _ = write!(out, "<p class=\"note\">note: {}</p>", esc(n));
    }

    if !r.violations.is_empty() {
        let _ = write!(
            out,
            "<details{} id=\"violations\"><summary>{} hard violations</summary><div class=\"scroll\"><table class=\"sort\">",
            if r.violations.len() <= 50 { " open" } else { "" },
            r.violations.len()
        );
        header_row(&mut out, &["rule", "date", "visit", "carer", "client", "amount", "what is wrong"]);
        out.push_str("<tbody>");
        for v in &r.violations {
            out.push_str("<tr>");
            text_cell(&mut out, v.rule);
            text_cell(&mut out, &v.date.map_or(String::new(), |d| d.to_string()));
            text_cell(&mut out, v.visit.as_deref().unwrap_or(""));
            text_cell(&mut out, v.carer.as_deref().unwrap_or(""));
            text_cell(&mut out, v.client.as_deref().unwrap_or(""));
            let _ = write!(out, "<td class=\"n\" data-v=\"{}\">{} {}</td>", v.amount, v.amount, v.unit.name());
            text_cell(&mut out, &v.message);
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div></details>");
    }

    let _ = write!(
        out,
        "<details><summary>As printed by <code>rota check</code></summary><pre>{}</pre></details></section>",
        esc(&r.to_text())
    );
    out
}
