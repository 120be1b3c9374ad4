//! `markpoint batch`: each input form (folder, JSON Lines, CSV, stdin), each
//! output form (table, JSON Lines, CSV, HTML), bad records among good ones,
//! injection into spreadsheets and HTML, input order under parallelism.

use super::{covered, markpoint};
use markpoint::report::json::{JsonReport, JsonSkipped};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const RUBRIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/good/photosynthesis.json"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/batch");

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// `markpoint batch` on the photosynthesis fixture rubric.
pub(crate) fn batch() -> assert_cmd::Command {
    let mut cmd = markpoint();
    cmd.args(["batch", "--rubrics", RUBRIC, "--question", "photosynthesis"]);
    cmd
}

/// One line of a batch's JSON Lines, decoded as the contract's wire types.
enum Line {
    Graded(JsonReport),
    Skipped(JsonSkipped),
}

/// Every JSON Lines line on stdout: a report (`"status": "graded"`) or a skipped answer.
fn lines(stdout: &[u8]) -> Vec<Line> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            if value["status"] == "skipped" {
                Line::Skipped(serde_json::from_value(value).expect("a skipped answer"))
            } else {
                let report: JsonReport = serde_json::from_value(value).expect("a JSON report");
                assert_eq!(report.status.as_deref(), Some("graded"));
                Line::Graded(report)
            }
        })
        .collect()
}

/// The graded reports on stdout, in order.
pub(crate) fn reports(stdout: &[u8]) -> Vec<JsonReport> {
    lines(stdout)
        .into_iter()
        .filter_map(|line| match line {
            Line::Graded(report) => Some(report),
            Line::Skipped(_) => None,
        })
        .collect()
}

/// The skipped answers on stdout, in order.
fn skipped(stdout: &[u8]) -> Vec<JsonSkipped> {
    lines(stdout)
        .into_iter()
        .filter_map(|line| match line {
            Line::Skipped(skipped) => Some(skipped),
            Line::Graded(_) => None,
        })
        .collect()
}

fn ids(reports: &[JsonReport]) -> Vec<String> {
    reports
        .iter()
        .map(|r| r.id.clone().expect("batch reports have an id"))
        .collect()
}

/// The CSV on stdout as rows of cells (header first).
pub(crate) fn csv_rows(stdout: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(stdout)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

pub(crate) fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path
}

#[test]
fn a_folder_gives_a_table_and_a_class_summary() {
    batch()
        .arg(fixture("class"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "points: 1 light-energy · 2 inputs · 3 oxygen",
        ))
        .stdout(predicate::str::is_match(r"alice +3/4 +75% +good +✔ ✘ ✔\n").expect("regex"))
        .stdout(predicate::str::is_match(r"bob +2/4 +50% +pass +✘ ✘ ✔\n").expect("regex"))
        .stdout(predicate::str::is_match(r"carol +1/4 +25% +not yet +✘ ✔ ✘\n").expect("regex"))
        .stdout(predicate::str::contains("notes").not())
        .stdout(predicate::str::contains("3 answers, 2 passed (66.7%), mean score 50%"))
        .stdout(predicate::str::is_match(r"█+░+ +2/3 +67% +oxygen").expect("regex"))
        .stdout(predicate::str::contains(
            "The class most needs: Say what happens to the light energy. (2 of 3 missed light-energy)",
        ))
        .stdout(predicate::str::contains("Batch: graded 3 answers, skipped 0."));
}

#[test]
fn the_class_summary_lists_the_most_missed_point_first() {
    let output = batch().arg(fixture("class")).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .split("Class summary")
        .nth(1)
        .expect("a class summary");
    let light = summary.find("light-energy").expect("light-energy");
    let oxygen = summary.find("oxygen").expect("oxygen");
    assert!(light < oxygen, "{summary}");
}

#[test]
fn jsonl_output_is_the_check_report_plus_id_in_input_order() {
    let output = batch()
        .arg(fixture("answers.jsonl"))
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let reports = reports(&output.stdout);
    assert_eq!(ids(&reports), ["alice", "bob", "3"]);
    assert_eq!(reports[0].question, "photosynthesis");
    assert_eq!(reports[0].score, 3.0);
    let alice: serde_json::Value =
        serde_json::from_slice(output.stdout.split(|&b| b == b'\n').next().expect("a line"))
            .expect("json");
    assert_eq!(covered(&alice), ["light-energy", "oxygen"]);
    let (start, end) = reports[1].points[2].span.expect("oxygen evidence");
    assert_eq!(
        &"Plants release oxygen."[start..end],
        "Plants release oxygen."
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "markpoint: graded 3 answers, skipped 0\n"
    );
}

