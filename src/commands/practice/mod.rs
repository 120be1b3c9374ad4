//! `markpoint practice`: pick a question, answer it, see what was missed, try
//! again, see the model answer; every graded attempt, with its text, goes to
//! the history.
//!
//! It is a conversation, so the streams are kept apart: the menu, the
//! question and the prompts go to stderr, the results (each report, the model
//! answer) to stdout, which is flushed before every prompt so the two stay in
//! order on a terminal. At a terminal the answers and choices are typed into a
//! line editor ([`input`]); piped input is read line by line, so a script can
//! drive a whole session. Ctrl-C drops the answer being typed and goes back
//! to the questions (at the menu itself it leaves); Ctrl-D on an empty prompt,
//! or the end of piped input, ends the session normally. Each attempt is
//! saved with one append of a whole line, so nothing is left half-written.

pub mod input;
pub mod model;
mod picker;

use super::{
    answer_from_bytes, input::guessed_note, load_rubrics_adding, read_typed_answer, stderr_error,
    stdout_error, Console, Outcome,
};
use crate::error::{Error, Result};
use crate::history::{self, Attempt};
use crate::matching;
use crate::report::text;
use crate::report::wrap::{fill, Piece};
use crate::rubric::{self, Rubric};
use crate::score::{grade, PointResult, Report};
use crate::text::columns::{pad_end, width};
use crate::text::sanitize::for_terminal;
use input::{edit_externally, edit_requested, Reply, Terminal};
use picker::Picker;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Longest menu choice read, in bytes; the rest of a longer line is ignored.
const CHOICE_LIMIT: u64 = 4096;

/// Options of `practice`.
#[derive(Debug, Clone, Default)]
pub struct PracticeOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// The question to start with; none means a menu (or `random`).
    pub question: Option<String>,
    /// Start with a random question, and go on to random ones.
    pub random: bool,
    /// The history file; `None` when there is nowhere to keep one.
    pub history: Option<PathBuf>,
    /// The width to wrap the results (stdout) to; `None`: no wrapping.
    pub width: Option<usize>,
    /// The width to wrap the menu, questions and prompts (stderr) to.
    pub prompt_width: Option<usize>,
}

/// What the student chose after a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Go on to another question.
    Question,
    /// Back to the menu of questions.
    Menu,
    /// Stop practising.
    Quit,
}

/// A choice after a graded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// Answer the same question again.
    Again,
    /// Answer it again in the external editor.
    Edit,
    /// Show the model answer.
    Model,
    /// Go on to the next question.
    Next,
    /// Back to the menu of questions.
    Menu,
    /// Stop.
    Quit,
}

/// Where the student's words come from.
enum Source {
    /// Standard input, line by line (a pipe, or a terminal that cannot edit).
    Piped,
    /// The line editors on the terminal.
    Terminal(Box<Terminal>),
}

/// A practice session: its options, its streams and where input comes from.
struct Session<'s, 'c> {
    options: &'s PracticeOptions,
    console: &'s mut Console<'c>,
    source: Source,
}

/// Runs a practice session until the student quits or input ends.
pub fn run(options: &PracticeOptions, console: &mut Console) -> Result<Outcome> {
    let rubrics = load_rubrics_adding(
        options.rubrics.as_deref(),
        &options.add_rubrics,
        console.err,
    )?;
    if rubrics.is_empty() {
        return Err(Error::Usage(
            "there are no questions to practise".to_string(),
        ));
    }
    let source = match console.input_is_terminal {
        true => Terminal::open().map_or(Source::Piped, |t| Source::Terminal(Box::new(t))),
        false => Source::Piped,
    };
    let mut session = Session {
        options,
        console,
        source,
    };
    if options.history.is_none() {
        session.say(
            "markpoint: warning: there is no data folder to keep the history in; \
             attempts are not saved (use --history PATH)",
        )?;
    }
    let mut picker = Picker::seeded();
    let mut current = match &options.question {
        Some(id) => {
            let wanted = &rubric::find(&rubrics, id)?.id;
            rubrics.iter().position(|r| &r.id == wanted)
        }
        None if options.random => Some(picker.below(rubrics.len())),
        None => session.choose(&rubrics)?,
    };
    while let Some(index) = current {
        current = match session.practise(&rubrics, index)? {
            Next::Quit => None,
            Next::Menu => session.choose(&rubrics)?,
            Next::Question if options.random => Some(picker.other_than(index, rubrics.len())),
            Next::Question => Some((index + 1) % rubrics.len()),
        };
    }
    Ok(Outcome::Success)
}

