//! The shipped Kent geodata a county is built from: MSOA (2021) polygons, Census 2021 65+
//! residents by LSOA (2021) and the residential postcodes.
//!
//! The files are those of `datasets/geodata/` (see its `SOURCE.txt`):
//! - `boundaries/kent_msoa21.geojson.gz`: one feature per MSOA with `code`, `name`, `lad_code`;
//! - `lsoa/census2021_lsoa21_kent.csv`: `lsoa21cd,lsoa21nm,lad_code,total,age_65_plus`;
//! - `postcodes/kent.csv.gz`: `postcode,lat,lon,lad_code,ward_code,ward_name,lsoa11cd,...`.
//!
//! An LSOA (2021) lies in the MSOA (2021) whose name is the LSOA's name without its final
//! letter (`Ashford 001A` in `Ashford 001`): ONS names them so, and a test checks it against
//! the polygons.

use crate::CountyError;
use geo::{BoundingRect, Centroid, Contains, MultiPolygon, Point, Rect};
use rota::generate::Postcode;
use rota::model::Location;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Medway's district code: a unitary authority, not one of Kent County Council's districts.
pub const MEDWAY: &str = "E06000035";

/// The MSOA boundary file, under the geodata folder.
pub const MSOA_FILE: &str = "boundaries/kent_msoa21.geojson.gz";
/// The Census 2021 LSOA file, under the geodata folder.
pub const CENSUS_FILE: &str = "lsoa/census2021_lsoa21_kent.csv";
/// The postcode file, under the geodata folder.
pub const POSTCODE_FILE: &str = "postcodes/kent.csv.gz";

/// A middle layer super output area (2021) with its Census 2021 residents.
#[derive(Clone, Debug)]
pub struct Msoa {
    /// ONS code, e.g. `E02005001`.
    pub code: String,
    /// ONS name, e.g. `Ashford 001`.
    pub name: String,
    /// The district (local authority) code.
    pub district: String,
    /// The boundary (WGS84 longitude, latitude).
    pub shape: MultiPolygon<f64>,
    /// Its bounding box, for quick point tests.
    pub bbox: Rect<f64>,
    /// The centroid of the boundary.
    pub centroid: Point<f64>,
    /// Residents aged 65 and over (Census 2021, the sum over its LSOAs).
    pub age65: f64,
    /// All residents (Census 2021).
    pub residents: f64,
}

/// A residential postcode with its district.
#[derive(Clone, Debug)]
pub struct CountyPostcode {
    /// The postcode as the generator reads it.
    pub postcode: Postcode,
    /// The district code.
    pub district: String,
    /// The position as a point (longitude, latitude).
    pub point: Point<f64>,
}

/// The geodata of an area.
#[derive(Clone, Debug)]
pub struct Geodata {
    /// MSOAs of the chosen districts, sorted by code.
    pub msoas: Vec<Msoa>,
    /// Residential postcodes of the chosen districts, in file order.
    pub postcodes: Vec<CountyPostcode>,
}

impl Geodata {
    /// Read the geodata under `dir` (a `datasets/geodata` folder), keeping the districts for
    /// which `keep` is true. Every error in the files is reported together.
    pub fn load(dir: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Geodata, CountyError> {
        let mut msoas = read_msoas(&dir.join(MSOA_FILE))?;
        msoas.retain(|m| keep(&m.district));
        msoas.sort_by(|a, b| a.code.cmp(&b.code));
        add_census(&mut msoas, &dir.join(CENSUS_FILE), keep)?;
        let mut postcodes = read_postcodes(&dir.join(POSTCODE_FILE))?;
        postcodes.retain(|p| keep(&p.district));
        Ok(Geodata { msoas, postcodes })
    }

    /// The district codes, sorted, with the district's name (its MSOA names without the number).
    pub fn districts(&self) -> Vec<(String, String)> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for m in &self.msoas {
            let name = m.name.rsplit_once(' ').map_or(m.name.as_str(), |(n, _)| n).to_string();
            out.entry(m.district.clone()).or_insert(name);
        }
        out.into_iter().collect()
    }

    /// The MSOA holding each postcode: the one whose polygon contains it, else (a postcode on
    /// the coast, outside the generalised boundary) the MSOA of the same district with the
    /// nearest centroid. `None` only when its district has no MSOA here.
    pub fn postcode_msoas(&self) -> Vec<Option<usize>> {
        self.postcodes
            .iter()
            .map(|p| {
                let point = p.point;
                let inside = self
                    .msoas
                    .iter()
                    .position(|m| m.district == p.district && m.bbox.contains(&point) && m.shape.contains(&point));
                inside.or_else(|| nearest_in_district(&self.msoas, &p.district, point))
            })
            .collect()
    }
}

fn nearest_in_district(msoas: &[Msoa], district: &str, at: Point<f64>) -> Option<usize> {
    msoas
        .iter()
        .enumerate()
        .filter(|(_, m)| m.district == district)
        .map(|(i, m)| (crate::distance_m(m.centroid, at), i))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, i)| i)
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> CountyError {
    CountyError::Io { path: path.to_path_buf(), message: e.to_string() }
}

fn data_error(path: &Path, errors: Vec<String>) -> CountyError {
    CountyError::Data { path: path.to_path_buf(), errors }
}

/// Open a file, through gzip when its name ends in `.gz`.
fn open(path: &Path) -> Result<Box<dyn Read>, CountyError> {
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let reader = std::io::BufReader::new(file);
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    })
}

