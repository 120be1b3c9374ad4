//! Commands: the only code that reads files or stdin. Each takes a plain
//! options struct and a [`Console`], and returns an [`Outcome`] that `main`
//! turns into the exit code.

pub mod batch;
pub mod check;
pub mod feedback;
pub mod input;
pub mod list;
pub mod marked;
pub mod practice;
pub mod progress;
pub mod rubric_draft;
pub mod rubric_learn;
pub mod rubric_lint;
pub mod rubric_test;
pub mod save;
pub mod shell;

use crate::error::{Error, Result};
use crate::matching::{self, CompiledRubric};
use crate::rubric::{self, Rubric};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// Largest answer markpoint grades, in bytes.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was done (exit 0).
    Success,
    /// Done, but the result fails the bar asked for: an answer below
    /// `--min-score`, a rubric with lint errors, F1 below `--min-f1` (exit 1).
    Failing,
    /// Some inputs were bad and skipped; the rest were done (exit 2).
    SomeInputsBad,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::Failing => 1,
            Outcome::SomeInputsBad => 2,
        }
    }

    /// The worse of two outcomes.
    pub fn worst(self, other: Outcome) -> Outcome {
        if other.exit_code() > self.exit_code() {
            other
        } else {
            self
        }
    }
}

/// Where a command reads and writes: real stdio in `main`, buffers in tests.
pub struct Console<'a> {
    /// Results.
    pub out: &'a mut dyn Write,
    /// Diagnostics and prompts.
    pub err: &'a mut dyn Write,
    /// Standard input.
    pub input: &'a mut dyn BufRead,
    /// Whether standard input is a terminal (so a person is typing).
    pub input_is_terminal: bool,
}

/// An error writing results to stdout.
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

/// An error writing diagnostics or prompts to stderr.
pub fn stderr_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    }
}

/// Loads the rubrics from `--rubrics PATH`, or the built-in ones.
pub fn load_rubrics(path: Option<&Path>) -> Result<Vec<Rubric>> {
    match path {
        Some(path) => rubric::load_path(path),
        None => rubric::load_builtin(),
    }
}

/// Loads the rubrics from `--rubrics PATH` (or the built-in ones) and adds
/// those of each `--add-rubrics` path; an added question replaces one with
/// the same id, and a one-line note on `notes` (stderr) says so.
pub fn load_rubrics_adding(
    path: Option<&Path>,
    add: &[PathBuf],
    notes: &mut dyn Write,
) -> Result<Vec<Rubric>> {
    let mut rubrics = load_rubrics(path)?;
    for extra in add {
        for note in rubric::merge(&mut rubrics, rubric::load_path(extra)?) {
            writeln!(notes, "markpoint: note: {note}").map_err(stderr_error)?;
        }
    }
    Ok(rubrics)
}

/// Loads and compiles the rubric for `question`: of the built-in ones, only that one.
pub fn compiled_question(path: Option<&Path>, question: &str) -> Result<CompiledRubric> {
    match path {
        Some(path) => matching::compile(rubric::find(&rubric::load_path(path)?, question)?),
        None => matching::compile_builtin(rubric::load_builtin_question(question)?),
    }
}

/// Where an answer comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerSource {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl AnswerSource {
    /// The name used in messages and headings.
    pub fn name(&self) -> PathBuf {
        match self {
            AnswerSource::File(path) => path.clone(),
            AnswerSource::Stdin => PathBuf::from("<stdin>"),
        }
    }

    /// `-` means standard input.
    pub fn from_arg(arg: &Path) -> AnswerSource {
        if arg == Path::new("-") {
            AnswerSource::Stdin
        } else {
            AnswerSource::File(arg.to_path_buf())
        }
    }
}

/// An answer as read, and whether its encoding had to be guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The text.
    pub text: String,
    /// Whether it was not UTF-8 and was read as [`input::GUESSED_ENCODING`]
    /// (the caller gives [`input::guessed_note`]).
    pub guessed: bool,
}

