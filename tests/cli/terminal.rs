//! `markpoint practice` at a terminal: the binary runs under a
//! pseudo-terminal (expectrl) and is sent the bytes keys send, so the line
//! editor itself is tested: arrows and Home edit the answer, Enter on an
//! empty line ends it (or inside the text, after an edit), Up recalls an earlier answer, a retry starts from the
//! last one, Ctrl-C goes back to the menu and Ctrl-D leaves.

use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};
use std::path::Path;
use std::time::Duration;

const FIXTURE: &str = super::FIXTURE;

/// Keys as a terminal sends them.
const ENTER: &str = "\r";
const LEFT: &str = "\x1b[D";
const UP: &str = "\x1b[A";
const HOME: &str = "\x1b[H";
const CTRL_C: &str = "\x03";
const CTRL_D: &str = "\x04";

/// What the session shows once it waits for an answer.
const ANSWER_PROMPT: &str = "> ";
/// What it shows once it waits for a choice after a graded answer.
const CHOICE_PROMPT: &str = "[q] quit: ";

type Terminal = Session<expectrl::process::unix::UnixProcess, expectrl::process::unix::PtyStream>;

/// `practice` on the fixture rubric under a pseudo-terminal, history in `history`.
fn practice(history: &Path, args: &[&str]) -> Terminal {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("markpoint"));
    command
        .args(["practice", "--rubrics", FIXTURE, "--history"])
        .arg(history)
        .args(args)
        .env_remove("MARKPOINT_HISTORY")
        .env_remove("COLUMNS")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = Session::spawn(command).expect("runs under a pseudo-terminal");
    session
        .get_process_mut()
        .set_window_size(100, 40)
        .expect("sets the window size");
    // Only a guard against a hung test; nothing here measures time.
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    session
}

/// Sends keys one group at a time, as a person types.
fn keys(session: &mut Terminal, keys: &[&str]) {
    for key in keys {
        session.send(key).expect("sends keys");
    }
}

/// Waits for `text` on the terminal.
#[track_caller]
fn expect(session: &mut Terminal, text: &str) {
    if let Err(error) = session.expect(text) {
        panic!("waiting for {text:?}: {error}");
    }
}

/// Waits for the end of output and returns the exit status.
fn exit_code(mut session: Terminal) -> i32 {
    session.expect(Eof).expect("output ends");
    match session.get_process().wait().expect("the process ends") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ended with {other:?}"),
    }
}

/// The answers kept in the history, oldest first, and the file's bytes.
fn answers(history: &Path) -> (Vec<String>, Vec<u8>) {
    let bytes = std::fs::read(history).unwrap_or_default();
    let answers = String::from_utf8_lossy(&bytes)
        .lines()
        .map(|line| {
            let attempt: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            attempt["answer"]
                .as_str()
                .expect("the answer is kept")
                .to_string()
        })
        .collect();
    (answers, bytes)
}

#[test]
fn arrow_and_home_edits_are_graded_and_no_escape_bytes_reach_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let mut session = practice(&history, &["--question", "photosynthesis"]);
    expect(&mut session, ANSWER_PROMPT);
    // "lants release ." → left of "." add "oxygen" → Home, add "P"; Enter
    // with the cursor inside the text grades it as it stands.
    keys(
        &mut session,
        &["lants release .", LEFT, "oxygen", HOME, "P", ENTER],
    );
    expect(&mut session, "Score ");
    expect(&mut session, CHOICE_PROMPT);
    keys(&mut session, &["q", ENTER]);
    assert_eq!(exit_code(session), 0);
    let (answers, bytes) = answers(&history);
    assert_eq!(answers, ["Plants release oxygen."]);
    assert!(
        !bytes.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let attempt: serde_json::Value =
        serde_json::from_slice(bytes.split(|&b| b == b'\n').next().expect("a line")).expect("json");
    assert!(
        attempt["covered"]
            .as_array()
            .expect("covered")
            .contains(&"oxygen".into()),
        "{attempt}"
    );
}

#[test]
fn a_multi_line_answer_is_graded_whole_and_ctrl_d_leaves_with_status_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let mut session = practice(&history, &["--question", "photosynthesis"]);
    expect(&mut session, ANSWER_PROMPT);
    keys(
        &mut session,
        &[
            "Plants turn light into sugar energy.",
            ENTER,
            "They release oxygen.",
            ENTER,
            ENTER,
        ],
    );
    expect(&mut session, CHOICE_PROMPT);
    keys(&mut session, &[CTRL_D]);
    assert_eq!(exit_code(session), 0);
    let (answers, bytes) = answers(&history);
    assert_eq!(
        answers,
        ["Plants turn light into sugar energy.\nThey release oxygen."]
    );
    let attempt: serde_json::Value = serde_json::from_slice(bytes.trim_ascii()).expect("json");
    // Both lines count: a point of the first and a point of the second are earned.
    let covered = attempt["covered"].as_array().expect("covered");
    assert!(covered.contains(&"light-energy".into()), "{attempt}");
    assert!(covered.contains(&"oxygen".into()), "{attempt}");
}

