//! Next week from this one: the same clients and carers seven days on, with some packages
//! ending, some new ones starting and some carers away.
//!
//! [`next_week`] works from a problem alone (a generated week or an imported one), so it does
//! not need the options that made it:
//!
//! - **Dates.** `week_start` and every visit and availability date move on by 7 days; times,
//!   ids and everything else stay as they are. Skill expiry dates do not move: a skill that
//!   lapses during this week has lapsed for all of next week. A visit's `cancelled` mark is
//!   dropped (a cancellation is for one week).
//! - **Packages ending** ([`NextWeekParams::ending`], a share of the clients who have visits).
//!   The package's first missing day is drawn uniformly among the days the client has visits,
//!   and every visit from that day on is dropped, so each ending client loses at least one visit.
//!   A client left with no visits (the package ended before its first visit of the week) is
//!   removed, record and all; a client whose package ends mid-week keeps its record and
//!   commissioned hours, with the visits before the end. Links to dropped visits go.
//! - **Packages starting** ([`NextWeekParams::starting`] × this week's clients, rounded). Each
//!   new client takes the profile of a client drawn from this week (so the profile mix stays),
//!   and the generator's own client code (`clients::one`, as `rota generate` uses) draws the
//!   package, needs, preferences, key and preferred carers, matched to next week's carers with
//!   their absences. Homes are postcodes of the given table, weighted by the 65+ population as
//!   the generator does, never one where a client of this week lives while any other is left.
//!   New ids carry on from the highest `c<number>` id; a new package runs the whole week.
//! - **Absences** ([`NextWeekParams::absences`], a share of the carers with any availability):
//!   sickness or leave of 1-5 consecutive days inside the week, on which the carer has no
//!   availability. The file cannot say which of the two it is.
//!
//! The problem is renamed `<name>, next week (seed S)`. The same problem, parameters, table and
//! seed give the same week, byte for byte once written.
//!
//! A week made this way can be the start of the one after. A package that ended mid-week then
//! continues on its remaining days: the file does not record that it ended.

use super::carers::{distinct_indices, Drafted};
use super::clients::{self, Setting};
use super::params::AreaStyle;
use super::postcodes::PostcodeTable;
use super::GenerateError;
use crate::model::{Client, Problem};
use crate::rng::Rng;
use crate::time::Week;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// How next week differs from this one.
#[derive(Clone, Debug, PartialEq)]
pub struct NextWeekParams {
    /// The share of clients with visits whose package ends (0 to 1).
    pub ending: f64,
    /// New clients, as a share of this week's clients (0 or more).
    pub starting: f64,
    /// The share of carers with availability who are away 1-5 consecutive days (0 to 1).
    pub absences: f64,
    /// The area whose style new clients get: community languages and the key carer share
    /// ([`AreaStyle::of`]; an unknown name gets the Canterbury style with no languages).
    pub area: String,
}

impl Default for NextWeekParams {
    /// 5% ending, 5% starting, 5% of carers away; no area style.
    fn default() -> Self {
        NextWeekParams { ending: 0.05, starting: 0.05, absences: 0.05, area: String::new() }
    }
}

/// A shipped week made from another by [`next_week`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShippedNextWeek {
    /// The folder under `datasets/` holding the new `problem.json`.
    pub dir: &'static str,
    /// The folder under `datasets/` holding the week it follows.
    pub from: &'static str,
    /// The area: its style and its postcodes (`datasets/postcodes/<area>.csv`) for new clients.
    pub area: &'static str,
    /// The share of packages ending.
    pub ending: f64,
    /// New packages, as a share of the clients.
    pub starting: f64,
    /// The share of carers away.
    pub absences: f64,
    /// The seed.
    pub seed: u64,
}

/// `datasets/kent-week2/`: the week after the Kent cluster week. A test makes it again from
/// `datasets/kent-canterbury/` and compares the bytes.
pub const SHIPPED_NEXT_WEEK: ShippedNextWeek = ShippedNextWeek {
    dir: "kent-week2",
    from: "kent-canterbury",
    area: "canterbury",
    ending: 0.05,
    starting: 0.05,
    absences: 0.05,
    seed: 1,
};

impl ShippedNextWeek {
    /// The parameters.
    pub fn params(&self) -> NextWeekParams {
        NextWeekParams {
            ending: self.ending,
            starting: self.starting,
            absences: self.absences,
            area: self.area.to_string(),
        }
    }

    /// The command line that makes it, run from the repository root.
    pub fn command(&self) -> String {
        format!(
            "rota generate --from datasets/{}/problem.json --ending {} --starting {} --absences {} --seed {} -o \
             datasets/{}/problem.json",
            self.from, self.ending, self.starting, self.absences, self.seed, self.dir
        )
    }
}

/// Seed offset of next week's random streams.
const NEXT_WEEK_STREAM: u64 = 0x7EE7_2000;

/// The longest absence, in days.
const LONGEST_ABSENCE_DAYS: i64 = 5;

