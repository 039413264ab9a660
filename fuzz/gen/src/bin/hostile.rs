//! Hostile input files for the measurements in docs/reliability.md ("Hostile sizes").
//!
//! ```text
//! cargo run --release --manifest-path fuzz/Cargo.toml -p rota-fuzz-gen --bin hostile -- KIND OUT [N]
//! ```
//!
//! - `visits OUT N`: a valid problem with N visits (default 1,000,000) over 2,000 clients and
//!   1,000 carers (the places stay few, so that the travel matrix is small and the visits are
//!   what is measured);
//! - `clients OUT N`: a valid problem with N clients (default 83,000), each with twelve visits a
//!   week: about a million visits, and as many places;
//! - `chain OUT N`: a valid problem of N visits (default 1,000,000) each linked to the one
//!   before it in the file (`start(before) ≥ start(this) + 1`): the worst order for the link
//!   validation's Bellman-Ford, which learns one link a pass;
//! - `bad-items OUT N`: a problem whose visits are N empty objects (default 10,000,000), an
//!   error every three bytes;
//! - `csv-rows OUT N`: a `visits.csv` of N rows `x` (default 15,000,000), three errors a row;
//! - `deep OUT N`: a problem file whose `name` is N nested lists (default 1,000,000);
//! - `sparse OUT N`: a file of N bytes (default 2 GiB) that takes no disk space (a hole);
//! - `pbf-huge-blob OUT`: an `.osm.pbf` whose first blob header claims a 2 GB blob;
//! - `pbf-zlib-bomb OUT N`: an `.osm.pbf` whose data blob inflates to N MiB (default 1,024):
//!   a string table holding one string of zeros of that size, compressed about 160:1.

use std::io::Write;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, out) = match args.as_slice() {
        [k, o, ..] => (k.as_str(), o.as_str()),
        _ => return Err(
            "usage: hostile visits|clients|chain|bad-items|csv-rows|deep|sparse|pbf-huge-blob|pbf-zlib-bomb OUT [N]"
                .into(),
        ),
    };
    let n = |default: u64| args.get(2).map_or(Ok(default), |s| s.parse::<u64>().map_err(|e| e.to_string()));
    let file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let mut w = std::io::BufWriter::new(file);
    let result = match kind {
        "visits" => problem(&mut w, 2000, 1000, n(1_000_000)?),
        "clients" => {
            let clients = n(83_000)?;
            problem(&mut w, clients, clients / 10, clients * 12)
        }
        "chain" => chain(&mut w, n(1_000_000)?),
        "bad-items" => {
            let items = vec!["{}"; n(10_000_000)? as usize].join(",");
            write!(
                w,
                r#"{{"format_version":"1.0","week_start":"2026-11-30","clients":[],"carers":[],"visits":[{items}]}}"#
            )
        }
        "csv-rows" => write!(w, "client,days,start,duration_min\n{}", "x\n".repeat(n(15_000_000)? as usize)),
        "deep" => {
            let depth = n(1_000_000)? as usize;
            let name = "[".repeat(depth) + &"]".repeat(depth);
            write!(
                w,
                r#"{{"format_version":"1.0","week_start":"2026-11-30","name":{name},"clients":[],"carers":[],"visits":[]}}"#
            )
        }
        "sparse" => return w.get_ref().set_len(n(2 << 30)?).map_err(|e| e.to_string()),
        "pbf-huge-blob" => w.write_all(&pbf_blob(b"OSMData", 2_000_000_000, &[])),
        "pbf-zlib-bomb" => pbf_bomb(&mut w, n(1024)?),
        other => return Err(format!("unknown kind {other}")),
    };
    result.and_then(|_| w.flush()).map_err(|e| format!("{out}: {e}"))
}

