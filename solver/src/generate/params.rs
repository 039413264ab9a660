//! The generator's parameters, each with its source: a seed section from `domain.md`, or
//! "assumption" where no seed gives a number (domain.md §3: double-up share, package sizes, staff
//! numbers and travel speeds are in no seed). `datasets/README.md` lists them all again.

use crate::model::TravelMode;
use crate::time::ClockTime;

/// The areas whose postcodes ship in `datasets/postcodes/`, in a fixed order.
pub const AREAS: [&str; 5] = ["canterbury", "milton-keynes", "hammersmith-fulham", "bexley", "isle-of-wight"];

/// The default area of a built-in profile: `kent` → `canterbury`, the others their own area.
pub fn default_area(profile: &str) -> Option<&'static str> {
    match profile {
        "kent" => Some("canterbury"),
        "milton-keynes" => Some("milton-keynes"),
        "hammersmith-fulham" => Some("hammersmith-fulham"),
        "bexley" => Some("bexley"),
        _ => None,
    }
}

/// The default rota week: Monday 30 November 2026.
pub fn default_week_start() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid date")
}

/// The daily call a visit belongs to. Each has a band its target start falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// Getting up: personal care, breakfast, morning medication. Targets 07:00-10:00.
    Morning,
    /// A medication follow-up 30-90 minutes after the morning call (linked). Targets 08:00-10:00.
    FollowUp,
    /// Lunch. Targets 12:00-13:30.
    Lunch,
    /// Tea. Targets 16:30-18:00.
    Tea,
    /// Going to bed. Targets 19:30-22:00; Hammersmith & Fulham's out-of-hours bed calls 22:15.
    Bed,
}

impl Slot {
    /// Every slot, in the order of the day.
    pub const ALL: [Slot; 5] = [Slot::Morning, Slot::FollowUp, Slot::Lunch, Slot::Tea, Slot::Bed];

    /// The name used in visit ids.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Morning => "morning",
            Slot::FollowUp => "followup",
            Slot::Lunch => "lunch",
            Slot::Tea => "tea",
            Slot::Bed => "bed",
        }
    }

    /// The band (earliest, latest) of target starts, inclusive. The usual breakfast, lunch, tea
    /// and bed pattern (domain.md §4, Bexley row); the times are an assumption.
    pub fn band(self) -> (ClockTime, ClockTime) {
        match self {
            Slot::Morning => (ClockTime::hm(7, 0), ClockTime::hm(10, 0)),
            Slot::FollowUp => (ClockTime::hm(8, 0), ClockTime::hm(10, 0)),
            Slot::Lunch => (ClockTime::hm(12, 0), ClockTime::hm(13, 30)),
            Slot::Tea => (ClockTime::hm(16, 30), ClockTime::hm(18, 0)),
            Slot::Bed => (ClockTime::hm(19, 30), LATE_BED_TARGET),
        }
    }

    /// The slot whose band holds `target`, if any (the follow-up band lies inside the morning's).
    pub fn of(target: ClockTime) -> Option<Slot> {
        [Slot::Morning, Slot::Lunch, Slot::Tea, Slot::Bed].into_iter().find(|s| {
            let (lo, hi) = s.band();
            lo <= target && target <= hi
        })
    }
}

/// Latest usual bed-call target; later ones are Hammersmith & Fulham out-of-hours calls.
pub const BED_LATEST: ClockTime = ClockTime::hm(22, 0);

/// Target of an out-of-hours bed call (H&F: "vast majority" of calls 07-22, 003 §3.24, §3.30).
pub const LATE_BED_TARGET: ClockTime = ClockTime::hm(22, 15);

/// Share of H&F clients with a bed call whose bed call is out of hours. Assumption.
pub const LATE_BED_SHARE_HF: f64 = 0.08;

/// Targets lie on this grid (minutes). Assumption (agreed times are usually quarter hours).
pub const TARGET_STEP: i32 = 15;

/// Slack kept between one call's end and the next call's target, so that any starts within the
/// ±44-minute punctuality window (000 §3.9.4: "45 min or more" is late) never overlap.
pub const CALL_GAP_SLACK: i32 = 90;

