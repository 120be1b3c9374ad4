//! Hostile input, end to end: ids too long for `format!` widths, escape
//! sequences in file names and rubric text, control characters in CSV
//! cells, very long answers of odd shapes, and a system that refuses
//! threads. The binary never panics (exit 101), never echoes an escape raw,
//! and exits 0, 1 or 2.

use super::{markpoint, FIXTURE};
use std::path::{Path, PathBuf};
use std::process::Output;

/// An id longer than the 65,535 that `format!` widths allow.
fn huge_id() -> String {
    "q".repeat(70_000)
}

/// The fixture rubric with its id (and first point's id) replaced, and
/// `text` (an escape sequence, say) put in its question, label, hint and
/// misconception message; written into `dir`.
fn fixture_with(dir: &Path, id: &str, text: &str) -> PathBuf {
    let source = std::fs::read_to_string(FIXTURE).expect("fixture");
    let mut rubric: serde_json::Value = serde_json::from_str(&source).expect("fixture is JSON");
    rubric["id"] = id.into();
    rubric["question"] = format!("Explain photosynthesis.{text}").into();
    rubric["points"][0]["id"] = format!("point-{id}").into();
    rubric["points"][0]["label"] = format!("Light energy{text}").into();
    rubric["points"][0]["hint"] = format!("Say what happens{text}").into();
    let path = dir.join("rubric.json");
    std::fs::write(&path, rubric.to_string()).expect("write rubric");
    path
}

/// Asserts the run ended normally (0, 1 or 2) and wrote no raw escape.
#[track_caller]
fn assert_calm(output: &Output) {
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
            "raw control character on {name}"
        );
    }
}

const ANSWER: &str = "Plants use light energy to make glucose and release oxygen.";

#[test]
fn an_id_too_long_for_format_widths_is_listed_graded_and_summarised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = huge_id();
    let rubric = fixture_with(dir.path(), &id, "");
    let list = markpoint()
        .arg("list")
        .arg("--rubrics")
        .arg(&rubric)
        .output()
        .expect("runs");
    assert_calm(&list);
    assert!(String::from_utf8_lossy(&list.stdout).contains(&id));
    let answers = dir.path().join("answers.jsonl");
    let line = serde_json::json!({"id": id, "answer": ANSWER}).to_string();
    std::fs::write(&answers, format!("{line}\n{line}\n")).expect("write");
    let batch = markpoint()
        .args(["batch", "--color", "always", "--question", &id, "--rubrics"])
        .arg(&rubric)
        .arg(&answers)
        .output()
        .expect("runs");
    assert_calm_but_coloured(&batch);
    assert!(String::from_utf8_lossy(&batch.stdout).contains("Class summary"));
}

/// Like [`assert_calm`], for output coloured on purpose (`--color always`):
/// the only escapes are colour codes (ESC [ digits m).
#[track_caller]
fn assert_calm_but_coloured(output: &Output) {
    assert!(matches!(output.status.code(), Some(0..=2)), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let colour = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("regex");
    assert!(!colour.replace_all(&text, "").contains('\u{1b}'));
}

#[test]
fn the_practice_menu_and_progress_take_an_id_too_long_for_format_widths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = huge_id();
    fixture_with(dir.path(), &id, "");
    let history = dir.path().join("history.jsonl");
    let practice = markpoint()
        .args(["practice", "--rubrics"])
        .arg(dir.path())
        .arg("--history")
        .arg(&history)
        .write_stdin(format!("1\n{ANSWER}\n\nq\n"))
        .output()
        .expect("runs");
    assert_calm(&practice);
    assert!(String::from_utf8_lossy(&practice.stderr).contains(&format!("1. {id}")));
    let progress = markpoint()
        .args(["progress", "--history"])
        .arg(&history)
        .output()
        .expect("runs");
    assert_calm(&progress);
    assert!(String::from_utf8_lossy(&progress.stdout).contains(&id));
}

#[test]
fn escape_sequences_in_file_names_are_shown_not_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clear = dir.path().join("clear\u{1b}[2J.txt");
    let clipboard = dir.path().join("clip\u{1b}]52;c;aGVsbG8=\u{7}.txt");
    std::fs::write(&clear, ANSWER).expect("write");
    std::fs::write(&clipboard, ANSWER).expect("write");
    let headings = markpoint()
        .args(["check", "--rubrics", FIXTURE, "-q", "photosynthesis"])
        .arg(&clear)
        .arg(&clipboard)
        .output()
        .expect("runs");
    assert_calm(&headings);
    let stdout = String::from_utf8_lossy(&headings.stdout);
    assert!(stdout.contains("clear\\e[2J.txt"), "{stdout}");
    assert!(
        stdout.contains("clip\\e]52;c;aGVsbG8=\\x07.txt"),
        "{stdout}"
    );
    let missing = dir.path().join("gone\u{1b}[2J.txt");
    for args in [vec![missing.clone()], vec![clear.clone(), missing.clone()]] {
        let error = markpoint()
            .args(["check", "--rubrics", FIXTURE, "-q", "photosynthesis"])
            .args(&args)
            .output()
            .expect("runs");
        assert_calm(&error);
        assert_eq!(error.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&error.stderr);
        assert!(stderr.contains("gone\\e[2J.txt"), "{stderr}");
    }
}

