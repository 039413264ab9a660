//! Clients and their visits: a package level, a daily call pattern on the profile's unit grid,
//! needs, preferences and plausible preferred and key carers.

use super::carers::{distinct_indices, Drafted};
use super::params::*;
use super::postcodes::{Postcode, PostcodeTable};
use crate::model::{
    attribute_value, Client, ContractProfile, Link, Preference, PreferenceAttribute, TimeWindow, Visit,
};
use crate::rng::Rng;
use crate::time::{ClockTime, Week};
use crate::travel::haversine_m;
use std::collections::BTreeSet;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const ALL_DAYS: [bool; 7] = [true; 7];
const WEEKDAYS: [bool; 7] = [true, true, true, true, true, false, false];

/// One daily call of a client's pattern.
#[derive(Clone, Debug)]
struct Call {
    slot: Slot,
    target: i32,
    duration: i32,
    carers: u8,
    time_critical: bool,
    skills: Vec<String>,
    days: [bool; 7],
    window: Option<(i32, i32)>,
    authorised: bool,
}

impl Call {
    /// Whether `carer` could do this call on one of its days, starting within the punctuality
    /// allowance of its target (±15 min when time-critical, else ±44).
    fn fits(&self, carer: &Drafted) -> bool {
        let slack = if self.time_critical { TIME_CRITICAL_DEVIATION } else { PUNCTUALITY_MAX_DEVIATION };
        (0..7).any(|d| {
            self.days[d]
                && carer.windows[d].iter().any(|&(a, b)| {
                    let start = a.max(self.target - slack);
                    start <= self.target + slack && start + self.duration <= b
                })
        })
    }

    fn new(slot: Slot, duration: i32, carers: u8, days: [bool; 7]) -> Call {
        Call {
            slot,
            target: 0,
            duration,
            carers,
            time_critical: false,
            skills: Vec::new(),
            days,
            window: None,
            authorised: false,
        }
    }
}

/// The calls of a package level, before targets are placed. `bexley`: 15-minute calls are
/// normal (004 §26.9); `short_ban`: 15-minute calls need authorisation (MK, HF).
fn pattern(level: usize, bexley: bool, short_ban: bool, rng: &mut Rng) -> Vec<Call> {
    use Slot::*;
    match level {
        // Under 3 h: one call on some days, or (Bexley) a daily 15-minute medication prompt.
        0 => {
            if bexley && rng.chance(0.3) {
                return vec![Call::new(Lunch, 15, 1, ALL_DAYS)];
            }
            let n = rng.range(2, 5) as usize;
            let mut days = [false; 7];
            for d in distinct_indices(rng, 7, n, None) {
                days[d] = true;
            }
            let slot = [Morning, Lunch, Tea][rng.weighted(&[0.4, 0.4, 0.2])];
            vec![Call::new(slot, 30, 1, days)]
        }
        // 3-10 h: a morning call, often a second call, every day or on weekdays only.
        1 => {
            let mut calls = vec![Call::new(Morning, if rng.chance(0.6) { 30 } else { 45 }, 1, ALL_DAYS)];
            let second = rng.weighted(&[0.35, 0.15, 0.5]);
            let days = if rng.chance(0.7) { ALL_DAYS } else { WEEKDAYS };
            if second < 2 {
                calls.push(Call::new([Bed, Tea][second], 30, 1, days));
            }
            calls
        }
        // 10-25 h: three or four calls a day; sometimes a double-handed bed call.
        2 => {
            let morning = if rng.chance(0.7) { 45 } else { 60 };
            let lunch = if rng.chance(0.2) { 45 } else { 30 };
            let bed_carers = if rng.chance(LEVEL3_DOUBLE_BED_SHARE) { 2 } else { 1 };
            let mut calls = vec![Call::new(Morning, morning, 1, ALL_DAYS)];
            if rng.chance(0.7) {
                if rng.chance(0.5) {
                    calls.push(Call::new(Lunch, lunch, 1, ALL_DAYS));
                } else {
                    calls.push(Call::new(Tea, 30, 1, ALL_DAYS));
                    if short_ban && rng.chance(AUTHORISED_SHORT_CALL_SHARE) {
                        // A council-agreed 15-minute lunchtime medication check (002 §5.5; 003 §3.27).
                        let mut check = Call::new(Lunch, 15, 1, ALL_DAYS);
                        check.authorised = true;
                        check.skills.push("medication-administer".into());
                        calls.push(check);
                    }
                }
            } else {
                calls.push(Call::new(Lunch, lunch, 1, ALL_DAYS));
                calls.push(Call::new(Tea, 30, 1, ALL_DAYS));
            }
            calls.push(Call::new(Bed, 30, bed_carers, ALL_DAYS));
            calls
        }
        // 25-36 h: double-handed morning and bed calls (hoist transfers), single tea and lunch.
        3 => {
            let mut calls = vec![Call::new(Morning, 60, 2, ALL_DAYS)];
            if rng.chance(0.3) {
                calls.push(Call::new(Lunch, 30, 1, ALL_DAYS));
            }
            calls.push(Call::new(Tea, 30, 1, ALL_DAYS));
            calls.push(Call::new(Bed, 45, 2, ALL_DAYS));
            calls
        }
        // 36 h and more: four double-handed calls a day.
        _ => vec![
            Call::new(Morning, 60, 2, ALL_DAYS),
            Call::new(Lunch, 30, 2, ALL_DAYS),
            Call::new(Tea, 30, 2, ALL_DAYS),
            Call::new(Bed, 45, 2, ALL_DAYS),
        ],
    }
}

