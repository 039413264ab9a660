//! `travel_impossible`: within a round, each visit starts no earlier than the previous visit's
//! planned end plus the recomputed travel between them: realistic, safe travel time that is
//! separate from care (000 §3.6.7, §3.6.10; 002 §10.6).

use super::Rule;
use crate::check::timeline::{fmt_min, show, whole_min, Context, SLACK};
use crate::check::{Unit, Violation};

/// Travel between consecutive visits.
pub struct TravelTime;

impl Rule for TravelTime {
    fn codes(&self) -> &'static [&'static str] {
        &["travel_impossible"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for r in &ctx.rounds {
            for pair in r.seats.windows(2) {
                let (prev, s) = (&ctx.seats[pair[0]], &ctx.seats[pair[1]]);
                let earliest = prev.end + s.travel;
                if s.start + SLACK < earliest {
                    out.push(ctx.seat_violation(
                        "travel_impossible",
                        s,
                        whole_min(earliest - s.start),
                        Unit::Minutes,
                        format!(
                            "starts {}, but `{}` ends {} and the travel takes {} min",
                            show(s.start),
                            ctx.visit(prev.visit).id,
                            show(prev.end),
                            fmt_min(s.travel)
                        ),
                    ));
                }
            }
        }
    }
}
