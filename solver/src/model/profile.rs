//! Contract profiles: the council rules that apply to a client's package.
//!
//! Rules vary by council and one provider's rota mixes them (002 §4.4-4.5; 004 §9), so each
//! client names a profile. Four councils' profiles are built in, from the seed specifications
//! condensed in `docs/domain.md`, plus `custom`, a neutral starting point. A problem file
//! may override any value of a built-in, or define new profiles on top of one (`"base"`).
//!
//! | value | kent | milton-keynes | hammersmith-fulham | bexley | source |
//! |---|---|---|---|---|---|
//! | punctuality tolerance | 45 | 45 | 45 | 45 | 000 §3.9.4; 002 §11.23 |
//! | missed threshold | 120 | 120 | 120 | 120 | 000 §3.9.5; 002 §11.24 |
//! | time-critical tolerance | 15 | 15 | 15 | 15 | 003 §5.21, §8.13 |
//! | continuity caps | team ≤4, ≤8 multi-handed | none | §5.27 bands | none | 000 §8.1.1; 003 §5.27 |
//! | short calls (≤15 min) | allowed | need authorisation | need authorisation | allowed | 002 §1.3, §5.5; 003 §3.27 |
//! | visit units | 30 + 15k | 20 + 5k | none | none | 000 §3.7.2-3.7.3; 002 §5.5 |
//! | call spacing | none | none | none | 240 | 004 §10.16 |
//! | double-handed arrival tolerance | 15 | 15 | 15 | 15 | 003 §8.14 |
//! | core hours | 07:00-22:00 | 06:30-22:30 | 07:00-22:00, opt-in outside | 06:00-23:00 | 000 §3.7.2; 002 §1.7; 003 §3.24, §3.30; 004 §10.3 |
//! | travel paid | no (silent) | yes | yes | no (silent) | 003 §6.34; 002 §10.6 |
//! | daily rest | 11 h | 11 h | 11 h | 11 h | WTR 1998 reg. 10(1); named by 000 §9.3.4 |
//! | weekly rest | 24 h | 24 h | 24 h | 24 h | WTR 1998 reg. 11(1); named by 000 §9.3.4 |
//! | hospital: visits kept open | 0 h | 0 h | 48 h | 24 h | 003 §14.7; 004 §31.1-31.2 |
//! | hospital: past that | suspend | suspend | suspend | keep a short stay, else suspend all | 003 §14.7; 004 §31.1-31.2; 002 §5.6; 000 §7.8.5 |
//! | hospital: ward admissions only | no | no | no | yes (A&E, CDU are not) | 004 §31.5 |
//! | hospital: restart notice | 0 h | 24 h | 0 h | 24 h (72 h if the package grows) | 004 §31.3-31.4; 002 §5.6(a) |
//! | hospital: case kept open | — | 14 days | — | — | 002 §12.2 |
//!
//! The hospital rules are applied by [`crate::replan::apply`] to a `hospital_admission` event
//! (domain.md §2.11). Kent's contract only asks the provider to keep the council informed while
//! the person is in hospital and on discharge (000 §7.8.5) and names no period to keep calls
//! open, so its profile suspends the calls from admission: the person is not at home to receive
//! them, and the council's records (and payments) change on notification. `custom` does the
//! same, with no notice and no ward rule.
//!
//! No seed sets rest periods (domain.md §2.7); Kent names the Working Time Regulations 1998
//! (000 §9.3.4), and those bind every UK employer whatever the contract says, so the four
//! councils' profiles carry the regulations' minimums. `custom` has none, for benchmarks and
//! rotas of a single day. A provider that relies on a derogation (reg. 21-22: continuity of care,
//! split shifts), giving compensatory rest instead, lowers or lifts them (`0`) in the problem.

use crate::time::ClockTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The names of the built-in profiles.
pub const BUILT_IN: [&str; 5] = ["kent", "milton-keynes", "hammersmith-fulham", "bexley", "custom"];

