//! Re-planning a running week: what happened since the rota was made, the problem it leaves, and
//! the re-plan itself ([`plan`]), and next week's solve from this week's rota ([`next_week`]).
//!
//! A week's rota meets the week's surprises: a client goes into hospital, a carer calls in
//! sick, a visit is cancelled or moved. The scheduler writes them in an *events file*
//! ([`events`]), and [`apply()`] turns the week's problem into the problem that is left to plan
//! from a moment `now` on, with one note per effect for the scheduler. Nothing before `now`
//! changes, and no visit is dropped: a suspended or cancelled visit stays in the problem with
//! [`Visit::cancelled`](crate::model::Visit::cancelled) set, so every rota still lists it.
//!
//! The hospital rules come from each client's contract profile
//! ([`ContractProfile::hospital_rule`](crate::model::ContractProfile::hospital_rule) and the
//! other `hospital_*` values). `docs/operations.md`, "The events file", describes the format.
//!
//! ```
//! use rota::replan::{apply, events};
//! let problem = rota::format::parse_problem(r#"{"format_version":"1.0","week_start":"2026-11-30",
//!   "clients":[{"id":"c1","location":{"lat":51.5,"lon":-0.2},"profile":"hammersmith-fulham","weekly_hours":7}],
//!   "carers":[{"id":"k1","home":{"lat":51.5,"lon":-0.21},
//!              "availability":[{"date":"2026-12-02","start":"07:00","end":"22:00"}]}],
//!   "visits":[{"id":"v1","client":"c1","date":"2026-12-02","start":"18:00","duration_min":30},
//!             {"id":"v2","client":"c1","date":"2026-12-04","start":"18:00","duration_min":30}]}"#,
//!   "problem.json").unwrap();
//! let now = events::parse_local_time("2026-12-02T10:30").unwrap();
//! let text = r#"{"format_version":"1.0","events":[
//!   {"kind":"hospital_admission","client":"c1","from":"2026-12-02T10:30"}]}"#;
//! let events = events::parse_events(text, "events.json", &problem, now).unwrap();
//! let applied = apply::apply(&problem, &events, now);
//! // H&F attends planned visits for 48 hours after admission, then suspends (003 §14.7).
//! assert_eq!(applied.problem.visits[0].cancelled, None);
//! assert!(applied.problem.visits[1].cancelled.is_some());
//! ```

pub mod apply;
pub mod events;
pub mod next_week;
pub mod plan;

pub use apply::{apply, Applied};
pub use events::{load_events, parse_events, Event, Events};
pub use plan::{replan, ReplanOptions, Replanned};
