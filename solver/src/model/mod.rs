//! The problem model: one week of clients, visits and carers, read from a problem file.
//!
//! These types are exactly what `problem.json` holds (see `docs/formats.md`); every field is
//! documented there and in the generated JSON Schema (`docs/schema/problem.schema.json`).
//! Times are whole minutes; clock times are `"HH:MM"` ([`ClockTime`]); dates are ISO dates.
//!
//! A [`Problem`] that came from [`crate::format::load_problem`] has been validated: ids are
//! unique, every reference resolves, windows are well formed and every date is in the week.
//! [`Problem::index`] gives O(1) lookups by id.

pub mod profile;

use crate::time::{ClockTime, Week};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub use profile::{ContinuityBand, ContinuityRule, ContractProfile, ExtendedCap, HospitalRule, ProfileSpec, UnitGrid};

/// The version of the problem and rota formats this build reads and writes.
pub const FORMAT_VERSION: &str = "1.0";

/// A week's problem: the clients, their visits, the carers and the rules that apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Format version, `"1.0"`.
    pub format_version: String,
    /// A name for the problem, shown in reports.
    #[serde(default)]
    pub name: String,
    /// The Monday the rota week starts on (ISO date). The week runs Monday to Sunday.
    pub week_start: NaiveDate,
    /// Skills (and credentials) that visits may require and carers may hold.
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Contract profiles defined or overridden by this problem, by name. A client's `profile`
    /// names one of these or a built-in (`kent`, `milton-keynes`, `hammersmith-fulham`,
    /// `bexley`, `custom`). An entry named like a built-in overrides that built-in's values.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileSpec>,
    /// How travel times are computed. Defaults to the distance model with its defaults.
    #[serde(default)]
    pub travel: TravelConfig,
    /// Working-time rules that apply to every carer (a carer may override them).
    #[serde(default)]
    pub working_time: WorkingTime,
    /// Weights of the solver's objective; any weight left out keeps its default.
    #[serde(default, skip_serializing_if = "ObjectiveWeights::is_default")]
    pub objective: ObjectiveWeights,
    /// The clients (people who receive care).
    pub clients: Vec<Client>,
    /// The carers (care workers).
    pub carers: Vec<Carer>,
    /// The visits (calls) due this week.
    pub visits: Vec<Visit>,
}

/// A skill or credential, such as `dementia`, `peg-feeding` or `medication-administer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// Identifier used by clients, visits and carers.
    pub id: String,
    /// What the skill means, for people reading the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A place: a point on the map (WGS84 degrees, `{"lat": .., "lon": ..}`), or a point on a
/// plane (`{"x": .., "y": ..}`, in kilometres for the distance model), as public benchmarks
/// give their places.
///
/// ```
/// use rota::model::Location;
/// let a: Location = serde_json::from_str(r#"{"lat": 51.28, "lon": 1.08}"#).unwrap();
/// let b: Location = serde_json::from_str(r#"{"x": 40, "y": 50}"#).unwrap();
/// assert_eq!(a, Location::geo(51.28, 1.08));
/// assert_eq!(b, Location::Planar { x: 40.0, y: 50.0 });
/// assert!(serde_json::from_str::<Location>(r#"{"lat": 51.28, "y": 1}"#).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged, try_from = "RawLocation")]
pub enum Location {
    /// WGS84 degrees.
    Geo {
        /// Latitude in degrees, −90 to 90.
        lat: f64,
        /// Longitude in degrees, −180 to 180.
        lon: f64,
    },
    /// Plane coordinates.
    Planar {
        /// East.
        x: f64,
        /// North.
        y: f64,
    },
}

impl Location {
    /// A point on the map.
    pub const fn geo(lat: f64, lon: f64) -> Location {
        Location::Geo { lat, lon }
    }
}

impl JsonSchema for Location {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Location".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A point on the map (WGS84 degrees) or on a plane (x, y in km).",
            "oneOf": [
                {"type": "object", "additionalProperties": false, "required": ["lat", "lon"],
                 "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90},
                                "lon": {"type": "number", "minimum": -180, "maximum": 180}}},
                {"type": "object", "additionalProperties": false, "required": ["x", "y"],
                 "properties": {"x": {"type": "number"}, "y": {"type": "number"}}}
            ]
        })
    }
}

/// Every key a location may have, to give one clear error for a wrong mix.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocation {
    lat: Option<f64>,
    lon: Option<f64>,
    x: Option<f64>,
    y: Option<f64>,
}

