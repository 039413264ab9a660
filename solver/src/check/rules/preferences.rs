//! `preference_required`: a client's required preference (gender, language) is met by every
//! carer who visits; preferences are hard when required (002 §11.17; 004 §5.3, §10.16;
//! 000 §3.3.8.5). Matching ignores case (in any script) and surrounding spaces, whether or not
//! the problem was normalised when read.

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};
use crate::model::PreferenceAttribute;

/// Required preferences.
pub struct Preferences;

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Rule for Preferences {
    fn codes(&self) -> &'static [&'static str] {
        &["preference_required"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let carer = &ctx.problem.carers[s.carer];
            for p in ctx.problem.clients[s.client].preferences.iter().filter(|p| p.required) {
                let (met, what) = match p.attribute {
                    PreferenceAttribute::Gender => {
                        (carer.gender.as_deref().is_some_and(|g| same(g, &p.value)), "gender")
                    }
                    PreferenceAttribute::Language => (carer.languages.iter().any(|l| same(l, &p.value)), "language"),
                };
                if !met {
                    out.push(ctx.seat_violation(
                        "preference_required",
                        s,
                        1,
                        Unit::Seats,
                        format!("the client requires {what} `{}`", p.value),
                    ));
                }
            }
        }
    }
}
