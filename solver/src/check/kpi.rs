//! The KPIs of a rota, computed from the checker's own recomputed timeline.
//!
//! Every formula is in `docs/checker.md`. Ratios are `None` where the denominator is zero.
//! "On-site minutes" are a seat's planned `end − start` (equal to the visit's duration unless
//! `duration_short` fires).

use super::emissions::{self, EmissionsKpis};
use super::timeline::{day_offset, minute, Context, RoundLine, MIN};
use crate::model::Carer;
use crate::model::TravelMode;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// All KPIs of a rota.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    /// Visits and seats: how much of the week is scheduled.
    pub visits: VisitKpis,
    /// Travel and contact time.
    pub travel: TravelKpis,
    /// Total recomputed waiting minutes on shift: arrival to start, over every seat, counting
    /// only the part inside the carer's availability (a split shift's gap is not waiting).
    pub waiting_min: f64,
    /// Continuity of carers per client.
    pub continuity: ContinuityKpis,
    /// Planned starts against targets.
    pub punctuality: PunctualityKpis,
    /// Planned hours against commissioned hours, per client.
    pub hours: HoursKpis,
    /// Paid hours, utilisation and cost per carer.
    pub carers: CarerKpis,
    /// Lateness past visits' `due` times.
    pub tardiness: TardinessKpis,
    /// Travel, total lateness and largest lateness, each in minutes times its weight in the
    /// problem's objective (`travel_minute`, `tardiness_minute`, `max_tardiness_minute`). With
    /// the weights the benchmark importers set, this is the benchmark's published objective.
    pub routing_cost: f64,
    /// Rounds without their carer's meal break (the soft findings of [`super::meal`]).
    pub meal_breaks_missed: usize,
    /// Overrun past availability and idle time on shift.
    pub shifts: ShiftKpis,
    /// The optional visits left out (`visits.optional_missed`), the rounds without a meal
    /// break, the overrun minutes and the largest idle time, each times its weight in the
    /// problem's objective (`optional_visit_missed`, `meal_break_missed`, `overrun_minute`,
    /// `max_idle_minute`).
    pub soft_cost: f64,
    /// kg CO2e of the travel, by mode, from the travel kilometres above (`emissions.rs` names
    /// the factors and their source).
    pub emissions: EmissionsKpis,
}

/// How carers' days use their availability (`Carer::overrun_min`,
/// `objective.max_idle_minute`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShiftKpis {
    /// Minutes working days finish after the end of their last availability window: the last
    /// visit's end, or with `commute_on_shift` the arrival back at the end place.
    pub overrun_min: f64,
    /// The largest idle time of a carer's day, minutes: the day's availability (overrun left
    /// out) less the time on site, the travel between visits, the commute with
    /// `commute_on_shift` and the meal break's least length when the day keeps it, plus the
    /// overrun; the whole availability of a day in the week without visits.
    pub max_idle_min: f64,
}

/// Lateness past `due` times, over scheduled seats of visits that have one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TardinessKpis {
    /// Seats of visits with a due time.
    pub seats: usize,
    /// Of those, seats starting after it.
    pub late_seats: usize,
    /// Total minutes late.
    pub total_min: f64,
    /// The largest lateness, minutes.
    pub max_min: f64,
}

/// Visits and seats.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VisitKpis {
    /// Visits in the problem, leaving out cancelled visits (they are not demand).
    pub visits: usize,
    /// Seats of those visits (sum of `carers_required`).
    pub seats: usize,
    /// Visits the problem cancels (`cancelled`): never scheduled, not counted above.
    pub cancelled_visits: usize,
    /// Seats of the cancelled visits.
    pub cancelled_seats: usize,
    /// Seats scheduled in rounds.
    pub scheduled_seats: usize,
    /// Optional calls left out: optional visits (`optional`, not cancelled) with no seat
    /// scheduled, an optional group (`optional_group`) counting once.
    pub optional_missed: usize,
    /// Visits with every seat scheduled.
    pub fully_scheduled: usize,
    /// Visits with some but not all seats scheduled.
    pub partially_scheduled: usize,
    /// Visits with no seat scheduled (cancelled visits left out).
    pub not_scheduled: usize,
    /// Seats listed as unassigned (sum of `seats` over the rota's `unassigned`, leaving out
    /// the entries of cancelled visits).
    pub unassigned_seats: u64,
    /// Unassigned seats by reason code (entries of cancelled visits left out).
    pub unassigned_by_reason: BTreeMap<String, u64>,
}

