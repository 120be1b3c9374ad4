//! `markpoint list` and `--help`.

use super::markpoint;
use predicates::prelude::*;

#[test]
fn list_shows_the_four_built_in_questions() {
    markpoint()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("definition"))
        .stdout(predicate::str::contains("five-year-plans"))
        .stdout(predicate::str::contains("soviet-society"))
        .stdout(predicate::str::contains("long-term-effects"))
        .stdout(predicate::str::contains("What was Stakhanovism?"));
}

#[test]
fn list_as_json_is_an_array_of_questions() {
    let output = markpoint()
        .args(["list", "--format", "json"])
        .output()
        .expect("runs");
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|q| q["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.contains(&"definition"));
}

#[test]
fn list_reads_rubrics_from_a_folder() {
    markpoint()
        .args(["list", "--rubrics"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good"))
        .assert()
        .success()
        .stdout(predicate::str::contains("photosynthesis"))
        .stdout(predicate::str::contains("definition").not());
}

#[test]
fn help_of_every_command_has_an_example() {
    for command in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["list", "--help"],
    ] {
        markpoint()
            .args(&command)
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}
