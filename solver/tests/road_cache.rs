//! The road-network cache survives damage: a truncated, garbled, altered or outdated cache file
//! is detected, the matrix is rebuilt from the extract, and the file is stored sound again.
//! Uses the Isle of Wight extract shipped in `datasets/isle-of-wight`.

use rota::model::{Location, TravelMode};
use rota::travel::{RoadNetwork, TravelProvider};
use std::path::{Path, PathBuf};

fn extract() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/isle-of-wight/isle-of-wight-2020-04-22.osm.pbf")
}

/// Newport, Ryde and Cowes town centres.
fn places() -> Vec<Location> {
    vec![Location::geo(50.7007, -1.2925), Location::geo(50.7296, -1.1617), Location::geo(50.7627, -1.2979)]
}

fn the_cache_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one cache file and no temporary file: {files:?}");
    files.into_iter().next().unwrap()
}

#[test]
fn an_unsound_cache_file_is_detected_rebuilt_and_stored_again() {
    let cache = std::env::temp_dir().join(format!("rota-road-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let roads = RoadNetwork::from_file(extract()).with_cache_dir(&cache);
    let sound = roads.matrix(&places(), TravelMode::Car).unwrap();
    let first = roads.reports().pop().unwrap();
    assert!(!first.from_cache && first.cache_unsound.is_none(), "{first:?}");
    let file = the_cache_file(&cache);
    let good = std::fs::read_to_string(&file).unwrap();
    assert_eq!(roads.matrix(&places(), TravelMode::Car).unwrap(), sound);
    let second = roads.reports().pop().unwrap();
    assert!(second.from_cache, "{second:?}");

    // The first travel time, altered but still valid JSON: only the checksum shows it.
    let at = good.find("\"ticks\":[").unwrap() + "\"ticks\":[".len();
    let altered = format!("{}9{}", &good[..at], &good[at..]);
    let damage: [(&str, String, &str); 5] = [
        ("truncated", good[..good.len() / 2].to_string(), "not a cache entry"),
        ("garbled", "\u{0}\u{1}garbage{{".to_string(), "not a cache entry"),
        ("empty", String::new(), "not a cache entry"),
        ("altered", altered, "checksum"),
        ("another format", good.replace("\"format\":2", "\"format\":1"), "cache format 1"),
    ];
    for (what, text, why) in damage {
        std::fs::write(&file, &text).unwrap();
        let m = roads.matrix(&places(), TravelMode::Car).unwrap();
        assert_eq!(m, sound, "{what}");
        let r = roads.reports().pop().unwrap();
        assert!(!r.from_cache, "{what}: {r:?}");
        let unsound = r.cache_unsound.clone().unwrap_or_default();
        assert!(unsound.contains(why), "{what}: {unsound}");
        assert!(r.to_string().contains("was rebuilt"), "{r}");
        // Stored sound again: the next lookup reads it.
        assert_eq!(std::fs::read_to_string(the_cache_file(&cache)).unwrap(), good, "{what}");
        assert_eq!(roads.matrix(&places(), TravelMode::Car).unwrap(), sound);
        assert!(roads.reports().pop().unwrap().from_cache, "{what}");
    }
    std::fs::remove_dir_all(&cache).unwrap();
}
