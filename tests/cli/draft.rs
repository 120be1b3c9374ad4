//! `markpoint rubric draft`: from a model answer or a study guide to rubrics
//! that lint clean and that their own model answers pass.

use super::markpoint;
use markpoint::lint::lint_sources;
use markpoint::rubric::{Rubric, Source};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const GUIDES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/guides");

fn guide(name: &str) -> PathBuf {
    Path::new(GUIDES).join(name)
}

/// Lints rubric files with the library and asserts there is no diagnostic.
#[track_caller]
fn assert_lints_clean(files: &[PathBuf]) {
    let sources: Vec<Source> = files
        .iter()
        .map(|f| Source {
            path: f.clone(),
            text: std::fs::read_to_string(f).expect("readable"),
        })
        .collect();
    let diagnostics = lint_sources(&sources);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

/// Grades `answer` with the rubric `id` from `rubrics` and returns the JSON report.
fn check(rubrics: &Path, id: &str, answer: &str) -> serde_json::Value {
    let output = markpoint()
        .arg("--rubrics")
        .arg(rubrics)
        .args(["check", "--question", id, "--format", "json"])
        .write_stdin(answer)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[track_caller]
fn assert_model_answer_earns_everything(rubrics: &Path, rubric: &Rubric) {
    let report = check(rubrics, &rubric.id, &rubric.model_answer);
    for point in report["points"].as_array().expect("points") {
        assert_eq!(point["covered"], true, "{}: {point}", rubric.id);
    }
}

#[test]
fn a_model_answer_becomes_a_rubric_that_lints_and_passes_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answer = dir.path().join("water-cycle.txt");
    std::fs::write(
        &answer,
        "Water evaporates from the oceans when the sun heats it. The vapour cools as it rises and condenses into clouds. It falls back to the ground as rain or snow.",
    )
    .expect("write");
    let output = markpoint()
        .args(["rubric", "draft", "--from-answer"])
        .arg(&answer)
        .args(["--question", "Describe the water cycle."])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rubric: Rubric = serde_json::from_slice(&output.stdout).expect("a rubric");
    assert_eq!(rubric.id, "water-cycle");
    assert_eq!(
        rubric.topic, "water-cycle",
        "the topic defaults to the file name"
    );
    assert_eq!(rubric.pass_mark, 50.0);
    assert_eq!(rubric.points.len(), 3, "one point per sentence");
    assert!(rubric
        .points
        .iter()
        .all(|p| !p.label.is_empty() && !p.hint.is_empty()));
    let file = dir.path().join("rubric.json");
    std::fs::write(&file, &output.stdout).expect("write");
    markpoint()
        .args(["rubric", "lint"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors"));
    assert_model_answer_earns_everything(&file, &rubric);
    // A student who says it in other words still earns the first point.
    let report = check(
        &file,
        &rubric.id,
        "The sun heats the sea and the water evaporated.",
    );
    assert_eq!(report["points"][0]["covered"], true, "{report}");
    assert_eq!(report["points"][2]["covered"], false);
    assert!(report["points"][2]["hint"]
        .as_str()
        .is_some_and(|h| h.contains("rain")));
}

#[test]
fn stdin_id_topic_and_out_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("draft.json");
    markpoint()
        .args(["rubric", "draft", "--from-answer", "-", "--question", "Why do we have seasons?"])
        .args(["--id", "seasons", "--topic", "Earth science", "--out"])
        .arg(&out)
        .write_stdin("The Earth's axis is tilted, so each hemisphere gets more direct sunlight for part of the year.")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("drafted \"seasons\""));
    let rubric: Rubric =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("a rubric");
    assert_eq!(
        (rubric.id.as_str(), rubric.topic.as_str()),
        ("seasons", "Earth science")
    );
    assert_lints_clean(std::slice::from_ref(&out));
    // A second draft does not overwrite the teacher's file without --force.
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            "Why?",
            "--out",
        ])
        .arg(&out)
        .write_stdin("Plants need sunlight to grow.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "draft.json: already exists; use --force",
        ));
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            "Why?",
            "--force",
            "--out",
        ])
        .arg(&out)
        .write_stdin("Plants need sunlight to grow.")
        .assert()
        .success();
}

