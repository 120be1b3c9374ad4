//! Property tests (proptest) that fuzz answers, rubric JSON and batch
//! inputs: no panic, exit codes only 0, 1 or 2, every evidence span inside
//! the answer on char boundaries, and matching work growing in proportion
//! to the answer's length (counted, not timed: see `matching::work_done`).
//!
//! The default run is short enough for CI. `MARKPOINT_FUZZ_CASES=N` runs N
//! cases per target instead (PROPTEST_CASES is honoured too, when set).

use super::{markpoint, FIXTURE};
use markpoint::lint::lint_sources;
use markpoint::matching::{compile, work_done, CompiledRubric, Decision};
use markpoint::rubric::{builtin_sources, load_builtin, parse, Source};
use markpoint::score::{grade, Report};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Cases per target: a CI-sized default, more when asked.
fn config(default: u32) -> Config {
    let cases = std::env::var("MARKPOINT_FUZZ_CASES")
        .or_else(|_| std::env::var("PROPTEST_CASES"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Words and marks that exercise the matching rules: concepts of the
/// built-in rubrics, negation cues, attributions, contrasts, clause words,
/// sentence and list breaks, contractions, escapes and odd characters.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "Stakhanov", "Stakhanovism", "workers", "worker", "output", "production", "quota",
    "quotas", "exceeded", "rose", "raised", "Five-Year", "Plans", "Stalin", "propaganda",
    "rewarded", "hero", "coal", "miner", "1935", "productivity", "competition", "pressure",
    "resentment", "norms", "not", "no", "never", "without", "did", "didn't", "failed to",
    "rather than", "banned", "ended", "abolished", "people", "some", "say", "claim",
    "historians", "argue", "think", "but", "however", "wrong", "myth", "and", "which",
    "because", "whether or not", "it", "the", "a", "of", "to", "was", "were", ".", ",", ";",
    ":", "!", "?", "\n", "\n\n", "- ", "1. ", "•", "(", ")", "\"", "'", "—", "n't", "e.g.",
    "\u{1b}[2J", "\u{7}", "\t", "\r\n", "\u{202e}", "é", "ﬁ", "\u{301}", "日本", "🙂", "=",
    "+", "~", "*",
];

/// Answers: sequences of pieces joined by spaces or not, or any text at all.
fn answers() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(PIECES).prop_map(str::to_string);
    let glued = prop::collection::vec((piece, any::<bool>()), 0..120).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, space)| if space { format!("{p} ") } else { p })
            .collect::<String>()
    });
    prop_oneof![3 => glued, 1 => any::<String>(), 1 => "[a-z .,!?\n]{0,300}"]
}

/// The built-in rubrics, compiled once.
fn compiled_builtins() -> &'static [CompiledRubric] {
    static COMPILED: OnceLock<Vec<CompiledRubric>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        load_builtin()
            .expect("built-in rubrics load")
            .iter()
            .map(|r| compile(r).expect("built-in rubrics compile"))
            .collect()
    })
}

/// Every span a report quotes lies inside the answer, on char boundaries,
/// and quotes what it says it quotes.
fn assert_spans_inside(report: &Report, answer: &str) -> Result<(), TestCaseError> {
    let mut spans = Vec::new();
    for point in &report.points {
        spans.extend(point.evidence.iter().map(|q| (q.span, Some(&q.text))));
        spans.extend(
            point
                .denied_sentence
                .iter()
                .map(|q| (q.span, Some(&q.text))),
        );
        let (found, cue) = match &point.decision {
            Decision::Covered {
                found, evidence, ..
            } => (found, Some(*evidence)),
            Decision::Denied {
                found, cue_span, ..
            } => (found, Some(*cue_span)),
            Decision::Missing { found, .. } => (found, None),
        };
        spans.extend(found.iter().map(|f| (f.span, Some(&f.text))));
        spans.extend(cue.map(|span| (span, None)));
    }
    for m in &report.misconceptions {
        spans.push((m.evidence.span, Some(&m.evidence.text)));
    }
    for ((start, end), text) in spans {
        prop_assert!(start <= end && end <= answer.len(), "span {start}..{end}");
        prop_assert!(answer.is_char_boundary(start) && answer.is_char_boundary(end));
        if let Some(text) = text {
            prop_assert_eq!(&answer[start..end], text.as_str());
        }
    }
    Ok(())
}

