//! Clusters from MSOAs: adjacency from shared borders, clusters per district, and the split of a
//! district into contiguous clusters of about equal 65+ population.
//!
//! The rules (also in `docs/county.md`):
//! 1. **Adjacency.** Two MSOAs are adjacent when their boundaries share at least one edge
//!    (the same two consecutive vertices, at the files' 5-decimal precision; ONS boundaries of
//!    one release share their vertices along common borders). A district whose MSOAs would
//!    not form one connected graph (an island) is joined by adding, between the part holding
//!    its first MSOA and the nearest other part, the edge between the two nearest centroids,
//!    until it is connected; such an edge is reported as a bridge.
//! 2. **Clusters per district.** Every district gets one cluster; each further cluster goes to
//!    the district with the largest 65+ population per cluster it has so far, among those with
//!    fewer than three (ties: the lower district code). This is the D'Hondt rule on 65+
//!    residents, capped at three clusters a district.
//! 3. **Splitting a district into k clusters.** k−1 times: take the remaining MSOAs' 65+
//!    population divided by the clusters still to make as the target; start from the remaining
//!    MSOA whose centroid is farthest from the remaining MSOAs' 65+-weighted centroid (ties:
//!    lower code), among those whose removal leaves the rest connected; grow by adding the
//!    adjacent remaining MSOA nearest to the start (ties: lower code) whose removal also leaves
//!    the rest connected, while adding it brings the cluster's 65+ population closer to the
//!    target. The MSOAs left over form the last cluster. Every cluster is therefore connected,
//!    and so is the rest at every step.

use crate::distance_m;
use crate::geodata::Msoa;
use geo::{Coord, Point};
use std::collections::{BTreeMap, BTreeSet};

/// MSOA adjacency: for each MSOA (by index), the adjacent ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Adjacency {
    /// Neighbours of each MSOA, sorted.
    pub neighbours: Vec<BTreeSet<usize>>,
    /// Edges added to join a district's disconnected parts, as (a, b) with a < b.
    pub bridges: Vec<(usize, usize)>,
}

/// A vertex at the files' 5-decimal precision.
type Vertex = (i64, i64);

/// The vertex of a coordinate.
fn key(c: Coord<f64>) -> Vertex {
    ((c.x * 1e5).round() as i64, (c.y * 1e5).round() as i64)
}

/// Adjacency from shared edges, then each district joined up (rule 1).
pub fn adjacency(msoas: &[Msoa]) -> Adjacency {
    let mut edges: BTreeMap<(Vertex, Vertex), BTreeSet<usize>> = BTreeMap::new();
    for (i, m) in msoas.iter().enumerate() {
        for polygon in &m.shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for line in ring.lines() {
                    let (a, b) = (key(line.start), key(line.end));
                    if a != b {
                        edges.entry((a.min(b), a.max(b))).or_default().insert(i);
                    }
                }
            }
        }
    }
    let mut neighbours = vec![BTreeSet::new(); msoas.len()];
    for owners in edges.values() {
        for &a in owners {
            for &b in owners {
                if a != b {
                    neighbours[a].insert(b);
                }
            }
        }
    }
    let mut adjacency = Adjacency { neighbours, bridges: Vec::new() };
    let districts: BTreeSet<&str> = msoas.iter().map(|m| m.district.as_str()).collect();
    for d in districts {
        let members: Vec<usize> = (0..msoas.len()).filter(|&i| msoas[i].district == d).collect();
        join_up(msoas, &members, &mut adjacency);
    }
    adjacency
}

/// Add bridge edges until `members` are connected.
fn join_up(msoas: &[Msoa], members: &[usize], adjacency: &mut Adjacency) {
    loop {
        let set: BTreeSet<usize> = members.iter().copied().collect();
        let part = component(&adjacency.neighbours, &set, members[0]);
        if part.len() == set.len() {
            return;
        }
        let best = part
            .iter()
            .flat_map(|&a| set.difference(&part).map(move |&b| (a, b)))
            .map(|(a, b)| (distance_m(msoas[a].centroid, msoas[b].centroid), a.min(b), a.max(b)))
            .min_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))))
            .expect("two parts");
        adjacency.neighbours[best.1].insert(best.2);
        adjacency.neighbours[best.2].insert(best.1);
        adjacency.bridges.push((best.1, best.2));
    }
}