/// A fully resolved contract profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractProfile {
    /// The profile's name.
    pub name: String,
    /// A planned start must be strictly less than this many minutes from the target: a start
    /// 45 minutes off counts as late or early (000 §3.9.4, "45 minutes or more").
    pub punctuality_tolerance_min: i32,
    /// A visit started this many minutes or more after its target counts as missed (KPI).
    pub missed_threshold_min: i32,
    /// A time-critical visit starts within ± this many minutes of its target, inclusive.
    pub time_critical_tolerance_min: i32,
    /// Limits on the number of distinct carers a client sees in the week.
    pub continuity: ContinuityRule,
    /// Calls of this many minutes or less need `short_call_authorised`; none: no ban.
    pub short_call_max_min: Option<i32>,
    /// The billing grid for visit lengths; a visit off the grid draws a warning.
    pub visit_units: Option<UnitGrid>,
    /// A client's calls on one day start at least this many minutes apart (start to start).
    pub call_spacing_min: Option<i32>,
    /// The seats of a multi-carer visit start within this many minutes of each other.
    pub double_handed_tolerance_min: i32,
    /// Start of core (day) hours.
    pub core_start: ClockTime,
    /// End of core (day) hours.
    pub core_end: ClockTime,
    /// Visits starting outside core hours may go only to carers who opted in (`out_of_hours`).
    pub out_of_hours_opt_in: bool,
    /// Travel between visits is paid time (counted in paid hours).
    pub travel_paid: bool,
    /// Least rest, in minutes, in each 24 hours of a carer's work: a working stretch (visits
    /// joined by rests shorter than this, rest being the time between two visits less the travel
    /// between them) lasts at most 24 hours less this. WTR 1998 reg. 10(1): 660 (11 hours).
    /// It binds every carer who visits a client of the profile, over their whole week. None: no rule.
    pub daily_rest_min: Option<i32>,
    /// Least uninterrupted rest, in minutes, in the rota week (Monday 00:00 to Monday 00:00,
    /// the time before a carer's first visit and after their last included). WTR 1998 reg. 11(1):
    /// 1,440 (24 hours in each 7 days). Binds like `daily_rest_min`. None: no rule.
    pub weekly_rest_min: Option<i32>,
    /// Hours after a hospital admission during which the client's planned visits are kept open
    /// (attended, so that care is there at short notice if the client comes home): H&F 48
    /// (003 §14.7), Bexley 24 (004 §31.1). What happens after them is [`Self::hospital_rule`].
    pub hospital_keep_open_h: f64,
    /// What a hospital stay does to the client's visits past the keep-open hours.
    pub hospital_rule: HospitalRule,
    /// Only an admission to a ward suspends visits: a client in A&E or on a clinical decision
    /// unit is not an in-patient and may come home without notice (Bexley 004 §31.5).
    pub hospital_ward_only: bool,
    /// Least notice, in hours, before suspended visits restart after a discharge: the restart
    /// is no earlier than this long after the provider is told (Bexley 24-48 h, 004 §31.3;
    /// Milton Keynes 24 h to resume, 002 §5.6(a)).
    pub hospital_restart_notice_h: f64,
    /// Least notice, in hours, before visits restart when the package grows on discharge
    /// (Bexley 72 h, for risk assessments, 004 §31.4).
    pub hospital_increase_notice_h: f64,
    /// Days the case stays open after an admission, holding the client's carers (Milton Keynes
    /// at least two weeks, 002 §12.2). A note for the scheduler; 0: no rule.
    pub hospital_case_open_days: u32,
}

/// What a hospital stay does to a client's visits past the profile's keep-open hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HospitalRule {
    /// Visits in the first keep-open hours of the stay are kept; later ones are suspended
    /// (H&F 003 §14.7; with 0 hours, suspended from admission).
    AttendThenSuspend,
    /// A stay known to end within the keep-open hours keeps every visit; a stay known to be
    /// longer suspends every visit from admission; a stay with no known end keeps the first
    /// keep-open hours and suspends the rest (Bexley 004 §31.1-31.2).
    KeepShortStays,
    /// Nothing is suspended: the admission is only noted (the scheduler cancels by hand).
    NotifyOnly,
}

