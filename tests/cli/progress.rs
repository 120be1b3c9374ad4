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

/// A history line for the fixture's question with the answer kept (or not, as older files have it).
fn attempt(percent: f64, covered: &[&str], missed: &[&str], answer: Option<&str>) -> String {
    let mut line = serde_json::json!({
        "timestamp": "2025-03-01T14:05:09Z",
        "question": "photosynthesis",
        "score": percent / 25.0,
        "max_score": 4.0,
        "percent": percent,
        "covered": covered,
        "missed": missed,
    });
    if let Some(answer) = answer {
        line["answer"] = answer.into();
    }
    line.to_string()
}

/// A rubric folder: the fixture and a second question, "respiration", never practised.
fn two_rubrics() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(super::FIXTURE).expect("fixture");
    std::fs::write(dir.path().join("a.json"), &text).expect("write");
    let second = text.replace("\"id\": \"photosynthesis\"", "\"id\": \"respiration\"");
    std::fs::write(dir.path().join("b.json"), second).expect("write");
    dir
}

/// `progress` with `--rubrics` and `--history` and `args`; (status code, stdout, stderr).
fn progress(rubrics: &Path, history: &Path, args: &[&str]) -> (i32, String, String) {
    let output = markpoint()
        .args(["progress", "--color", "never", "--rubrics"])
        .arg(rubrics)
        .arg("--history")
        .arg(history)
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn progress_lists_questions_never_tried_and_suggests_the_points_still_missed() {
    let rubrics = two_rubrics();
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let text = [
        attempt(25.0, &["light-energy"], &["inputs", "oxygen"], None),
        attempt(50.0, &["light-energy", "oxygen"], &["inputs"], None),
    ]
    .join("\n");
    std::fs::write(&history, text).expect("write");
    let (code, stdout, _) = progress(rubrics.path(), &history, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Never tried: respiration"), "{stdout}");
    let next = stdout
        .find("Practise next: photosynthesis")
        .expect("a suggestion");
    let rest = &stdout[next..];
    assert!(
        rest.contains("`markpoint practice --question photosynthesis`"),
        "{stdout}"
    );
    // Inputs, missed in both attempts, with its label and hint; oxygen, earned
    // in the latest, is not suggested.
    assert!(
        rest.contains("✘ inputs  Uses carbon dioxide and water (missed in 2 of 2 attempts)"),
        "{stdout}"
    );
    assert!(rest.contains("add: Name what photosynthesis takes in."));
    assert!(!rest.contains("✘ oxygen"), "{stdout}");

    let (_, json, _) = progress(rubrics.path(), &history, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["never_tried"], serde_json::json!(["respiration"]));
    assert_eq!(
        json["suggestion"],
        serde_json::json!({
            "question": "photosynthesis",
            "points": [{"id": "inputs", "times": 2}],
            "attempts": 2,
        })
    );
}

#[test]
fn with_every_point_earned_the_suggestion_is_a_question_never_tried() {
    let rubrics = two_rubrics();
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let all = ["light-energy", "inputs", "oxygen"];
    std::fs::write(&history, attempt(100.0, &all, &[], None)).expect("write");
    let (_, stdout, _) = progress(rubrics.path(), &history, &[]);
    assert!(
        stdout.contains("Practise next: respiration, never tried yet"),
        "{stdout}"
    );
}

#[test]
fn progress_question_lists_every_attempt_and_json_carries_the_answers() {
    let rubrics = two_rubrics();
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let text = [
        attempt(25.0, &["light-energy"], &["inputs", "oxygen"], None),
        attempt(
            50.0,
            &["oxygen"],
            &["light-energy", "inputs"],
            Some("Plants release oxygen."),
        ),
    ]
    .join("\n");
    std::fs::write(&history, text).expect("write");
    let (code, stdout, _) = progress(rubrics.path(), &history, &["-q", "photosynthesis"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("photosynthesis: What does photosynthesis do?"),
        "{stdout}"
    );
    let rows: Vec<&str> = stdout.lines().skip(2).collect();
    assert!(
        rows[0].starts_with("1  2025-03-01T14:05:09Z  1/4 (25%)  inputs, oxygen"),
        "{stdout}"
    );
    assert!(rows[1].starts_with("2  "), "{stdout}");
    assert!(rows[1].ends_with("light-energy, inputs"), "{stdout}");

    let (_, json, _) = progress(
        rubrics.path(),
        &history,
        &["-q", "photosynthesis", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["question"], "photosynthesis");
    let attempts = json["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts[0].get("answer").is_none(),
        "an old line has no answer"
    );
    assert_eq!(attempts[1]["answer"], "Plants release oxygen.");

    // A question of the rubrics not tried yet is no error; an unknown one is.
    let (code, stdout, stderr) = progress(rubrics.path(), &history, &["-q", "respiration"]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("No attempts at respiration yet"),
        "{stderr}"
    );
    let (code, _, stderr) = progress(rubrics.path(), &history, &["-q", "nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown question \"nope\""), "{stderr}");
}

#[test]
fn compare_shows_an_earlier_answer_beside_the_latest_when_there_is_room() {
    let rubrics = two_rubrics();
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let text = [
        attempt(
            25.0,
            &["light-energy"],
            &["inputs", "oxygen"],
            Some("Plants use sunlight to make sugar."),
        ),
        attempt(
            50.0,
            &["oxygen"],
            &["light-energy", "inputs"],
            Some("Plants release oxygen."),
        ),
        attempt(
            75.0,
            &["oxygen", "inputs"],
            &["light-energy"],
            Some("Plants take in water.\nThey release oxygen."),
        ),
    ]
    .join("\n");
    std::fs::write(&history, text).expect("write");
    let side_by_side = markpoint()
        .args(["progress", "--color", "never", "--rubrics"])
        .arg(rubrics.path())
        .arg("--history")
        .arg(&history)
        .args(["-q", "photosynthesis", "--compare", "1"])
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    assert!(side_by_side.status.success());
    let stdout = String::from_utf8_lossy(&side_by_side.stdout);
    let row = stdout
        .lines()
        .find(|l| l.starts_with("Plants use sunlight to make sugar."))
        .expect("the first answer in the left column");
    assert!(row.ends_with(" │ Plants take in water."), "{stdout}");
    assert!(stdout.contains(" │ They release oxygen."), "{stdout}");
    assert!(
        stdout.contains("Earned only in the latest: oxygen, inputs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Earned only in attempt 1: light-energy"),
        "{stdout}"
    );

    // On a pipe: one after the other; without N, the attempt before the latest.
    let (code, stdout, _) = progress(
        rubrics.path(),
        &history,
        &["-q", "photosynthesis", "--compare"],
    );
    assert_eq!(code, 0);
    let earlier = stdout
        .find("== attempt 2: 2/4 (50%)")
        .expect("the attempt before");
    let latest = stdout
        .find("== attempt 3, the latest: 3/4 (75%)")
        .expect("the latest");
    assert!(earlier < latest, "{stdout}");
    assert!(
        stdout.contains("Plants take in water.\nThey release oxygen."),
        "{stdout}"
    );
    assert!(!stdout.contains('│'));

    for (args, message) in [
        (vec!["--compare", "3"], "attempt 3 is the latest"),
        (vec!["--compare", "7"], "there is no attempt 7"),
    ] {
        let mut all = vec!["-q", "photosynthesis"];
        all.extend(args);
        let (code, _, stderr) = progress(rubrics.path(), &history, &all);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    markpoint()
        .args(["progress", "--compare"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--question"));
}
