//! Applying events to a problem: the week that is left to plan from `now` on.
//!
//! Events apply in file order, each to the problem the earlier ones left (a visit added by one
//! event may be moved by a later one). Every effect is clipped at `now`: a visit whose target
//! start is before `now` is never touched, and availability before `now` never changes. No visit
//! is removed: a suspended, cancelled or replaced visit stays with
//! [`Visit::cancelled`](crate::model::Visit::cancelled) set. New visits and carers are added at
//! the end of their lists, so every item of the problem keeps its position.
//!
//! Hospital stays follow the client's contract profile (`hospital_*` values, see
//! [`crate::model::profile`]):
//! - `attend_then_suspend`: visits in the first `hospital_keep_open_h` hours of the stay are
//!   kept, later ones suspended (H&F 48 h, 003 §14.7; Kent, Milton Keynes and `custom` 0 h);
//! - `keep_short_stays`: a stay known to last `hospital_keep_open_h` hours or less keeps every
//!   visit, one known to be longer suspends every visit from admission, and one with no known end
//!   keeps the first `hospital_keep_open_h` hours and suspends the rest (Bexley 24 h, 004 §31.1-31.2);
//! - `notify_only`: nothing is suspended.
//!
//! With `hospital_ward_only` (Bexley, 004 §31.5) an admission with `"ward": false` (A&E, a
//! clinical decision unit) suspends nothing. A suspension with a known end (`until`) lasts to
//! that end, but no less than the profile's restart notice after `now`. A discharge restores the
//! suspended visits from the restart on: the given `restart`, or else the discharge time but no
//! sooner than `hospital_restart_notice_h` after `now` (`hospital_increase_notice_h` when a
//! changed package grows: Bexley 72 h, 004 §31.4). The notice runs from `now`, the moment the
//! provider learns of the discharge, not from the discharge itself: a discharge announced two
//! days ahead restarts on the day.

use super::events::{
    AvailabilityChanged, CarerAbsent, CarerAdded, Event, Events, HospitalAdmission, HospitalDischarge, Package,
    VisitAdded, VisitCancelled, VisitMoved,
};
use crate::format::{Findings, Severity};
use crate::model::{Availability, ContractProfile, HospitalRule, Problem, TimeWindow, Visit};
use crate::time::{ClockTime, Week, MAX_CLOCK};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashMap;

/// The start of the reason given to a visit suspended by a hospital stay:
/// `"client in hospital from Wed 10:30"`. A discharge restores only visits with this reason.
pub const HOSPITAL_REASON: &str = "client in hospital";

/// The reason given to a visit replaced by a changed package on discharge.
pub const REPLACED_REASON: &str = "replaced by the package changed on hospital discharge";

/// The problem after the events, with one note per effect for the scheduler.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The problem left to plan: the input with every event applied.
    pub problem: Problem,
    /// One line per effect, in event order, e.g. `"c12: in hospital from Wed 10:30; …"`.
    pub notes: Vec<String>,
}

/// Apply `events` to `problem` at `now`. Events that [`super::parse_events`] would reject are
/// skipped, each with a note saying why, so this never panics on unchecked input.
pub fn apply(problem: &Problem, events: &Events, now: NaiveDateTime) -> Applied {
    let mut engine = Engine::new(problem, now);
    for (i, event) in events.events.iter().enumerate() {
        let errors = engine.event(i, event);
        if let Some(e) = errors.first() {
            engine.notes.push(format!("event {i} ({} {}) skipped: {}", event.kind(), event.subject(), e.message));
        }
    }
    engine.p.normalise();
    Applied { problem: engine.p, notes: engine.notes }
}

/// Check `events` against `problem` at `now`, recording every error in `f`: each event's own
/// checks, then the rules of a problem ([`crate::validate::problem`]) on the result, reported at
/// the event that broke them.
pub(crate) fn check(problem: &Problem, events: &Events, now: NaiveDateTime, f: &mut Findings) {
    let mut engine = Engine::new(problem, now);
    if now < engine.start || now > engine.end {
        f.error(
            "$",
            None,
            "now_outside_week",
            format!("now ({now}) is outside the problem's week of {}", engine.week.monday()),
        );
    }
    for (i, event) in events.events.iter().enumerate() {
        for e in engine.event(i, event) {
            let path = if e.field.is_empty() { format!("$.events[{i}]") } else { format!("$.events[{i}].{}", e.field) };
            f.error(path, e.id.as_deref(), e.code, e.message);
        }
    }
    engine.p.normalise();
    let mut before = Findings::new("before");
    crate::validate::problem(problem, &mut before);
    let mut after = Findings::new("after");
    crate::validate::problem(&engine.p, &mut after);
    for x in after.list.iter().filter(|x| x.severity == Severity::Error) {
        if before.list.iter().any(|b| b.path == x.path && b.code == x.code && b.id == x.id) {
            continue;
        }
        match engine.locate(&x.path, x.id.as_deref()) {
            Some(path) => f.error(path, x.id.as_deref(), x.code, x.message.clone()),
            None => f.error(
                "$.events",
                x.id.as_deref(),
                x.code,
                format!("after the events, the problem breaks a rule at {}: {}", x.path, x.message),
            ),
        }
    }
}