/// Extra minutes above a profile's call spacing kept between targets (Bexley 240, 004 §10.16),
/// so every call keeps at least a ±15-minute window. Assumption.
pub const SPACING_SLACK: i32 = 30;

/// Punctuality: a start must be strictly less than 45 min from target (000 §3.9.4).
pub const PUNCTUALITY_MAX_DEVIATION: i32 = 44;

/// Time-critical calls start within ±15 min (003 §5.21, §8.13).
pub const TIME_CRITICAL_DEVIATION: i32 = 15;

/// Package levels and their shares of clients. The weekly hours they give fall in the §5.27
/// bands (003 §5.27: <3, 3-10, 10-25, 25-36, 36+). No seed gives the distribution (domain.md §3,
/// "package-size distribution": gap): the shares are an assumption, skewed to small packages,
/// with Kent's 10 h/wk standard package (domain.md §3) in the middle.
pub const LEVEL_SHARES: [f64; 5] = [0.29, 0.44, 0.22, 0.04, 0.01];

/// Share of level-3 (10-25 h) clients whose bed call is double-handed (hoist into bed).
/// Assumption; no seed gives a double-up share (domain.md §3).
pub const LEVEL3_DOUBLE_BED_SHARE: f64 = 0.15;

/// Share of 10-25 h clients with no lunch call who get a council-agreed 15-minute lunchtime
/// medication check (`short_call_authorised`) where short calls are banned (MK 002 §5.5 "within a
/// larger package"; HF 003 §3.27 "medication check"). Assumption.
pub const AUTHORISED_SHORT_CALL_SHARE: f64 = 0.4;

/// Share of clients with time-critical medication calls (morning, and tea where there is one).
/// Assumption; the flag is HF's (003 §5.21) and used in all profiles (domain.md §4).
pub const TIME_CRITICAL_SHARE: f64 = 0.12;

/// Share of clients with a medication follow-up 30-90 min after the morning call (a precedence
/// link). Not used in Bexley, whose 4-hour spacing forbids it. Assumption.
pub const FOLLOW_UP_SHARE: f64 = 0.02;

/// Share of clients needing dementia-trained carers (a need every council names, domain.md §2.6).
/// Assumption.
pub const DEMENTIA_SHARE: f64 = 0.12;

/// Share of clients at end of life (MK names end-of-life care, domain.md §2.6). Assumption.
pub const END_OF_LIFE_SHARE: f64 = 0.02;

/// Share of clients whose bed call needs catheter care. Assumption.
pub const CATHETER_SHARE: f64 = 0.04;

/// Share of clients whose lunch and tea calls need PEG feeding (MK names PEG, domain.md §2.6).
/// Assumption.
pub const PEG_SHARE: f64 = 0.02;

/// Share of clients who require female carers (MK 002 §11.17, Bx 004 §5.3 name gender;
/// a client's choice elsewhere). Assumption.
pub const FEMALE_ONLY_SHARE: f64 = 0.05;

/// Share of clients preferring (not requiring) a carer who speaks a language (002 §11.17,
/// 003 §5.14, 004 §10.16). Assumption.
pub const LANGUAGE_PREFERENCE_SHARE: f64 = 0.06;

/// Share of clients who have refused one named carer (002 §11.18, 003 §4.12). Assumption.
pub const EXCLUSION_SHARE: f64 = 0.03;

/// Share of clients with preferred carers (soft continuity, 000 §8.1.1). Assumption.
pub const PREFERRED_SHARE: f64 = 0.30;

/// Carers a client's preferred and key carers are drawn from: the nearest eligible ones.
pub const NEAREST_CANDIDATES: usize = 6;

/// Fewest carers who must be able to do a client's visits (four for double-handed ones) before
/// a skill or gender requirement is set; otherwise the requirement is left out. Assumption.
pub const MIN_ELIGIBLE: usize = 3;

/// Share of carers who are women. Assumption (no seed gives workforce figures).
pub const FEMALE_CARER_SHARE: f64 = 0.85;

/// Share of carers who also speak one of the area's community languages. Assumption.
pub const SECOND_LANGUAGE_SHARE: f64 = 0.25;

