//! What changed between two rotas of one week, grouped by who must be told: the coordinator's
//! phone list after a replan (`rota diff old.json new.json`).
//!
//! - **Carers** ([`CarerCalls`]): for each carer, the visits added to their rota, removed from it,
//!   and those they keep at another time ([`CarerChange`]).
//! - **Visits** ([`VisitChange`]), which [`RotaDiff::by_client`] groups by client: a visit's time
//!   (its date, earliest seat start and latest seat end) or its carers changed, it is no longer
//!   planned (unassigned, cancelled, or gone from the rota), or it is planned now and was not.
//!
//! Rotas name visits and carers by id only, so [`diff`] needs no problem; the client of each
//! visit comes from the problem ([`RotaDiff::by_client`]). Everything is sorted: carers by id,
//! each carer's changes by time then visit id; visits by time then id. The same two rotas always
//! give the same diff.
//!
//! ```
//! use rota::diff::{diff, CarerChangeKind};
//! use rota::format::{PlannedVisit, Rota, Round};
//! let round = |carer: &str, start: &str, end: &str| Round {
//!     carer: carer.into(),
//!     date: "2026-11-30".parse().unwrap(),
//!     visits: vec![PlannedVisit { visit: "v1".into(), start: start.parse().unwrap(),
//!                                 end: end.parse().unwrap(), travel_min: 0.0, wait_min: 0.0 }],
//!     return_travel_min: 0.0,
//! };
//! let mut old = Rota::empty("week");
//! old.rounds.push(round("k1", "08:00", "08:30"));
//! let mut new = Rota::empty("week");
//! new.rounds.push(round("k1", "09:00", "09:30"));
//! let d = diff(&old, &new);
//! assert_eq!(d.carers[0].changes[0].kind, CarerChangeKind::Moved);
//! assert_eq!(d.visits_changed(), 1);
//! ```

use crate::format::{Reason, Rota};
use crate::model::Problem;
use crate::time::ClockTime;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// When a visit (or one carer's seat at it) takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Slot {
    /// The date of the round.
    pub date: NaiveDate,
    /// The start (may be past 24:00 for a night round).
    pub start: ClockTime,
    /// The end.
    pub end: ClockTime,
}

impl fmt::Display for Slot {
    /// `2026-12-01 09:00-09:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}-{}", self.date, self.start, self.end)
    }
}

/// How one carer's part in a visit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CarerChangeKind {
    /// The carer has the visit in the new rota, not in the old.
    Added,
    /// The carer had the visit in the old rota, not in the new.
    Removed,
    /// The carer keeps the visit, at another date or time.
    Moved,
}

impl CarerChangeKind {
    /// The word used in reports: `added`, `removed`, `moved`.
    pub fn name(self) -> &'static str {
        match self {
            CarerChangeKind::Added => "added",
            CarerChangeKind::Removed => "removed",
            CarerChangeKind::Moved => "moved",
        }
    }
}

/// One change to one carer's rota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CarerChange {
    /// The visit.
    pub visit: String,
    /// What changed.
    pub kind: CarerChangeKind,
    /// The carer's seat in the old rota (none if added).
    pub old: Option<Slot>,
    /// The carer's seat in the new rota (none if removed).
    pub new: Option<Slot>,
}

/// Every change to one carer's rota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CarerCalls {
    /// The carer.
    pub carer: String,
    /// The changes, by time (the old time if the visit was removed, else the new) then visit id.
    pub changes: Vec<CarerChange>,
}

/// Where a visit stands in one rota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Placement {
    /// Planned: when (date, earliest start, latest end of its seats) and by whom (ids, sorted).
    Planned {
        /// When.
        slot: Slot,
        /// The carers, by id.
        carers: Vec<String>,
    },
    /// Listed as unassigned, with the reason of its first entry.
    Unassigned {
        /// Why.
        reason: Reason,
    },
    /// Not in the rota at all.
    Missing,
}

impl Placement {
    /// When, if planned.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Placement::Planned { slot, .. } => Some(*slot),
            _ => None,
        }
    }
}

impl fmt::Display for Placement {
    /// `2026-12-01 09:00-09:30 k1;k2`, `unassigned (cancelled)` or `not in the rota`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placement::Planned { slot, carers } => write!(f, "{slot} {}", carers.join(";")),
            Placement::Unassigned { reason } => write!(f, "unassigned ({})", reason.code()),
            Placement::Missing => f.write_str("not in the rota"),
        }
    }
}

