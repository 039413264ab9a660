//! Shrink a failing problem while it still fails the same way.
//!
//! Greedy delta debugging over the problem's JSON: drop chunks of visits, then single visits,
//! carers, clients, links, availability windows and optional fields, keeping each cut that
//! still loads as a valid problem and still fails with the same signature. Matrix files are
//! kept whole (a matrix file may name more places than the problem has).

use crate::problem::Case;
use serde_json::Value;

/// The smallest case found that `fails` still holds for, within `budget` attempts.
pub fn minimize(case: Case, budget: usize, fails: &dyn Fn(&Case) -> bool) -> Case {
    let mut best = case;
    let mut tries = 0;
    loop {
        let before = tries;
        let mut progressed = false;
        for cut in cuts(&best.json) {
            if tries >= budget {
                return best;
            }
            let Some(json) = cut else { continue };
            tries += 1;
            if let Ok(candidate) = Case::load(json, best.matrices.clone()) {
                if fails(&candidate) {
                    best = candidate;
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed || tries == before {
            return best;
        }
    }
}

/// Every single cut of `json`, largest first; `None` where a cut does not apply.
fn cuts(json: &Value) -> Vec<Option<Value>> {
    let mut out = Vec::new();
    let n = list(json, "visits").len();
    let mut chunk = n / 2;
    while chunk >= 1 {
        for start in (0..n).step_by(chunk) {
            out.push(Some(drop_visits(json, start, (start + chunk).min(n))));
        }
        chunk /= 2;
    }
    for k in 0..list(json, "carers").len() {
        out.push(drop_item(json, "carers", k));
    }
    for c in 0..list(json, "clients").len() {
        out.push(drop_item(json, "clients", c));
    }
    for (i, v) in list(json, "visits").iter().enumerate() {
        for j in 0..v.get("links").and_then(Value::as_array).map_or(0, Vec::len) {
            out.push(Some(edit(json, |p| drop_nth(&mut p["visits"][i]["links"], j))));
        }
        for key in ["window", "due", "demand", "skills", "links", "time_critical", "priority", "short_call_authorised"]
        {
            if v.get(key).is_some() {
                out.push(Some(edit(json, |p| drop_key(&mut p["visits"][i], key))));
            }
        }
        if v.get("carers_required").and_then(Value::as_u64).is_some_and(|n| n > 1) {
            out.push(Some(edit(json, |p| p["visits"][i]["carers_required"] = Value::from(1))));
        }
    }
    for (k, c) in list(json, "carers").iter().enumerate() {
        for a in 0..c.get("availability").and_then(Value::as_array).map_or(0, Vec::len) {
            out.push(Some(edit(json, |p| drop_nth(&mut p["carers"][k]["availability"], a))));
        }
        for key in [
            "skills",
            "max_hours_per_day",
            "max_hours_per_week",
            "contracted_hours",
            "working_time",
            "capacity",
            "commute_on_shift",
            "start_location",
            "end_location",
            "hourly_rate",
            "languages",
            "gender",
            "out_of_hours",
            "travel_mode",
        ] {
            if c.get(key).is_some() {
                out.push(Some(edit(json, |p| drop_key(&mut p["carers"][k], key))));
            }
        }
    }
    for (i, c) in list(json, "clients").iter().enumerate() {
        for key in ["required_skills", "excluded_carers", "preferred_carers", "key_carer", "preferences"] {
            if c.get(key).is_some() {
                out.push(Some(edit(json, |p| drop_key(&mut p["clients"][i], key))));
            }
        }
        if c.get("profile").and_then(Value::as_str) != Some("custom") {
            out.push(Some(edit(json, |p| p["clients"][i]["profile"] = Value::from("custom"))));
        }
    }
    for key in ["working_time", "objective", "profiles"] {
        if json.get(key).is_some() {
            out.push(Some(edit(json, |p| drop_key(p, key))));
        }
    }
    out
}

fn list<'a>(json: &'a Value, key: &str) -> &'a [Value] {
    json.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn edit(json: &Value, f: impl FnOnce(&mut Value)) -> Value {
    let mut p = json.clone();
    f(&mut p);
    p
}

fn drop_key(v: &mut Value, key: &str) {
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
}

fn drop_nth(v: &mut Value, n: usize) {
    if let Some(a) = v.as_array_mut() {
        if n < a.len() {
            a.remove(n);
        }
    }
}

/// Drop visits `from..to` and the links to them.
fn drop_visits(json: &Value, from: usize, to: usize) -> Value {
    edit(json, |p| {
        let visits = p["visits"].as_array_mut().expect("a list of visits");
        let gone: Vec<Value> = visits.drain(from..to).filter_map(|v| v.get("id").cloned()).collect();
        for v in visits.iter_mut() {
            if let Some(links) = v.get_mut("links").and_then(Value::as_array_mut) {
                links.retain(|l| !l.get("visit").is_some_and(|id| gone.contains(id)));
            }
        }
    })
}

/// Drop carer or client `n` with every reference to it (a client's visits go with it).
fn drop_item(json: &Value, key: &str, n: usize) -> Option<Value> {
    let id = list(json, key).get(n)?.get("id")?.clone();
    Some(edit(json, |p| {
        drop_nth(&mut p[key], n);
        if key == "clients" {
            let visits = p["visits"].as_array_mut().expect("a list of visits");
            let gone: Vec<Value> =
                visits.iter().filter(|v| v.get("client") == Some(&id)).filter_map(|v| v.get("id").cloned()).collect();
            visits.retain(|v| v.get("client") != Some(&id));
            for v in visits.iter_mut() {
                if let Some(links) = v.get_mut("links").and_then(Value::as_array_mut) {
                    links.retain(|l| !l.get("visit").is_some_and(|x| gone.contains(x)));
                }
            }
            return;
        }
        for c in p["clients"].as_array_mut().into_iter().flatten() {
            for field in ["excluded_carers", "preferred_carers"] {
                if let Some(a) = c.get_mut(field).and_then(Value::as_array_mut) {
                    a.retain(|x| x != &id);
                }
            }
            if c.get("key_carer") == Some(&id) {
                drop_key(c, "key_carer");
            }
        }
    }))
}