/// Matching work for grading `answer` with every rubric.
fn work(rubrics: &[CompiledRubric], answer: &str) -> u64 {
    let before = work_done();
    for rubric in rubrics {
        grade(rubric, answer);
    }
    work_done() - before
}

/// `unit` repeated, joined by spaces, to at least `bytes` bytes.
fn repeated(unit: &str, bytes: usize) -> String {
    let times = bytes / (unit.len() + 1) + 1;
    vec![unit; times].join(" ")
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_answer_is_graded_with_spans_inside_it(answer in answers()) {
        for rubric in compiled_builtins() {
            let report = grade(rubric, &answer);
            assert_spans_inside(&report, &answer)?;
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn matching_work_grows_in_proportion_to_the_answer(unit in answers()) {
        prop_assume!(unit.split_whitespace().count() >= 2);
        let rubrics = compiled_builtins();
        // Past a few sentences' worth, four times the answer is at most
        // about four times the work: twice that, and a constant, allow for
        // how sentence breaks fall; work growing with the square of the
        // length would be sixteen times.
        let small = work(rubrics, &repeated(&unit, 4 * 1024));
        let large = work(rubrics, &repeated(&unit, 16 * 1024));
        prop_assert!(large <= 8 * small + 20_000, "work {small} for 4 KiB, {large} for 16 KiB");
    }
}

/// A JSON value changed in one place, chosen by `path` (indices into the
/// objects and arrays on the way down) and `kind`.
fn mutate(value: &mut serde_json::Value, path: &[usize], kind: usize, text: &str, number: f64) {
    use serde_json::Value;
    let child = match value {
        Value::Object(map) if !map.is_empty() && !path.is_empty() => {
            let key = map.keys().nth(path[0] % map.len()).cloned();
            key.and_then(|k| map.get_mut(&k))
        }
        Value::Array(items) if !items.is_empty() && !path.is_empty() => {
            let at = path[0] % items.len();
            items.get_mut(at)
        }
        _ => None,
    };
    if let Some(child) = child {
        if path.len() > 1 && kind % 7 != 6 {
            return mutate(child, &path[1..], kind, text, number);
        }
    }
    *value = match (kind % 7, &*value) {
        (0, _) => Value::String(text.to_string()),
        (1, _) => serde_json::json!(number),
        (2, Value::Array(items)) => {
            let mut items = items.clone();
            items.extend(items.clone());
            Value::Array(items)
        }
        (3, Value::Object(map)) => {
            let mut map = map.clone();
            let first = map.keys().next().cloned();
            if let Some(first) = first {
                map.remove(&first);
            }
            Value::Object(map)
        }
        (4, Value::String(s)) => Value::String(format!("{s}{text}")),
        (5, _) => Value::Array(vec![Value::String(text.to_string())]),
        (_, Value::String(s)) => Value::String(s.repeat(3)),
        (_, other) => Value::Array(vec![other.clone(), Value::Null]),
    };
}

/// Text to put into rubrics: rubric syntax, regex syntax and odd characters.
fn rubric_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z +~=*|()\\[\\]?.\\\\^$]{0,40}",
        any::<String>(),
        Just(String::new()),
        Just("a ~ b + c".to_string()),
        Just("(?i)(a+)+$".to_string()),
        Just("=".to_string()),
        Just("\u{1b}[2J".to_string()),
    ]
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn mutated_rubrics_are_loaded_or_refused_never_panicking(
        which in 0usize..16,
        mutations in prop::collection::vec(
            (prop::collection::vec(0usize..64, 1..6), 0usize..7, rubric_text(), -1e9f64..1e9),
            1..5,
        ),
        answer in answers(),
    ) {
        let sources = builtin_sources();
        let source = &sources[which % sources.len()];
        let mut value: serde_json::Value = serde_json::from_str(&source.text).expect("JSON");
        for (path, kind, text, number) in &mutations {
            mutate(&mut value, path, *kind, text, *number);
        }
        let mutated = Source { path: PathBuf::from("mutated.json"), text: value.to_string() };
        lint_sources(std::slice::from_ref(&mutated));
        if let Ok(rubric) = parse(&mutated) {
            if let Ok(compiled) = compile(&rubric) {
                let report = grade(&compiled, &answer);
                assert_spans_inside(&report, &answer)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// The binary, on mutated rubrics and odd answers: what batch does
    /// beyond grading (the class summary, CSV, JSON Lines) included.
    #[test]
    fn batch_with_a_mutated_rubric_ends_with_0_1_or_2(
        mutations in prop::collection::vec(
            (prop::collection::vec(0usize..64, 1..6), 0usize..7, rubric_text(), -1e9f64..1e9),
            1..4,
        ),
        answers in prop::collection::vec(answers(), 1..4),
        format in prop::sample::select(&["text", "csv", "jsonl"][..]),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = std::fs::read_to_string(FIXTURE).expect("fixture");
        let mut value: serde_json::Value = serde_json::from_str(&source).expect("JSON");
        for (path, kind, text, number) in &mutations {
            mutate(&mut value, path, *kind, text, *number);
        }
        let rubric = dir.path().join("rubric.json");
        std::fs::write(&rubric, value.to_string()).expect("write");
        let lines: Vec<String> = answers
            .iter()
            .enumerate()
            .map(|(n, a)| serde_json::json!({"id": format!("s{n}\u{1b}[2J"), "answer": a}).to_string())
            .collect();
        let output = markpoint()
            .args(["batch", "--format", format, "-q", "photosynthesis", "--rubrics"])
            .arg(&rubric)
            .arg("-")
            .write_stdin(lines.join("\n"))
            .output()
            .expect("runs");
        prop_assert!(matches!(output.status.code(), Some(0..=2)), "{:?}", output);
        if format != "jsonl" {
            prop_assert!(!output.stdout.contains(&0x1b), "raw escape in {}", format);
        }
    }
}

/// Lines of a batch input: JSON records, broken JSON, CSV, bytes.
fn batch_input() -> impl Strategy<Value = Vec<u8>> {
    let record = (answers(), answers()).prop_map(|(id, answer)| {
        serde_json::json!({"id": id, "answer": answer, "question": "definition"}).to_string()
    });
    let line = prop_oneof![
        4 => record,
        1 => "\\{[\"a-z:, ]{0,30}",
        1 => any::<String>(),
    ];
    prop_oneof![
        3 => prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn batch_inputs_of_any_shape_end_with_0_1_or_2(
        input in batch_input(),
        csv in any::<bool>(),
        format in prop::sample::select(&["text", "csv", "jsonl"][..]),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(if csv { "answers.csv" } else { "answers.jsonl" });
        let input = if csv {
            let mut text = b"id,answer\n".to_vec();
            text.extend(input);
            text
        } else {
            input
        };
        std::fs::write(&path, &input).expect("write");
        let output = markpoint()
            .args(["batch", "--format", format, "-q", "definition"])
            .arg(&path)
            .output()
            .expect("runs");
        prop_assert!(matches!(output.status.code(), Some(0..=2)), "{:?}", output);
        prop_assert!(!output.stderr.contains(&0x1b), "raw escape on stderr");
        if format != "jsonl" {
            prop_assert!(!output.stdout.contains(&0x1b), "raw escape in {}", format);
        }
    }

    #[test]
    fn check_ends_with_0_1_or_2_and_never_echoes_escapes(answer in answers()) {
        let output = markpoint()
            .args(["check", "--explain", "-q", "definition", "--min-score", "50"])
            .write_stdin(answer.as_str())
            .output()
            .expect("runs");
        prop_assert!(matches!(output.status.code(), Some(0..=2)), "{:?}", output);
        prop_assert!(!output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b));
    }
}

/// A rubric as its JSON file would hold it, and lint's errors about it
/// (warnings left out).
fn written_and_linted(rubric: &markpoint::rubric::Rubric) -> (Source, Vec<String>) {
    let source = Source {
        path: PathBuf::from(format!("{}.json", rubric.id)),
        text: markpoint::draft::to_json(rubric),
    };
    let errors = lint_sources(std::slice::from_ref(&source))
        .into_iter()
        .filter(|d| !d.warning)
        .map(|d| d.to_string())
        .collect();
    (source, errors)
}

/// Model answers: answers as above, and lists of things joined by commas,
/// "and" and "or", which drafting splits into points.
fn model_answers() -> impl Strategy<Value = String> {
    let thing = proptest::sample::select(
        &[
            "abstraction",
            "the cell wall",
            "carbon dioxide",
            "solid",
            "kinetic energy",
            "invasions by tribes",
            "1",
            "rises",
            "cooled",
            "heating",
            "the",
            "of",
            "not",
        ][..],
    );
    let joiner =
        proptest::sample::select(&[", ", " and ", ", and ", " or ", "; ", " & ", " ("][..]);
    let list = prop::collection::vec((thing, joiner), 1..8).prop_map(|parts| {
        let mut text: String = parts.iter().map(|(t, j)| format!("{t}{j}")).collect();
        text.push('.');
        text
    });
    prop_oneof![2 => answers(), 1 => list]
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_model_answer_drafts_a_rubric_that_lints_clean_or_is_refused(
        model in model_answers(),
        question in proptest::sample::select(&[
            "What is needed?", "Why did the Roman Empire fall?", "Name three things.", "",
        ][..]),
    ) {
        let options = markpoint::draft::DraftOptions::default();
        if let Ok(rubric) = markpoint::draft::draft_rubric(question, &model, &options) {
            let (source, errors) = written_and_linted(&rubric);
            prop_assert!(errors.is_empty(), "{model:?}: {errors:?}");
            let compiled = compile(&parse(&source).expect("a draft parses")).expect("and compiles");
            assert_spans_inside(&grade(&compiled, &model), &model)?;
        }
    }
}

/// Study guides: a definition (mostly), then lines of answers, questions and headings.
fn guides() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => model_answers(),
        1 => proptest::sample::select(&[
            "Review Questions", "What is needed?", "Explain why it rises.", "Q1. Name two things.",
            "Photosynthesis is the process by which plants make food.", "", "Key facts",
        ][..]).prop_map(str::to_string),
    ];
    let opening = prop_oneof![
        3 => Just("Osmosis is the movement of water across a membrane.".to_string()),
        1 => model_answers(),
    ];
    (opening, prop::collection::vec(line, 0..12))
        .prop_map(|(opening, lines)| format!("{opening}\nReview Questions\n{}", lines.join("\n")))
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn any_study_guide_drafts_rubrics_that_lint_clean_or_is_refused(guide in guides()) {
        let options = markpoint::draft::DraftOptions::default();
        let drafted = markpoint::draft::parse_guide(&guide, "Topic")
            .and_then(|parsed| markpoint::draft::draft_guide(&parsed, &options));
        // Each rubric is written to a file of its own (`--out-dir`).
        for rubric in drafted.unwrap_or_default() {
            let (_, errors) = written_and_linted(&rubric);
            prop_assert!(errors.is_empty(), "{guide:?}: {errors:?}");
        }
    }
}

