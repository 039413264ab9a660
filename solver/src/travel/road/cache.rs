//! The on-disk cache of road-network matrices.
//!
//! A matrix is stored as `road-<mode>-<key>.json` in the cache folder (by default
//! `.rota-cache/` beside the problem file). The key is a 64-bit FNV-1a hash of the extract's
//! size and modification time, the mode, the provider's settings (access time, snapping
//! limit, model version) and every place's coordinates, so a changed extract or place set
//! misses and is rebuilt. A hit needs no reading of the extract at all.

use crate::model::{Location, TravelMode};
use crate::travel::Matrix;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bump when the way rules or speeds change, so old cache files miss.
const MODEL_VERSION: &str = "rota-road-1";

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
}

/// The cache key of one matrix.
pub fn key(extract: &Path, mode: TravelMode, settings: &[f64], places: &[Location]) -> Result<String, String> {
    let meta =
        std::fs::metadata(extract).map_err(|e| format!("cannot read the road network {}: {e}", extract.display()))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    let mut h = Fnv::new();
    h.bytes(MODEL_VERSION.as_bytes());
    h.u64(meta.len());
    h.u64(mtime);
    h.bytes(mode.name().as_bytes());
    for s in settings {
        h.u64(s.to_bits());
    }
    h.u64(places.len() as u64);
    for p in places {
        let (a, b, tag) = match *p {
            Location::Geo { lat, lon } => (lat, lon, 0),
            Location::Planar { x, y } => (x, y, 1),
        };
        h.u64(tag);
        h.u64(a.to_bits());
        h.u64(b.to_bits());
    }
    Ok(format!("{:016x}", h.0))
}

/// What a cache file holds.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    /// The key it was stored under.
    pub key: String,
    /// Number of places.
    pub n: usize,
    /// Row-major travel times, ticks.
    pub ticks: Vec<i64>,
    /// Row-major metres.
    pub metres: Vec<u32>,
    /// Largest snapping distance, metres.
    pub snap_max_m: f64,
    /// Mean snapping distance, metres.
    pub snap_mean_m: f64,
}

/// The cache file of a key.
pub fn path(dir: &Path, mode: TravelMode, key: &str) -> PathBuf {
    dir.join(format!("road-{}-{key}.json", mode.name()))
}

/// The cached entry under `key`, if there is a sound one.
pub fn load(dir: &Path, mode: TravelMode, key: &str) -> Option<(Matrix, Entry)> {
    let text = std::fs::read(path(dir, mode, key)).ok()?;
    let e: Entry = serde_json::from_slice(&text).ok()?;
    let ok = e.key == key && e.ticks.len() == e.n * e.n && e.metres.len() == e.n * e.n;
    ok.then(|| (Matrix::new(e.n, e.ticks.clone(), e.metres.clone()), e))
}

/// Store an entry; a cache that cannot be written is reported, not fatal.
pub fn store(dir: &Path, mode: TravelMode, entry: &Entry) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create cache folder {}: {e}", dir.display()))?;
    let p = path(dir, mode, &entry.key);
    let tmp = p.with_extension("json.tmp");
    let text = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &p).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    Ok(p)
}