/// The members of `set` reachable from `start` inside `set`.
pub fn component(neighbours: &[BTreeSet<usize>], set: &BTreeSet<usize>, start: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::from([start]);
    let mut stack = vec![start];
    while let Some(x) = stack.pop() {
        for &y in &neighbours[x] {
            if set.contains(&y) && seen.insert(y) {
                stack.push(y);
            }
        }
    }
    seen
}

/// Whether `set` is connected (an empty set is).
pub fn connected(neighbours: &[BTreeSet<usize>], set: &BTreeSet<usize>) -> bool {
    set.first().is_none_or(|&s| component(neighbours, set, s).len() == set.len())
}

/// Clusters per district (rule 2), for districts with these 65+ populations, in order.
pub fn allocate(weights: &[f64], clusters: usize) -> Result<Vec<usize>, String> {
    let n = weights.len();
    if clusters < n || clusters > 3 * n {
        return Err(format!(
            "{clusters} clusters cannot nest in {n} districts at one to three a district (choose {n} to {})",
            3 * n
        ));
    }
    let mut k = vec![1usize; n];
    for _ in n..clusters {
        let next = (0..n)
            .filter(|&d| k[d] < 3)
            .max_by(|&a, &b| (weights[a] / k[a] as f64).total_cmp(&(weights[b] / k[b] as f64)).then(b.cmp(&a)))
            .expect("clusters ≤ 3 × districts");
        k[next] += 1;
    }
    Ok(k)
}

/// Split `members` (MSOA indices of one connected district, sorted) into `k` connected parts
/// of about equal 65+ population (rule 3).
pub fn split(msoas: &[Msoa], neighbours: &[BTreeSet<usize>], members: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut rest: BTreeSet<usize> = members.iter().copied().collect();
    let weight = |s: &BTreeSet<usize>| s.iter().map(|&i| msoas[i].age65).sum::<f64>();
    let mut parts = Vec::new();
    for made in 0..k.saturating_sub(1) {
        if rest.len() < 2 {
            break;
        }
        let target = weight(&rest) / (k - made) as f64;
        // Removing `i` from `rest` (with `part` gone already) leaves the rest connected.
        let keeps = |part: &BTreeSet<usize>, i: usize| {
            let left: BTreeSet<usize> = rest.iter().copied().filter(|&j| j != i && !part.contains(&j)).collect();
            !left.is_empty() && connected(neighbours, &left)
        };
        let centre = weighted_centre(msoas, &rest);
        let empty = BTreeSet::new();
        let Some(seed) = rest.iter().copied().filter(|&i| keeps(&empty, i)).max_by(|&a, &b| {
            let (da, db) = (distance_m(msoas[a].centroid, centre), distance_m(msoas[b].centroid, centre));
            da.total_cmp(&db).then(b.cmp(&a))
        }) else {
            break;
        };
        let mut part = BTreeSet::from([seed]);
        let mut w = msoas[seed].age65;
        loop {
            let next = rest
                .iter()
                .copied()
                .filter(|i| !part.contains(i) && part.iter().any(|p| neighbours[*p].contains(i)))
                .filter(|&i| keeps(&part, i))
                .min_by(|&a, &b| {
                    let (c, s) = (|i: usize| msoas[i].centroid, msoas[seed].centroid);
                    distance_m(c(a), s).total_cmp(&distance_m(c(b), s)).then(a.cmp(&b))
                });
            match next {
                Some(i) if (w + msoas[i].age65 - target).abs() < (w - target).abs() => {
                    w += msoas[i].age65;
                    part.insert(i);
                }
                _ => break,
            }
        }
        rest.retain(|i| !part.contains(i));
        parts.push(part.into_iter().collect());
    }
    parts.push(rest.into_iter().collect());
    parts
}

/// The 65+-weighted mean of the centroids of `set` (plain mean if it has no 65+ residents).
fn weighted_centre(msoas: &[Msoa], set: &BTreeSet<usize>) -> Point<f64> {
    let total: f64 = set.iter().map(|&i| msoas[i].age65).sum();
    let w = |i: usize| if total > 0.0 { msoas[i].age65 / total } else { 1.0 / set.len() as f64 };
    let x = set.iter().map(|&i| w(i) * msoas[i].centroid.x()).sum();
    let y = set.iter().map(|&i| w(i) * msoas[i].centroid.y()).sum();
    Point::new(x, y)
}