#[test]
fn every_fixture_guide_drafts_rubrics_that_lint_clean() {
    for (name, expected) in [
        (
            "photosynthesis.txt",
            &[
                "definition",
                "inputs-outputs",
                "leaves-most-plants",
                "light-intensity-temperature",
            ][..],
        ),
        (
            "french-revolution.txt",
            &[
                "definition",
                "main-causes",
                "reign-of-terror",
                "long-term-impact",
            ][..],
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        markpoint()
            .args(["rubric", "draft", "--from-guide"])
            .arg(guide(name))
            .arg("--out-dir")
            .arg(dir.path())
            .assert()
            .success()
            .stdout("")
            .stderr(predicate::str::contains("next: edit the synonyms"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("listable")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        let ids: Vec<String> = files
            .iter()
            .map(|f| f.file_stem().expect("stem").to_string_lossy().into_owned())
            .collect();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(ids, want, "{name}");
        assert_lints_clean(&files);
        markpoint()
            .args(["rubric", "lint"])
            .arg(dir.path())
            .assert()
            .success();
        for file in &files {
            let rubric: Rubric =
                serde_json::from_str(&std::fs::read_to_string(file).expect("read"))
                    .expect("rubric");
            assert!(
                (2..=12).contains(&rubric.points.len()),
                "{}: {} points",
                rubric.id,
                rubric.points.len()
            );
            assert_model_answer_earns_everything(dir.path(), &rubric);
        }
    }
}

#[test]
fn a_guide_without_out_dir_prints_one_json_array() {
    let output = markpoint()
        .args(["rubric", "draft", "--from-guide"])
        .arg(guide("french-revolution.txt"))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let rubrics: Vec<Rubric> = serde_json::from_slice(&output.stdout).expect("an array of rubrics");
    assert_eq!(rubrics.len(), 4);
    assert_eq!(rubrics[0].question, "What was the French Revolution?");
    assert!(rubrics.iter().all(|r| r.topic == "French Revolution"));
}

#[test]
fn a_guide_without_review_questions_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    markpoint()
        .args(["rubric", "draft", "--from-guide"])
        .arg(guide("no-questions.txt"))
        .arg("--out-dir")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-questions.txt: no \"Review Questions\" section",
        ));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing is written"
    );
}

#[test]
fn existing_drafts_are_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("definition.json"), "edited by hand").expect("write");
    markpoint()
        .args(["rubric", "draft", "--from-guide"])
        .arg(guide("photosynthesis.txt"))
        .arg("--out-dir")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("definition.json: already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("definition.json")).expect("read"),
        "edited by hand"
    );
}

#[test]
fn bad_draft_inputs_are_clear_errors() {
    markpoint()
        .args(["rubric", "draft", "--from-answer", "-"])
        .write_stdin("An answer.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--question"));
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            "Why?",
        ])
        .write_stdin(" \n ... ")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>: the model answer is empty",
        ));
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "no-such-file.txt",
            "--question",
            "Why?",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "markpoint: error: no-such-file.txt:",
        ));
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-guide",
            "x.txt",
            "--question",
            "Why?",
        ])
        .assert()
        .code(2);
    markpoint()
        .args(["rubric", "draft"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from-answer"));
}

#[test]
fn draft_help_shows_examples() {
    markpoint()
        .args(["rubric", "draft", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--from-guide"))
        .stdout(predicate::str::contains("--out-dir"))
        .stdout(predicate::str::contains("--max-concepts").not());
}

/// Drafts a rubric from `answer` for `question` into a temporary folder;
/// returns the folder (kept alive) and the rubric.
fn draft_into(question: &str, answer: &str) -> (tempfile::TempDir, PathBuf, Rubric) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("draft.json");
    let output = markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            question,
        ])
        .args(["--id", "q", "--out"])
        .arg(&file)
        .write_stdin(answer)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{answer:?}: {output:?}");
    let rubric: Rubric =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("a rubric");
    (dir, file, rubric)
}

/// The ids of the points an answer covers.
fn covered(rubrics: &Path, answer: &str) -> Vec<String> {
    check(rubrics, "q", answer)["points"]
        .as_array()
        .expect("points")
        .iter()
        .filter(|p| p["covered"] == true)
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn a_paragraph_of_history_drafts_whole_statements_with_their_names() {
    let (_dir, _file, rubric) = draft_into(
        "Explain why the assassination of Franz Ferdinand led to a wider war.",
        "Austria-Hungary blamed Serbia for the assassination and, promised support by \
         Germany, declared war on Serbia. Russia mobilised its army to defend Serbia. \
         Germany declared war on Russia. Britain, which had promised to protect Belgium, \
         declared war on Germany.",
    );
    let labels: Vec<&str> = rubric.points.iter().map(|p| p.label.as_str()).collect();
    // The subject of a clause a relative clause interrupts is no point alone.
    assert!(!labels.contains(&"Britain"), "{labels:?}");
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Britain") && l.ends_with("declared war on Germany")),
        "{labels:?}"
    );
    // A conjunction before a comma opens the clause after it.
    assert!(!labels.iter().any(|l| l.ends_with(" and")), "{labels:?}");
    // A name stays a name in the hint, even where it opens a sentence.
    assert!(
        rubric
            .points
            .iter()
            .any(|p| p.hint.contains("Russia mobilised")),
        "{:#?}",
        rubric.points
    );
    assert!(!rubric.points.iter().any(|p| p.hint.contains("russia")));
    // A word opening a line of key elements is no name for being capitalised.
    let (_dir, _file, rubric) = draft_into(
        "Explain how an oxbow lake is formed.",
        "Erosion on the outside of a meander bend\nDeposition on the inside of the bend\n\
         The neck of the meander narrows\nDeposition seals off the old bend",
    );
    for point in &rubric.points {
        assert!(
            !point.hint.contains("that Deposition") && !point.hint.contains("that The"),
            "{}",
            point.hint
        );
    }
}

