//! A whole test's feedback files: one plain-text file per student in a
//! folder, named after the student's id.
//!
//! Ids are untrusted, so a file name is derived from the id, never taken
//! as it is: letters, digits, `.`, `-`, `_` and `@` are kept, anything
//! else (path separators, control characters, spaces) becomes `_`, leading
//! dots are dropped (no `..`, no hidden files) and the length is bounded.
//! Two ids that come out the same get `-2`, `-3`, … in input order. Each
//! file is written beside its target and renamed over it, so a link
//! planted in the folder is replaced, never followed.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Longest file stem, in characters.
const MAX_STEM: usize = 100;

/// A folder of feedback files being written.
pub struct FeedbackFolder {
    folder: PathBuf,
    /// The file names given so far, in lower case (for file systems that ignore case).
    taken: HashSet<String>,
    /// How many files were written.
    pub written: usize,
}

impl FeedbackFolder {
    /// Creates the folder if it is missing.
    pub fn create(folder: &Path) -> Result<FeedbackFolder> {
        std::fs::create_dir_all(folder).map_err(|source| Error::Io {
            path: folder.to_path_buf(),
            source,
        })?;
        Ok(FeedbackFolder {
            folder: folder.to_path_buf(),
            taken: HashSet::new(),
            written: 0,
        })
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Writes one student's feedback; returns the file.
    pub fn write(&mut self, id: &str, contents: &[u8]) -> Result<PathBuf> {
        let stem = file_stem(id);
        let mut name = format!("{stem}.txt");
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}.txt");
        }
        let target = self.folder.join(&name);
        let temp = self
            .folder
            .join(format!(".{name}.{}.tmp", std::process::id()));
        let io = |source| Error::Io {
            path: target.clone(),
            source,
        };
        std::fs::write(&temp, contents).map_err(io)?;
        if let Err(e) = std::fs::rename(&temp, &target) {
            let _ = std::fs::remove_file(&temp);
            return Err(io(e));
        }
        self.written += 1;
        Ok(target)
    }
}

/// A safe file stem for a student's id (see the module's notes).
pub fn file_stem(id: &str) -> String {
    let safe: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM)
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        "student".to_string()
    } else {
        safe.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_file_names() {
        assert_eq!(
            file_stem("amara.okafor@school.example"),
            "amara.okafor@school.example"
        );
        assert_eq!(file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_stem("..."), "student");
        assert_eq!(file_stem("Ben Carter"), "Ben_Carter");
        assert_eq!(file_stem(&"x".repeat(300)).len(), MAX_STEM);
    }

    #[test]
    fn names_that_collide_are_numbered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut folder = FeedbackFolder::create(&dir.path().join("out")).expect("creates");
        let a = folder.write("a/b", b"1").expect("writes");
        let b = folder.write("A_b", b"2").expect("writes");
        assert_eq!(a.file_name().and_then(|n| n.to_str()), Some("a_b.txt"));
        assert_eq!(b.file_name().and_then(|n| n.to_str()), Some("A_b-2.txt"));
        assert_eq!(std::fs::read(b).expect("reads"), b"2");
        assert_eq!(folder.written, 2);
    }
}