fn round_up(x: i32, step: i32) -> i32 {
    (x + step - 1).div_euclid(step) * step
}

/// Place every call's target in its band, keeping consecutive targets at least the previous
/// call's length + 90 min apart (and the profile's spacing + 30 min). Calls that cannot be
/// placed are dropped (the shipped bands never need this).
fn place_targets(calls: &mut Vec<Call>, spacing: Option<i32>, late_bed: bool, rng: &mut Rng) {
    calls.sort_by_key(|c| c.slot);
    let follow_up = calls.iter().find(|c| c.slot == Slot::FollowUp).map(|c| c.duration);
    // The follow-up is placed 60 minutes after the morning call, so it is not sampled itself.
    let mut anchors: Vec<Call> = calls.iter().filter(|c| c.slot != Slot::FollowUp).cloned().collect();
    let bounds: Vec<(i32, i32)> = anchors
        .iter()
        .map(|c| {
            let (lo, hi) = c.slot.band();
            let (lo, hi) = (lo.whole_minutes(), hi.whole_minutes());
            match c.slot {
                Slot::Morning if follow_up.is_some() => (lo, hi - 60),
                Slot::Bed if late_bed => (LATE_BED_TARGET.whole_minutes(), LATE_BED_TARGET.whole_minutes()),
                Slot::Bed => (lo, BED_LATEST.whole_minutes()),
                _ => (lo, hi),
            }
        })
        .collect();
    let gaps: Vec<i32> = anchors
        .iter()
        .map(|c| {
            let busy = match (c.slot, follow_up) {
                (Slot::Morning, Some(d)) => 60 + d,
                _ => c.duration,
            };
            (busy + CALL_GAP_SLACK).max(spacing.map_or(0, |s| s + SPACING_SLACK))
        })
        .collect();
    let k = anchors.len();
    let mut latest = vec![0; k];
    for i in (0..k).rev() {
        latest[i] = if i + 1 == k { bounds[i].1 } else { bounds[i].1.min(latest[i + 1] - gaps[i]) };
    }
    // The last placed call's target and the gap it needs after it.
    let mut prev: Option<(i32, i32)> = None;
    let mut keep = vec![true; k];
    for i in 0..k {
        let lo = round_up(prev.map_or(bounds[i].0, |(t, gap)| bounds[i].0.max(t + gap)), TARGET_STEP);
        let hi = latest[i].div_euclid(TARGET_STEP) * TARGET_STEP;
        if lo > hi {
            keep[i] = false;
            continue;
        }
        let t = lo + TARGET_STEP * rng.below(((hi - lo) / TARGET_STEP + 1) as usize) as i32;
        anchors[i].target = t;
        prev = Some((t, gaps[i]));
    }
    let mut placed: Vec<Call> = anchors.into_iter().zip(keep).filter(|(_, k)| *k).map(|(c, _)| c).collect();
    if let (Some(d), Some(m)) = (follow_up, placed.iter().position(|c| c.slot == Slot::Morning)) {
        let f = calls.iter().find(|c| c.slot == Slot::FollowUp).expect("a follow-up");
        let mut f = Call { target: placed[m].target + 60, duration: d, ..f.clone() };
        f.days = placed[m].days;
        placed.insert(m + 1, f);
    }
    *calls = placed;
}

