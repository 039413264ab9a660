//! Links between visits: each names another known visit, has `max_gap_min ≥ min_gap_min`, and
//! the links together admit start times.
//!
//! A link on visit A to visit B with gaps `[min, max]` says `start(B) − start(A) ∈ [min, max]`.
//! These are difference constraints: an edge A → B of weight `min` (`start(B) ≥ start(A) +
//! min`) and, when `max` is set, an edge B → A of weight `−max` (`start(A) ≥ start(B) − max`).
//! They can all hold iff the graph has no cycle of positive weight. Each connected group of
//! linked visits (usually a handful) is searched with Bellman-Ford for longest paths, its edges
//! in Yen's order, so that a chain of links takes a pass or two; a positive cycle shows as a
//! cycle of the predecessor graph, looked for after every pass. Its visits are reported,
//! removed, and the rest of the group searched again, within a work budget, so that separate
//! cycles are all named. The work is O(visits × links) per group at worst, never cubic over
//! the whole problem; a chain of a million links is checked in seconds.
//!
//! A link that the two visits' dates, targets, windows and tolerances cannot meet on their own
//! draws a `link_window_conflict` warning.

use super::references::unknown;
use super::Context;
use crate::format::Findings;
use crate::model::{ContractProfile, Visit};
use crate::time::{ClockTime, Week, MINUTE};
use std::collections::HashMap;

/// Edge relaxations allowed for the searches that name further cycles after the first one in
/// each group. The first search of a group always runs.
const BUDGET: u64 = 20_000_000;

/// An edge of the constraint graph: `start(to) ≥ start(from) + weight`, from link `link` of
/// visit `owner` (positions in the problem's lists).
#[derive(Clone, Copy, Debug)]
struct Edge {
    from: usize,
    to: usize,
    weight: i64,
    owner: usize,
}

/// `unknown_reference`, `invalid_link`, `unsatisfiable_links` and `link_window_conflict`.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let visits = &cx.p.visits;
    let mut edges = Vec::new();
    for (i, v) in visits.iter().enumerate() {
        for (j, link) in v.links.iter().enumerate() {
            let id = Some(v.id.as_str());
            let Some(&b) = cx.index.visits.get(&link.visit) else {
                unknown(f, format!("$.visits[{i}].links[{j}].visit"), id, "visit", &link.visit);
                continue;
            };
            if link.visit == v.id {
                f.error(
                    format!("$.visits[{i}].links[{j}].visit"),
                    id,
                    "invalid_link",
                    format!("visit {:?} is linked to itself", v.id),
                );
                continue;
            }
            let too_far = |g: i32| g.unsigned_abs() > super::MAX_GAP_MIN as u32;
            if too_far(link.min_gap_min) || link.max_gap_min.is_some_and(too_far) {
                f.error(
                    format!("$.visits[{i}].links[{j}]"),
                    id,
                    "invalid_link",
                    format!(
                        "the link from visit {:?} to {:?} has a gap beyond ±{} minutes (a week)",
                        v.id,
                        link.visit,
                        super::MAX_GAP_MIN
                    ),
                );
                continue;
            }
            if let Some(max) = link.max_gap_min.filter(|&max| max < link.min_gap_min) {
                f.error(
                    format!("$.visits[{i}].links[{j}]"),
                    id,
                    "invalid_link",
                    format!(
                        "the link from visit {:?} to {:?} has max_gap_min {max} below min_gap_min {}",
                        v.id, link.visit, link.min_gap_min
                    ),
                );
                continue;
            }
            edges.push(Edge { from: i, to: b, weight: link.min_gap_min.into(), owner: i });
            if let Some(max) = link.max_gap_min {
                edges.push(Edge { from: b, to: i, weight: -i64::from(max), owner: i });
            }
            if let Some(week) = &cx.week {
                window_conflict(cx, week, (i, v), (j, b), f);
            }
        }
    }
    cycles(cx, &edges, f);
}

/// Find and report positive cycles, group by group.
fn cycles(cx: &Context, edges: &[Edge], f: &mut Findings) {
    let n = cx.p.visits.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for e in edges {
        let (a, b) = (root(&mut parent, e.from), root(&mut parent, e.to));
        if a != b {
            parent[a] = b;
        }
    }
    // Edges of each group, keyed by the group's root, in input order.
    let mut groups: HashMap<usize, Vec<Edge>> = HashMap::new();
    let mut order = Vec::new();
    for e in edges {
        let r = root(&mut parent, e.from);
        groups
            .entry(r)
            .or_insert_with(|| {
                order.push(r);
                Vec::new()
            })
            .push(*e);
    }
    let mut budget = BUDGET;
    let mut reported = vec![false; n];
    for r in order {
        let mut group = groups.remove(&r).unwrap_or_default();
        let mut first = true;
        loop {
            let nodes = distinct_nodes(&group);
            let cost = (nodes.len() as u64).saturating_mul(group.len() as u64);
            if !first && cost > budget {
                break;
            }
            budget = budget.saturating_sub(cost);
            first = false;
            let found = positive_cycles(&nodes, &group);
            if found.is_empty() {
                break;
            }
            for cycle in &found {
                report(cx, cycle, &mut reported, f);
            }
            // Search the rest of the group again for cycles that share no visit with these.
            let gone: std::collections::HashSet<usize> = found.iter().flatten().map(|e| e.from).collect();
            group.retain(|e| !gone.contains(&e.from) && !gone.contains(&e.to));
            if group.is_empty() {
                break;
            }
        }
    }
}

