//! `rubric learn` end to end: edits proposed from marked answers, measured
//! on a held-out part, and written to a new rubric only when asked.

use crate::markpoint;
use predicates::prelude::*;
use std::path::Path;

const RUBRIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schemes/transport.json"
);

/// Marked answers in which students say "from crowded to sparse areas", a
/// way of stating the gradient that the rubric does not know, and answers
/// that name diffusion without any gradient.
fn marked_answers(dir: &Path, holistic: bool) -> std::path::PathBuf {
    let mut lines = Vec::new();
    for n in 0..24 {
        let (answer, covered, mark) = match n % 3 {
            0 | 1 => (
                format!("Diffusion moves particles from crowded areas to sparse ones, case {n}."),
                vec!["diffusion"],
                1,
            ),
            _ => (format!("Diffusion happens in cells, case {n}."), vec![], 0),
        };
        let record = if holistic {
            serde_json::json!({"id": format!("s{n}"), "answer": answer, "mark": mark})
        } else {
            serde_json::json!({"id": format!("s{n}"), "answer": answer, "covered": covered})
        };
        lines.push(record.to_string());
    }
    let path = dir.join("marked.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("writes");
    path
}

#[test]
fn learns_a_missing_synonym_from_ticked_points_and_writes_it_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = marked_answers(dir.path(), false);
    let out = dir.path().join("learned.json");
    let output = markpoint()
        .args(["rubric", "learn", "--color", "never", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&marked)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf8");
    assert!(text.contains("agreement is point F1"), "{text}");
    assert!(
        text.lines().any(|l| l.contains("kept")
            && !l.contains("not kept")
            && l.contains("to concept \"gradient\"")),
        "a term for the gradient is kept: {text}"
    );
    // Under the kept edit, its effect on each part: the answers it brings
    // closer to the marker (by id) and precision and recall.
    let held_out = text
        .lines()
        .find(|l| l.trim_start().starts_with("held out") && l.contains("->"))
        .unwrap_or_else(|| panic!("an effect line for the held-out part: {text}"));
    assert!(held_out.contains("answers closer, 0 further"), "{held_out}");
    assert!(held_out.contains("recall 0.000 -> 1.000"), "{held_out}");
    let closer = held_out.split("closer: ").nth(1).expect("closer ids");
    assert!(
        closer.split(", ").all(|id| id.starts_with('s')),
        "the ids of the marked answers: {held_out}"
    );
    let learned = std::fs::read_to_string(&out).expect("the edited rubric is written");
    assert!(learned.contains("\"bands\""), "the mark scheme is kept");
    // The edited rubric is valid and now credits the new wording.
    markpoint()
        .args(["rubric", "lint"])
        .arg(&out)
        .assert()
        .success();
    let report = crate::check_json_with(
        &[
            "--rubrics",
            out.to_str().expect("utf8 path"),
            "-q",
            "transport",
        ],
        "Diffusion moves particles from crowded areas to sparse ones.",
    );
    assert!(
        crate::covered(&report).contains(&"diffusion".to_string()),
        "{report}"
    );
}

#[test]
fn learns_from_overall_marks_and_reports_held_out_agreement_in_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = marked_answers(dir.path(), true);
    let output = markpoint()
        .args(["rubric", "learn", "--format", "json", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&marked)
        .args(["--score-column", "mark"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(result["target"], "marks");
    let (learning, held_out) = (
        result["learning_answers"].as_u64().expect("count"),
        result["held_out_answers"].as_u64().expect("count"),
    );
    assert_eq!(learning + held_out, 24);
    assert!(held_out > 0);
    let before = result["start"]["held_out"].as_f64().expect("number");
    let after = result["end"]["held_out"].as_f64().expect("number");
    assert!(after > before, "held-out agreement rises: {result}");
    let kept: Vec<&serde_json::Value> = result["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .filter(|p| p["kept"] == true)
        .collect();
    assert!(
        kept.iter().any(|p| p["edit"]["concept"] == "gradient"),
        "{result}"
    );
    // Each part's effect counts the answers whose mark moved nearer the
    // marker's, names a few, and has no precision without ticked points.
    let effect = &kept[0]["learning"];
    let closer = effect["closer"].as_u64().expect("a count");
    assert!(closer > 0, "{effect}");
    let ids = effect["examples"]["closer"].as_array().expect("ids");
    assert_eq!(ids.len() as u64, closer.min(3), "{effect}");
    assert!(effect.get("precision").is_none(), "{effect}");
    assert!(
        !dir.path().join("learned.json").exists(),
        "nothing is written without --out"
    );
}

#[test]
fn never_writes_over_the_rubric_it_learns_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = marked_answers(dir.path(), false);
    let copy = dir.path().join("transport.json");
    std::fs::copy(RUBRIC, &copy).expect("copies");
    let before = std::fs::read_to_string(&copy).expect("reads");
    markpoint()
        .args(["rubric", "learn", "--force", "--rubric"])
        .arg(&copy)
        .arg("--responses")
        .arg(&marked)
        .arg("--out")
        .arg(&copy)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--out must name a new file, not the rubric learned from",
        ));
    assert_eq!(std::fs::read_to_string(&copy).expect("reads"), before);
}

#[test]
fn answers_with_neither_marks_nor_ticks_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bare.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"a\", \"answer\": \"Osmosis moves water.\"}\n",
    )
    .expect("writes");
    markpoint()
        .args(["rubric", "learn", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "every marked answer needs an overall mark, or every one its ticked points",
        ));
}

