//! `markpoint progress`: summaries of a history file, its JSON shape, and
//! broken lines skipped with a warning.

use super::markpoint;
use predicates::prelude::*;
use std::path::Path;

/// One history line.
fn line(question: &str, percent: f64, missed: &[&str]) -> String {
    serde_json::json!({
        "timestamp": "2025-03-01T14:05:09Z",
        "question": question,
        "score": percent / 25.0,
        "max_score": 4.0,
        "percent": percent,
        "covered": [],
        "missed": missed,
    })
    .to_string()
}

fn progress_json(history: &Path) -> (serde_json::Value, String) {
    let output = markpoint()
        .args(["progress", "--format", "json", "--history"])
        .arg(history)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    (
        serde_json::from_slice(&output.stdout).expect("stdout is JSON"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_broken_line_is_skipped_with_a_warning_and_the_rest_still_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("history.jsonl");
    let text = format!(
        "{}\n{{\"timestamp\": \"2025-03-01T14:05:09Z\", \"quest\n{}\n\u{ff}garbage\n{}\n",
        line("q", 25.0, &["a"]),
        line("q", 50.0, &["a"]),
        line("q", 100.0, &[])
    );
    std::fs::write(&history, text).expect("write");
    let (progress, stderr) = progress_json(&history);
    assert_eq!(progress["questions"][0]["attempts"], 3);
    assert!(
        stderr.contains("history.jsonl:2: skipped a broken history line"),
        "{stderr}"
    );
    assert!(stderr.contains("history.jsonl:4: "), "{stderr}");
    assert!(stderr.starts_with("markpoint: warning: "));
    markpoint()
        .args(["progress", "--history"])
        .arg(&history)
        .assert()
        .success()
        .stdout(predicate::str::contains("q  "))
        .stdout(predicate::str::contains("▃▅█"))
        .stderr(predicate::str::contains("warning").count(2));
}

#[test]
fn progress_json_has_one_summary_per_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("history.jsonl");
    let text = [
        line("photosynthesis", 25.0, &["oxygen", "inputs"]),
        line("definition", 40.0, &["rewards"]),
        line("photosynthesis", 75.0, &["inputs"]),
        line("photosynthesis", 50.0, &["oxygen", "inputs"]),
    ]
    .join("\n");
    std::fs::write(&history, text).expect("write");
    let (progress, stderr) = progress_json(&history);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(
        progress["history"],
        history.to_str().expect("utf-8 path"),
        "names the file read"
    );
    let questions = progress["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0]["question"], "definition");
    let p = &questions[1];
    let expected = serde_json::json!({
        "question": "photosynthesis",
        "attempts": 3,
        "best": {"score": 3.0, "max_score": 4.0, "percent": 75.0, "timestamp": "2025-03-01T14:05:09Z"},
        "latest": {"score": 2.0, "max_score": 4.0, "percent": 50.0, "timestamp": "2025-03-01T14:05:09Z"},
        "percents": [25.0, 75.0, 50.0],
        "trend": "▃▆▅",
        "most_missed": [{"id": "inputs", "times": 3}, {"id": "oxygen", "times": 2}],
    });
    assert_eq!(p, &expected);

    let output = markpoint()
        .args(["progress", "--format", "jsonl", "--history"])
        .arg(&history)
        .output()
        .expect("runs");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1], expected);
}

#[test]
fn no_history_yet_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("none.jsonl");
    markpoint()
        .args(["progress", "--history"])
        .arg(&history)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("No practice yet"));
    let (progress, _) = progress_json(&history);
    assert_eq!(progress["questions"], serde_json::json!([]));
}

#[test]
fn the_history_file_can_come_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("env.jsonl");
    std::fs::write(&history, line("q", 50.0, &[])).expect("write");
    markpoint()
        .arg("progress")
        .env("MARKPOINT_HISTORY", &history)
        .assert()
        .success()
        .stdout(predicate::str::contains("2/4 (50%)"));
}

#[test]
fn hostile_history_text_is_not_echoed_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    std::fs::write(&history, line("q\u{1b}[2J", 50.0, &["x\u{7}"])).expect("write");
    markpoint()
        .args(["progress", "--history"])
        .arg(&history)
        .assert()
        .success()
        .stdout(predicate::str::contains("\\e[2J"))
        .stdout(predicate::str::contains("\u{1b}[2J").not())
        .stdout(predicate::str::contains("\u{7}").not());
}

#[test]
fn an_unreadable_history_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder cannot be read as a file.
    markpoint()
        .args(["progress", "--history"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("markpoint: error: "));
}

#[test]
fn an_empty_history_variable_means_the_default_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    markpoint()
        .arg("progress")
        .env("MARKPOINT_HISTORY", "")
        .env("XDG_DATA_HOME", dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            dir.path()
                .join("markpoint")
                .join("history.jsonl")
                .to_str()
                .expect("utf-8 path"),
        ));
}
