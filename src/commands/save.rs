//! Writing the files markpoint makes (HTML reports, feedback, rubrics) the
//! safe way, through one function: the content goes to a temporary file
//! with an unpredictable name, created exclusively (`O_EXCL`, so a link
//! planted in the folder is never followed) in the folder of the final
//! file, and is renamed over it only once complete. A reader therefore sees
//! the old file or the new one, never half of one.
//!
//! A path that is a symbolic link is written through, to the link's target,
//! as editors do ([`Links::WriteThrough`]); where the file must stay inside
//! a folder (feedback files), the link itself is replaced instead
//! ([`Links::Replace`]). The temporary files alive at any moment are listed
//! so that [`remove_pending`] can delete them when the process is stopped
//! by a signal.

use crate::error::{Error, Result};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What to do when the file exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it.
    Replace,
    /// Refuse, with an error that suggests `--force` (checked again at the
    /// rename, so a file appearing meanwhile is not replaced either).
    Refuse,
}

/// What to do when the path is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Write to the file the link points to, keeping the link.
    WriteThrough,
    /// Replace the link itself with the new file (nothing outside the
    /// link's folder is touched).
    Replace,
}

/// How a file is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveRule {
    /// When the file exists.
    pub existing: Existing,
    /// When the path is a symbolic link.
    pub links: Links,
    /// Whether to flush the file to disk before the rename (`fsync`), so
    /// that even a power cut leaves the old file or the new one. Files a
    /// batch writes by the thousand and can write again skip it: it costs
    /// milliseconds each (a batch of 30,000 with feedback files took 193 s
    /// with it, 14 s without, 9 s with no feedback).
    pub durable: bool,
}

impl SaveRule {
    /// Replace an existing file, writing through links: what `--html` and `--force` do.
    pub const REPLACE: SaveRule = SaveRule {
        existing: Existing::Replace,
        links: Links::WriteThrough,
        durable: true,
    };
}

/// Writes a whole file at once: `fill` writes the content, which replaces
/// `path` only when complete. Returns the path written (a link's target
/// when `path` was a link written through).
pub fn save(
    path: &Path,
    rule: SaveRule,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<PathBuf> {
    let mut file = NewFile::create(path, rule)?;
    let mut writer = io::BufWriter::new(file.file());
    let written = fill(&mut writer).and_then(|()| writer.flush());
    drop(writer);
    written.map_err(|source| file.error(source))?;
    file.commit()
}

/// The error for an output file that exists and may not be replaced.
pub fn already_exists(path: &Path) -> Error {
    Error::Usage(format!(
        "{}: already exists; use --force to overwrite it",
        path.display()
    ))
}

/// A file being written: a temporary file beside its final place, renamed
/// there by [`NewFile::commit`] and deleted if dropped before.
pub struct NewFile {
    /// The path the user gave (named in errors).
    given: PathBuf,
    /// Where the file goes: `given`, or the target of the link it is.
    target: PathBuf,
    rule: SaveRule,
    temp: tempfile::NamedTempFile,
    /// Keeps the temporary file on the list of [`remove_pending`] while it lives.
    listed: Listed,
}

impl NewFile {
    /// Creates the temporary file, failing now (before any work is done)
    /// if the folder is missing or not writable, or if the file exists and
    /// may not be replaced.
    pub fn create(path: &Path, rule: SaveRule) -> Result<NewFile> {
        let given = path.to_path_buf();
        let io_error = |source| Error::Io {
            path: given.clone(),
            source,
        };
        let name = path.file_name().ok_or_else(|| {
            Error::Usage(format!("{}: give a file name to write", path.display()))
        })?;
        let target = match rule.links {
            Links::WriteThrough => resolve_links(path).map_err(io_error)?,
            Links::Replace => path.to_path_buf(),
        };
        if rule.existing == Existing::Refuse && std::fs::symlink_metadata(&target).is_ok() {
            return Err(already_exists(path));
        }
        if target.is_dir() {
            return Err(io_error(io::Error::other(
                "this is a folder: give the name of a file to write",
            )));
        }
        let folder = folder_of(&target);
        if !folder.is_dir() {
            return Err(io_error(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the folder {} does not exist", folder.display()),
            )));
        }
        let target_name = target.file_name().unwrap_or(name).to_string_lossy();
        let prefix = format!(".{target_name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp").rand_bytes(12);
        #[cfg(unix)]
        let permissions = {
            use std::os::unix::fs::PermissionsExt;
            // A file replaced keeps its mode; a new one gets what the umask allows.
            let mode = std::fs::metadata(&target)
                .ok()
                .filter(|m| m.is_file())
                .map_or(0o666, |m| m.permissions().mode() & 0o777);
            std::fs::Permissions::from_mode(mode)
        };
        #[cfg(unix)]
        builder.permissions(permissions);
        let (temp, listed) = Listed::create(|| builder.tempfile_in(&folder).map_err(io_error))?;
        Ok(NewFile {
            given,
            target,
            rule,
            temp,
            listed,
        })
    }

    /// The temporary file, to write the content to.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// An error writing the content, naming the user's path.
    pub fn error(&self, source: io::Error) -> Error {
        Error::Io {
            path: self.given.clone(),
            source,
        }
    }

    /// Flushes the file to disk (when the rule says so) and renames it
    /// into place; returns where it went.
    pub fn commit(self) -> Result<PathBuf> {
        if self.rule.durable {
            self.temp
                .as_file()
                .sync_all()
                .map_err(|source| self.error(source))?;
        }
        let NewFile {
            given,
            target,
            rule,
            temp,
            listed,
        } = self;
        let persisted = match rule.existing {
            Existing::Replace => temp.persist(&target),
            Existing::Refuse => temp.persist_noclobber(&target),
        };
        drop(listed);
        match persisted {
            Ok(_) => Ok(target),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(already_exists(&given)),
            Err(e) => Err(Error::Io {
                path: given,
                source: e.error,
            }),
        }
    }
}

