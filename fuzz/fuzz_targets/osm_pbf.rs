//! The OpenStreetMap `.osm.pbf` reader and what builds a road network from it (`"travel":
//! {"kind": "road_network"}`): no input may panic or run out of memory; an error names the
//! file. An accepted extract builds each mode's network and a travel matrix between a few
//! places at and near its nodes (snapping, shortest paths).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::model::{Location, TravelMode};
use rota::travel::road::{read_pbf_from, RoadNetwork};
use rota::travel::TravelProvider;
use std::io::Cursor;

fuzz_target!(|data: &[u8]| {
    match read_pbf_from(Cursor::new(data), "fuzz.osm.pbf") {
        Ok(osm) => {
            let mut ids: Vec<i64> = osm.nodes.keys().copied().collect();
            ids.sort_unstable();
            let mut places: Vec<Location> =
                ids.iter().take(3).map(|id| osm.nodes[id]).map(|(lat, lon)| Location::geo(lat, lon)).collect();
            places.push(Location::geo(50.70, -1.29));
            let roads = RoadNetwork::from_osm(osm);
            for mode in TravelMode::ALL {
                let _ = roads.matrix(&places, mode);
            }
        }
        Err(e) => assert!(e.contains("fuzz.osm.pbf"), "{e}"),
    }
});