/// How a visit changed, as its client sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitChangeKind {
    /// Planned in both, at another date or time.
    Time,
    /// Planned in both, with other carers.
    Carers,
    /// Planned in the old rota, not in the new (unassigned, cancelled or gone).
    Unplanned,
    /// Planned in the new rota, not in the old.
    Planned,
}

impl VisitChangeKind {
    /// The word used in reports: `time`, `carers`, `unplanned`, `planned`.
    pub fn name(self) -> &'static str {
        match self {
            VisitChangeKind::Time => "time",
            VisitChangeKind::Carers => "carers",
            VisitChangeKind::Unplanned => "unplanned",
            VisitChangeKind::Planned => "planned",
        }
    }
}

/// A visit whose client must be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VisitChange {
    /// The visit.
    pub visit: String,
    /// What changed (`Time` and `Carers` may both apply), in this order.
    pub kinds: Vec<VisitChangeKind>,
    /// The visit in the old rota.
    pub old: Placement,
    /// The visit in the new rota.
    pub new: Placement,
}

impl VisitChange {
    /// The old and new values shown for one kind of change: times for `Time`, carer lists for
    /// `Carers`, the whole placement otherwise.
    pub fn values(&self, kind: VisitChangeKind) -> (String, String) {
        let carers = |p: &Placement| match p {
            Placement::Planned { carers, .. } => carers.join(";"),
            other => other.to_string(),
        };
        let time = |p: &Placement| p.slot().map_or_else(|| p.to_string(), |s| s.to_string());
        match kind {
            VisitChangeKind::Time => (time(&self.old), time(&self.new)),
            VisitChangeKind::Carers => (carers(&self.old), carers(&self.new)),
            _ => (self.old.to_string(), self.new.to_string()),
        }
    }

    /// The time to sort by: the new one if planned, else the old.
    fn when(&self) -> Option<Slot> {
        self.new.slot().or(self.old.slot())
    }
}

/// The visits of one client that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientCalls<'a> {
    /// The client's id, or `None` for visits the problem does not know.
    pub client: Option<&'a str>,
    /// The client's postcode, if the problem gives one.
    pub postcode: Option<&'a str>,
    /// The changed visits, in the diff's order.
    pub visits: Vec<&'a VisitChange>,
}

/// What changed between two rotas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RotaDiff {
    /// Carers with at least one change, by id.
    pub carers: Vec<CarerCalls>,
    /// Visits whose client must be told, by time then id.
    pub visits: Vec<VisitChange>,
}

impl RotaDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.carers.is_empty() && self.visits.is_empty()
    }

    /// Distinct visits with a change for a carer or a client.
    pub fn visits_changed(&self) -> usize {
        let mut ids: BTreeSet<&str> = self.visits.iter().map(|v| v.visit.as_str()).collect();
        ids.extend(self.carers.iter().flat_map(|c| c.changes.iter().map(|x| x.visit.as_str())));
        ids.len()
    }

    /// The changed visits grouped by client, clients by id; visits the problem does not know
    /// come last, under `client: None`.
    pub fn by_client<'a>(&'a self, problem: &'a Problem) -> Vec<ClientCalls<'a>> {
        let index = problem.index();
        let mut groups: BTreeMap<Option<&str>, Vec<&VisitChange>> = BTreeMap::new();
        for v in &self.visits {
            let client = index.visits.get(&v.visit).map(|&i| problem.visits[i].client.as_str());
            groups.entry(client).or_default().push(v);
        }
        let mut out: Vec<ClientCalls> = groups
            .into_iter()
            .map(|(client, visits)| {
                let postcode =
                    client.and_then(|c| index.clients.get(c)).and_then(|&i| problem.clients[i].postcode.as_deref());
                ClientCalls { client, postcode, visits }
            })
            .collect();
        // `None` sorts first in a BTreeMap; unknown visits go last.
        let unknown = usize::from(out.first().is_some_and(|g| g.client.is_none()));
        out.rotate_left(unknown);
        out
    }
}

/// Every seat of a rota: (visit, carer) → slots, and each visit's first unassigned reason.
struct Seats<'a> {
    by_visit: BTreeMap<&'a str, BTreeMap<&'a str, Vec<Slot>>>,
    unassigned: BTreeMap<&'a str, Reason>,
}

