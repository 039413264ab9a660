//! `call_spacing`: where the profile sets a call spacing, a client's scheduled visits on one date
//! that are not linked to each other start at least that many minutes apart, start to start
//! (Bexley: calls at least 4 h apart, 004 §10.16).

use super::Rule;
use crate::check::timeline::{fmt_min, show, whole_min, Context, MIN};
use crate::check::{Unit, Violation};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Spacing of a client's calls.
pub struct Spacing;

impl Rule for Spacing {
    fn codes(&self) -> &'static [&'static str] {
        &["call_spacing"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        let mut days: BTreeMap<(usize, NaiveDate), Vec<(i64, usize)>> = BTreeMap::new();
        for (vi, visit) in ctx.problem.visits.iter().enumerate() {
            let Some(start) = ctx.visit_start(vi) else { continue };
            let Some(&client) = ctx.index.clients.get(&visit.client) else { continue };
            days.entry((client, visit.date)).or_default().push((start, vi));
        }
        for ((client, date), mut calls) in days {
            let Some(spacing) = ctx.profile(client).call_spacing_min else { continue };
            let spacing = spacing as i64 * MIN;
            calls.sort();
            for (j, &(sb, b)) in calls.iter().enumerate() {
                for &(sa, a) in &calls[..j] {
                    let (va, vb) = (ctx.visit(a), ctx.visit(b));
                    let linked = va.links.iter().any(|l| l.visit == vb.id) || vb.links.iter().any(|l| l.visit == va.id);
                    let apart = sb - sa;
                    if linked || apart >= spacing {
                        continue;
                    }
                    out.push(
                        Violation::new(
                            "call_spacing",
                            whole_min(spacing - apart),
                            Unit::Minutes,
                            format!(
                                "starts {}, {} min after `{}` (calls at least {} min apart)",
                                show(sb),
                                fmt_min(apart),
                                va.id,
                                fmt_min(spacing)
                            ),
                        )
                        .visit(&vb.id)
                        .client(&ctx.problem.clients[client].id)
                        .date(date),
                    );
                }
            }
        }
    }
}