/// Travel in one mode.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct ModeTravel {
    /// All travel minutes (commute included).
    pub total_min: f64,
    /// All travel kilometres (commute included).
    pub total_km: f64,
    /// Travel minutes between visits.
    pub between_visits_min: f64,
    /// Travel kilometres between visits.
    pub between_visits_km: f64,
}

/// Travel and contact time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TravelKpis {
    /// All travel minutes: start place → first visit, between visits, last visit → end place.
    pub total_min: f64,
    /// All travel kilometres.
    pub total_km: f64,
    /// Travel minutes between consecutive visits of a round.
    pub between_visits_min: f64,
    /// Travel kilometres between consecutive visits of a round.
    pub between_visits_km: f64,
    /// Commute minutes: to the first visit and home from the last.
    pub commute_min: f64,
    /// On-site minutes over every scheduled seat.
    pub contact_min: f64,
    /// `between_visits_min ÷ contact_min`.
    pub travel_ratio: Option<f64>,
    /// `total_min ÷ contact_min`.
    pub travel_ratio_with_commute: Option<f64>,
    /// Travel by mode.
    pub by_mode: BTreeMap<String, ModeTravel>,
}

/// Continuity of one client.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientContinuity {
    /// The client.
    pub client: String,
    /// Distinct carers over the week.
    pub distinct_carers: usize,
    /// The profile's target (95% column), if any.
    pub target: Option<u32>,
    /// The profile's cap (100% column), if any.
    pub cap: Option<u32>,
    /// The named key carer, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_carer: Option<String>,
    /// The key carer's share of the client's on-site minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_carer_share: Option<f64>,
}

/// Continuity of carers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContinuityKpis {
    /// One line per client with at least one scheduled seat, in client order.
    pub clients: Vec<ClientContinuity>,
    /// Clients (with a scheduled seat) whose profile sets a cap.
    pub capped_clients: usize,
    /// Of those, clients with at most `target` distinct carers.
    pub within_target: usize,
    /// Of those, clients with at most `cap` distinct carers.
    pub within_cap: usize,
    /// `within_target ÷ capped_clients` (the seeds' 95% column is met if ≥ 0.95).
    pub within_target_share: Option<f64>,
    /// `within_cap ÷ capped_clients`.
    pub within_cap_share: Option<f64>,
    /// Clients with a key carer and a scheduled seat.
    pub key_carer_clients: usize,
    /// Mean over those clients of the key carer's share of on-site minutes.
    pub key_carer_mean_share: Option<f64>,
    /// Those clients whose key carer has the largest share (ties count).
    pub key_carer_largest: usize,
}

/// Planned starts against targets, over scheduled seats.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PunctualityKpis {
    /// Scheduled seats measured.
    pub seats: usize,
    /// Mean of `|start − target|`, minutes.
    pub mean_abs_deviation_min: Option<f64>,
    /// Largest `|start − target|`, minutes.
    pub max_abs_deviation_min: Option<f64>,
    /// Seats with `start − target ≥` the profile's punctuality tolerance.
    pub late: usize,
    /// Seats with `target − start ≥` the profile's punctuality tolerance.
    pub early: usize,
    /// Seats with `start − target ≥` the profile's missed threshold.
    pub missed: usize,
    /// Scheduled seats of time-critical visits.
    pub time_critical_seats: usize,
    /// Of those, seats with `|start − target| ≤` the profile's time-critical tolerance.
    pub time_critical_within: usize,
    /// `time_critical_within ÷ time_critical_seats`.
    pub time_critical_compliance: Option<f64>,
    /// Visits with two or more scheduled seats.
    pub double_up_visits: usize,
    /// Of those, visits whose seat starts are within the double-handed tolerance.
    pub double_up_within: usize,
    /// The largest spread of seat starts of a double-up visit, minutes.
    pub double_up_max_gap_min: Option<f64>,
}