#[test]
fn a_model_answer_that_is_a_name_is_earned_by_the_name_alone() {
    // A question answered by a name is answered in a word or two, as the
    // model answer is; a list of names, or a wrong one, still earns nothing.
    for (question, model, right, wrong) in [
        (
            "Name the process by which plants lose water vapour from their leaves.",
            "Transpiration.",
            ["Transpiration", "transperation", "It is transpiration."],
            [
                "transpiration, osmosis, evaporation, diffusion",
                "transpiration osmosis evaporation diffusion",
                "Guttation.",
                "Transpiration isn't right, that's for animals.",
            ],
        ),
        (
            "How are arrays passed to functions in C?",
            "By reference.",
            [
                "by reference",
                "By reference.",
                "They are passed by reference.",
            ],
            [
                "By value.",
                "reference, value, pointer, copy",
                "reference value pointer copy",
                "By reference is not correct.",
            ],
        ),
    ] {
        let (_dir, file, rubric) = draft_into(question, model);
        for answer in right {
            assert_eq!(
                covered(&file, answer),
                [rubric.points[0].id.clone()],
                "{model}: {answer}"
            );
        }
        for answer in wrong {
            assert!(covered(&file, answer).is_empty(), "{model}: {answer}");
        }
    }
    // Where the model answer is made of statements, a fragment stays one.
    let (_dir, file, _rubric) = draft_into(
        "How does water enter a root hair cell?",
        "Water enters the root hair cell by osmosis, from the dilute soil water into the cell.",
    );
    assert!(covered(&file, "osmosis").is_empty());
}

#[test]
fn a_word_or_a_short_phrase_drafts_a_point_that_sentences_saying_it_earn() {
    for (question, model, right, wrong) in [
        (
            "Does the north pole of one magnet push or pull the north pole of another?",
            "push",
            "It would push the other magnet away.",
            "It would pull the other magnet closer.",
        ),
        (
            "What scope does a static global variable have in C?",
            "File scope.",
            "It has file scope, so other files cannot see it.",
            "It has block scope inside the function.",
        ),
        (
            "How does a damaged bulb compare to an open switch?",
            "They do the same thing.",
            "They do the same thing to the circuit.",
            "They do different things to the circuit.",
        ),
        (
            "How does a damaged bulb compare to an open switch?",
            "same",
            "A damaged bulb is the same as an open switch.",
            "A damaged bulb is different from an open switch.",
        ),
        (
            "How does a damaged bulb compare to an open switch?",
            "they are the same",
            "They are the same: both break the circuit.",
            "They are not the same at all.",
        ),
        (
            "How are arrays passed to functions in C?",
            "By reference.",
            "Arrays are passed by reference to the function.",
            "Arrays are copied into the function.",
        ),
        (
            "How does a loop repeat its body?",
            "Through iteration.",
            "The loop repeats its body through iteration.",
            "The loop calls itself until it stops.",
        ),
        (
            "How many nodes can a linked list hold?",
            "Unlimited number.",
            "A linked list can hold an unlimited number of nodes.",
            "A linked list holds a fixed number of nodes.",
        ),
    ] {
        let (_dir, file, rubric) = draft_into(question, model);
        assert_eq!(rubric.points.len(), 1, "{model}: {:#?}", rubric.points);
        assert_lints_clean(std::slice::from_ref(&file));
        assert_eq!(
            covered(&file, right),
            ["q"].map(|_| rubric.points[0].id.clone()),
            "{model}: {right}"
        );
        assert!(covered(&file, wrong).is_empty(), "{model}: {wrong}");
        let hint = &rubric.points[0].hint;
        assert!(
            hint.ends_with('.') && !hint.contains(", and how they connect"),
            "{hint}"
        );
    }
}

#[test]
fn a_model_answer_that_lists_things_gives_a_point_for_each() {
    // Before, "Abstraction and reusability." drafted one point that
    // "reusability" alone earned, and "abstraction" earned nothing.
    let (_dir, file, rubric) = draft_into(
        "What are two benefits of writing functions?",
        "Abstraction and reusability.",
    );
    let ids: Vec<&str> = rubric.points.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["abstraction", "reusability"], "{:#?}", rubric.points);
    assert_lints_clean(std::slice::from_ref(&file));
    assert_eq!(
        covered(
            &file,
            "Functions give abstraction: you call one without knowing how it works."
        ),
        ["abstraction"]
    );
    assert_eq!(
        covered(&file, "Abstraction, and the reusability of code."),
        ["abstraction", "reusability"]
    );
    assert!(covered(&file, "Functions make programs faster.").is_empty());
    assert_eq!(rubric.points[0].hint, "Mention abstraction.");
    // A sentence with a verb is a statement, not a list.
    let (_dir, _file, rubric) = draft_into("What happens to warm air?", "It rises and cools.");
    assert_eq!(rubric.points.len(), 1, "{:#?}", rubric.points);
}