#[test]
fn escape_sequences_in_rubric_text_are_shown_not_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric = fixture_with(
        dir.path(),
        "photosynthesis",
        "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J",
    );
    for answer in [ANSWER, "Plants absorb oxygen.", "Nothing here."] {
        let output = markpoint()
            .args(["check", "--explain", "-q", "photosynthesis", "--rubrics"])
            .arg(&rubric)
            .write_stdin(answer)
            .output()
            .expect("runs");
        assert_calm(&output);
        assert!(String::from_utf8_lossy(&output.stdout).contains("\\e[2J"));
    }
    let list = markpoint()
        .args(["list", "--rubrics"])
        .arg(&rubric)
        .output()
        .expect("runs");
    assert_calm(&list);
    // JSON keeps the text as it is, escaped the JSON way.
    let json = markpoint()
        .args([
            "check",
            "--format",
            "json",
            "-q",
            "photosynthesis",
            "--rubrics",
        ])
        .arg(&rubric)
        .write_stdin(ANSWER)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(report["points"][0]["label"]
        .as_str()
        .is_some_and(|l| l.ends_with("\u{1b}[2J")));
}

#[test]
fn csv_cells_show_control_characters_from_ids_and_answers() {
    let input = serde_json::json!({
        "id": "a\u{1b}[2Jb\u{7}\r\n",
        "answer": "Plants absorb oxygen \u{1b}]52;c;aGk=\u{7} and use light energy.",
    });
    let output = markpoint()
        .args(["batch", "--format", "csv", "--rubrics", FIXTURE])
        .args(["-q", "photosynthesis", "-"])
        .write_stdin(format!("{input}\n"))
        .output()
        .expect("runs");
    assert_calm(&output);
    assert!(!output.stdout.contains(&b'\r'));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("a\\e[2Jb\\x07\\x0d\\x0a"), "{stdout}");
}

#[test]
fn a_batch_grades_everything_when_the_system_refuses_threads() {
    let run = |limit: Option<&str>| {
        let mut cmd = markpoint();
        cmd.args(["batch", "--format", "jsonl", "--jobs", "4"])
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/samples/labelled/definition.jsonl"
            ))
            .args(["-q", "definition"]);
        if let Some(limit) = limit {
            cmd.env("MARKPOINT_TEST_THREAD_LIMIT", limit);
        }
        cmd.output().expect("runs")
    };
    let free = run(None);
    assert!(free.status.success());
    for limit in ["0", "1", "2"] {
        let limited = run(Some(limit));
        assert!(limited.status.success(), "{limited:?}");
        assert_eq!(limited.stdout, free.stdout, "limit {limit}");
        let stderr = String::from_utf8_lossy(&limited.stderr);
        assert!(
            stderr.contains("markpoint: note: could not start"),
            "{stderr}"
        );
    }
}

#[test]
fn a_process_limit_on_threads_is_survived() {
    // Root ignores RLIMIT_NPROC, and a low limit counts every process of
    // the user: this shows the real path where it can, the test variable
    // above shows it everywhere.
    let binary = assert_cmd::cargo::cargo_bin("markpoint");
    let script = format!(
        "ulimit -u 1 2>/dev/null; exec '{}' batch --jobs 8 --format jsonl -q definition '{}'",
        binary.display(),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/labelled/definition.jsonl"
        )
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh runs");
    assert_ne!(output.status.code(), Some(101), "{output:?}");
    assert_calm(&output);
}

/// Answers of shapes that made matching grow faster than their length.
fn long_answers(bytes: usize) -> Vec<String> {
    let repeat = |unit: &str| unit.repeat(bytes / unit.len() + 1);
    vec![
        repeat("Stakhanov did not beat the quota and "),
        repeat("some people say it was propaganda, many claim it raised output, ")
            + " but that is wrong.",
        repeat("Stakhanov.did.not,beat;the:quota/"),
        repeat("stakhanovite"),
        repeat(".,;:!?-()'\""),
        repeat("Stakhanov raised output and workers competed to exceed quotas while "),
        repeat("Output rose. Workers competed. Quotas were not met. "),
    ]
}

