//! The events file: what happened in a running week, read and validated against its problem.
//!
//! ```json
//! {"format_version": "1.0", "events": [
//!   {"kind": "hospital_admission", "client": "c12", "from": "2026-12-02T10:30"},
//!   {"kind": "carer_absent", "carer": "k4", "from": "2026-12-02T00:00",
//!    "until": "2026-12-04T00:00", "reason": "sickness", "note": "fit note to Thursday"}
//! ]}
//! ```
//!
//! Times are local date-times, `"2026-12-02T10:30"` (seconds may be given). Every event may
//! carry a `"note"` for people. Events apply in file order ([`crate::replan::apply()`]).
//!
//! [`parse_events`] reports every mistake together, each with the file, a JSON path such as
//! `$.events[3].client` and the id it is about. Reading errors are those of
//! [`crate::format`] (`malformed_json`, `wrong_type`, `missing_field`, `unknown_field`,
//! `invalid_value`, `unsupported_version`), plus:
//!
//! | code | meaning |
//! |---|---|
//! | `unknown_kind` | an event's `kind` is none of the kinds below |
//! | `unknown_reference` | a client, carer or visit id that names nothing (in the problem or added by an earlier event) |
//! | `duplicate_id` | a visit or carer added with an id already in use |
//! | `date_outside_week` | a time or date outside the problem's week (an `until` may run past the week's end) |
//! | `ends_before_start` | an `until` not after its `from`, a `restart` before the discharge, a discharge before the admission |
//! | `in_the_past` | a change to a visit that started before `now`, a visit moved or added before `now`, availability replaced on a day that ended before `now` |
//! | `not_admitted` | a discharge for a client who is not in hospital |
//! | `already_in_hospital` | an admission for a client who is in hospital already |
//! | `window_ends_before_start` | an availability window that does not end after it starts |
//! | `now_outside_week` | `now` is not in the problem's week |
//!
//! After these checks the events are applied and the resulting problem is validated like any
//! problem ([`crate::validate::problem`]); its errors are reported at the event that caused them
//! (`$.events[2].visit.duration_min` for a visit added with a bad duration).

use crate::format::{read_text, Findings, InputErrors};
use crate::model::{Carer, Problem, TimeWindow, Visit};
use crate::time::ClockTime;
use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The version of the events format this build reads.
pub const FORMAT_VERSION: &str = "1.0";

/// An events file: what happened in the week, in the order it is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// Format version, `"1.0"`.
    pub format_version: String,
    /// The events, applied in this order.
    pub events: Vec<Event>,
}

/// One thing that happened. The `kind` field names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A client goes into hospital; the client's profile says what happens to their visits.
    HospitalAdmission(HospitalAdmission),
    /// A client comes home from hospital; suspended visits restart, perhaps as a new package.
    HospitalDischarge(HospitalDischarge),
    /// A carer cannot work for a while: their availability in `[from, until)` is removed.
    CarerAbsent(CarerAbsent),
    /// A visit is cancelled (it stays in the problem, unassigned with the reason `cancelled`).
    VisitCancelled(VisitCancelled),
    /// A new visit.
    VisitAdded(VisitAdded),
    /// A visit moves to another date or time, or changes its window or length.
    VisitMoved(VisitMoved),
    /// A carer's availability on one date is replaced.
    AvailabilityChanged(AvailabilityChanged),
    /// A new carer.
    CarerAdded(CarerAdded),
}

/// The kinds, as written in files.
pub const KINDS: [&str; 8] = [
    "hospital_admission",
    "hospital_discharge",
    "carer_absent",
    "visit_cancelled",
    "visit_added",
    "visit_moved",
    "availability_changed",
    "carer_added",
];