#[test]
fn at_full_marks_a_missed_point_is_another_way_to_earn_them_not_something_to_add() {
    let (_dir, file, _rubric) = draft_into(
        "Name two benefits of writing functions.",
        "Abstraction, reusability and easier testing.",
    );
    let text = |answer: &str| -> String {
        let output = markpoint()
            .args(["--color", "never", "--rubrics"])
            .arg(&file)
            .args(["check", "-q", "q", "-"])
            .write_stdin(answer)
            .output()
            .expect("runs");
        String::from_utf8(output.stdout).expect("utf8")
    };
    let full = text("Functions give abstraction and reusability.");
    assert!(full.contains("Marks 2/2"), "{full}");
    assert!(full.contains("also: ") && !full.contains("add: "), "{full}");
    let half = text("Functions give abstraction.");
    assert!(half.contains("Marks 1/2"), "{half}");
    assert!(half.contains("add: ") && !half.contains("also: "), "{half}");
    // The class's HTML report says the same, answer by answer.
    let html = file.with_file_name("class.html");
    let answers = [
        ("full", "Functions give abstraction and reusability."),
        ("half", "Functions give abstraction."),
    ]
    .map(|(id, answer)| serde_json::json!({"id": id, "answer": answer}).to_string())
    .join("\n");
    let output = markpoint()
        .args(["--rubrics"])
        .arg(&file)
        .args(["batch", "-q", "q", "--format", "csv", "--html"])
        .arg(&html)
        .arg("-")
        .write_stdin(answers.clone())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let page = std::fs::read_to_string(&html).expect("written");
    assert_eq!(
        page.matches("<em>also:</em>").count(),
        1,
        "one point not made by the full answer"
    );
    assert_eq!(
        page.matches("<em>add:</em>").count(),
        2,
        "two points the half answer can add"
    );
    // And so do the students' feedback sheets.
    let sheets = file.with_file_name("feedback");
    let output = markpoint()
        .args(["--rubrics"])
        .arg(&file)
        .args(["batch", "-q", "q", "--feedback"])
        .arg(&sheets)
        .arg("-")
        .write_stdin(answers)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let full = std::fs::read_to_string(sheets.join("full.txt")).expect("written");
    assert!(full.contains("Other ways to earn these marks:"), "{full}");
    assert!(!full.contains("What to add"), "{full}");
    let half = std::fs::read_to_string(sheets.join("half.txt")).expect("written");
    assert!(half.contains("What to add:"), "{half}");
}

#[test]
fn a_question_asking_for_a_number_of_things_caps_the_marks_at_that_number() {
    // "Name two": any two of the three benefits the model answer lists earn
    // full marks, as an examiner would give them.
    let (_dir, file, rubric) = draft_into(
        "Name two benefits of writing functions.",
        "Abstraction, reusability and easier testing.",
    );
    assert_eq!(rubric.points.len(), 3, "{:#?}", rubric.points);
    assert_eq!(rubric.max_marks, Some(2.0));
    assert_lints_clean(std::slice::from_ref(&file));
    let report = check(
        &file,
        "q",
        "Functions give abstraction, and the reusability of code.",
    );
    assert_eq!(report["marks"], 2.0, "{report}");
    assert_eq!(report["max_marks"], 2.0, "{report}");
    assert_eq!(report["percent"], 100.0, "{report}");
    let report = check(&file, "q", "Functions give abstraction.");
    assert_eq!(report["percent"], 50.0, "{report}");
    // The answer's length, the scene's numbers and a count the model answer
    // does not exceed set no cap.
    for (question, answer) in [
        (
            "Why are functions useful? Explain in 2-4 sentences.",
            "Abstraction, reusability and easier testing.",
        ),
        (
            "A program has 3 files. Describe what functions give it.",
            "Abstraction, reusability and easier testing.",
        ),
        (
            "Name two benefits of writing functions.",
            "Abstraction and reusability.",
        ),
    ] {
        let (_dir, _file, rubric) = draft_into(question, answer);
        assert_eq!(rubric.max_marks, None, "{question}");
    }
}

#[test]
fn a_count_caps_the_marks_only_when_it_covers_every_instruction() {
    // "… and explain how": the count says nothing of what "explain" asks
    // for, so two of the benefits are not full marks.
    let answer = "Abstraction, reusability and easier testing. Each function can be tested alone.";
    let (_dir, file, rubric) = draft_into(
        "Name two benefits of writing functions and explain how they make testing easier.",
        answer,
    );
    assert!(rubric.points.len() > 2, "{:#?}", rubric.points);
    assert_eq!(rubric.max_marks, None);
    let report = check(&file, "q", "Functions give abstraction and reusability.");
    assert!(report["percent"].as_f64() < Some(100.0), "{report}");
    // A question the counted things answer keeps the cap: the reasons are
    // what earns the marks for the choice.
    let (_dir, file, rubric) = draft_into(
        "Should programs be written with functions? Give two reasons for your answer.",
        "Abstraction, reusability and easier testing.",
    );
    assert_eq!(rubric.max_marks, Some(2.0));
    let report = check(&file, "q", "Functions give abstraction and reusability.");
    assert_eq!(report["percent"], 100.0, "{report}");
}

#[test]
fn an_example_in_the_model_answer_is_not_asked_for() {
    // "e.g. 300m to 30m" illustrates the point; the student who says the
    // diameter decreases has made it.
    let (_dir, file, rubric) = draft_into(
        "What happens to the collision domain diameter if you increase the speed of a network by a factor of 10?",
        "The diameter decreases by a factor of 10, e.g. 300m to 30m.",
    );
    assert_eq!(rubric.points.len(), 1, "{:#?}", rubric.points);
    assert_lints_clean(std::slice::from_ref(&file));
    let report = check(
        &file,
        "q",
        "The diameter decreases, it becomes ten times smaller.",
    );
    assert_eq!(report["percent"], 100.0, "{report}");
    let report = check(&file, "q", "The diameter stays the same.");
    assert_eq!(report["percent"], 0.0, "{report}");
}

