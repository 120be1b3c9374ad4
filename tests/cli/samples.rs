//! Every shipped sample answer gets the points its expected.json names.

use super::{check_json, covered};
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn every_sample_answer_covers_its_expected_points() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut checked = 0;
    let mut failures = Vec::new();
    for question in [
        "definition",
        "five-year-plans",
        "soviet-society",
        "long-term-effects",
    ] {
        let folder = root.join(question);
        let expected: BTreeMap<String, Vec<String>> = serde_json::from_str(
            &std::fs::read_to_string(folder.join("expected.json")).expect("expected.json"),
        )
        .expect("expected.json parses");
        for (file, want) in expected {
            let answer = std::fs::read_to_string(folder.join(&file)).expect("sample reads");
            let mut got = covered(&check_json(question, &answer));
            let mut want = want.clone();
            got.sort();
            want.sort();
            if got != want {
                failures.push(format!("{question}/{file}: expected {want:?}, got {got:?}"));
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 12,
        "at least a strong, partial and weak sample per question"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The built-in rubrics are compiled partly at build time (`build.rs`);
/// the same rubric given as a file is compiled wholly at run time. Both
/// must write the same report for every sample answer.
#[test]
fn built_in_questions_grade_as_their_rubric_files_do() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for question in [
        "definition",
        "five-year-plans",
        "soviet-society",
        "long-term-effects",
    ] {
        let rubric = root.join("rubrics").join(format!("{question}.json"));
        let folder = root.join("samples").join(question);
        let mut answers: Vec<_> = std::fs::read_dir(&folder)
            .expect("samples folder reads")
            .map(|entry| entry.expect("entry reads").path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        answers.sort();
        for answer in answers {
            let report = |rubrics: Option<&Path>| {
                let mut cmd = super::markpoint();
                cmd.args([
                    "check",
                    "--format",
                    "json",
                    "--explain",
                    "--question",
                    question,
                ]);
                if let Some(rubrics) = rubrics {
                    cmd.arg("--rubrics").arg(rubrics);
                }
                let output = cmd.arg(&answer).output().expect("markpoint runs");
                assert!(output.status.success(), "{}", answer.display());
                output.stdout
            };
            let built_in = report(None);
            assert!(built_in.starts_with(b"{"), "{}", answer.display());
            assert_eq!(
                String::from_utf8_lossy(&built_in),
                String::from_utf8_lossy(&report(Some(&rubric))),
                "{}",
                answer.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 12, "only {compared} answers compared");
}
