//! Postcode tables: the residential postcodes clients and carers are placed at.
//!
//! The shipped tables (`datasets/postcodes/<area>.csv`) have the columns
//! `postcode,lat,lon,ward_name,lsoa11cd,lsoa_age65plus`. Any CSV with at least `postcode`,
//! `lat` and `lon` columns is accepted; if it has a `usertype` column (as OS Code-Point Open
//! with the ONS lookup does), only residential rows (`usertype` 0) are kept.

use super::GenerateError;
use crate::model::Location;
use std::io::Read;
use std::path::Path;

/// One postcode unit: its centroid, ward and small area.
#[derive(Clone, Debug, PartialEq)]
pub struct Postcode {
    /// The postcode, e.g. `"CT1 1AD"`.
    pub postcode: String,
    /// The postcode's centroid.
    pub location: Location,
    /// The electoral ward it lies in (used as the client's cluster); may be empty.
    pub ward: String,
    /// The 2011 LSOA it lies in; may be empty.
    pub lsoa: String,
    /// Census 2021 residents aged 65 and over in that LSOA, if known.
    pub lsoa_age65plus: Option<f64>,
}

/// A table of postcodes, in file order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PostcodeTable {
    /// The postcodes.
    pub rows: Vec<Postcode>,
}

impl PostcodeTable {
    /// Read a table from a CSV file, or a gzip-compressed one when the name ends in `.gz`
    /// (as the shipped `datasets/geodata/postcodes/kent.csv.gz`).
    pub fn from_path(path: impl AsRef<Path>) -> Result<PostcodeTable, GenerateError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path)
            .map_err(|e| GenerateError::Postcodes(format!("cannot read {}: {e}", path.display())))?;
        let table = if path.extension().is_some_and(|e| e == "gz") {
            PostcodeTable::from_reader(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file)))
        } else {
            PostcodeTable::from_reader(file)
        };
        table.map_err(|e| match e {
            GenerateError::Postcodes(m) => GenerateError::Postcodes(format!("{}: {m}", path.display())),
            other => other,
        })
    }

    /// Read a table from CSV text.
    pub fn from_reader(reader: impl Read) -> Result<PostcodeTable, GenerateError> {
        let bad = |m: String| GenerateError::Postcodes(m);
        let mut csv = csv::Reader::from_reader(reader);
        let headers = csv.headers().map_err(|e| bad(format!("bad CSV header: {e}")))?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (Some(pc), Some(lat), Some(lon)) = (col("postcode"), col("lat"), col("lon")) else {
            return Err(bad("the CSV needs `postcode`, `lat` and `lon` columns".into()));
        };
        let (ward, lsoa, age, usertype) = (col("ward_name"), col("lsoa11cd"), col("lsoa_age65plus"), col("usertype"));
        let mut rows = Vec::new();
        for (i, record) in csv.records().enumerate() {
            let line = i + 2;
            let r = record.map_err(|e| bad(format!("line {line}: {e}")))?;
            let get = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").trim();
            if usertype.is_some() && get(usertype) != "0" {
                continue;
            }
            let number = |c: usize, what: &str| -> Result<f64, GenerateError> {
                get(Some(c))
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(format!("line {line}: `{}` is not a {what}", get(Some(c)))))
            };
            let (lat, lon) = (number(lat, "latitude")?, number(lon, "longitude")?);
            let location = Location::geo(lat, lon);
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad(format!("line {line}: coordinates out of range")));
            }
            let age65 = get(age).parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0);
            rows.push(Postcode {
                postcode: get(Some(pc)).to_string(),
                location,
                ward: get(ward).to_string(),
                lsoa: get(lsoa).to_string(),
                lsoa_age65plus: age65,
            });
        }
        if rows.is_empty() {
            return Err(bad("the CSV has no (residential) postcodes".into()));
        }
        Ok(PostcodeTable { rows })
    }

    /// Each postcode's weight for placing a client: its LSOA's 65+ residents shared equally
    /// among the LSOA's postcodes in the table, so each LSOA is drawn in proportion to its 65+
    /// population. An LSOA without a figure takes the median of the others; a table without any
    /// figures weighs every postcode equally.
    pub fn client_weights(&self) -> Vec<f64> {
        use std::collections::BTreeMap;
        let mut per_lsoa: BTreeMap<&str, (usize, Option<f64>)> = BTreeMap::new();
        for r in &self.rows {
            let e = per_lsoa.entry(r.lsoa.as_str()).or_insert((0, None));
            e.0 += 1;
            if e.1.is_none() {
                e.1 = r.lsoa_age65plus;
            }
        }
        let mut known: Vec<f64> = per_lsoa.values().filter_map(|v| v.1).collect();
        if known.is_empty() {
            return vec![1.0; self.rows.len()];
        }
        known.sort_by(f64::total_cmp);
        let median = known[known.len() / 2];
        self.rows
            .iter()
            .map(|r| {
                let (n, age) = per_lsoa[r.lsoa.as_str()];
                age.unwrap_or(median).max(1.0) / n as f64
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_shipped_and_code_point_layouts() {
        let shipped = "postcode,lat,lon,ward_name,lsoa11cd,lsoa_age65plus\n\
            CT1 1AD,51.292518,1.106884,Northgate Ward,E01024091,178\n\
            CT1 1AE,51.282871,1.084604,\"Chartham, Stone\",E01024093,\n";
        let t = PostcodeTable::from_reader(shipped.as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].ward, "Chartham, Stone");
        assert_eq!(t.rows[1].lsoa_age65plus, None);
        let w = t.client_weights();
        assert_eq!(w, vec![178.0, 178.0]);

        let cpo = "postcode,lat,lon,usertype\nA,51.0,1.0,0\nB,51.0,1.0,1\nC,51.0,1.0,\n";
        assert_eq!(PostcodeTable::from_reader(cpo.as_bytes()).unwrap().rows.len(), 1);
        assert!(PostcodeTable::from_reader("postcode,lat\nA,1\n".as_bytes()).is_err());
        assert!(PostcodeTable::from_reader("postcode,lat,lon\nA,x,1\n".as_bytes()).is_err());
    }
}
