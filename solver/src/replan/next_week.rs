//! Next week from this one (`rota solve next.json --previous last-rota.json`): clients expect the
//! same faces, so a visit in the same slot as last week (same client, same weekday, nearest
//! start; `rota::generate::slots`) prefers last week's carers.
//!
//! The stability term is the re-plan's ([`crate::solve::anchor`]) without its times and days:
//! each seat given a carer other than last week's for the slot costs `changed_carer` (300 by
//! default), and each carer new to a client since last week costs `new_carer_for_client` (600).
//! An unassigned seat (10,000) weighs as much as 33 changed carers, so a seat is given up only
//! for more stability than that. With
//! `pin`, a slot whose carers can still do it at last week's time is locked to them.

use crate::format::Rota;
use crate::model::Problem;
use crate::solve::anchor::{keeps, known_carers, Anchors, Keep};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The anchors of next week's solve: `slots[v]` is the visit of `last` in the same slot as visit
/// `v` of `next`, if any; `last_rota` is last week's rota.
pub fn anchors(last: &Problem, last_rota: &Rota, next: &Problem, slots: &[Option<usize>], pin: bool) -> Anchors {
    let planned: HashMap<String, Keep> = keeps(last, last_rota).into_iter().map(|k| (k.visit.clone(), k)).collect();
    let mut previous = Vec::new();
    let mut locked = Vec::new();
    for (v, slot) in slots.iter().enumerate() {
        let Some(keep) = slot.and_then(|l| planned.get(&last.visits[l].id)) else { continue };
        let id = next.visits[v].id.clone();
        previous.push(Keep { visit: id.clone(), carers: keep.carers.clone(), start: None, release: true, day: None });
        if pin {
            // Ticks count from the week's Monday, so last week's start is the same tick now.
            locked.push(Keep { visit: id, carers: keep.carers.clone(), start: keep.start, release: true, day: None });
        }
    }
    // Carers who left are not in next week's problem; compiling the anchors passes them over.
    let known: BTreeMap<String, Vec<String>> = known_carers(last, last_rota)
        .into_iter()
        .filter(|(client, _)| next.clients.iter().any(|c| &c.id == client))
        .collect();
    Anchors { locked, previous, known, ..Anchors::default() }
}

/// How many seats of `next_rota` sit with one of last week's carers for their slot, of the seats
/// of slots that last week's rota had planned and `next_rota` has placed.
pub fn same_carer_share(
    last: &Problem,
    last_rota: &Rota,
    next_rota: &Rota,
    next: &Problem,
    slots: &[Option<usize>],
) -> (usize, usize) {
    let planned: HashMap<String, BTreeSet<String>> =
        keeps(last, last_rota).into_iter().map(|k| (k.visit, k.carers.into_iter().collect())).collect();
    let index = next.index();
    let (mut same, mut of) = (0, 0);
    for round in &next_rota.rounds {
        for pv in &round.visits {
            let Some(&v) = index.visits.get(&pv.visit) else { continue };
            let Some(carers) = slots[v].and_then(|l| planned.get(&last.visits[l].id)) else { continue };
            of += 1;
            same += carers.contains(&round.carer) as usize;
        }
    }
    (same, of)
}