#[test]
fn a_file_without_answers_to_the_question_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.tsv");
    std::fs::write(&path, "id\tscore\tanswer\n").expect("writes");
    markpoint()
        .args(["rubric", "learn", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "empty.tsv: no marked answers to question \"transport\" were found",
        ));
}

#[test]
fn proposes_a_point_for_an_idea_the_marker_credits_that_the_rubric_lacks() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Markers give a mark for naming the temperature, which no point asks for.
    let mut lines = Vec::new();
    for n in 0..40 {
        let (answer, mark) = match n % 4 {
            0 | 1 => (
                format!(
                    "Cells are small; {} the temperature, case {n}.",
                    ["keep", "record", "note", "control", "state"][n % 5]
                ),
                1,
            ),
            2 => (
                format!("Diffusion moves particles from high to low concentration, case {n}."),
                1,
            ),
            _ => (format!("Cells are small, case {n}."), 0),
        };
        lines.push(
            serde_json::json!({"id": format!("t{n}"), "answer": answer, "mark": mark}).to_string(),
        );
    }
    let marked = dir.path().join("marked.jsonl");
    std::fs::write(&marked, lines.join("\n")).expect("writes");
    let out = dir.path().join("learned.json");
    let output = markpoint()
        .args(["rubric", "learn", "--format", "json", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&marked)
        .args(["--score-column", "mark", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let added = result["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .find(|p| p["kept"] == true && p["edit"]["kind"] == "add-point")
        .unwrap_or_else(|| panic!("a new point is kept: {result}"));
    assert_eq!(added["edit"]["term"], "temperature", "{result}");
    let report = crate::check_json_with(
        &[
            "--rubrics",
            out.to_str().expect("utf8 path"),
            "-q",
            "transport",
        ],
        "Cells need a steady temperature.",
    );
    assert!(
        crate::covered(&report).contains(&"learned-temperature".to_string()),
        "{report}"
    );
}

/// Runs `rubric learn --format json` on marked answers (JSON Lines records)
/// for a rubric, and returns the proposals that were kept.
fn kept_edits(
    rubric: &Path,
    records: &[serde_json::Value],
    extra: &[&str],
) -> Vec<serde_json::Value> {
    let dir = rubric.parent().expect("rubric folder");
    let marked = dir.join("marked.jsonl");
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&marked, lines.join("\n")).expect("writes");
    let output = markpoint()
        .args(["rubric", "learn", "--format", "json", "--rubric"])
        .arg(rubric)
        .arg("--responses")
        .arg(&marked)
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    result["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .filter(|p| p["kept"] == true)
        .cloned()
        .collect()
}

/// 36 answers marked per point, of three kinds in turn: each kind's
/// sentence (with the student's number) and the points its marker ticked.
fn three_kinds(prefix: &str, kinds: [(&str, &[&str]); 3]) -> Vec<serde_json::Value> {
    (0..36)
        .map(|n| {
            let (sentence, covered) = kinds[n % 3];
            serde_json::json!({
                "id": format!("{prefix}{n}"),
                "answer": format!("{sentence}, student {n}."),
                "covered": covered,
            })
        })
        .collect()
}

#[test]
fn stops_an_alternative_that_earns_a_point_the_marker_does_not_tick() {
    let dir = tempfile::tempdir().expect("temp dir");
    // "water" alone earns osmosis, but markers tick osmosis only when it is named.
    let text = std::fs::read_to_string(RUBRIC)
        .expect("fixture")
        .replace(r#"["osmosis + water"]"#, r#"["osmosis + water", "water"]"#);
    let rubric = dir.path().join("transport.json");
    std::fs::write(&rubric, text).expect("writes");
    let records = three_kinds(
        "w",
        [
            ("Osmosis moves water into the cell", &["osmosis"]),
            ("Roots take up water from soil", &[]),
            ("A cell holds a lot of water inside", &[]),
        ],
    );
    let kept = kept_edits(&rubric, &records, &[]);
    assert!(
        kept.iter().any(|p| p["edit"]["kind"] == "drop-alternative"
            && p["edit"]["point"] == "osmosis"
            && p["edit"]["alternative"] == "water"),
        "{kept:?}"
    );
}

#[test]
fn doubles_the_marks_of_a_point_the_markers_value_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = dir.path().join("transport.json");
    std::fs::copy(RUBRIC, &rubric).expect("copies");
    // Under the bands (one or two points: 1 mark, three: 2), markers give
    // 2 marks for active transport with the gradient, and 1 for the
    // gradient with osmosis: they count active transport twice.
    let records: Vec<serde_json::Value> = (0..48)
        .map(|n| {
            let (answer, mark) = match n % 4 {
                0 => (
                    format!("Diffusion goes from high to low concentration. Osmosis moves water ({n})."),
                    1,
                ),
                1 => (format!("Active transport uses energy ({n})."), 1),
                2 => (
                    format!("Active transport uses energy. Diffusion goes from high to low concentration ({n})."),
                    2,
                ),
                _ => (format!("Cells are small ({n})."), 0),
            };
            serde_json::json!({"id": format!("e{n}"), "answer": answer, "mark": mark})
        })
        .collect();
    let kept = kept_edits(&rubric, &records, &["--score-column", "mark"]);
    assert!(
        kept.iter().any(|p| p["edit"]["kind"] == "point-marks"
            && p["edit"]["point"] == "active"
            && p["edit"]["marks"] == 2.0),
        "{kept:?}"
    );
}

#[test]
fn keeps_a_term_to_its_exact_word_when_its_other_forms_earn_false_credit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = dir.path().join("body.json");
    std::fs::write(
        &rubric,
        r#"{"id": "body", "topic": "Biology", "question": "How is the body organised?",
            "model_answer": "Tissues form an organ.", "pass_mark": 50,
            "concepts": {"organ": ["organ"], "tissue": ["tissue"]},
            "points": [
              {"id": "organ", "label": "Names an organ", "hint": "Name an organ.", "match": ["organ"]},
              {"id": "tissue", "label": "Names tissues", "hint": "Say what organs are made of.", "match": ["tissue"]}]}"#,
    )
    .expect("writes");
    // "organic" and "organism" share the stem of "organ"; markers tick only organs.
    let records: Vec<serde_json::Value> = (0..36)
        .map(|n| {
            let (answer, covered) = match n % 3 {
                0 => (format!("The heart is an organ, pupil {n}."), vec!["organ"]),
                1 => (format!("Organic food is grown slowly, pupil {n}."), vec![]),
                _ => (
                    format!("Organisms live in every habitat, pupil {n}."),
                    vec![],
                ),
            };
            serde_json::json!({"id": format!("o{n}"), "answer": answer, "covered": covered})
        })
        .collect();
    let kept = kept_edits(&rubric, &records, &[]);
    assert!(
        kept.iter().any(|p| p["edit"]["kind"] == "exact-term"
            && p["edit"]["concept"] == "organ"
            && p["edit"]["term"] == "organ"),
        "{kept:?}"
    );
}

#[test]
fn requires_the_concept_a_point_is_named_by_when_its_other_alternatives_over_credit() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Two alternatives earn osmosis without naming it; markers tick osmosis
    // only when it is named, so dropping one alternative is not enough.
    let text = std::fs::read_to_string(RUBRIC).expect("fixture").replace(
        r#"["osmosis + water"]"#,
        r#"["osmosis + water", "water + diffusion", "water + gradient"]"#,
    );
    let rubric = dir.path().join("transport.json");
    std::fs::write(&rubric, text).expect("writes");
    let records = three_kinds(
        "r",
        [
            ("Osmosis moves water into the cell", &["osmosis"]),
            ("Water can diffuse through a membrane", &[]),
            ("Water goes down the gradient in a root", &[]),
        ],
    );
    let kept = kept_edits(&rubric, &records, &[]);
    assert!(
        kept.iter().any(|p| p["edit"]["kind"] == "require-concept"
            && p["edit"]["point"] == "osmosis"
            && p["edit"]["concept"] == "osmosis"),
        "{kept:?}"
    );
    // The rubric written with --out keeps only the alternative naming osmosis.
    let marked = dir.path().join("marked.jsonl");
    let learned = dir.path().join("learned.json");
    let output = markpoint()
        .args(["rubric", "learn", "--rubric"])
        .arg(&rubric)
        .arg("--responses")
        .arg(&marked)
        .arg("--out")
        .arg(&learned)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&learned).expect("written")).expect("json");
    let osmosis = written["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["id"] == "osmosis")
        .expect("osmosis");
    assert_eq!(osmosis["match"], serde_json::json!(["osmosis + water"]));
}