impl HospitalRule {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            HospitalRule::AttendThenSuspend => "attend_then_suspend",
            HospitalRule::KeepShortStays => "keep_short_stays",
            HospitalRule::NotifyOnly => "notify_only",
        }
    }
}

/// A billing grid: visits of at least `minimum_min`, in steps of `step_min` above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitGrid {
    /// The shortest billable visit.
    pub minimum_min: i32,
    /// The step above the minimum.
    pub step_min: i32,
}

/// Caps on distinct carers per client per week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContinuityRule {
    /// Bands by weekly commissioned hours, in increasing order. A package falls in the first band
    /// whose `up_to_hours` it does not exceed (an edge goes to the stricter band). Empty: no cap.
    pub bands: Vec<ContinuityBand>,
    /// A larger cap for multi-handed and high-hours packages (Kent 000 §8.1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended: Option<ExtendedCap>,
}

/// One row of a continuity table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContinuityBand {
    /// Upper edge of the band in weekly hours, inclusive; none: no upper edge.
    pub up_to_hours: Option<f64>,
    /// Target: distinct carers for at least 95% of packages (soft).
    pub target: u32,
    /// Maximum: distinct carers for every package (hard).
    pub max: u32,
}

/// The cap that replaces the banded one for multi-handed or high-hours packages.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendedCap {
    /// Target distinct carers.
    pub target: u32,
    /// Maximum distinct carers.
    pub max: u32,
    /// Weekly hours from which a package counts as high-hours; none: only multi-handed packages.
    pub high_hours_from: Option<f64>,
}

impl ContinuityRule {
    /// The (target, max) distinct-carer caps for a package of `weekly_hours` that is or is not
    /// multi-handed; `None` when the profile sets no cap.
    pub fn caps(&self, weekly_hours: f64, multi_handed: bool) -> Option<(u32, u32)> {
        if let Some(ext) = &self.extended {
            let high = ext.high_hours_from.is_some_and(|h| weekly_hours >= h);
            if multi_handed || high {
                return Some((ext.target, ext.max));
            }
        }
        self.bands.iter().find(|b| b.up_to_hours.is_none_or(|h| weekly_hours <= h)).map(|b| (b.target, b.max))
    }
}

/// Overrides of a profile's values, as written in a problem file. Every field is optional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    /// The built-in profile this one starts from; defaults to the entry's own name if that is a
    /// built-in, else `custom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// See [`ContractProfile::punctuality_tolerance_min`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub punctuality_tolerance_min: Option<i32>,
    /// See [`ContractProfile::missed_threshold_min`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed_threshold_min: Option<i32>,
    /// See [`ContractProfile::time_critical_tolerance_min`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_critical_tolerance_min: Option<i32>,
    /// See [`ContractProfile::continuity`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuity: Option<ContinuityRule>,
    /// See [`ContractProfile::short_call_max_min`]; `0` lifts the ban.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_call_max_min: Option<i32>,
    /// See [`ContractProfile::visit_units`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_units: Option<UnitGrid>,
    /// See [`ContractProfile::call_spacing_min`]; `0` turns spacing off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_spacing_min: Option<i32>,
    /// See [`ContractProfile::double_handed_tolerance_min`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double_handed_tolerance_min: Option<i32>,
    /// See [`ContractProfile::core_start`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_start: Option<ClockTime>,
    /// See [`ContractProfile::core_end`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_end: Option<ClockTime>,
    /// See [`ContractProfile::out_of_hours_opt_in`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_hours_opt_in: Option<bool>,
    /// See [`ContractProfile::travel_paid`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_paid: Option<bool>,
    /// See [`ContractProfile::daily_rest_min`]; `0` lifts the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_rest_min: Option<i32>,
    /// See [`ContractProfile::weekly_rest_min`]; `0` lifts the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_rest_min: Option<i32>,
    /// See [`ContractProfile::hospital_keep_open_h`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_keep_open_h: Option<f64>,
    /// See [`ContractProfile::hospital_rule`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_rule: Option<HospitalRule>,
    /// See [`ContractProfile::hospital_ward_only`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_ward_only: Option<bool>,
    /// See [`ContractProfile::hospital_restart_notice_h`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_restart_notice_h: Option<f64>,
    /// See [`ContractProfile::hospital_increase_notice_h`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_increase_notice_h: Option<f64>,
    /// See [`ContractProfile::hospital_case_open_days`]; `0` lifts the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_case_open_days: Option<u32>,
}

