//! The rules across a carer's rounds: travel between consecutive rounds, daily rest and weekly
//! rest (the Working Time Regulations 1998 as the contract profiles set them; `docs/checker.md`).
//!
//! A round is seen here as one solid block of work, its [`Span`]: from the planned start of its
//! first visit to the planned end of its last. Rest is the time between two blocks less the travel
//! from the last visit of one to the first visit of the next. Over a carer's week, in time order:
//! - the next round starts no earlier than the last one ends plus that travel;
//! - a *working stretch*, blocks joined by rests shorter than the daily rest `d`, lasts at most
//!   24 h − `d` (so every 24 hours from a stretch's start hold `d` of rest);
//! - the longest rest in the week, counting the time from Monday 00:00 to the first block and
//!   from the last block to the next Monday, is at least the weekly rest.
//!
//! Taking a round as solid never counts the gap of a split shift as rest, so these rules are
//! never weaker than the checker's, which looks at every visit. The rest a carer keeps is the
//! longest any profile of the clients they could visit asks for ([`super::instance::Carer`]),
//! never less than the checker's, which takes the profiles of the clients they do visit.
//!
//! [`week_ok`] checks a week in O(rounds) with one round replaced by a candidate span. The search
//! keeps every carer's week within the rules at the planned starts at all times: an insertion
//! checks an upper bound of the span it would give (its first visit's earliest start, its last
//! visit's latest end), and only when that fails the exact planned span of a trial round; a
//! local-search move checks its rebuilt rounds; a removal, which can move the rest of a round's
//! planned starts, lifts the round's first or last visits until the week keeps the rules again.

use super::instance::Instance;
use super::route::Route;
use crate::time::{Ticks, DAY};
use crate::travel::PlaceId;

/// When and where a round begins and ends at its planned starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Planned start of the first visit.
    pub start: Ticks,
    /// Planned end of the last visit.
    pub end: Ticks,
    /// Place of the first visit.
    pub first: PlaceId,
    /// Place of the last visit.
    pub last: PlaceId,
}

/// Whether carer `k`'s week keeps the rules across rounds when the round on `day` has `span`
/// (none: empty) and every other round has the span it has in `routes`.
pub fn week_ok(inst: &Instance, routes: &[Route], k: usize, day: usize, span: Option<Span>) -> bool {
    let days = inst.days;
    let mut spans = [Span::default(); 7];
    let mut n = 0;
    for d in 0..days.min(7) {
        let s = if d == day { span } else { routes[k * days + d].span };
        if let Some(s) = s {
            // Insertion sort by start: at most seven rounds.
            let mut i = n;
            while i > 0 && spans[i - 1].start > s.start {
                spans[i] = spans[i - 1];
                i -= 1;
            }
            spans[i] = s;
            n += 1;
        }
    }
    keeps_rules(inst, k, &spans[..n])
}