#[test]
fn hints_keep_the_noun_a_definition_hangs_on_and_state_a_relative_clause() {
    let (_dir, _file, rubric) = draft_into(
        "What is photosynthesis?",
        "Photosynthesis is the process by which green plants use light energy to make glucose.",
    );
    assert_eq!(
        rubric.points[0].hint,
        "Say what photosynthesis is: the process by which green plants use light energy to make glucose.",
        "not \"…: by which green plants …\""
    );
    let (_dir, _file, rubric) = draft_into(
        "Where does photosynthesis take place?",
        "In the chloroplasts, which contain chlorophyll.",
    );
    let hints: Vec<&str> = rubric.points.iter().map(|p| p.hint.as_str()).collect();
    assert_eq!(
        hints,
        [
            "Say where photosynthesis takes place: in the chloroplasts.",
            "Say that the chloroplasts contain chlorophyll."
        ]
    );
}

#[test]
fn a_name_opening_a_model_answer_drops_the_capitalised_function_word_before_it() {
    let (_dir, file, rubric) = draft_into(
        "Why do we have seasons?",
        "The Earth's axis is tilted, so each hemisphere receives more direct sunlight.",
    );
    assert_eq!(
        rubric.points[0].hint,
        "Say that the Earth's axis is tilted, so each hemisphere receives more direct sunlight."
    );
    let terms: Vec<&String> = rubric.concepts.values().flatten().collect();
    assert!(
        terms.iter().all(|t| !t.starts_with("The ")),
        "a name never holds the sentence's opening \"The\": {terms:?}"
    );
    // "Earth's", without "the", is the name the point asks for.
    let answer = "Earth's axis is tilted and it receives more sunlight.";
    assert_eq!(covered(&file, answer), ["earth-s-tilted"], "{answer}");
}

#[test]
fn an_everyday_verb_in_an_irregular_past_never_carries_a_point_alone() {
    let (_dir, file, _rubric) = draft_into(
        "What was the main cause of World War I?",
        "The assassination of Archduke Franz Ferdinand in 1914 triggered alliances \
         that drew the great powers into war.",
    );
    // "drew" is "draw": everyday English, not a word only this topic uses.
    for answer in [
        "He drew a picture of a cat.",
        "They held a party and sent cards.",
    ] {
        assert!(covered(&file, answer).is_empty(), "{answer}");
    }
    let answer = "Alliances drew the great powers into the war.";
    assert!(!covered(&file, answer).is_empty(), "{answer}");
}

#[test]
fn a_relative_clause_opened_by_that_is_hinted_with_what_it_refers_to() {
    let (_dir, _file, rubric) = draft_into(
        "What was the main cause of World War I?",
        "The assassination of Archduke Franz Ferdinand in 1914 triggered alliances \
         that drew the great powers into war.",
    );
    let hints: Vec<&str> = rubric.points.iter().map(|p| p.hint.as_str()).collect();
    assert!(
        hints.contains(&"Say that alliances drew the great powers into war."),
        "not \"Say that drew the great powers …\": {hints:?}"
    );
    // "shows that …" states; it refers to nothing.
    let (_dir, _file, rubric) = draft_into(
        "What does the experiment show?",
        "The experiment shows that plants grow towards light because of auxin.",
    );
    assert_eq!(
        rubric.points[0].hint,
        "Say what the experiment shows: plants grow towards light because of auxin."
    );
}

#[test]
fn a_definition_with_a_contrast_drafts_a_point_for_each_half() {
    // The definition's two halves are two marks: seeking what agrees, and
    // ignoring what disagrees. The list of verbs and the "that" clause
    // belong to the first half, the "while" clause is the second.
    let (dir, file, rubric) = draft_into(
        "What is confirmation bias?",
        "Confirmation bias is the tendency to seek out, interpret and remember information \
         that supports what we already believe, while ignoring evidence against it.",
    );
    assert_eq!(rubric.points.len(), 2, "{:?}", rubric.points);
    let both = covered(
        &file,
        "It is the tendency to remember information that supports what you already believe \
         and ignoring the evidence against it.",
    );
    assert_eq!(both.len(), 2, "{both:?}");
    let first_only = covered(
        &file,
        "It is the tendency to remember information that supports what you already believe.",
    );
    assert_eq!(first_only.len(), 1, "{first_only:?}");
    drop(dir);
}

#[test]
fn a_hint_keeps_the_words_of_degree_that_open_an_answer() {
    let (_dir, _file, rubric) = draft_into(
        "What causes inflation?",
        "Too much money chasing too few goods.",
    );
    assert_eq!(
        rubric.points[0].hint, "Say what causes inflation: too much money chasing too few goods.",
        "not \"…: much money chasing …\""
    );
}

#[test]
fn a_definition_in_general_words_is_earned_by_what_it_says_not_by_the_question_word() {
    // "calls" is a general word and "function" the question's own: the
    // point must not be "function" alone, which any answer says.
    let (_dir, file, rubric) = draft_into(
        "What is a recursive function?",
        "A function that calls itself.",
    );
    assert_eq!(rubric.points.len(), 1, "{:#?}", rubric.points);
    assert_lints_clean(std::slice::from_ref(&file));
    let id = rubric.points[0].id.clone();
    for right in [
        "A recursive function is a function that calls itself.",
        "It is a function calling itself until it reaches a base case.",
    ] {
        assert_eq!(covered(&file, right), std::slice::from_ref(&id), "{right}");
    }
    for wrong in [
        "A recursive function is a function that returns a value.",
        "A function that calls another function.",
    ] {
        assert!(covered(&file, wrong).is_empty(), "{wrong}");
    }
    assert_eq!(
        rubric.points[0].hint,
        "Say what a recursive function is: a function that calls itself."
    );
}

