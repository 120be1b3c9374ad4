//! `markpoint batch` outputs beyond stdout: feedback files, the CSV's
//! pass-through, evidence and hint columns, the HTML report written safely
//! (through links, never through a planted one, nothing left behind when
//! stopped), the table's alignment, and `--min-score`.

use super::batch::{batch, csv_rows, fixture, write};
use super::markpoint;
use predicates::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use unicode_width::UnicodeWidthStr;

const SCHEME: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schemes/transport.json"
);

/// The photosynthesis model answer, which the copying check flags.
const COPIED: &str = "Photosynthesis lets plants turn light energy into chemical energy. \
                      It uses carbon dioxide and water and releases oxygen.";

/// One JSON Lines record.
fn record(id: &str, answer: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "answer": answer}))
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("lists the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn feedback_gives_each_student_a_file_with_evidence_hints_and_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "class.jsonl",
        &[
            record(
                "alice",
                "Plants use sunlight to make sugar, and they release oxygen.",
            ),
            record("bob", "Plants absorb oxygen."),
            record("carol", COPIED),
        ]
        .concat(),
    );
    let folder = dir.path().join("out").join("feedback");
    batch()
        .arg(&input)
        .arg("--feedback")
        .arg(&folder)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 3 feedback files in"));
    assert_eq!(names(&folder), ["alice.txt", "bob.txt", "carol.txt"]);
    let alice = read(&folder.join("alice.txt"));
    assert!(alice.starts_with("Feedback for alice\n"), "{alice}");
    assert!(alice.contains("Score 3/4, 75%"), "{alice}");
    assert!(alice.contains("What you covered:\n  ✔ Light energy becomes chemical energy\n      \"Plants use sunlight to make sugar, and they release oxygen.\""), "{alice}");
    assert!(
        alice.contains(
            "What to add:\n  ✘ Uses carbon dioxide and water: Name what photosynthesis takes in."
        ),
        "{alice}"
    );
    assert!(!alice.contains("Watch out"), "{alice}");
    let bob = read(&folder.join("bob.txt"));
    assert!(
        bob.contains("Photosynthesis gives off oxygen; it does not take it in."),
        "the misconception: {bob}"
    );
    let carol = read(&folder.join("carol.txt"));
    assert!(carol.contains("copies the model answer"), "{carol}");
}

#[test]
fn feedback_shows_marks_under_a_mark_scheme() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "a.jsonl",
        &record(
            "ann",
            "Diffusion moves particles from high to low concentration. \
             Osmosis moves water. Active transport uses energy.",
        ),
    );
    markpoint()
        .args(["batch", "--rubrics", SCHEME, "-q", "transport"])
        .arg(&input)
        .arg("--feedback")
        .arg(dir.path().join("fb"))
        .assert()
        .success();
    let ann = read(&dir.path().join("fb").join("ann.txt"));
    assert!(ann.contains("Marks 2/3 (3 of 4 points), 66.7%"), "{ann}");
}

#[test]
fn feedback_files_are_named_safely_and_clashes_numbered_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = [
        "../../escape",
        "a/b",
        "a_b",
        "con",
        "..",
        "alice",
        "alice",
        "Alice",
        "bell\u{7}",
        "/etc/passwd",
    ];
    let input: String = ids
        .iter()
        .map(|id| record(id, "Plants release oxygen."))
        .collect();
    let input = write(dir.path(), "class.jsonl", &input);
    let folder = dir.path().join("feedback");
    batch()
        .arg(&input)
        .arg("--feedback")
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(
        names(&folder),
        [
            "Alice-3.txt",
            "_.._escape.txt",
            "_con.txt",
            "_etc_passwd.txt",
            "a_b-2.txt",
            "a_b.txt",
            "alice-2.txt",
            "alice.txt",
            "bell_.txt",
            "student.txt",
        ]
    );
    assert_eq!(
        names(dir.path()),
        ["class.jsonl", "feedback"],
        "nothing written outside the folder"
    );
    assert!(read(&folder.join("a_b.txt")).starts_with("Feedback for a/b\n"));
    assert!(read(&folder.join("a_b-2.txt")).starts_with("Feedback for a_b\n"));
    assert!(read(&folder.join("bell_.txt")).starts_with("Feedback for bell\\x07\n"));
}