/// The Hammersmith & Fulham distinct-carer table (003 §5.27): weekly hours → (95%, 100%).
fn hf_bands() -> Vec<ContinuityBand> {
    let rows = [(Some(3.0), 1, 3), (Some(10.0), 3, 5), (Some(25.0), 5, 8), (Some(36.0), 8, 12), (None, 12, 16)];
    rows.iter().map(|&(up_to_hours, target, max)| ContinuityBand { up_to_hours, target, max }).collect()
}

impl ContractProfile {
    /// The neutral `custom` profile: the common defaults and no caps, bans, grid or spacing.
    pub fn custom() -> ContractProfile {
        ContractProfile {
            name: "custom".into(),
            punctuality_tolerance_min: 45,
            missed_threshold_min: 120,
            time_critical_tolerance_min: 15,
            continuity: ContinuityRule::default(),
            short_call_max_min: None,
            visit_units: None,
            call_spacing_min: None,
            double_handed_tolerance_min: 15,
            core_start: ClockTime::hm(7, 0),
            core_end: ClockTime::hm(22, 0),
            out_of_hours_opt_in: false,
            travel_paid: false,
            daily_rest_min: None,
            weekly_rest_min: None,
            hospital_keep_open_h: 0.0,
            hospital_rule: HospitalRule::AttendThenSuspend,
            hospital_ward_only: false,
            hospital_restart_notice_h: 0.0,
            hospital_increase_notice_h: 0.0,
            hospital_case_open_days: 0,
        }
    }

    /// The Working Time Regulations 1998's rest: 11 hours in each 24 (reg. 10(1)) and 24 hours
    /// in each 7 days (reg. 11(1)).
    fn with_wtr_rest(self) -> ContractProfile {
        ContractProfile { daily_rest_min: Some(11 * 60), weekly_rest_min: Some(24 * 60), ..self }
    }

    /// A built-in profile by name.
    pub fn built_in(name: &str) -> Option<ContractProfile> {
        let custom = ContractProfile { name: name.to_string(), ..ContractProfile::custom() };
        if name == "custom" {
            return Some(custom);
        }
        let base = custom.with_wtr_rest();
        Some(match name {
            // Kent 2018: trusted team of at most 4, up to 8 for multi-handed packages; the
            // "high hours" threshold is undefined in 000 §8.1.1, so it is left unset.
            "kent" => ContractProfile {
                continuity: ContinuityRule {
                    bands: vec![ContinuityBand { up_to_hours: None, target: 4, max: 4 }],
                    extended: Some(ExtendedCap { target: 8, max: 8, high_hours_from: None }),
                },
                visit_units: Some(UnitGrid { minimum_min: 30, step_min: 15 }),
                ..base
            },
            "milton-keynes" => ContractProfile {
                short_call_max_min: Some(15),
                visit_units: Some(UnitGrid { minimum_min: 20, step_min: 5 }),
                core_start: ClockTime::hm(6, 30),
                core_end: ClockTime::hm(22, 30),
                travel_paid: true,
                // Calls are suspended, and resume on 24 hours' notice (002 §5.6(a)-(b)); the
                // case stays open at least two weeks (002 §12.2).
                hospital_restart_notice_h: 24.0,
                hospital_increase_notice_h: 24.0,
                hospital_case_open_days: 14,
                ..base
            },
            "hammersmith-fulham" => ContractProfile {
                continuity: ContinuityRule { bands: hf_bands(), extended: None },
                short_call_max_min: Some(15),
                out_of_hours_opt_in: true,
                travel_paid: true,
                // Planned visits are attended for 48 hours after admission, then the package
                // is suspended (003 §14.7).
                hospital_keep_open_h: 48.0,
                ..base
            },
            "bexley" => ContractProfile {
                call_spacing_min: Some(240),
                core_start: ClockTime::hm(6, 0),
                core_end: ClockTime::hm(23, 0),
                // Under 24 hours in hospital every visit stays open, over 24 hours all are
                // suspended; only a ward admission counts; 24-48 hours' notice to restart, 72 if
                // the package increases (004 §31.1-31.5).
                hospital_keep_open_h: 24.0,
                hospital_rule: HospitalRule::KeepShortStays,
                hospital_ward_only: true,
                hospital_restart_notice_h: 24.0,
                hospital_increase_notice_h: 72.0,
                ..base
            },
            _ => return None,
        })
    }

