//! `markpoint batch` without `--question`: a whole test, from each export
//! style (Google Forms CSV, Microsoft Forms .xlsx, Moodle responses,
//! Canvas student analysis, long JSON Lines). The gradebook's marks are
//! checked against `markpoint check` on each answer alone, read from the
//! fixture independently of markpoint's own readers.

use super::markpoint;
use calamine::Reader;
use markpoint::report::exam::JsonStudent;
use predicates::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

const QUESTIONS: [&str; 4] = [
    "definition",
    "five-year-plans",
    "soviet-society",
    "long-term-effects",
];

/// The Moodle file's answer columns, mapped.
const MOODLE_MAPS: [&str; 8] = [
    "--map",
    "Response 1=definition",
    "--map",
    "Response 2=five-year-plans",
    "--map",
    "Response 3=soviet-society",
    "--map",
    "Response 4=long-term-effects",
];

/// An export style: its file, extra arguments, the column telling students
/// apart, and the column of each question (in [`QUESTIONS`] order).
struct Style {
    file: &'static str,
    args: &'static [&'static str],
    key: &'static str,
    columns: [&'static str; 4],
}

const GOOGLE: Style = Style {
    file: "google-forms.csv",
    args: &[],
    key: "Email Address",
    columns: [
        "1. What was Stakhanovism? (5 marks)",
        "2. How did Stakhanovism reflect the goals of Stalin\u{2019}s Five-Year Plans in terms of labour productivity? (5 marks)",
        "3. Evaluate the impact of Stakhanovism on Soviet society and its portrayal of labor during the 1930s. (5 marks)",
        "4. Analyze the long-term effects of Stakhanovism on labor practices in the Soviet Union and its implications for future economic policies. (5 marks)",
    ],
};

const MICROSOFT: Style = Style {
    file: "microsoft-forms.xlsx",
    args: &[],
    key: "Email",
    columns: [
        "What was Stakhanovism?",
        "How did Stakhanovism reflect the goals of Stalin's Five-Year Plans in terms of labor productivity?",
        "Evaluate the impact of Stakhanovism on Soviet society and its portrayal of labor during the 1930s.",
        "Analyze the long-term effects of Stakhanovism on labor practices in the Soviet Union and its implications for future economic policies.",
    ],
};

const MOODLE: Style = Style {
    file: "moodle-responses.csv",
    args: &MOODLE_MAPS,
    key: "Email address",
    columns: ["Response 1", "Response 2", "Response 3", "Response 4"],
};

const CANVAS: Style = Style {
    file: "canvas-student-analysis.csv",
    args: &[],
    key: "id",
    columns: [
        "48211: What was Stakhanovism?",
        "48212: How did Stakhanovism reflect the goals of Stalin's Five-Year Plans in terms of labor productivity?",
        "48213: Evaluate the impact of Stakhanovism on Soviet society and its portrayal of labor during the 1930s.",
        "48214: Analyze the long-term effects of Stakhanovism on labor practices in the Soviet Union and its implications for future economic policies.",
    ],
};

/// A table read straight from the fixture: header, then rows.
fn read_table(path: &Path) -> Vec<Vec<String>> {
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut workbook = calamine::open_workbook_auto(path).expect("opens");
        let range = workbook
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("reads");
        return range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        calamine::Data::Float(f) => format!("{f}"),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
    }
    let bytes = std::fs::read(path).expect("reads");
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    csv_rows(bytes)
}

