//! End-to-end tests of the `markpoint` binary, in one test binary so CI links once.

mod bad_input;
mod check;
mod explain;
mod list;
mod rubric;
mod samples;

use assert_cmd::Command;

/// The binary, with colour settings from the environment cleared.
pub fn markpoint() -> Command {
    let mut cmd = Command::cargo_bin("markpoint").expect("binary builds");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM");
    cmd
}

/// Grades `answer` for `question` and returns the parsed JSON report.
pub fn check_json(question: &str, answer: &str) -> serde_json::Value {
    let output = markpoint()
        .args(["check", "--question", question, "--format", "json"])
        .write_stdin(answer)
        .output()
        .expect("runs");
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON object")
}

/// The ids of the covered points in a JSON report.
pub fn covered(report: &serde_json::Value) -> Vec<String> {
    report["points"]
        .as_array()
        .expect("points array")
        .iter()
        .filter(|p| p["covered"] == true)
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect()
}

/// The JSON entry of one point.
pub fn point<'r>(report: &'r serde_json::Value, id: &str) -> &'r serde_json::Value {
    report["points"]
        .as_array()
        .expect("points array")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no point {id}"))
}