/// A temporary file's place on the list of [`remove_pending`], left when dropped.
struct Listed(PathBuf);

impl Listed {
    /// Creates a temporary file and lists it, with the signal handler set up
    /// first and the list held meanwhile, so that a signal at any moment
    /// finds the file listed or not yet created.
    fn create<E>(
        make: impl FnOnce() -> std::result::Result<tempfile::NamedTempFile, E>,
    ) -> std::result::Result<(tempfile::NamedTempFile, Listed), E> {
        remove_on_signal();
        let mut paths = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let temp = make()?;
        paths.push(temp.path().to_path_buf());
        let listed = Listed(temp.path().to_path_buf());
        Ok((temp, listed))
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        pending(|paths| paths.retain(|p| p != &self.0));
    }
}

/// A scratch file with no name in the file system (or one removed at
/// once where the system cannot do that), in `folder`: it disappears
/// however the process ends.
pub fn scratch_file(folder: &Path) -> io::Result<File> {
    tempfile::tempfile_in(folder)
}

/// The folder a file is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Deletes the temporary files being written now; for a signal handler,
/// just before the process exits.
pub fn remove_pending() {
    pending(|paths| {
        for path in paths.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    });
}

/// From the first temporary file on, Ctrl-C or SIGTERM deletes the
/// temporary files being written and ends the process with 130. Set up
/// only then: the handler's thread would cost every command's start-up
/// (`list` took 1.5 times `--version` with it, mostly that thread).
fn remove_on_signal() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            remove_pending();
            std::process::exit(130);
        });
    });
}

/// The temporary files alive now: a process-wide list because a signal
/// handler, which knows nothing else, has to find them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending(change: impl FnOnce(&mut Vec<PathBuf>)) {
    let mut paths = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    change(&mut paths);
}

/// Follows symbolic links from `path` to the file they lead to (which
/// need not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = folder_of(&path).join(target);
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_appears_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.txt");
        let written = save(&path, SaveRule::REPLACE, |out| out.write_all(b"one")).expect("saves");
        assert_eq!(written, path);
        save(&path, SaveRule::REPLACE, |out| out.write_all(b"two")).expect("saves");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "two");
        assert_eq!(names(dir.path()), ["out.txt"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").expect("writes");
        let failed = save(&path, SaveRule::REPLACE, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "old");
        assert_eq!(names(dir.path()), ["out.txt"]);
    }

    #[test]
    fn a_folder_is_not_written_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = save(dir.path(), SaveRule::REPLACE, |_| Ok(())).expect_err("refused");
        assert!(error.to_string().contains("this is a folder"), "{error}");
    }

    #[test]
    fn refusing_keeps_an_existing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").expect("writes");
        let rule = SaveRule {
            existing: Existing::Refuse,
            ..SaveRule::REPLACE
        };
        let refused = save(&path, rule, |out| out.write_all(b"new")).expect_err("refused");
        assert!(refused.to_string().contains("use --force"), "{refused}");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "old");
    }

    #[test]
    fn a_missing_folder_is_named_with_the_path_given() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("no").join("out.txt");
        let error = save(&path, SaveRule::REPLACE, |_| Ok(())).expect_err("fails");
        let message = error.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains("the folder") && message.contains("does not exist"));
        assert!(
            !message.contains(".out.txt."),
            "no temporary name: {message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_or_replaced_as_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let target = elsewhere.path().join("real.txt");
        std::fs::write(&target, "old").expect("writes");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).expect("links");
        save(&link, SaveRule::REPLACE, |out| out.write_all(b"through")).expect("saves");
        assert!(std::fs::symlink_metadata(&link)
            .expect("exists")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("reads"), "through");
        let replace = SaveRule {
            links: Links::Replace,
            ..SaveRule::REPLACE
        };
        save(&link, replace, |out| out.write_all(b"here")).expect("saves");
        assert!(std::fs::symlink_metadata(&link)
            .expect("exists")
            .file_type()
            .is_file());
        assert_eq!(std::fs::read_to_string(&target).expect("reads"), "through");
        assert_eq!(std::fs::read_to_string(&link).expect("reads"), "here");
    }
}