impl Session<'_, '_> {
    /// Works on one question until the student moves on or stops.
    fn practise(&mut self, rubrics: &[Rubric], index: usize) -> Result<Next> {
        let rubric = &rubrics[index];
        let compiled = matching::compile(rubric)?;
        let earlier = self.earlier_answers(&rubric.id);
        if let Source::Terminal(terminal) = &mut self.source {
            terminal.recall(&earlier)?;
        }
        let mut missed: Vec<PointResult> = Vec::new();
        // "add:", or "also:" after an answer at full marks (see report::missed_point_label).
        let mut missed_label = "add:";
        let mut previous = String::new();
        let mut in_editor = false;
        loop {
            self.show_question(rubric, index, rubrics.len(), &missed, missed_label)?;
            let typed = if in_editor {
                format!("{previous}\n{}", input::EDIT_COMMAND)
            } else {
                match self.read_answer(&previous)? {
                    Reply::Given(typed) => typed,
                    Reply::Cancelled => {
                        self.say("Answer dropped.")?;
                        return Ok(Next::Menu);
                    }
                    Reply::Ended => return Ok(Next::Quit),
                }
            };
            in_editor = false;
            let answer = match edit_requested(&typed) {
                Some(before) => edit_externally(before),
                None => answer_from_bytes(Path::new("<stdin>"), typed.into_bytes())
                    .map(|answer| answer.text),
            };
            let answer = match answer {
                // Trailing blank lines and spaces mean nothing; without them the
                // history and a retry start from the text itself.
                Ok(answer) => answer.trim_end().to_string(),
                Err(error) => {
                    let message = for_terminal(&error.to_string(), false);
                    self.say(&format!("markpoint: error: {message}"))?;
                    continue;
                }
            };
            let report = grade(&compiled, &answer);
            // Saved first: a graded attempt counts even if stdout has gone away.
            self.save(&report, &answer)?;
            text::render_wrapped(self.console.out, &report, false, self.options.width)
                .map_err(stdout_error)?;
            missed = report
                .points
                .iter()
                .filter(|p| !p.covered)
                .cloned()
                .collect();
            missed_label = crate::report::missed_point_label(&report);
            previous = answer;
            loop {
                match self.ask_what_next()? {
                    Choice::Again => break,
                    Choice::Edit => {
                        in_editor = true;
                        break;
                    }
                    Choice::Model => {
                        model::show(self.console.out, &compiled, &report, self.options.width)?
                    }
                    Choice::Next => return Ok(Next::Question),
                    Choice::Menu => return Ok(Next::Menu),
                    Choice::Quit => return Ok(Next::Quit),
                }
            }
        }
    }

