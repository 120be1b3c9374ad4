//! `markpoint practice`: pick a question, answer it, see what was missed, try
//! again, see the model answer; every graded attempt goes to the history.
//!
//! It is a conversation, so the streams are kept apart: the menu, the
//! question and the prompts go to stderr, the results (each report, the model
//! answer) to stdout, which is flushed before every prompt so the two stay in
//! order on a terminal. Input is read line by line, so a script can pipe a
//! whole session in. End of input at any prompt (Ctrl-D) ends the session
//! normally; Ctrl-C ends the process at once, and since each attempt is
//! saved with one append of a whole line, nothing is left half-written.

use super::{
    answer_from_bytes, load_rubrics_adding, read_typed_answer, stderr_error, stdout_error, Console,
    Outcome,
};
use crate::error::{Error, Result};
use crate::history::{self, Attempt};
use crate::matching::{self, CompiledRubric};
use crate::report::text;
use crate::rubric::{self, Rubric};
use crate::score::{grade, PointResult, Report};
use crate::text::sanitize::for_terminal;
use crate::text::{analyse, Span};
use colored::Colorize;
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
}

/// What the student chose after a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Go on to another question.
    Question,
    /// Stop practising.
    Quit,
}

/// A choice after a graded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// Answer the same question again.
    Again,
    /// Show the model answer.
    Model,
    /// Go on to the next question.
    Next,
    /// Stop.
    Quit,
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
    if options.history.is_none() {
        say(
            console,
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
        None => choose(console, &rubrics)?,
    };
    while let Some(index) = current {
        current = match practise(options, console, &rubrics, index)? {
            Next::Quit => None,
            Next::Question if options.random => Some(picker.other_than(index, rubrics.len())),
            Next::Question => Some((index + 1) % rubrics.len()),
        };
    }
    Ok(Outcome::Success)
}

/// Works on one question until the student moves on or stops.
fn practise(
    options: &PracticeOptions,
    console: &mut Console,
    rubrics: &[Rubric],
    index: usize,
) -> Result<Next> {
    let rubric = &rubrics[index];
    let compiled = matching::compile(rubric)?;
    let mut missed: Vec<PointResult> = Vec::new();
    loop {
        show_question(console, rubric, index, rubrics.len(), &missed)?;
        let Some(bytes) = read_typed_answer(console.input).map_err(stdin_error)? else {
            return Ok(Next::Quit);
        };
        let answer = match answer_from_bytes(Path::new("<stdin>"), bytes) {
            Ok(answer) => answer,
            Err(error) => {
                say(console, &format!("markpoint: error: {error}"))?;
                continue;
            }
        };
        let report = grade(&compiled, &answer);
        // Saved first: a graded attempt counts even if stdout has gone away.
        save(options, console, &report)?;
        text::render(console.out, &report, false).map_err(stdout_error)?;
        missed = report
            .points
            .iter()
            .filter(|p| !p.covered)
            .cloned()
            .collect();
        loop {
            match ask_what_next(console)? {
                Choice::Again => break,
                Choice::Model => show_model_answer(console, &compiled, &report)?,
                Choice::Next => return Ok(Next::Question),
                Choice::Quit => return Ok(Next::Quit),
            }
        }
    }
}

