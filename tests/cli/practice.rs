//! `markpoint practice`, driven through stdin: the menu, grading, retries
//! with the missed points first, the model answer, the history it writes.

use super::markpoint;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/good/photosynthesis.json"
);

/// Answers of rising quality for the fixture rubric.
const ANSWERS: [&str; 3] = [
    "Plants use sunlight to make sugar.",
    "Plants turn light into sugar energy and release oxygen.",
    "Plants take in carbon dioxide and water. They use sunlight to make sugar and release oxygen.",
];

/// `practice` on the fixture rubric with its history in `history`.
fn practice(history: &Path) -> assert_cmd::Command {
    let mut cmd = markpoint();
    cmd.args(["practice", "--rubrics", FIXTURE, "--history"])
        .arg(history)
        .env_remove("MARKPOINT_HISTORY");
    cmd
}

/// The percent `check` gives an answer on the fixture rubric.
fn check_percent(answer: &str) -> f64 {
    let output = markpoint()
        .args([
            "check",
            "--rubrics",
            FIXTURE,
            "-q",
            "photosynthesis",
            "--format",
            "json",
        ])
        .write_stdin(answer)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    report["percent"].as_f64().expect("percent")
}

/// A folder with two questions that grade like the fixture.
fn two_questions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    std::fs::write(dir.path().join("a.json"), &text).expect("write");
    let second = text
        .replace(
            "\"id\": \"photosynthesis\"",
            "\"id\": \"photosynthesis-again\"",
        )
        .replace("What does photosynthesis do?", "Explain photosynthesis.");
    std::fs::write(dir.path().join("b.json"), second).expect("write");
    dir
}