#[test]
fn long_answers_of_odd_shapes_are_graded_with_evidence_inside_them() {
    for question in ["definition", "five-year-plans"] {
        for answer in long_answers(64 * 1024) {
            let output = markpoint()
                .args(["check", "--format", "json", "-q", question])
                .write_stdin(answer.as_str())
                .output()
                .expect("runs");
            assert_calm(&output);
            if output.status.code() == Some(2) {
                // Only punctuation: no words to grade, said so in one line.
                assert!(String::from_utf8_lossy(&output.stderr).contains("empty"));
                continue;
            }
            let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
            for point in report["points"].as_array().expect("points") {
                if let Some(span) = point["span"].as_array() {
                    let (start, end) = (span[0].as_u64(), span[1].as_u64());
                    let (start, end) = (start.expect("start") as usize, end.expect("end") as usize);
                    assert!(start <= end && end <= answer.len());
                    assert!(answer.is_char_boundary(start) && answer.is_char_boundary(end));
                }
            }
        }
    }
}

#[test]
fn lint_reports_a_concept_named_a_thousand_times_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string(FIXTURE).expect("fixture");
    let mut rubric: serde_json::Value = serde_json::from_str(&source).expect("JSON");
    rubric["points"][0]["match"] = serde_json::json!([vec!["light"; 1000].join(" + ")]);
    let path = dir.path().join("rubric.json");
    std::fs::write(&path, rubric.to_string()).expect("write");
    let output = markpoint()
        .args(["rubric", "lint"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_calm(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("share a term").count(), 1, "{stdout}");
}

#[test]
fn lint_survives_a_near_pair_whose_concepts_are_unknown() {
    // Found by the fuzzer: lint compiles a rubric that failed validation,
    // and "~" pairs pointed past the concepts that were kept.
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rubrics/soviet-society.json"
    ))
    .expect("rubric");
    let mut rubric: serde_json::Value = serde_json::from_str(&source).expect("JSON");
    rubric["points"][2]["match"][1] = "superior + socialisma ~ b + c".into();
    let path = dir.path().join("rubric.json");
    std::fs::write(&path, rubric.to_string()).expect("write");
    let output = markpoint()
        .args(["rubric", "lint"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_calm(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("names concept \"socialisma\""));
}

#[test]
fn a_model_answer_of_glued_contractions_drafts_a_rubric_that_lints_clean() {
    // Found by fuzzing: "n'tn't" was read as the contraction of a word
    // "n't", which became a concept lint refused.
    let dir = tempfile::tempdir().expect("tempdir");
    let model = dir.path().join("model.txt");
    std::fs::write(&model, "not n'tn't.\n").expect("write model");
    let out = dir.path().join("draft.json");
    let drafted = markpoint()
        .args([
            "rubric",
            "draft",
            "--question",
            "What is needed?",
            "--from-answer",
        ])
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_calm(&drafted);
    if drafted.status.success() {
        let linted = markpoint()
            .args(["rubric", "lint"])
            .arg(&out)
            .output()
            .expect("runs");
        assert!(linted.status.success(), "{linted:?}");
    }
}

#[test]
fn a_stray_huge_mark_is_compared_not_tabulated_to_exhaustion() {
    // Found by fuzzing: marks were tabulated over every whole mark between
    // the lowest and the highest (clamped to a million), so one mark of
    // 1e300 asked for a 2-million-square table and the process was killed.
    let dir = tempfile::tempdir().expect("tempdir");
    let marked = dir.path().join("marked.csv");
    std::fs::write(
        &marked,
        "id,answer,score\na0,Stakhanov exceeded his quota.,2\na1,Workers.,1e300\n\
         a2,The quota was raised.,1\na3,Stakhanov mined coal.,-1e300\na4,Coal.,0\n",
    )
    .expect("write answers");
    let rubric = format!("{}/rubrics/soviet-society.json", env!("CARGO_MANIFEST_DIR"));
    let learned = markpoint()
        .args([
            "rubric",
            "learn",
            "--score-column",
            "score",
            "--rubric",
            &rubric,
            "--responses",
        ])
        .arg(&marked)
        .output()
        .expect("runs");
    assert_calm(&learned);
    assert!(learned.status.success(), "{learned:?}");
    let tested = markpoint()
        .args([
            "rubric",
            "test",
            &rubric,
            "-q",
            "soviet-society",
            "--score-column",
            "score",
        ])
        .arg("--responses")
        .arg(&marked)
        .output()
        .expect("runs");
    assert_calm(&tested);
    let stdout = String::from_utf8_lossy(&tested.stdout);
    assert!(stdout.contains("quadratic weighted kappa"), "{stdout}");
}
