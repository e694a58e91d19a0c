//! Replacing the contents of a policy file in place of its old text, the
//! way an editor saves: the file a path names (through symbolic links) gets
//! the new text, and keeps its links, owner and mode.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What `path` names when it is neither a regular file nor a folder (after
/// following symbolic links), in words; `None` for files, folders and paths
/// that do not exist (reading them reports those).
pub fn not_a_regular_file(path: &Path) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() || kind.is_dir() {
        None
    } else if kind.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

/// Gives the file `path` names the contents `text`.
///
/// A symbolic link is followed and the link kept. A file with one link is
/// replaced atomically: the text goes to a temporary file beside the target,
/// with the target's mode and owner, is flushed to disk, and is renamed over
/// it, so a crash leaves either the old text or the new. A file with several
/// hard links cannot be renamed over without splitting them, so its contents
/// are overwritten in place, after the same text has been written and
/// flushed beside it (so a full disk is found before the file is touched).
pub fn replace(path: &Path, text: &str) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if !meta.file_type().is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let tmp = temporary_beside(&target);
    let result = write_temporary(&tmp, text, &meta).and_then(|()| {
        if meta.nlink() > 1 {
            overwrite(&target, text)?;
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, &target)?;
            sync_parent(&target)
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn temporary_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.fmt-{}.tmp", std::process::id()))
}

fn write_temporary(tmp: &Path, text: &str, like: &Metadata) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(tmp)?;
    file.write_all(text.as_bytes())?;
    // Only root may give a file away; for anyone else the new file is
    // theirs already, and a failed chown to another owner is not an error
    // worth losing the formatting over when the owner is the same.
    if let Err(e) = std::os::unix::fs::fchown(&file, Some(like.uid()), Some(like.gid())) {
        let same_owner = file
            .metadata()
            .is_ok_and(|m| m.uid() == like.uid() && m.gid() == like.gid());
        if !same_owner && e.kind() != io::ErrorKind::PermissionDenied {
            return Err(e);
        }
        // A group the user belongs to can still be set.
        let _ = std::os::unix::fs::fchown(&file, None, Some(like.gid()));
    }
    file.set_permissions(std::fs::Permissions::from_mode(like.permissions().mode() & 0o7777))?;
    file.sync_all()
}

fn overwrite(target: &Path, text: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(target)?;
    file.write_all(text.as_bytes())?;
    file.set_len(text.len() as u64)?;
    file.sync_all()
}

/// Flushes the folder entry of a renamed file, so the rename itself survives
/// a crash.
fn sync_parent(target: &Path) -> io::Result<()> {
    match target.parent() {
        Some(dir) => File::open(dir)?.sync_all(),
        None => Ok(()),
    }
}
