//! Mark schemes end to end: marks in every output form, percent and pass
//! following the marks, and lint catching schemes that cannot work.

use crate::markpoint;
use predicates::prelude::*;

const SCHEME: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schemes/transport.json"
);

const THREE: &str = "Diffusion moves particles from high to low concentration. \
                     Osmosis moves water. Active transport uses energy.";

fn scheme_json(answer: &str) -> serde_json::Value {
    crate::check_json_with(&["--rubrics", SCHEME, "--question", "transport"], answer)
}

#[test]
fn bands_turn_points_covered_into_marks_and_percent() {
    let report = scheme_json(THREE);
    assert_eq!(crate::covered(&report).len(), 3);
    assert_eq!(
        report["marks"], 2.0,
        "three elements earn 2 marks: {report}"
    );
    assert_eq!(report["max_marks"], 3.0);
    assert_eq!(report["percent"], 66.7, "the percent follows the marks");
    assert_eq!(report["passed"], true, "66.7% reaches the pass mark of 60");
    assert_eq!(report["score"], 3.0, "the score still counts points");

    let two = scheme_json("Osmosis moves water. Active transport uses energy.");
    assert_eq!(two["marks"], 1.0, "one or two elements earn 1 mark");
    assert_eq!(two["passed"], false, "33.3% is below the pass mark");
    let none = scheme_json("Cells are small.");
    assert_eq!(none["marks"], 0.0);
}

#[test]
fn rubrics_without_a_scheme_report_no_marks() {
    let report = crate::check_json("definition", "Stakhanovism was a Soviet movement.");
    assert!(report.get("marks").is_none(), "{report}");
    assert!(report.get("max_marks").is_none());
}

#[test]
fn text_report_says_marks() {
    markpoint()
        .args([
            "check",
            "--color",
            "never",
            "--rubrics",
            SCHEME,
            "-q",
            "transport",
        ])
        .write_stdin(THREE)
        .assert()
        .success()
        .stdout(predicate::str::contains("Marks 2/3 (66.7%)"))
        .stdout(predicate::str::contains("3 of 4 points"));
}

#[test]
fn batch_csv_jsonl_and_table_carry_marks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("answers.jsonl");
    let lines = [
        serde_json::json!({"id": "ann", "answer": THREE}),
        serde_json::json!({"id": "bob", "answer": "Endocytosis engulfs food."}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&input, text.join("\n")).expect("writes");
    let run = |format: &str| {
        let output = markpoint()
            .args(["batch", "--quiet", "--color", "never", "--rubrics", SCHEME])
            .args(["-q", "transport", "--format", format])
            .arg(&input)
            .output()
            .expect("runs");
        String::from_utf8(output.stdout).expect("utf8")
    };
    let csv = run("csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "id,question,score,percent,passed,marks,max_marks,diffusion,osmosis,active,endocytosis,warnings,status,reason"
    );
    assert_eq!(rows[1], "ann,transport,3,66.7,1,2,3,1,1,1,0,,graded,");
    assert_eq!(rows[2], "bob,transport,1,33.3,0,1,3,0,0,0,1,,graded,");
    let jsonl: Vec<serde_json::Value> = run("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(jsonl[0]["marks"], 2.0);
    assert_eq!(jsonl[1]["max_marks"], 3.0);
    let table = run("text");
    assert!(table.contains("2/3"), "the table shows marks: {table}");
}

fn lint(rubric: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.json");
    std::fs::write(&path, rubric).expect("writes");
    let output = markpoint()
        .args(["rubric", "lint", "--color", "never"])
        .arg(&path)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

fn with_scheme(scheme: &str) -> String {
    let text = std::fs::read_to_string(SCHEME).expect("fixture");
    let start = text.find("  \"bands\"").expect("bands");
    let end = text.find("  \"concepts\"").expect("concepts");
    format!("{}{scheme}\n{}", &text[..start], &text[end..])
}

#[test]
fn lint_accepts_the_scheme_fixture() {
    let (code, text) = lint(&std::fs::read_to_string(SCHEME).expect("fixture"));
    assert_eq!(code, 0, "{text}");
}

#[test]
fn lint_rejects_bands_that_give_fewer_marks_for_more_points() {
    let (code, text) = lint(&with_scheme(
        r#"  "bands": [{"covered": 3, "marks": 1}, {"covered": 1, "marks": 2}],"#,
    ));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("r.json:8:"),
        "names the line of the bands: {text}"
    );
    assert!(
        text.contains("more points must never earn fewer marks"),
        "{text}"
    );
}

#[test]
fn lint_rejects_a_band_above_the_cap_and_a_negative_cap() {
    let (code, text) = lint(&with_scheme(
        r#"  "max_marks": 2, "bands": [{"covered": 4, "marks": 3}],"#,
    ));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("more than max_marks 2"), "{text}");
    let (code, text) = lint(&with_scheme(r#"  "max_marks": -1,"#));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("max_marks must be a positive number"),
        "{text}"
    );
}

#[test]
fn lint_warns_about_marks_no_answer_can_reach() {
    let (code, text) = lint(&with_scheme(
        r#"  "bands": [{"covered": 5, "marks": 3}, {"covered": 1, "marks": 1}],"#,
    ));
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains("band for 5 covered can never be reached"),
        "{text}"
    );
    let (code, text) = lint(&with_scheme(r#"  "max_marks": 6,"#));
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains("max_marks is 6 but an answer covering every point earns 4"),
        "{text}"
    );
}

#[test]
fn lint_wants_a_subject_beside_other_topics() {
    let (code, text) = lint(&with_scheme(r#"  "other_topics": ["water"],"#));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("other_topics needs \"subject\""), "{text}");
    let (code, text) = lint(&with_scheme(
        r#"  "subject": ["nope"], "other_topics": ["water"],"#,
    ));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("names concept \"nope\", which is not in \"concepts\""),
        "{text}"
    );
}

#[test]
fn lint_checks_the_core_subject_names_concepts() {
    let (code, text) = lint(&with_scheme(r#"  "core_subject": ["nope"],"#));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("names concept \"nope\", which is not in \"concepts\""),
        "{text}"
    );
    let (code, text) = lint(&with_scheme(r#"  "core_subject": ["water"],"#));
    assert_eq!(code, 0, "{text}");
}
