//! `link_same_carer`: a link marked `different_carers` needs its two visits done by different
//! carers (the two services of a double service in the Mankowska benchmark; two workers who
//! must not be the same person).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};

/// Different carers on linked visits.
pub struct Apart;

impl Rule for Apart {
    fn codes(&self) -> &'static [&'static str] {
        &["link_same_carer"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for (vi, visit) in ctx.problem.visits.iter().enumerate() {
            for link in visit.links.iter().filter(|l| l.different_carers) {
                let Some(&bi) = ctx.index.visits.get(&link.visit) else { continue };
                let carers_b: Vec<usize> = ctx.visit_seats[bi].iter().map(|&s| ctx.seats[s].carer).collect();
                for &s in &ctx.visit_seats[vi] {
                    let k = ctx.seats[s].carer;
                    if carers_b.contains(&k) {
                        out.push(ctx.seat_violation(
                            "link_same_carer",
                            &ctx.seats[s],
                            1,
                            Unit::Carers,
                            format!("the carer also does `{}`, which must go to a different carer", link.visit),
                        ));
                    }
                }
            }
        }
    }
}