/// The numbered menu of questions; `None` when the student quits or input ends.
fn choose(console: &mut Console, rubrics: &[Rubric]) -> Result<Option<usize>> {
    let number_width = rubrics.len().to_string().len();
    let id_width = rubrics
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    say(console, "Questions:")?;
    for (n, rubric) in rubrics.iter().enumerate() {
        say(
            console,
            &format!(
                "  {:>number_width$}. {:id_width$}  {}",
                n + 1,
                for_terminal(&rubric.id, false),
                for_terminal(&rubric.question, false)
            ),
        )?;
    }
    loop {
        let prompt = format!("Choose a question (1-{}, or q to quit): ", rubrics.len());
        let Some(choice) = ask(console, &prompt)? else {
            return Ok(None);
        };
        match pick(rubrics, &choice) {
            Ok(picked) => return Ok(picked),
            Err(()) if choice.is_empty() => {}
            Err(()) => say(
                console,
                &format!(
                    "There is no question {:?}: type a number from 1 to {}.",
                    for_terminal(&choice, false),
                    rubrics.len()
                ),
            )?,
        }
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

/// Shows the question (after the points missed last time, on a retry) and how to answer.
fn show_question(
    console: &mut Console,
    rubric: &Rubric,
    index: usize,
    count: usize,
    missed: &[PointResult],
) -> Result<()> {
    say(console, "")?;
    if !missed.is_empty() {
        say(console, "Last time you missed:")?;
        for point in missed {
            say(console, &format!("  ✘ {}  {}", point.id, point.label))?;
            say(console, &format!("      add: {}", point.hint))?;
        }
        say(console, "")?;
    }
    say(
        console,
        &format!(
            "Question {} of {count}: {} ({})",
            index + 1,
            for_terminal(&rubric.id, false),
            for_terminal(&rubric.topic, false)
        ),
    )?;
    say(console, &for_terminal(&rubric.question, false))?;
    say(
        console,
        "Type your answer; finish with an empty line or Ctrl-D.",
    )
}

/// Asks what to do after a graded attempt; end of input means quit.
fn ask_what_next(console: &mut Console) -> Result<Choice> {
    let prompt = "[t] try again, [m] model answer, [n] next question, [q] quit: ";
    loop {
        let Some(choice) = ask(console, prompt)? else {
            return Ok(Choice::Quit);
        };
        let choice = choice.to_lowercase();
        match choice.chars().next() {
            None => {}
            Some('t' | 'a' | 'r') => return Ok(Choice::Again),
            Some('m') => return Ok(Choice::Model),
            Some('n') => return Ok(Choice::Next),
            _ if is_quit(&choice) => return Ok(Choice::Quit),
            Some(_) => say(console, "Type t, m, n or q.")?,
        }
    }
}

/// Shows the model answer sentence by sentence, each followed by the points
/// it earns: the rubric grades its own model answer, and each point's
/// evidence span says which sentence earns it.
fn show_model_answer(
    console: &mut Console,
    compiled: &CompiledRubric,
    student: &Report,
) -> Result<()> {
    let model = &compiled.rubric.model_answer;
    let graded = grade(compiled, model);
    let sentences: Vec<Span> = analyse(model).sentences.iter().map(|s| s.span).collect();
    let marks = mark_sentences(&sentences, &graded);
    let student_missed = |id: &str| student.points.iter().any(|p| p.id == id && !p.covered);
    let out = &mut *console.out;
    let io = stdout_error;
    writeln!(out).map_err(io)?;
    writeln!(out, "{}", "Model answer:".bold()).map_err(io)?;
    let width = sentences.len().to_string().len();
    for (n, (span, points)) in sentences.iter().zip(&marks).enumerate() {
        let sentence = for_terminal(&model[span.0..span.1], false);
        writeln!(out, "  {:>width$}. {sentence}", n + 1).map_err(io)?;
        for &p in points {
            let point = &graded.points[p];
            let note = if student_missed(&point.id) {
                format!("  {}", "← you missed this".yellow())
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {:width$}    {} {}  {}{note}",
                "",
                "✔".green().bold(),
                point.id.green(),
                point.label
            )
            .map_err(io)?;
        }
    }
    let unmarked: Vec<&str> = graded
        .points
        .iter()
        .enumerate()
        .filter(|(p, _)| !marks.iter().any(|m| m.contains(p)))
        .map(|(_, point)| point.id.as_str())
        .collect();
    if !unmarked.is_empty() {
        writeln!(
            out,
            "  {} the model answer does not earn: {}",
            "note:".yellow(),
            unmarked.join(", ")
        )
        .map_err(io)?;
    }
    Ok(())
}

/// For each sentence, the indices of the covered points whose evidence
/// overlaps it (a point whose evidence spans two sentences marks both).
pub fn mark_sentences(sentences: &[Span], report: &Report) -> Vec<Vec<usize>> {
    sentences
        .iter()
        .map(|&(start, end)| {
            report
                .points
                .iter()
                .enumerate()
                .filter(|(_, p)| p.covered)
                .filter(|(_, p)| {
                    p.evidence
                        .as_ref()
                        .is_some_and(|e| e.span.0 < end && start < e.span.1)
                })
                .map(|(n, _)| n)
                .collect()
        })
        .collect()
}

/// Appends the attempt to the history; a failure is a warning, not the end of the session.
fn save(options: &PracticeOptions, console: &mut Console, report: &Report) -> Result<()> {
    let Some(path) = &options.history else {
        return Ok(());
    };
    match history::append(path, &Attempt::from_report(report, history::now())) {
        Ok(()) => Ok(()),
        Err(error) => say(
            console,
            &format!("markpoint: warning: this attempt was not saved: {error}"),
        ),
    }
}

/// Writes a prompt and reads one line (trimmed); `None` at end of input.
fn ask(console: &mut Console, prompt: &str) -> Result<Option<String>> {
    console.out.flush().map_err(stdout_error)?;
    write!(console.err, "{prompt}").map_err(stderr_error)?;
    console.err.flush().map_err(stderr_error)?;
    let mut line = Vec::new();
    let read = Read::take(&mut *console.input, CHOICE_LIMIT)
        .read_until(b'\n', &mut line)
        .map_err(stdin_error)?;
    if read == 0 {
        // Leave the terminal on a fresh line after Ctrl-D.
        say(console, "")?;
        return Ok(None);
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
        say(console, "")?;
    }
    Ok(Some(String::from_utf8_lossy(&line).trim().to_string()))
}

/// Writes a line to stderr, after flushing the results written so far.
fn say(console: &mut Console, line: &str) -> Result<()> {
    console.out.flush().map_err(stdout_error)?;
    writeln!(console.err, "{line}").map_err(stderr_error)
}

fn stdin_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdin>"),
        source,
    }
}

/// Picks questions at random: SplitMix64 seeded from the clock and the process id.
/// Not for anything secret; it only has to differ from run to run.
struct Picker(u64);

impl Picker {
    fn seeded() -> Picker {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Picker(nanos ^ u64::from(std::process::id()).rotate_left(32))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number below `n` other than `current`, when there is one.
    fn other_than(&mut self, current: usize, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            (current + 1 + self.below(n - 1)) % n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let marks = mark_sentences(&sentences, &graded);
        let ids = |n: usize| -> Vec<&str> {
            marks[n]
                .iter()
                .map(|&p| graded.points[p].id.as_str())
                .collect()
        };
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
    fn random_picks_stay_in_range_and_move_on() {
        let mut picker = Picker(7);
        for _ in 0..100 {
            assert!(picker.below(4) < 4);
            assert_ne!(picker.other_than(2, 4), 2);
        }
        assert_eq!(picker.below(0), 0);
        assert_eq!(picker.other_than(0, 1), 0);
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
