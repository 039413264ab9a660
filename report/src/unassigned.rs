//! The unassigned visits: every entry of the rota's `unassigned` list, with the visit's client,
//! date, target time and duration, the seats left open, and the reason as a code, in words, and
//! the solver's own detail.

use crate::data::Data;
use crate::html::{esc, header_row, num_cell, text_cell};
use rota::format::Reason;
use std::fmt::Write;

/// What a reason code means for the scheduler (as in `docs/formats.md`).
fn meaning(reason: Reason) -> &'static str {
    match reason {
        Reason::NoSkilledCarer => "no carer holds every skill the visit needs on its date",
        Reason::NoCarerAvailable => "skilled carers exist, but none is available in the window",
        Reason::NoSecondCarer => "a first carer was found, but no second (or third) free at that time",
        Reason::ContinuityCap => "every eligible carer would take the client past the continuity cap",
        Reason::ClientPreference => "the client refuses, or requires something no free carer meets",
        Reason::WorkingTime => "it would break a carer's daily or weekly hours, a break rule, their rest or the travel between their rounds",
        Reason::LinkConflict => "its links (synchronisation, precedence, spacing) cannot be met",
        Reason::WindowConflict => "its own window leaves no start time within a time-critical call's tolerance",
        Reason::NoCapacity => "feasible carers exist, but their rounds are full",
        Reason::Cancelled => "left out on purpose (e.g. the client is in hospital)",
        Reason::NotAttempted => "the solve was stopped before it tried this visit; solve again for longer",
        Reason::Optional => "an optional visit, left out at its price",
    }
}

/// The `#unassigned` section.
pub(crate) fn section(d: &Data) -> String {
    let list = &d.rota.unassigned;
    let mut out = String::new();
    let seats: u64 = list.iter().map(|u| u64::from(u.seats)).sum();
    let _ = write!(out, "<section id=\"unassigned\"><h2>Unassigned visits</h2>");
    if list.is_empty() {
        out.push_str("<p class=\"good\">Every visit seat is scheduled.</p></section>");
        return out;
    }
    let _ = write!(
        out,
        "<p>{} {} with {} open {}. Each needs a decision: find cover, agree a new time with the client, or hand it back.</p>",
        list.len(),
        if list.len() == 1 { "visit" } else { "visits" },
        seats,
        if seats == 1 { "seat" } else { "seats" }
    );
    out.push_str("<div class=\"scroll tall\"><table class=\"sort\">");
    header_row(
        &mut out,
        &["visit", "client", "date", "target", "duration (min)", "seats open", "reason", "what it means", "detail"],
    );
    out.push_str("<tbody>");
    for u in list {
        let visit = d.visit_index.get(u.visit.as_str()).and_then(|&v| d.visits[v].visit);
        let _ = write!(out, "<tr data-visit=\"{}\">", esc(&u.visit));
        text_cell(&mut out, &u.visit);
        text_cell(&mut out, visit.map_or("", |v| v.client.as_str()));
        match visit {
            Some(v) => {
                let flags = match (v.time_critical, v.carers_required >= 2) {
                    (true, true) => " (time-critical, double-handed)",
                    (true, false) => " (time-critical)",
                    (false, true) => " (double-handed)",
                    (false, false) => "",
                };
                text_cell(&mut out, &v.date.format("%a %Y-%m-%d").to_string());
                text_cell(&mut out, &format!("{}{flags}", v.start));
                num_cell(&mut out, f64::from(v.duration_min), &v.duration_min.to_string());
            }
            None => out.push_str("<td></td><td></td><td></td>"),
        }
        num_cell(&mut out, f64::from(u.seats), &u.seats.to_string());
        let _ = write!(out, "<td><code>{}</code></td>", u.reason.code());
        text_cell(&mut out, meaning(u.reason));
        text_cell(&mut out, &u.detail);
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
    out
}
