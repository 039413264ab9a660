//! `.tar.xz` archives, unpacked in pure Rust (the `lzma-rs` and `tar` crates): the shipped
//! Mankowska E–G instances and the Italian development set are kept compressed in
//! `benchmarks/`, and `rota bench` unpacks any archive it finds under its folder.
//!
//! Unpacking never writes outside the target folder (entries with `..` or absolute paths are
//! skipped by `tar`), keeps no permissions or timestamps from the archive, and stops with an
//! error past [`MAX_UNPACKED_BYTES`], so a hostile archive cannot fill memory.
//!
//! ```no_run
//! let into = std::env::temp_dir().join("mankowska-e-g");
//! rota::import::archive::unpack_tar_xz("benchmarks/mankowska2014/instances-E-G.tar.xz".as_ref(), &into).unwrap();
//! ```

use std::io::{BufReader, Write};
use std::path::Path;

/// The most one archive may unpack to: 1 GiB (the largest shipped archive unpacks to 16 MB).
pub const MAX_UNPACKED_BYTES: usize = 1 << 30;

/// Unpack the `.tar.xz` file `archive` into the folder `into` (created if missing). The error
/// names the archive and says what was wrong.
pub fn unpack_tar_xz(archive: &Path, into: &Path) -> Result<(), String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("{}: {what}: {e}", archive.display());
    let file = std::fs::File::open(archive).map_err(|e| fail("cannot read", &e))?;
    let mut tar = Capped { bytes: Vec::new(), cap: MAX_UNPACKED_BYTES };
    lzma_rs::xz_decompress(&mut BufReader::new(file), &mut tar).map_err(|e| fail("not a readable .xz file", &e))?;
    std::fs::create_dir_all(into).map_err(|e| fail(&format!("cannot create {}", into.display()), &e))?;
    let mut entries = tar::Archive::new(tar.bytes.as_slice());
    entries.set_preserve_permissions(false);
    entries.set_preserve_mtime(false);
    entries.set_overwrite(true);
    entries.unpack(into).map_err(|e| fail("not a readable tar archive", &e))
}

/// A buffer that refuses to grow past `cap` bytes.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            return Err(std::io::Error::other(format!("it unpacks to more than {} bytes", self.cap)));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rota-archive-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// A `.tar.xz` holding `files`, each written with a raw tar header so that hostile names
    /// (`..`, absolute paths) go in exactly as given.
    fn tar_xz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_old();
            h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            builder.append(&h, *data).unwrap();
        }
        let raw = builder.into_inner().unwrap();
        let mut xz = Vec::new();
        lzma_rs::xz_compress(&mut raw.as_slice(), &mut xz).unwrap();
        xz
    }

    #[test]
    fn unpacks_files_and_folders() {
        let dir = scratch("ok");
        let archive = dir.join("a.tar.xz");
        std::fs::write(&archive, tar_xz(&[("set/one.txt", b"1 2 3\n"), ("two.txt", b"x")])).unwrap();
        unpack_tar_xz(&archive, &dir.join("out")).unwrap();
        assert_eq!(std::fs::read(dir.join("out/set/one.txt")).unwrap(), b"1 2 3\n");
        assert_eq!(std::fs::read(dir.join("out/two.txt")).unwrap(), b"x");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn never_writes_outside_the_target_folder() {
        let dir = scratch("escape");
        let archive = dir.join("evil.tar.xz");
        std::fs::write(&archive, tar_xz(&[("../escaped.txt", b"no"), ("inside.txt", b"yes")])).unwrap();
        // `tar` refuses the whole archive or skips the entry; either way nothing lands outside.
        let _ = unpack_tar_xz(&archive, &dir.join("out"));
        assert!(!dir.join("escaped.txt").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_archives_are_errors_naming_the_file() {
        let dir = scratch("bad");
        let missing = dir.join("missing.tar.xz");
        let e = unpack_tar_xz(&missing, &dir).unwrap_err();
        assert!(e.contains("missing.tar.xz") && e.contains("cannot read"), "{e}");
        let junk = dir.join("junk.tar.xz");
        std::fs::write(&junk, b"not xz at all".repeat(10)).unwrap();
        let e = unpack_tar_xz(&junk, &dir.join("out")).unwrap_err();
        assert!(e.contains("junk.tar.xz") && e.contains("not a readable .xz file"), "{e}");
        let good = tar_xz(&[("a.txt", b"hello")]);
        let cut = dir.join("cut.tar.xz");
        std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
        let e = unpack_tar_xz(&cut, &dir.join("out")).unwrap_err();
        assert!(e.contains("cut.tar.xz"), "{e}");
        // xz around something that is not a tar archive.
        let mut xz = Vec::new();
        lzma_rs::xz_compress(&mut [7u8; 1000].as_slice(), &mut xz).unwrap();
        let plain = dir.join("plain.tar.xz");
        std::fs::write(&plain, xz).unwrap();
        let e = unpack_tar_xz(&plain, &dir.join("out")).unwrap_err();
        assert!(e.contains("plain.tar.xz") && e.contains("not a readable tar archive"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_unpacked_size_is_capped() {
        let mut small = Capped { bytes: Vec::new(), cap: 10 };
        let e = lzma_rs::xz_decompress(
            &mut {
                let mut xz = Vec::new();
                lzma_rs::xz_compress(&mut [0u8; 100].as_slice(), &mut xz).unwrap();
                std::io::Cursor::new(xz)
            },
            &mut small,
        );
        assert!(e.is_err());
        assert!(small.bytes.len() <= 10);
    }
}
