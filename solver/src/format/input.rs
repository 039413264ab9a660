//! Reading input files with a size limit.
//!
//! Every file Rota reads whole (problems, rotas, matrix files, CSV files, benchmark instances)
//! is read here, and none may be larger than [`MAX_INPUT_BYTES`]. Loading a problem takes about
//! fifteen times its size in memory (docs/reliability.md), so a file of several gigabytes, or a
//! device such as `/dev/zero` given by mistake, would otherwise exhaust the machine's memory and
//! abort instead of giving an error. The size is checked before reading, and reading stops at
//! the limit too, for a file that grows or has no size.
//!
//! ```
//! use rota::format::{read_bytes_within, ReadError};
//! let err = read_bytes_within(std::path::Path::new("/dev/zero"), 1024).unwrap_err();
//! assert!(matches!(err, ReadError::TooLarge { limit: 1024, .. }));
//! assert_eq!(err.code(), "file_too_large");
//! ```

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest input file Rota reads: 256 MiB. A week of a million visits is about 90 MB as
/// compact JSON and 140 MB as Rota writes it (docs/reliability.md, "Hostile sizes").
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Why an input file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be opened or read, or (for text) is not UTF-8.
    Io(std::io::Error),
    /// It is larger than the limit.
    TooLarge {
        /// The file's size in bytes; `None` when it states none (a device, a pipe) and reading
        /// passed the limit.
        bytes: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
}

impl ReadError {
    /// The stable error code: `unreadable_file` or `file_too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "unreadable_file",
            ReadError::TooLarge { .. } => "file_too_large",
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::TooLarge { bytes, limit } => {
                let what = bytes.map_or_else(|| format!("more than {}", size(*limit)), size);
                write!(
                    f,
                    "the file is {what}, over the {} Rota reads at most: a larger input file is refused \
                     before it exhausts memory (docs/reliability.md)",
                    size(*limit)
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// A size in bytes as a person reads it: `2.0 GiB`, `256.0 MiB`, `1024 bytes`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB {
        format!("{:.1} GiB", bytes as f64 / GIB as f64)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// Read a whole file of at most [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_bytes_within(path, MAX_INPUT_BYTES)
}

/// Read a whole file of at most `limit` bytes.
pub fn read_bytes_within(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let stated = file.metadata().map_err(ReadError::Io)?.len();
    if stated > limit {
        return Err(ReadError::TooLarge { bytes: Some(stated), limit });
    }
    let mut bytes = Vec::with_capacity(stated as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { bytes: None, limit });
    }
    Ok(bytes)
}

/// Read a UTF-8 text file of at most [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    read_text_within(path, MAX_INPUT_BYTES)
}

/// Read a UTF-8 text file of at most `limit` bytes.
pub fn read_text_within(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes_within(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text (byte {} is not)", e.utf8_error().valid_up_to()),
        ))
    })
}