    /// This profile with `spec`'s values laid over it.
    pub fn with(mut self, spec: &ProfileSpec) -> ContractProfile {
        fn set<T: Clone>(dst: &mut T, src: &Option<T>) {
            if let Some(v) = src {
                *dst = v.clone();
            }
        }
        set(&mut self.punctuality_tolerance_min, &spec.punctuality_tolerance_min);
        set(&mut self.missed_threshold_min, &spec.missed_threshold_min);
        set(&mut self.time_critical_tolerance_min, &spec.time_critical_tolerance_min);
        set(&mut self.continuity, &spec.continuity);
        set(&mut self.double_handed_tolerance_min, &spec.double_handed_tolerance_min);
        set(&mut self.core_start, &spec.core_start);
        set(&mut self.core_end, &spec.core_end);
        set(&mut self.out_of_hours_opt_in, &spec.out_of_hours_opt_in);
        set(&mut self.travel_paid, &spec.travel_paid);
        set(&mut self.hospital_keep_open_h, &spec.hospital_keep_open_h);
        set(&mut self.hospital_rule, &spec.hospital_rule);
        set(&mut self.hospital_ward_only, &spec.hospital_ward_only);
        set(&mut self.hospital_restart_notice_h, &spec.hospital_restart_notice_h);
        set(&mut self.hospital_increase_notice_h, &spec.hospital_increase_notice_h);
        set(&mut self.hospital_case_open_days, &spec.hospital_case_open_days);
        if spec.visit_units.is_some() {
            self.visit_units = spec.visit_units;
        }
        if let Some(v) = spec.short_call_max_min {
            self.short_call_max_min = (v > 0).then_some(v);
        }
        if let Some(v) = spec.call_spacing_min {
            self.call_spacing_min = (v > 0).then_some(v);
        }
        if let Some(v) = spec.daily_rest_min {
            self.daily_rest_min = (v > 0).then_some(v);
        }
        if let Some(v) = spec.weekly_rest_min {
            self.weekly_rest_min = (v > 0).then_some(v);
        }
        self
    }
}