#[test]
fn feedback_can_be_html_pages_with_everything_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "class.jsonl",
        &record(
            "<b>x</b>",
            "<script>alert(1)</script> Plants release oxygen.",
        ),
    );
    let folder = dir.path().join("fb");
    batch()
        .arg(&input)
        .arg("--feedback")
        .arg(&folder)
        .args(["--feedback-format", "html"])
        .assert()
        .success();
    assert_eq!(names(&folder), ["_b_x__b_.html"]);
    let page = read(&folder.join("_b_x__b_.html"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("<h1>Feedback for &lt;b&gt;x&lt;/b&gt;</h1>"),
        "{page}"
    );
    assert!(page.contains("Releases oxygen"));
    assert!(!page.contains("<script") && !page.contains("<b>"));
    batch()
        .arg(&input)
        .args(["--feedback-format", "html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--feedback <DIR>"));
}

#[cfg(unix)]
#[test]
fn a_link_planted_in_the_feedback_folder_is_replaced_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = write(dir.path(), "victim.txt", "precious");
    let folder = dir.path().join("fb");
    std::fs::create_dir(&folder).expect("mkdir");
    std::os::unix::fs::symlink(&victim, folder.join("alice.txt")).expect("link");
    let input = write(
        dir.path(),
        "a.jsonl",
        &record("alice", "Plants release oxygen."),
    );
    batch()
        .arg(&input)
        .arg("--feedback")
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(read(&victim), "precious");
    let written = folder.join("alice.txt");
    assert!(std::fs::symlink_metadata(&written)
        .expect("exists")
        .is_file());
    assert!(read(&written).starts_with("Feedback for alice"));
}

#[test]
fn extra_input_columns_pass_through_after_the_id_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write(
        dir.path(),
        "class.csv",
        "name,id,answer,class,note\n\
         Zoë Brontë,s1,Plants release oxygen.,7B,\"late, ill\"\n\
         =cmd,s2,Leaves.,7A,\n",
    );
    let output = batch()
        .arg(&csv)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    assert_eq!(
        rows[0][..7],
        ["id", "name", "class", "note", "question", "score", "percent"]
    );
    assert_eq!(
        rows[1][..5],
        ["s1", "Zoë Brontë", "7B", "late, ill", "photosynthesis"]
    );
    assert_eq!(rows[2][..5], ["s2", "'=cmd", "7A", "", "photosynthesis"]);
    assert_eq!(
        rows[0][rows[0].len() - 3..],
        ["warnings", "status", "reason"]
    );

    let jsonl = write(
        dir.path(),
        "class.jsonl",
        "{\"name\": \"Ann\", \"id\": \"a\", \"answer\": \"Plants release oxygen.\", \"class\": 7}\n\
         {\"id\": \"b\", \"class\": \"7A\", \"answer\": \"Leaves.\", \"house\": \"red\"}\n",
    );
    let output = batch()
        .arg(&jsonl)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    assert_eq!(rows[0][..4], ["id", "name", "class", "question"]);
    assert_eq!(rows[1][..4], ["a", "Ann", "7", "photosynthesis"]);
    assert_eq!(
        rows[2][..4],
        ["b", "", "7A", "photosynthesis"],
        "a missing field is empty"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"house\""));
}

