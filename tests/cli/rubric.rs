//! `markpoint rubric lint` and `markpoint rubric test`.

use super::markpoint;
use predicates::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(path: &str) -> String {
    format!("{FIXTURES}/{path}")
}

#[test]
fn shipped_rubrics_pass_lint() {
    markpoint()
        .args(["rubric", "lint"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("4 rubric files checked, 0 errors"));
    markpoint()
        .args(["rubric", "lint"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics"))
        .assert()
        .success();
}

#[test]
fn lint_reports_every_problem_with_its_exact_location() {
    let output = markpoint()
        .args(["rubric", "lint", &fixture("lint/problems.json")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<String> = stdout.lines().map(|l| l.replace(FIXTURES, "")).collect();
    assert_eq!(
        lines,
        [
            "/lint/problems.json:11:16: concept \"filler\": term \"the\" is only function words, which say nothing on their own",
            "/lint/problems.json:11:23: concept \"filler\": term \"of the\" is only function words, which say nothing on their own",
            "/lint/problems.json:12:14: concept \"tiny\": term \"ox\" is too short to mean one thing; write it as \"=ox\" if you mean it",
            "/lint/problems.json:17:12: point \"water\": the model answer does not earn it",
            "/lint/problems.json:17:67: point \"water\": no term can reach it (every alternative needs a concept with no usable term)",
            "/lint/problems.json:21:16: example 2: covers [\"light-energy\", \"oxygen\"] but the rubric gives [\"oxygen\"]",
        ]
    );
}

#[test]
fn lint_requires_the_model_answer_to_earn_every_point() {
    markpoint()
        .args(["rubric", "lint", &fixture("lint/model-misses.json")])
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with(
            "lint/model-misses.json:13:12: point \"oxygen\": the model answer does not earn it\n",
        ));
}

#[test]
fn lint_finds_question_ids_used_twice() {
    markpoint()
        .args([
            "rubric",
            "lint",
            &fixture("lint/duplicate-a.json"),
            &fixture("lint/duplicate-b.json"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "duplicate-b.json:2:9: question id \"photosynthesis\" is already used by",
        ));
}

#[test]
fn lint_reports_broken_files_without_stopping() {
    markpoint()
        .args([
            "rubric",
            "lint",
            &fixture("broken/syntax.json"),
            &fixture("broken/bad-regex.json"),
            &fixture("good"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "syntax.json:5:3: expected `,` or `}`",
        ))
        .stdout(predicate::str::contains(
            "bad-regex.json:15:15: point \"oxygen\": regex does not compile",
        ))
        // A rubric with errors still has its question id, which the good one repeats.
        .stdout(predicate::str::contains(
            "photosynthesis.json:3:9: question id \"photosynthesis\" is already used by",
        ))
        .stderr(predicate::str::contains("3 rubric files checked, 3 errors"));
}

fn rubric_test(responses: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    markpoint()
        .args([
            "rubric",
            "test",
            &fixture("good/photosynthesis.json"),
            "--responses",
            &fixture(responses),
        ])
        .args(extra)
        .assert()
}

#[test]
fn rubric_test_reports_per_point_precision_recall_and_disagreements() {
    rubric_test("labelled/points.jsonl", &[])
        .success()
        .stdout(predicate::str::contains("photosynthesis (6 responses)"))
        .stdout(predicate::str::is_match(r"oxygen\s+1\.00\s+0\.50\s+0\.67\s+1\s+0\s+1\s+4").expect("regex"))
        .stdout(predicate::str::contains("overall: precision 1.000 recall 0.800 F1 0.889"))
        .stdout(predicate::str::contains(
            "r4 photosynthesis oxygen: markpoint denied, label covered: \"never\" denies it in \"Plants never release oxygen.\"",
        ));
}

#[test]
fn rubric_test_json_has_the_same_figures() {
    let output = markpoint()
        .args([
            "rubric",
            "test",
            &fixture("good/photosynthesis.json"),
            "--responses",
            &fixture("labelled/points.jsonl"),
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!((result["overall"]["f1"].as_f64().expect("f1") - 8.0 / 9.0).abs() < 1e-9);
    assert_eq!(result["overall"]["counts"]["false_negatives"], 1);
    assert_eq!(result["disagreements"][0]["id"], "r4");
    assert_eq!(result["disagreements"][0]["markpoint"], "denied");
}

#[test]
fn min_f1_makes_a_weak_rubric_fail() {
    rubric_test("labelled/points.jsonl", &["--min-f1", "0.85"]).code(0);
    rubric_test("labelled/points.jsonl", &["--min-f1", "0.9"]).code(1);
}

#[test]
fn score_labelled_responses_give_correlations() {
    rubric_test("labelled/scores.jsonl", &[])
        .success()
        .stdout(predicate::str::contains("scores: Pearson"))
        .stdout(predicate::str::contains(
            "pass accuracy 1.000 (4 responses)",
        ));
}

#[test]
fn bad_response_lines_are_reported_and_the_rest_still_counted() {
    rubric_test("labelled/with-bad-line.jsonl", &[])
        .code(2)
        .stderr(predicate::str::contains(
            "with-bad-line.jsonl:2: EOF while parsing",
        ))
        .stderr(predicate::str::contains(
            "with-bad-line.jsonl:3: unknown question \"nope\"",
        ))
        .stdout(predicate::str::contains("photosynthesis (2 responses)"));
}

#[test]
fn shipped_labelled_set_meets_the_ci_floor() {
    markpoint()
        .args(["rubric", "test", "--responses"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/labelled"))
        .args(["--min-f1", "0.94"])
        .assert()
        .code(0);
}

/// The field names a JSON Schema object definition allows.
fn schema_fields(definition: &serde_json::Value) -> Vec<String> {
    definition["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn the_json_schema_describes_every_field_the_shipped_rubrics_use() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root.join(name)).expect("reads"))
            .expect("parses")
    };
    let schema = read("schema.json");
    let top = schema_fields(&schema);
    let point = schema_fields(&schema["$defs"]["point"]);
    let misconception = schema_fields(&schema["$defs"]["misconception"]);
    for (name, schema_path) in [
        ("definition.json", "schema.json"),
        ("five-year-plans.json", "schema.json"),
        ("soviet-society.json", "schema.json"),
        ("long-term-effects.json", "schema.json"),
        ("asap-sas/asap-1.json", "../schema.json"),
        ("asap-sas/asap-5.json", "../schema.json"),
        ("asap-sas/asap-6.json", "../schema.json"),
    ] {
        let rubric = read(name);
        assert_eq!(
            rubric["$schema"], schema_path,
            "{name} points editors at the schema"
        );
        for key in rubric.as_object().expect("object").keys() {
            assert!(top.contains(key), "{name}: {key} is not in the schema");
        }
        for p in rubric["points"].as_array().expect("points") {
            for key in p.as_object().expect("point").keys() {
                assert!(
                    point.contains(key),
                    "{name}: point field {key} is not in the schema"
                );
            }
            for m in p["misconceptions"].as_array().into_iter().flatten() {
                for key in m.as_object().expect("misconception").keys() {
                    assert!(
                        misconception.contains(key),
                        "{name}: misconception field {key} is not in the schema"
                    );
                }
            }
        }
    }
}

fn marks_test(extra: &[&str]) -> std::process::Output {
    markpoint()
        .args([
            "rubric",
            "test",
            &fixture("schemes/transport.json"),
            "--responses",
            &fixture("labelled/transport-marks.csv"),
            "-q",
            "transport",
            "--score-column",
            "mark",
            "--answer-column",
            "response",
            "--id-column",
            "student",
            "--where",
            "form=A",
            "--color",
            "never",
        ])
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn holistic_marks_give_exact_agreement_kappa_and_the_confusion_matrix() {
    let output = marks_test(&[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf8");
    assert!(
        text.contains("transport (6 responses)"),
        "--where keeps form A only: {text}"
    );
    assert!(
        text.contains("marks: exact agreement 0.667 quadratic weighted kappa 0.842"),
        "{text}"
    );
    assert!(
        text.contains("examiner \\ markpoint    0    1    2    3"),
        "{text}"
    );
    assert!(
        text.contains("                       2    0    1    1    0"),
        "{text}"
    );
    assert!(
        text.contains("s6 transport marks: markpoint 1, label 0: covered: osmosis, active"),
        "{text}"
    );
}

#[test]
fn holistic_marks_in_json_and_the_kappa_floor() {
    let output = marks_test(&["--format", "json"]);
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let marks = &result["questions"][0]["scores"]["marks"];
    assert!(
        (marks["qwk"].as_f64().expect("qwk") - 16.0 / 19.0).abs() < 1e-9,
        "{marks}"
    );
    assert_eq!(marks["confusion"][0], serde_json::json!([1, 1, 0, 0]));
    assert_eq!(marks["marks"], serde_json::json!([0, 1, 2, 3]));
    assert_eq!(marks_test(&["--min-qwk", "0.8"]).status.code(), Some(0));
    assert_eq!(marks_test(&["--min-qwk", "0.9"]).status.code(), Some(1));
}

#[test]
fn a_marks_file_without_the_named_column_says_which_columns_it_has() {
    markpoint()
        .args(["rubric", "test", &fixture("schemes/transport.json")])
        .args(["--responses", &fixture("labelled/transport-marks.csv")])
        .args(["-q", "transport", "--answer-column", "response"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "transport-marks.csv: no column \"score\" (give it with --score-column); the columns are: student, mark, response, form",
        ));
}

#[test]
fn bad_marks_are_reported_by_line_and_the_rest_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("marks.tsv");
    std::fs::write(
        &path,
        "id\tscore\tanswer\na\t1\tOsmosis moves water.\nb\tlots\tCells.\nc\t0\tCells are small.\n",
    )
    .expect("writes");
    markpoint()
        .args(["rubric", "test", &fixture("schemes/transport.json")])
        .arg("--responses")
        .arg(&path)
        .args(["-q", "transport", "--color", "never"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "marks.tsv:3: \"score\": \"lots\" is not a mark (a number)",
        ))
        .stdout(predicate::str::contains("transport (2 responses)"))
        .stdout(predicate::str::contains("exact agreement 1.000"));
}

#[test]
fn responses_with_a_kind_are_counted_exactly_right_by_kind() {
    // k3 is labelled as earning the point its "never" denies: one of the
    // two negations is judged exactly as labelled; k5 has no kind.
    rubric_test("labelled/kinds.jsonl", &[])
        .success()
        .stdout(predicate::str::contains(
            "by kind (exactly right: every point as labelled)",
        ))
        .stdout(predicate::str::is_match(r"genuine\s+2 of 2\s+exactly right").expect("regex"))
        .stdout(predicate::str::is_match(r"negation\s+1 of 2\s+exactly right").expect("regex"));
    let output = markpoint()
        .args(["rubric", "test", &fixture("good/photosynthesis.json")])
        .args(["--responses", &fixture("labelled/kinds.jsonl")])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let kinds = result["kinds"].as_array().expect("kinds");
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert_eq!(kinds[1]["kind"], "negation");
    assert_eq!(kinds[1]["responses"], 2);
    assert_eq!(kinds[1]["exact"], 1);
    assert_eq!(kinds[1]["points"]["counts"]["false_negatives"], 1);
    // Without kinds there is no table, and the JSON list is empty.
    rubric_test("labelled/points.jsonl", &[])
        .success()
        .stdout(predicate::str::contains("by kind").not());
}
