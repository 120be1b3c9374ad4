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
