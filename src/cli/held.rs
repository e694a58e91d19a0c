//! Output held back until a command knows it has succeeded: `edict eval`
//! writes either every decision or none (docs/facts.md, "Exit status"), yet
//! writes each decision as it is made rather than keeping them all. The
//! bytes are kept in memory up to [`IN_MEMORY`], then in an unnamed
//! temporary file, and copied to standard output at the end.

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
}

impl Held {
    /// Writes what is held to `out`.
    pub fn copy_to(self, out: &mut impl Write) -> std::io::Result<()> {
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
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
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
}