/// Skills, their descriptions and the share of carers holding each (domain.md §2.6). The shares
/// are an assumption.
pub const SKILLS: [(&str, &str, f64); 6] = [
    ("moving-handling", "Trained in moving and handling, including hoists", 0.85),
    ("medication-administer", "May administer medication, not only prompt", 0.70),
    ("dementia", "Dementia trained", 0.55),
    ("catheter-care", "Catheter care", 0.30),
    ("end-of-life", "End-of-life care", 0.25),
    ("peg-feeding", "PEG (tube) feeding", 0.15),
];

/// Credential churn: share of held skills already expired before the week. Assumption
/// (expired credentials are not rosterable, domain.md §2.6).
pub const SKILL_EXPIRED_SHARE: f64 = 0.04;

/// Share of held skills expiring during the week (Tuesday to Friday). Assumption.
pub const SKILL_EXPIRING_SHARE: f64 = 0.03;

/// Share of held skills without an expiry date. Assumption.
pub const SKILL_NO_EXPIRY_SHARE: f64 = 0.10;

/// Most working hours per day. No seed gives working-time limits (domain.md §2.7): assumption.
pub const MAX_HOURS_PER_DAY: f64 = 10.0;

/// Most working hours per week: 48, the Working Time Regulations 1998 average weekly limit,
/// the only working-time rule a seed names (000 §9.3.4). No seed gives a figure (domain.md §2.7).
pub const MAX_HOURS_PER_WEEK: f64 = 48.0;

/// Share of carers on zero-hours contracts (no contracted hours). Assumption.
pub const ZERO_HOURS_SHARE: f64 = 0.30;

/// Share of carers working six days (the rest work five). Assumption.
pub const SIX_DAY_SHARE: f64 = 0.45;

/// A shift pattern's windows on a working day, as (start, end) minutes after midnight.
pub type Shift = &'static [(i32, i32)];

/// Shift patterns of the day staff: name, windows on a working day (minutes after midnight) and
/// share. Split shifts cover the morning peak and the tea calls. Every pattern keeps the daily
/// rest rule on its own (11 h in each 24, reg. 10(1), in every council profile): its working day
/// spans at most 13 h and leaves at least 11 h 30 min before the next day's first window, the
/// half hour being room for the travel the rest rule deducts. So a carer may work any window of
/// every working day without breaking it. Bed calls fall to [`EVENING_SHIFT`]. Shares and times
/// an assumption.
pub const SHIFTS: [(&str, Shift, f64); 4] = [
    ("split", &[(7 * 60, 14 * 60), (16 * 60 + 30, 19 * 60 + 30)], 0.50),
    ("day", &[(7 * 60, 15 * 60)], 0.25),
    ("early", &[(7 * 60, 13 * 60)], 0.15),
    ("long", &[(7 * 60, 19 * 60)], 0.10),
];

/// The tea-and-tuck-in run of the evening carers (`--evening-carers`), 16:00-23:00: the tea
/// calls and every bed call, up to a 45-minute call at the latest bed target (22:00) and the
/// travel to it. Providers staff bed calls with such runs: a day carer who finished a bed call
/// at 22:00 could not start before 09:30 the next morning (11 h of rest, plus travel). Times
/// an assumption.
pub const EVENING_SHIFT: Shift = &[(16 * 60, 23 * 60)];

/// Where evening windows end for carers who opted in to out-of-hours work in H&F (003 §3.30):
/// room for a 45-minute call at the out-of-hours bed target (22:15) and the travel to it.
/// Assumption.
pub const OUT_OF_HOURS_END: i32 = 23 * 60 + 30;

/// Postcodes within 1 km from which a carer's home counts as dense enough to walk, cycle or take
/// the bus between calls. Assumption.
pub const DENSE_POSTCODES_1KM: usize = 200;

