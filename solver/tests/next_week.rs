//! Next week from this one (`rota generate --from`): dates, stable ids, the shares of packages
//! ending and starting and of carers away, determinism, validity, the shipped pair, and the
//! slot matcher on real weeks.

use rota::format::{load_problem, parse_problem_with_warnings, to_json};
use rota::generate::{
    generate, next_week, same_slots, GenerateOptions, NextWeekParams, PostcodeTable, SHIPPED_NEXT_WEEK,
};
use rota::model::{Client, Problem};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn datasets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets")
}

fn table(area: &str) -> PostcodeTable {
    PostcodeTable::from_path(datasets().join("postcodes").join(format!("{area}.csv"))).expect("shipped postcodes")
}

/// A generated week as a file would give it (read back, so normalised).
fn week(profile: &str, clients: usize, seed: u64) -> Problem {
    let mut o = GenerateOptions::new(profile, clients, clients / 3, seed);
    o.evening_carers = clients / 6;
    let p = generate(&o, &table(&o.area)).expect("generates");
    parse_problem_with_warnings(&to_json(&p), "week1.json").expect("loads").0
}

fn params(area: &str, share: f64) -> NextWeekParams {
    NextWeekParams { ending: share, starting: share, absences: share, area: area.to_string() }
}

fn kent_week() -> Problem {
    load_problem(datasets().join("kent-canterbury/problem.json")).expect("the Kent week loads").0
}

/// Loads with neither errors nor warnings.
fn assert_valid(p: &Problem, what: &str) {
    let (_, warnings) = parse_problem_with_warnings(&to_json(p), what).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(warnings.0.is_empty(), "{what}: {warnings}");
}

#[test]
fn with_no_changes_next_week_is_this_week_seven_days_on() {
    let w1 = week("kent", 60, 3);
    let w2 = next_week(&w1, &params("canterbury", 0.0), &table("canterbury"), 9).unwrap();
    assert_eq!(w2.week_start, w1.week_start + chrono::Days::new(7));
    assert_eq!(w2.clients, w1.clients);
    assert_eq!(w2.visits.len(), w1.visits.len());
    for (a, b) in w1.visits.iter().zip(&w2.visits) {
        assert_eq!(b.date, a.date + chrono::Days::new(7), "{}", a.id);
        let mut moved = b.clone();
        moved.date = a.date;
        assert_eq!(&moved, a);
    }
    for (a, b) in w1.carers.iter().zip(&w2.carers) {
        assert_eq!(a.skills, b.skills, "skill expiry dates stay");
        let dates: Vec<_> = a.availability.iter().map(|x| (x.date + chrono::Days::new(7), x.start, x.end)).collect();
        assert_eq!(dates, b.availability.iter().map(|x| (x.date, x.start, x.end)).collect::<Vec<_>>());
    }
    assert_valid(&w2, "week 2");
}

#[test]
fn continuing_clients_keep_their_ids_and_visits() {
    let w1 = week("milton-keynes", 90, 2);
    let w2 = next_week(&w1, &params("milton-keynes", 0.2), &table("milton-keynes"), 4).unwrap();
    let before: BTreeMap<&str, &Client> = w1.clients.iter().map(|c| (c.id.as_str(), c)).collect();
    let visits1: BTreeMap<&str, _> = w1.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut continuing = 0;
    for c in &w2.clients {
        let Some(old) = before.get(c.id.as_str()) else { continue };
        continuing += 1;
        assert_eq!(&c, old, "a continuing client's record is unchanged");
    }
    assert!(continuing >= 70, "{continuing}");
    for v in w2.visits.iter().filter(|v| before.contains_key(v.client.as_str())) {
        let old = visits1.get(v.id.as_str()).unwrap_or_else(|| panic!("{} is new for an old client", v.id));
        assert_eq!(
            (v.client.as_str(), v.start, v.date),
            (old.client.as_str(), old.start, old.date + chrono::Days::new(7))
        );
    }
    // New clients have new ids, numbered on.
    let new: Vec<&Client> = w2.clients.iter().filter(|c| !before.contains_key(c.id.as_str())).collect();
    assert_eq!(new.len(), 18);
    assert_eq!(new[0].id, "c091");
    assert_valid(&w2, "week 2");
}

/// How week 2 differs from week 1, measured from the files.
struct Changes {
    ended: usize,
    removed: usize,
    started: Vec<String>,
    absent: usize,
}

fn changes(w1: &Problem, w2: &Problem) -> Changes {
    let count = |p: &Problem| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for v in &p.visits {
            *m.entry(v.client.clone()).or_default() += 1;
        }
        m
    };
    let (n1, n2) = (count(w1), count(w2));
    let ids2: BTreeSet<&str> = w2.clients.iter().map(|c| c.id.as_str()).collect();
    let ended = n1.iter().filter(|(c, &n)| n2.get(*c).copied().unwrap_or(0) < n).count();
    let removed = w1.clients.iter().filter(|c| !ids2.contains(c.id.as_str())).count();
    let ids1: BTreeSet<&str> = w1.clients.iter().map(|c| c.id.as_str()).collect();
    let started = w2.clients.iter().filter(|c| !ids1.contains(c.id.as_str())).map(|c| c.id.clone()).collect();
    let absent = w1.carers.iter().zip(&w2.carers).filter(|(a, b)| b.availability.len() < a.availability.len()).count();
    Changes { ended, removed, started, absent }
}