#[test]
fn a_folder_reads_txt_and_md_files_with_their_names_as_ids() {
    let output = batch()
        .arg(fixture("class"))
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    assert_eq!(ids(&reports(&output.stdout)), ["alice", "bob", "carol"]);
}

#[test]
fn csv_input_handles_quoted_commas_newlines_and_named_columns() {
    let output = batch()
        .arg(fixture("answers.csv"))
        .args([
            "--id-column",
            "student",
            "--answer-column",
            "response",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_rows(&output.stdout),
        [
            [
                "id",
                "question",
                "score",
                "percent",
                "passed",
                "light-energy",
                "inputs",
                "oxygen",
                "warnings",
                "status",
                "reason"
            ],
            [
                "alice",
                "photosynthesis",
                "3",
                "75",
                "1",
                "1",
                "0",
                "1",
                "",
                "graded",
                ""
            ],
            [
                "bob",
                "photosynthesis",
                "2",
                "50",
                "1",
                "0",
                "0",
                "1",
                "",
                "graded",
                ""
            ],
            [
                "carol",
                "photosynthesis",
                "1",
                "25",
                "0",
                "0",
                "1",
                "0",
                "",
                "graded",
                ""
            ],
        ]
    );
}

#[test]
fn a_missing_csv_column_is_named_with_the_columns_there_are() {
    batch()
        .arg(fixture("answers.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "answers.csv:1: no \"id\" column (the columns are: student, question, response); name it with --id-column",
        ));
}

#[test]
fn dash_reads_json_lines_from_stdin() {
    let output = batch()
        .args(["--format", "jsonl", "-"])
        .write_stdin("{\"id\": \"s1\", \"answer\": \"Plants release oxygen.\"}\n{\"id\": \"s2\", \"answer\": \"Plants use sunlight to make sugar.\"}")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let reports = reports(&output.stdout);
    assert_eq!(ids(&reports), ["s1", "s2"]);
    assert_eq!(reports[1].score, 1.0);
}

#[test]
fn a_record_may_name_its_own_question() {
    let output = markpoint()
        .args(["batch", "--question", "definition", "--format", "jsonl", "-"])
        .write_stdin(
            "{\"id\": \"a\", \"answer\": \"Stakhanov was a miner.\"}\n\
             {\"id\": \"b\", \"question\": \"five-year-plans\", \"answer\": \"Workers competed.\"}\n\
             {\"id\": \"c\", \"question\": \"nope\", \"answer\": \"Workers competed.\"}\n",
        )
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let questions: Vec<String> = reports(&output.stdout)
        .into_iter()
        .map(|r| r.question)
        .collect();
    assert_eq!(questions, ["definition", "five-year-plans"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("<stdin>:3: unknown question \"nope\""),
        "{stderr}"
    );
}

#[test]
fn bad_json_lines_are_reported_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "x".repeat(64);
    let file = write(
        dir.path(),
        "class.jsonl",
        &format!(
            "{{\"id\": \"a\", \"answer\": \"Plants release oxygen.\"}}\n\
             {{\"id\": \"b\", \"answer\": \n\
             {{\"id\": \"c\"}}\n\
             {{\"id\": \"d\", \"answer\": \"  ...  \"}}\n\
             {{\"answer\": \"no id\"}}\n\
             [1, 2]\n\
             {{\"id\": \"e\", \"answer\": \"Plants use sunlight to make sugar. {long}\"}}\n"
        ),
    );
    let output = batch()
        .arg(&file)
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(ids(&reports(&output.stdout)), ["a", "e"]);
    let skipped = skipped(&output.stdout);
    let skipped_ids: Vec<Option<&str>> = skipped.iter().map(|s| s.id.as_deref()).collect();
    assert_eq!(skipped_ids, [None, Some("c"), Some("d"), None, None]);
    assert!(skipped[2].reason.ends_with(":4: the answer is empty"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 6, "{stderr}");
    let name = file.display().to_string();
    for (line, (number, words)) in lines.iter().zip([
        (2, "malformed JSON"),
        (3, "the record has no \"answer\""),
        (4, "the answer is empty"),
        (5, "the record has no \"id\""),
        (6, "not a record with \"id\" and \"answer\""),
    ]) {
        assert!(
            line.starts_with(&format!("markpoint: error: {name}:{number}: "))
                && line.contains(words),
            "{line}"
        );
    }
    assert_eq!(lines[5], "markpoint: graded 2 answers, skipped 5");
}

#[test]
fn bad_files_in_a_folder_are_skipped_named_and_the_rest_graded() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", "Plants release oxygen.");
    std::fs::write(dir.path().join("b.txt"), b"Plants \0\xff release oxygen.").expect("write");
    write(dir.path(), "c.txt", "   \n");
    write(dir.path(), "d.md", "Plants use sunlight to make sugar.");
    write(dir.path(), "e.pdf", "%PDF-1.4");
    std::fs::create_dir(dir.path().join("f")).expect("mkdir");
    write(dir.path(), ".hidden.txt", "not an answer");
    write(dir.path(), "Thumbs.db", "not an answer");
    let output = batch()
        .arg(dir.path())
        .args(["--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = stdout.lines().filter(|l| l.len() > 2).collect();
    let row = |id: &str| {
        rows.iter()
            .find(|r| r.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row for {id}: {stdout}"))
            .to_string()
    };
    assert!(row("a").contains("pass"), "{stdout}");
    assert!(row("b").contains("skipped: "), "{stdout}");
    assert!(row("c").contains("c.txt: the answer is empty"), "{stdout}");
    assert!(row("e").contains("e.pdf: not an answer file"), "{stdout}");
    assert!(row("f").contains("sub-folders"), "{stdout}");
    assert!(
        !stdout.contains("hidden") && !stdout.contains("Thumbs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Batch: graded 2 answers, skipped 4 (the errors are on stderr)."),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("b.txt: not text: a NUL byte at offset 7"),
        "{stderr}"
    );
    assert!(stderr.contains("c.txt: the answer is empty"), "{stderr}");
    assert!(
        stderr.contains("e.pdf: not an answer file markpoint reads (.txt, .md or .docx)"),
        "{stderr}"
    );
}

#[test]
fn bad_csv_records_are_reported_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "class.csv",
        "id,answer\n\
         a,Plants release oxygen.\n\
         b,too,many,fields\n\
         ,no id\n\
         c,\"Plants use sunlight,\nto make sugar.\"\n\
         d,\"\"\n\
         e,Plants release oxygen.\n",
    );
    let output = batch()
        .arg(&file)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let rows = csv_rows(&output.stdout);
    let status: Vec<(&str, &str)> = rows
        .iter()
        .skip(1)
        .map(|row| (row[0].as_str(), row[row.len() - 2].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("a", "graded"),
            ("", "skipped"),
            ("", "skipped"),
            ("c", "graded"),
            ("d", "skipped"),
            ("e", "graded")
        ]
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let name = file.display().to_string();
    assert!(
        stderr.contains(&format!(
            "{name}:3: the record has 4 fields where the header has 2"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{name}:4: the id is empty")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{name}:7: the answer is empty")),
        "{stderr}"
    );
    assert!(stderr.contains("graded 3 answers, skipped 3"), "{stderr}");
}

#[test]
fn unreadable_inputs_are_named_and_the_others_still_graded() {
    let output = batch()
        .arg("no-such-folder")
        .arg(fixture("answers.jsonl"))
        .arg(RUBRIC)
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(reports(&output.stdout).len(), 3);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("markpoint: error: no-such-folder: "),
        "{stderr}"
    );
    assert!(stderr.contains("photosynthesis.json:1: "), "{stderr}");
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let output = batch()
        .args(["--format", "csv", "-"])
        .write_stdin(
            "{\"id\": \"=HYPERLINK(\\\"http://x\\\")\", \"answer\": \"Plants release oxygen.\"}\n\
             {\"id\": \"+1\", \"answer\": \"Plants release oxygen.\"}\n\
             {\"id\": \"-2\", \"answer\": \"Plants release oxygen.\"}\n\
             {\"id\": \"@SUM(A1)\", \"answer\": \"Plants release oxygen.\"}\n\
             {\"id\": \"\\tx\", \"answer\": \"Plants release oxygen.\"}\n\
             {\"id\": \"a,b\", \"answer\": \"Plants release oxygen.\"}\n",
        )
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let ids: Vec<String> = csv_rows(&output.stdout)
        .into_iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(
        ids,
        [
            "'=HYPERLINK(\"http://x\")",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "'\\x09x",
            "a,b"
        ]
    );
}

#[test]
fn the_html_report_is_self_contained_and_escapes_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.html");
    let input = write(
        dir.path(),
        "class.jsonl",
        "{\"id\": \"alice\", \"answer\": \"Plants use sunlight to make sugar, and they release oxygen.\"}\n\
         {\"id\": \"<img src=x onerror=alert(1)>\", \"answer\": \"<script>alert('x')</script> Plants release oxygen.\"}\n",
    );
    batch()
        .arg(&input)
        .arg("--html")
        .arg(&report)
        .assert()
        .success()
        .stderr(predicate::str::contains("markpoint: wrote "));
    let html = std::fs::read_to_string(&report).expect("the report was written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "a coverage chart");
    // The evidence mark may open inside "<script" (sentences start at words).
    assert!(html.contains("script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<script"), "no script at all");
    assert!(!html.contains("<img"));
    assert!(!html.contains("<link") && !html.contains("src=\"") && !html.contains("@import"));
    assert!(html.contains("<mark class=\"c0"), "evidence is highlighted");
    assert!(
        html.contains("Say what happens to the light energy."),
        "missed points are listed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn input_order_is_kept_under_parallel_grading() {
    let answers = [
        "Plants release oxygen.",
        "Plants use sunlight to make sugar. They take in carbon dioxide and water, and they release oxygen into the air around the leaves.",
        "Leaves.",
    ];
    let mut input = String::new();
    for n in 0..500 {
        let answer = answers[n % answers.len()].repeat(1 + n % 7);
        input.push_str(&format!(
            "{{\"id\": \"s{n:03}\", \"answer\": {answer:?}}}\n"
        ));
    }
    for jobs in ["1", "2", "4"] {
        let output = batch()
            .args(["--format", "jsonl", "--jobs", jobs, "-"])
            .write_stdin(input.clone())
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        let expected: Vec<String> = (0..500).map(|n| format!("s{n:03}")).collect();
        assert_eq!(ids(&reports(&output.stdout)), expected, "--jobs {jobs}");
    }
}

#[test]
fn quiet_leaves_stderr_to_errors() {
    batch()
        .arg(fixture("answers.jsonl"))
        .args(["--format", "jsonl", "--quiet"])
        .assert()
        .success()
        .stderr("");
    batch()
        .args(["--format", "csv", "--quiet", "-"])
        .write_stdin("not json\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:1: not JSON Lines"))
        .stderr(predicate::str::contains("graded").not());
}

#[test]
fn colour_follows_no_color_and_the_color_option() {
    batch()
        .arg(fixture("class"))
        .args(["--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    batch()
        .arg(fixture("class"))
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    batch()
        .arg(fixture("class"))
        .args(["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn escape_sequences_in_ids_are_never_echoed_raw() {
    batch()
        .args(["--color", "never", "-"])
        .write_stdin("{\"id\": \"\\u001b[2Jevil\", \"answer\": \"Plants release oxygen.\"}\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\\e[2Jevil"))
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn an_unknown_question_stops_the_batch_before_it_starts() {
    markpoint()
        .args(["batch", "--question", "nope"])
        .arg(fixture("class"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown question \"nope\""));
}

#[test]
fn an_input_without_answers_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = write(dir.path(), "empty.jsonl", "\n\n");
    batch()
        .arg(&empty)
        .arg(fixture("answers.jsonl"))
        .args(["--format", "jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "empty.jsonl: there are no answers in this input",
        ))
        .stderr(predicate::str::contains("graded 3 answers, skipped 1"));
    batch()
        .arg("-")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>: there are no answers in this input",
        ))
        .stdout(predicate::str::contains(
            "Batch: graded 0 answers, skipped 1",
        ));
}

#[test]
fn csv_point_columns_of_other_questions_are_left_empty_with_a_note() {
    let output = markpoint()
        .args(["batch", "--question", "definition", "--format", "csv", "-"])
        .write_stdin(
            "{\"id\": \"a\", \"answer\": \"Stakhanov was a miner.\"}\n\
             {\"id\": \"b\", \"question\": \"five-year-plans\", \"answer\": \"Workers competed.\"}\n",
        )
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    assert_eq!(rows[2][1], "five-year-plans");
    let points = 5..rows[0].len() - 3;
    assert!(
        rows[2][points.clone()].iter().all(String::is_empty),
        "{rows:?}"
    );
    assert!(
        rows[1][points].iter().all(|c| c == "0" || c == "1"),
        "{rows:?}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("note: the point columns"));
}

#[test]
fn warnings_show_in_the_table_and_the_csv() {
    let copied = "Stakhanovism was a movement initiated in the Soviet Union during the 1930s that encouraged workers to exceed production targets and promote a culture of productivity and efficiency.";
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "copier", "answer": copied}),
        serde_json::json!({"id": "lister", "answer": "Stakhanov, quota, propaganda, rewards, 1935"})
    );
    let run = |format: &str| {
        let output = markpoint()
            .args([
                "batch",
                "-q",
                "definition",
                "--quiet",
                "--color",
                "never",
                "--format",
                format,
                "-",
            ])
            .write_stdin(input.clone())
            .output()
            .expect("runs");
        String::from_utf8(output.stdout).expect("utf8")
    };
    let rows = csv_rows(run("csv").as_bytes());
    let warnings = rows[0].len() - 3;
    assert_eq!(rows[0][warnings], "warnings");
    assert!(
        rows[1][warnings].contains("copies the model answer"),
        "{rows:?}"
    );
    assert!(rows[2][warnings].contains("list of keywords"), "{rows:?}");
    let table = run("text");
    let copier = table
        .lines()
        .find(|l| l.starts_with("copier"))
        .expect("row");
    assert!(
        copier.contains("warning: the answer copies the model answer"),
        "{table}"
    );
}
