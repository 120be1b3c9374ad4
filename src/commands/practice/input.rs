//! How `practice` reads what the student types.
//!
//! At a terminal, through a line editor (rustyline): arrows, Home/End and
//! the usual Emacs keys edit the text before it is graded, so no escape
//! sequence ever reaches the answer; an answer may run over several lines
//! and ends with an empty line; Up recalls the earlier answers to the same
//! question (from the history file); a retry starts from the previous answer;
//! Ctrl-C cancels and Ctrl-D on an empty prompt leaves. The editor talks to
//! the terminal itself (`/dev/tty`), so stdout keeps only the results.
//!
//! From a pipe, line by line as before, so that a script can drive a session.
//!
//! Either way an answer whose last line is `:edit` opens `$VISUAL` or
//! `$EDITOR` on the text before it, in a temporary file, and the file as
//! saved is the answer.

use super::super::{answer_from_bytes, MAX_ANSWER_BYTES};
use crate::error::{Error, Result};
use crate::text::sanitize::for_terminal;
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Behavior, Cmd, ConditionalEventHandler, Config, Editor, Event, EventContext, EventHandler,
    Helper, KeyCode, KeyEvent, Modifiers, RepeatCount,
};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The line that, ending an answer, opens the external editor on it.
pub const EDIT_COMMAND: &str = ":edit";

/// The prompt of an answer at a terminal.
const ANSWER_PROMPT: &str = "> ";

/// What a prompt got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Text (possibly empty).
    Given(String),
    /// Ctrl-C: drop what was being typed.
    Cancelled,
    /// Ctrl-D on an empty prompt, or the end of piped input: leave.
    Ended,
}

/// The line editors of a session at a terminal: one for answers (multi-line,
/// with the question's earlier answers as its history), one for menu choices.
pub struct Terminal {
    answers: Editor<AnswerLines, DefaultHistory>,
    choices: Editor<(), DefaultHistory>,
}

impl Terminal {
    /// Line editors on the terminal; `None` when the terminal cannot do line
    /// editing (`TERM=dumb` and the like), so that input is read plainly.
    pub fn open() -> Option<Terminal> {
        // The terminals rustyline cannot drive; it would fall back to plain reads.
        let dumb = std::env::var("TERM").is_ok_and(|term| {
            ["dumb", "cons25", "emacs"]
                .iter()
                .any(|name| term.eq_ignore_ascii_case(name))
        });
        if dumb {
            return None;
        }
        let config = Config::builder()
            .auto_add_history(false)
            .behavior(Behavior::PreferTerm)
            .build();
        let mut answers = Editor::with_config(config.clone()).ok()?;
        answers.set_helper(Some(AnswerLines));
        answers.bind_sequence(
            KeyEvent(KeyCode::Enter, Modifiers::NONE),
            EventHandler::Conditional(Box::new(EnterInsideGrades)),
        );
        let choices = Editor::with_config(config).ok()?;
        Some(Terminal { answers, choices })
    }

    /// Makes `earlier` (oldest first) the answers Up recalls.
    pub fn recall(&mut self, earlier: &[String]) -> Result<()> {
        let history = self.answers.history_mut();
        history.clear().map_err(terminal_error)?;
        for answer in earlier {
            // Answers are untrusted: the editor would show an escape byte raw.
            let shown = for_terminal(answer.trim(), true);
            history.add(&shown).map_err(terminal_error)?;
        }
        Ok(())
    }

    /// Reads an answer, starting from `initial` (editable; control characters
    /// in it, say from a file saved by an editor, are shown as visible escapes).
    pub fn answer(&mut self, initial: &str) -> Result<Reply> {
        let initial = for_terminal(initial.trim(), true);
        let read = self
            .answers
            .readline_with_initial(ANSWER_PROMPT, (&initial, ""));
        let reply = reply(read)?;
        if let Reply::Given(text) = &reply {
            if !text.trim().is_empty() {
                self.answers
                    .add_history_entry(text.trim())
                    .map_err(terminal_error)?;
            }
        }
        Ok(reply)
    }

    /// Reads a menu choice after `prompt`.
    pub fn choice(&mut self, prompt: &str) -> Result<Reply> {
        reply(self.choices.readline(prompt))
    }
}