/// Resolve a profile name against a problem's overrides and definitions.
pub fn resolve(name: &str, specs: &BTreeMap<String, ProfileSpec>) -> Option<ContractProfile> {
    match specs.get(name) {
        Some(spec) => {
            let base_name = spec.base.as_deref().unwrap_or(if BUILT_IN.contains(&name) { name } else { "custom" });
            // A definition may not base itself on another problem-defined profile: bases are
            // built-ins, which keeps resolution free of cycles.
            let base = ContractProfile::built_in(base_name)?;
            Some(ContractProfile { name: name.to_string(), ..base.with(spec) })
        }
        None => ContractProfile::built_in(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hf_band_edges_go_to_the_stricter_band() {
        let hf = ContractProfile::built_in("hammersmith-fulham").unwrap();
        assert_eq!(hf.continuity.caps(2.0, false), Some((1, 3)));
        assert_eq!(hf.continuity.caps(3.0, false), Some((1, 3)));
        assert_eq!(hf.continuity.caps(3.5, false), Some((3, 5)));
        assert_eq!(hf.continuity.caps(10.0, false), Some((3, 5)));
        assert_eq!(hf.continuity.caps(36.0, false), Some((8, 12)));
        assert_eq!(hf.continuity.caps(50.0, true), Some((12, 16)));
    }

    #[test]
    fn kent_multi_handed_packages_get_the_larger_team() {
        let k = ContractProfile::built_in("kent").unwrap();
        assert_eq!(k.continuity.caps(10.0, false), Some((4, 4)));
        assert_eq!(k.continuity.caps(10.0, true), Some((8, 8)));
        assert_eq!(ContractProfile::built_in("bexley").unwrap().continuity.caps(10.0, true), None);
    }

    #[test]
    fn councils_carry_the_working_time_regulations_rest_and_custom_none() {
        for name in ["kent", "milton-keynes", "hammersmith-fulham", "bexley"] {
            let p = ContractProfile::built_in(name).unwrap();
            assert_eq!((p.daily_rest_min, p.weekly_rest_min), (Some(660), Some(1440)), "{name}");
        }
        let custom = ContractProfile::built_in("custom").unwrap();
        assert_eq!((custom.daily_rest_min, custom.weekly_rest_min), (None, None));
        let mut specs = BTreeMap::new();
        let spec = ProfileSpec { daily_rest_min: Some(0), weekly_rest_min: Some(2880), ..Default::default() };
        specs.insert("kent".to_string(), spec);
        let kent = resolve("kent", &specs).unwrap();
        assert_eq!((kent.daily_rest_min, kent.weekly_rest_min), (None, Some(2880)));
    }

    #[test]
    fn problem_overrides_apply_to_built_ins_and_new_profiles() {
        let mut specs = BTreeMap::new();
        specs.insert("kent".to_string(), ProfileSpec { travel_paid: Some(true), ..Default::default() });
        specs.insert(
            "rutland".to_string(),
            ProfileSpec { base: Some("bexley".into()), call_spacing_min: Some(0), ..Default::default() },
        );
        let kent = resolve("kent", &specs).unwrap();
        assert!(kent.travel_paid);
        assert_eq!(kent.visit_units, Some(UnitGrid { minimum_min: 30, step_min: 15 }));
        let rutland = resolve("rutland", &specs).unwrap();
        assert_eq!(rutland.name, "rutland");
        assert_eq!((rutland.daily_rest_min, rutland.weekly_rest_min), (Some(660), Some(1440)));
        assert_eq!(rutland.call_spacing_min, None);
        assert_eq!(rutland.core_start, ClockTime::hm(6, 0));
        assert!(resolve("nowhere", &specs).is_none());
    }

    #[test]
    fn hospital_rules_follow_the_seeds_and_can_be_overridden() {
        let hf = ContractProfile::built_in("hammersmith-fulham").unwrap();
        assert_eq!((hf.hospital_keep_open_h, hf.hospital_rule), (48.0, HospitalRule::AttendThenSuspend));
        let bx = ContractProfile::built_in("bexley").unwrap();
        assert_eq!((bx.hospital_keep_open_h, bx.hospital_rule), (24.0, HospitalRule::KeepShortStays));
        assert!(bx.hospital_ward_only);
        assert_eq!((bx.hospital_restart_notice_h, bx.hospital_increase_notice_h), (24.0, 72.0));
        let mk = ContractProfile::built_in("milton-keynes").unwrap();
        assert_eq!((mk.hospital_keep_open_h, mk.hospital_case_open_days), (0.0, 14));
        let kent = ContractProfile::built_in("kent").unwrap();
        assert_eq!((kent.hospital_keep_open_h, kent.hospital_rule), (0.0, HospitalRule::AttendThenSuspend));
        let mut specs = BTreeMap::new();
        let spec = ProfileSpec {
            hospital_keep_open_h: Some(12.0),
            hospital_rule: Some(HospitalRule::NotifyOnly),
            ..Default::default()
        };
        specs.insert("kent".to_string(), spec);
        let kent = resolve("kent", &specs).unwrap();
        assert_eq!((kent.hospital_keep_open_h, kent.hospital_rule), (12.0, HospitalRule::NotifyOnly));
    }
}
