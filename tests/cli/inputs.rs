//! Real-world input files: Latin-1 and UTF-16 text, Word documents,
//! semicolon- and tab-separated CSV, cells over several lines, unclosed
//! quotes, duplicate ids, plain text where JSON Lines were expected, and
//! skipped answers listed in every output form.

use super::{markpoint, point, FIXTURE};
use predicates::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `markpoint batch` on the photosynthesis fixture rubric.
fn batch() -> assert_cmd::Command {
    let mut cmd = markpoint();
    cmd.args([
        "batch",
        "--rubrics",
        FIXTURE,
        "--question",
        "photosynthesis",
        "--color",
        "never",
    ]);
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// `text` as UTF-16LE with a byte-order mark, as Notepad saves "Unicode".
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// A minimal Word document whose paragraphs are `paragraphs`.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)
        .expect("starts");
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>")
        .expect("writes");
    zip.start_file("word/document.xml", options)
        .expect("starts");
    write!(
        zip,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    )
    .expect("writes");
    zip.finish().expect("finishes").into_inner()
}

/// Runs `check --format json` on a file and returns the report and stderr.
fn check_file(path: &Path) -> (serde_json::Value, String) {
    let output = markpoint()
        .args([
            "check",
            "--rubrics",
            FIXTURE,
            "--question",
            "photosynthesis",
        ])
        .args(["--format", "json"])
        .arg(path)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let report = serde_json::from_slice(&output.stdout).expect("one JSON report");
    (report, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The CSV on stdout as rows of cells (header first).
fn csv_rows(stdout: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(stdout)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The `(id, status)` of each CSV row after the header.
fn csv_status(stdout: &[u8]) -> Vec<(String, String)> {
    let rows = csv_rows(stdout);
    let status = rows[0].iter().position(|c| c == "status").expect("status");
    rows[1..]
        .iter()
        .map(|row| (row[0].clone(), row[status].clone()))
        .collect()
}

#[track_caller]
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_latin1_answer_is_read_as_windows_1252_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "latin1.txt",
        b"Plants release oxygen \x96 caf\xe9 \x93na\xefve\x94.",
    );
    let (report, stderr) = check_file(&file);
    assert_eq!(
        point(&report, "oxygen")["evidence"],
        "Plants release oxygen \u{2013} café \u{201c}naïve\u{201d}."
    );
    assert_eq!(
        stderr,
        format!(
            "markpoint: note: {}: not UTF-8; read as Windows-1252 (Latin-1)\n",
            file.display()
        )
    );
}

#[test]
fn a_utf16_answer_with_a_byte_order_mark_is_read_without_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "notepad.txt",
        &utf16le("Plants release oxygen, café.\r\n"),
    );
    let (report, stderr) = check_file(&file);
    assert_eq!(
        point(&report, "oxygen")["evidence"],
        "Plants release oxygen, café."
    );
    assert_eq!(stderr, "");
}

#[test]
fn a_word_document_is_graded_by_check_and_in_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let essay = write(
        dir.path(),
        "ann.docx",
        &docx(&["Plants use sunlight.", "They release oxygen &amp; sugar."]),
    );
    let (report, _) = check_file(&essay);
    assert_eq!(
        point(&report, "oxygen")["evidence"],
        "They release oxygen & sugar."
    );
    write(dir.path(), "bob.txt", b"Plants release oxygen.");
    write(dir.path(), "broken.docx", b"not a zip archive");
    let output = batch()
        .arg(dir.path())
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[("ann", "graded"), ("bob", "graded"), ("broken", "skipped")])
    );
    let rows = csv_rows(&output.stdout);
    let reason = rows[3].last().expect("reason");
    assert!(
        reason.contains("broken.docx: not a Word document"),
        "{reason}"
    );
}

#[test]
fn a_folder_mixing_encodings_is_graded_with_one_note_per_guessed_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", b"Plants release oxygen.");
    write(dir.path(), "b.txt", &utf16le("Plants release oxygen."));
    write(dir.path(), "c.txt", b"Plants release oxyg\xe8ne.");
    write(dir.path(), "d.txt", b"\xef\xbb\xbfPlants release oxygen.");
    let output = batch()
        .arg(dir.path())
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[
            ("a", "graded"),
            ("b", "graded"),
            ("c", "graded"),
            ("d", "graded")
        ])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("note:")).collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].contains("c.txt: not UTF-8"), "{stderr}");
}