#[test]
fn learns_a_word_of_the_questions_scene() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The scene ("Water reaches the roots ...") names what answers use:
    // unlike the words the question asks with, its words may be learned.
    let text = std::fs::read_to_string(RUBRIC).expect("fixture").replace(
        "\"question\": \"Describe four ways",
        "\"question\": \"Water reaches the roots of a plant from the soil. Describe four ways",
    );
    let rubric = dir.path().join("transport.json");
    std::fs::write(&rubric, text).expect("writes");
    let records = three_kinds(
        "s",
        [
            ("Osmosis pulls it into the roots", &["osmosis"]),
            ("Osmosis draws it into the roots", &["osmosis"]),
            ("Roots take up minerals by a pump", &["active"]),
        ],
    );
    let kept = kept_edits(&rubric, &records, &[]);
    assert!(
        kept.iter().any(|p| p["edit"]["kind"] == "add-term"
            && p["edit"]["concept"] == "water"
            && p["edit"]["term"] == "roots"),
        "{kept:?}"
    );
}

#[test]
fn with_nothing_held_out_no_held_out_figure_is_invented() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = marked_answers(dir.path(), false);
    let output = markpoint()
        .args(["rubric", "learn", "--color", "never", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&marked)
        .args(["--held-out", "0"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf8");
    assert!(text.contains("24 marked answers, 0 held out"), "{text}");
    assert!(
        text.contains("before   learning 0.000  held out none"),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("held out")),
        "no effect on a held-out part that has no answers: {text}"
    );
    assert!(text.contains("(1 edit kept)"), "{text}");
}

#[test]
fn learns_from_one_set_of_an_exam_board_export_chosen_by_where() {
    // An export with its own column names and two sets of answers: only
    // set 1's rows are this question's.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rows = vec!["Id\tEssaySet\tScore1\tScore2\tEssayText".to_string()];
    for n in 0..24 {
        let (answer, mark) = if n % 3 < 2 {
            (
                format!("Diffusion moves particles from crowded areas to sparse ones, case {n}."),
                1,
            )
        } else {
            (format!("Diffusion happens in cells, case {n}."), 0)
        };
        rows.push(format!("{n}\t1\t{mark}\t{mark}\t{answer}"));
        rows.push(format!(
            "{}\t2\t0\t0\tThe author uses flashbacks, case {n}.",
            100 + n
        ));
    }
    let export = dir.path().join("train.tsv");
    std::fs::write(&export, rows.join("\n")).expect("writes");
    let output = markpoint()
        .args(["rubric", "learn", "--format", "json", "--rubric", RUBRIC])
        .arg("--responses")
        .arg(&export)
        .args(["--score-column", "Score1", "--answer-column", "EssayText"])
        .args(["--id-column", "Id", "--where", "EssaySet=1"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let answers = result["learning_answers"].as_u64().expect("count")
        + result["held_out_answers"].as_u64().expect("count");
    assert_eq!(answers, 24, "set 1's rows only: {result}");
    assert!(
        result["proposals"]
            .as_array()
            .expect("proposals")
            .iter()
            .any(|p| p["kept"] == true && p["edit"]["concept"] == "gradient"),
        "{result}"
    );
}

#[test]
fn says_why_there_is_nothing_to_review_when_no_edit_is_backed_by_enough_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marked = marked_answers(dir.path(), false);
    let run = |min_support: &str| {
        let output = markpoint()
            .args(["rubric", "learn", "--color", "never", "--rubric", RUBRIC])
            .arg("--responses")
            .arg(&marked)
            .args(["--min-support", min_support])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8(output.stdout).expect("utf8")
    };
    // 16 answers say "crowded areas": more than any support asked here but 99.
    let text = run("99");
    assert!(text.contains("(0 edits kept)"), "{text}");
    assert!(
        text.contains("no edit to propose: no change is backed by 99 or more"),
        "{text}"
    );
    assert!(
        !text.contains("review the edits"),
        "nothing to review: {text}"
    );
    let text = run("3");
    assert!(text.contains("review the edits"), "{text}");
}

/// The edits kept from 36 answers of three kinds (see [`three_kinds`])
/// when the fixture's osmosis point is earned by `matches` (a JSON list).
fn kept_for_osmosis(
    matches: &str,
    prefix: &str,
    kinds: [(&str, &[&str]); 3],
) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(RUBRIC)
        .expect("fixture")
        .replace(r#"["osmosis + water"]"#, matches);
    let rubric = dir.path().join("transport.json");
    std::fs::write(&rubric, text).expect("writes");
    kept_edits(&rubric, &three_kinds(prefix, kinds), &[])
}

#[test]
fn lets_a_point_be_earned_by_fewer_of_its_concepts_when_markers_credit_fewer() {
    // The rubric asks for all three of osmosis, water and diffusion; the
    // markers tick osmosis for any two of them.
    let kept = kept_for_osmosis(
        r#"["osmosis + water + diffusion"]"#,
        "f",
        [
            ("Osmosis moves water into the cell", &["osmosis"]),
            ("Osmosis is a kind of diffusion", &["osmosis"]),
            ("Water can diffuse through a membrane", &["osmosis"]),
        ],
    );
    let first = kept.first().expect("an edit kept");
    assert_eq!(first["edit"]["kind"], "fewer-concepts", "{kept:?}");
    assert_eq!(first["edit"]["point"], "osmosis", "{kept:?}");
    assert!(
        first["held_out"]["after"].as_f64() > first["held_out"]["before"].as_f64(),
        "{first}"
    );
}

#[test]
fn lets_an_alternative_earn_a_point_only_with_the_word_its_right_credits_share() {
    // "water" alone earns osmosis; markers tick it only where the water
    // crosses a membrane, so no single `unless` word cuts all false credit.
    let kept = kept_for_osmosis(
        r#"["water"]"#,
        "m",
        [
            ("Water moves across the membrane", &["osmosis"]),
            ("Roots take up water from the soil", &[]),
            ("A vacuole holds water inside", &[]),
        ],
    );
    let first = kept.first().expect("an edit kept");
    assert_eq!(first["edit"]["kind"], "require-term", "{kept:?}");
    assert_eq!(first["edit"]["point"], "osmosis", "{kept:?}");
    assert_eq!(first["edit"]["alternative"], "water", "{kept:?}");
}
