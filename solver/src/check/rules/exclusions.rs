//! `excluded_carer`: a client never gets a carer they have refused (002 §11.18; 003 §4.12).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};

/// Carers a client refuses.
pub struct Exclusions;

impl Rule for Exclusions {
    fn codes(&self) -> &'static [&'static str] {
        &["excluded_carer"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let carer = &ctx.problem.carers[s.carer].id;
            if ctx.problem.clients[s.client].excluded_carers.iter().any(|c| c == carer) {
                out.push(ctx.seat_violation("excluded_carer", s, 1, Unit::Seats, "the client has refused this carer"));
            }
        }
    }
}