/// `hospital_admission`: the client is admitted at `from`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HospitalAdmission {
    /// The client.
    pub client: String,
    /// When the client went into hospital.
    #[serde(with = "local_time")]
    #[schemars(schema_with = "local_time::schema")]
    pub from: NaiveDateTime,
    /// When the client is expected home, if known; none: until a discharge event (or the week's
    /// end). It may run past the week.
    #[serde(default, with = "local_time::option", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "local_time::option_schema")]
    pub until: Option<NaiveDateTime>,
    /// Admitted to a ward (`true`, the default). `false`: in A&E or on a clinical decision unit,
    /// which some profiles do not count as an admission (Bexley 004 §31.5).
    #[serde(default = "yes")]
    pub ward: bool,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// `hospital_discharge`: the client comes home at `at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HospitalDischarge {
    /// The client.
    pub client: String,
    /// When the client comes home.
    #[serde(with = "local_time")]
    #[schemars(schema_with = "local_time::schema")]
    pub at: NaiveDateTime,
    /// When visits restart; none: at `at`, but no sooner than the profile's restart notice
    /// after `now` (`hospital_restart_notice_h`, or `hospital_increase_notice_h` when the
    /// package grows).
    #[serde(default, with = "local_time::option", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "local_time::option_schema")]
    pub restart: Option<NaiveDateTime>,
    /// A changed package: its calls replace the client's visits from the restart on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<Package>,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A client's package of care as a weekly pattern of calls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The calls, each on one or more days of the week.
    pub calls: Vec<PackageCall>,
    /// The newly commissioned hours per week, if they change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_hours: Option<f64>,
}

/// One call of a [`Package`]: a visit on each of its days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageCall {
    /// The days of the week of the call.
    pub days: Vec<Day>,
    /// The target start.
    pub start: ClockTime,
    /// Time on site in minutes.
    pub duration_min: i32,
    /// Distinct carers who attend together: 1, 2 or 3.
    #[serde(default = "one")]
    pub carers_required: u8,
    /// Must start within the profile's time-critical tolerance.
    #[serde(default)]
    pub time_critical: bool,
    /// An explicit window for the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<TimeWindow>,
    /// Skills the call needs besides the client's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// A call of 15 minutes or less that the council agreed.
    #[serde(default)]
    pub short_call_authorised: bool,
}

fn one() -> u8 {
    1
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Day {
    /// Days after Monday: 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// `carer_absent`: the carer cannot work in `[from, until)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarerAbsent {
    /// The carer.
    pub carer: String,
    /// The start of the absence.
    #[serde(with = "local_time")]
    #[schemars(schema_with = "local_time::schema")]
    pub from: NaiveDateTime,
    /// The end of the absence (exclusive); it may run past the week.
    #[serde(with = "local_time")]
    #[schemars(schema_with = "local_time::schema")]
    pub until: NaiveDateTime,
    /// Why.
    pub reason: AbsenceReason,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a carer is absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    /// Sickness.
    Sickness,
    /// Annual or other leave.
    Leave,
    /// Anything else.
    Other,
}

impl AbsenceReason {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            AbsenceReason::Sickness => "sickness",
            AbsenceReason::Leave => "leave",
            AbsenceReason::Other => "other",
        }
    }
}

/// `visit_cancelled`: the visit will not happen. The note, if any, becomes the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitCancelled {
    /// The visit.
    pub visit: String,
    /// A note for people; it is kept as the visit's cancellation reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `visit_added`: a new visit, written as in `problem.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitAdded {
    /// The visit.
    pub visit: Visit,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `visit_moved`: a visit's date, start, window or length changes. A new start without a new
/// window moves an explicit window with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitMoved {
    /// The visit.
    pub visit: String,
    /// The new date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The new target start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<ClockTime>,
    /// The new start window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<TimeWindow>,
    /// The new length in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_min: Option<i32>,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `availability_changed`: the carer's availability on `date` becomes `windows` (from `now` on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityChanged {
    /// The carer.
    pub carer: String,
    /// The date whose windows are replaced.
    pub date: NaiveDate,
    /// The new windows on that date (none: not available). `end` may run past 24:00.
    pub windows: Vec<Window>,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A window of availability on an event's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Start.
    pub start: ClockTime,
    /// End.
    pub end: ClockTime,
}

