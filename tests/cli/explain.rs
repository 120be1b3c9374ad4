//! `check --explain`, misconceptions and whole-answer warnings.

use super::{check_fixture, covered, fixture_json, point};
use predicates::prelude::*;

#[test]
fn explain_names_the_concepts_found_and_how() {
    let report = fixture_json("Plants use sunlihgt to make sugar.", &["--explain"]);
    let explain = &point(&report, "light-energy")["explain"];
    assert_eq!(explain["decision"], "covered");
    assert_eq!(explain["alternative"], "light + energy");
    let found = explain["found"].as_array().expect("found");
    assert_eq!(found[0]["concept"], "light");
    assert_eq!(found[0]["text"], "sunlihgt");
    assert_eq!(found[0]["how"], "typo");
    assert_eq!(found[0]["distance"], 1);
    assert_eq!(found[1]["concept"], "energy");
    assert_eq!(found[1]["how"], "synonym");
}

#[test]
fn explain_names_the_missing_concept() {
    let report = fixture_json("Plants make lots of things in summer.", &["--explain"]);
    let explain = &point(&report, "oxygen")["explain"];
    assert_eq!(explain["decision"], "missing");
    assert_eq!(explain["alternative"], "release + oxygen");
    assert_eq!(explain["found"][0]["concept"], "release");
    assert_eq!(explain["missing"], serde_json::json!(["oxygen"]));
}

#[test]
fn explain_names_the_negation_and_its_sentence() {
    let report = fixture_json(
        "Sunlight matters. Plants do not release oxygen at all.",
        &["--explain"],
    );
    let oxygen = point(&report, "oxygen");
    assert_eq!(oxygen["explain"]["decision"], "denied");
    assert_eq!(oxygen["denied"]["cue"], "not");
    assert_eq!(
        oxygen["denied"]["sentence"],
        "Plants do not release oxygen at all."
    );
}

#[test]
fn explain_in_text_shows_each_decision() {
    check_fixture()
        .args(["--explain"])
        .write_stdin("Plants use sunlight to make sugar. They never release oxygen.")
        .assert()
        .success()
        .stdout(predicate::str::contains("match: light + energy"))
        .stdout(predicate::str::contains(
            "found: light ← \"sunlight\" (synonym, term \"sunlight\")",
        ))
        .stdout(predicate::str::contains(
            "denied: \"never\" denies it in \"They never release oxygen.\"",
        ))
        .stdout(predicate::str::contains("missing: inputs"));
}

#[test]
fn without_explain_there_is_no_explanation() {
    let output = check_fixture()
        .args(["--format", "json"])
        .write_stdin("Plants use sunlight to make sugar.")
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(point(&report, "light-energy").get("explain").is_none());
}

#[test]
fn misconceptions_are_reported_with_evidence() {
    let report = fixture_json(
        "Plants use sunlight to make sugar. At night they breathe in oxygen like us.",
        &["--explain"],
    );
    let misconception = &report["misconceptions"][0];
    assert_eq!(misconception["id"], "absorbs-oxygen");
    assert_eq!(misconception["point"], "oxygen");
    assert_eq!(
        misconception["evidence"],
        "At night they breathe in oxygen like us."
    );
    assert_eq!(
        covered(&report),
        ["light-energy"],
        "a misconception earns nothing"
    );
}

#[test]
fn off_topic_answers_are_flagged_and_earn_nothing() {
    let answer =
        "The French Revolution began in 1789 when the people of Paris stormed the Bastille \
                  prison, angry about taxes, bread prices and the privileges of the nobility.";
    let report = fixture_json(answer, &["--explain"]);
    assert!(covered(&report).is_empty());
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("different question"), "{warnings}");
}

#[test]
fn copying_the_model_answer_is_flagged() {
    let copied = "Photosynthesis lets plants turn light energy into chemical energy. It uses carbon dioxide and water and releases oxygen.";
    let report = fixture_json(copied, &["--explain"]);
    assert!(report["warnings"]
        .to_string()
        .contains("copies the model answer"));
    let own_words = fixture_json(
        "Leaves catch sunlight and store its energy as sugar, giving off oxygen.",
        &["--explain"],
    );
    assert!(!own_words["warnings"].to_string().contains("copies"));
}
