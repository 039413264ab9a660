//! The combinatorial bound in front of the linear program: forced overlap.
//!
//! A visit whose latest start comes before its earliest end is on site, whatever its start,
//! during `[latest, earliest + length)`: its compulsory part. At any moment, the seats of
//! placed visits whose compulsory parts cover it need that many distinct carers, available then
//! and meeting the visit's needs. So at least (compulsory seats − such carers) seats of the
//! covering visits stay unplaced, for every moment and every family of needs.

use super::demand::Demand;
use super::families::families;
use super::supply::CarerSupply;
use super::Rule;

/// A compulsory part: `[from, to)`, seats, need, day.
struct Part {
    from: f64,
    to: f64,
    seats: f64,
    need: usize,
    day: usize,
}

/// What forced overlap proves for the groups `subset`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Forced {
    /// Seats that must stay unplaced.
    pub unplaced: u64,
    /// The most seats whose compulsory parts overlap at one moment: carers needed at once.
    pub peak: u64,
}

/// Forced overlap for `subset` (indices into the demand's groups) with `dropped` left out.
pub(crate) fn forced(demand: &Demand, supply: &[CarerSupply], subset: &[usize], dropped: Option<Rule>) -> Forced {
    if dropped == Some(Rule::Windows) {
        return Forced::default();
    }
    let parts: Vec<Part> = subset
        .iter()
        .map(|&g| &demand.groups[g])
        .filter(|g| !g.impossible() && g.latest < g.earliest + g.duration)
        .map(|g| Part {
            from: g.latest,
            to: g.earliest + g.duration,
            seats: g.total_seats() as f64,
            need: g.need,
            day: g.day,
        })
        .collect();
    if parts.is_empty() {
        return Forced::default();
    }
    let lo = parts.iter().map(|p| p.from).fold(f64::INFINITY, f64::min);
    let hi = parts.iter().map(|p| p.to).fold(f64::NEG_INFINITY, f64::max);
    let mut edges: Vec<f64> = parts.iter().flat_map(|p| [p.from, p.to]).collect();
    edges.extend(supply.iter().flat_map(|c| c.windows.iter().flat_map(|&(a, b)| [a, b])).filter(|&x| x > lo && x < hi));
    edges.sort_by(|a, b| a.partial_cmp(b).expect("finite minutes"));
    edges.dedup();
    let fams = families(&demand.needs, dropped != Some(Rule::Skills));
    let mut out = Forced::default();
    for w in edges.windows(2) {
        let mid = (w[0] + w[1]) / 2.0;
        let covering: Vec<&Part> = parts.iter().filter(|p| p.from <= mid && mid < p.to).collect();
        if covering.is_empty() {
            continue;
        }
        let mut days: Vec<usize> = covering.iter().map(|p| p.day).collect();
        days.sort_unstable();
        days.dedup();
        out.peak = out.peak.max(covering.iter().map(|p| p.seats).sum::<f64>() as u64);
        for fam in &fams {
            let seats: f64 = covering.iter().filter(|p| fam[p.need]).map(|p| p.seats).sum();
            if seats == 0.0 {
                continue;
            }
            let carers = supply
                .iter()
                .filter(|c| dropped == Some(Rule::Skills) || days.iter().any(|&d| c.meets_any(d, fam)))
                .filter(|c| dropped == Some(Rule::Availability) || c.windows.iter().any(|&(a, b)| a <= mid && mid < b))
                .count() as f64;
            out.unplaced = out.unplaced.max((seats - carers).max(0.0) as u64);
        }
    }
    out
}
