//! What scripts rely on: ids on every JSON line, warning codes, character
//! offsets, adding rubrics to the built-in ones, linting a whole file at once.

use super::{check_fixture, check_json, markpoint, FIXTURE};
use predicates::prelude::*;
use serde_json::Value;

/// The JSON lines of a command's stdout.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn every_json_line_of_check_names_its_answer_even_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mine.txt");
    std::fs::write(&file, "Plants use sunlight to make sugar.").expect("writes");
    let output = check_fixture()
        .args(["--format", "jsonl"])
        .arg(&file)
        .output()
        .expect("runs");
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], file.display().to_string());
    let output = check_fixture()
        .args(["--format", "jsonl"])
        .write_stdin("Plants use sunlight to make sugar.")
        .output()
        .expect("runs");
    assert_eq!(json_lines(&output.stdout)[0]["id"], "<stdin>");
    // A single JSON object stays as it was: no id.
    let output = check_fixture()
        .args(["--format", "json"])
        .write_stdin("Plants use sunlight to make sugar.")
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(report.get("id").is_none(), "{report}");
    assert_eq!(report["schema_version"], 1);
}

#[test]
fn warnings_carry_stable_codes_beside_their_sentences() {
    let model = "Stakhanovism was a movement initiated in the Soviet Union during the 1930s that encouraged workers to exceed production targets and increase productivity.";
    let report = check_json("definition", model);
    let details = report["warning_details"].as_array().expect("details");
    let codes: Vec<&str> = details
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["copied-model-answer"], "{report:#}");
    assert_eq!(details[0]["message"], report["warnings"][0]);
    let report = check_json(
        "definition",
        "soviet, 1930s, stakhanov, record, propaganda, workers",
    );
    let codes: Vec<&str> = report["warning_details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["keyword-list"], "{report:#}");
    let report = super::fixture_json(
        "The French Revolution began in 1789 when the people of Paris stormed the Bastille \
         prison, angry about taxes, bread prices and the privileges of the nobility.",
        &[],
    );
    assert_eq!(
        report["warning_details"][0]["code"], "off-topic",
        "{report:#}"
    );
}

#[test]
fn every_warning_code_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.md"))
        .expect("docs/report.md");
    let schema = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/report.schema.json"
    ))
    .expect("schema");
    for kind in markpoint::review::WARNING_KINDS {
        assert!(
            docs.contains(&format!("`{}`", kind.code)),
            "{} is not in docs/report.md",
            kind.code
        );
        assert!(
            schema.contains(&format!("\"{}\"", kind.code)),
            "{} is not in the schema",
            kind.code
        );
    }
}

#[test]
fn evidence_has_character_offsets_beside_byte_offsets() {
    let answer = "Café talk aside — “plants” use sunlight to make sugar. Plants give off oxygen.";
    let output = check_fixture()
        .args(["--format", "json"])
        .write_stdin(answer)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    let chars: Vec<char> = answer.chars().collect();
    let mut checked = 0;
    for point in report["points"].as_array().expect("points") {
        let Some(evidence) = point["evidence"].as_str() else {
            assert!(point["char_span"].is_null());
            continue;
        };
        let at = |field: &str, n: usize| point[field][n].as_u64().expect("offset") as usize;
        assert_eq!(&answer[at("span", 0)..at("span", 1)], evidence);
        let by_chars: String = chars[at("char_span", 0)..at("char_span", 1)]
            .iter()
            .collect();
        assert_eq!(by_chars, evidence);
        checked += 1;
    }
    assert_eq!(checked, 2, "{report:#}");
    // The second sentence starts after multi-byte characters: the offsets differ.
    let oxygen = report["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["id"] == "oxygen")
        .expect("oxygen point");
    assert_ne!(oxygen["span"], oxygen["char_span"]);
}

#[test]
fn added_rubrics_join_the_built_in_ones_and_win_a_clash_with_a_note() {
    markpoint()
        .args(["--add-rubrics", FIXTURE, "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("definition"))
        .stdout(predicate::str::contains("photosynthesis"))
        .stderr("");
    // --rubrics still replaces the built-in questions.
    markpoint()
        .args(["--rubrics", FIXTURE, "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("photosynthesis"))
        .stdout(predicate::str::contains("definition").not());
    let dir = tempfile::tempdir().expect("temp dir");
    let mine = dir.path().join("definition.json");
    let fixture = std::fs::read_to_string(FIXTURE).expect("fixture");
    let renamed = fixture.replacen("\"photosynthesis\"", "\"definition\"", 1);
    std::fs::write(&mine, renamed).expect("writes");
    markpoint()
        .args(["check", "-q", "definition", "--add-rubrics"])
        .arg(&mine)
        .write_stdin("Plants use sunlight to make sugar.")
        .assert()
        .success()
        .stdout(predicate::str::contains("light-energy"))
        .stderr(predicate::str::contains(format!(
            "markpoint: note: question \"definition\" from {} replaces the one from builtin:rubrics/definition.json",
            mine.display()
        )));
    // The note is one line, and batch --quiet keeps stderr quiet.
    let answers = dir.path().join("answers.jsonl");
    std::fs::write(
        &answers,
        "{\"id\": \"a\", \"answer\": \"Plants use sunlight.\"}\n",
    )
    .expect("writes");
    markpoint()
        .args([
            "batch",
            "-q",
            "definition",
            "--quiet",
            "--format",
            "jsonl",
            "--add-rubrics",
        ])
        .arg(&mine)
        .arg(&answers)
        .assert()
        .success()
        .stdout(predicate::str::contains("light-energy"))
        .stderr("");
}

/// A rubric with several problems, one per kind the loader checks.
const MANY_PROBLEMS: &str = r#"{
  "id": "many",
  "topic": "Biology",
  "question": "What does photosynthesis do?",
  "model_answer": "Plants use light energy to make sugar.",
  "pass_mark": 150,
  "concepts": {"light": ["light", "sunlight"], "sugar": ["sugar", "glucose"]},
  "points": [
    {"id": "light-energy", "label": "Uses light", "hint": "Say light.", "match": ["ligth + sugar"]},
    {"id": "sugar", "label": "Makes sugar", "hint": "Say sugar.", "match": ["sugar"], "regex": "("}
  ],
  "examples": [{"answer": "Plants use light.", "covers": ["light-energi"]}]
}
"#;

#[test]
fn lint_reports_every_problem_of_a_file_at_once_from_stdin() {
    let output = markpoint()
        .args(["rubric", "lint", "-"])
        .write_stdin(MANY_PROBLEMS)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "<stdin>:6:16: pass_mark must be a percentage from 0 to 100, not 150",
            "<stdin>:9:83: point \"light-energy\": match \"ligth + sugar\" names concept \"ligth\", which is not in \"concepts\"; did you mean \"light\"? the concepts are: light, sugar",
            "<stdin>:10:96: point \"sugar\": regex does not compile: regex parse error: ( ^ error: unclosed group",
            "<stdin>:12:59: example 1: no point has the id \"light-energi\"; did you mean \"light-energy\"? the points are: light-energy, sugar",
        ]
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 rubric file checked, 4 errors"));
}