#[test]
fn ctrl_d_at_an_empty_answer_prompt_leaves_with_status_0_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let mut session = practice(&history, &["--question", "photosynthesis"]);
    expect(&mut session, ANSWER_PROMPT);
    keys(&mut session, &[CTRL_D]);
    assert_eq!(exit_code(session), 0);
    assert!(!history.exists());
}

#[test]
fn up_recalls_an_earlier_answer_a_retry_starts_from_the_last_and_ctrl_c_goes_to_the_menu() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let earlier = serde_json::json!({
        "timestamp": "2025-03-01T14:05:09Z", "question": "photosynthesis",
        "score": 1, "max_score": 3, "percent": 33.3,
        "covered": ["light-energy"], "missed": ["oxygen", "inputs"],
        "answer": "Plants use sunlight to make sugar.",
    });
    std::fs::write(&history, format!("{earlier}\n")).expect("write");
    let mut session = practice(&history, &["--question", "photosynthesis"]);
    expect(&mut session, ANSWER_PROMPT);
    keys(&mut session, &[UP, " They release oxygen.", ENTER, ENTER]);
    expect(&mut session, CHOICE_PROMPT);
    // Try again: the answer comes back, editable; Enter twice grades it as it is.
    keys(&mut session, &["t", ENTER]);
    expect(&mut session, "Last time you missed:");
    expect(&mut session, ANSWER_PROMPT);
    keys(&mut session, &[ENTER, ENTER]);
    expect(&mut session, CHOICE_PROMPT);
    // Try again, then drop the answer: back to the menu, and leave from there.
    keys(&mut session, &["t", ENTER]);
    expect(&mut session, "Last time you missed:");
    expect(&mut session, ANSWER_PROMPT);
    keys(&mut session, &[CTRL_C]);
    expect(&mut session, "Answer dropped.");
    expect(&mut session, "Choose a question");
    keys(&mut session, &["q", ENTER]);
    assert_eq!(exit_code(session), 0);
    let (answers, _) = answers(&history);
    let edited = "Plants use sunlight to make sugar. They release oxygen.";
    assert_eq!(answers[1..], [edited, edited]);
}

#[test]
fn a_recalled_answer_never_sends_its_escape_sequences_to_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let hostile = serde_json::json!({
        "timestamp": "2025-03-01T14:05:09Z", "question": "photosynthesis",
        "score": 2, "max_score": 4, "percent": 50,
        "covered": ["oxygen"], "missed": ["light-energy", "inputs"],
        "answer": "Plants\u{1b}]0;pwned\u{7} release oxygen.",
    });
    std::fs::write(&history, format!("{hostile}\n")).expect("write");
    let mut session = practice(&history, &["--question", "photosynthesis"]);
    expect(&mut session, ANSWER_PROMPT);
    keys(&mut session, &[UP, ENTER, ENTER]);
    let shown = session.expect(CHOICE_PROMPT).expect("graded");
    let shown = String::from_utf8_lossy(shown.before()).into_owned();
    assert!(shown.contains("\\e]0;pwned\\x07"), "{shown:?}");
    assert!(!shown.contains("\u{1b}]0;"), "{shown:?}");
    keys(&mut session, &["q", ENTER]);
    assert_eq!(exit_code(session), 0);
}

#[test]
fn check_at_a_terminal_edits_the_typed_answer_too() {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("markpoint"));
    command
        .args([
            "check",
            "--rubrics",
            FIXTURE,
            "--question",
            "photosynthesis",
            "--format",
            "json",
        ])
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = Session::spawn(command).expect("runs under a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    expect(&mut session, ANSWER_PROMPT);
    keys(
        &mut session,
        &["lants release .", LEFT, "oxygen", HOME, "P", ENTER],
    );
    let output = session.expect(Eof).expect("the report to the end");
    let shown: Vec<u8> = output
        .before()
        .iter()
        .chain(output.matches().flatten())
        .copied()
        .collect();
    let shown = String::from_utf8_lossy(&shown);
    let start = shown
        .find('{')
        .unwrap_or_else(|| panic!("a JSON report in {shown:?}"));
    let end = shown.rfind('}').expect("a JSON report");
    let report: serde_json::Value =
        serde_json::from_str(&shown[start..=end].replace("\r\n", "\n")).expect("JSON");
    let oxygen = report["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["id"] == "oxygen")
        .expect("the oxygen point");
    assert_eq!(oxygen["covered"], true, "{report}");
    assert_eq!(oxygen["evidence"], "Plants release oxygen.");
}