/// Marked answers: any answers, each with a holistic mark (any number, or
/// none) or ticks (the rubric's point ids, or one it does not have).
fn marked_answers() -> impl Strategy<Value = Vec<(String, Option<f64>, Option<Vec<usize>>)>> {
    let marks = prop_oneof![
        Just(None),
        (-3.0f64..12.0).prop_map(|m| Some(m.round())),
        prop_oneof![Just(0.5), Just(1e300), Just(f64::NAN), Just(f64::INFINITY)].prop_map(Some),
    ];
    let ticks = prop::option::of(prop::collection::vec(0usize..12, 0..4));
    prop::collection::vec((answers(), marks, ticks), 0..30)
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn learning_from_any_marked_answers_gives_a_rubric_that_lints_clean_or_an_error(
        which in 0usize..16,
        marked in marked_answers(),
        holistic in any::<bool>(),
    ) {
        let rubrics = load_builtin().expect("built-in rubrics load");
        let rubric = &rubrics[which % rubrics.len()];
        let marked: Vec<markpoint::learn::MarkedAnswer> = marked
            .into_iter()
            .enumerate()
            .map(|(n, (answer, mark, ticks))| markpoint::learn::MarkedAnswer {
                id: format!("a{n}"),
                answer,
                score: if holistic { mark } else { None },
                covered: if holistic {
                    None
                } else {
                    ticks.map(|ticks| {
                        ticks
                            .into_iter()
                            .map(|t| rubric.points.get(t).map_or("no-such-point".to_string(), |p| p.id.clone()))
                            .collect()
                    })
                },
            })
            .collect();
        let options = markpoint::learn::LearnOptions::default();
        if let Ok(learned) = markpoint::learn::learn(rubric, &marked, &options) {
            let (_, errors) = written_and_linted(&learned.rubric);
            prop_assert!(errors.is_empty(), "{errors:?}");
            prop_assert!(learned.end.0.is_finite() && learned.end.1.is_finite());
        }
    }
}
