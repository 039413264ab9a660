//! `link_broken`: for each link of visit A to visit B, `start(B) − start(A)` lies in
//! `[min_gap_min, max_gap_min]`, a visit's start being its earliest scheduled seat start
//! (synchronised, ordered and spaced calls; 000 §3.3.7.1; 004 §10.16).

use super::Rule;
use crate::check::timeline::{fmt_min, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Links between visits.
pub struct Links;

impl Rule for Links {
    fn codes(&self) -> &'static [&'static str] {
        &["link_broken"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for (vi, visit) in ctx.problem.visits.iter().enumerate() {
            let Some(a) = ctx.visit_start(vi) else { continue };
            for link in &visit.links {
                let Some(&bi) = ctx.index.visits.get(&link.visit) else { continue };
                let Some(b) = ctx.visit_start(bi) else { continue };
                let gap = b - a;
                let min = link.min_gap_min as i64 * MIN;
                let amount = if gap < min {
                    min - gap
                } else {
                    match link.max_gap_min {
                        Some(max) if gap > max as i64 * MIN => gap - max as i64 * MIN,
                        _ => continue,
                    }
                };
                let range = match link.max_gap_min {
                    Some(max) => format!("[{}, {max}]", link.min_gap_min),
                    None => format!("at least {}", link.min_gap_min),
                };
                out.push(
                    Violation::new(
                        "link_broken",
                        whole_min(amount),
                        Unit::Minutes,
                        format!(
                            "`{}` starts {} min after this visit; the link wants {range}",
                            link.visit,
                            fmt_min(gap)
                        ),
                    )
                    .visit(&visit.id)
                    .client(&visit.client)
                    .date(visit.date),
                );
            }
        }
    }
}
