//! Objective weights: each a finite number, zero or more.

use super::{non_negative, Context};
use crate::format::Findings;

/// `invalid_value` for a negative or non-finite objective weight.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let Ok(serde_json::Value::Object(weights)) = serde_json::to_value(cx.p.objective) else { return };
    for (name, value) in weights {
        // A non-finite float serialises as null.
        let ok = value.as_f64().is_some_and(non_negative);
        if !ok {
            f.error(
                format!("$.objective.{name}"),
                None,
                "invalid_value",
                format!("objective weight `{name}` must be a number, 0 or more"),
            );
        }
    }
}