/// Reads an answer: at most [`MAX_ANSWER_BYTES`], text in any encoding
/// [`input::decode`] reads (or a Word document, by its `.docx` name), not empty.
pub fn read_answer(source: &AnswerSource, input: &mut dyn BufRead) -> Result<Answer> {
    let name = source.name();
    let mut bytes = Vec::new();
    let io = |e| Error::Io {
        path: name.clone(),
        source: e,
    };
    match source {
        AnswerSource::File(path) if is_word_document(path) => {
            let file = std::fs::File::open(path).map_err(io)?;
            let text = input::docx::text(std::io::BufReader::new(file)).map_err(|reason| {
                Error::NotText {
                    path: name.clone(),
                    reason,
                }
            })?;
            return Ok(Answer {
                text: answer_from_text(&name, text)?,
                guessed: false,
            });
        }
        AnswerSource::File(path) => {
            let file = std::fs::File::open(path).map_err(io)?;
            file.take(MAX_ANSWER_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(io)?;
        }
        AnswerSource::Stdin => {
            input
                .take(MAX_ANSWER_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(io)?;
        }
    }
    answer_from_bytes(&name, bytes)
}

/// Whether a file is a Word document, by its name (`.docx`).
pub fn is_word_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Checks an answer's bytes: size, then text in any encoding [`input::decode`] reads, not empty.
pub fn answer_from_bytes(name: &Path, bytes: Vec<u8>) -> Result<Answer> {
    check_size(name, bytes.len())?;
    let decoded = input::decode(&bytes).map_err(|reason| Error::NotText {
        path: name.to_path_buf(),
        reason,
    })?;
    Ok(Answer {
        text: answer_from_text(name, decoded.text)?,
        guessed: decoded.guessed,
    })
}

/// Checks an answer's text: size, not empty.
pub fn answer_from_text(name: &Path, text: String) -> Result<String> {
    check_size(name, text.len())?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if !crate::text::has_words(&text) {
        return Err(Error::EmptyAnswer {
            path: name.to_path_buf(),
        });
    }
    Ok(text)
}

fn check_size(name: &Path, size: usize) -> Result<()> {
    if size > MAX_ANSWER_BYTES {
        return Err(Error::AnswerTooLarge {
            path: name.to_path_buf(),
            size,
            limit: MAX_ANSWER_BYTES,
        });
    }
    Ok(())
}

/// Asks a person at a terminal for an answer: lines until an empty line or end of input.
pub fn prompt_answer(console: &mut Console, rubric: &Rubric) -> Result<Answer> {
    let io = |e| Error::Io {
        path: PathBuf::from("<stdin>"),
        source: e,
    };
    writeln!(
        console.err,
        "{}",
        crate::text::sanitize::for_terminal(&rubric.question, false)
    )
    .map_err(io)?;
    // At a terminal that can edit lines, the same editor as `practice`.
    if let Some(mut terminal) = console
        .input_is_terminal
        .then(practice::input::Terminal::open)
        .flatten()
    {
        writeln!(
            console.err,
            "Type your answer; finish with an empty line (Enter twice). \
             A last line :edit opens your editor; Ctrl-C or Ctrl-D leaves."
        )
        .map_err(io)?;
        let typed = match terminal.answer("")? {
            practice::input::Reply::Given(typed) => typed,
            practice::input::Reply::Cancelled | practice::input::Reply::Ended => String::new(),
        };
        let text = match practice::input::edit_requested(&typed) {
            Some(before) => practice::input::edit_externally(before)?,
            None => typed,
        };
        return answer_from_bytes(Path::new("<stdin>"), text.into_bytes());
    }
    writeln!(
        console.err,
        "Type your answer; finish with an empty line or Ctrl-D."
    )
    .map_err(io)?;
    let answer = read_typed_answer(console.input).map_err(io)?;
    answer_from_bytes(Path::new("<stdin>"), answer.unwrap_or_default())
}

/// Reads a typed answer: lines until an empty line (once something was
/// typed) or end of input; blank lines before the answer are skipped.
/// `None` when input ends before anything was typed (Ctrl-D at the prompt).
///
/// Bytes, not a `String`, so that invalid UTF-8 is reported by
/// [`answer_from_bytes`] with its offset; reading stops past
/// [`MAX_ANSWER_BYTES`] so that the caller reports the answer as too large.
pub fn read_typed_answer(input: &mut dyn BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut answer = Vec::new();
    let blank = |line: &[u8]| line.iter().all(u8::is_ascii_whitespace);
    loop {
        let mut line = Vec::new();
        let read = input.read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(if blank(&answer) { None } else { Some(answer) });
        }
        if blank(&line) && !blank(&answer) {
            return Ok(Some(answer));
        }
        answer.extend(line);
        if answer.len() > MAX_ANSWER_BYTES {
            return Ok(Some(answer));
        }
    }
}
