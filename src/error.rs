//! The one error type: every variant says where the problem is.

use std::path::PathBuf;

/// Everything that can go wrong with user input; each message names the file
/// (and line, column, point id where they apply).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A file was not valid UTF-8.
    #[error("{path}: not valid UTF-8 text (first bad byte at offset {offset})")]
    InvalidUtf8 {
        /// The file that failed.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A file's bytes are not text markpoint can read (binary data, a broken Word document).
    #[error("{path}: {reason}")]
    NotText {
        /// The file that failed.
        path: PathBuf,
        /// Why it is not text.
        reason: String,
    },
    /// An answer had no words in it.
    #[error("{path}: the answer is empty")]
    EmptyAnswer {
        /// Where the answer came from.
        path: PathBuf,
    },
    /// An answer was larger than markpoint grades.
    #[error("{path}: the answer is too large ({size} bytes; the limit is {limit} bytes)")]
    AnswerTooLarge {
        /// Where the answer came from.
        path: PathBuf,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A rubric file is broken.
    #[error("{path}:{line}:{column}: {message}")]
    Rubric {
        /// The rubric file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, naming the point where there is one.
        message: String,
    },
    /// No rubric has the requested question id.
    #[error(
        "unknown question {id:?}; {}the questions are: {}",
        crate::suggest::hint(id, available.iter().map(String::as_str)),
        available.join(", ")
    )]
    UnknownQuestion {
        /// The id asked for.
        id: String,
        /// The ids there are.
        available: Vec<String>,
    },
    /// The command line asked for something that cannot be done.
    #[error("{0}")]
    Usage(String),
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
