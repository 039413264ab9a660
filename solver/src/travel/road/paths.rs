//! Many-to-many fastest paths: one Dijkstra search from each source, in parallel with rayon.
//!
//! Each search stops once every target is settled. Along the fastest path it also adds up the
//! metres, so both time and distance come from the same route.

use super::network::Network;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The fastest time (ms) and its length (metres) from one node to another, `None` if
/// unreachable.
pub type Cost = Option<(u64, f64)>;

/// Fastest path from `source` to each of `targets`.
pub fn one_to_many(net: &Network, source: u32, targets: &[u32]) -> Vec<Cost> {
    let n = net.node_count();
    let mut time = vec![u64::MAX; n];
    let mut metres = vec![0.0f64; n];
    let mut done = vec![false; n];
    let mut wanted = vec![false; n];
    let mut left = 0usize;
    for &t in targets {
        if !wanted[t as usize] {
            wanted[t as usize] = true;
            left += 1;
        }
    }
    let mut heap = BinaryHeap::new();
    time[source as usize] = 0;
    heap.push(Reverse((0u64, source)));
    while let Some(Reverse((t, u))) = heap.pop() {
        let ui = u as usize;
        if done[ui] || t > time[ui] {
            continue;
        }
        done[ui] = true;
        if wanted[ui] {
            left -= 1;
            if left == 0 {
                break;
            }
        }
        for e in net.graph.edges(u) {
            let v = e.target() as usize;
            let w = e.weight();
            let nt = t + w.ms as u64;
            if nt < time[v] {
                time[v] = nt;
                metres[v] = metres[ui] + w.metres as f64;
                heap.push(Reverse((nt, v as u32)));
            }
        }
    }
    targets.iter().map(|&t| done[t as usize].then(|| (time[t as usize], metres[t as usize]))).collect()
}

/// Fastest paths between every source and every target: row `i` holds the costs from
/// `sources[i]`. Searches run in parallel, one per distinct source.
pub fn many_to_many(net: &Network, sources: &[u32], targets: &[u32]) -> Vec<Vec<Cost>> {
    let mut distinct: Vec<u32> = sources.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let rows: Vec<Vec<Cost>> = distinct.par_iter().map(|&s| one_to_many(net, s, targets)).collect();
    sources.iter().map(|s| rows[distinct.binary_search(s).expect("a source of the list")].clone()).collect()
}