#[test]
fn csv_evidence_and_hint_columns_come_on_request() {
    let input = record(
        "alice",
        "Plants use sunlight to make sugar, and they release oxygen.",
    );
    let output = batch()
        .args(["--format", "csv", "--csv-evidence", "--csv-hints", "-"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    let cell = |name: &str| {
        let at = rows[0]
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]));
        rows[1][at].clone()
    };
    assert_eq!(
        cell("light-energy evidence"),
        "Plants use sunlight to make sugar, and they release oxygen."
    );
    assert_eq!(cell("inputs evidence"), "");
    assert_eq!(cell("hints"), "Name what photosynthesis takes in.");
    assert_eq!(
        rows[0][rows[0].len() - 3..],
        ["warnings", "status", "reason"]
    );
    let plain = batch()
        .args(["--format", "csv", "-"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    let header = &csv_rows(&plain.stdout)[0];
    assert!(!header
        .iter()
        .any(|c| c.contains("evidence") || c == "hints"));
    batch()
        .args(["--csv-hints", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use them with --format csv"));
}

#[test]
fn warnings_show_in_the_csv_table_and_html_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("r.html");
    let output = batch()
        .args(["--format", "csv", "--html"])
        .arg(&html)
        .arg("-")
        .write_stdin(record("carol", COPIED))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rows = csv_rows(&output.stdout);
    let warnings = rows[0]
        .iter()
        .position(|c| c == "warnings")
        .expect("column");
    assert!(
        rows[1][warnings].contains("copies the model answer"),
        "{rows:?}"
    );
    let page = read(&html);
    let table = &page[page.find("<table class=\"students\"").expect("table")..];
    let table = &table[..table.find("</table>").expect("end")];
    assert!(
        table.contains("<td class=\"warn\">the answer copies the model answer"),
        "{table}"
    );
}

#[test]
fn the_html_title_names_every_question_of_the_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("r.html");
    markpoint()
        .args(["batch", "-q", "definition", "--html"])
        .arg(&html)
        .arg("-")
        .write_stdin(
            "{\"id\": \"a\", \"answer\": \"Stakhanov was a miner.\"}\n\
             {\"id\": \"b\", \"question\": \"five-year-plans\", \"answer\": \"Workers competed.\"}\n",
        )
        .assert()
        .success();
    let page = read(&html);
    assert!(
        page.contains("<title>markpoint class report: definition, five-year-plans</title>"),
        "{}",
        &page[..400]
    );
}

#[test]
fn the_table_lines_up_wide_and_combining_characters_and_cuts_long_ids() {
    let long = "a-very-long-student-identifier-from-the-register";
    let ids = ["学生一", "e\u{301}milie", "bob", long];
    let input: String = ids
        .iter()
        .map(|id| record(id, "Plants release oxygen."))
        .collect();
    let output = batch()
        .args(["--color", "never", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let table = String::from_utf8(output.stdout).expect("utf8");
    let rows: Vec<&str> = table.lines().filter(|l| l.contains("2/4")).collect();
    assert_eq!(rows.len(), ids.len(), "{table}");
    // Where the score column ends, in terminal cells.
    let score_end: Vec<usize> = rows
        .iter()
        .map(|row| {
            let end = row.find("2/4").expect("score") + "2/4".len();
            row[..end].width()
        })
        .collect();
    assert!(
        score_end.iter().all(|&w| w == score_end[0]),
        "columns line up: {score_end:?}\n{table}"
    );
    let cut = rows[3].split("  ").next().expect("id cell");
    assert!(
        cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')),
        "{cut}"
    );
    assert!(cut.width() <= 24, "{cut}");
    let heading = table
        .lines()
        .find(|l| l.starts_with("id "))
        .expect("heading");
    assert_eq!(
        heading[..heading.find("score").expect("score") + "score".len()].width(),
        score_end[0],
        "the heading's score column ends where the rows' does:\n{table}"
    );
}

#[test]
fn an_html_report_into_a_missing_folder_names_the_path_given() {
    batch()
        .arg(fixture("class"))
        .args(["--html", "no/such/dir/report.html"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "markpoint: error: no/such/dir/report.html: the folder no/such/dir does not exist",
        ))
        .stderr(predicate::str::contains(".tmp").not());
}

#[cfg(unix)]
#[test]
fn an_html_report_over_a_link_is_written_to_the_link_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let target = write(elsewhere.path(), "real.html", "old");
    let link = dir.path().join("report.html");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    batch()
        .arg(fixture("class"))
        .arg("--html")
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .expect("exists")
        .file_type()
        .is_symlink());
    assert!(read(&target).starts_with("<!DOCTYPE html>"));
    assert_eq!(
        names(elsewhere.path()),
        ["real.html"],
        "no temporary file left"
    );
}

/// A batch writing `report.html` in `dir`, reading JSON Lines from a stdin
/// kept open, so that it waits mid-batch; returns once its temporary file
/// exists, with that file's name.
#[cfg(unix)]
fn batch_waiting_mid_way(dir: &Path) -> (Child, String) {
    let before = names(dir);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("markpoint"))
        .args(["batch", "--rubrics", super::FIXTURE, "-q", "photosynthesis"])
        .arg("--html")
        .arg(dir.join("report.html"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdin = child.stdin.as_mut().expect("stdin");
    stdin
        .write_all(record("alice", "Plants release oxygen.").as_bytes())
        .expect("writes");
    stdin.flush().expect("flushes");
    let temporary = |name: &String| {
        name.starts_with(".report.html.") && name.ends_with(".tmp") && !before.contains(name)
    };
    for _ in 0..3000 {
        if let Some(name) = names(dir).into_iter().find(temporary) {
            return (child, name);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!(
        "the batch never created its temporary file: {:?}",
        names(dir)
    );
}

#[cfg(unix)]
#[test]
fn no_predictable_name_is_used_and_planted_links_are_never_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victims = tempfile::tempdir().expect("tempdir");
    let victim = write(victims.path(), "passwd", "root:x:0:0");
    // Every name the report's files had before, for any process id nearby.
    let mut planted = Vec::new();
    for part in ["rows", "answers", "tmp"] {
        for pid in std::process::id()..std::process::id() + 200 {
            planted.push(format!(".report.html.{pid}.{part}"));
        }
        planted.push(format!(".report.html.{part}"));
    }
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).expect("link");
    }
    let (mut child, temporary) = batch_waiting_mid_way(dir.path());
    let pid = child.id().to_string();
    assert!(!temporary.contains(&pid), "{temporary}");
    assert!(!planted.contains(&temporary));
    let metadata = std::fs::symlink_metadata(dir.path().join(&temporary)).expect("exists");
    assert!(metadata.is_file(), "a file of its own, not a link");
    drop(child.stdin.take());
    let output = child.wait_with_output().expect("ends");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(read(&victim), "root:x:0:0");
    assert!(read(&dir.path().join("report.html")).ends_with("</html>\n"));
    assert_eq!(
        names(dir.path()).len(),
        planted.len() + 1,
        "only the report added"
    );
}

#[cfg(unix)]
#[test]
fn a_batch_stopped_by_sigterm_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, _) = batch_waiting_mid_way(dir.path());
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("ends");
    assert_eq!(status.code(), Some(130), "ended by its handler: {status:?}");
    assert!(
        names(dir.path()).is_empty(),
        "left: {:?}",
        names(dir.path())
    );
}