fn history_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("history written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn practising_three_times_shows_three_attempts_and_a_trend_in_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("history.jsonl");
    let input = format!(
        "{}\n\nt\n{}\n\nt\n{}\n\nq\n",
        ANSWERS[0], ANSWERS[1], ANSWERS[2]
    );
    practice(&history)
        .args(["--question", "photosynthesis"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Score ").count(3))
        .stdout(predicate::str::contains("photosynthesis: What does photosynthesis do?").count(3))
        // Prompts are not results: they go to stderr.
        .stdout(predicate::str::contains("Type your answer").not())
        .stderr(predicate::str::contains("Type your answer"));
    let lines = history_lines(&history);
    assert_eq!(lines.len(), 3);
    let expected: Vec<f64> = ANSWERS.iter().map(|a| check_percent(a)).collect();
    let stored: Vec<f64> = lines
        .iter()
        .map(|l| l["percent"].as_f64().expect("percent"))
        .collect();
    assert_eq!(stored, expected);
    for (line, answer) in lines.iter().zip(ANSWERS) {
        assert_eq!(line["answer"], answer, "each attempt keeps its text");
        assert_eq!(line["question"], "photosynthesis");
        assert_eq!(line["max_score"], 4.0);
        assert!(line["timestamp"]
            .as_str()
            .expect("timestamp")
            .ends_with('Z'));
        let ids = line["covered"].as_array().expect("covered").len()
            + line["missed"].as_array().expect("missed").len();
        assert_eq!(ids, 3, "every point is either covered or missed");
    }

    let output = markpoint()
        .args(["progress", "--format", "json", "--history"])
        .arg(&history)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let progress: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let question = &progress["questions"][0];
    assert_eq!(question["question"], "photosynthesis");
    assert_eq!(question["attempts"], 3);
    assert_eq!(question["percents"], serde_json::json!(expected));
    let trend = question["trend"].as_str().expect("trend").to_string();
    assert_eq!(trend.chars().count(), 3);
    assert!(trend.chars().all(|c| "▁▂▃▄▅▆▇█".contains(c)));

    markpoint()
        .args(["progress", "--history"])
        .arg(&history)
        .assert()
        .success()
        .stdout(predicate::str::contains("photosynthesis"))
        .stdout(predicate::str::contains(" 3  "))
        .stdout(predicate::str::contains(trend));
}

#[test]
fn a_retry_lists_the_missed_points_before_the_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = practice(&dir.path().join("h.jsonl"))
        .args(["-q", "photosynthesis"])
        .write_stdin(format!("{}\n\nt\n", ANSWERS[0]))
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let missed = stderr.find("Last time you missed:").expect("missed list");
    let oxygen = stderr[missed..]
        .find("✘ oxygen")
        .expect("oxygen was missed")
        + missed;
    let question = stderr
        .rfind("What does photosynthesis do?")
        .expect("question");
    assert!(missed < oxygen && oxygen < question, "{stderr}");
    assert!(stderr[missed..].contains("Say what gas is given off."));
}

#[test]
fn after_full_marks_a_retry_calls_the_points_not_made_other_ways_not_something_to_add() {
    // The fixture capped at two marks: one a point, so two of its three
    // points are full marks and the third is another way to earn them.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    let capped = text.replacen("\"pass_mark\"", "\"max_marks\": 2, \"pass_mark\"", 1);
    assert_ne!(
        capped, text,
        "the fixture has a pass mark to put the cap before"
    );
    let rubric = dir.path().join("capped.json");
    std::fs::write(&rubric, capped).expect("write");
    let retry = |answer: &str| -> String {
        let output = markpoint()
            .args(["practice", "--rubrics"])
            .arg(&rubric)
            .arg("--history")
            .arg(dir.path().join("h.jsonl"))
            .args(["-q", "photosynthesis"])
            .write_stdin(format!("{answer}\n\nt\n"))
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let missed = stderr.find("Last time you missed:").expect("missed list");
        stderr[missed..].to_string()
    };
    let full = retry("Plants turn light into sugar energy and release oxygen.");
    assert!(
        full.contains("also: Name what photosynthesis takes in."),
        "{full}"
    );
    assert!(!full.contains("add:"), "{full}");
    let short = retry("Plants turn light into sugar energy.");
    assert!(short.contains("add: Say what gas is given off."), "{short}");
}

#[test]
fn the_menu_numbers_the_questions_and_takes_a_number() {
    let rubrics = two_questions();
    let dir = tempfile::tempdir().expect("tempdir");
    let output = markpoint()
        .args(["practice", "--rubrics"])
        .arg(rubrics.path())
        .arg("--history")
        .arg(dir.path().join("h.jsonl"))
        .write_stdin(format!("7\n2\n{}\n\nq\n", ANSWERS[1]))
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1. photosynthesis "), "{stderr}");
    assert!(stderr.contains("2. photosynthesis-again"), "{stderr}");
    assert!(stderr.contains("There is no question \"7\""), "{stderr}");
    assert!(
        stderr.contains("Question 2 of 2: photosynthesis-again"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains("photosynthesis-again: Explain photosynthesis."));
    let lines = history_lines(&dir.path().join("h.jsonl"));
    assert_eq!(lines[0]["question"], "photosynthesis-again");
}

#[test]
fn the_menu_takes_a_question_id_and_next_moves_on() {
    let rubrics = two_questions();
    let dir = tempfile::tempdir().expect("tempdir");
    markpoint()
        .args(["practice", "--rubrics"])
        .arg(rubrics.path())
        .arg("--history")
        .arg(dir.path().join("h.jsonl"))
        .write_stdin(format!("photosynthesis\n{}\n\nn\n", ANSWERS[0]))
        .assert()
        .success()
        .stderr(predicate::str::contains("Question 1 of 2: photosynthesis"))
        .stderr(predicate::str::contains(
            "Question 2 of 2: photosynthesis-again",
        ));
}

#[test]
fn the_model_answer_marks_the_sentence_behind_each_point() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = practice(&dir.path().join("h.jsonl"))
        .args(["-q", "photosynthesis", "--color", "never"])
        .write_stdin(format!("{}\n\nm\nq\n", ANSWERS[0]))
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let model = stdout.find("Model answer:").expect("model answer shown");
    let lines: Vec<&str> = stdout[model..].lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("1. Photosynthesis lets plants turn light energy"))
        .expect("first sentence");
    let second = lines
        .iter()
        .position(|l| l.contains("2. It uses carbon dioxide and water and releases oxygen."))
        .expect("second sentence");
    let light = lines
        .iter()
        .position(|l| l.contains("✔ light-energy"))
        .expect("light-energy marked");
    let oxygen = lines
        .iter()
        .position(|l| l.contains("✔ oxygen"))
        .expect("oxygen marked");
    assert!(
        first < light && light < second && second < oxygen,
        "{stdout}"
    );
    // The student's first answer missed oxygen; the model answer says so.
    assert!(
        lines[oxygen].contains("you missed this"),
        "{}",
        lines[oxygen]
    );
    assert!(!lines[light].contains("you missed this"));
}

#[test]
fn end_of_input_at_any_prompt_ends_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    for input in [
        "",
        "\n\n",
        "1",
        "1\n",
        "1\nPlants use sunlight",
        "1\nPlants use sunlight to make sugar.\n\n",
        "1\nPlants use sunlight to make sugar.\n\nm\n",
        "1\nPlants use sunlight to make sugar.\n\nt\n",
        "1\nPlants use sunlight to make sugar.\n\nx\n\n",
        "1\n...\n\n",
        "\u{1b}[2J\n\u{0}\n",
    ] {
        let output = practice(&dir.path().join("h.jsonl"))
            .write_stdin(input)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{input:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{input:?}: {stderr}");
    }
}