/// Whether rounds `spans`, in order of start, keep travel between rounds and carer `k`'s rest.
fn keeps_rules(inst: &Instance, k: usize, spans: &[Span]) -> bool {
    let Some((first, rest_of)) = spans.split_first() else { return true };
    let carer = &inst.carers[k];
    let (daily, weekly) = (carer.daily_rest, carer.weekly_rest);
    let stretch_max = DAY - daily;
    let mut stretch_start = first.start;
    let mut longest = first.start;
    let mut prev = first;
    for s in rest_of {
        let rest = s.start - prev.end - inst.travel(k, prev.last, s.first);
        if rest < 0 {
            return false;
        }
        if daily > 0 && rest >= daily {
            if prev.end - stretch_start > stretch_max {
                return false;
            }
            stretch_start = s.start;
        }
        longest = longest.max(rest);
        prev = s;
    }
    if daily > 0 && prev.end - stretch_start > stretch_max {
        return false;
    }
    weekly == 0 || longest.max(inst.days as Ticks * DAY - prev.end) >= weekly
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{minutes, MINUTE};
    use crate::travel::Travel;
    use serde_json::json;

    /// A carer who may visit a Kent client (so keeps 11 hours of daily and 24 of weekly rest),
    /// with two clients 27 minutes apart by the distance model's car.
    fn instance() -> Instance {
        let mon = "2026-11-30";
        let text = json!({
            "format_version": "1.0", "week_start": mon,
            "clients": [{"id": "a", "location": {"lat": 51.28, "lon": 1.08}, "profile": "kent", "weekly_hours": 2.0},
                        {"id": "b", "location": {"lat": 51.40, "lon": 1.38}, "profile": "kent", "weekly_hours": 2.0}],
            "carers": [{"id": "k", "home": {"lat": 51.28, "lon": 1.08},
                        "availability": [{"date": mon, "start": "07:00", "end": "22:00"}]}],
            "visits": [{"id": "v", "client": "a", "date": mon, "start": "08:00", "duration_min": 30}]
        })
        .to_string();
        let problem = crate::format::parse_problem(&text, "t.json").unwrap();
        let travel = Travel::for_problem(&problem, std::path::Path::new("."), "t.json").unwrap();
        Instance::new(&problem, &travel)
    }

    fn span(day: i64, start_min: i64, end_min: i64, first: PlaceId, last: PlaceId) -> Span {
        Span { start: day * DAY + start_min * MINUTE, end: day * DAY + end_min * MINUTE, first, last }
    }

    #[test]
    fn the_carer_keeps_the_strictest_rest_of_the_clients_it_could_visit() {
        let inst = instance();
        assert_eq!((inst.carers[0].daily_rest, inst.carers[0].weekly_rest), (minutes(660), minutes(1440)));
    }

    #[test]
    fn a_round_starting_where_the_last_ended_needs_the_travel_between() {
        let inst = instance();
        let (a, b) = (0, 1);
        let t = inst.travel(0, a, b);
        assert!(t > 20 * MINUTE, "{t}");
        // Night round Monday 22:00 to Tuesday 07:00 at a, then a round at b from Tuesday 07:00.
        let night = span(0, 22 * 60, 31 * 60, a, a);
        let day = |start: i64| span(1, start, start + 60, b, b);
        assert!(!keeps_rules(&inst, 0, &[night, day(7 * 60)]));
        // Rest starts after the travel, so with 11 hours' daily rest the day round waits until
        // 18:00 plus the travel; a round that starts then keeps every rule.
        let later = 18 * 60 + t / MINUTE + 1;
        assert!(keeps_rules(&inst, 0, &[night, day(later)]));
        assert!(!keeps_rules(&inst, 0, &[night, day(later - 2)]));
    }

    #[test]
    fn a_stretch_lasts_at_most_thirteen_hours_under_eleven_hours_rest() {
        let inst = instance();
        // Monday 07:00-20:00 and Tuesday 07:00-20:00 at one place: 11 hours' rest between.
        let mon = span(0, 7 * 60, 20 * 60, 0, 0);
        let tue = span(1, 7 * 60, 20 * 60, 0, 0);
        assert!(keeps_rules(&inst, 0, &[mon, tue]));
        // Ending at 20:01 leaves 10 h 59 min: both days make one stretch of 37 hours.
        assert!(!keeps_rules(&inst, 0, &[span(0, 7 * 60, 20 * 60 + 1, 0, 0), tue]));
        // A single day of 13 h 01 min breaks it alone.
        assert!(!keeps_rules(&inst, 0, &[span(0, 7 * 60, 20 * 60 + 1, 0, 0)]));
    }

    #[test]
    fn seven_working_days_need_a_day_of_rest_somewhere() {
        let inst = instance();
        let week: Vec<Span> = (0..7).map(|d| span(d, 8 * 60, 16 * 60, 0, 0)).collect();
        // 16 hours' rest each night, 8 before Monday and 8 after Sunday: no 24 hours.
        assert!(!keeps_rules(&inst, 0, &week));
        let six: Vec<Span> = week.iter().copied().filter(|s| s.start / DAY != 3).collect();
        assert!(keeps_rules(&inst, 0, &six));
    }
}
