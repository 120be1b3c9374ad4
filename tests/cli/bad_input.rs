//! Bad input: one clear line on stderr naming the file, exit 2, never a panic.

use super::markpoint;
use predicates::prelude::*;

const BROKEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken");

#[test]
fn unknown_question_lists_the_valid_ones() {
    markpoint()
        .args(["check", "--question", "nope"])
        .write_stdin("text")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown question \"nope\""))
        .stderr(predicate::str::contains("definition, five-year-plans"));
}

#[test]
fn missing_file_is_named() {
    markpoint()
        .args(["check", "--question", "definition", "no-such-answer.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "markpoint: error: no-such-answer.txt:",
        ));
}

#[test]
fn binary_data_is_reported_with_its_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("image.txt");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    markpoint()
        .args(["check", "--question", "definition"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "image.txt: not text: a NUL byte at offset 8",
        ));
}

#[test]
fn empty_answer_is_an_error() {
    for answer in ["", "   \n\t", "...!?"] {
        markpoint()
            .args(["check", "--question", "definition"])
            .write_stdin(answer)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("<stdin>: the answer is empty"));
    }
}

#[test]
fn too_large_answer_is_an_error() {
    markpoint()
        .args(["check", "--question", "definition"])
        .write_stdin("word ".repeat(300_000))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the answer is too large"));
}

#[track_caller]
fn assert_rubric_error(file: &str, message: &str) {
    let path = format!("{BROKEN}/{file}");
    let output = markpoint()
        .args(["list", "--rubrics", &path])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(message), "expected {message:?} in {stderr}");
}

#[test]
fn broken_rubrics_are_located_exactly() {
    assert_rubric_error("syntax.json", "syntax.json:5:3: ");
    assert_rubric_error(
        "unknown-field.json",
        "unknown-field.json:14:60: unknown field `wieght`",
    );
    assert_rubric_error("bad-regex.json", "bad-regex.json:15:15: point \"oxygen\": regex does not compile: regex parse error: oxygen (gas ^ error: unclosed group");
    assert_rubric_error(
        "unknown-concept.json",
        "unknown-concept.json:14:70: point \"oxygen\": match \"release + gas\" names concept \"gas\"",
    );
    assert_rubric_error(
        "duplicate-point.json",
        "duplicate-point.json:14:12: point \"oxygen\": the id is used twice",
    );
}

#[test]
fn unknown_concepts_in_unless_are_located() {
    assert_rubric_error(
        "unknown-unless.json",
        "unknown-unless.json:11:102: point \"oxygen\": unless \"sport\" names concept \"sport\"",
    );
}

#[test]
fn rubric_regexes_are_compiled_with_a_size_limit() {
    assert_rubric_error(
        "huge-regex.json",
        "point \"oxygen\": regex does not compile",
    );
}

#[test]
fn hostile_answers_never_crash() {
    let answers = [
        "\u{0}\u{1}\u{2}".to_string(),
        "'''''''''".to_string(),
        "n't n't n't not not no".to_string(),
        "é".repeat(10_000),
        "a.".repeat(5_000),
        "\u{202e}Stakhanov\u{202c} \u{feff}quota".to_string(),
        "Ｓｔａｋｈａｎｏｖ ﬁ ﬀ".to_string(),
        "- \n- \n* \n1. \n".to_string(),
        "x ".repeat(100_000),
        // A three-byte letter whose last two bytes are equal, before "-ed".
        "soviet stakhanov record quota \u{1000}\u{1000}ed targets".to_string(),
    ];
    for answer in answers {
        let output = markpoint()
            .args(["check", "--question", "definition", "--format", "json"])
            .write_stdin(answer.clone())
            .output()
            .expect("runs");
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(2),
            "{:?} for {:?}",
            output,
            &answer[..answer.len().min(40)]
        );
        assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    }
}

#[test]
fn regex_literals_between_sentences_never_crash() {
    // Two spaces after a full stop leave a gap between sentences; a rubric
    // regex literal that starts with a space once fell into it and panicked.
    let rubrics = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics/asap-sas");
    for answer in [
        "Rinse it.  The size of the container.",
        "Rinse it.   The type of vinegar.  How much?",
        "Dry it.\t The container.",
    ] {
        let output = markpoint()
            .args([
                "check",
                "--rubrics",
                rubrics,
                "-q",
                "asap-1",
                "--format",
                "json",
            ])
            .write_stdin(answer)
            .output()
            .expect("runs");
        assert!(
            output.status.code().is_some_and(|c| c <= 1),
            "{output:?} for {answer:?}"
        );
    }
}