/// With call spacing, give calls whose neighbours are too close for the usual ±44 (or ±15 for
/// time-critical) tolerance an explicit window, so any starts within the windows keep the spacing.
fn spacing_windows(calls: &mut [Call], spacing: i32) {
    let n = calls.len();
    for i in 0..n {
        let tol = if calls[i].time_critical { TIME_CRITICAL_DEVIATION } else { PUNCTUALITY_MAX_DEVIATION };
        let mut d = tol;
        if i > 0 {
            d = d.min((calls[i].target - calls[i - 1].target - spacing) / 2);
        }
        if i + 1 < n {
            d = d.min((calls[i + 1].target - calls[i].target - spacing) / 2);
        }
        if d < tol {
            let d = d.max(0);
            calls[i].window = Some((calls[i].target - d, calls[i].target + d));
        }
    }
}

/// Whether a carer can take visits needing `skills` (and a woman if `female`).
fn eligible(c: &Drafted, skills: &BTreeSet<String>, female: bool) -> bool {
    skills.is_subset(&c.valid_all_week) && (!female || c.carer.gender.as_deref() == Some("female"))
}

/// What the clients of one draw share: their profile, the area's style, the carers they are
/// matched to and the week.
pub(super) struct Setting<'a> {
    /// The clients' contract profile.
    pub profile: &'a ContractProfile,
    /// The area's style (languages, key carer share).
    pub style: &'a AreaStyle,
    /// The carers, with their availability and valid skills.
    pub carers: &'a [Drafted],
    /// The week the visits fall in.
    pub week: &'a Week,
    /// The languages some carer speaks, in [`attribute_value`]'s form.
    languages_spoken: BTreeSet<String>,
}

impl<'a> Setting<'a> {
    /// The setting for clients of `profile` in an area of `style`, matched to `carers`.
    pub fn new(profile: &'a ContractProfile, style: &'a AreaStyle, carers: &'a [Drafted], week: &'a Week) -> Self {
        let languages_spoken =
            carers.iter().flat_map(|c| c.carer.languages.iter().map(|l| attribute_value(l))).collect();
        Setting { profile, style, carers, week, languages_spoken }
    }
}

/// Draw `n` clients at postcodes of `table`, with their visits, matched to `carers`.
pub(super) fn draft(
    n: usize,
    table: &PostcodeTable,
    profile: &ContractProfile,
    style: &AreaStyle,
    carers: &[Drafted],
    week: &Week,
    rng: &mut Rng,
) -> (Vec<Client>, Vec<Visit>) {
    let width = n.to_string().len().max(3);
    let weights = table.client_weights();
    // Each client has its own streams: one for its package, one for choices that depend on the
    // carers. So the carers drawn never change a client's package, and more clients only add.
    let (mut package_seeds, mut matching_seeds) = (Rng::seeded(rng.next_u64()), Rng::seeded(rng.next_u64()));
    let homes = distinct_indices(rng, table.rows.len(), n, Some(&weights));
    let setting = Setting::new(profile, style, carers, week);
    let mut clients = Vec::with_capacity(n);
    let mut visits = Vec::new();
    for (i, &h) in homes.iter().enumerate() {
        let mut prng = Rng::seeded(package_seeds.next_u64());
        let mut mrng = Rng::seeded(matching_seeds.next_u64());
        let id = format!("c{:0width$}", i + 1);
        let (client, client_visits) = one(id, &table.rows[h], &setting, &mut prng, &mut mrng);
        clients.push(client);
        visits.extend(client_visits);
    }
    (clients, visits)
}