/// Commissioned and planned hours of one client.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientHours {
    /// The client.
    pub client: String,
    /// Commissioned hours per week (`weekly_hours`).
    pub commissioned_h: f64,
    /// Hours of the client's visits in the problem (each visit once; cancelled visits left out).
    pub demanded_h: f64,
    /// Hours of the client's visits with at least one scheduled seat (each visit once).
    pub planned_h: f64,
}

/// Hours against commissioned hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoursKpis {
    /// One line per client, in client order.
    pub clients: Vec<ClientHours>,
    /// Sum of commissioned hours.
    pub commissioned_h: f64,
    /// Sum of demanded hours.
    pub demanded_h: f64,
    /// Sum of planned hours.
    pub planned_h: f64,
    /// Clients planned more than half a minute over their commissioned hours.
    pub over: usize,
    /// Clients planned more than half a minute under their commissioned hours.
    pub under: usize,
}

/// One carer's hours and cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CarerLine {
    /// The carer.
    pub carer: String,
    /// Rounds (working days).
    pub rounds: usize,
    /// Scheduled seats.
    pub seats: usize,
    /// On-site hours.
    pub contact_h: f64,
    /// Travel hours between visits.
    pub travel_between_h: f64,
    /// Commute hours (to the first visit and home from the last).
    pub commute_h: f64,
    /// Waiting hours.
    pub waiting_h: f64,
    /// Working hours: contact plus travel between visits (the measure of the hours caps).
    pub working_h: f64,
    /// Paid hours: contact plus travel into visits whose client's profile pays travel.
    pub paid_h: f64,
    /// Hours of availability in the week.
    pub available_h: f64,
    /// `paid_h ÷ available_h`.
    pub utilisation: Option<f64>,
    /// Contracted hours per week, if given.
    pub contracted_h: Option<f64>,
    /// `max(0, paid_h − contracted_h)`, if contracted hours are given.
    pub over_contracted_h: Option<f64>,
    /// `paid_h × hourly_rate`, if a rate is given.
    pub cost: Option<f64>,
}

/// Hours and cost of carers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CarerKpis {
    /// One line per carer, in carer order.
    pub carers: Vec<CarerLine>,
    /// Carers with at least one scheduled seat.
    pub carers_used: usize,
    /// Sum of paid hours.
    pub paid_h: f64,
    /// Sum of available hours.
    pub available_h: f64,
    /// `paid_h ÷ available_h` over all carers.
    pub utilisation: Option<f64>,
    /// Sum of costs of carers with a rate.
    pub cost: f64,
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

/// Ticks as hours.
fn hours(ticks: i64) -> f64 {
    ticks as f64 / MIN as f64 / 60.0
}

/// Ticks as minutes, with the fraction.
fn mins(ticks: i64) -> f64 {
    ticks as f64 / MIN as f64
}

