//! Writing a file whole or not at all.
//!
//! Every file Rota writes (rotas, reports, exports, matrices, generated and imported problems,
//! benchmark results, the road-network cache) goes through [`write_atomic_with`]:
//! 1. the bytes go to a new temporary file in the target's own folder, named
//!    `.<name>.<random>.tmp`, so the rename below never crosses a file system;
//! 2. the temporary file is flushed and synced to disk;
//! 3. it is renamed over the target, which on Unix replaces it in one step, and the folder is
//!    synced so the rename itself survives a power cut.
//!
//! A crash, a full disk or an error while writing leaves the target as it was (the old file,
//! or no file), never half a file. A failed write removes its temporary file; only a process
//! killed between steps 1 and 3 (`kill -9`, a second Ctrl-C, a power cut) can leave one behind,
//! and it is never mistaken for the target. A new file gets the usual permissions (`0666` less
//! the umask); a replaced file keeps its own. A symbolic link is followed, so the file it points
//! to is replaced and the link stays. A target that is neither a file nor a folder (a device
//! such as `/dev/stdout`, a named pipe) cannot be replaced and is written in place.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("rota-atomic-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("rota.json");
//! rota::format::write_atomic(&path, b"{}\n").unwrap();
//! assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (see the module docs).
pub fn write_atomic(path: impl AsRef<Path>, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Write to `path` atomically whatever `write` writes (see the module docs). If `write`
/// returns an error, the target is left as it was and the error is returned.
pub fn write_atomic_with(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let path = path.as_ref();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut w = BufWriter::new(std::fs::OpenOptions::new().write(true).truncate(true).open(path)?);
        write(&mut w)?;
        return w.flush();
    }
    let target = resolve(path);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} names no file", target.display())))?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{}.", name.to_string_lossy());
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        // A replaced file keeps its permissions; a new one gets 0666 less the umask, as
        // `File::create` would give it (tempfile's own default is 0600).
        let mode = std::fs::metadata(&target).map(|m| m.permissions().mode() & 0o7777).unwrap_or(0o666);
        builder.permissions(std::fs::Permissions::from_mode(mode));
        mode
    };
    // The temporary file is removed when `tmp` is dropped, unless it was persisted.
    let mut tmp = builder.tempfile_in(&folder)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w)?;
        w.flush()?;
    }
    #[cfg(unix)]
    if std::fs::metadata(&target).is_ok() {
        // The umask does not apply to an existing file's mode: set it exactly.
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_folder(&folder);
    Ok(())
}

/// The file a path names, following a symbolic link so that the link is kept.
fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// Sync a folder, so a rename in it is on disk. Best effort: some file systems refuse.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(f) = std::fs::File::open(folder) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rota-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one() {
        let dir = scratch("new");
        let path = dir.join("rota.json");
        write_atomic(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        assert_eq!(entries(&dir), ["rota.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file() {
        let dir = scratch("fail");
        let path = dir.join("rota.json");
        std::fs::write(&path, b"the old rota").unwrap();
        let e = write_atomic_with(&path, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("the disk is full"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "the disk is full");
        assert_eq!(std::fs::read(&path).unwrap(), b"the old rota");
        assert_eq!(entries(&dir), ["rota.json"]);
        // With no old file, there is still none.
        let fresh = dir.join("fresh.json");
        assert!(write_atomic_with(&fresh, |_| Err(io::Error::other("no"))).is_err());
        assert_eq!(entries(&dir), ["rota.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_rename_that_fails_leaves_the_target_and_no_temporary_file() {
        let dir = scratch("rename");
        // A folder in the way: the bytes are written but the rename must fail.
        let path = dir.join("busy");
        std::fs::create_dir_all(path.join("inside")).unwrap();
        assert!(write_atomic(&path, b"data").is_err());
        assert!(path.join("inside").is_dir());
        assert_eq!(entries(&dir), ["busy"]);
        // A folder that does not exist: an error, nothing written.
        assert!(write_atomic(dir.join("no/such/folder.json"), b"data").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_are_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("perm");
        let path = dir.join("report.html");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        // A new file is readable by others unless the umask says otherwise (not 0600).
        let fresh = dir.join("fresh.csv");
        write_atomic(&fresh, b"x").unwrap();
        let plain = dir.join("plain.csv");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&plain));
        let link = dir.join("latest.html");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_atomic(&link, b"through the link").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"through the link");
        // A device is written in place.
        write_atomic("/dev/null", b"nothing").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
