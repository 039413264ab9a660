//! `continuity_cap`: the number of distinct carers a client sees in the week is at most the
//! profile's cap for the package (the 100% column of 003 §5.27; Kent's team of 4, 8 for
//! multi-handed packages, 000 §8.1.1). A package is multi-handed if any of its visits needs two
//! or more carers.

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};

/// Distinct carers per client.
pub struct Continuity;

impl Rule for Continuity {
    fn codes(&self) -> &'static [&'static str] {
        &["continuity_cap"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for (ci, carers) in ctx.distinct_carers() {
            let client = &ctx.problem.clients[ci];
            let Some((_, max)) = ctx.profile(ci).continuity.caps(client.weekly_hours, ctx.multi_handed(ci)) else {
                continue;
            };
            let n = carers.len() as i64;
            if n > max as i64 {
                let names: Vec<&str> = carers.iter().map(|&c| ctx.problem.carers[c].id.as_str()).collect();
                out.push(
                    Violation::new(
                        "continuity_cap",
                        n - max as i64,
                        Unit::Carers,
                        format!("{n} distinct carers ({}); the cap is {max}", names.join(", ")),
                    )
                    .client(&client.id),
                );
            }
        }
    }
}
