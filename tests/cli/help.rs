//! Help for people and shells: did-you-mean, every man page that is named,
//! exit statuses in `--help` and the pages, question ids in completions.

use super::markpoint;
use predicates::prelude::*;

#[test]
fn a_mistyped_question_gets_a_suggestion() {
    markpoint()
        .args(["check", "--question", "definiton"])
        .write_stdin("Stakhanov was a miner.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown question \"definiton\"; did you mean \"definition\"? the questions are: definition,",
        ));
    // Nothing close, no suggestion.
    markpoint()
        .args(["check", "--question", "photosynthesis"])
        .write_stdin("Plants use light.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean").not());
}

#[test]
fn a_mistyped_man_page_gets_a_suggestion() {
    markpoint()
        .args(["man", "chek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no man page \"chek\"; did you mean \"check\"? the pages are: list, check,",
        ));
}

/// The pages a roff page names as `name(1)` (in SUBCOMMANDS and SEE ALSO).
fn named_pages(page: &str) -> Vec<String> {
    page.split(|c: char| c.is_whitespace() || c == ',')
        .map(|word| {
            word.replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\-", "-")
        })
        .filter_map(|word| word.strip_suffix("(1)").map(str::to_string))
        .collect()
}

fn man(topic: &[&str]) -> String {
    let output = markpoint().arg("man").args(topic).output().expect("runs");
    assert!(output.status.success(), "man {topic:?}: {output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn every_page_a_man_page_names_can_be_shown() {
    let mut to_visit = vec!["markpoint".to_string()];
    let mut visited: Vec<String> = Vec::new();
    while let Some(name) = to_visit.pop() {
        if visited.contains(&name) {
            continue;
        }
        let page = man(&[&name]);
        assert!(
            page.contains(&format!(".TH {name} 1 ")),
            "man {name} shows its own page"
        );
        to_visit.extend(named_pages(&page));
        visited.push(name);
    }
    for expected in [
        "markpoint-rubric",
        "markpoint-rubric-lint",
        "markpoint-check",
    ] {
        assert!(visited.iter().any(|v| v == expected), "{visited:?}");
    }
    // The short names and the two-word form name the same page.
    let lint = man(&["markpoint-rubric-lint"]);
    assert_eq!(man(&["rubric-lint"]), lint);
    assert_eq!(man(&["rubric", "lint"]), lint);
    assert!(lint.contains(".SH \"SEE ALSO\"\n\\fBmarkpoint\\fR(1), \\fBmarkpoint\\-rubric\\fR(1)"));
}

#[test]
fn help_and_man_pages_say_what_the_exit_statuses_mean() {
    markpoint()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:"))
        .stdout(predicate::str::contains(
            "1  an answer scored below --min-score",
        ));
    markpoint()
        .args(["rubric", "lint", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1  a rubric has errors"));
    markpoint()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:\n  0  success"));
    markpoint()
        .args(["batch", "-h"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:"))
        .stdout(predicate::str::contains(
            "2  usage error, or some answers were bad",
        ))
        .stdout(predicate::str::contains(
            "1  an answer scored below --min-score",
        ))
        .stdout(predicate::str::contains(
            "130  stopped by Ctrl-C, or by SIGTERM while writing files",
        ));
    for topic in [&[][..], &["check"], &["rubric", "test"], &["batch"]] {
        let page = man(topic);
        assert!(
            page.contains("\n.SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nsuccess\n"),
            "man {topic:?}"
        );
        assert!(page.contains("\n\\fB2\\fR\n"), "man {topic:?}");
    }
    assert!(man(&["check"]).contains("\\fB1\\fR\nan answer scored below \\-\\-min\\-score"));
}

#[test]
fn completion_offers_the_built_in_question_ids() {
    for shell in ["bash", "zsh", "fish"] {
        let output = markpoint()
            .args(["completions", shell])
            .output()
            .expect("runs");
        let script = String::from_utf8_lossy(&output.stdout);
        for id in [
            "definition",
            "five-year-plans",
            "soviet-society",
            "long-term-effects",
        ] {
            assert!(
                script.contains(id),
                "{shell} completes --question with {id}"
            );
        }
    }
    // The ids are offered, not enforced: another rubric's question is still accepted.
    markpoint()
        .args([
            "check",
            "--rubrics",
            super::FIXTURE,
            "--question",
            "photosynthesis",
        ])
        .write_stdin("Plants use sunlight to make sugar.")
        .assert()
        .code(0);
}
