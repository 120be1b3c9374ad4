//! Text output wrapped to `COLUMNS` (or the terminal): lines break between
//! words, never inside one, a quotation is continued under itself, and a
//! pipe with no `COLUMNS` gets one line per item.

use super::{check_fixture, markpoint, FIXTURE};

/// One long sentence that earns the fixture's oxygen point, so that its
/// evidence is a quotation far wider than 70 columns.
const LONG: &str = "Plants release oxygen into the air around them through tiny pores in \
their leaves called stomata, which were first described in 1675 by Marcello Malpighi, \
an Italian doctor who studied plants.";

/// `check` on the fixture with `COLUMNS` set (or not): stdout.
fn check_text(columns: Option<&str>) -> String {
    let mut cmd = check_fixture();
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    let output = cmd.write_stdin(LONG).output().expect("runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The quotation of the evidence: from the line opening it to the one closing it, joined.
fn quotation(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("\"Plants release oxygen"))
        .expect("the evidence is quoted");
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.trim_end().ends_with('"'))
            .expect("the quotation closes");
    let joined = lines[start..=end]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    (joined, end - start + 1)
}

#[track_caller]
fn assert_no_line_wider(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{line:?} is wider than {width}:\n{text}"
        );
    }
}

#[test]
fn at_70_columns_a_long_quotation_wraps_between_words_under_itself() {
    let text = check_text(Some("70"));
    assert_no_line_wider(&text, 70);
    let (quoted, lines) = quotation(&text);
    // Joined again, the quotation is the sentence, every word whole ("1675" unsplit).
    assert_eq!(quoted, format!("\"{LONG}\""));
    assert!(lines >= 3, "{text}");
    // Continuation lines sit inside the quotation mark.
    let continued = text
        .lines()
        .find(|l| l.trim_start().starts_with("leaves") || l.contains(" 1675 "))
        .expect("a continuation line");
    assert!(continued.starts_with("       "), "{continued:?}");
}

#[test]
fn at_120_columns_lines_are_longer_and_still_fit() {
    let narrow = quotation(&check_text(Some("70"))).1;
    let text = check_text(Some("120"));
    assert_no_line_wider(&text, 120);
    let (quoted, wide) = quotation(&text);
    assert_eq!(quoted, format!("\"{LONG}\""));
    assert!(wide < narrow, "{wide} lines at 120, {narrow} at 70");
}

#[test]
fn a_pipe_without_columns_gets_one_line_per_item() {
    let text = check_text(None);
    assert!(
        text.lines().any(|l| l.trim() == format!("\"{LONG}\"")),
        "{text}"
    );
}

#[test]
fn practice_and_progress_wrap_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let output = markpoint()
        .args([
            "practice",
            "--rubrics",
            FIXTURE,
            "-q",
            "photosynthesis",
            "--history",
        ])
        .arg(&history)
        .env("COLUMNS", "70")
        .write_stdin(format!("{LONG}\n\nm\nq\n"))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_no_line_wider(&stdout, 70);
    assert!(stdout.contains("Model answer:"), "{stdout}");
    // The question and the prompts on stderr are wrapped to the same width.
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_no_line_wider(&stderr, 70);

    let output = markpoint()
        .args(["progress", "--rubrics", FIXTURE, "--history"])
        .arg(&history)
        .env("COLUMNS", "70")
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_no_line_wider(&stdout, 70);
    assert!(stdout.contains("Practise next:"), "{stdout}");
}
