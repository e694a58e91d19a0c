//! Output held back until a command knows it has succeeded: `edict eval`
//! writes either every decision or none (docs/facts.md, "Exit status"), yet
//! writes each decision as it is made rather than keeping them all.
//!
//! When standard output is a regular file that writing would only extend
//! (`> out.json`, `>> log.json`), the bytes go straight into it, and on
//! failure the file is cut back to the length it had ([`Held::abandon`]):
//! nothing is kept, whatever the size. Otherwise (a pipe, a terminal) they
//! are kept in memory up to [`IN_MEMORY`], then in an unnamed temporary
//! file, and copied to standard output at the end.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

/// How many bytes are kept in memory before the rest goes to a temporary
/// file.
const IN_MEMORY: usize = 64 << 20;

/// Bytes written, held for later.
#[derive(Default)]
pub struct Held {
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
    /// Whether a temporary file could not be made (then everything stays
    /// in memory, as it would have without one).
    no_file: bool,
    /// Standard output itself, when it is a regular file written straight.
    direct: Option<Direct>,
}

/// A regular file written straight, and the length to cut it back to.
struct Direct {
    out: BufWriter<File>,
    start: u64,
}

impl Held {
    /// Bytes for standard output: written straight into it when it is a
    /// regular file that writing only extends, else held.
    pub fn for_stdout() -> Held {
        stdout_file().and_then(Held::direct).unwrap_or_default()
    }

    /// Bytes written straight into `file` when writing it only extends it
    /// (its position is its end, or it appends); `None` otherwise.
    fn direct(file: File) -> Option<Held> {
        let start = extended_from(&file)?;
        Some(Held {
            direct: Some(Direct {
                out: BufWriter::with_capacity(1 << 20, file),
                start,
            }),
            ..Held::default()
        })
    }

    /// Whether the bytes go straight into standard output.
    pub fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    /// Gives up: what was written straight into standard output is cut
    /// away (the file is as it was); what was held is dropped.
    pub fn abandon(self) -> std::io::Result<()> {
        let Some(direct) = self.direct else {
            return Ok(());
        };
        // The bytes still buffered are never written.
        let (mut file, _unwritten) = direct.out.into_parts();
        file.set_len(direct.start)?;
        file.seek(SeekFrom::Start(direct.start)).map(drop)
    }