/// Compute every KPI.
pub fn compute(ctx: &Context) -> Kpis {
    let travel = travel(ctx);
    let tardiness = tardiness(ctx);
    let w = &ctx.problem.objective;
    let routing_cost = travel.total_min * w.travel_minute
        + tardiness.total_min * w.tardiness_minute
        + tardiness.max_min * w.max_tardiness_minute;
    let emissions = emissions::compute(&travel);
    let visits = visits(ctx);
    let shifts = shifts(ctx);
    let soft_cost = visits.optional_missed as f64 * w.optional_visit_missed
        + shifts.overrun_min * w.overrun_minute
        + shifts.max_idle_min * w.max_idle_minute;
    Kpis {
        meal_breaks_missed: 0,
        shifts,
        soft_cost,
        visits,
        travel,
        emissions,
        tardiness,
        routing_cost,
        waiting_min: mins(
            ctx.seats.iter().map(|s| s.wait_on_shift).sum::<i64>()
                - ctx.rounds.iter().map(|r| super::meal::in_wait(ctx, r)).sum::<i64>(),
        ),
        continuity: continuity(ctx),
        punctuality: punctuality(ctx),
        hours: client_hours(ctx),
        carers: carers(ctx),
    }
}

fn shifts(ctx: &Context) -> ShiftKpis {
    let (mut overrun, mut max_idle) = (0i64, 0i64);
    let rounds: HashMap<(usize, NaiveDate), &RoundLine> =
        ctx.rounds.iter().filter(|r| !r.seats.is_empty()).map(|r| ((r.carer, r.date), r)).collect();
    for (k, carer) in ctx.problem.carers.iter().enumerate() {
        let mut dates: Vec<NaiveDate> = carer
            .availability
            .iter()
            .map(|a| a.date)
            .filter(|&d| (0..7).contains(&day_offset(ctx.monday, d)))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        for date in dates {
            let (over, idle) = day_use(ctx, carer, date, rounds.get(&(k, date)).copied());
            overrun += over;
            max_idle = max_idle.max(idle);
        }
    }
    ShiftKpis { overrun_min: mins(overrun), max_idle_min: mins(max_idle) }
}

/// A carer's (overrun, idle time) on `date`, in ticks, with `round` their visits that day.
fn day_use(ctx: &Context, carer: &Carer, date: NaiveDate, round: Option<&RoundLine>) -> (i64, i64) {
    let day: Vec<(i64, i64)> = carer
        .availability
        .iter()
        .filter(|a| a.date == date)
        .map(|a| (minute(ctx.monday, a.date, a.start), minute(ctx.monday, a.date, a.end)))
        .collect();
    let paid: i64 = day.iter().map(|(a, b)| b - a).sum();
    let (Some(r), Some(end)) = (round, day.iter().max().map(|w| w.1)) else { return (0, paid) };
    let (first, last) = (&ctx.seats[r.seats[0]], &ctx.seats[r.seats[r.seats.len() - 1]]);
    let commute = carer.commute_on_shift;
    let over = (last.end + if commute { r.return_travel } else { 0 } - end).max(0);
    let mut busy: i64 = r.seats.iter().map(|&si| ctx.seats[si].on_site() + ctx.seats[si].travel).sum();
    busy += if commute { r.return_travel } else { -first.travel };
    if let Some(meal) = carer.meal_break.filter(|_| super::meal::missed(ctx, r).is_none()) {
        busy += i64::from(meal.min_duration_min) * MIN;
    }
    (over, paid - busy + over)
}