#[test]
fn a_closed_stdout_still_completes_the_html_report_and_feedback() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("r.html");
    let feedback = dir.path().join("fb");
    let answer = "Plants use sunlight to make sugar, and they release oxygen. ".repeat(20);
    let input: String = (0..300)
        .map(|n| record(&format!("s{n:03}"), &answer))
        .collect();
    let input = write(dir.path(), "class.jsonl", &input);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("markpoint"))
        .args(["batch", "--rubrics", super::FIXTURE, "-q", "photosynthesis"])
        .args(["--format", "jsonl", "--jobs", "1", "--html"])
        .arg(&html)
        .arg("--feedback")
        .arg(&feedback)
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // `| head -2`: read two lines, then close the pipe.
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for _ in 0..2 {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads");
        let report: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        assert!(
            report["id"].as_str().is_some_and(|id| id.starts_with('s')),
            "{line}"
        );
    }
    drop(stdout);
    let output = child.wait_with_output().expect("ends");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = read(&html);
    assert!(page.ends_with("</html>\n"), "the report is complete");
    assert!(page.contains("300 answers graded"));
    assert!(page.contains("id=\"a300\""));
    assert_eq!(names(&feedback).len(), 300);
    let listed: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(listed.len(), 3, "no temporary file left: {listed:?}");
}

#[test]
fn min_score_sets_exit_code_one_and_bad_input_still_wins() {
    let good = record(
        "alice",
        "Plants use sunlight to make sugar, and they release oxygen.",
    );
    let weak = record("bob", "Plants release oxygen.");
    let run = |input: String, min: &str| {
        batch()
            .args(["--format", "jsonl", "--min-score", min, "-"])
            .write_stdin(input)
            .assert()
    };
    run(good.clone(), "60")
        .code(0)
        .stderr(predicate::str::contains("0 below 60%"));
    run(format!("{good}{weak}"), "60")
        .code(1)
        .stderr(predicate::str::contains("1 below 60%"));
    run(format!("{good}{weak}"), "50").code(0);
    run(format!("{good}{weak}not json\n"), "60").code(2);
    batch()
        .args(["--min-score", "60", "--color", "never"])
        .arg(fixture("class"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Batch: graded 3 answers, skipped 0, 2 below 60%.",
        ));
    batch().args(["--min-score", "120", "-"]).assert().code(2);
}