/// `carer_added`: a new carer, written as in `problem.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarerAdded {
    /// The carer.
    pub carer: Carer,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Event {
    /// The kind, as written in files.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::HospitalAdmission(_) => KINDS[0],
            Event::HospitalDischarge(_) => KINDS[1],
            Event::CarerAbsent(_) => KINDS[2],
            Event::VisitCancelled(_) => KINDS[3],
            Event::VisitAdded(_) => KINDS[4],
            Event::VisitMoved(_) => KINDS[5],
            Event::AvailabilityChanged(_) => KINDS[6],
            Event::CarerAdded(_) => KINDS[7],
        }
    }

    /// The id the event is about: a client, carer or visit.
    pub fn subject(&self) -> &str {
        match self {
            Event::HospitalAdmission(e) => &e.client,
            Event::HospitalDischarge(e) => &e.client,
            Event::CarerAbsent(e) => &e.carer,
            Event::VisitCancelled(e) => &e.visit,
            Event::VisitAdded(e) => &e.visit.id,
            Event::VisitMoved(e) => &e.visit,
            Event::AvailabilityChanged(e) => &e.carer,
            Event::CarerAdded(e) => &e.carer.id,
        }
    }

    /// The event's note, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            Event::HospitalAdmission(e) => e.note.as_deref(),
            Event::HospitalDischarge(e) => e.note.as_deref(),
            Event::CarerAbsent(e) => e.note.as_deref(),
            Event::VisitCancelled(e) => e.note.as_deref(),
            Event::VisitAdded(e) => e.note.as_deref(),
            Event::VisitMoved(e) => e.note.as_deref(),
            Event::AvailabilityChanged(e) => e.note.as_deref(),
            Event::CarerAdded(e) => e.note.as_deref(),
        }
    }
}

/// Parse a local date-time: `"2026-12-02T10:30"`, or with seconds `"2026-12-02T10:30:15"`.
///
/// ```
/// let t = rota::replan::events::parse_local_time("2026-12-02T10:30").unwrap();
/// assert_eq!(t.to_string(), "2026-12-02 10:30:00");
/// assert!(rota::replan::events::parse_local_time("2026-12-02 10:30").is_err());
/// ```
pub fn parse_local_time(s: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            format!("`{s}` is not a local date-time: expected \"YYYY-MM-DDTHH:MM\", e.g. \"2026-12-02T10:30\"")
        })
}

/// A local date-time as written in files: `"2026-12-02T10:30"` (seconds only when not zero).
pub fn format_local_time(t: NaiveDateTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// Serde and schema for local date-times written `"2026-12-02T10:30"`.
mod local_time {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_local_time(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_local_time(&s).map_err(serde::de::Error::custom)
    }

    pub fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
            "description": "A local date-time, \"YYYY-MM-DDTHH:MM\" (UK wall-clock time)."
        })
    }

    pub fn option_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut s = schema(g);
        s.insert("type".into(), serde_json::json!(["string", "null"]));
        s
    }

    pub mod option {
        use chrono::NaiveDateTime;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => super::super::parse_local_time(&s).map(Some).map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

/// Read an events file and validate it against its problem at `now`.
pub fn load_events(path: &Path, problem: &Problem, now: NaiveDateTime) -> Result<Events, InputErrors> {
    let file = path.display().to_string();
    match read_text(path) {
        Ok(text) => parse_events(&text, &file, problem, now),
        Err(e) => {
            let mut f = Findings::new(&file);
            f.error("$", None, e.code(), e.to_string());
            Err(InputErrors(f.list))
        }
    }
}

/// Parse events from JSON text and validate them against `problem` at `now`; `file` names the
/// text in errors. Every error is reported together (see the module docs for the codes).
pub fn parse_events(text: &str, file: &str, problem: &Problem, now: NaiveDateTime) -> Result<Events, InputErrors> {
    let mut f = Findings::new(file);
    let events = read(text, &mut f);
    if let Some(events) = &events {
        super::apply::check(problem, events, now, &mut f);
    }
    match events {
        Some(e) if !f.list.iter().any(|x| x.severity == crate::format::Severity::Error) => Ok(e),
        _ => Err(InputErrors(f.list)),
    }
}

/// Read the file's structure: every malformed event is reported, not only the first.
fn read(text: &str, f: &mut Findings) -> Option<Events> {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            f.error("$", None, "malformed_json", format!("not valid JSON: {e}"));
            return None;
        }
    };
    let Some(obj) = root.as_object() else {
        f.error("$", None, "wrong_type", "the file must hold a JSON object");
        return None;
    };
    let before = f.list.len();
    for name in ["format_version", "events"] {
        if !obj.contains_key(name) {
            f.error(format!("$.{name}"), None, "missing_field", format!("missing field `{name}`"));
        }
    }
    for key in obj.keys().filter(|k| !matches!(k.as_str(), "format_version" | "events")) {
        f.error(
            format!("$.{key}"),
            None,
            "unknown_field",
            format!("unknown field `{key}`, expected `format_version` or `events`"),
        );
    }
    match obj.get("format_version").map(Value::as_str) {
        Some(Some(FORMAT_VERSION)) | None => {}
        Some(Some(v)) => f.error(
            "$.format_version",
            None,
            "unsupported_version",
            format!("format_version is {v:?}; this build reads events format {FORMAT_VERSION:?}"),
        ),
        Some(None) => f.error("$.format_version", None, "wrong_type", "format_version must be a string"),
    }
    let mut events = Vec::new();
    match obj.get("events") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(e) = read_event(i, item, f) {
                    events.push(e);
                }
            }
        }
        Some(_) => f.error("$.events", None, "wrong_type", "`events` must be a list"),
        None => {}
    }
    (f.list.len() == before).then(|| Events { format_version: FORMAT_VERSION.to_string(), events })
}

