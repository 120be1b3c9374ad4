//! Fitting the shell: completions, the man page, an example in every
//! command's `--help`, and a closed stdout ending quietly.

use super::markpoint;
use predicates::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn completions_are_written_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = markpoint()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(script.contains("markpoint"), "{shell}");
        assert!(script.contains("practice"), "{shell}");
        assert!(script.contains("question"), "{shell}");
    }
    markpoint().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff() {
    markpoint()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie \\n(.g .ds Aq"))
        .stdout(predicate::str::contains("\n.TH markpoint 1 "))
        .stdout(predicate::str::contains("\n.SH NAME\nmarkpoint \\- "))
        .stdout(predicate::str::contains("\n.SH EXAMPLES\n.nf\n"))
        .stdout(predicate::str::contains("MARKPOINT_HISTORY"))
        .stdout(predicate::str::contains("practice"));
    markpoint()
        .args(["man", "practice"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\n.TH markpoint-practice 1 "))
        .stdout(predicate::str::contains("\\-\\-random"));
    markpoint()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no man page \"nope\""));
}

/// The command names listed by `markpoint --help`.
fn commands() -> Vec<String> {
    let output = markpoint().arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions continue on lines indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

#[test]
fn every_command_help_has_an_example() {
    let commands = commands();
    for expected in ["practice", "progress", "completions", "man"] {
        assert!(commands.iter().any(|c| c == expected), "{commands:?}");
    }
    for command in commands {
        markpoint()
            .args([command.as_str(), "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
    for command in [["rubric", "lint"], ["rubric", "test"]] {
        markpoint()
            .args(command)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

/// Runs markpoint with its stdout closed before it writes; returns (status code, stderr).
fn with_closed_stdout(args: &[&str], input: &str) -> (Option<i32>, String) {
    let binary = assert_cmd::cargo::cargo_bin("markpoint");
    let mut child = Command::new(binary)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(child.stdout.take());
    if let Some(mut stdin) = child.stdin.take() {
        // The process may already have finished reading; that is fine.
        let _ = stdin.write_all(input.as_bytes());
    }
    let output = child.wait_with_output().expect("ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("h.jsonl");
    let history = history.to_str().expect("utf-8 path");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/good/photosynthesis.json"
    );
    let practice = [
        "practice",
        "--rubrics",
        fixture,
        "-q",
        "photosynthesis",
        "--history",
        history,
    ];
    let cases: [(&[&str], &str); 5] = [
        (&["man"], ""),
        (&["completions", "zsh"], ""),
        (
            &practice,
            "Plants use sunlight to make sugar.\n\nm\nt\nPlants release oxygen.\n\nq\n",
        ),
        (&["progress", "--history", history], ""),
        (&["progress", "--history", history, "--format", "json"], ""),
    ];
    for (args, input) in cases {
        let (code, stderr) = with_closed_stdout(args, input);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