impl TryFrom<RawLocation> for Location {
    type Error = String;
    fn try_from(r: RawLocation) -> Result<Location, String> {
        match (r.lat, r.lon, r.x, r.y) {
            (Some(lat), Some(lon), None, None) => Ok(Location::Geo { lat, lon }),
            (None, None, Some(x), Some(y)) => Ok(Location::Planar { x, y }),
            _ => Err("a location is either {\"lat\", \"lon\"} or {\"x\", \"y\"}".into()),
        }
    }
}

/// A person who receives care, with their package of care.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Unique client id.
    pub id: String,
    /// Where the client lives.
    pub location: Location,
    /// The client's postcode, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// The cluster, patch or lot the client belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The provider that holds the client's package, if known (a cluster has several; a
    /// capacity scenario may take one away).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The contract profile whose rules apply to this client's package.
    pub profile: String,
    /// Commissioned hours per week for the package. Sets the continuity band.
    pub weekly_hours: f64,
    /// Skills every visit to this client needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_skills: Vec<String>,
    /// Carers the client has refused; they may never visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_carers: Vec<String>,
    /// Carers the client prefers (soft).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_carers: Vec<String>,
    /// The named key worker, who should deliver the largest share of hours (003 §5.47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_carer: Option<String>,
    /// Preferences about carers, such as gender or language, each required or preferred.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferences: Vec<Preference>,
}

/// A client's preference about who visits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preference {
    /// What the preference is about.
    pub attribute: PreferenceAttribute,
    /// The wanted value, e.g. `"female"` or `"Polish"`.
    pub value: String,
    /// `true`: a hard rule (never broken); `false`: honoured where possible.
    #[serde(default)]
    pub required: bool,
}

/// The carer attribute a [`Preference`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreferenceAttribute {
    /// The carer's gender (matches [`Carer::gender`]).
    Gender,
    /// A language the carer speaks (matches one of [`Carer::languages`]).
    Language,
}

/// A visit (call): one attendance at a client's home with a target time and duration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// Unique visit id.
    pub id: String,
    /// The client visited.
    pub client: String,
    /// The date of the visit (within the week).
    pub date: NaiveDate,
    /// The target (agreed) start time.
    pub start: ClockTime,
    /// Time on site in minutes, the full commissioned duration.
    pub duration_min: i32,
    /// How many distinct carers attend together: 1, 2 (double-handed) or 3.
    #[serde(default = "one")]
    pub carers_required: u8,
    /// Time-critical: must start within the profile's time-critical tolerance of `start`.
    #[serde(default)]
    pub time_critical: bool,
    /// An explicit window for the start, replacing the profile's punctuality tolerance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<TimeWindow>,
    /// Several start windows on the visit's date: the visit starts inside one of them (for example
    /// a morning slot or an evening slot). Give `windows` or `window`, not both; with `windows`,
    /// give each window's soft `due` instead of the visit's `due`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<StartWindow>,
    /// The visit may be left out at a price: an optional visit that is not placed costs
    /// `objective.optional_visit_missed` (once per visit, whatever its seats and priority)
    /// instead of `unassigned_seat` per seat, and is listed unassigned with reason `optional`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Optional visits that share a group are one optional call, kept or left out together: a
    /// group left out costs `objective.optional_visit_missed` once, and a rota that schedules
    /// some of its visits and leaves others out breaks the hard rule `optional_group_split`.
    /// For instance the two halves of a double-up done as two linked visits. Every visit in a
    /// group is `optional`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional_group: Option<String>,
    /// Skills this visit needs in addition to the client's required skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Importance when not every visit can be placed: 1 (normal) and up.
    #[serde(default = "one_u32")]
    pub priority: u32,
    /// A call of 15 minutes or less that the council agreed (002 §5.5, 003 §3.27).
    #[serde(default, skip_serializing_if = "is_false")]
    pub short_call_authorised: bool,
    /// Gaps between this visit's start and other visits' starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// A soft latest start: starting later costs `tardiness_minute` a minute (and the largest
    /// lateness in the rota costs `max_tardiness_minute` a minute). Benchmarks use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<ClockTime>,
    /// Load this visit puts on a round with a `capacity` (for example, meals or equipment).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub demand: u32,
    /// The visit is cancelled, with the reason in words (for example, the client is in
    /// hospital). A cancelled visit is never scheduled: every rota lists it as unassigned with
    /// the reason `cancelled`. It stays in the problem so that no visit is lost (`rota replan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn one() -> u8 {
    1
}
fn one_u32() -> u32 {
    1
}
fn is_zero_i32(n: &i32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An explicit start window on the visit's date. `latest` may run past 24:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    /// Earliest allowed start.
    pub earliest: ClockTime,
    /// Latest allowed start.
    pub latest: ClockTime,
}