/// CSV bytes as rows of cells (header first).
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The answers of a style, read from its file: per student, the last row's
/// answer to each question.
fn answers_of(style: &Style) -> HashMap<String, [String; 4]> {
    let table = read_table(&fixture(style.file));
    let column = |name: &str| {
        table[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{} has no column {name:?}", style.file))
    };
    let key = column(style.key);
    let columns = style.columns.map(column);
    table[1..]
        .iter()
        .map(|row| (row[key].clone(), columns.map(|c| row[c].clone())))
        .collect()
}

/// `markpoint check` on one answer alone: its marks (or score), 0 for an empty one.
fn check_marks(cache: &mut HashMap<(String, String), f64>, question: &str, answer: &str) -> f64 {
    if answer.trim().is_empty() {
        return 0.0;
    }
    *cache
        .entry((question.to_string(), answer.to_string()))
        .or_insert_with(|| {
            let report = super::check_json(question, answer);
            report["marks"]
                .as_f64()
                .or_else(|| report["score"].as_f64())
                .expect("a score")
        })
}

/// Runs a whole test with `args` and returns stdout, checking it succeeded.
fn run(file: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let output = markpoint()
        .arg("batch")
        .arg(file)
        .args(args)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    (
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The gradebook of a style: each question's marks equal `check` on that
/// answer alone, and the total is their sum.
fn gradebook_matches_check(style: &Style, cache: &mut HashMap<(String, String), f64>) {
    let mut args = style.args.to_vec();
    args.extend(["--format", "gradebook"]);
    let (stdout, _) = run(&fixture(style.file), &args);
    let rows = csv_rows(&stdout);
    let header = &rows[0];
    let source = read_table(&fixture(style.file));
    let identity: Vec<&String> = source[0]
        .iter()
        .filter(|h| !style.columns.contains(&h.as_str()))
        .collect();
    let mut expected_header: Vec<String> = identity.iter().map(|h| h.to_string()).collect();
    expected_header.extend(QUESTIONS.map(String::from));
    expected_header.extend(["total", "max_total", "percent"].map(String::from));
    assert_eq!(header, &expected_header, "{}", style.file);
    let key = header.iter().position(|h| h == style.key).expect("key");
    let answers = answers_of(style);
    assert_eq!(rows.len() - 1, answers.len(), "one row per student");
    for row in &rows[1..] {
        let student = &answers[&row[key]];
        let mut sum = 0.0;
        for (q, question) in QUESTIONS.iter().enumerate() {
            let cell = &row[identity.len() + q];
            let marks: f64 = cell.parse().expect("marks are numbers");
            let expected = check_marks(cache, question, &student[q]);
            assert_eq!(marks, expected, "{}: {} {question}", style.file, row[key]);
            sum += marks;
        }
        let total: f64 = row[identity.len() + 4].parse().expect("total");
        assert!((total - sum).abs() < 1e-9, "{}: {row:?}", style.file);
        assert_eq!(row[identity.len() + 5], "20");
    }
}

#[test]
fn every_export_style_gives_the_marks_check_gives_each_answer() {
    let mut cache = HashMap::new();
    for style in [&GOOGLE, &MICROSOFT, &MOODLE, &CANVAS] {
        gradebook_matches_check(style, &mut cache);
    }
}

#[test]
fn long_rows_are_grouped_by_student_and_match_check() {
    let (stdout, stderr) = run(&fixture("long.jsonl"), &["--format", "gradebook"]);
    let rows = csv_rows(&stdout);
    assert_eq!(
        rows[0],
        [
            "id",
            "definition",
            "five-year-plans",
            "soviet-society",
            "long-term-effects",
            "total",
            "max_total",
            "percent"
        ]
    );
    let mut answers: HashMap<String, [String; 4]> = HashMap::new();
    for line in std::fs::read_to_string(fixture("long.jsonl"))
        .expect("reads")
        .lines()
    {
        let record: serde_json::Value = serde_json::from_str(line).expect("json");
        let q = QUESTIONS
            .iter()
            .position(|q| record["question"] == *q)
            .expect("a question");
        let id = record["id"].as_str().expect("id").to_string();
        answers.entry(id).or_default()[q] = record["answer"].as_str().expect("answer").to_string();
    }
    assert_eq!(rows.len() - 1, answers.len());
    let mut cache = HashMap::new();
    for row in &rows[1..] {
        for (q, question) in QUESTIONS.iter().enumerate() {
            let expected = check_marks(&mut cache, question, &answers[&row[0]][q]);
            assert_eq!(row[1 + q].parse::<f64>().expect("marks"), expected);
        }
    }
    assert!(stderr.contains("\"definition\" → definition"), "{stderr}");
}

#[test]
fn the_mapping_is_announced_before_grading() {
    let (_, stderr) = run(&fixture(GOOGLE.file), &["--format", "gradebook"]);
    let expected = [
        "markpoint: ",
        "\"1. What was Stakhanovism? (5 marks)\" → definition\n",
        "→ five-year-plans (close match)\n",
        "passed through: \"Timestamp\", \"Email Address\", \"Name\"\n",
        "students are told apart by \"Email Address\"",
    ];
    for part in expected {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
}

#[test]
fn a_resubmission_counts_once_with_a_warning_naming_the_student() {
    for style in [&GOOGLE, &MICROSOFT] {
        let (stdout, stderr) = run(&fixture(style.file), &["--format", "gradebook"]);
        assert!(
            stderr.contains("warning: ")
                && stderr.contains("dmitri.volkov@school.example submitted 2 times"),
            "{stderr}"
        );
        let rows = csv_rows(&stdout);
        let dmitri: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| c == "dmitri.volkov@school.example"))
            .collect();
        assert_eq!(dmitri.len(), 1, "{}", style.file);
        let total: f64 = dmitri[0][dmitri[0].len() - 3].parse().expect("total");
        assert!(total > 5.0, "the last, better, submission counts: {total}");
    }
}

#[test]
fn google_forms_rows_pass_through_unchanged() {
    let (stdout, _) = run(&fixture(GOOGLE.file), &["--format", "gradebook"]);
    let rows = csv_rows(&stdout);
    assert_eq!(
        rows[1][..3],
        [
            "2026/03/02 9:17:03 AM GMT",
            "amara.okafor@school.example",
            "Amara Okafor"
        ]
    );
}

#[test]
fn the_table_shows_marks_totals_and_not_answered() {
    let (stdout, _) = run(&fixture(GOOGLE.file), &[]);
    let stdout = String::from_utf8_lossy(&stdout);
    assert!(stdout.contains("Q1 definition (5 marks): What was Stakhanovism?"));
    assert!(stdout.contains("– not answered (0 marks)"), "{stdout}");
    let ella = stdout
        .lines()
        .find(|l| l.starts_with("ella.brown@school.example"))
        .expect("Ella's row");
    let cells: Vec<&str> = ella.split_whitespace().collect();
    assert_eq!(cells[1], "–", "Ella left Q1 empty: {ella}");
    assert_eq!(cells[3], "–", "and Q3: {ella}");
    assert!(ella.contains("/20"), "{ella}");
    assert!(
        stdout.contains("Whole test:\n  5 students, mean"),
        "{stdout}"
    );
    assert!(stdout.contains("Points most often missed across the test:"));
    assert!(stdout.contains("answered 4, not answered 1"), "{stdout}");
    assert!(stdout.contains("Test: graded 5 students, skipped 0."));
}

#[test]
fn jsonl_gives_one_object_per_student_with_the_reports_inside() {
    let (stdout, _) = run(&fixture(MICROSOFT.file), &["--format", "jsonl"]);
    let students: Vec<JsonStudent> = String::from_utf8_lossy(&stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a student object"))
        .collect();
    assert_eq!(students.len(), 5);
    let ella = students
        .iter()
        .find(|s| s.id == "ella.brown@school.example")
        .expect("Ella");
    assert_eq!(ella.identity["Name"], "Ella Brown");
    assert_eq!(
        ella.identity["ID"], "6",
        "Microsoft Forms numbers responses"
    );
    let first = &ella.questions[0];
    assert_eq!((first.answered, first.marks), (false, 0.0));
    assert!(first.report.is_none());
    let last = &ella.questions[3];
    let report = last.report.as_ref().expect("answered");
    assert_eq!(last.marks, report.score);
    assert_eq!(report.question, "long-term-effects");
    let sum: f64 = ella.questions.iter().map(|q| q.marks).sum();
    assert_eq!(ella.total, sum);
    assert_eq!(ella.max_total, 20.0);
}

#[test]
fn the_html_test_view_links_each_cell_to_its_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("test.html");
    let mut args = MOODLE_MAPS.to_vec();
    let target = page.to_string_lossy().into_owned();
    args.extend(["--html", target.as_str(), "--quiet"]);
    run(&fixture(MOODLE.file), &args);
    let html = std::fs::read_to_string(&page).expect("the report");
    assert!(html.contains("<th title=\"What was Stakhanovism?\">Q1 definition</th>"));
    assert!(html.contains("<td class=\"none\">not answered</td>"));
    let link =
        regex::Regex::new(r##"<a href="#a(\d+)" title="[^"]*">(\d+)/5</a>"##).expect("regex");
    let targets: Vec<String> = link
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    let given = answers_of(&MOODLE)
        .values()
        .flatten()
        .filter(|a| !a.trim().is_empty())
        .count();
    assert_eq!(targets.len(), given, "a link for each answer given");
    assert_eq!(
        html.matches("not answered</td>").count(),
        20 - given,
        "the rest are shown as not answered"
    );
    for target in targets {
        assert!(html.contains(&format!("<article class=\"answer\" id=\"a{target}\">")));
    }
    assert!(html.contains("<mark"), "evidence is highlighted");
    assert!(html.contains("Points most often missed across the test"));
    let files: Vec<_> = std::fs::read_dir(dir.path()).expect("lists").collect();
    assert_eq!(files.len(), 1, "no spool files left behind");
}

#[test]
fn moodle_responses_need_a_map_and_say_how() {
    markpoint()
        .arg("batch")
        .arg(fixture(MOODLE.file))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "moodle-responses.csv: no column is headed by a question",
        ))
        .stderr(predicate::str::contains("--map \"Response 1=definition\""));
}

#[test]
fn two_columns_for_one_question_are_an_error_naming_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("class.csv");
    std::fs::write(
        &file,
        "Email,What was Stakhanovism?,Q1. What was Stakhanovism\na@x.org,A Soviet movement.,Again.\n",
    )
    .expect("writes");
    markpoint()
        .arg("batch")
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "columns \"What was Stakhanovism?\" and \"Q1. What was Stakhanovism\" both answer question \"definition\"",
        ));
    markpoint()
        .arg("batch")
        .arg(&file)
        .args([
            "--map",
            "Q1. What was Stakhanovism=-",
            "--format",
            "gradebook",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Email,Q1. What was Stakhanovism,definition,total,max_total,percent\n",
        ));
}