/// The visits an edge list touches, sorted.
fn distinct_nodes(edges: &[Edge]) -> Vec<usize> {
    let mut nodes: Vec<usize> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

/// Bellman-Ford for longest paths from a virtual source joined to every node by 0-weight
/// edges. Returns positive cycles, each as its edges in order, sharing no node.
///
/// Each pass relaxes the edges that go forward in a depth-first order of the group first, in
/// that order, then the edges that go back, in reverse (Yen's ordering, relaxed in place). A
/// path that turns back k times is then learnt in k + 1 passes, whatever the order of the file:
/// a chain of links, the usual shape, takes one or two passes instead of one a link.
fn positive_cycles(nodes: &[usize], edges: &[Edge]) -> Vec<Vec<Edge>> {
    let n = nodes.len();
    let local: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &v)| (v, k)).collect();
    let edges = in_sweep_order(n, edges, &local);
    let ends: Vec<(usize, usize)> = edges.iter().map(|e| (local[&e.from], local[&e.to])).collect();
    let mut dist = vec![0i64; n];
    let mut pred: Vec<Option<usize>> = vec![None; n];
    for _ in 0..n {
        let mut changed = false;
        for (k, e) in edges.iter().enumerate() {
            let (u, v) = ends[k];
            let d = dist[u].saturating_add(e.weight);
            if d > dist[v] {
                dist[v] = d;
                pred[v] = Some(k);
                changed = true;
            }
        }
        if !changed {
            return Vec::new();
        }
        // A cycle of the predecessor graph is a positive cycle: look after every pass, so that
        // one is named as soon as it closes rather than after a pass per visit of the group.
        let found = predecessor_cycles(&pred, &ends, &edges);
        if !found.is_empty() {
            return found;
        }
    }
    // Not expected: after n passes that still relax, the predecessor graph holds a positive
    // cycle. Should it not, name the whole group rather than report nothing.
    vec![edges]
}

