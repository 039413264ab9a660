//! The on-disk cache of road-network matrices.
//!
//! A matrix is stored as `road-<mode>-<key>.json` in the cache folder (by default
//! `.rota-cache/` beside the problem file). The key is a 64-bit FNV-1a hash of the extract's
//! size and modification time, the mode, the provider's settings (access time, snapping
//! limit, model version) and every place's coordinates, so a changed extract or place set
//! misses and is rebuilt. A hit needs no reading of the extract at all.
//!
//! A cache file is written atomically ([`crate::format::write_atomic`]), so a crash never
//! leaves half of one. A file that is unsound all the same (truncated or garbled by something
//! else, of another cache format, under the wrong key, or whose numbers do not match the
//! checksum stored with them) is reported as [`Lookup::Unsound`], and the matrix is rebuilt
//! from the extract and stored again.

use crate::model::{Location, TravelMode};
use crate::travel::Matrix;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bump when the way rules or speeds change, so old cache files miss.
const MODEL_VERSION: &str = "rota-road-1";

/// The layout of a cache file ([`Entry`]); a file of another layout is rebuilt.
pub const FORMAT: u32 = 2;

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
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The cache file layout, [`FORMAT`].
    pub format: u32,
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
    /// FNV-1a hash of everything above, as 16 hex digits ([`Entry::checksum`]).
    pub checksum: String,
}

impl Entry {
    /// A sound entry: the current [`FORMAT`] and the checksum of its contents.
    pub fn new(key: String, n: usize, ticks: Vec<i64>, metres: Vec<u32>, snap_max_m: f64, snap_mean_m: f64) -> Entry {
        let mut e = Entry { format: FORMAT, key, n, ticks, metres, snap_max_m, snap_mean_m, checksum: String::new() };
        e.checksum = e.checksum();
        e
    }

    /// The checksum of the entry's contents (all but the stored checksum).
    pub fn checksum(&self) -> String {
        let mut h = Fnv::new();
        h.u64(self.format as u64);
        h.bytes(self.key.as_bytes());
        h.u64(self.n as u64);
        for &t in &self.ticks {
            h.u64(t as u64);
        }
        for &m in &self.metres {
            h.u64(m as u64);
        }
        // To the millimetre: JSON does not promise to give back a float's last bit.
        for m in [self.snap_max_m, self.snap_mean_m] {
            h.u64((m * 1000.0).round() as i64 as u64);
        }
        format!("{:016x}", h.0)
    }

    /// Why the entry cannot be used under `key`, if it cannot.
    fn fault(&self, key: &str) -> Option<String> {
        if self.format != FORMAT {
            return Some(format!("cache format {}, not {FORMAT}", self.format));
        }
        if self.key != key {
            return Some(format!("stored under key {}, not {key}", self.key));
        }
        if self.n.checked_mul(self.n).is_none_or(|nn| self.ticks.len() != nn || self.metres.len() != nn) {
            return Some(format!(
                "{} times and {} distances for {} places",
                self.ticks.len(),
                self.metres.len(),
                self.n
            ));
        }
        if self.checksum != self.checksum() {
            return Some("its numbers do not match its checksum".into());
        }
        if self.ticks.iter().any(|&t| t < 0) {
            return Some("a negative travel time".into());
        }
        None
    }
}

/// What the cache holds under a key.
pub enum Lookup {
    /// A sound entry, as a matrix and the entry it came from.
    Hit(Matrix, Entry),
    /// No file under the key (or none readable).
    Miss,
    /// A file under the key that cannot be used, and why.
    Unsound(String),
}

/// The cache file of a key.
pub fn path(dir: &Path, mode: TravelMode, key: &str) -> PathBuf {
    dir.join(format!("road-{}-{key}.json", mode.name()))
}

/// The cached entry under `key`: a sound one, none, or an unsound file and why.
pub fn load(dir: &Path, mode: TravelMode, key: &str) -> Lookup {
    let Ok(text) = std::fs::read(path(dir, mode, key)) else { return Lookup::Miss };
    let e: Entry = match serde_json::from_slice(&text) {
        Ok(e) => e,
        Err(err) => return Lookup::Unsound(format!("not a cache entry: {err}")),
    };
    match e.fault(key) {
        Some(why) => Lookup::Unsound(why),
        None => Lookup::Hit(Matrix::new(e.n, e.ticks.clone(), e.metres.clone()), e),
    }
}

/// Store an entry, atomically; a cache that cannot be written is reported, not fatal.
pub fn store(dir: &Path, mode: TravelMode, entry: &Entry) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create cache folder {}: {e}", dir.display()))?;
    let p = path(dir, mode, &entry.key);
    crate::format::write_atomic_with(&p, |w| Ok(serde_json::to_writer(w, entry)?))
        .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    Ok(p)
}