#[test]
fn a_bad_row_is_reported_and_the_rest_graded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("class.csv");
    std::fs::write(
        &file,
        "Email,What was Stakhanovism?\r\na@x.org,A Soviet movement of the 1930s.\r\n,No email.\r\nb@x.org,x,extra\r\nc@x.org,\r\n",
    )
    .expect("writes");
    let output = markpoint()
        .args(["batch", "--format", "gradebook"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("class.csv:3: the student's \"Email\" is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("class.csv:4: the record has 3 fields where the header has 2"),
        "{stderr}"
    );
    let rows = csv_rows(&output.stdout);
    assert_eq!(rows.len(), 3, "a@x.org and c@x.org: {rows:?}");
    assert_eq!(rows[2][..2], ["c@x.org", "0"]);
}

#[test]
fn a_mark_scheme_gives_its_marks_in_the_gradebook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).expect("mkdir");
    for rubric in ["schemes/transport.json", "good/photosynthesis.json"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rubric);
        let name = from.file_name().expect("name").to_owned();
        std::fs::copy(&from, rubrics.join(name)).expect("copies");
    }
    let answer = "Diffusion moves particles from high to low concentration. \
                  Osmosis moves water. Active transport uses energy.";
    let file = dir.path().join("class.csv");
    std::fs::write(
        &file,
        format!("id,Q1) Describe four ways substances cross the cell membrane [3 marks],photosynthesis\ns1,{answer},\n"),
    )
    .expect("writes");
    let output = markpoint()
        .arg("--rubrics")
        .arg(&rubrics)
        .args(["batch", "--format", "gradebook"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    assert_eq!(rows[0][1..3], ["transport", "photosynthesis"]);
    let check = super::check_json_with(
        &[
            "--rubrics",
            rubrics.to_str().expect("utf8"),
            "--question",
            "transport",
        ],
        answer,
    );
    assert_eq!(check["marks"], 2.0, "three of four elements: 2 marks");
    assert_eq!(rows[1][1], "2", "the marks, not the score (3)");
    assert_eq!(rows[1][2], "0", "photosynthesis not answered");
}

#[test]
fn feedback_gives_each_student_one_file_covering_the_whole_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("feedback");
    let target = folder.to_string_lossy().into_owned();
    let (stdout, stderr) = run(
        &fixture(CANVAS.file),
        &["--feedback", target.as_str(), "--format", "gradebook"],
    );
    assert!(stderr.contains("wrote 5 feedback files to"), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["2200.txt", "2201.txt", "2202.txt", "2203.txt", "2204.txt"]
    );
    let ella = std::fs::read_to_string(folder.join("2204.txt")).expect("Ella's feedback");
    let row = csv_rows(&stdout)
        .into_iter()
        .find(|r| r[1] == "2204")
        .expect("Ella's row");
    let total = &row[row.len() - 3];
    assert!(
        ella.starts_with(&format!("Feedback for 2204\nTest: {total}/20 marks")),
        "{ella}"
    );
    for question in QUESTIONS {
        assert!(
            ella.contains(&format!(" {question}: ")),
            "{question} in {ella}"
        );
    }
    assert_eq!(
        ella.matches("Not answered: 0 of 5 marks.").count(),
        2,
        "{ella}"
    );
    assert!(
        ella.contains("  - ") && ella.contains(". Add: "),
        "missed points and hints: {ella}"
    );
}

#[test]
fn whole_test_options_need_a_whole_test() {
    markpoint()
        .args(["batch", "--question", "definition", "--format", "gradebook"])
        .arg(fixture(GOOGLE.file))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("leave out --question"));
}
