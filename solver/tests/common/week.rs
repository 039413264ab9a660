//! A random small week that mixes every rule type, for property tests.

use rota::format;
use rota::model::Problem;
use rota::rng::Rng;
use serde_json::{json, Value};

const DATES: [&str; 3] = ["2026-11-30", "2026-12-01", "2026-12-02"];
const SKILLS: [&str; 3] = ["dementia", "peg-feeding", "moving-handling"];
const PROFILES: [&str; 5] = ["kent", "bexley", "hammersmith-fulham", "milton-keynes", "tiny-cap"];

fn point(rng: &mut Rng) -> Value {
    json!({"lat": 51.26 + rng.unit() * 0.06, "lon": 1.04 + rng.unit() * 0.08})
}

fn hm(m: i64) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A random small week. Every problem it makes is valid (the test checks that too).
pub fn random_week(seed: u64) -> Problem {
    let mut rng = Rng::seeded(seed);
    let n_carers = 2 + rng.below(4);
    let n_clients = 2 + rng.below(6);
    let carers: Vec<Value> = (0..n_carers)
        .map(|k| {
            let mut availability = Vec::new();
            for date in DATES {
                match rng.below(4) {
                    0 => {}
                    1 => availability.push(json!({"date": date, "start": "07:00", "end": "22:00"})),
                    2 => {
                        availability.push(json!({"date": date, "start": "07:00", "end": "13:00"}));
                        availability.push(json!({"date": date, "start": "16:00", "end": "22:30"}));
                    }
                    _ => availability
                        .push(json!({"date": date, "start": hm(rng.range(360, 600)), "end": hm(rng.range(900, 1380))})),
                }
            }
            let mut skills: Vec<Value> = Vec::new();
            for s in SKILLS {
                if rng.chance(0.7) {
                    skills.push(if rng.chance(0.2) {
                        json!({"skill": s, "expires": "2026-12-01"})
                    } else {
                        json!({"skill": s})
                    });
                }
            }
            let mut c = json!({
                "id": format!("k{k}"), "home": point(&mut rng), "skills": skills,
                "availability": availability,
                "travel_mode": if rng.chance(0.25) { "walk" } else { "car" },
                "gender": if rng.chance(0.7) { "female" } else { "male" },
                "languages": if rng.chance(0.3) { json!(["English", "Polish"]) } else { json!(["English"]) },
                "out_of_hours": rng.chance(0.5),
            });
            if rng.chance(0.3) {
                c["max_hours_per_day"] = json!(rng.range(2, 8));
            }
            if rng.chance(0.3) {
                c["max_hours_per_week"] = json!(rng.range(4, 20));
            }
            if rng.chance(0.3) {
                c["contracted_hours"] = json!(rng.range(4, 30));
            }
            if rng.chance(0.2) {
                c["end_location"] = point(&mut rng);
            }
            if rng.chance(0.2) {
                c["working_time"] = json!({"break_rule": {"after_hours": rng.range(1, 4), "break_min": 20}});
            }
            if rng.chance(0.2) {
                c["capacity"] = json!(rng.range(1, 6));
            }
            if rng.chance(0.2) {
                c["commute_on_shift"] = json!(true);
            }
            c
        })
        .collect();
    let clients: Vec<Value> = (0..n_clients)
        .map(|c| {
            let mut v = json!({
                "id": format!("c{c}"), "location": point(&mut rng),
                "profile": PROFILES[rng.below(PROFILES.len())],
                "weekly_hours": ([1.0, 5.0, 12.0, 30.0])[rng.below(4)],
            });
            if rng.chance(0.3) {
                v["required_skills"] = json!([SKILLS[rng.below(3)]]);
            }
            let excluded = rng.chance(0.2).then(|| rng.below(n_carers));
            if let Some(x) = excluded {
                v["excluded_carers"] = json!([format!("k{x}")]);
            }
            let key = rng.below(n_carers);
            if rng.chance(0.3) && excluded != Some(key) {
                let k = format!("k{key}");
                v["preferred_carers"] = json!([k.clone()]);
                v["key_carer"] = json!(k);
            }
            let mut prefs = Vec::new();
            if rng.chance(0.2) {
                prefs.push(json!({"attribute": "gender", "value": "female", "required": rng.chance(0.5)}));
            }
            if rng.chance(0.2) {
                prefs.push(json!({"attribute": "language", "value": "Polish", "required": rng.chance(0.3)}));
            }
            v["preferences"] = json!(prefs);
            v
        })
        .collect();
    let n_visits = 4 + rng.below(14);
    let mut visits: Vec<Value> = (0..n_visits)
        .map(|i| {
            let client = rng.below(n_clients);
            let mut v = json!({
                "id": format!("v{i}"), "client": format!("c{client}"), "date": DATES[rng.below(3)],
                "start": hm(rng.range(6 * 60, 22 * 60) / 5 * 5),
                "duration_min": ([20, 30, 45, 60])[rng.below(4)],
                "carers_required": ([1, 1, 1, 2, 3])[rng.below(5)],
                "time_critical": rng.chance(0.2),
                "priority": 1 + rng.below(3),
            });
            if rng.chance(0.2) {
                let s = rng.range(6 * 60, 20 * 60);
                v["window"] = json!({"earliest": hm(s), "latest": hm(s + rng.range(0, 180))});
            }
            if rng.chance(0.2) {
                v["skills"] = json!([SKILLS[rng.below(3)]]);
            }
            if rng.chance(0.2) {
                v["demand"] = json!(rng.range(0, 4));
            }
            if rng.chance(0.2) {
                v["due"] = json!(hm(rng.range(7 * 60, 21 * 60)));
            }
            v
        })
        .collect();
    // Links only from a visit to a later one, with non-negative gaps: never a positive cycle.
    for (i, v) in visits.iter_mut().enumerate() {
        if rng.chance(0.2) && i + 1 < n_visits {
            let j = i + 1 + rng.below(n_visits - i - 1);
            let link = match rng.below(3) {
                0 => json!({"visit": format!("v{j}"), "min_gap_min": 0, "max_gap_min": 0}),
                1 => json!({"visit": format!("v{j}"), "min_gap_min": 30, "max_gap_min": 90}),
                _ => json!({"visit": format!("v{j}"), "min_gap_min": 240}),
            };
            let mut link = link;
            if rng.chance(0.3) {
                link["different_carers"] = json!(true);
            }
            v["links"] = json!([link]);
        }
    }
    let problem = json!({
        "format_version": "1.0", "name": format!("random {seed}"), "week_start": "2026-11-30",
        "skills": SKILLS.iter().map(|s| json!({"id": s})).collect::<Vec<_>>(),
        "profiles": {"tiny-cap": {"base": "custom",
            "continuity": {"bands": [{"up_to_hours": null, "target": 1, "max": 2}]}}},
        "clients": clients, "carers": carers, "visits": visits,
    });
    match format::parse_problem(&problem.to_string(), "random.json") {
        Ok(p) => p,
        Err(e) => panic!("seed {seed}: the random week is invalid:\n{e}"),
    }
}