/// What differs between the shipped areas.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaStyle {
    /// Shares of carers by travel mode (only carers living somewhere dense get a non-car mode).
    pub modes: [(TravelMode, f64); 4],
    /// Community languages some carers speak besides English, with relative weights.
    pub languages: &'static [(&'static str, f64)],
    /// The lowest hourly rate in pence; carers get up to £1.50 above it.
    pub base_rate_pence: u32,
    /// Share of clients with a named key carer.
    pub key_carer_share: f64,
    /// Share of carers opted in to out-of-hours work.
    pub out_of_hours_share: f64,
    /// Postcodes within 1 km of a carer's home for it to count as dense enough to walk, cycle
    /// or take the bus between calls (see [`DENSE_POSTCODES_1KM`]).
    pub dense_postcodes_1km: usize,
}

/// National Living Wage from 1 April 2026 (21 and over), £12.71: in force in the default week.
/// No seed gives £ rates (domain.md §2.13).
pub const NLW_PENCE: u32 = 1271;

/// London Living Wage 2025-26, £14.80: H&F requires at least the LLW (003 §6.29).
pub const LLW_PENCE: u32 = 1480;

impl AreaStyle {
    /// The style of an area by name; an unknown name gets the Canterbury style with no
    /// community languages.
    pub fn of(area: &str) -> AreaStyle {
        use TravelMode::*;
        match area {
            "hammersmith-fulham" => AreaStyle {
                // 003 §9.1 asks for public transport, cycling and walking.
                modes: [(Car, 0.40), (Walk, 0.15), (Cycle, 0.20), (PublicTransport, 0.25)],
                languages: &[("Polish", 3.0), ("Arabic", 2.0), ("Somali", 2.0), ("Spanish", 1.0), ("Portuguese", 1.0)],
                base_rate_pence: LLW_PENCE,
                // 003 §5.47: every package has a key worker by day 14.
                key_carer_share: 0.60,
                out_of_hours_share: 0.35,
                dense_postcodes_1km: DENSE_POSTCODES_1KM,
            },
            "milton-keynes" => AreaStyle {
                modes: [(Car, 0.95), (Walk, 0.0), (Cycle, 0.05), (PublicTransport, 0.0)],
                languages: &[("Polish", 3.0), ("Romanian", 2.0), ("Urdu", 1.0), ("Yoruba", 1.0)],
                base_rate_pence: NLW_PENCE,
                key_carer_share: 0.25,
                out_of_hours_share: 0.20,
                dense_postcodes_1km: DENSE_POSTCODES_1KM,
            },
            "bexley" => AreaStyle {
                modes: [(Car, 0.85), (Walk, 0.05), (Cycle, 0.0), (PublicTransport, 0.10)],
                languages: &[("Punjabi", 2.0), ("Yoruba", 2.0), ("Polish", 1.0), ("Turkish", 1.0)],
                base_rate_pence: NLW_PENCE,
                key_carer_share: 0.25,
                out_of_hours_share: 0.20,
                dense_postcodes_1km: DENSE_POSTCODES_1KM,
            },
            // A rural island whose towns (Newport, Ryde, Cowes, Sandown) are less dense than a
            // city: carers drive, save a few who live in a town centre (at most about 430
            // postcodes within 1 km, in Ryde) and walk or cycle there. Assumption; no seed
            // covers the island.
            "isle-of-wight" => AreaStyle {
                modes: [(Car, 0.76), (Walk, 0.12), (Cycle, 0.12), (PublicTransport, 0.0)],
                languages: &[("Polish", 1.0), ("Romanian", 1.0)],
                base_rate_pence: NLW_PENCE,
                key_carer_share: 0.25,
                out_of_hours_share: 0.20,
                dense_postcodes_1km: 150,
            },
            _ => AreaStyle {
                modes: [(Car, 0.90), (Walk, 0.05), (Cycle, 0.05), (PublicTransport, 0.0)],
                languages: if area == "canterbury" {
                    &[("Polish", 2.0), ("Romanian", 2.0), ("Bulgarian", 1.0), ("Nepali", 1.0)]
                } else {
                    &[]
                },
                base_rate_pence: NLW_PENCE,
                key_carer_share: 0.25,
                out_of_hours_share: 0.20,
                dense_postcodes_1km: DENSE_POSTCODES_1KM,
            },
        }
    }
}