    /// Writes what is held to `out` (bytes written straight are flushed
    /// instead; if that fails, the file is cut back as by
    /// [`Held::abandon`]).
    pub fn copy_to(mut self, out: &mut impl Write) -> std::io::Result<()> {
        if let Some(direct) = &mut self.direct {
            return match direct.out.flush() {
                Ok(()) => Ok(()),
                Err(e) => {
                    let _ignored = self.abandon();
                    Err(e)
                }
            };
        }
        match self.file {
            None => out.write_all(&self.memory),
            Some(file) => {
                let mut file = file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
                file.seek(SeekFrom::Start(0))?;
                let mut buffer = vec![0; 1 << 20];
                loop {
                    let n = file.read(&mut buffer)?;
                    if n == 0 {
                        return Ok(());
                    }
                    out.write_all(buffer.get(..n).unwrap_or_default())?;
                }
            }
        }
    }
}

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(direct) = &mut self.direct {
            return direct.out.write(buf);
        }
        if let Some(file) = &mut self.file {
            return file.write(buf);
        }
        self.memory.extend_from_slice(buf);
        if self.memory.len() > IN_MEMORY && !self.no_file {
            match temporary() {
                Ok(file) => {
                    let mut file = BufWriter::with_capacity(1 << 20, file);
                    file.write_all(&self.memory)?;
                    self.memory = Vec::new();
                    self.file = Some(file);
                }
                Err(_) => self.no_file = true,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(direct) = &mut self.direct {
            return direct.out.flush();
        }
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

/// Standard output as a file of its own (the same open file), when it is a
/// regular file that standard error does not also write to (their lines
/// would mix with the decisions, and a cut would take them away).
#[cfg(unix)]
fn stdout_file() -> Option<File> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let out = File::from(std::io::stdout().as_fd().try_clone_to_owned().ok()?);
    let meta = out.metadata().ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let err = std::io::stderr().as_fd().try_clone_to_owned().ok().map(File::from);
    let shared = err
        .and_then(|e| e.metadata().ok())
        .is_some_and(|e| (e.dev(), e.ino()) == (meta.dev(), meta.ino()));
    (!shared).then_some(out)
}

#[cfg(not(unix))]
fn stdout_file() -> Option<File> {
    None
}

/// The length writing `file` starts from, when writing only extends it:
/// it appends, or its position is its end. `None` when writing would
/// overwrite bytes it holds (they could not be put back).
#[cfg(unix)]
fn extended_from(file: &File) -> Option<u64> {
    let len = file.metadata().ok()?.len();
    let appends = rustix::fs::fcntl_getfl(file).ok()?.contains(rustix::fs::OFlags::APPEND);
    let mut file = file;
    let at = file.stream_position().ok()?;
    (appends || at == len).then_some(len)
}

#[cfg(not(unix))]
fn extended_from(_file: &File) -> Option<u64> {
    None
}

/// A new temporary file, readable by its owner only, whose name is removed
/// at once (on Unix the file lives on, unnamed, until it is closed).
fn temporary() -> std::io::Result<File> {
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last = None;
    for attempt in 0..16u32 {
        let path = dir.join(format!("edict-{}-{nanos}-{attempt}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => {
                let _ignored = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_held_past_memory_comes_back_whole_and_in_order() -> std::io::Result<()> {
        let mut held = Held::default();
        let chunk: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        for _ in 0..(IN_MEMORY >> 20) + 3 {
            held.write_all(&chunk)?;
        }
        held.write_all(b"end")?;
        assert!(
            held.file.is_some() || held.no_file,
            "past {IN_MEMORY} bytes, a file is used"
        );
        let mut out = Vec::new();
        held.copy_to(&mut out)?;
        assert_eq!(out.len(), ((IN_MEMORY >> 20) + 3) * (1 << 20) + 3);
        assert!(out.ends_with(b"end"));
        assert!(out
            .chunks(1 << 20)
            .take((IN_MEMORY >> 20) + 3)
            .all(|c| c == chunk.as_slice()));
        Ok(())
    }

    /// A scratch file holding `before`, opened as `>>` opens it (appending).
    fn appended(name: &str, before: &[u8]) -> std::io::Result<(std::path::PathBuf, File)> {
        let path = std::env::temp_dir().join(format!("edict-held-{name}-{}", std::process::id()));
        std::fs::write(&path, before)?;
        let file = std::fs::OpenOptions::new().append(true).open(&path)?;
        Ok((path, file))
    }

    #[test]
    fn into_a_regular_file_bytes_go_straight_in_as_they_are_written() -> std::io::Result<()> {
        let (path, file) = appended("straight", b"before\n")?;
        let mut held = Held::direct(file).ok_or_else(|| std::io::Error::other("not direct"))?;
        let chunk = vec![b'x'; 3 << 20];
        held.write_all(&chunk)?;
        // Past the buffer, the bytes are in the file already: not held.
        assert!(std::fs::metadata(&path)?.len() >= (2 << 20));
        let mut out = Vec::new();
        held.copy_to(&mut out)?;
        assert!(out.is_empty(), "nothing left to copy");
        let text = std::fs::read(&path)?;
        assert_eq!(text.len(), 7 + (3 << 20));
        assert!(text.starts_with(b"before\nxxx"));
        std::fs::remove_file(&path)
    }

    #[test]
    fn an_abandoned_file_is_cut_back_to_what_it_held() -> std::io::Result<()> {
        let (path, file) = appended("abandoned", b"before\n")?;
        let mut held = Held::direct(file).ok_or_else(|| std::io::Error::other("not direct"))?;
        held.write_all(&vec![b'x'; 3 << 20])?;
        held.write_all(b"unflushed")?;
        held.abandon()?;
        assert_eq!(std::fs::read(&path)?, b"before\n");
        std::fs::remove_file(&path)
    }

    #[test]
    fn a_file_that_writing_would_overwrite_is_not_written_straight() -> std::io::Result<()> {
        let path = std::env::temp_dir().join(format!("edict-held-overwrite-{}", std::process::id()));
        std::fs::write(&path, b"kept")?;
        // Opened for writing at its start, as `1<>file` opens it.
        let file = std::fs::OpenOptions::new().write(true).open(&path)?;
        assert!(Held::direct(file).is_none());
        // At its end, it is.
        let mut file = std::fs::OpenOptions::new().write(true).open(&path)?;
        file.seek(SeekFrom::End(0))?;
        assert!(Held::direct(file).is_some_and(|h| h.is_direct()));
        std::fs::remove_file(&path)
    }
}