#[test]
fn a_list_of_key_elements_makes_one_point_per_line() {
    let elements = "mRNA exits nucleus via nuclear pore.\n\
        mRNA travels through the cytoplasm to the ribosome.\n\
        mRNA bases are read in triplets called codons.\n\
        tRNA carrying the complementary (U=A, C+G) anticodon recognizes the complementary codon of the mRNA.\n\
        The amino acids on the tRNA are bonded to the amino acid of the tRNA next to it.\n\
        A new amino acid is brought to the ribosome by another tRNA.\n\
        Amino acids are linked into a protein, starting at a START codon.\n\
        Amino acids are linked until a STOP codon is read.";
    let (_dir, file, rubric) = draft_into(
        "Starting with mRNA leaving the nucleus, list and describe four major steps involved in protein synthesis.",
        elements,
    );
    let labels: Vec<&str> = rubric.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels.len(), 8, "no element dropped or split: {labels:#?}");
    assert_eq!(labels[0], "mRNA exits nucleus via nuclear pore");
    assert!(
        labels[3].contains("(U=A, C+G) anticodon recognizes"),
        "{}",
        labels[3]
    );
    assert_lints_clean(std::slice::from_ref(&file));
    // A student's sentence earns the first element.
    assert!(
        covered(&file, "The mRNA exits the nucleus through a nuclear pore.")
            .contains(&rubric.points[0].id)
    );
    // Bullets work the same way.
    let (_dir, _file, rubric) = draft_into(
        "What do plants need to grow?",
        "- sunlight for photosynthesis\n- water from the soil\n- minerals such as nitrates",
    );
    assert_eq!(rubric.points.len(), 3, "{:#?}", rubric.points);
}