fn visits(ctx: &Context) -> VisitKpis {
    let (mut full, mut partial, mut none) = (0, 0, 0);
    let (mut cancelled_visits, mut cancelled_seats, mut optional_missed) = (0, 0, 0);
    for (vi, v) in ctx.problem.visits.iter().enumerate() {
        if v.cancelled.is_some() {
            cancelled_visits += 1;
            cancelled_seats += v.carers_required as usize;
            continue;
        }
        let n = ctx.visit_seats[vi].len();
        if n == 0 {
            none += 1;
            optional_missed += usize::from(v.optional && v.optional_group.is_none());
        } else if n >= v.carers_required as usize {
            full += 1;
        } else {
            partial += 1;
        }
    }
    // A group counts once, when any of its visits is left out (all are, unless it is split).
    optional_missed +=
        ctx.optional_groups().iter().filter(|(_, m)| m.iter().any(|&vi| ctx.visit_seats[vi].is_empty())).count();
    VisitKpis {
        visits: ctx.problem.visits.len() - cancelled_visits,
        seats: ctx.problem.seat_count() - cancelled_seats,
        cancelled_visits,
        cancelled_seats,
        scheduled_seats: ctx.seats.len(),
        optional_missed,
        fully_scheduled: full,
        partially_scheduled: partial,
        not_scheduled: none,
        unassigned_seats: ctx.unassigned_by_reason.values().sum(),
        unassigned_by_reason: ctx.unassigned_by_reason.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

fn tardiness(ctx: &Context) -> TardinessKpis {
    let (mut seats, mut late_seats, mut total, mut max) = (0, 0, 0i64, 0i64);
    for s in &ctx.seats {
        let Some(due) = due_of(ctx, s.visit, s.start) else { continue };
        let late = (s.start - due).max(0);
        seats += 1;
        late_seats += usize::from(late > 0);
        total += late;
        max = max.max(late);
    }
    TardinessKpis { seats, late_seats, total_min: mins(total), max_min: mins(max) }
}

/// The due time that prices a start of visit `vi` at `start`, tick of the week: the visit's
/// `due`, or, for a visit with several windows, the `due` of the window the start falls in (a
/// start between windows or after the last, which `window_missed` reports, takes the due of the
/// next window, or of the last).
fn due_of(ctx: &Context, vi: usize, start: i64) -> Option<i64> {
    let visit = ctx.visit(vi);
    let at = |t| minute(ctx.monday, visit.date, t);
    if visit.windows.is_empty() {
        return visit.due.map(at);
    }
    let w = visit.windows.iter().find(|w| start <= at(w.latest)).or(visit.windows.last())?;
    w.due.map(at)
}

fn travel(ctx: &Context) -> TravelKpis {
    let (mut between, mut between_m, mut commute, mut commute_m) = (0i64, 0u64, 0i64, 0u64);
    // Per mode: all minutes, all metres, minutes and metres between visits.
    let mut by_mode: BTreeMap<TravelMode, (i64, u64, i64, u64)> = BTreeMap::new();
    for r in &ctx.rounds {
        let mode = ctx.problem.carers[r.carer].travel_mode;
        let e = by_mode.entry(mode).or_default();
        for &si in &r.seats {
            let s = &ctx.seats[si];
            if s.is_first() {
                commute += s.travel;
                commute_m += s.travel_m;
            } else {
                between += s.travel;
                between_m += s.travel_m;
                e.2 += s.travel;
                e.3 += s.travel_m;
            }
            e.0 += s.travel;
            e.1 += s.travel_m;
        }
        commute += r.return_travel;
        commute_m += r.return_m;
        e.0 += r.return_travel;
        e.1 += r.return_m;
    }
    let contact: i64 = ctx.seats.iter().map(|s| s.on_site()).sum();
    let total = between + commute;
    TravelKpis {
        total_min: mins(total),
        total_km: (between_m + commute_m) as f64 / 1000.0,
        between_visits_min: mins(between),
        between_visits_km: between_m as f64 / 1000.0,
        commute_min: mins(commute),
        contact_min: mins(contact),
        travel_ratio: ratio(between as f64, contact as f64),
        travel_ratio_with_commute: ratio(total as f64, contact as f64),
        by_mode: by_mode
            .into_iter()
            .map(|(m, (t, metres, b, b_metres))| {
                (
                    m.name().to_string(),
                    ModeTravel {
                        total_min: mins(t),
                        total_km: metres as f64 / 1000.0,
                        between_visits_min: mins(b),
                        between_visits_km: b_metres as f64 / 1000.0,
                    },
                )
            })
            .collect(),
    }
}

fn continuity(ctx: &Context) -> ContinuityKpis {
    // On-site minutes per client and carer.
    let mut minutes: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for s in &ctx.seats {
        *minutes.entry((s.client, s.carer)).or_insert(0) += s.on_site();
    }
    let mut k = ContinuityKpis {
        clients: Vec::new(),
        capped_clients: 0,
        within_target: 0,
        within_cap: 0,
        within_target_share: None,
        within_cap_share: None,
        key_carer_clients: 0,
        key_carer_mean_share: None,
        key_carer_largest: 0,
    };
    let mut share_sum = 0.0;
    for (ci, carers) in ctx.distinct_carers() {
        let client = &ctx.problem.clients[ci];
        let n = carers.len();
        let caps = ctx.profile(ci).continuity.caps(client.weekly_hours, ctx.multi_handed(ci));
        if let Some((target, cap)) = caps {
            k.capped_clients += 1;
            k.within_target += usize::from(n <= target as usize);
            k.within_cap += usize::from(n <= cap as usize);
        }
        let key = client.key_carer.as_ref().and_then(|id| ctx.index.carers.get(id).copied());
        let mut key_share = None;
        if let Some(kc) = key {
            let of = |c: usize| minutes.get(&(ci, c)).copied().unwrap_or(0);
            let all: i64 = carers.iter().map(|&c| of(c)).sum();
            let share = if all > 0 { of(kc) as f64 / all as f64 } else { 0.0 };
            k.key_carer_clients += 1;
            share_sum += share;
            k.key_carer_largest += usize::from(carers.iter().all(|&c| of(c) <= of(kc)));
            key_share = Some(share);
        }
        k.clients.push(ClientContinuity {
            client: client.id.clone(),
            distinct_carers: n,
            target: caps.map(|c| c.0),
            cap: caps.map(|c| c.1),
            key_carer: client.key_carer.clone(),
            key_carer_share: key_share,
        });
    }
    k.within_target_share = ratio(k.within_target as f64, k.capped_clients as f64);
    k.within_cap_share = ratio(k.within_cap as f64, k.capped_clients as f64);
    k.key_carer_mean_share = ratio(share_sum, k.key_carer_clients as f64);
    k
}

fn punctuality(ctx: &Context) -> PunctualityKpis {
    let mut p = PunctualityKpis {
        seats: ctx.seats.len(),
        mean_abs_deviation_min: None,
        max_abs_deviation_min: None,
        late: 0,
        early: 0,
        missed: 0,
        time_critical_seats: 0,
        time_critical_within: 0,
        time_critical_compliance: None,
        double_up_visits: 0,
        double_up_within: 0,
        double_up_max_gap_min: None,
    };
    let mut sum = 0i64;
    for s in &ctx.seats {
        let prof = ctx.seat_profile(s);
        let d = s.start - s.target;
        sum += d.abs();
        p.max_abs_deviation_min = Some(p.max_abs_deviation_min.unwrap_or(0.0).max(mins(d.abs())));
        let tol = prof.punctuality_tolerance_min as i64 * MIN;
        p.late += usize::from(d >= tol);
        p.early += usize::from(-d >= tol);
        p.missed += usize::from(d >= prof.missed_threshold_min as i64 * MIN);
        if ctx.visit(s.visit).time_critical {
            p.time_critical_seats += 1;
            p.time_critical_within += usize::from(d.abs() <= prof.time_critical_tolerance_min as i64 * MIN);
        }
    }
    p.mean_abs_deviation_min = ratio(mins(sum), p.seats as f64);
    p.time_critical_compliance = ratio(p.time_critical_within as f64, p.time_critical_seats as f64);
    for list in &ctx.visit_seats {
        if list.len() < 2 {
            continue;
        }
        let starts = list.iter().map(|&s| ctx.seats[s].start);
        let spread = starts.clone().max().unwrap_or(0) - starts.min().unwrap_or(0);
        let tol = ctx.seat_profile(&ctx.seats[list[0]]).double_handed_tolerance_min as i64 * MIN;
        p.double_up_visits += 1;
        p.double_up_within += usize::from(spread <= tol);
        p.double_up_max_gap_min = Some(p.double_up_max_gap_min.unwrap_or(0.0).max(mins(spread)));
    }
    p
}

fn client_hours(ctx: &Context) -> HoursKpis {
    let mut demanded: BTreeMap<&str, i64> = BTreeMap::new();
    let mut planned: BTreeMap<&str, i64> = BTreeMap::new();
    for (vi, v) in ctx.problem.visits.iter().enumerate().filter(|(_, v)| v.cancelled.is_none()) {
        let d = v.duration_min as i64 * MIN;
        *demanded.entry(v.client.as_str()).or_insert(0) += d;
        if !ctx.visit_seats[vi].is_empty() {
            *planned.entry(v.client.as_str()).or_insert(0) += d;
        }
    }
    let mut h =
        HoursKpis { clients: Vec::new(), commissioned_h: 0.0, demanded_h: 0.0, planned_h: 0.0, over: 0, under: 0 };
    for c in &ctx.problem.clients {
        let dem = demanded.get(c.id.as_str()).copied().unwrap_or(0);
        let plan = planned.get(c.id.as_str()).copied().unwrap_or(0);
        let commissioned_min = c.weekly_hours * 60.0;
        h.over += usize::from(mins(plan) > commissioned_min + 0.5);
        h.under += usize::from(mins(plan) < commissioned_min - 0.5);
        h.commissioned_h += c.weekly_hours;
        h.demanded_h += hours(dem);
        h.planned_h += hours(plan);
        h.clients.push(ClientHours {
            client: c.id.clone(),
            commissioned_h: c.weekly_hours,
            demanded_h: hours(dem),
            planned_h: hours(plan),
        });
    }
    h
}

fn carers(ctx: &Context) -> CarerKpis {
    #[derive(Default)]
    struct Acc {
        rounds: usize,
        seats: usize,
        contact: i64,
        between: i64,
        commute: i64,
        wait: i64,
        paid_travel: i64,
    }
    let mut acc: Vec<Acc> = ctx.problem.carers.iter().map(|_| Acc::default()).collect();
    for r in &ctx.rounds {
        let a = &mut acc[r.carer];
        a.rounds += 1;
        a.commute += r.return_travel;
        a.wait -= super::meal::in_wait(ctx, r);
        for &si in &r.seats {
            let s = &ctx.seats[si];
            a.seats += 1;
            a.contact += s.on_site();
            a.wait += s.wait_on_shift;
            if s.is_first() {
                a.commute += s.travel;
            } else {
                a.between += s.travel;
                if ctx.seat_profile(s).travel_paid {
                    a.paid_travel += s.travel;
                }
            }
        }
    }
    let mut k =
        CarerKpis { carers: Vec::new(), carers_used: 0, paid_h: 0.0, available_h: 0.0, utilisation: None, cost: 0.0 };
    for (c, a) in ctx.problem.carers.iter().zip(&acc) {
        let available: i64 = c
            .availability
            .iter()
            .map(|w| (minute(ctx.monday, w.date, w.end) - minute(ctx.monday, w.date, w.start)).max(0))
            .sum();
        let paid_h = hours(a.contact + a.paid_travel);
        let available_h = hours(available);
        let cost = c.hourly_rate.map(|r| paid_h * r);
        k.carers_used += usize::from(a.seats > 0);
        k.paid_h += paid_h;
        k.available_h += available_h;
        k.cost += cost.unwrap_or(0.0);
        k.carers.push(CarerLine {
            carer: c.id.clone(),
            rounds: a.rounds,
            seats: a.seats,
            contact_h: hours(a.contact),
            travel_between_h: hours(a.between),
            commute_h: hours(a.commute),
            waiting_h: hours(a.wait),
            working_h: hours(a.contact + a.between),
            paid_h,
            available_h,
            utilisation: ratio(paid_h, available_h),
            contracted_h: c.contracted_hours,
            over_contracted_h: c.contracted_hours.map(|h| (paid_h - h).max(0.0)),
            cost,
        });
    }
    k.utilisation = ratio(k.paid_h, k.available_h);
    k
}

/// Minutes for the text report: `78`, or `78.25` when not whole.
fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn opt(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{v:.2}"))
}

impl fmt::Display for Kpis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.visits;
        write!(
            f,
            "Visits: {} ({} fully scheduled, {} partially, {} not scheduled); seats {} scheduled of {}, {} unassigned",
            v.visits,
            v.fully_scheduled,
            v.partially_scheduled,
            v.not_scheduled,
            v.scheduled_seats,
            v.seats,
            v.unassigned_seats
        )?;
        if !v.unassigned_by_reason.is_empty() {
            let r: Vec<String> = v.unassigned_by_reason.iter().map(|(k, n)| format!("{k} {n}")).collect();
            write!(f, " ({})", r.join(", "))?;
        }
        if v.cancelled_visits > 0 {
            write!(f, "; {} cancelled ({} seats), not counted", v.cancelled_visits, v.cancelled_seats)?;
        }
        writeln!(f)?;
        let t = &self.travel;
        writeln!(
            f,
            "Travel: {} min, {:.1} km in all; {} min between visits; contact {} min; travel ratio {} ({} with commute); waiting {} min",
            num(t.total_min), t.total_km, num(t.between_visits_min), num(t.contact_min), opt(t.travel_ratio),
            opt(t.travel_ratio_with_commute), num(self.waiting_min)
        )?;
        let e = &self.emissions;
        let modes: Vec<String> =
            e.by_mode.iter().map(|(m, x)| format!("{m} {:.2} kg over {:.1} km", x.kg, x.km)).collect();
        writeln!(
            f,
            "Emissions: {:.2} kg CO2e ({}); {:.2} kg between visits; {} kg per contact hour",
            e.total_kg,
            if modes.is_empty() { "no travel".to_string() } else { modes.join(", ") },
            e.between_visits_kg,
            opt(e.kg_per_contact_hour)
        )?;
        let p = &self.punctuality;
        writeln!(
            f,
            "Punctuality: mean |start - target| {} min, max {} min; {} late, {} early, {} missed; time-critical {}/{} within tolerance; double-ups {}/{} in sync",
            opt(p.mean_abs_deviation_min),
            opt(p.max_abs_deviation_min),
            p.late, p.early, p.missed, p.time_critical_within, p.time_critical_seats, p.double_up_within,
            p.double_up_visits
        )?;
        let c = &self.continuity;
        writeln!(
            f,
            "Continuity: {} capped clients, {} within target, {} within cap; key carers: {} clients, mean share {}, largest share {}",
            c.capped_clients, c.within_target, c.within_cap, c.key_carer_clients, opt(c.key_carer_mean_share),
            c.key_carer_largest
        )?;
        let h = &self.hours;
        writeln!(
            f,
            "Hours: commissioned {:.2} h, demanded {:.2} h, planned {:.2} h; {} clients over, {} under",
            h.commissioned_h, h.demanded_h, h.planned_h, h.over, h.under
        )?;
        let t = &self.tardiness;
        if t.seats > 0 {
            writeln!(
                f,
                "Lateness past due times: {} of {} seats late, {} min in all, at most {} min",
                t.late_seats,
                t.seats,
                num(t.total_min),
                num(t.max_min)
            )?;
        }
        writeln!(f, "Routing cost (weighted travel and lateness): {}", num(self.routing_cost))?;
        let k = &self.carers;
        writeln!(
            f,
            "Carers: {} used; paid {:.2} h of {:.2} h available (utilisation {}); cost £{:.2}",
            k.carers_used,
            k.paid_h,
            k.available_h,
            opt(k.utilisation),
            k.cost
        )
    }
}
