//! `skill_missing` / `skill_expired`: a carer holds every skill the visit needs, valid on the
//! visit's date (003 §3.39, §6.21; expired credentials are not rosterable, 000 §5.7.1).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};
use chrono::NaiveDate;

/// Skills and their expiry.
pub struct Skills;

impl Rule for Skills {
    fn codes(&self) -> &'static [&'static str] {
        &["skill_missing", "skill_expired"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let visit = ctx.visit(s.visit);
            let client = &ctx.problem.clients[s.client];
            let carer = &ctx.problem.carers[s.carer];
            let mut needed: Vec<&str> =
                client.required_skills.iter().chain(&visit.skills).map(String::as_str).collect();
            needed.sort_unstable();
            needed.dedup();
            for skill in needed {
                // A carer may list a skill more than once; the latest expiry counts.
                let held: Vec<Option<NaiveDate>> =
                    carer.skills.iter().filter(|k| k.skill == skill).map(|k| k.expires).collect();
                if held.is_empty() {
                    out.push(ctx.seat_violation(
                        "skill_missing",
                        s,
                        1,
                        Unit::Skills,
                        format!("carer does not hold `{skill}`"),
                    ));
                    continue;
                }
                if held.iter().any(Option::is_none) {
                    continue;
                }
                let latest = held.iter().flatten().max().copied();
                if let Some(expires) = latest {
                    if expires < visit.date {
                        let days = (visit.date - expires).num_days();
                        out.push(ctx.seat_violation(
                            "skill_expired",
                            s,
                            days,
                            Unit::Days,
                            format!("`{skill}` expired on {expires}, {days} day(s) before the visit"),
                        ));
                    }
                }
            }
        }
    }
}