#[test]
fn a_rare_word_of_one_element_earns_it_but_a_named_example_does_not() {
    let (_dir, file, rubric) = draft_into(
        "Starting with mRNA leaving the nucleus, list and describe four major steps involved in protein synthesis.",
        "mRNA travels through the cytoplasm to the ribosome.\n\
         tRNA carrying the complementary anticodon recognizes the codon of the mRNA.\n\
         Peptide bonds join amino acids into a chain.\n\
         A stop codon ends the chain of amino acids.\n\
         Membrane transport occurs when vesicles carry large molecules out of the cell, as in exocytosis.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    let id = |n: usize| rubric.points[n].id.clone();
    // "anticodon" is rare in general English and only the second element uses it.
    assert_eq!(
        covered(&file, "The codons pair with their anticodons."),
        [id(1)]
    );
    // "amino acids" is shared by two ideas: naming it earns nothing alone.
    assert!(covered(&file, "Amino acids are made.").is_empty());
    assert_eq!(covered(&file, "Peptide bonds form."), [id(2)]);
    // A named example is not a description of the process.
    assert!(covered(&file, "Exocytosis.").is_empty());
}

#[test]
fn a_qualifier_and_the_word_it_qualifies_earn_a_point_together() {
    let (_dir, file, rubric) = draft_into(
        "Describe what additional information you would need in order to repeat the experiment.",
        "You need to know how much acid was used in each beaker.\n\
         You need to know what type of acid was poured into each beaker.\n\
         You need to know how long each sample was heated.\n\
         You need to know what drying method to use.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    let id = |n: usize| rubric.points[n].id.clone();
    // "how much acid" says the first element without its other words.
    assert_eq!(
        covered(&file, "I would ask how much acid to pour."),
        [id(0)]
    );
    assert_eq!(covered(&file, "Which type of acid?"), [id(1)]);
    // "kind" and "sort" say "type": the shipped near-synonyms.
    assert_eq!(covered(&file, "What kind of acid did they pour?"), [id(1)]);
    assert_eq!(covered(&file, "Tell us the sort of acid."), [id(1)]);
    // The qualifier alone, or the noun alone, says neither.
    assert!(covered(&file, "I would ask how much to pour.").is_empty());
    assert!(covered(&file, "Acid is dangerous.").is_empty());
    // Without the rule (drafting experiments), the pair is not enough.
    let without = draft_stdin(
        "Describe what additional information you would need in order to repeat the experiment.",
        "You need to know how much acid was used in each beaker.\nYou need to know what type of acid was poured into each beaker.",
        &["--no-qualified-pairs"],
    );
    let matches = without["points"][0]["match"].to_string();
    assert!(!matches.contains("\"how-much + acid\""), "{matches}");
}

#[test]
fn words_joined_by_a_slash_are_either_way_to_earn_the_point() {
    let (_dir, file, rubric) = draft_into(
        "Describe what additional information you would need in order to repeat the experiment.",
        "You need to know how much acid was poured into each beaker.\n\
         You need to know what size/shape of beaker to use.\n\
         You need to know how long each sample was heated.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    let id = rubric.points[1].id.clone();
    assert!(covered(&file, "The size of the beakers.").contains(&id));
    assert!(covered(&file, "What shape of beaker?").contains(&id));
    assert!(!covered(&file, "The colour of the beakers.").contains(&id));
}

#[test]
fn general_words_never_carry_a_point_and_hints_say_what_to_add() {
    let (_dir, file, rubric) = draft_into(
        "Where does photosynthesis happen?",
        "Photosynthesis takes place in the chloroplasts, which contain chlorophyll. \
         It uses light energy to turn carbon dioxide and water into glucose. \
         Oxygen is released as a by-product.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    assert!(covered(
        &file,
        "It takes place in a contained space. The product was released."
    )
    .is_empty());
    let chloroplasts = rubric
        .points
        .iter()
        .find(|p| p.label.contains("chloroplasts") && !p.label.contains("chlorophyll"))
        .expect("a point for the chloroplasts");
    assert!(
        covered(&file, "Photosynthesis happens in the chloroplasts.").contains(&chloroplasts.id)
    );
    assert_eq!(
        chloroplasts.hint,
        "Say where photosynthesis happens: in the chloroplasts."
    );
    for point in &rubric.points {
        assert!(!point.hint.starts_with("Mention takes"), "{}", point.hint);
    }
    for concept in ["takes", "place", "contain"] {
        assert!(
            !rubric.concepts.contains_key(concept),
            "{:?}",
            rubric.concepts
        );
    }
}

#[test]
fn a_preposition_of_direction_is_no_concept() {
    // "towards" took a place among a point's few concepts, and a student
    // who wrote the idea without it ("the bends get closer") lost the point.
    let (_dir, _file, rubric) = draft_into(
        "Explain how an oxbow lake is formed.",
        "The neck of the meander narrows as the outer bends erode towards each other.",
    );
    let terms: Vec<&String> = rubric.concepts.values().flatten().collect();
    assert!(
        !terms.iter().any(|t| t.starts_with("toward")),
        "{:?}",
        rubric.concepts
    );
}

#[test]
fn a_noun_made_from_a_verb_is_earned_by_the_verb() {
    // The key element says "erosion"; a student says the bank "erodes".
    let (_dir, file, rubric) = draft_into(
        "Explain how an oxbow lake is formed.",
        "Erosion is greatest on the outside of a river bend.",
    );
    let terms: Vec<&String> = rubric.concepts.values().flatten().collect();
    assert!(terms.iter().any(|t| *t == "erode"), "{:?}", rubric.concepts);
    assert_eq!(
        covered(&file, "The water erodes the outside of each bend the most.").len(),
        1
    );
    // "tension" is no "tend".
    let (_dir, _file, rubric) = draft_into(
        "Why is steel put in concrete beams?",
        "Concrete is weak in tension, so the steel carries the tensile forces.",
    );
    let terms: Vec<&String> = rubric.concepts.values().flatten().collect();
    assert!(!terms.iter().any(|t| *t == "tend"), "{:?}", rubric.concepts);
}

#[test]
fn a_two_word_statement_earns_the_point_its_words_make() {
    let (_dir, file, rubric) = draft_into("What does a plucked guitar string do?", "It vibrates.");
    let point = rubric.points[0].id.clone();
    assert_eq!(covered(&file, "It vibrates."), std::slice::from_ref(&point));
    assert_eq!(covered(&file, "They vibrate."), [point]);
    assert!(
        covered(&file, "Vibrates.").is_empty(),
        "a bare word is a note"
    );
}

#[test]
fn a_one_word_answer_gets_a_hint_that_answers_the_question() {
    let (_dir, _file, rubric) = draft_into("Where does digestion take place?", "stomach");
    assert_eq!(
        rubric.points[0].hint,
        "Say where digestion takes place: stomach."
    );
}

#[test]
fn a_model_answer_of_general_words_only_is_a_clear_error() {
    markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            "Where does it happen?",
        ])
        .write_stdin("It takes place there.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no word specific to its idea"));
}

#[test]
fn lint_warns_about_a_point_a_generic_sentence_earns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("generic.json");
    std::fs::write(
        &file,
        r#"{"id": "where", "topic": "Biology", "question": "Where does photosynthesis happen?",
            "model_answer": "Photosynthesis takes place in the chloroplasts.",
            "concepts": {"takes": ["takes"], "place": ["place"], "chloroplasts": ["chloroplasts"]},
            "points": [{"id": "chloroplasts", "label": "In the chloroplasts", "hint": "Say where.",
                        "match": ["takes + place", "chloroplasts"]}]}"#,
    )
    .expect("write");
    markpoint()
        .args(["rubric", "lint"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: point \"chloroplasts\": a generic sentence could earn it",
        ))
        .stderr(predicate::str::contains("0 errors, 1 warning"));
}

/// Drafts from a model answer on stdin (with `extra` options) and returns the rubric.
fn draft_stdin(question: &str, answer: &str, extra: &[&str]) -> serde_json::Value {
    let output = markpoint()
        .args([
            "rubric",
            "draft",
            "--from-answer",
            "-",
            "--question",
            question,
        ])
        .args(extra)
        .write_stdin(answer.to_string())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("json")
}