/// The line editor's outcome as a [`Reply`].
fn reply(read: rustyline::Result<String>) -> Result<Reply> {
    match read {
        Ok(text) => Ok(Reply::Given(text)),
        Err(rustyline::error::ReadlineError::Interrupted) => Ok(Reply::Cancelled),
        Err(rustyline::error::ReadlineError::Eof) => Ok(Reply::Ended),
        Err(error) => Err(terminal_error(error)),
    }
}

fn terminal_error(error: rustyline::error::ReadlineError) -> Error {
    let source = match error {
        rustyline::error::ReadlineError::Io(source) => source,
        other => std::io::Error::other(other),
    };
    Error::Io {
        path: PathBuf::from("<terminal>"),
        source,
    }
}

/// The answer editor's rules: Enter adds a line until the answer ends with an
/// empty line (or is empty, or ends with [`EDIT_COMMAND`]).
struct AnswerLines;

impl Helper for AnswerLines {}

impl Completer for AnswerLines {
    type Candidate = String;
}

impl Hinter for AnswerLines {
    type Hint = String;
}

impl Highlighter for AnswerLines {}

impl Validator for AnswerLines {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if answer_is_finished(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

/// Enter with the cursor inside the text (after moving back to fix a word)
/// grades the answer as it stands, as Enter does at a shell prompt, rather
/// than splitting the line there; at the end of the text it follows
/// [`answer_is_finished`].
struct EnterInsideGrades;

impl ConditionalEventHandler for EnterInsideGrades {
    fn handle(
        &self,
        _event: &Event,
        _count: RepeatCount,
        _positive: bool,
        context: &EventContext,
    ) -> Option<Cmd> {
        let line = context.line();
        let at_end = line[context.pos()..].trim_end().is_empty();
        (!at_end && !line.trim().is_empty()).then_some(Cmd::AcceptLine)
    }
}

/// Whether Enter ends an answer typed so far: it is empty, its last line is
/// empty, or its last line asks for the external editor.
pub fn answer_is_finished(typed: &str) -> bool {
    let last_line = typed.rsplit('\n').next().unwrap_or(typed);
    typed.trim().is_empty()
        || (typed.contains('\n') && last_line.trim().is_empty())
        || last_line.trim() == EDIT_COMMAND
}

/// The text before a closing [`EDIT_COMMAND`] line, when the answer ends with one.
pub fn edit_requested(answer: &str) -> Option<&str> {
    let trimmed = answer.trim_end();
    let (before, last) = trimmed.rsplit_once('\n').unwrap_or(("", trimmed));
    (last.trim() == EDIT_COMMAND).then_some(before)
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens the external editor on `initial` in a temporary file and returns
/// the text saved there. The command may carry arguments (`code --wait`);
/// the file's name is added last. The file is removed afterwards.
pub fn edit_externally(initial: &str) -> Result<String> {
    let command = editor_command();
    let mut file = tempfile::Builder::new()
        .prefix("markpoint-answer-")
        .suffix(".txt")
        .tempfile()
        .map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    let path = file.path().to_path_buf();
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let mut text = initial.trim_end().to_string();
    if !text.is_empty() {
        text.push('\n');
    }
    file.write_all(text.as_bytes()).map_err(io)?;
    file.flush().map_err(io)?;
    let mut words = command.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot run the editor `{command}` (set VISUAL or EDITOR): {e}"
            ))
        })?;
    if !status.success() {
        return Err(Error::Usage(format!(
            "the editor `{command}` failed ({status}); the answer was not graded"
        )));
    }
    // Read by name: many editors save by writing a new file over the old.
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_ANSWER_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    answer_from_bytes(Path::new("<editor>"), bytes).map(|answer| answer.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_ends_with_an_empty_line_or_the_edit_command() {
        for (typed, finished) in [
            ("", true),
            ("   ", true),
            ("Plants make sugar.", false),
            ("Plants make sugar.\n", true),
            ("Plants make sugar.\n  ", true),
            ("One line.\nTwo lines.", false),
            ("One line.\n:edit", true),
            (":edit", true),
        ] {
            assert_eq!(answer_is_finished(typed), finished, "{typed:?}");
        }
    }

    #[test]
    fn the_edit_command_is_found_only_on_the_last_line() {
        assert_eq!(edit_requested(":edit"), Some(""));
        assert_eq!(edit_requested("My answer.\n :edit \n"), Some("My answer."));
        assert_eq!(edit_requested(":edit\nMy answer."), None);
        assert_eq!(edit_requested("I :edit it"), None);
    }
}