#[test]
fn a_semicolon_csv_is_read_by_batch_and_rubric_test() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "klasse.csv",
        "id;answer;score\nann;\"Plants use sunlight; they release oxygen.\";3\nbob;Plants release oxygen, then;2\n"
            .as_bytes(),
    );
    let output = batch()
        .arg(&file)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[("ann", "graded"), ("bob", "graded")])
    );
    markpoint()
        .args(["rubric", "test", FIXTURE, "-q", "photosynthesis"])
        .arg("--responses")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("(2 responses)"));
}

#[test]
fn delimiter_forces_the_separator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "pipes.csv",
        b"id|answer\nann|Plants release oxygen, then sugar.\n",
    );
    batch()
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no \"id\" column (the columns are: id|answer); name it with --id-column; \
             if the cells are separated by something else, give it with --delimiter",
        ));
    let output = batch()
        .arg(&file)
        .args(["--delimiter", "|", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(csv_status(&output.stdout), pairs(&[("ann", "graded")]));
    batch()
        .arg(&file)
        .args(["--delimiter", "ab"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"ab\" is not a delimiter"));
}

#[test]
fn a_utf16_tab_separated_export_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "export.csv",
        &utf16le("id\tanswer\r\nzoé\tPlants release oxygen, then sugar.\r\n"),
    );
    let output = batch()
        .arg(&file)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(csv_status(&output.stdout), pairs(&[("zoé", "graded")]));
}

#[test]
fn a_latin1_csv_is_read_with_one_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "latin1.csv",
        b"id,answer\nJos\xe9,Plants release oxyg\xe8ne.\nIn\xe8s,Plants release oxygen.\n",
    );
    let output = batch()
        .arg(&file)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[("José", "graded"), ("Inès", "graded")])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("not UTF-8").count(), 1, "{stderr}");
    assert!(
        stderr.contains("latin1.csv: not UTF-8; read as Windows-1252"),
        "{stderr}"
    );
}

#[test]
fn errors_after_cells_over_several_lines_name_the_physical_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "id,answer,score\r\n\
                ann,\"Plants use sunlight.\r\n\r\nThey release oxygen.\",2\r\n\
                \r\n\
                bob,too,many,cells\r\n\
                ,no id,1\r\n";
    let file = write(dir.path(), "multi.csv", text.as_bytes());
    let name = file.display().to_string();
    batch()
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{name}:6: the record has 4 fields where the header has 3"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}:7: the id is empty"
        )));
    markpoint()
        .args(["rubric", "test", FIXTURE, "-q", "photosynthesis"])
        .arg("--responses")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{name}:6: \"score\": \"many\" is not a mark"
        )));
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opened_and_the_rows_before_are_graded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "id,answer\n\
                ann,\"Plants release oxygen.\nThey use sunlight.\"\n\
                bob,\"Plants release oxygen.\n\
                cat,Plants release oxygen.\n\
                dan,Plants release oxygen.\n";
    let file = write(dir.path(), "open.csv", text.as_bytes());
    let output = batch()
        .arg(&file)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[("ann", "graded"), ("bob", "skipped")])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:4: a quote opened on this line is never closed",
            file.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("graded 1 answer, skipped 1"), "{stderr}");
    let marked = write(
        dir.path(),
        "marks.csv",
        b"id,answer,score\nann,Plants release oxygen.,2\nbob,\"Plants release oxygen.,2\ncat,x,1\n",
    );
    markpoint()
        .args(["rubric", "test", FIXTURE, "-q", "photosynthesis"])
        .arg("--responses")
        .arg(&marked)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("(1 responses)"))
        .stderr(predicate::str::contains(
            "marks.csv:3: a quote opened on line 3 is never closed",
        ));
}

