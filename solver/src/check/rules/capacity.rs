//! `capacity_exceeded`: the visits of a round carry no more `demand` than the carer's
//! `capacity` (a generic per-round load, as in vehicle routing; care problems rarely set it).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};

/// Round capacity.
pub struct Capacity;

impl Rule for Capacity {
    fn codes(&self) -> &'static [&'static str] {
        &["capacity_exceeded"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for r in &ctx.rounds {
            let carer = &ctx.problem.carers[r.carer];
            let Some(capacity) = carer.capacity else { continue };
            let load: u64 = r.seats.iter().map(|&s| ctx.visit(ctx.seats[s].visit).demand as u64).sum();
            if load > capacity as u64 {
                out.push(
                    Violation::new(
                        "capacity_exceeded",
                        (load - capacity as u64) as i64,
                        Unit::Load,
                        format!("the round carries {load}, over the carer's capacity of {capacity}"),
                    )
                    .carer(&carer.id)
                    .date(r.date),
                );
            }
        }
    }
}