/// One of a visit's several start windows ([`Visit::windows`]). `latest` may run past 24:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartWindow {
    /// Earliest allowed start in this window (hard).
    pub earliest: ClockTime,
    /// Latest allowed start in this window (hard).
    pub latest: ClockTime,
    /// A soft latest start inside this window: starting later costs `tardiness_minute` a minute,
    /// as `Visit::due` does for a visit with one window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<ClockTime>,
}

/// A gap between the starts of two visits: `start(visit) − start(this) ∈ [min_gap, max_gap]`.
///
/// The start of a multi-carer visit is its earliest seat start. Links express:
/// - synchronisation: `min_gap_min = max_gap_min = 0` (two visits that start together);
/// - precedence: B starts 30–90 min after A is a link on A to B with `[30, 90]`;
/// - spacing: a link with only `min_gap_min` (e.g. 240) keeps two calls at least that far apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The other visit.
    pub visit: String,
    /// Minimum gap in minutes (may be negative).
    #[serde(default)]
    pub min_gap_min: i32,
    /// Maximum gap in minutes; none means no upper limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap_min: Option<i32>,
    /// The two visits must be done by different carers.
    #[serde(default, skip_serializing_if = "is_false")]
    pub different_carers: bool,
}

/// How a carer travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// Driving (the default).
    #[default]
    Car,
    /// Walking.
    Walk,
    /// Cycling.
    Cycle,
    /// Bus and other public transport.
    PublicTransport,
}

impl TravelMode {
    /// Every mode, in a fixed order.
    pub const ALL: [TravelMode; 4] =
        [TravelMode::Car, TravelMode::Walk, TravelMode::Cycle, TravelMode::PublicTransport];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            TravelMode::Car => "car",
            TravelMode::Walk => "walk",
            TravelMode::Cycle => "cycle",
            TravelMode::PublicTransport => "public_transport",
        }
    }
}

/// A care worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Carer {
    /// Unique carer id.
    pub id: String,
    /// Where the carer lives; rounds start and end here unless overridden.
    pub home: Location,
    /// The home postcode, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Where rounds start, if not at home (e.g. an office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_location: Option<Location>,
    /// Where rounds end, if not at home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_location: Option<Location>,
    /// The carer's cluster or team, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The provider that employs the carer, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Skills held, each with an optional expiry date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<CarerSkill>,
    /// How the carer travels between visits.
    #[serde(default)]
    pub travel_mode: TravelMode,
    /// When the carer can work; several windows a day make a split shift.
    pub availability: Vec<Availability>,
    /// Most working hours in one day (visits plus travel between them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours_per_day: Option<f64>,
    /// Most working hours in the week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours_per_week: Option<f64>,
    /// Contracted hours per week (hours beyond are overtime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted_hours: Option<f64>,
    /// Pay per hour in pounds, for cost KPIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_rate: Option<f64>,
    /// Gender, for clients' gender preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Languages spoken, for clients' language preferences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Opted in to work outside the profile's core hours (required by `hammersmith-fulham`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_hours: bool,
    /// Overrides the problem's working-time rules for this carer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_time: Option<WorkingTime>,
    /// A meal break each working day: an idle gap of at least `min_duration_min` that starts no
    /// earlier than `earliest` and ends no later than `latest`. Idle means no visit and no travel:
    /// a wait between two visits (after the travel), or the carer's available time before the
    /// round's first leg or after its last. A round without one costs `objective.meal_break_missed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal_break: Option<MealBreak>,
    /// The most `demand` one round may carry; none means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// The whole round lies inside availability: the travel from the start place to the first
    /// visit and from the last visit back to the end place as well as the visits (a vehicle that
    /// leaves and returns to a depot within its opening hours). Off by default: a carer's
    /// commute to the first call and from the last is their own time (domain.md, paid travel).
    #[serde(default, skip_serializing_if = "is_false")]
    pub commute_on_shift: bool,
    /// How long after the end of the day's last availability window the carer may still be
    /// working: their last visit (and, with `commute_on_shift`, the way back to the end place)
    /// may finish up to this many minutes late, each minute costing `objective.overrun_minute`
    /// (a shift that runs over). 0, the default, keeps the whole round inside availability.
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub overrun_min: i32,
}

