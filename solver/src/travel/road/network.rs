//! The road graph of one travel mode, as a petgraph CSR graph.
//!
//! Nodes are the OSM nodes used by the ways the mode may travel; each consecutive pair of a
//! way's nodes gives one directed edge per allowed direction, weighted by travel time
//! (milliseconds at the way's speed) and length (metres, great-circle). Only the largest
//! strongly connected component is *routable*: places snap only to its nodes, so every place
//! can reach every other (islands such as a private car park with no mapped way out are left
//! out).

use super::osm::OsmData;
use super::speeds;
use crate::model::Location;
use crate::model::TravelMode;
use crate::travel::distance::haversine_m;
use petgraph::csr::Csr;
use std::collections::HashMap;

/// Cost of one directed edge.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EdgeCost {
    /// Travel time, milliseconds.
    pub ms: u32,
    /// Length, metres.
    pub metres: f32,
}

/// The graph type: CSR with `u32` node indices.
pub type Graph = Csr<(), EdgeCost, petgraph::Directed, u32>;

/// One mode's road network.
pub struct Network {
    /// The mode.
    pub mode: TravelMode,
    /// The directed graph.
    pub graph: Graph,
    /// (lat, lon) of each node.
    pub coords: Vec<(f64, f64)>,
    /// OSM id of each node.
    pub osm_ids: Vec<i64>,
    /// Whether each node is in the largest strongly connected component.
    pub routable: Vec<bool>,
}

impl Network {
    /// Build the network of `mode` from OSM ways and nodes. Fails if the mode can use no way.
    pub fn build(data: &OsmData, mode: TravelMode) -> Result<Network, String> {
        let mut index: HashMap<i64, u32> = HashMap::new();
        let mut coords = Vec::new();
        let mut osm_ids = Vec::new();
        let mut edges: Vec<(u32, u32, EdgeCost)> = Vec::new();
        let mut node = |id: i64, coords: &mut Vec<(f64, f64)>, osm_ids: &mut Vec<i64>| -> Option<u32> {
            let &(lat, lon) = data.nodes.get(&id)?;
            Some(*index.entry(id).or_insert_with(|| {
                coords.push((lat, lon));
                osm_ids.push(id);
                (coords.len() - 1) as u32
            }))
        };
        for way in &data.ways {
            let Some(rule) = speeds::rule(way, mode) else { continue };
            for pair in way.nodes.windows(2) {
                let (Some(a), Some(b)) =
                    (node(pair[0], &mut coords, &mut osm_ids), node(pair[1], &mut coords, &mut osm_ids))
                else {
                    continue;
                };
                if a == b {
                    continue;
                }
                let (la, lb) = (coords[a as usize], coords[b as usize]);
                let m = haversine_m(Location::geo(la.0, la.1), Location::geo(lb.0, lb.1));
                let cost =
                    |kmh: f64| EdgeCost { ms: (m / (kmh / 3.6) * 1000.0).round().max(1.0) as u32, metres: m as f32 };
                if let Some(kmh) = rule.forward {
                    edges.push((a, b, cost(kmh)));
                }
                if let Some(kmh) = rule.backward {
                    edges.push((b, a, cost(kmh)));
                }
            }
        }
        if edges.is_empty() {
            return Err(format!("the road network has no way open to mode `{}`", mode.name()));
        }
        edges.sort_by_key(|&(a, b, c)| (a, b, c.ms));
        // Keep the fastest of parallel edges.
        edges.dedup_by_key(|&mut (a, b, _)| (a, b));
        let n = coords.len();
        let mut graph: Graph = Csr::from_sorted_edges(&edges).map_err(|_| "edges not sorted".to_string())?;
        while graph.node_count() < n {
            graph.add_node(());
        }
        let mut routable = vec![false; n];
        if let Some(largest) = petgraph::algo::tarjan_scc(&graph).into_iter().max_by_key(|c| c.len()) {
            for v in largest {
                routable[v as usize] = true;
            }
        }
        Ok(Network { mode, graph, coords, osm_ids, routable })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.coords.len()
    }

    /// Number of directed edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of routable nodes (the largest strongly connected component).
    pub fn routable_count(&self) -> usize {
        self.routable.iter().filter(|&&r| r).count()
    }
}