#[test]
fn compounds_keep_two_word_nouns_as_one_concept_when_asked() {
    let concepts = |extra: &[&str]| -> Vec<String> {
        let rubric = draft_stdin(
            "What does tRNA do?",
            "tRNA carries amino acids to the ribosome.\n",
            extra,
        );
        rubric["concepts"]
            .as_object()
            .expect("concepts")
            .keys()
            .cloned()
            .collect()
    };
    assert!(concepts(&["--compounds"]).contains(&"amino-acids".to_string()));
    let plain = concepts(&[]);
    assert!(!plain.contains(&"amino-acids".to_string()), "{plain:?}");
}

#[test]
fn wordnet_adds_synonyms_of_the_most_common_sense_when_asked() {
    let terms = |extra: &[&str]| -> Vec<String> {
        let rubric = draft_stdin(
            "What do scientists do?",
            "Students examine the samples under a microscope.\n",
            extra,
        );
        rubric["concepts"]
            .as_object()
            .expect("concepts")
            .values()
            .flat_map(|terms| terms.as_array().expect("terms").clone())
            .map(|t| t.as_str().expect("term").to_string())
            .collect()
    };
    let with = terms(&["--wordnet"]);
    assert!(with.contains(&"pupil".to_string()), "{with:?}");
    assert!(with.contains(&"analyze".to_string()), "{with:?}");
    let plain = terms(&[]);
    assert!(!plain.contains(&"pupil".to_string()), "{plain:?}");
}

#[test]
fn any_short_adjective_is_earned_in_all_its_degrees() {
    // "steep" is not on the shipped list of comparable adjectives: its
    // degrees are made by rule because WordNet knows it as an adjective.
    let (_dir, file, rubric) = draft_into(
        "Why does the ball roll faster down the second ramp?",
        "The second ramp is steeper.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    let id = rubric.points[0].id.as_str();
    assert_eq!(covered(&file, "Because it is the steepest ramp."), [id]);
    assert_eq!(covered(&file, "The second ramp is steep."), [id]);
    assert!(covered(&file, "The second ramp is longer.").is_empty());
}

#[test]
fn retelling_the_question_scene_earns_no_point() {
    // The scene ("Maya rubbed a balloon on her hair") gives "rubbing"
    // away: the point asks for what the model answer adds to it.
    let (_dir, file, rubric) = draft_into(
        "Maya rubbed a balloon on her hair and held it near small pieces of paper. \
         Why did the paper jump to the balloon?",
        "Rubbing gave the balloon a static charge, which attracts the paper.",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    assert!(covered(&file, "She rubbed the balloon on her hair.").is_empty());
    assert!(covered(&file, "The balloon has a static charge.").contains(&rubric.points[0].id));
    // A model answer made only of the scene's words still drafts its point.
    let (_dir, file, rubric) = draft_into(
        "Grace covered eggshells with vinegar and small bubbles appeared. \
         Why does Grace think she made a reaction?",
        "The bubbles appeared.",
    );
    assert_eq!(rubric.points.len(), 1, "{:#?}", rubric.points);
    assert_eq!(
        covered(&file, "Because bubbles appeared."),
        [rubric.points[0].id.as_str()]
    );
}

#[test]
fn listed_options_make_one_point_that_any_option_earns() {
    // "One of the following …": each option earns the point, and the words
    // that introduce the options ask for nothing.
    let (_dir, file, rubric) = draft_into(
        "Why does the metal spoon feel colder than the wooden spoon?",
        "Metal conducts heat away from the hand faster than wood. \
         One of the following reasons should be given: \
         ● the metal has free electrons that carry energy \
         ● the wood traps pockets of air that insulate",
    );
    assert_lints_clean(std::slice::from_ref(&file));
    assert_eq!(rubric.points.len(), 2, "{:#?}", rubric.points);
    let options = &rubric.points[1];
    assert!(options.label.starts_with("One of: "), "{}", options.label);
    assert!(
        options.hint.contains("Any one of the options"),
        "{}",
        options.hint
    );
    for answer in [
        "Free electrons in the metal carry the energy.",
        "Wood has pockets of air that insulate.",
    ] {
        assert_eq!(covered(&file, answer), [options.id.as_str()], "{answer}");
    }
    assert!(covered(&file, "One of the following reasons should be given.").is_empty());
}

#[test]
fn alternatively_is_no_concept_and_opens_no_label() {
    let (_dir, _file, rubric) = draft_into(
        "Which property of spanning trees makes them useful for broadcasting?",
        "There is a single unique path between every pair of nodes. \
         Alternatively, spanning trees contain no loops.",
    );
    assert!(!rubric.concepts.contains_key("alternatively"));
    assert!(rubric
        .points
        .iter()
        .all(|p| !p.label.starts_with("Alternatively")));
}

#[test]
fn an_option_may_be_one_the_question_offers() {
    // The question names the choices; the model answer accepts some of them.
    let (_dir, file, rubric) = draft_into(
        "Which protocol would you recommend: Token Ring, ALOHA or CSMA/CD?",
        "A sensible choice out of: Token Ring, CSMA/CD.",
    );
    assert_eq!(rubric.points.len(), 1, "{:#?}", rubric.points);
    let id = rubric.points[0].id.as_str();
    assert_eq!(covered(&file, "I recommend Token Ring."), [id]);
    assert_eq!(covered(&file, "I recommend CSMA/CD."), [id]);
    assert!(covered(&file, "I recommend ALOHA.").is_empty());
}