/// Next week from `week1`: see the module's documentation. New clients live at postcodes of
/// `table` (it is not read when no client starts).
pub fn next_week(
    week1: &Problem,
    params: &NextWeekParams,
    table: &PostcodeTable,
    seed: u64,
) -> Result<Problem, GenerateError> {
    for (name, share) in [("ending", params.ending), ("starting", params.starting), ("absences", params.absences)] {
        let most = if name == "starting" { 100.0 } else { 1.0 };
        if !(0.0..=most).contains(&share) {
            return Err(GenerateError::Size(format!("the {name} share {share} is not between 0 and {most}")));
        }
    }
    let start = week1.week_start.checked_add_days(Days::new(7));
    let week = start
        .and_then(Week::starting)
        .ok_or_else(|| GenerateError::NotMonday(week1.week_start, format!("{:?}", week1.week_start.weekday())))?;
    let mut rng = Rng::seeded(seed ^ NEXT_WEEK_STREAM);
    let (mut ending_rng, mut absence_rng, mut starting_rng) =
        (Rng::seeded(rng.next_u64()), Rng::seeded(rng.next_u64()), Rng::seeded(rng.next_u64()));

    let mut p = shifted(week1, week.monday());
    p.name = format!("{}, next week (seed {seed})", week1.name);
    end_packages(&mut p, &week, params.ending, &mut ending_rng);
    absences(&mut p, &week, params.absences, &mut absence_rng);
    let n = share_of(week1.clients.len(), params.starting);
    if n > 0 {
        start_packages(&mut p, week1, &week, params, table, n, &mut starting_rng)?;
    }
    p.normalise();
    Ok(p)
}

/// `share` of `n`, rounded to the nearest whole number.
fn share_of(n: usize, share: f64) -> usize {
    (n as f64 * share).round() as usize
}

/// `week1` with every visit and availability date moved to the week of `monday`.
fn shifted(week1: &Problem, monday: NaiveDate) -> Problem {
    let days = (monday - week1.week_start).num_days() as u64;
    let on = |d: NaiveDate| d.checked_add_days(Days::new(days)).unwrap_or(d);
    let mut p = week1.clone();
    p.week_start = monday;
    for v in &mut p.visits {
        v.date = on(v.date);
        v.cancelled = None;
    }
    for a in p.carers.iter_mut().flat_map(|k| k.availability.iter_mut()) {
        a.date = on(a.date);
    }
    p
}

/// End the packages of a `share` of the clients with visits.
fn end_packages(p: &mut Problem, week: &Week, share: f64, rng: &mut Rng) {
    // Each client's visit days, in client order.
    let mut days: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for v in &p.visits {
        if let Some(d) = week.day_index(v.date) {
            days.entry(v.client.as_str()).or_default().insert(d);
        }
    }
    let with_visits: Vec<&Client> = p.clients.iter().filter(|c| days.contains_key(c.id.as_str())).collect();
    let n = share_of(with_visits.len(), share);
    let mut picked = distinct_indices(rng, with_visits.len(), n.min(with_visits.len()), None);
    picked.sort_unstable();
    // The first day each ending client has no visits.
    let mut ends: BTreeMap<String, usize> = BTreeMap::new();
    for i in picked {
        let id = with_visits[i].id.as_str();
        let client_days: Vec<usize> = days[id].iter().copied().collect();
        ends.insert(id.to_string(), client_days[rng.below(client_days.len())]);
    }
    p.visits.retain(|v| ends.get(&v.client).is_none_or(|&end| week.day_index(v.date).is_some_and(|d| d < end)));
    let kept: BTreeSet<String> = p.visits.iter().map(|v| v.id.clone()).collect();
    for v in &mut p.visits {
        v.links.retain(|l| kept.contains(&l.visit));
    }
    let active: BTreeSet<String> = p.visits.iter().map(|v| v.client.clone()).collect();
    p.clients.retain(|c| !ends.contains_key(&c.id) || active.contains(&c.id));
}

/// Take a `share` of the carers with availability away for 1-5 consecutive days.
fn absences(p: &mut Problem, week: &Week, share: f64, rng: &mut Rng) {
    let working: Vec<usize> = (0..p.carers.len()).filter(|&k| !p.carers[k].availability.is_empty()).collect();
    let n = share_of(working.len(), share);
    let mut picked = distinct_indices(rng, working.len(), n.min(working.len()), None);
    picked.sort_unstable();
    for i in picked {
        let days = rng.range(1, LONGEST_ABSENCE_DAYS) as usize;
        let first = rng.below(7 - days + 1);
        let away = first..first + days;
        p.carers[working[i]].availability.retain(|a| week.day_index(a.date).is_none_or(|d| !away.contains(&d)));
    }
}

