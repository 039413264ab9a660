//! `carers.csv`: one row per carer, with skills and availability.

use super::availability::parse_availability;
use super::pattern::parse_date;
use super::table::{list, optional, required, skill_id, Cells, Column, Table};
use super::{place, CsvFile, CsvOptions, Found};
use crate::model::{Carer, CarerSkill, TravelMode};
use crate::time::Week;
use std::collections::HashMap;

/// The columns of `carers.csv`.
pub(super) const COLUMNS: [Column; 16] = [
    required("id"),
    optional("postcode"),
    optional("lat"),
    optional("lon"),
    optional("cluster"),
    optional("provider"),
    optional("skills"),
    required("availability"),
    optional("travel_mode"),
    optional("max_hours_per_day"),
    optional("max_hours_per_week"),
    optional("contracted_hours"),
    optional("hourly_rate"),
    optional("gender"),
    optional("languages"),
    optional("out_of_hours"),
];

/// What the file gave.
#[derive(Default)]
pub(super) struct Carers {
    /// Carers read without error, with their row numbers, in file order.
    pub rows: Vec<(Carer, usize)>,
    /// Whether the file and its header could be read.
    pub table_read: bool,
    /// Ids of rows that had errors.
    pub failed: Vec<String>,
    /// Every skill named in the `skills` column, rows with errors included, in first-seen order.
    pub skills: Vec<String>,
}

/// Read `carers.csv`.
pub(super) fn read(file: &CsvFile, options: &CsvOptions, week: &Week, errors: &mut Found) -> Carers {
    let mut out = Carers::default();
    let Some(table) = Table::read(file, &COLUMNS, errors) else {
        return out;
    };
    out.table_read = true;
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row);
        let id = c.row_id("carer", &first_row);
        let home = place(&mut c, options);
        let mut held = Vec::new();
        for item in list(c.get("skills")) {
            match carer_skill(&item) {
                Ok(s) => {
                    if !out.skills.contains(&s.skill) {
                        out.skills.push(s.skill.clone());
                    }
                    held.push(s);
                }
                Err(m) => c.error("skills", "invalid_value", m),
            }
        }
        let availability = c.required("availability").and_then(|text| match parse_availability(text, week) {
            Ok(a) => Some(a),
            Err(messages) => {
                for m in messages {
                    c.error("availability", "bad_availability", m);
                }
                None
            }
        });
        let travel_mode = c.parse("travel_mode", "invalid_value", travel_mode).unwrap_or_default();
        let max_hours_per_day = c.hours("max_hours_per_day");
        let max_hours_per_week = c.hours("max_hours_per_week");
        let contracted_hours = c.hours("contracted_hours");
        let hourly_rate = c.hours("hourly_rate");
        let out_of_hours = c.yes_no("out_of_hours", false);
        match (id, home, availability, c.errors.is_empty()) {
            (Some(id), Some((home, postcode)), Some(availability), true) => {
                first_row.insert(id.clone(), row.number);
                let carer = Carer {
                    id,
                    home,
                    postcode,
                    start_location: None,
                    end_location: None,
                    cluster: c.get("cluster").map(str::to_string),
                    provider: c.get("provider").map(str::to_string),
                    skills: held,
                    travel_mode,
                    availability,
                    max_hours_per_day,
                    max_hours_per_week,
                    contracted_hours,
                    hourly_rate,
                    gender: c.get("gender").map(str::to_string),
                    languages: list(c.get("languages")),
                    out_of_hours,
                    meal_break: None,
                    working_time: None,
                    capacity: None,
                    commute_on_shift: false,
                    overrun_min: 0,
                };
                out.rows.push((carer, row.number));
            }
            (id, ..) => {
                if let Some(id) = id {
                    first_row.entry(id.clone()).or_insert(row.number);
                    out.failed.push(id);
                }
                errors.append(&mut c.errors);
            }
        }
    }
    out
}

/// One held skill: `dementia`, or `dementia until 2027-03-31` with the last valid date.
fn carer_skill(item: &str) -> Result<CarerSkill, String> {
    let plain = item.replace(['(', ')'], " ");
    let words: Vec<&str> = plain.split_whitespace().collect();
    let cut = words.iter().position(|w| w.eq_ignore_ascii_case("until") || w.eq_ignore_ascii_case("expires"));
    let (name, expires) = match cut {
        None => (words.as_slice(), None),
        Some(i) => {
            let date = words[i + 1..].join(" ");
            (&words[..i], Some(parse_date(&date).map_err(|e| format!("skill `{item}`: {e}"))?))
        }
    };
    let name = name.join(" ");
    if name.is_empty() {
        return Err(format!("`{item}` names no skill: write e.g. `dementia` or `dementia until 2027-03-31`"));
    }
    Ok(CarerSkill { skill: skill_id(&name), expires })
}

/// `car`, `walk`, `cycle` or `public_transport` (also `public transport`, `bus`, `bike`,
/// `foot`, `walking`, `cycling`, `driving`).
fn travel_mode(text: &str) -> Result<TravelMode, String> {
    Ok(match text.to_lowercase().replace([' ', '-'], "_").as_str() {
        "car" | "drive" | "driving" | "driver" => TravelMode::Car,
        "walk" | "walking" | "foot" | "on_foot" => TravelMode::Walk,
        "cycle" | "cycling" | "bike" | "bicycle" => TravelMode::Cycle,
        "public_transport" | "bus" | "train" => TravelMode::PublicTransport,
        _ => return Err(format!("`{text}` is not a travel mode: write car, walk, cycle or public_transport")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_with_and_without_expiry() {
        let s = carer_skill("Moving and handling until 2027-03-31").unwrap();
        assert_eq!(s.skill, "moving-and-handling");
        assert_eq!(s.expires.unwrap().to_string(), "2027-03-31");
        assert_eq!(carer_skill("dementia (until 2027-01-01)").unwrap().expires.unwrap().to_string(), "2027-01-01");
        assert_eq!(carer_skill("dementia").unwrap().expires, None);
        assert!(carer_skill("dementia until 31/03/2027").is_err());
        assert!(carer_skill("until 2027-03-31").is_err());
        assert_eq!(travel_mode("Public transport").unwrap(), TravelMode::PublicTransport);
        assert!(travel_mode("horse").is_err());
    }
}
