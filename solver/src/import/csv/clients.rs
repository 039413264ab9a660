//! `clients.csv`: one row per client, with their package of care.

use super::table::{list, optional, required, skills, Cells, Column, Table};
use super::{place, CsvFile, CsvOptions, Found};
use crate::model::{profile, Client, Preference, PreferenceAttribute};

/// The columns of `clients.csv`.
pub(super) const COLUMNS: [Column; 14] = [
    required("id"),
    optional("postcode"),
    optional("lat"),
    optional("lon"),
    optional("cluster"),
    optional("provider"),
    optional("profile"),
    optional("weekly_hours"),
    optional("skills"),
    optional("excluded_carers"),
    optional("preferred_carers"),
    optional("key_carer"),
    optional("gender_preference"),
    optional("language_preference"),
];

/// A client read from a row.
pub(super) struct ClientRow {
    /// The client; `weekly_hours` is 0 until filled in when the cell was empty.
    pub client: Client,
    /// The row number.
    pub row: usize,
    /// Whether `weekly_hours` was given.
    pub hours_given: bool,
}

/// What the file gave: the clients of good rows, and the ids of rows with errors.
#[derive(Default)]
pub(super) struct Clients {
    /// Clients read without error, in file order.
    pub rows: Vec<ClientRow>,
    /// Whether the file and its header could be read.
    pub table_read: bool,
    /// Ids of rows that had errors (their visits are not reported as of an unknown client).
    pub failed: Vec<String>,
}

/// Read `clients.csv`.
pub(super) fn read(file: &CsvFile, options: &CsvOptions, errors: &mut Found) -> Clients {
    let mut out = Clients::default();
    let Some(table) = Table::read(file, &COLUMNS, errors) else {
        return out;
    };
    out.table_read = true;
    let mut first_row: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row);
        let id = c.row_id("client", &first_row);
        let location = place(&mut c, options);
        let profile_name = c.get("profile").unwrap_or(options.profile.as_str()).to_string();
        if c.get("profile").is_some() && profile::resolve(&profile_name, &Default::default()).is_none() {
            c.error(
                "profile",
                "unknown_profile",
                format!("there is no profile {profile_name:?}; the profiles are {}", profile::BUILT_IN.join(", ")),
            );
        }
        let weekly_hours = c.hours("weekly_hours");
        let mut preferences = Vec::new();
        for (column, attribute) in
            [("gender_preference", PreferenceAttribute::Gender), ("language_preference", PreferenceAttribute::Language)]
        {
            for item in list(c.get(column)) {
                match preference(&item, attribute) {
                    Ok(p) => preferences.push(p),
                    Err(m) => c.error(column, "invalid_value", m),
                }
            }
        }
        let key_carer = c.get("key_carer").map(str::to_string);
        match (id, location, c.errors.is_empty()) {
            (Some(id), Some((location, postcode)), true) => {
                first_row.insert(id.clone(), row.number);
                out.rows.push(ClientRow {
                    client: Client {
                        id,
                        location,
                        postcode,
                        cluster: c.get("cluster").map(str::to_string),
                        provider: c.get("provider").map(str::to_string),
                        profile: profile_name,
                        weekly_hours: weekly_hours.unwrap_or(0.0),
                        required_skills: skills(c.get("skills")),
                        excluded_carers: list(c.get("excluded_carers")),
                        preferred_carers: list(c.get("preferred_carers")),
                        key_carer,
                        preferences,
                    },
                    row: row.number,
                    hours_given: weekly_hours.is_some(),
                });
            }
            (id, _, _) => {
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

/// One preference: `female` (honoured where possible) or `female (required)`.
fn preference(item: &str, attribute: PreferenceAttribute) -> Result<Preference, String> {
    const REQUIRED: &str = "(required)";
    let t = item.trim();
    let cut = t.len().saturating_sub(REQUIRED.len());
    let (value, required) = match t.get(cut..) {
        Some(end) if end.eq_ignore_ascii_case(REQUIRED) => (t[..cut].trim(), true),
        _ => (t, false),
    };
    if value.is_empty() || value.contains(['(', ')']) {
        return Err(format!("`{item}` is not a preference: write e.g. `female` or `female (required)`"));
    }
    Ok(Preference { attribute, value: value.to_string(), required })
}