/// Add `n` clients with new packages, drawn by the generator's client code.
fn start_packages(
    p: &mut Problem,
    week1: &Problem,
    week: &Week,
    params: &NextWeekParams,
    table: &PostcodeTable,
    n: usize,
    rng: &mut Rng,
) -> Result<(), GenerateError> {
    if table.rows.is_empty() {
        return Err(GenerateError::Postcodes("new clients need postcodes; the table is empty".into()));
    }
    if week1.clients.is_empty() {
        return Err(GenerateError::Size(
            "new packages copy the profile mix of this week's clients; it has none".into(),
        ));
    }
    let style = AreaStyle::of(&params.area);
    let carers: Vec<Drafted> = p.carers.iter().map(|k| Drafted::of(k, week)).collect();
    let homes = new_homes(week1, table, n, rng);
    let mut ids = NewIds::of(week1);
    let (mut package_seeds, mut matching_seeds) = (Rng::seeded(rng.next_u64()), Rng::seeded(rng.next_u64()));
    for h in homes {
        let like = &week1.clients[rng.below(week1.clients.len())];
        let profile =
            week1.profile(&like.profile).ok_or_else(|| GenerateError::UnknownProfile(like.profile.clone()))?;
        let setting = Setting::new(&profile, &style, &carers, week);
        let mut prng = Rng::seeded(package_seeds.next_u64());
        let mut mrng = Rng::seeded(matching_seeds.next_u64());
        let (client, visits) = clients::one(ids.next(), &table.rows[h], &setting, &mut prng, &mut mrng);
        p.clients.push(client);
        p.visits.extend(visits);
    }
    Ok(())
}

/// `n` postcodes of `table` for new clients, weighted as the generator weights client homes,
/// avoiding the postcodes of `week1`'s clients while there are enough others.
fn new_homes(week1: &Problem, table: &PostcodeTable, n: usize, rng: &mut Rng) -> Vec<usize> {
    let taken: BTreeSet<&str> = week1.clients.iter().filter_map(|c| c.postcode.as_deref()).collect();
    let mut weights = table.client_weights();
    let free: Vec<f64> = weights
        .iter()
        .zip(&table.rows)
        .map(|(&w, r)| if taken.contains(r.postcode.as_str()) { 0.0 } else { w })
        .collect();
    if free.iter().filter(|&&w| w > 0.0).count() >= n {
        weights = free;
    }
    distinct_indices(rng, table.rows.len(), n, Some(&weights))
}

/// Fresh client ids `c<number>`, numbered on from the highest such id of this week (ended
/// clients' ids included), never the id of a client or the prefix of a visit id
/// (`<client>-<day>-<call>`) of this week.
struct NewIds {
    next: usize,
    width: usize,
    clients: BTreeSet<String>,
    visits: BTreeSet<String>,
}

impl NewIds {
    fn of(p: &Problem) -> NewIds {
        let digits: Vec<&str> = p
            .clients
            .iter()
            .filter_map(|c| c.id.strip_prefix('c').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())))
            .collect();
        let highest = digits.iter().filter_map(|d| d.parse::<usize>().ok()).max().unwrap_or(0);
        NewIds {
            next: highest.max(p.clients.len()) + 1,
            width: digits.iter().map(|d| d.len()).max().unwrap_or(3).max(3),
            clients: p.clients.iter().map(|c| c.id.clone()).collect(),
            visits: p.visits.iter().map(|v| v.id.clone()).collect(),
        }
    }

    fn next(&mut self) -> String {
        loop {
            let id = format!("c{:0width$}", self.next, width = self.width);
            self.next += 1;
            let prefix = format!("{id}-");
            let clash = self.visits.range(prefix.clone()..).next().is_some_and(|v| v.starts_with(&prefix));
            if !clash && self.clients.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_carry_on_and_skip_ids_in_use() {
        let mut p: Problem = serde_json::from_value(serde_json::json!({
            "format_version": "1.0", "week_start": "2026-11-30",
            "clients": [
                {"id": "c001", "location": {"lat": 51.0, "lon": 1.0}, "profile": "kent", "weekly_hours": 1.0},
                {"id": "c009", "location": {"lat": 51.0, "lon": 1.0}, "profile": "kent", "weekly_hours": 1.0}
            ],
            "carers": [],
            "visits": [{"id": "c010-mon-morning", "client": "c001", "date": "2026-11-30", "start": "08:00",
                        "duration_min": 30}]
        }))
        .unwrap();
        let mut ids = NewIds::of(&p);
        assert_eq!(ids.next(), "c011");
        assert_eq!(ids.next(), "c012");
        p.clients.clear();
        p.visits.clear();
        assert_eq!(NewIds::of(&p).next(), "c001");
    }

    #[test]
    fn shares_out_of_range_are_errors() {
        let p: Problem = serde_json::from_value(serde_json::json!({
            "format_version": "1.0", "week_start": "2026-11-30", "clients": [], "carers": [], "visits": []
        }))
        .unwrap();
        let table = PostcodeTable::default();
        for params in [
            NextWeekParams { ending: 1.5, ..Default::default() },
            NextWeekParams { absences: -0.1, ..Default::default() },
            NextWeekParams { starting: f64::NAN, ..Default::default() },
        ] {
            assert!(matches!(next_week(&p, &params, &table, 1), Err(GenerateError::Size(_))), "{params:?}");
        }
        let empty = next_week(&p, &NextWeekParams::default(), &table, 1).unwrap();
        assert_eq!(empty.week_start, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
    }
}