/// A valid problem: `clients` clients and `carers` carers around Canterbury, and `visits`
/// half-hour visits spread over the clients and the week's days, every carer free all week.
fn problem(w: &mut impl Write, clients: u64, carers: u64, visits: u64) -> std::io::Result<()> {
    let days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"];
    let at = |i: u64| (51.25 + (i % 300) as f64 * 0.0003, 1.02 + (i / 300 % 300) as f64 * 0.0004);
    write!(w, r#"{{"format_version":"1.0","name":"hostile","week_start":"2026-11-30","clients":["#)?;
    for c in 0..clients {
        let (lat, lon) = at(c);
        let sep = if c == 0 { "" } else { "," };
        write!(
            w,
            r#"{sep}{{"id":"c{c}","location":{{"lat":{lat:.5},"lon":{lon:.5}}},"profile":"custom","weekly_hours":6}}"#
        )?;
    }
    write!(w, r#"],"carers":["#)?;
    for k in 0..carers {
        let (lat, lon) = at(k * 7 + 3);
        let sep = if k == 0 { "" } else { "," };
        write!(w, r#"{sep}{{"id":"k{k}","home":{{"lat":{lat:.5},"lon":{lon:.5}}},"availability":["#)?;
        for (d, day) in days.iter().enumerate() {
            let sep = if d == 0 { "" } else { "," };
            write!(w, r#"{sep}{{"date":"{day}","start":"07:00","end":"22:00"}}"#)?;
        }
        write!(w, "]}}")?;
    }
    write!(w, r#"],"visits":["#)?;
    for v in 0..visits {
        let client = v % clients;
        let k = v / clients;
        let day = days[(k % 7) as usize];
        let minute = 7 * 60 + (k / 7 % 170) * 5;
        let sep = if v == 0 { "" } else { "," };
        write!(
            w,
            r#"{sep}{{"id":"v{v}","client":"c{client}","date":"{day}","start":"{:02}:{:02}","duration_min":30}}"#,
            minute / 60,
            minute % 60
        )?;
    }
    writeln!(w, "]}}")
}

/// N visits of one client, each linked to the visit before it in the file.
fn chain(w: &mut impl Write, visits: u64) -> std::io::Result<()> {
    write!(
        w,
        r#"{{"format_version":"1.0","name":"chain","week_start":"2026-11-30","clients":[{{"id":"c","location":{{"lat":51.28,"lon":1.08}},"profile":"custom","weekly_hours":6}}],"carers":[],"visits":["#
    )?;
    for v in 0..visits {
        let sep = if v == 0 { "" } else { "," };
        let link =
            if v == 0 { String::new() } else { format!(r#","links":[{{"visit":"v{}","min_gap_min":1}}]"#, v - 1) };
        write!(w, r#"{sep}{{"id":"v{v}","client":"c","date":"2026-12-02","start":"12:00","duration_min":30{link}}}"#)?;
    }
    writeln!(w, "]}}")
}

/// A protobuf varint.
fn varint(mut x: u64, out: &mut Vec<u8>) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A length-delimited protobuf field.
fn bytes_field(field: u64, data: &[u8], out: &mut Vec<u8>) {
    varint(field << 3 | 2, out);
    varint(data.len() as u64, out);
    out.extend_from_slice(data);
}

/// One file block: the 4-byte header length, a BlobHeader of `kind` claiming `datasize`, then
/// `blob` (which may be shorter than claimed).
fn pbf_blob(kind: &[u8], datasize: u64, blob: &[u8]) -> Vec<u8> {
    let mut header = Vec::new();
    bytes_field(1, kind, &mut header);
    varint(3 << 3, &mut header);
    varint(datasize, &mut header);
    let mut out = (header.len() as u32).to_be_bytes().to_vec();
    out.extend(header);
    out.extend_from_slice(blob);
    out
}

/// A zlib blob of `mib` MiB, its `raw_size` stated, as an OSMData block. It inflates to a
/// PrimitiveBlock whose string table holds one string of zeros of the whole size, so that a
/// reader that believed the sizes would allocate it all.
fn pbf_bomb(w: &mut impl Write, mib: u64) -> std::io::Result<()> {
    let total = mib << 20;
    // primitiveblock.stringtable (field 1) { s (field 1): zeros }
    let mut inner_header = Vec::new();
    varint(1 << 3 | 2, &mut inner_header);
    let zeros = total - 16;
    varint(zeros, &mut inner_header);
    let mut prefix = Vec::new();
    varint(1 << 3 | 2, &mut prefix);
    varint(zeros + inner_header.len() as u64, &mut prefix);
    prefix.extend(inner_header);
    let zlib = deflate_zeros(&prefix, total - prefix.len() as u64);
    let mut blob = Vec::new();
    varint(2 << 3, &mut blob); // raw_size
    varint(mib << 20, &mut blob);
    bytes_field(3, &zlib, &mut blob); // zlib_data
    w.write_all(&pbf_blob(b"OSMData", blob.len() as u64, &blob))
}

/// A zlib stream of `prefix` then `n` zero bytes: one fixed-Huffman block of literals, then
/// matches of length 258 at distance 1 (about 160:1).
fn deflate_zeros(prefix: &[u8], n: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= value << self.len;
            self.len += len;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = code.reverse_bits() >> (32 - len);
            self.put(reversed, len);
        }
    }
    let mut b = Bits { out: vec![0x78, 0x01], acc: 0, len: 0 };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman
    for &byte in prefix {
        match byte {
            0..=143 => b.code(0x30 + u32::from(byte), 8),
            _ => b.code(0x190 + u32::from(byte) - 144, 9),
        }
    }
    b.code(0x30, 8); // literal 0
    let mut left = n.saturating_sub(1);
    while left >= 258 {
        b.code(0b1100_0101, 8); // length 258 (code 285)
        b.code(0, 5); // distance 1
        left -= 258;
    }
    while left > 0 {
        b.code(0x30, 8);
        left -= 1;
    }
    b.code(0, 7); // end of block
    if b.len > 0 {
        b.put(0, 8 - b.len);
    }
    let mut a: u64 = 1;
    let mut s2: u64 = 0;
    for &byte in prefix {
        a = (a + u64::from(byte)) % 65521;
        s2 = (s2 + a) % 65521;
    }
    // Each zero adds a to s2 and leaves a as it is.
    s2 = (s2 + a * (n % 65521)) % 65521;
    let adler = ((s2 as u32) << 16) | a as u32;
    b.out.extend_from_slice(&adler.to_be_bytes());
    b.out
}
