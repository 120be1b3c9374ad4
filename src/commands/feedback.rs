//! Feedback files: one file per student in a folder, named after the
//! student's id, written with [`save`](super::save).
//!
//! Ids are untrusted, so a file name is derived from the id, never taken
//! as it is: [`file_stem`] keeps letters, digits and most punctuation but
//! drops path separators, control characters, characters Windows forbids,
//! leading dots (no `..`, no hidden files) and device names (`CON`, `NUL`,
//! …), and bounds the length. Two ids that come out the same (`a/b` and
//! `a_b`, or `Alice` and `alice` on a file system that ignores case) get
//! `-2`, `-3`, … in the order they are written, so the names depend only on
//! the order of the input. A link planted in the folder is replaced, never
//! followed: nothing is written outside the folder.

use super::save::{save, Existing, Links, SaveRule};
use crate::error::{Error, Result};
use crate::report::feedback::{self, FeedbackFormat};
use crate::score::Report;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest file stem, in bytes (file systems allow 255 for the whole name).
const MAX_STEM_BYTES: usize = 100;

/// Names Windows reserves for devices, whatever the extension.
const DEVICE_NAMES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A folder of feedback files being written.
pub struct FeedbackFolder {
    folder: PathBuf,
    format: FeedbackFormat,
    /// The file names given so far, in lower case.
    taken: HashSet<String>,
}

impl FeedbackFolder {
    /// Creates the folder if it is missing.
    pub fn create(folder: &Path, format: FeedbackFormat) -> Result<FeedbackFolder> {
        std::fs::create_dir_all(folder).map_err(|source| Error::Io {
            path: folder.to_path_buf(),
            source,
        })?;
        Ok(FeedbackFolder {
            folder: folder.to_path_buf(),
            format,
            taken: HashSet::new(),
        })
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The form of the files.
    pub fn format(&self) -> FeedbackFormat {
        self.format
    }

    /// Writes one student's feedback from all their reports; returns the file.
    pub fn write(&mut self, id: &str, reports: &[Report]) -> Result<PathBuf> {
        let format = self.format;
        self.save(id, |out| feedback::render(out, format, id, reports))
    }

    /// Writes one student's feedback already rendered (by [`feedback::render`]
    /// in this folder's format, on a grading thread); returns the file.
    pub fn write_rendered(&mut self, id: &str, rendered: &[u8]) -> Result<PathBuf> {
        self.save(id, |out| out.write_all(rendered))
    }

    fn save(
        &mut self,
        id: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<PathBuf> {
        let name = self.file_name(id);
        let rule = SaveRule {
            existing: Existing::Replace,
            links: Links::Replace,
            durable: false,
        };
        save(&self.folder.join(name), rule, fill)
    }

    /// The next free file name for `id`.
    fn file_name(&mut self, id: &str) -> String {
        let stem = file_stem(id);
        let extension = self.format.extension();
        let mut name = format!("{stem}.{extension}");
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}.{extension}");
        }
        name
    }
}

/// A file stem made from an id, safe on any file system: see the module's notes.
pub fn file_stem(id: &str) -> String {
    let mut stem: String = id
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    stem = stem
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    if stem.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
        stem = stem.trim_end_matches(['.', ' ']).to_string();
    }
    let device = stem
        .split('.')
        .next()
        .is_some_and(|base| DEVICE_NAMES.contains(&base.trim_end().to_lowercase().as_str()));
    if device {
        stem.insert(0, '_');
    }
    if stem.trim_matches('_').is_empty() {
        // Nothing of the id is left to tell students apart by; the numbers
        // that follow clashes still do.
        stem = format!("student{stem}");
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn stem(id: &str, expected: &str) {
        assert_eq!(file_stem(id), expected, "{id:?}");
    }

    #[test]
    fn ids_become_safe_file_stems() {
        stem("alice", "alice");
        stem("Zoë Brontë", "Zoë Brontë");
        stem("学生一", "学生一");
        stem("../../etc/passwd", "_.._etc_passwd");
        stem("..", "student");
        stem(".hidden", "hidden");
        stem("a/b\\c", "a_b_c");
        stem("bell\u{7}and\nline", "bell_and_line");
        stem("C:evil", "C_evil");
        stem("con", "_con");
        stem("NUL.txt", "_NUL.txt");
        stem("console", "console");
        stem("/", "student_");
        stem("trailing. ", "trailing");
        let long = "é".repeat(80);
        let cut = file_stem(&long);
        assert!(cut.len() <= MAX_STEM_BYTES && cut.chars().all(|c| c == 'é'));
    }

    #[test]
    fn one_student_gets_one_file_from_all_their_reports() {
        let rubrics = crate::rubric::load_builtin().expect("built-in rubrics");
        let report = |question: &str, answer: &str| {
            let rubric = crate::rubric::find(&rubrics, question).expect("question");
            crate::score::grade(&crate::matching::compile(rubric).expect("compiles"), answer)
        };
        let reports = [
            report("definition", "Stakhanovism was a Soviet movement."),
            report("five-year-plans", "Workers competed to beat their targets."),
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        let mut folder =
            FeedbackFolder::create(&dir.path().join("fb"), FeedbackFormat::Html).expect("made");
        let path = folder.write("../ann", &reports).expect("writes");
        assert_eq!(path, dir.path().join("fb").join("_ann.html"));
        let page = std::fs::read_to_string(path).expect("reads");
        assert!(page.contains("<h1>Feedback for ../ann</h1>"), "{page}");
        assert!(page.contains("<h2>definition: ") && page.contains("<h2>five-year-plans: "));
    }

    #[test]
    fn clashing_names_are_numbered_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut folder = FeedbackFolder::create(dir.path(), FeedbackFormat::Text).expect("made");
        let names: Vec<String> = ["a", "a", "A", "a-2", "a/b", "a_b"]
            .iter()
            .map(|id| folder.file_name(id))
            .collect();
        assert_eq!(
            names,
            [
                "a.txt",
                "a-2.txt",
                "A-3.txt",
                "a-2-2.txt",
                "a_b.txt",
                "a_b-2.txt"
            ]
        );
    }
}