/// One error in one event; `field` is the path inside the event (empty: the event itself).
struct EventError {
    field: String,
    id: Option<String>,
    code: &'static str,
    message: String,
}

/// Which part of the problem an event changed, to report the problem's errors at the event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Visit(usize),
    Carer(usize),
    Availability(usize),
}

/// An event's change to one item: `base` is the path inside the event, and `fields` the fields
/// of the item that the event wrote (empty: all of them).
struct Touch {
    target: Target,
    event: usize,
    base: String,
    fields: &'static [&'static str],
}

/// The fields of a visit a `visit_moved` event writes.
const MOVE_FIELDS: &[&str] = &["date", "start", "window", "duration_min"];
/// The fields of a visit a package call writes.
const CALL_FIELDS: &[&str] = &["start", "duration_min", "carers_required", "time_critical", "window", "skills"];

/// A client's hospital stay: `from` is unknown for a stay found in the problem (visits
/// suspended by an earlier re-plan).
struct Stay {
    from: Option<NaiveDateTime>,
}

struct Engine {
    p: Problem,
    now: NaiveDateTime,
    week: Week,
    /// Monday 00:00 and the next Monday 00:00.
    start: NaiveDateTime,
    end: NaiveDateTime,
    stays: HashMap<String, Stay>,
    touched: Vec<Touch>,
    notes: Vec<String>,
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// The instant of a clock time (which may pass 24:00) on a date.
fn instant(d: NaiveDate, t: ClockTime) -> NaiveDateTime {
    midnight(d) + Duration::milliseconds(t.ticks())
}

/// The clock time of an instant on or after `d`, as a time of that date (at most 72:00).
fn clock_on(d: NaiveDate, t: NaiveDateTime) -> ClockTime {
    ClockTime::from_ticks((t - midnight(d)).num_milliseconds().clamp(0, MAX_CLOCK))
}

fn visit_start(v: &Visit) -> NaiveDateTime {
    instant(v.date, v.start)
}

fn hours(h: f64) -> Duration {
    Duration::milliseconds((h * 3_600_000.0).round() as i64)
}

/// Hours as a person writes them: `48 h`, `1.5 h`.
fn show_h(h: f64) -> String {
    format!("{h} h")
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

impl Engine {
    fn new(problem: &Problem, now: NaiveDateTime) -> Engine {
        let week = problem.week();
        let start = midnight(week.monday());
        let stays = problem
            .visits
            .iter()
            .filter(|v| v.cancelled.as_deref().is_some_and(|r| r.starts_with(HOSPITAL_REASON)))
            .map(|v| (v.client.clone(), Stay { from: None }))
            .collect();
        Engine {
            p: problem.clone(),
            now,
            week,
            start,
            end: start + Duration::days(7),
            stays,
            touched: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Check one event and, if it is sound, apply it. Returns its errors.
    fn event(&mut self, i: usize, event: &Event) -> Vec<EventError> {
        let mut errs = Vec::new();
        match event {
            Event::HospitalAdmission(a) => {
                self.check_admission(a, &mut errs);
                if errs.is_empty() {
                    self.admit(a);
                }
            }
            Event::HospitalDischarge(d) => {
                self.check_discharge(d, &mut errs);
                if errs.is_empty() {
                    self.discharge(i, d);
                }
            }
            Event::CarerAbsent(a) => {
                self.check_absence(a, &mut errs);
                if errs.is_empty() {
                    self.absent(a);
                }
            }
            Event::VisitCancelled(c) => {
                let v = self.changeable_visit(&c.visit, &mut errs);
                if let (Some(v), true) = (v, errs.is_empty()) {
                    self.cancel(v, c);
                }
            }
            Event::VisitAdded(a) => {
                self.check_added_visit(a, &mut errs);
                if errs.is_empty() {
                    self.add_visit(i, a);
                }
            }
            Event::VisitMoved(m) => {
                let v = self.check_move(m, &mut errs);
                if let (Some(v), true) = (v, errs.is_empty()) {
                    self.move_visit(i, v, m);
                }
            }
            Event::AvailabilityChanged(a) => {
                let k = self.check_availability(a, &mut errs);
                if let (Some(k), true) = (k, errs.is_empty()) {
                    self.change_availability(i, k, a);
                }
            }
            Event::CarerAdded(a) => {
                if self.carer_ix(&a.carer.id).is_some() {
                    errs.push(err(
                        "carer.id",
                        &a.carer.id,
                        "duplicate_id",
                        format!("carer {:?} exists already", a.carer.id),
                    ));
                } else {
                    self.add_carer(i, a);
                }
            }
        }
        if errs.is_empty() {
            if let (Some(note), Some(last)) = (event.note(), self.notes.last_mut()) {
                last.push_str(&format!(" ({note})"));
            }
        }
        errs
    }

    // ----- lookups and common checks -----

    fn client_ix(&self, id: &str) -> Option<usize> {
        self.p.clients.iter().position(|c| c.id == id)
    }

    fn carer_ix(&self, id: &str) -> Option<usize> {
        self.p.carers.iter().position(|c| c.id == id)
    }

    fn visit_ix(&self, id: &str) -> Option<usize> {
        self.p.visits.iter().position(|v| v.id == id)
    }

    fn profile_of(&self, client: &str) -> ContractProfile {
        self.client_ix(client)
            .and_then(|c| self.p.profile(&self.p.clients[c].profile))
            .unwrap_or_else(ContractProfile::custom)
    }

    /// A moment as the scheduler reads it: `Wed 10:30` in the week, else the full date.
    fn when(&self, t: NaiveDateTime) -> String {
        if t >= self.start && t < self.end {
            t.format("%a %H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    }

    fn need(&self, found: bool, field: &str, kind: &str, id: &str, errs: &mut Vec<EventError>) {
        if !found {
            errs.push(err(field, id, "unknown_reference", format!("{kind} {id:?} is not in the problem")));
        }
    }

    fn in_week(&self, t: NaiveDateTime, field: &str, id: &str, errs: &mut Vec<EventError>) {
        if t < self.start || t > self.end {
            errs.push(err(
                field,
                id,
                "date_outside_week",
                format!("{} is outside the problem's week of {}", t.format("%Y-%m-%d %H:%M"), self.week.monday()),
            ));
        }
    }

    fn date_in_week(&self, d: NaiveDate, field: &str, id: &str, errs: &mut Vec<EventError>) -> bool {
        let ok = self.week.day_index(d).is_some();
        if !ok {
            errs.push(err(
                field,
                id,
                "date_outside_week",
                format!("{d} is outside the problem's week of {}", self.week.monday()),
            ));
        }
        ok
    }

    /// The visit, if it exists and has not started before `now`.
    fn changeable_visit(&self, id: &str, errs: &mut Vec<EventError>) -> Option<usize> {
        let v = self.visit_ix(id);
        self.need(v.is_some(), "visit", "visit", id, errs);
        let v = v?;
        let start = visit_start(&self.p.visits[v]);
        if start < self.now {
            errs.push(err(
                "visit",
                id,
                "in_the_past",
                format!(
                    "visit {id:?} started at {}, before now ({}); the past cannot change",
                    self.when(start),
                    self.when(self.now)
                ),
            ));
        }
        Some(v)
    }

    // ----- hospital -----

    fn check_admission(&self, a: &HospitalAdmission, errs: &mut Vec<EventError>) {
        let id = &a.client;
        self.need(self.client_ix(id).is_some(), "client", "client", id, errs);
        self.in_week(a.from, "from", id, errs);
        if let Some(until) = a.until.filter(|&u| u <= a.from) {
            errs.push(err(
                "until",
                id,
                "ends_before_start",
                format!("the stay ends ({}) before it starts ({})", self.when(until), self.when(a.from)),
            ));
        }
        if self.stays.contains_key(id) {
            errs.push(err(
                "client",
                id,
                "already_in_hospital",
                format!("client {id:?} is in hospital already; write a discharge first"),
            ));
        }
    }

    fn admit(&mut self, a: &HospitalAdmission) {
        let profile = self.profile_of(&a.client);
        self.stays.insert(a.client.clone(), Stay { from: Some(a.from) });
        let place = if a.ward { "in hospital" } else { "in hospital, not on a ward (A&E or a decision unit)" };
        let until = a.until.map(|u| format!(" until {}", self.when(u))).unwrap_or_default();
        let who = format!("{}: {place} from {}{until}", a.client, self.when(a.from));
        let p = &profile.name;
        let note = if !a.ward && profile.hospital_ward_only {
            format!("{who}; profile {p} suspends visits only for a ward admission, so none change")
        } else {
            let (window, why) = suspension(&profile, a.from, a.until);
            match window {
                None => format!("{who}; {why}, so no visit changes"),
                Some((from, until)) => {
                    let until = until.map(|u| u.max(self.now + hours(profile.hospital_restart_notice_h)));
                    let reason = format!("{HOSPITAL_REASON} from {}", self.when(a.from));
                    let (n, first) = self.suspend(&a.client, from, until, &reason);
                    let to = until.map(|u| format!(" to {}", self.when(u))).unwrap_or_default();
                    match first {
                        Some(first) => format!(
                            "{who}; {why}, so {} from {}{to} {} suspended",
                            plural(n, "visit"),
                            self.when(first),
                            if n == 1 { "is" } else { "are" }
                        ),
                        None => {
                            format!("{who}; {why}; no planned visit falls from {}{to}", self.when(from.max(self.now)))
                        }
                    }
                }
            }
        };
        self.notes.push(note);
        if profile.hospital_case_open_days > 0 {
            self.notes.push(format!(
                "{}: profile {p} keeps the case open at least {} days after admission: hold the client's carers",
                a.client, profile.hospital_case_open_days
            ));
        }
    }

    /// Cancel the client's live visits that start in `[max(from, now), until)`; returns how
    /// many, and the first one's start.
    fn suspend(
        &mut self,
        client: &str,
        from: NaiveDateTime,
        until: Option<NaiveDateTime>,
        reason: &str,
    ) -> (usize, Option<NaiveDateTime>) {
        let from = from.max(self.now);
        let mut n = 0;
        let mut first: Option<NaiveDateTime> = None;
        for v in self.p.visits.iter_mut().filter(|v| v.client == client && v.cancelled.is_none()) {
            let s = visit_start(v);
            if s >= from && until.is_none_or(|u| s < u) {
                v.cancelled = Some(reason.to_string());
                n += 1;
                first = Some(first.map_or(s, |f| f.min(s)));
            }
        }
        (n, first)
    }

    fn check_discharge(&self, d: &HospitalDischarge, errs: &mut Vec<EventError>) {
        let id = &d.client;
        self.need(self.client_ix(id).is_some(), "client", "client", id, errs);
        self.in_week(d.at, "at", id, errs);
        if let Some(r) = d.restart {
            self.in_week(r, "restart", id, errs);
            if r < d.at {
                errs.push(err(
                    "restart",
                    id,
                    "ends_before_start",
                    format!("visits restart ({}) before the discharge ({})", self.when(r), self.when(d.at)),
                ));
            }
        }
        match self.stays.get(id) {
            None if self.client_ix(id).is_some() => errs.push(err(
                "client",
                id,
                "not_admitted",
                format!(
                    "client {id:?} is not in hospital: no earlier admission event, and no visit suspended for a stay"
                ),
            )),
            Some(Stay { from: Some(from) }) if d.at <= *from => errs.push(err(
                "at",
                id,
                "ends_before_start",
                format!("the discharge ({}) is not after the admission ({})", self.when(d.at), self.when(*from)),
            )),
            _ => {}
        }
        if let Some(p) = &d.package {
            for (c, call) in p.calls.iter().enumerate() {
                if call.days.is_empty() {
                    errs.push(err(
                        &format!("package.calls[{c}].days"),
                        id,
                        "invalid_value",
                        "a call needs at least one day".into(),
                    ));
                }
            }
            if let Some(h) = p.weekly_hours.filter(|h| !h.is_finite() || *h < 0.0) {
                errs.push(err(
                    "package.weekly_hours",
                    id,
                    "invalid_value",
                    format!("weekly_hours is {h}; it must be 0 or more"),
                ));
            }
        }
    }

    fn discharge(&mut self, i: usize, d: &HospitalDischarge) {
        let profile = self.profile_of(&d.client);
        let grows = d.package.as_ref().is_some_and(|p| self.grows(&d.client, p));
        let notice_h = if grows { profile.hospital_increase_notice_h } else { profile.hospital_restart_notice_h };
        let restart = d.restart.unwrap_or_else(|| d.at.max(self.now + hours(notice_h)));
        let from = restart.max(self.now);
        self.stays.remove(&d.client);
        let (mut restored, mut still) = (0, 0);
        for v in self.p.visits.iter_mut().filter(|v| v.client == d.client) {
            if !v.cancelled.as_deref().is_some_and(|r| r.starts_with(HOSPITAL_REASON)) {
                continue;
            }
            let s = visit_start(v);
            if s >= from {
                v.cancelled = None;
                restored += 1;
            } else if s >= self.now {
                still += 1;
            }
        }
        let why = match (d.restart, restart > d.at) {
            (None, true) => format!(
                " (profile {} needs {} notice to restart{})",
                profile.name,
                show_h(notice_h),
                if grows { " a package that grows" } else { "" }
            ),
            _ => String::new(),
        };
        let mut note = format!(
            "{}: home from hospital at {}; visits restart {}{why}: {} restored",
            d.client,
            self.when(d.at),
            self.when(restart),
            plural(restored, "visit")
        );
        if still > 0 {
            note.push_str(&format!(", {} before the restart stay suspended", plural(still, "visit")));
        }
        self.notes.push(note);
        if let Some(p) = &d.package {
            self.replace_package(i, &d.client, p, from);
        }
    }

    /// Whether a changed package is larger than the client's: more weekly hours when it gives
    /// them, else more minutes of calls in a week than the client's visits in the problem.
    fn grows(&self, client: &str, p: &Package) -> bool {
        let Some(c) = self.client_ix(client) else { return false };
        if let Some(h) = p.weekly_hours {
            return h > self.p.clients[c].weekly_hours;
        }
        let new: i64 = p.calls.iter().map(|k| i64::from(k.duration_min) * k.days.len() as i64).sum();
        let old: i64 = self.p.visits.iter().filter(|v| v.client == client).map(|v| i64::from(v.duration_min)).sum();
        new > old
    }

    /// The client's live visits from `from` on are replaced by the package's calls.
    fn replace_package(&mut self, i: usize, client: &str, p: &Package, from: NaiveDateTime) {
        let (replaced, _) = self.suspend(client, from, None, REPLACED_REASON);
        let mut added = 0;
        for day in 0..7 {
            let date = self.week.date(day);
            for (c, call) in p.calls.iter().enumerate() {
                if !call.days.iter().any(|d| d.index() == day) || instant(date, call.start) < from {
                    continue;
                }
                added += 1;
                let id = self.fresh_visit_id(&format!("{client}-e{i}-{added}"));
                self.p.visits.push(Visit {
                    id,
                    client: client.to_string(),
                    date,
                    start: call.start,
                    duration_min: call.duration_min,
                    carers_required: call.carers_required,
                    time_critical: call.time_critical,
                    windows: Vec::new(),
                    optional: false,
                    optional_group: None,
                    window: call.window,
                    skills: call.skills.clone(),
                    priority: 1,
                    short_call_authorised: call.short_call_authorised,
                    links: Vec::new(),
                    due: None,
                    demand: 0,
                    cancelled: None,
                });
                self.touched.push(Touch {
                    target: Target::Visit(self.p.visits.len() - 1),
                    event: i,
                    base: format!("package.calls[{c}]"),
                    fields: CALL_FIELDS,
                });
            }
        }
        let mut note = format!(
            "{client}: the changed package replaces {} from {} with {}",
            plural(replaced, "visit"),
            self.when(from),
            plural(added, "new visit")
        );
        if let (Some(h), Some(c)) = (p.weekly_hours, self.client_ix(client)) {
            note.push_str(&format!("; weekly hours {} → {h}", self.p.clients[c].weekly_hours));
            self.p.clients[c].weekly_hours = h;
        }
        self.notes.push(note);
    }

    fn fresh_visit_id(&self, base: &str) -> String {
        let mut id = base.to_string();
        let mut k = 0;
        while self.visit_ix(&id).is_some() {
            k += 1;
            id = format!("{base}-{k}");
        }
        id
    }

    // ----- carers -----

    fn check_absence(&self, a: &CarerAbsent, errs: &mut Vec<EventError>) {
        let id = &a.carer;
        self.need(self.carer_ix(id).is_some(), "carer", "carer", id, errs);
        self.in_week(a.from, "from", id, errs);
        if a.until <= a.from {
            errs.push(err(
                "until",
                id,
                "ends_before_start",
                format!("the absence ends ({}) before it starts ({})", self.when(a.until), self.when(a.from)),
            ));
        }
    }

    fn absent(&mut self, a: &CarerAbsent) {
        let Some(k) = self.carer_ix(&a.carer) else { return };
        let from = a.from.max(self.now);
        let head =
            format!("{}: absent ({}) from {} to {}", a.carer, a.reason.name(), self.when(a.from), self.when(a.until));
        if a.until <= from {
            self.notes.push(format!("{head}; it ended before now, so nothing changes"));
            return;
        }
        let (removed, shortened) = cut(&mut self.p.carers[k].availability, from, a.until);
        self.notes.push(format!(
            "{head}; from {}: {} removed, {} shortened",
            self.when(from),
            plural(removed, "availability window"),
            shortened
        ));
    }

    fn check_availability(&self, a: &AvailabilityChanged, errs: &mut Vec<EventError>) -> Option<usize> {
        let id = &a.carer;
        let k = self.carer_ix(id);
        self.need(k.is_some(), "carer", "carer", id, errs);
        if self.date_in_week(a.date, "date", id, errs) && a.date < self.now.date() {
            errs.push(err(
                "date",
                id,
                "in_the_past",
                format!("{} is before today ({}); the past cannot change", a.date, self.now.date()),
            ));
        }
        for (j, w) in a.windows.iter().enumerate() {
            if w.end <= w.start {
                errs.push(err(
                    &format!("windows[{j}]"),
                    id,
                    "window_ends_before_start",
                    format!("the window {}-{} does not end after it starts", w.start, w.end),
                ));
            }
        }
        k
    }

    /// The carer's windows on the date become the event's, from `now` on: what was before `now`
    /// stays as it was.
    fn change_availability(&mut self, i: usize, k: usize, a: &AvailabilityChanged) {
        let now = self.now;
        let list = &mut self.p.carers[k].availability;
        let mut pieces: Vec<Availability> = list.iter().filter(|w| w.date == a.date).copied().collect();
        let old = pieces.len();
        cut(&mut pieces, now, NaiveDateTime::MAX);
        let mut new: Vec<Availability> =
            a.windows.iter().map(|w| Availability { date: a.date, start: w.start, end: w.end }).collect();
        cut(&mut new, NaiveDateTime::MIN, now);
        pieces.extend(new);
        pieces.sort_by_key(|w| (w.start, w.end));
        let pieces = merge_touching(pieces);
        let at = list.iter().position(|w| w.date == a.date).unwrap_or(list.len());
        list.retain(|w| w.date != a.date);
        let n = pieces.len();
        list.splice(at..at, pieces);
        self.touched.push(Touch { target: Target::Availability(k), event: i, base: "windows".into(), fields: &[] });
        let shown: Vec<String> = a.windows.iter().map(|w| format!("{}-{}", w.start, w.end)).collect();
        self.notes.push(format!(
            "{}: availability on {} becomes {} from {}: {} before, {n} after",
            a.carer,
            a.date.format("%a %Y-%m-%d"),
            if shown.is_empty() { "none".to_string() } else { shown.join(", ") },
            self.when(now.max(midnight(a.date))),
            plural(old, "window")
        ));
    }

    fn add_carer(&mut self, i: usize, a: &CarerAdded) {
        let mut carer = a.carer.clone();
        let before = carer.availability.len();
        cut(&mut carer.availability, NaiveDateTime::MIN, self.now);
        let clipped = before - carer.availability.len();
        self.p.carers.push(carer);
        self.touched.push(Touch {
            target: Target::Carer(self.p.carers.len() - 1),
            event: i,
            base: "carer".into(),
            fields: &[],
        });
        let mut note =
            format!("{}: new carer, {}", a.carer.id, plural(a.carer.availability.len(), "availability window"));
        if clipped > 0 {
            note.push_str(&format!(" ({clipped} before now dropped)"));
        }
        self.notes.push(note);
    }

    // ----- visits -----

    fn cancel(&mut self, v: usize, c: &VisitCancelled) {
        let when = self.when(visit_start(&self.p.visits[v]));
        let visit = &mut self.p.visits[v];
        let note = match &visit.cancelled {
            Some(r) => format!("{} ({}, {when}): cancelled already ({r})", visit.id, visit.client),
            None => {
                visit.cancelled = Some(c.note.clone().unwrap_or_else(|| "cancelled".to_string()));
                format!("{} ({}, {when}): cancelled", visit.id, visit.client)
            }
        };
        self.notes.push(note);
    }

    fn check_added_visit(&self, a: &VisitAdded, errs: &mut Vec<EventError>) {
        let v = &a.visit;
        if self.visit_ix(&v.id).is_some() {
            errs.push(err("visit.id", &v.id, "duplicate_id", format!("visit {:?} exists already", v.id)));
        }
        if self.client_ix(&v.client).is_none() {
            errs.push(err(
                "visit.client",
                &v.id,
                "unknown_reference",
                format!("visit {:?} is for client {:?}, who is not in the problem", v.id, v.client),
            ));
        }
        if self.date_in_week(v.date, "visit.date", &v.id, errs) && visit_start(v) < self.now {
            errs.push(err(
                "visit.start",
                &v.id,
                "in_the_past",
                format!(
                    "visit {:?} would start at {}, before now ({})",
                    v.id,
                    self.when(visit_start(v)),
                    self.when(self.now)
                ),
            ));
        }
    }

    fn add_visit(&mut self, i: usize, a: &VisitAdded) {
        self.p.visits.push(a.visit.clone());
        self.touched.push(Touch {
            target: Target::Visit(self.p.visits.len() - 1),
            event: i,
            base: "visit".into(),
            fields: &[],
        });
        let v = &a.visit;
        self.notes.push(format!("{} ({}, {}): added", v.id, v.client, self.when(visit_start(v))));
    }

    fn check_move(&self, m: &VisitMoved, errs: &mut Vec<EventError>) -> Option<usize> {
        let v = self.changeable_visit(&m.visit, errs)?;
        let id = &m.visit;
        if m.date.is_none() && m.start.is_none() && m.window.is_none() && m.duration_min.is_none() {
            errs.push(err(
                "",
                id,
                "invalid_value",
                "a visit_moved event changes at least one of date, start, window and duration_min".into(),
            ));
        }
        let old = &self.p.visits[v];
        let date = m.date.unwrap_or(old.date);
        let fine = m.date.is_none_or(|d| self.date_in_week(d, "date", id, errs));
        let start = instant(date, m.start.unwrap_or(old.start));
        if fine && start < self.now {
            errs.push(err(
                if m.start.is_some() { "start" } else { "date" },
                id,
                "in_the_past",
                format!("visit {id:?} would start at {}, before now ({})", self.when(start), self.when(self.now)),
            ));
        }
        Some(v)
    }

    fn move_visit(&mut self, i: usize, v: usize, m: &VisitMoved) {
        let before = visit_start(&self.p.visits[v]);
        let visit = &mut self.p.visits[v];
        if let Some(d) = m.date {
            visit.date = d;
        }
        if let Some(s) = m.start {
            let shift = s.ticks() - visit.start.ticks();
            visit.start = s;
            if m.window.is_none() {
                let by = |t: ClockTime| ClockTime::from_ticks((t.ticks() + shift).clamp(0, MAX_CLOCK));
                visit.window = visit.window.map(|w| TimeWindow { earliest: by(w.earliest), latest: by(w.latest) });
                for w in &mut visit.windows {
                    (w.earliest, w.latest, w.due) = (by(w.earliest), by(w.latest), w.due.map(by));
                }
            }
        }
        if m.window.is_some() {
            // A new window replaces the visit's several windows too (a visit has one or the other).
            visit.window = m.window;
            visit.windows.clear();
        }
        if let Some(d) = m.duration_min {
            visit.duration_min = d;
        }
        let (after, window, length) = (visit_start(visit), visit.window, visit.duration_min);
        let (id, client) = (visit.id.clone(), visit.client.clone());
        let mut note = format!("{id} ({client}): moved from {} to {}", self.when(before), self.when(after));
        if let Some(w) = window {
            note.push_str(&format!(", window {}-{}", w.earliest, w.latest));
        }
        note.push_str(&format!(", {length} min"));
        self.notes.push(note);
        self.touched.push(Touch { target: Target::Visit(v), event: i, base: String::new(), fields: MOVE_FIELDS });
    }

    // ----- reporting the problem's errors at events -----

    /// The event path for a finding at `path` (about `id`) in the changed problem.
    fn locate(&self, path: &str, id: Option<&str>) -> Option<String> {
        let at = |t: &Touch, rest: &str| {
            let mut s = format!("$.events[{}]", t.event);
            if !t.base.is_empty() {
                s.push('.');
                s.push_str(&t.base);
            }
            let field = rest.trim_start_matches('.').split(['.', '[']).next().unwrap_or("");
            if !field.is_empty() && (t.fields.is_empty() || t.fields.contains(&field)) {
                if t.fields.is_empty() {
                    s.push_str(rest);
                } else {
                    s.push('.');
                    s.push_str(field);
                }
            }
            s
        };
        if let Some((j, rest)) = indexed(path, "$.visits[") {
            if let Some(t) = self.touched.iter().rev().find(|t| t.target == Target::Visit(j)) {
                return Some(at(t, rest));
            }
        }
        if let Some((j, rest)) = indexed(path, "$.carers[") {
            for t in self.touched.iter().rev() {
                match t.target {
                    Target::Carer(x) if x == j => return Some(at(t, rest)),
                    Target::Availability(x) if x == j && rest.starts_with(".availability") => {
                        return Some(format!("$.events[{}].windows", t.event))
                    }
                    _ => {}
                }
            }
        }
        let id = id?;
        let t = self.touched.iter().rev().find(|t| match t.target {
            Target::Visit(x) => self.p.visits[x].id == id,
            Target::Carer(x) | Target::Availability(x) => self.p.carers[x].id == id,
        })?;
        Some(format!("$.events[{}]", t.event))
    }
}

fn err(field: &str, id: &str, code: &'static str, message: String) -> EventError {
    EventError { field: field.to_string(), id: Some(id.to_string()), code, message }
}

/// `("$.visits[12].window", "$.visits[")` → `(12, ".window")`.
fn indexed<'a>(path: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(prefix)?;
    let close = rest.find(']')?;
    Some((rest[..close].parse().ok()?, &rest[close + 1..]))
}

/// Which visits a stay suspends under the profile: `[from, until)` (until none: open-ended),
/// or none; with the reason in words.
fn suspension(
    p: &ContractProfile,
    from: NaiveDateTime,
    until: Option<NaiveDateTime>,
) -> (Option<(NaiveDateTime, Option<NaiveDateTime>)>, String) {
    let name = &p.name;
    let keep = hours(p.hospital_keep_open_h);
    let kh = show_h(p.hospital_keep_open_h);
    match p.hospital_rule {
        HospitalRule::NotifyOnly => (None, format!("profile {name} only notes an admission")),
        HospitalRule::AttendThenSuspend if p.hospital_keep_open_h > 0.0 => {
            (Some((from + keep, until)), format!("profile {name} keeps visits open {kh} after admission"))
        }
        HospitalRule::AttendThenSuspend => {
            (Some((from, until)), format!("profile {name} suspends visits from admission"))
        }
        HospitalRule::KeepShortStays => match until {
            Some(u) if u - from <= keep => {
                (None, format!("profile {name} keeps every visit open for a stay of {kh} or less"))
            }
            Some(_) => (Some((from, until)), format!("profile {name} suspends every visit of a stay over {kh}")),
            None => (
                Some((from + keep, None)),
                format!("profile {name} keeps visits open {kh} (a shorter stay keeps them all), then suspends them"),
            ),
        },
    }
}

/// Remove `[from, until)` from availability windows, splitting those it partly covers; returns
/// how many windows went and how many were shortened or split.
fn cut(list: &mut Vec<Availability>, from: NaiveDateTime, until: NaiveDateTime) -> (usize, usize) {
    let (mut removed, mut shortened) = (0, 0);
    let mut out = Vec::with_capacity(list.len() + 1);
    for w in list.iter() {
        let (s, e) = (instant(w.date, w.start), instant(w.date, w.end));
        if e <= from || s >= until || e <= s {
            out.push(*w);
            continue;
        }
        let before = out.len();
        if s < from {
            out.push(Availability { end: clock_on(w.date, from), ..*w });
        }
        if e > until {
            out.push(Availability { start: clock_on(w.date, until), ..*w });
        }
        if out.len() > before {
            shortened += 1;
        } else {
            removed += 1;
        }
    }
    *list = out;
    (removed, shortened)
}

/// Join windows of one date that touch end to start (sorted by start).
fn merge_touching(ws: Vec<Availability>) -> Vec<Availability> {
    let mut out: Vec<Availability> = Vec::with_capacity(ws.len());
    for w in ws {
        match out.last_mut() {
            Some(last) if last.end == w.start => last.end = w.end,
            _ => out.push(w),
        }
    }
    out
}