#[test]
fn random_picks_one_of_the_questions() {
    let rubrics = two_questions();
    let dir = tempfile::tempdir().expect("tempdir");
    markpoint()
        .args(["practice", "--random", "--rubrics"])
        .arg(rubrics.path())
        .arg("--history")
        .arg(dir.path().join("h.jsonl"))
        .write_stdin("")
        .assert()
        .success()
        .stderr(predicate::str::contains(" of 2: photosynthesis"))
        .stderr(predicate::str::contains("Questions:").not());
    markpoint()
        .args(["practice", "--random", "--question", "photosynthesis"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_question_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    practice(&dir.path().join("h.jsonl"))
        .args(["--question", "nope"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown question \"nope\""));
}

/// Practises `photosynthesis` once, with the command configured (environment, flags) by `configure`.
fn one_attempt(configure: impl FnOnce(&mut assert_cmd::Command)) {
    let mut cmd = markpoint();
    cmd.args(["practice", "--rubrics", FIXTURE, "-q", "photosynthesis"])
        .env_remove("MARKPOINT_HISTORY");
    configure(&mut cmd);
    cmd.write_stdin(format!("{}\n\nq\n", ANSWERS[0]))
        .assert()
        .success();
}

#[test]
fn history_goes_to_the_data_folder_unless_overridden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let from_env: PathBuf = dir.path().join("env.jsonl");
    let from_flag: PathBuf = dir.path().join("flag.jsonl");
    one_attempt(|cmd| {
        cmd.env("XDG_DATA_HOME", &data).env("HOME", dir.path());
    });
    assert_eq!(
        history_lines(&data.join("markpoint").join("history.jsonl")).len(),
        1
    );
    one_attempt(|cmd| {
        cmd.env("XDG_DATA_HOME", &data)
            .env("MARKPOINT_HISTORY", &from_env);
    });
    assert_eq!(history_lines(&from_env).len(), 1);
    one_attempt(|cmd| {
        cmd.env("MARKPOINT_HISTORY", &from_env)
            .arg("--history")
            .arg(&from_flag);
    });
    assert_eq!(history_lines(&from_flag).len(), 1);
    assert_eq!(history_lines(&from_env).len(), 1);
    assert_eq!(
        history_lines(&data.join("markpoint").join("history.jsonl")).len(),
        1
    );
}

#[test]
fn an_unwritable_history_is_a_warning_not_the_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder where the file should be: appending fails.
    practice(dir.path())
        .args(["-q", "photosynthesis"])
        .write_stdin(format!("{}\n\nq\n", ANSWERS[0]))
        .assert()
        .success()
        .stdout(predicate::str::contains("Score "))
        .stderr(predicate::str::contains(
            "markpoint: warning: this attempt was not saved",
        ));
}

/// An executable "editor" that appends `text` to the file it is given.
#[cfg(unix)]
fn appending_editor(dir: &Path, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("editor.sh");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nprintf '%s' '{text}' >> \"$1\"\n"),
    )
    .expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

#[cfg(unix)]
#[test]
fn edit_opens_the_editor_on_the_previous_answer_and_grades_what_it_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let editor = appending_editor(dir.path(), "They release oxygen.");
    practice(&history)
        .args(["-q", "photosynthesis"])
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .write_stdin(format!("{}\n\ne\nq\n", ANSWERS[0]))
        .assert()
        .success()
        .stdout(predicate::str::contains("✔ oxygen"));
    let lines = history_lines(&history);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1]["answer"],
        format!("{}\nThey release oxygen.", ANSWERS[0])
    );
}

#[cfg(unix)]
#[test]
fn a_last_line_edit_opens_the_editor_on_the_lines_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let editor = appending_editor(dir.path(), "They release oxygen.");
    practice(&history)
        .args(["-q", "photosynthesis"])
        .env("VISUAL", &editor)
        .write_stdin("Plants use sunlight to make sugar.\n:edit\n\nq\n")
        .assert()
        .success();
    let lines = history_lines(&history);
    assert_eq!(
        lines[0]["answer"],
        "Plants use sunlight to make sugar.\nThey release oxygen."
    );
}

#[test]
fn an_editor_that_cannot_run_is_reported_and_the_session_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    practice(&history)
        .args(["-q", "photosynthesis"])
        .env("EDITOR", dir.path().join("no-such-editor"))
        .env_remove("VISUAL")
        .write_stdin(format!(":edit\n\n{}\n\nq\n", ANSWERS[1]))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "markpoint: error: cannot run the editor",
        ))
        .stdout(predicate::str::contains("Score ").count(1));
    assert_eq!(history_lines(&history)[0]["answer"], ANSWERS[1]);
}