/// Read one event on its own, so that its errors carry paths inside it.
fn read_event(i: usize, item: &Value, f: &mut Findings) -> Option<Event> {
    let at = format!("$.events[{i}]");
    let id = subject_id(item);
    let Some(obj) = item.as_object() else {
        f.error(at, None, "wrong_type", "an event must be a JSON object");
        return None;
    };
    let kind = match obj.get("kind") {
        None => {
            f.error(format!("{at}.kind"), id.as_deref(), "missing_field", "missing field `kind`");
            return None;
        }
        Some(Value::String(k)) => k.as_str(),
        Some(_) => {
            f.error(format!("{at}.kind"), id.as_deref(), "wrong_type", "`kind` must be a string");
            return None;
        }
    };
    let mut body = obj.clone();
    body.remove("kind");
    let body = Value::Object(body);
    let read = match kind {
        "hospital_admission" => de(&body).map(Event::HospitalAdmission),
        "hospital_discharge" => de(&body).map(Event::HospitalDischarge),
        "carer_absent" => de(&body).map(Event::CarerAbsent),
        "visit_cancelled" => de(&body).map(Event::VisitCancelled),
        "visit_added" => de(&body).map(Event::VisitAdded),
        "visit_moved" => de(&body).map(Event::VisitMoved),
        "availability_changed" => de(&body).map(Event::AvailabilityChanged),
        "carer_added" => de(&body).map(Event::CarerAdded),
        other => {
            f.error(
                format!("{at}.kind"),
                id.as_deref(),
                "unknown_kind",
                format!("unknown event kind {other:?}; expected one of {}", KINDS.join(", ")),
            );
            return None;
        }
    };
    match read {
        Ok(e) => Some(e),
        Err((inner, code, message)) => {
            let path = match inner.as_str() {
                "." | "" => at,
                p => format!("{at}.{p}"),
            };
            f.error(path, id.as_deref(), code, message);
            None
        }
    }
}

/// The id an event is about, read from its raw JSON for error reports.
fn subject_id(item: &Value) -> Option<String> {
    for key in ["client", "carer", "visit"] {
        match item.get(key) {
            Some(Value::String(s)) => return Some(s.clone()),
            Some(Value::Object(o)) => {
                if let Some(Value::String(s)) = o.get("id") {
                    return Some(s.clone());
                }
            }
            _ => {}
        }
    }
    None
}

fn de<T: DeserializeOwned>(v: &Value) -> Result<T, (String, &'static str, String)> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let (code, message) = crate::format::classify(e.inner().to_string());
        (e.path().to_string(), code, message)
    })
}