impl<'a> Seats<'a> {
    fn of(rota: &'a Rota) -> Seats<'a> {
        let mut by_visit: BTreeMap<&str, BTreeMap<&str, Vec<Slot>>> = BTreeMap::new();
        for round in &rota.rounds {
            for pv in &round.visits {
                let slot = Slot { date: round.date, start: pv.start, end: pv.end };
                by_visit.entry(&pv.visit).or_default().entry(&round.carer).or_default().push(slot);
            }
        }
        for carers in by_visit.values_mut() {
            for slots in carers.values_mut() {
                slots.sort();
            }
        }
        let mut unassigned = BTreeMap::new();
        for u in &rota.unassigned {
            unassigned.entry(u.visit.as_str()).or_insert(u.reason);
        }
        Seats { by_visit, unassigned }
    }

    fn placement(&self, visit: &str) -> Placement {
        match self.by_visit.get(visit) {
            Some(carers) => {
                let slots = carers.values().flatten();
                let first = slots.clone().min_by_key(|s| (s.date, s.start)).copied();
                let end = slots.map(|s| (s.date, s.end)).max();
                match (first, end) {
                    (Some(first), Some((_, end))) => Placement::Planned {
                        slot: Slot { end, ..first },
                        carers: carers.keys().map(|c| c.to_string()).collect(),
                    },
                    _ => Placement::Missing,
                }
            }
            None => match self.unassigned.get(visit) {
                Some(&reason) => Placement::Unassigned { reason },
                None => Placement::Missing,
            },
        }
    }
}

/// What changed from `old` to `new`: per carer, and per visit for its client.
pub fn diff(old: &Rota, new: &Rota) -> RotaDiff {
    let (a, b) = (Seats::of(old), Seats::of(new));
    let ids: BTreeSet<&str> = a
        .by_visit
        .keys()
        .chain(b.by_visit.keys())
        .chain(a.unassigned.keys())
        .chain(b.unassigned.keys())
        .copied()
        .collect();
    let mut carers: BTreeMap<&str, Vec<CarerChange>> = BTreeMap::new();
    let mut visits = Vec::new();
    let none = BTreeMap::new();
    for &id in &ids {
        let (ca, cb) = (a.by_visit.get(id).unwrap_or(&none), b.by_visit.get(id).unwrap_or(&none));
        let names: BTreeSet<&str> = ca.keys().chain(cb.keys()).copied().collect();
        for carer in names {
            let (sa, sb) = (ca.get(carer).map_or(&[][..], Vec::as_slice), cb.get(carer).map_or(&[][..], Vec::as_slice));
            if let Some(change) = carer_change(id, sa, sb) {
                carers.entry(carer).or_default().push(change);
            }
        }
        if let Some(change) = visit_change(id, a.placement(id), b.placement(id)) {
            visits.push(change);
        }
    }
    let mut carers: Vec<CarerCalls> = carers
        .into_iter()
        .map(|(carer, mut changes)| {
            changes.sort_by(|x, y| (x.new.or(x.old), &x.visit, x.kind).cmp(&(y.new.or(y.old), &y.visit, y.kind)));
            CarerCalls { carer: carer.to_string(), changes }
        })
        .collect();
    carers.sort_by(|x, y| x.carer.cmp(&y.carer));
    visits.sort_by(|x, y| (x.when(), &x.visit).cmp(&(y.when(), &y.visit)));
    RotaDiff { carers, visits }
}

/// One carer's change at a visit, from their seats there in each rota (a valid rota has at
/// most one).
fn carer_change(visit: &str, old: &[Slot], new: &[Slot]) -> Option<CarerChange> {
    let (kind, o, n) = match (old.first(), new.first()) {
        (None, Some(&n)) => (CarerChangeKind::Added, None, Some(n)),
        (Some(&o), None) => (CarerChangeKind::Removed, Some(o), None),
        (Some(&o), Some(&n)) if old != new => (CarerChangeKind::Moved, Some(o), Some(n)),
        _ => return None,
    };
    Some(CarerChange { visit: visit.to_string(), kind, old: o, new: n })
}

/// The client's view of a visit's change, if any.
fn visit_change(visit: &str, old: Placement, new: Placement) -> Option<VisitChange> {
    let kinds = match (&old, &new) {
        (Placement::Planned { slot: s1, carers: c1 }, Placement::Planned { slot: s2, carers: c2 }) => {
            let mut k = Vec::new();
            if s1 != s2 {
                k.push(VisitChangeKind::Time);
            }
            if c1 != c2 {
                k.push(VisitChangeKind::Carers);
            }
            k
        }
        (Placement::Planned { .. }, _) => vec![VisitChangeKind::Unplanned],
        (_, Placement::Planned { .. }) => vec![VisitChangeKind::Planned],
        _ => Vec::new(),
    };
    (!kinds.is_empty()).then(|| VisitChange { visit: visit.to_string(), kinds, old, new })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{PlannedVisit, Round, Unassigned};

    /// A round: (carer, date, [(visit, start, end)]).
    type Plan<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, &'a str)]);

    fn rota(rounds: &[Plan], unassigned: &[(&str, Reason)]) -> Rota {
        let mut r = Rota::empty("t");
        for &(carer, date, visits) in rounds {
            r.rounds.push(Round {
                carer: carer.into(),
                date: date.parse().unwrap(),
                visits: visits
                    .iter()
                    .map(|&(v, s, e)| PlannedVisit {
                        visit: v.into(),
                        start: s.parse().unwrap(),
                        end: e.parse().unwrap(),
                        travel_min: 0.0,
                        wait_min: 0.0,
                    })
                    .collect(),
                return_travel_min: 0.0,
            });
        }
        for &(v, reason) in unassigned {
            r.unassigned.push(Unassigned { visit: v.into(), seats: 1, reason, detail: String::new() });
        }
        r
    }

    #[test]
    fn the_same_rota_has_no_changes() {
        let r = rota(&[("k1", "2026-11-30", &[("v1", "08:00", "08:30")])], &[("v2", Reason::NoCapacity)]);
        assert!(diff(&r, &r).is_empty());
    }

    #[test]
    fn a_swap_of_carers_is_two_carer_changes_and_one_visit_change() {
        let old = rota(&[("k1", "2026-11-30", &[("v1", "08:00", "08:30")])], &[]);
        let new = rota(&[("k2", "2026-11-30", &[("v1", "08:00", "08:30")])], &[]);
        let d = diff(&old, &new);
        let kinds: Vec<(&str, CarerChangeKind)> =
            d.carers.iter().map(|c| (c.carer.as_str(), c.changes[0].kind)).collect();
        assert_eq!(kinds, vec![("k1", CarerChangeKind::Removed), ("k2", CarerChangeKind::Added)]);
        assert_eq!(d.visits.len(), 1);
        assert_eq!(d.visits[0].kinds, vec![VisitChangeKind::Carers]);
        assert_eq!(d.visits[0].values(VisitChangeKind::Carers), ("k1".into(), "k2".into()));
        assert_eq!(d.visits_changed(), 1);
    }

    #[test]
    fn cancelled_and_newly_placed_visits_are_client_changes() {
        let old = rota(&[("k1", "2026-11-30", &[("v1", "08:00", "08:30")])], &[("v2", Reason::NoCapacity)]);
        let new = rota(&[("k1", "2026-11-30", &[("v2", "10:00", "10:30")])], &[("v1", Reason::Cancelled)]);
        let d = diff(&old, &new);
        let kinds: Vec<(&str, &[VisitChangeKind])> =
            d.visits.iter().map(|v| (v.visit.as_str(), &v.kinds[..])).collect();
        assert_eq!(kinds, vec![("v1", &[VisitChangeKind::Unplanned][..]), ("v2", &[VisitChangeKind::Planned][..])]);
        assert_eq!(d.visits[0].new.to_string(), "unassigned (cancelled)");
        assert_eq!(d.visits[1].old.to_string(), "unassigned (no_capacity)");
        assert_eq!(d.visits[1].new.to_string(), "2026-11-30 10:00-10:30 k1");
    }

    #[test]
    fn a_double_up_seat_moving_inside_the_visit_tells_the_carer_only() {
        let old = rota(
            &[("k1", "2026-11-30", &[("v1", "08:00", "08:30")]), ("k2", "2026-11-30", &[("v1", "08:05", "08:30")])],
            &[],
        );
        let new = rota(
            &[("k1", "2026-11-30", &[("v1", "08:00", "08:30")]), ("k2", "2026-11-30", &[("v1", "08:00", "08:30")])],
            &[],
        );
        let d = diff(&old, &new);
        assert_eq!(d.carers.len(), 1);
        assert_eq!(d.carers[0].changes[0].kind, CarerChangeKind::Moved);
        assert!(d.visits.is_empty());
        assert_eq!(d.visits_changed(), 1);
    }
}
