//! End-to-end tests of the `markpoint` binary, in one test binary so CI links once.

mod bad_input;
mod batch;
mod batch_output;
mod check;
mod draft;
mod explain;
mod fuzz;
mod help;
mod hostile;
mod inputs;
mod learn;
mod list;
mod practice;
mod progress;
mod reading;
mod report_schema;
mod rubric;
mod samples;
mod schemes;
mod scripting;
mod serve;
mod shell;
mod spark;
#[cfg(unix)]
mod terminal;
mod whole_test;
mod wrapping;

use assert_cmd::Command;

/// The binary, with colour and width settings from the environment cleared
/// (output is a pipe here, so it is not wrapped unless a test sets `COLUMNS`).
pub fn markpoint() -> Command {
    let mut cmd = Command::cargo_bin("markpoint").expect("binary builds");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM")
        .env_remove("COLUMNS");
    cmd
}

/// The small photosynthesis rubric that engine tests use, so that they do not
/// depend on how the built-in rubrics are tuned.
pub const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/good/photosynthesis.json"
);

/// `markpoint check` with the [`FIXTURE`] rubric's question, ready for more arguments.
pub fn check_fixture() -> Command {
    let mut cmd = markpoint();
    cmd.args([
        "check",
        "--rubrics",
        FIXTURE,
        "--question",
        "photosynthesis",
    ]);
    cmd
}

/// Runs `check --format json` with `args` on `answer` and returns the parsed report.
pub fn check_json_with(args: &[&str], answer: &str) -> serde_json::Value {
    let output = markpoint()
        .args(["check", "--format", "json"])
        .args(args)
        .write_stdin(answer)
        .output()
        .expect("runs");
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON object")
}

/// Grades `answer` for a built-in `question` and returns the parsed JSON report.
pub fn check_json(question: &str, answer: &str) -> serde_json::Value {
    check_json_with(&["--question", question], answer)
}

/// Grades `answer` with the [`FIXTURE`] rubric (plus `args`) and returns the parsed JSON report.
pub fn fixture_json(answer: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--rubrics", FIXTURE, "--question", "photosynthesis"];
    all.extend_from_slice(args);
    check_json_with(&all, answer)
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
