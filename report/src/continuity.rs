//! Continuity: one line per client with a scheduled seat, from the checker's continuity KPIs:
//! distinct carers this week against the target and cap of the client's contract profile, the
//! named key carer and their share of the client's on-site hours. The carers seen are listed by
//! id so a scheduler can see who to swap out.

use crate::data::Data;
use crate::html::{esc, header_row, num, num_cell, opt, pct, text_cell};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// The `#continuity` section.
pub(crate) fn section(d: &Data) -> String {
    let c = &d.report.kpis.continuity;
    let mut seen: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for s in &d.seats {
        seen.entry(d.visits[s.visit].client()).or_default().insert(s.carer);
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<section id=\"continuity\"><h2>Continuity</h2><p>{} clients with a cap: {} within target ({}), {} within cap ({}). \
         Key carers: {} clients, mean share {}, {} with the largest share.</p>",
        c.capped_clients,
        c.within_target,
        opt(c.within_target_share),
        c.within_cap,
        opt(c.within_cap_share),
        c.key_carer_clients,
        opt(c.key_carer_mean_share),
        c.key_carer_largest
    );
    if c.clients.is_empty() {
        out.push_str("<p class=\"empty\">No client has a scheduled visit.</p></section>");
        return out;
    }
    out.push_str("<div class=\"scroll tall\"><table class=\"sort\">");
    header_row(
        &mut out,
        &[
            "client",
            "profile",
            "weekly hours",
            "distinct carers",
            "target",
            "cap",
            "status",
            "key carer",
            "key carer share",
            "carers seen",
        ],
    );
    out.push_str("<tbody>");
    for line in &c.clients {
        let client = d.client_index.get(line.client.as_str()).map(|&i| &d.problem.clients[i]);
        let n = line.distinct_carers;
        let (status, class) = match (line.target, line.cap) {
            (_, Some(cap)) if n > cap as usize => ("over cap", "bad"),
            (Some(t), _) if n > t as usize => ("over target", "warn"),
            (Some(_), _) => ("within target", "ok"),
            (None, Some(_)) => ("within cap", "ok"),
            (None, None) => ("no cap", ""),
        };
        out.push_str("<tr>");
        text_cell(&mut out, &line.client);
        text_cell(&mut out, client.map_or("", |c| c.profile.as_str()));
        match client {
            Some(c) => num_cell(&mut out, c.weekly_hours, &num(c.weekly_hours)),
            None => out.push_str("<td></td>"),
        }
        num_cell(&mut out, n as f64, &n.to_string());
        for limit in [line.target, line.cap] {
            match limit {
                Some(x) => num_cell(&mut out, f64::from(x), &x.to_string()),
                None => out.push_str("<td class=\"n\" data-v=\"-1\">—</td>"),
            }
        }
        let _ = write!(out, "<td><span class=\"badge {class}\">{status}</span></td>");
        text_cell(&mut out, line.key_carer.as_deref().unwrap_or("—"));
        match line.key_carer_share {
            Some(s) => num_cell(&mut out, s, &pct(Some(s))),
            None => out.push_str("<td class=\"n\" data-v=\"-1\">—</td>"),
        }
        let carers: Vec<&str> =
            seen.get(line.client.as_str()).map(|set| set.iter().map(|&k| d.carers[k]).collect()).unwrap_or_default();
        let _ = write!(out, "<td class=\"ids\">{}</td>", esc(&carers.join(", ")));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
    out
}