/// A carer's daily meal break ([`Carer::meal_break`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MealBreak {
    /// The break starts no earlier than this.
    pub earliest: ClockTime,
    /// The break ends no later than this.
    pub latest: ClockTime,
    /// The shortest gap that counts, in minutes.
    pub min_duration_min: i32,
}

/// A skill a carer holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarerSkill {
    /// The skill id.
    pub skill: String,
    /// The last date the skill is valid on; none means it does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
}

/// A window of availability on one date. `end` may run past 24:00 for a night shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The date the window starts on.
    pub date: NaiveDate,
    /// Start of the window.
    pub start: ClockTime,
    /// End of the window.
    pub end: ClockTime,
}

/// Working-time rules. No council seed sets them (domain.md §2.7), so all are off by default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct WorkingTime {
    /// A break rule: a working day longer than `after_hours` needs an idle gap of `break_min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_rule: Option<BreakRule>,
}

/// A break a long working day must contain (e.g. 20 minutes in any day over 6 hours, WTR 1998).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakRule {
    /// Working time in a day (visits plus travel between them) above which a break is due.
    pub after_hours: f64,
    /// The shortest idle gap that counts as the break, in minutes.
    pub break_min: i32,
}

/// Where travel times come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TravelConfig {
    /// Crow-fly distance × detour factor ÷ speed, per mode (see `docs/travel.md`).
    Distance {
        /// Per-mode parameters; a mode not given uses its documented default.
        #[serde(default)]
        modes: BTreeMap<TravelMode, DistanceParams>,
    },
    /// Travel-time matrices read from files, one per mode (relative to the problem file).
    Matrix {
        /// Matrix file per mode. A Rota matrix file or an OSRM `table` response.
        files: BTreeMap<TravelMode, String>,
    },
    /// Fastest paths on real roads from an OpenStreetMap extract (see `docs/travel.md`).
    RoadNetwork {
        /// The `.osm.pbf` extract, relative to the problem file.
        road_network: String,
        /// Minutes added to every trip between two different places, per mode; a mode not given
        /// uses its default (car 6, walk 0, cycle 1, public transport 8).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        access_min: BTreeMap<TravelMode, f64>,
        /// Largest distance from a place to its nearest usable road, metres (default 1000).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snap_limit_m: Option<f64>,
    },
}

impl Default for TravelConfig {
    fn default() -> Self {
        TravelConfig::Distance { modes: BTreeMap::new() }
    }
}

/// Parameters of the distance travel model for one mode. Unset fields take the mode's default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DistanceParams {
    /// Road distance ÷ crow-fly distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detour_factor: Option<f64>,
    /// Average speed over the road distance, km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<f64>,
    /// Fixed minutes added to every trip between two different places (parking, access).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_min: Option<f64>,
}