    /// The earlier answers to a question kept in the history, oldest first
    /// (none when there is no history or it cannot be read: recalling them
    /// is a convenience, not worth stopping for).
    fn earlier_answers(&self, question: &str) -> Vec<String> {
        let Some(path) = &self.options.history else {
            return Vec::new();
        };
        history::load(path)
            .map(|loaded| {
                loaded
                    .attempts
                    .into_iter()
                    .filter(|a| a.question == question)
                    .filter_map(|a| a.answer)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Reads an answer: at a terminal, in the line editor starting from the
    /// previous answer (blank entries are asked again); from a pipe, lines
    /// up to an empty one.
    fn read_answer(&mut self, previous: &str) -> Result<Reply> {
        self.console.out.flush().map_err(stdout_error)?;
        match &mut self.source {
            Source::Terminal(terminal) => loop {
                match terminal.answer(previous)? {
                    Reply::Given(typed) if typed.trim().is_empty() => {}
                    reply => return Ok(reply),
                }
            },
            Source::Piped => loop {
                let Some(bytes) = read_typed_answer(self.console.input).map_err(stdin_error)?
                else {
                    return Ok(Reply::Ended);
                };
                match String::from_utf8(bytes) {
                    Ok(typed) => return Ok(Reply::Given(typed)),
                    // Not UTF-8: read in the guessed encoding, with a note, or
                    // reported where the bad bytes are.
                    Err(bad) => match answer_from_bytes(Path::new("<stdin>"), bad.into_bytes()) {
                        Ok(answer) => {
                            if answer.guessed {
                                let note = format!("markpoint: note: {}", guessed_note("<stdin>"));
                                self.say(&note)?;
                            }
                            return Ok(Reply::Given(answer.text));
                        }
                        Err(error) => {
                            let message = for_terminal(&error.to_string(), false);
                            self.say(&format!("markpoint: error: {message}"))?
                        }
                    },
                }
            },
        }
    }

    /// The numbered menu of questions; `None` when the student quits or input ends.
    fn choose(&mut self, rubrics: &[Rubric]) -> Result<Option<usize>> {
        let number_width = rubrics.len().to_string().len();
        let id_width = rubrics
            .iter()
            .map(|r| width(&for_terminal(&r.id, false)))
            .max()
            .unwrap_or(0);
        self.say("Questions:")?;
        for (n, rubric) in rubrics.iter().enumerate() {
            let lead = format!(
                "  {:>number_width$}. {}  ",
                n + 1,
                pad_end(&for_terminal(&rubric.id, false), id_width),
            );
            let question = Piece::Words(for_terminal(&rubric.question, false));
            self.say_wrapped(&lead, &[question], number_width + id_width + 6)?;
        }
        loop {
            let prompt = format!("Choose a question (1-{}, or q to quit): ", rubrics.len());
            let choice = match self.ask(&prompt)? {
                Reply::Given(choice) => choice,
                Reply::Cancelled | Reply::Ended => return Ok(None),
            };
            match pick(rubrics, &choice) {
                Ok(picked) => return Ok(picked),
                Err(()) if choice.is_empty() => {}
                Err(()) => self.say(&format!(
                    "There is no question {:?}: type a number from 1 to {}.",
                    for_terminal(&choice, false),
                    rubrics.len()
                ))?,
            }
        }
    }

    /// Shows the question (after the points missed last time, on a retry) and how to answer.
    fn show_question(
        &mut self,
        rubric: &Rubric,
        index: usize,
        count: usize,
        missed: &[PointResult],
        missed_label: &str,
    ) -> Result<()> {
        self.say("")?;
        if !missed.is_empty() {
            self.say("Last time you missed:")?;
            for point in missed {
                let words = Piece::Words(format!(
                    "✘ {}  {}",
                    for_terminal(&point.id, false),
                    for_terminal(&point.label, false)
                ));
                self.say_wrapped("  ", &[words], 6)?;
                self.say_wrapped(
                    "      ",
                    &[Piece::Words(format!("{missed_label} {}", point.hint))],
                    11,
                )?;
            }
            self.say("")?;
        }
        let heading = format!(
            "Question {} of {count}: {} ({})",
            index + 1,
            for_terminal(&rubric.id, false),
            for_terminal(&rubric.topic, false)
        );
        self.say_wrapped("", &[Piece::Words(heading)], 2)?;
        self.say_wrapped(
            "",
            &[Piece::Words(for_terminal(&rubric.question, false))],
            0,
        )?;
        let how = match self.source {
            Source::Piped => "Type your answer; finish with an empty line or Ctrl-D.",
            Source::Terminal(_) => {
                "Type your answer; finish with an empty line (Enter twice). \
                 Up recalls earlier answers; a last line :edit opens your editor; \
                 Ctrl-C drops the answer; Ctrl-D on an empty prompt leaves."
            }
        };
        self.say_wrapped("", &[Piece::Words(how.to_string())], 0)
    }

    /// Asks what to do after a graded attempt; end of input means quit, Ctrl-C the menu.
    fn ask_what_next(&mut self) -> Result<Choice> {
        let prompt = "[t] try again, [e] editor, [m] model answer, [n] next, [q] quit: ";
        loop {
            let choice = match self.ask(prompt)? {
                Reply::Given(choice) => choice.to_lowercase(),
                Reply::Cancelled => return Ok(Choice::Menu),
                Reply::Ended => return Ok(Choice::Quit),
            };
            match choice.chars().next() {
                None => {}
                Some('t' | 'a' | 'r') => return Ok(Choice::Again),
                Some('e') if choice != "exit" => return Ok(Choice::Edit),
                Some('m') => return Ok(Choice::Model),
                Some('n') => return Ok(Choice::Next),
                _ if is_quit(&choice) => return Ok(Choice::Quit),
                Some(_) => self.say("Type t, e, m, n or q.")?,
            }
        }
    }

    /// Appends the attempt to the history; a failure is a warning, not the end of the session.
    fn save(&mut self, report: &Report, answer: &str) -> Result<()> {
        let Some(path) = &self.options.history else {
            return Ok(());
        };
        let attempt = Attempt::from_report(report, answer, history::now());
        match history::append(path, &attempt) {
            Ok(()) => Ok(()),
            Err(error) => self.say(&format!(
                "markpoint: warning: this attempt was not saved: {}",
                for_terminal(&error.to_string(), false)
            )),
        }
    }

    /// Writes a prompt and reads one line (trimmed).
    fn ask(&mut self, prompt: &str) -> Result<Reply> {
        self.console.out.flush().map_err(stdout_error)?;
        if let Source::Terminal(terminal) = &mut self.source {
            self.console.err.flush().map_err(stderr_error)?;
            return Ok(match terminal.choice(prompt)? {
                Reply::Given(line) => Reply::Given(line.trim().to_string()),
                other => other,
            });
        }
        let console = &mut *self.console;
        write!(console.err, "{prompt}").map_err(stderr_error)?;
        console.err.flush().map_err(stderr_error)?;
        let mut line = Vec::new();
        let read = Read::take(&mut *console.input, CHOICE_LIMIT)
            .read_until(b'\n', &mut line)
            .map_err(stdin_error)?;
        if read == 0 {
            // Leave the terminal on a fresh line after Ctrl-D.
            self.say("")?;
            return Ok(Reply::Ended);
        }
        if line.last() != Some(&b'\n') {
            // An over-long line: drop the rest of it.
            let mut rest = Vec::new();
            console
                .input
                .read_until(b'\n', &mut rest)
                .map_err(stdin_error)?;
        }
        if !console.input_is_terminal {
            // Piped input is not echoed: end the prompt's line ourselves.
            self.say("")?;
        }
        Ok(Reply::Given(
            String::from_utf8_lossy(&line).trim().to_string(),
        ))
    }

    /// Writes a line to stderr (wrapped to the prompt width), after flushing
    /// the results written so far.
    fn say(&mut self, line: &str) -> Result<()> {
        self.say_wrapped("", &[Piece::Words(line.to_string())], 2)
    }

    /// Writes a line to stderr wrapped to the prompt width (see [`fill`]).
    fn say_wrapped(&mut self, lead: &str, pieces: &[Piece], hang: usize) -> Result<()> {
        self.console.out.flush().map_err(stdout_error)?;
        for line in fill(lead, pieces, hang, self.options.prompt_width) {
            writeln!(self.console.err, "{line}").map_err(stderr_error)?;
        }
        Ok(())
    }
}

/// A menu choice: a number, a question id, or q to quit (`Ok(None)`).
fn pick(rubrics: &[Rubric], choice: &str) -> std::result::Result<Option<usize>, ()> {
    if is_quit(choice) {
        return Ok(None);
    }
    if let Ok(n) = choice.parse::<usize>() {
        return if (1..=rubrics.len()).contains(&n) {
            Ok(Some(n - 1))
        } else {
            Err(())
        };
    }
    rubrics
        .iter()
        .position(|r| r.id == choice)
        .map(Some)
        .ok_or(())
}

fn is_quit(choice: &str) -> bool {
    matches!(
        choice.to_lowercase().as_str(),
        "q" | "quit" | "exit" | "bye"
    )
}

fn stdin_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdin>"),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::CompiledRubric;
    use crate::text::{analyse, Span};
    use std::io::Cursor;

    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/photosynthesis.json"
    );

    fn fixture() -> CompiledRubric {
        let rubrics = rubric::load_path(Path::new(FIXTURE)).expect("fixture loads");
        matching::compile(&rubrics[0]).expect("compiles")
    }

    /// Runs a session on the fixture with `input` piped in; returns (status, stdout, stderr).
    fn session(options: &PracticeOptions, input: &str) -> (Result<Outcome>, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut input = Cursor::new(input.as_bytes().to_vec());
        let mut console = Console {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            input_is_terminal: false,
        };
        let result = run(options, &mut console);
        (
            result,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn each_model_sentence_is_marked_with_the_points_it_earns() {
        let compiled = fixture();
        let model = &compiled.rubric.model_answer;
        let graded = grade(&compiled, model);
        let sentences: Vec<Span> = analyse(model).sentences.iter().map(|s| s.span).collect();
        let marks = model::mark_sentences(&sentences, &graded);
        let ids =
            |n: usize| -> Vec<&str> { marks[n].iter().map(|&p| &*graded.points[p].id).collect() };
        assert_eq!(sentences.len(), 2);
        assert!(ids(0).contains(&"light-energy"), "{:?}", ids(0));
        assert!(ids(1).contains(&"oxygen"), "{:?}", ids(1));
        assert!(!ids(0).contains(&"oxygen"));
    }

    #[test]
    fn menu_choices_are_numbers_ids_or_quit() {
        let rubrics = rubric::load_path(Path::new(FIXTURE)).expect("fixture loads");
        assert_eq!(pick(&rubrics, "1"), Ok(Some(0)));
        assert_eq!(pick(&rubrics, "photosynthesis"), Ok(Some(0)));
        assert_eq!(pick(&rubrics, "Q"), Ok(None));
        assert_eq!(pick(&rubrics, "2"), Err(()));
        assert_eq!(pick(&rubrics, "0"), Err(()));
        assert_eq!(pick(&rubrics, "99999999999999999999999"), Err(()));
        assert_eq!(pick(&rubrics, ""), Err(()));
    }

    #[test]
    fn a_session_ends_cleanly_at_the_end_of_input_anywhere() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = PracticeOptions {
            rubrics: Some(PathBuf::from(FIXTURE)),
            history: Some(dir.path().join("h.jsonl")),
            ..PracticeOptions::default()
        };
        for input in [
            "",
            "1\n",
            "1\nPlants release oxygen.",
            "1\nPlants release oxygen.\n\n",
            "1\nPlants release oxygen.\n\nm\n",
            "1\nPlants release oxygen.\n\nt\n",
            "nonsense\n",
        ] {
            let (result, _, err) = session(&options, input);
            assert!(
                matches!(result, Ok(Outcome::Success)),
                "{input:?}: {result:?}"
            );
            assert!(err.contains("Questions:"), "{err}");
        }
    }

    #[test]
    fn an_empty_answer_is_asked_again() {
        let options = PracticeOptions {
            rubrics: Some(PathBuf::from(FIXTURE)),
            question: Some("photosynthesis".to_string()),
            ..PracticeOptions::default()
        };
        let (result, out, err) = session(&options, "...\n\nPlants release oxygen.\n\nq\n");
        assert!(result.is_ok());
        assert!(err.contains("the answer is empty"), "{err}");
        assert!(out.contains("✔ oxygen"), "{out}");
        assert!(err.contains("attempts are not saved"), "{err}");
    }
}