/// The cycles of positive weight of the predecessor graph (each node has at most one
/// predecessor edge), each as its edges in order, sharing no node.
fn predecessor_cycles(pred: &[Option<usize>], ends: &[(usize, usize)], edges: &[Edge]) -> Vec<Vec<Edge>> {
    let n = pred.len();
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the current walk, 2 done
    let mut found = Vec::new();
    for start in 0..n {
        // Follow predecessors from `start` until the walk ends, or meets itself (a cycle) or
        // an earlier walk.
        let mut walk = Vec::new();
        let mut next = Some(start);
        while let Some(x) = next.filter(|&x| state[x] == 0) {
            state[x] = 1;
            walk.push(x);
            next = pred[x].map(|k| ends[k].0);
        }
        if let Some(x) = next.filter(|&x| state[x] == 1) {
            if let Some(pos) = walk.iter().position(|&w| w == x) {
                // The walk goes backwards along edges; turn it round.
                let mut cycle: Vec<Edge> = walk[pos..].iter().filter_map(|&w| pred[w].map(|k| edges[k])).collect();
                cycle.reverse();
                if cycle.iter().map(|e| e.weight).fold(0i64, i64::saturating_add) > 0 {
                    found.push(cycle);
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    found
}

/// `edges` in Yen's order: rank the nodes by a depth-first search (reverse postorder, so a
/// group without cycles comes out in topological order), then the edges that go up in rank by
/// their tail's rank, then those that go down, by their tail's rank descending.
fn in_sweep_order(n: usize, edges: &[Edge], local: &HashMap<usize, usize>) -> Vec<Edge> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        out[local[&e.from]].push(local[&e.to]);
    }
    let mut seen = vec![false; n];
    let mut post = Vec::with_capacity(n);
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        // (node, index of its next out-edge to follow)
        let mut stack = vec![(root, 0usize)];
        while let Some((u, i)) = stack.last_mut() {
            if let Some(&v) = out[*u].get(*i) {
                *i += 1;
                if !seen[v] {
                    seen[v] = true;
                    stack.push((v, 0));
                }
            } else {
                post.push(*u);
                stack.pop();
            }
        }
    }
    let mut rank = vec![0usize; n];
    for (r, &u) in post.iter().rev().enumerate() {
        rank[u] = r;
    }
    let ranked = edges.iter().map(|e| (rank[local[&e.from]], rank[local[&e.to]], *e));
    let (mut up, mut down): (Vec<_>, Vec<_>) = ranked.partition(|&(a, b, _)| a < b);
    // Stable sorts: edges of one tail keep the file's order.
    up.sort_by_key(|&(a, _, _)| a);
    down.sort_by_key(|&(a, _, _)| std::cmp::Reverse(a));
    up.into_iter().chain(down).map(|(_, _, e)| e).collect()
}

/// One `unsatisfiable_links` per visit of the cycle not reported before.
fn report(cx: &Context, cycle: &[Edge], reported: &mut [bool], f: &mut Findings) {
    let visits = &cx.p.visits;
    let name = |i: usize| visits.get(i).map_or("?", |v| v.id.as_str());
    let mut names: Vec<&str> = cycle.iter().map(|e| name(e.from)).collect();
    if let Some(e) = cycle.first() {
        names.push(name(e.from));
    }
    let steps: Vec<String> = cycle
        .iter()
        .map(|e| {
            let (a, b) = (name(e.from), name(e.to));
            let by = name(e.owner);
            if e.weight >= 0 {
                format!("{b:?} starts at least {} min after {a:?} (link on {by:?})", e.weight)
            } else {
                format!("{b:?} starts at most {} min before {a:?} (link on {by:?})", -e.weight)
            }
        })
        .collect();
    let gain: i64 = cycle.iter().map(|e| e.weight).fold(0, i64::saturating_add);
    let message = format!(
        "the links of visits {} cannot all be met: {}; going round, a visit would start {gain} min after itself",
        names.join(" → "),
        steps.join(", ")
    );
    for e in cycle {
        if let Some(done) = reported.get_mut(e.from) {
            if !*done {
                *done = true;
                f.error(format!("$.visits[{}].links", e.from), Some(name(e.from)), "unsatisfiable_links", &message);
            }
        }
    }
}

/// Warn about link `j` of visit `a` (to visit `b`) when the visits' own start ranges cannot
/// meet it.
fn window_conflict(cx: &Context, week: &Week, (a, va): (usize, &Visit), (j, b): (usize, usize), f: &mut Findings) {
    let Some(vb) = cx.p.visits.get(b) else { return };
    let Some(link) = va.links.get(j) else { return };
    let (Some((a_lo, a_hi)), Some((b_lo, b_hi))) = (start_range(cx, week, va), start_range(cx, week, vb)) else {
        return;
    };
    // The gaps start(b) − start(a) that the two ranges allow.
    let (gap_lo, gap_hi) = (b_lo - a_hi, b_hi - a_lo);
    let min = i64::from(link.min_gap_min);
    let too_close = gap_hi < min * MINUTE;
    let too_far = link.max_gap_min.is_some_and(|max| gap_lo > i64::from(max) * MINUTE);
    let (gap_lo, gap_hi) = (gap_lo.div_euclid(MINUTE), gap_hi.div_euclid(MINUTE));
    if too_close || too_far {
        let wanted = match link.max_gap_min {
            Some(max) => format!("between {min} and {max} min"),
            None => format!("at least {min} min"),
        };
        f.warning(
            format!("$.visits[{a}].links[{j}]"),
            Some(&va.id),
            "link_window_conflict",
            format!(
                "visit {:?} must start {wanted} after visit {:?}, but their dates, targets and windows allow \
                 only {gap_lo} to {gap_hi} min",
                vb.id, va.id
            ),
        );
    }
}

/// The ticks of the week a visit may start in: its explicit window, or its target within the
/// profile's punctuality tolerance (a start must be strictly less than the tolerance away),
/// narrowed to the time-critical tolerance if it is time-critical. `None` when unknown or empty.
fn start_range(cx: &Context, week: &Week, v: &Visit) -> Option<(i64, i64)> {
    let profile: &ContractProfile = cx.profile_of_client(&v.client)?;
    let day = week.tick_of_week(v.date, ClockTime::hm(0, 0))?;
    let target = day + v.start.ticks();
    let (mut lo, mut hi) = match &v.window_hull() {
        Some(w) => (day + w.earliest.ticks(), day + w.latest.ticks()),
        None => {
            let slack = (i64::from(profile.punctuality_tolerance_min) - 1).max(0) * MINUTE;
            (target - slack, target + slack)
        }
    };
    if v.time_critical {
        let tc = i64::from(profile.time_critical_tolerance_min).max(0) * MINUTE;
        lo = lo.max(target - tc);
        hi = hi.min(target + tc);
    }
    (lo <= hi).then_some((lo, hi))
}
