//! Snapping places to the nearest routable node of a network.
//!
//! Nodes go into an `rstar` R-tree as points on the unit sphere, so the nearest by straight
//! line is the nearest by great-circle distance anywhere on Earth. A place farther than the
//! limit from every routable node is an error naming the place.

use super::network::Network;
use crate::model::Location;
use crate::travel::distance::haversine_m;
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// The default snapping limit, metres.
pub const DEFAULT_SNAP_LIMIT_M: f64 = 1000.0;

type Point = GeomWithData<[f64; 3], u32>;

fn unit(lat: f64, lon: f64) -> [f64; 3] {
    let (la, lo) = (lat.to_radians(), lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

/// An R-tree over a network's routable nodes.
pub struct Snapper {
    tree: RTree<Point>,
}

/// Where a place snapped to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    /// The node.
    pub node: u32,
    /// Great-circle metres from the place to the node.
    pub metres: f64,
}

impl Snapper {
    /// The R-tree of `net`'s routable nodes.
    pub fn new(net: &Network) -> Snapper {
        let points = net
            .coords
            .iter()
            .enumerate()
            .filter(|(i, _)| net.routable[*i])
            .map(|(i, &(lat, lon))| Point::new(unit(lat, lon), i as u32))
            .collect();
        Snapper { tree: RTree::bulk_load(points) }
    }

    /// The nearest routable node to `loc`, or `None` for a place not on the map (planar) or an
    /// empty network.
    pub fn nearest(&self, net: &Network, loc: Location) -> Option<Snap> {
        let Location::Geo { lat, lon } = loc else { return None };
        let p = self.tree.nearest_neighbor(&unit(lat, lon))?;
        let (nl, no) = net.coords[p.data as usize];
        Some(Snap { node: p.data, metres: haversine_m(loc, Location::geo(nl, no)) })
    }
}