#[test]
fn shares_of_ending_starting_and_absent_are_as_asked() {
    let w1 = kent_week();
    let w2 = next_week(&w1, &params("canterbury", 0.1), &table("canterbury"), 5).unwrap();
    let c = changes(&w1, &w2);
    // 10% of 350 clients, every one with visits: 35 packages end, each losing at least a visit.
    assert_eq!(c.ended, 35);
    // About one in five ending clients (their first visit day drawn among 2-7) has none left.
    assert!((2..=15).contains(&c.removed), "{}", c.removed);
    assert_eq!(c.started.len(), 35);
    // 10% of 145 carers are away; an absence on days off changes nothing, so a few may not show.
    assert!((10..=15).contains(&c.absent), "{}", c.absent);
    // Every absence is 1-5 consecutive days of the week.
    let week2 = w2.week();
    for (a, b) in w1.carers.iter().zip(&w2.carers) {
        let days = |k: &rota::model::Carer, monday: chrono::NaiveDate| -> BTreeSet<i64> {
            k.availability.iter().map(|x| (x.date - monday).num_days()).collect()
        };
        let lost: Vec<i64> = days(a, w1.week_start).difference(&days(b, week2.monday())).copied().collect();
        if let (Some(first), Some(last)) = (lost.first(), lost.last()) {
            assert!(last - first < 5, "{}: {lost:?}", a.id);
        }
    }
    // New clients: the week's profile, homes at Canterbury postcodes no week-1 client lives at,
    // and the generator's packages (every visit on the new client, ids `<client>-<day>-<call>`).
    let homes1: BTreeSet<&str> = w1.clients.iter().filter_map(|c| c.postcode.as_deref()).collect();
    let postcodes: BTreeSet<String> = table("canterbury").rows.into_iter().map(|r| r.postcode).collect();
    for id in &c.started {
        let client = w2.clients.iter().find(|x| &x.id == id).unwrap();
        assert_eq!(client.profile, "kent");
        let pc = client.postcode.as_deref().unwrap();
        assert!(postcodes.contains(pc) && !homes1.contains(pc), "{id} at {pc}");
        let visits: Vec<_> = w2.visits.iter().filter(|v| &v.client == id).collect();
        assert!(!visits.is_empty(), "{id} has no visits");
        assert!(visits.iter().all(|v| v.id.starts_with(&format!("{id}-")) && week2.day_index(v.date).is_some()));
        assert!(client.weekly_hours > 0.0);
    }
    assert_valid(&w2, "kent week 2");
}

#[test]
fn the_same_seed_gives_the_same_week_and_another_seed_another() {
    for profile in ["kent", "hammersmith-fulham", "bexley"] {
        let w1 = week(profile, 60, 1);
        let area = rota::generate::default_area(profile).unwrap();
        let make = |seed| to_json(&next_week(&w1, &params(area, 0.1), &table(area), seed).unwrap());
        assert_eq!(make(7), make(7), "{profile}");
        assert_ne!(make(7), make(8), "{profile}");
    }
}

#[test]
fn next_weeks_validate_for_every_profile_and_chain() {
    for profile in ["kent", "milton-keynes", "hammersmith-fulham", "bexley"] {
        let area = rota::generate::default_area(profile).unwrap();
        let mut w = week(profile, 60, 2);
        for n in 2..=4 {
            w = next_week(&w, &params(area, 0.15), &table(area), n).unwrap();
            assert_valid(&w, &format!("{profile} week {n}"));
        }
        assert!(w.name.ends_with("next week (seed 4)"), "{}", w.name);
    }
}

#[test]
fn links_to_dropped_visits_go() {
    // The Kent week has follow-up links; end every package and none may point at nothing.
    let w1 = kent_week();
    let all = NextWeekParams { ending: 1.0, starting: 0.0, absences: 0.0, area: "canterbury".into() };
    let w2 = next_week(&w1, &all, &PostcodeTable::default(), 3).unwrap();
    let ids: BTreeSet<&str> = w2.visits.iter().map(|v| v.id.as_str()).collect();
    assert!(w2.visits.len() < w1.visits.len() / 2, "{}", w2.visits.len());
    assert!(w2.visits.iter().flat_map(|v| &v.links).all(|l| ids.contains(l.visit.as_str())));
    assert_valid(&w2, "every package ending");
}

#[test]
fn the_shipped_next_week_regenerates_byte_for_byte() {
    let s = SHIPPED_NEXT_WEEK;
    let (w1, _) = load_problem(datasets().join(s.from).join("problem.json")).unwrap();
    let w2 = next_week(&w1, &s.params(), &table(s.area), s.seed).unwrap();
    let path = datasets().join(s.dir).join("problem.json");
    let shipped = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(to_json(&w2) == shipped, "{} differs from `{}`", path.display(), s.command());
    assert_valid(&w2, s.dir);
}

#[test]
fn continuing_visits_of_the_shipped_pair_match_their_slots() {
    let s = SHIPPED_NEXT_WEEK;
    let (w1, _) = load_problem(datasets().join(s.from).join("problem.json")).unwrap();
    let (w2, _) = load_problem(datasets().join(s.dir).join("problem.json")).unwrap();
    let old: BTreeSet<&str> = w1.clients.iter().map(|c| c.id.as_str()).collect();
    let matched = same_slots(&w1, &w2);
    for (v, m) in w2.visits.iter().zip(&matched) {
        match m {
            // Times did not move, so each continuing visit finds its own last week's visit.
            Some(j) => assert_eq!(w1.visits[*j].id, v.id),
            None => assert!(!old.contains(v.client.as_str()), "{} lost its slot", v.id),
        }
    }
    assert!(matched.iter().filter(|m| m.is_some()).count() > w2.visits.len() * 8 / 10);
}