#[test]
fn duplicate_ids_are_warned_about_with_both_places() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lines = write(
        dir.path(),
        "class.jsonl",
        b"{\"id\": \"ann\", \"answer\": \"Plants release oxygen.\"}\n\
          {\"id\": \"bob\", \"answer\": \"Plants release oxygen.\"}\n\
          {\"id\": \"ann\", \"answer\": \"Plants use sunlight.\"}\n",
    );
    let table = write(
        dir.path(),
        "more.csv",
        b"id,answer\nbob,Plants release oxygen.\n",
    );
    let output = batch()
        .arg(&lines)
        .arg(&table)
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 4);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let (lines, table) = (lines.display(), table.display());
    assert!(
        stderr.contains(&format!(
            "markpoint: warning: duplicate id \"ann\": {lines}:1 and {lines}:3"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "markpoint: warning: duplicate id \"bob\": {lines}:2 and {table}:2"
        )),
        "{stderr}"
    );
}

#[test]
fn plain_text_on_stdin_gets_one_error_that_says_what_batch_dash_reads() {
    let output = batch()
        .arg("-")
        .write_stdin("Plants use sunlight.\nThey release oxygen.\nAnd sugar.\n")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0]
            .starts_with("markpoint: error: <stdin>:1: not JSON Lines: `batch -` reads JSON Lines"),
        "{stderr}"
    );
    assert!(errors[0].contains("`markpoint check -`"), "{stderr}");
}

#[test]
fn a_skipped_answer_is_listed_in_csv_jsonl_and_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "ann.txt", b"Plants release oxygen.");
    write(dir.path(), "bob.txt", b"   ");
    write(dir.path(), "cat.txt", b"Plants use sunlight.");
    let out = tempfile::tempdir().expect("tempdir");
    let html = out.path().join("report.html");
    let output = batch()
        .arg(dir.path())
        .args(["--format", "csv", "--html"])
        .arg(&html)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        csv_status(&output.stdout),
        pairs(&[("ann", "graded"), ("bob", "skipped"), ("cat", "graded")])
    );
    let rows = csv_rows(&output.stdout);
    assert_eq!(rows[0].len(), rows[2].len());
    assert!(rows[2]
        .last()
        .is_some_and(|r| r.ends_with("bob.txt: the answer is empty")));
    let page = std::fs::read_to_string(&html).expect("report");
    let skipped_row = page
        .lines()
        .find(|l| l.contains("class=\"skipped\""))
        .expect("a skipped row");
    assert!(
        skipped_row.contains("<td class=\"num\">2</td><td>bob</td>"),
        "{skipped_row}"
    );
    assert!(skipped_row.contains("the answer is empty"), "{skipped_row}");
    assert!(
        page.contains("href=\"#a3\">cat<"),
        "numbering goes on after bob"
    );

    let output = batch()
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .output()
        .expect("runs");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let status: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["id"].as_str().expect("id"),
                l["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        status,
        [("ann", "graded"), ("bob", "skipped"), ("cat", "graded")]
    );
    assert!(lines[1]["reason"]
        .as_str()
        .is_some_and(|r| r.ends_with("bob.txt: the answer is empty")));
}

#[test]
fn a_latin1_model_answer_is_drafted_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "model.txt",
        b"The Earth\x92s axis is tilted, so each hemisphere gets more direct sunlight for part of the year.",
    );
    let output = markpoint()
        .args(["rubric", "draft", "--question", "Why do we have seasons?"])
        .arg("--from-answer")
        .arg(&file)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rubric: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a rubric");
    assert!(
        rubric["model_answer"]
            .as_str()
            .is_some_and(|m| m.starts_with("The Earth\u{2019}s axis")),
        "{rubric}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("model.txt: not UTF-8"));
}

#[test]
fn one_id_may_answer_several_questions() {
    let output = markpoint()
        .args(["batch", "--question", "definition", "--format", "jsonl", "-"])
        .write_stdin(
            "{\"id\": \"ann\", \"answer\": \"Stakhanov was a miner.\"}\n\
             {\"id\": \"ann\", \"question\": \"five-year-plans\", \"answer\": \"Workers competed.\"}\n",
        )
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("duplicate"),
        "{output:?}"
    );
}