/// A Polygon or MultiPolygon geometry as a multipolygon.
pub fn multipolygon(value: &geojson::GeometryValue) -> Result<MultiPolygon<f64>, String> {
    match geo::Geometry::<f64>::try_from(value).map_err(|e| e.to_string())? {
        geo::Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
        geo::Geometry::MultiPolygon(m) => Ok(m),
        _ => Err("not a Polygon or MultiPolygon".into()),
    }
}

/// Read the MSOA boundaries (Census figures zero until [`add_census`]).
fn read_msoas(path: &Path) -> Result<Vec<Msoa>, CountyError> {
    let mut text = String::new();
    open(path)?.read_to_string(&mut text).map_err(|e| io_error(path, e))?;
    let collection: geojson::FeatureCollection = text.parse().map_err(|e| io_error(path, e))?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, feature) in collection.features.iter().enumerate() {
        let prop = |key: &str| feature.property(key).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(code), Some(name), Some(district)) = (prop("code"), prop("name"), prop("lad_code")) else {
            errors.push(format!("features[{i}].properties: needs the strings code, name and lad_code"));
            continue;
        };
        let shape = match feature.geometry.as_ref().map(|g| multipolygon(&g.value)) {
            Some(Ok(shape)) => shape,
            Some(Err(e)) => {
                errors.push(format!("features[{i}].geometry (MSOA {code}): {e}"));
                continue;
            }
            None => {
                errors.push(format!("features[{i}].geometry (MSOA {code}): missing"));
                continue;
            }
        };
        let (Some(bbox), Some(centroid)) = (shape.bounding_rect(), shape.centroid()) else {
            errors.push(format!("features[{i}].geometry (MSOA {code}): empty"));
            continue;
        };
        out.push(Msoa { code, name, district, shape, bbox, centroid, age65: 0.0, residents: 0.0 });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(data_error(path, errors))
    }
}

/// Add each kept LSOA's residents to its MSOA.
fn add_census(msoas: &mut [Msoa], path: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), CountyError> {
    let by_name: BTreeMap<String, usize> = msoas.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    let mut csv = csv::Reader::from_reader(open(path)?);
    let headers = csv.headers().map_err(|e| io_error(path, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(code), Some(name), Some(lad), Some(total), Some(age)) =
        (col("lsoa21cd"), col("lsoa21nm"), col("lad_code"), col("total"), col("age_65_plus"))
    else {
        return Err(data_error(path, vec!["the header needs lsoa21cd, lsoa21nm, lad_code, total, age_65_plus".into()]));
    };
    let mut errors = Vec::new();
    for (i, record) in csv.records().enumerate() {
        let line = i + 2;
        let r = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let get = |c: usize| r.get(c).unwrap_or("").trim();
        if !keep(get(lad)) {
            continue;
        }
        let number =
            |c: usize, field: &str| -> Result<f64, String> {
                get(c).parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0).ok_or_else(|| {
                    format!("line {line}, field {field} (LSOA {}): `{}` is not a count", get(code), get(c))
                })
            };
        let msoa_name = get(name).get(..get(name).len().saturating_sub(1)).unwrap_or("");
        let Some(&m) = by_name.get(msoa_name) else {
            errors.push(format!("line {line}, field lsoa21nm (LSOA {}): no MSOA named `{msoa_name}`", get(code)));
            continue;
        };
        match (number(total, "total"), number(age, "age_65_plus")) {
            (Ok(t), Ok(a)) => {
                msoas[m].residents += t;
                msoas[m].age65 += a;
            }
            (t, a) => errors.extend(t.err().into_iter().chain(a.err())),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(data_error(path, errors))
    }
}

/// Read the residential postcodes with their districts.
fn read_postcodes(path: &Path) -> Result<Vec<CountyPostcode>, CountyError> {
    let mut csv = csv::Reader::from_reader(open(path)?);
    let headers = csv.headers().map_err(|e| io_error(path, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(pc), Some(lat), Some(lon), Some(lad)) = (col("postcode"), col("lat"), col("lon"), col("lad_code")) else {
        return Err(data_error(path, vec!["the header needs postcode, lat, lon and lad_code".into()]));
    };
    let (ward, lsoa, age) = (col("ward_name"), col("lsoa11cd"), col("lsoa_age65plus"));
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, record) in csv.records().enumerate() {
        let line = i + 2;
        let r = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").trim();
        let coordinate = |c: usize, range: f64| get(Some(c)).parse::<f64>().ok().filter(|x| x.abs() <= range);
        let (Some(y), Some(x)) = (coordinate(lat, 90.0), coordinate(lon, 180.0)) else {
            errors.push(format!("line {line}, fields lat/lon (postcode {}): not a position", get(Some(pc))));
            continue;
        };
        out.push(CountyPostcode {
            postcode: Postcode {
                postcode: get(Some(pc)).to_string(),
                location: Location::geo(y, x),
                ward: get(ward).to_string(),
                lsoa: get(lsoa).to_string(),
                lsoa_age65plus: get(age).parse::<f64>().ok().filter(|a| a.is_finite() && *a >= 0.0),
            },
            district: get(Some(lad)).to_string(),
            point: Point::new(x, y),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(data_error(path, errors))
    }
}

/// Find `datasets/geodata` under the current folder, else under each folder above the running
/// executable (so `target/release/rota` finds the checkout it was built in).
pub fn find_geodata() -> Option<PathBuf> {
    let rel = Path::new("datasets/geodata");
    if rel.join(MSOA_FILE).exists() {
        return Some(rel.to_path_buf());
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors().skip(1).map(|d| d.join(rel)).find(|p| p.join(MSOA_FILE).exists())
}