/// Weights of the objective the solver minimises (see `docs/objective.md`).
///
/// The weights are a weighted sum whose scales are far apart, so that the levels rarely trade
/// against each other: an unassigned seat (10,000) outweighs any continuity term (hundreds to
/// thousands), which outweighs travel and timing (about 1 a minute).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectiveWeights {
    /// Per unassigned visit seat, times the visit's priority.
    pub unassigned_seat: f64,
    /// Multiplies the unassigned cost of a time-critical visit.
    pub time_critical_factor: f64,
    /// Multiplies the unassigned cost of a multi-carer visit.
    pub multi_carer_factor: f64,
    /// Per distinct carer a client sees beyond the profile's target.
    pub continuity_over_target: f64,
    /// Per distinct carer a client sees (fewest carers is better, 003 §3.38).
    pub distinct_carer: f64,
    /// Per client whose key carer does no visit.
    pub key_carer_unused: f64,
    /// Per visit seat not done by one of the client's preferred carers (when it has some).
    pub preferred_carer_missed: f64,
    /// Per visit seat whose carer misses a soft (not required) preference.
    pub soft_preference_missed: f64,
    /// Per minute of travel (all legs, commute included).
    pub travel_minute: f64,
    /// Per minute of waiting between visits.
    pub waiting_minute: f64,
    /// Per minute between a visit's planned and target start.
    pub deviation_minute: f64,
    /// Per minute of work beyond a carer's contracted hours.
    pub overtime_minute: f64,
    /// Per minute a visit starts after its `due` time, summed over seats.
    pub tardiness_minute: f64,
    /// Per minute of the largest lateness past `due` in the rota.
    pub max_tardiness_minute: f64,
    /// Re-planning and next week (`docs/operations.md`): per visit seat given a carer who did
    /// not have it in the rota being changed (or, next week, last week's slot).
    #[serde(skip_serializing_if = "changed_carer_is_default")]
    pub changed_carer: f64,
    /// Re-planning: per visit seat moved further than the tolerance from its planned start.
    #[serde(skip_serializing_if = "moved_visit_is_default")]
    pub moved_visit: f64,
    /// Re-planning: per carer a client now sees who is new to them.
    #[serde(skip_serializing_if = "new_carer_for_client_is_default")]
    pub new_carer_for_client: f64,
    /// Re-planning: per carer's day (round) whose visits change.
    #[serde(skip_serializing_if = "changed_day_is_default")]
    pub changed_day: f64,
    /// Per optional visit left out (`Visit::optional`). Default 1,000.
    #[serde(skip_serializing_if = "optional_visit_missed_is_default")]
    pub optional_visit_missed: f64,
    /// Per carer's working day (round) without its meal break (`Carer::meal_break`). Default 100.
    #[serde(skip_serializing_if = "meal_break_missed_is_default")]
    pub meal_break_missed: f64,
    /// Per minute a carer's working day finishes after their availability's end
    /// (`Carer::overrun_min`). Default 1.
    #[serde(skip_serializing_if = "overrun_minute_is_default")]
    pub overrun_minute: f64,
    /// Per minute of the largest idle time of a carer's working day in the rota: the day's
    /// availability less the time on visits, on travel between them (and the commute, with
    /// `commute_on_shift`) and on the meal break when one is taken, plus any overrun. A day the
    /// carer is available without visits is idle throughout. For carers paid for whole shifts:
    /// it spreads the work so that no one's shift is mostly empty. Default 0 (off).
    #[serde(skip_serializing_if = "max_idle_minute_is_default")]
    pub max_idle_minute: f64,
}

const DEFAULT_OPTIONAL_VISIT_MISSED: f64 = 1_000.0;
fn optional_visit_missed_is_default(x: &f64) -> bool {
    *x == DEFAULT_OPTIONAL_VISIT_MISSED
}

const DEFAULT_MEAL_BREAK_MISSED: f64 = 100.0;
fn meal_break_missed_is_default(x: &f64) -> bool {
    *x == DEFAULT_MEAL_BREAK_MISSED
}

const DEFAULT_OVERRUN_MINUTE: f64 = 1.0;
fn overrun_minute_is_default(x: &f64) -> bool {
    *x == DEFAULT_OVERRUN_MINUTE
}

fn max_idle_minute_is_default(x: &f64) -> bool {
    *x == 0.0
}

const DEFAULT_CHANGED_CARER: f64 = 300.0;
fn changed_carer_is_default(x: &f64) -> bool {
    *x == DEFAULT_CHANGED_CARER
}

const DEFAULT_MOVED_VISIT: f64 = 100.0;
fn moved_visit_is_default(x: &f64) -> bool {
    *x == DEFAULT_MOVED_VISIT
}

const DEFAULT_NEW_CARER_FOR_CLIENT: f64 = 600.0;
fn new_carer_for_client_is_default(x: &f64) -> bool {
    *x == DEFAULT_NEW_CARER_FOR_CLIENT
}

const DEFAULT_CHANGED_DAY: f64 = 200.0;
fn changed_day_is_default(x: &f64) -> bool {
    *x == DEFAULT_CHANGED_DAY
}

impl ObjectiveWeights {
    /// Whether every weight has its default value.
    pub fn is_default(&self) -> bool {
        *self == ObjectiveWeights::default()
    }
}

impl Default for ObjectiveWeights {
    fn default() -> Self {
        ObjectiveWeights {
            unassigned_seat: 10_000.0,
            time_critical_factor: 3.0,
            multi_carer_factor: 2.0,
            continuity_over_target: 2_000.0,
            distinct_carer: 150.0,
            key_carer_unused: 500.0,
            preferred_carer_missed: 10.0,
            soft_preference_missed: 10.0,
            travel_minute: 1.0,
            waiting_minute: 0.2,
            deviation_minute: 0.3,
            overtime_minute: 0.5,
            tardiness_minute: 1.0,
            max_tardiness_minute: 0.0,
            changed_carer: DEFAULT_CHANGED_CARER,
            moved_visit: DEFAULT_MOVED_VISIT,
            new_carer_for_client: DEFAULT_NEW_CARER_FOR_CLIENT,
            changed_day: DEFAULT_CHANGED_DAY,
            optional_visit_missed: DEFAULT_OPTIONAL_VISIT_MISSED,
            meal_break_missed: DEFAULT_MEAL_BREAK_MISSED,
            overrun_minute: DEFAULT_OVERRUN_MINUTE,
            max_idle_minute: 0.0,
        }
    }
}