/// One client `id` living at `home`, with a package drawn from `prng` and the choices that
/// depend on the carers (language, exclusion, key and preferred carers) from `mrng`.
pub(super) fn one(id: String, home: &Postcode, s: &Setting, prng: &mut Rng, mrng: &mut Rng) -> (Client, Vec<Visit>) {
    let (profile, style, carers, week) = (s.profile, s.style, s.carers, s.week);
    let spacing = profile.call_spacing_min;
    let medication_skill = profile.name != "bexley"; // Bexley: medication prompting only (004).
    let mut visits = Vec::new();
    let level = prng.weighted(&LEVEL_SHARES);
    let mut calls = pattern(level, spacing.is_some(), profile.short_call_max_min.is_some(), prng);

    // Time-critical medication (and its follow-up), and H&F's time-critical double-ups.
    let has_morning = calls.iter().any(|c| c.slot == Slot::Morning);
    if has_morning && prng.chance(TIME_CRITICAL_SHARE) {
        for c in calls.iter_mut().filter(|c| matches!(c.slot, Slot::Morning | Slot::Tea)) {
            c.time_critical = true;
            if medication_skill {
                c.skills.push("medication-administer".into());
            }
        }
    }
    let single_morning = calls.iter().any(|c| c.slot == Slot::Morning && c.carers == 1 && c.days == ALL_DAYS);
    if spacing.is_none() && (1..=2).contains(&level) && single_morning && prng.chance(FOLLOW_UP_SHARE) {
        let m = calls.iter_mut().find(|c| c.slot == Slot::Morning).expect("a morning call");
        m.duration = 30;
        m.time_critical = true;
        if !m.skills.iter().any(|s| s == "medication-administer") {
            m.skills.push("medication-administer".into());
        }
        let mut f = Call::new(Slot::FollowUp, 30, 1, ALL_DAYS);
        f.skills.push("medication-administer".into());
        calls.push(f);
    }
    if profile.out_of_hours_opt_in {
        for c in calls.iter_mut().filter(|c| c.carers > 1) {
            c.time_critical = true; // 003 §5.21: double-ups are time-critical.
        }
    }
    for c in calls.iter_mut().filter(|c| c.carers > 1) {
        c.skills.push("moving-handling".into());
    }
    let catheter = prng.chance(CATHETER_SHARE);
    let peg = prng.chance(PEG_SHARE);
    let dementia = prng.chance(DEMENTIA_SHARE);
    let end_of_life = prng.chance(END_OF_LIFE_SHARE);
    let female_only = prng.chance(FEMALE_ONLY_SHARE);
    let has_bed = calls.iter().any(|c| c.slot == Slot::Bed);
    let late_bed = profile.out_of_hours_opt_in && has_bed && prng.chance(LATE_BED_SHARE_HF);
    place_targets(&mut calls, spacing, late_bed, prng);

    // Requirements, each kept only if enough carers could still do every visit: for each
    // call, carers who qualify and whose shifts cover it (a bed call needs evening carers).
    let double = calls.iter().any(|c| c.carers > 1);
    let need = MIN_ELIGIBLE + usize::from(double);
    let fitting: Vec<Vec<&Drafted>> =
        calls.iter().map(|call| carers.iter().filter(|c| call.fits(c)).collect()).collect();
    let count = |skills: &BTreeSet<String>, female: bool| {
        fitting.iter().map(|f| f.iter().filter(|c| eligible(c, skills, female)).count()).min().unwrap_or(0)
    };
    let mut all: BTreeSet<String> = BTreeSet::new();
    let mut allowed_visit_skills: BTreeSet<String> = BTreeSet::new();
    for skill in calls.iter().flat_map(|c| c.skills.iter()).cloned().collect::<BTreeSet<_>>() {
        let mut with = all.clone();
        with.insert(skill.clone());
        if count(&with, false) >= need {
            all = with;
            allowed_visit_skills.insert(skill);
        }
    }
    for c in calls.iter_mut() {
        c.skills.retain(|s| allowed_visit_skills.contains(s));
    }
    let try_add = |all: &mut BTreeSet<String>, skill: &str| -> bool {
        let mut with = all.clone();
        with.insert(skill.to_string());
        let ok = count(&with, false) >= need;
        if ok {
            *all = with;
        }
        ok
    };
    let mut required = Vec::new();
    if level >= 3 && try_add(&mut all, "moving-handling") {
        required.push("moving-handling".to_string());
    }
    if dementia && try_add(&mut all, "dementia") {
        required.push("dementia".to_string());
    }
    if end_of_life && try_add(&mut all, "end-of-life") {
        required.push("end-of-life".to_string());
    }
    if catheter && has_bed && try_add(&mut all, "catheter-care") {
        for c in calls.iter_mut().filter(|c| c.slot == Slot::Bed) {
            c.skills.push("catheter-care".into());
        }
    }
    let meals = calls.iter().any(|c| matches!(c.slot, Slot::Lunch | Slot::Tea));
    if peg && meals && try_add(&mut all, "peg-feeding") {
        for c in calls.iter_mut().filter(|c| matches!(c.slot, Slot::Lunch | Slot::Tea)) {
            c.skills.push("peg-feeding".into());
        }
    }
    for c in calls.iter_mut() {
        c.skills.retain(|s| !required.contains(s));
        c.skills.sort();
        c.skills.dedup();
    }
    let female = female_only && count(&all, true) >= need;
    let mut preferences = Vec::new();
    if female {
        preferences.push(Preference { attribute: PreferenceAttribute::Gender, value: "female".into(), required: true });
    }
    if !style.languages.is_empty() && mrng.chance(LANGUAGE_PREFERENCE_SHARE) {
        let spoken: Vec<&(&str, f64)> =
            style.languages.iter().filter(|l| s.languages_spoken.contains(&attribute_value(l.0))).collect();
        if !spoken.is_empty() {
            let w: Vec<f64> = spoken.iter().map(|l| l.1).collect();
            let lang = spoken[mrng.weighted(&w)].0;
            preferences.push(Preference {
                attribute: PreferenceAttribute::Language,
                value: lang.to_string(),
                required: false,
            });
        }
    }
    if let Some(s) = spacing {
        spacing_windows(&mut calls, s);
    }

    // Nearby carers: exclusions, key and preferred carers.
    let mut by_distance: Vec<(f64, usize)> =
        carers.iter().enumerate().map(|(k, c)| (haversine_m(c.carer.home, home.location), k)).collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let eligible_set: Vec<bool> = carers.iter().map(|c| eligible(c, &all, female)).collect();
    let eligible_count = eligible_set.iter().filter(|e| **e).count();
    let mut excluded = None;
    if mrng.chance(EXCLUSION_SHARE) {
        let near: Vec<usize> = by_distance.iter().take(10).map(|x| x.1).collect();
        if let Some(&k) = mrng.pick(&near) {
            if !eligible_set[k] || eligible_count > need {
                excluded = Some(k);
            }
        }
    }
    let visit_count: usize = calls.iter().map(|c| c.days.iter().filter(|d| **d).count()).sum();
    let coverage = |k: usize| -> usize {
        calls.iter().map(|c| (0..7).filter(|&d| c.days[d] && carers[k].covers(d, c.target, c.duration)).count()).sum()
    };
    let candidates: Vec<(usize, usize)> = by_distance
        .iter()
        .map(|x| x.1)
        .filter(|&k| eligible_set[k] && Some(k) != excluded)
        .map(|k| (k, coverage(k)))
        .filter(|&(_, cov)| cov > 0)
        .take(NEAREST_CANDIDATES)
        .collect();
    let mut key = None;
    if mrng.chance(style.key_carer_share) {
        let strong: Vec<usize> =
            candidates.iter().filter(|&&(_, cov)| cov * 10 >= visit_count * 3).map(|x| x.0).take(3).collect();
        key = mrng.pick(&strong).copied();
    }
    let mut preferred = Vec::new();
    if mrng.chance(PREFERRED_SHARE) {
        let mut pool: Vec<usize> = candidates.iter().map(|x| x.0).filter(|&k| Some(k) != key).collect();
        mrng.shuffle(&mut pool);
        let take = mrng.range(1, 2) as usize;
        preferred = pool.into_iter().take(take).collect();
        preferred.sort_unstable();
    }

    let mut seat_minutes = 0;
    for (d, day) in DAY_NAMES.iter().enumerate() {
        let date = week.date(d);
        for c in calls.iter().filter(|c| c.days[d]) {
            let follow = calls.iter().find(|f| f.slot == Slot::FollowUp && f.days[d]);
            let links = match (c.slot, follow) {
                (Slot::Morning, Some(f)) => vec![Link {
                    visit: format!("{id}-{day}-{}", f.slot.name()),
                    min_gap_min: 30,
                    max_gap_min: Some(90),
                    different_carers: false,
                }],
                _ => Vec::new(),
            };
            seat_minutes += c.duration * c.carers as i32;
            visits.push(Visit {
                id: format!("{id}-{day}-{}", c.slot.name()),
                client: id.clone(),
                date,
                start: ClockTime::from_minutes(c.target),
                duration_min: c.duration,
                carers_required: c.carers,
                time_critical: c.time_critical,
                windows: Vec::new(),
                optional: false,
                optional_group: None,
                window: c.window.map(|(a, b)| TimeWindow {
                    earliest: ClockTime::from_minutes(a),
                    latest: ClockTime::from_minutes(b),
                }),
                skills: c.skills.clone(),
                priority: if c.time_critical { 2 } else { 1 },
                short_call_authorised: c.authorised,
                links,
                due: None,
                demand: 0,
                cancelled: None,
            });
        }
    }
    let client = Client {
        id,
        location: home.location,
        postcode: Some(home.postcode.clone()),
        cluster: (!home.ward.is_empty()).then(|| home.ward.clone()),
        provider: None,
        profile: profile.name.clone(),
        // Carer hours: a double-handed call counts once per carer. Rounded up to ¼ hour.
        weekly_hours: round_up(seat_minutes, 15) as f64 / 60.0,
        required_skills: required,
        excluded_carers: excluded.map(|k| carers[k].carer.id.clone()).into_iter().collect(),
        preferred_carers: preferred.iter().map(|&k| carers[k].carer.id.clone()).collect(),
        key_carer: key.map(|k| carers[k].carer.id.clone()),
        preferences,
    };
    (client, visits)
}
