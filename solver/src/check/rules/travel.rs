//! `travel_impossible` / `travel_between_rounds`: each visit starts no earlier than the previous
//! visit's planned end plus the recomputed travel between them: realistic, safe travel time that
//! is separate from care (000 §3.6.7, §3.6.10; 002 §10.6). Within a round the previous visit is
//! the one before in the round; across rounds it is the carer's latest-ending earlier visit, so a
//! night round that ends at 07:00 at one client cannot be followed by a day round starting at
//! 07:00 at another.

use super::Rule;
use crate::check::timeline::{fmt_min, show, whole_min, Context, SLACK};
use crate::check::{Unit, Violation};

/// Travel between consecutive visits.
pub struct TravelTime;

impl Rule for TravelTime {
    fn codes(&self) -> &'static [&'static str] {
        &["travel_impossible", "travel_between_rounds"]
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
        for carer in 0..ctx.problem.carers.len() {
            for (si, before) in ctx.rests(carer) {
                let Some((pi, rest)) = before else { continue };
                let (prev, s) = (&ctx.seats[pi], &ctx.seats[si]);
                // Within a round the check above applies; an overlap is `overlapping_work`.
                if prev.round == s.round || s.start < prev.end || rest + SLACK >= 0 {
                    continue;
                }
                let travel = ctx.travel_between(prev, s);
                out.push(ctx.seat_violation(
                    "travel_between_rounds",
                    s,
                    whole_min(-rest),
                    Unit::Minutes,
                    format!(
                        "starts {} in a new round, but `{}` of the round before ends {} and the travel between \
                         takes {} min",
                        show(s.start),
                        ctx.visit(prev.visit).id,
                        show(prev.end),
                        fmt_min(travel)
                    ),
                ));
            }
        }
    }
}