/// Index positions of a problem's entities by id, for O(1) lookup.
#[derive(Clone, Debug, Default)]
pub struct ProblemIndex {
    /// Client id → position in [`Problem::clients`].
    pub clients: HashMap<String, usize>,
    /// Carer id → position in [`Problem::carers`].
    pub carers: HashMap<String, usize>,
    /// Visit id → position in [`Problem::visits`].
    pub visits: HashMap<String, usize>,
    /// Skill id → position in [`Problem::skills`].
    pub skills: HashMap<String, usize>,
}

impl Problem {
    /// The rota week. Validation guarantees `week_start` is a Monday; if it is not, the week
    /// starts on the Monday before it.
    pub fn week(&self) -> Week {
        use chrono::Datelike;
        let back = self.week_start.weekday().num_days_from_monday() as u64;
        Week::starting(self.week_start - chrono::Days::new(back)).expect("a Monday")
    }

    /// Lookups by id. Where ids repeat (an invalid problem) the first one wins.
    pub fn index(&self) -> ProblemIndex {
        fn map<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
            let mut m = HashMap::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                m.entry(id(x).to_string()).or_insert(i);
            }
            m
        }
        ProblemIndex {
            clients: map(&self.clients, |c| &c.id),
            carers: map(&self.carers, |c| &c.id),
            visits: map(&self.visits, |v| &v.id),
            skills: map(&self.skills, |s| &s.id),
        }
    }

    /// The resolved contract profile named `name`: a built-in with this problem's overrides,
    /// or a profile the problem defines. `None` if the name is unknown.
    pub fn profile(&self, name: &str) -> Option<ContractProfile> {
        profile::resolve(name, &self.profiles)
    }

    /// The resolved profile of every client, in client order. Unknown names give `custom`.
    pub fn client_profiles(&self) -> Vec<ContractProfile> {
        self.clients.iter().map(|c| self.profile(&c.profile).unwrap_or_else(ContractProfile::custom)).collect()
    }

    /// Total visit seats: the sum of `carers_required` over all visits.
    pub fn seat_count(&self) -> usize {
        self.visits.iter().map(|v| v.carers_required as usize).sum()
    }
}

/// The form in which a preference's value is matched against carers' genders and languages:
/// surrounding spaces trimmed, letters lower-cased in any script (`" Female "` and `"FEMALE"`
/// both become `"female"`, `"ŁÓDŹ"` becomes `"łódź"`). Problems read by [`crate::format`] hold
/// their values in this form already ([`Problem::normalise`]).
pub fn attribute_value(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Problem {
    /// Put every value a preference is matched on into [`attribute_value`]'s form: clients'
    /// preference values, carers' genders and languages. Done once when a problem is read, so
    /// the solver and the checker compare the same strings.
    pub fn normalise(&mut self) {
        for p in self.clients.iter_mut().flat_map(|c| c.preferences.iter_mut()) {
            p.value = attribute_value(&p.value);
        }
        for carer in &mut self.carers {
            if let Some(g) = &mut carer.gender {
                *g = attribute_value(g);
            }
            for l in &mut carer.languages {
                *l = attribute_value(l);
            }
        }
    }
}

impl Visit {
    /// The span of the visit's explicit start windows: its `window`, or from the first of its
    /// `windows` to the last. `None` when it has neither.
    pub fn window_hull(&self) -> Option<TimeWindow> {
        match (self.windows.first(), self.windows.last()) {
            (Some(a), Some(b)) => Some(TimeWindow { earliest: a.earliest, latest: b.latest }),
            _ => self.window,
        }
    }
}

impl Carer {
    /// Where the carer's rounds start.
    pub fn start(&self) -> Location {
        self.start_location.unwrap_or(self.home)
    }

    /// Where the carer's rounds end.
    pub fn end(&self) -> Location {
        self.end_location.unwrap_or(self.home)
    }
}
