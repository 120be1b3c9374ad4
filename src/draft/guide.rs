//! Study guides: plain text in, its definition, key facts and review
//! questions (each with its model answer) out, and one draft rubric per
//! question plus one for the definition.
//!
//! The layout is the one of a typical revision sheet, one paragraph per line:
//!
//! ```text
//! Photosynthesis is the process by which plants …      ← the definition
//! Chlorophyll in the leaves absorbs light …             ← key facts
//! Review Questions                                      ← the section heading
//! What are the inputs of photosynthesis?                ← a question ("?", or
//! Plants take in carbon dioxide …                         "Explain …", "Q1." …)
//! Explain why leaves are green.                         ← the next question
//! …
//! ```
//!
//! Short lines without a full stop are headings and are skipped, as are
//! chatty asides that start in lower case. Key facts are kept in the
//! [`Guide`] but not drafted: they answer no question.

use super::words::is_command_word;
use super::{draft_rubric, question_id, DraftError, DraftOptions};
use crate::rubric::Rubric;
use crate::text::analyse;

/// A study guide, as read from its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// What the guide is about ("Photosynthesis").
    pub topic: String,
    /// The question the definition answers ("What is photosynthesis?").
    pub definition_question: String,
    /// The opening definition paragraph.
    pub definition: String,
    /// The key facts after it.
    pub key_facts: Vec<String>,
    /// The review questions, in order.
    pub questions: Vec<ReviewQuestion>,
}

/// A review question and its model answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewQuestion {
    /// 1-based line of the question in the guide.
    pub line: usize,
    /// The question.
    pub question: String,
    /// Its model answer (the lines after it, joined).
    pub answer: String,
}

/// Verbs that join a defined term to its definition.
const COPULAS: &[&str] = &["is", "was", "are", "were", "refers", "means", "describes"];

/// Most words a line may have to count as a heading.
const HEADING_WORDS: usize = 6;

/// Reads a study guide; `fallback_topic` names it when the definition does not.
pub fn parse_guide(text: &str, fallback_topic: &str) -> Result<Guide, DraftError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let heading = lines
        .iter()
        .position(|(_, l)| is_review_heading(l))
        .ok_or(DraftError::NoReviewQuestions)?;
    let mut before = lines[..heading]
        .iter()
        .map(|(_, l)| strip_marker(l))
        .filter(|l| !is_heading(l) && !is_aside(l));
    let definition = before.next().ok_or(DraftError::NoDefinition)?.to_string();
    let key_facts = before.map(str::to_string).collect();
    let questions = review_questions(&lines[heading + 1..])?;
    if questions.is_empty() {
        return Err(DraftError::NoQuestions {
            line: lines[heading].0,
        });
    }
    let (topic, definition_question) = definition_subject(&definition, fallback_topic);
    Ok(Guide {
        topic,
        definition_question,
        definition,
        key_facts,
        questions,
    })
}

/// Drafts one rubric for the definition (id `definition`) and one per review question.
pub fn draft_guide(guide: &Guide, options: &DraftOptions) -> Result<Vec<Rubric>, DraftError> {
    let topic_words: Vec<String> = analyse(&guide.topic)
        .tokens
        .into_iter()
        .map(|t| t.norm.to_string())
        .collect();
    let with = |id: String| DraftOptions {
        id: Some(id),
        topic: Some(guide.topic.clone()),
        ..options.clone()
    };
    let mut rubrics = vec![draft_rubric(
        &guide.definition_question,
        &guide.definition,
        &with("definition".to_string()),
    )?];
    for question in &guide.questions {
        let base = question_id(&question.question, &topic_words);
        let mut id = base.clone();
        let mut n = 2;
        while rubrics.iter().any(|r| r.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let rubric =
            draft_rubric(&question.question, &question.answer, &with(id)).map_err(|e| {
                DraftError::Question {
                    line: question.line,
                    source: Box::new(e),
                }
            })?;
        rubrics.push(rubric);
    }
    Ok(rubrics)
}

/// Whether a line is the "Review Questions" heading (any case, with or without decoration).
fn is_review_heading(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    matches!(
        words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["review", "questions" | "question"] | ["practice", "questions"]
    )
}

/// Whether a line is a heading: short, and not a sentence.
fn is_heading(line: &str) -> bool {
    line.split_whitespace().count() <= HEADING_WORDS
        && !line.ends_with(['.', '?', '!'])
        && !line.contains(". ")
}

/// Whether a line is a chatty aside rather than content ("congrats on reading …").
fn is_aside(line: &str) -> bool {
    line.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Strips a list or question marker: "- ", "1. ", "Q1: ", "A: ", "Answer: ".
fn strip_marker(line: &str) -> &str {
    let line = line.trim_start_matches(['-', '*', '\u{2022}', '#', '>', ' ']);
    let (head, rest) = match line.split_once([':', '.', ')']) {
        Some(split) => split,
        None => return line,
    };
    let head_lower = head.trim().to_lowercase();
    let numbered = !head_lower.is_empty()
        && head_lower
            .trim_start_matches(['q', 'a'])
            .trim_start_matches("uestion")
            .trim_start_matches("nswer")
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit());
    let marker = numbered && head_lower.len() <= 12 && rest.starts_with(' ');
    if marker {
        rest.trim_start()
    } else {
        line
    }
}

/// Whether a line is marked as an answer ("A: …", "Answer: …").
fn is_answer_marked(line: &str) -> bool {
    let lower = line.trim_start().to_lowercase();
    lower.starts_with("a:") || lower.starts_with("answer:") || lower.starts_with("a.")
}

/// Whether a line (marker stripped) is a review question.
fn is_question(raw: &str, line: &str) -> bool {
    if is_answer_marked(raw) {
        return false;
    }
    let lower = raw.trim_start().to_lowercase();
    let q_marked = lower.starts_with('q')
        && lower[1..]
            .trim_start_matches("uestion")
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
    let first = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let one_sentence = analyse(line).sentences.len() <= 1;
    q_marked || line.ends_with('?') || (is_command_word(&first) && one_sentence)
}

/// The questions of the review section, each with the lines after it as its answer.
fn review_questions(lines: &[(usize, &str)]) -> Result<Vec<ReviewQuestion>, DraftError> {
    let mut questions: Vec<ReviewQuestion> = Vec::new();
    for &(number, raw) in lines {
        let line = strip_marker(raw);
        if line.is_empty() || (is_heading(line) && !line.ends_with('?')) {
            continue;
        }
        if is_question(raw, line) {
            if let Some(previous) = questions.last() {
                if previous.answer.is_empty() {
                    return Err(unanswered(previous));
                }
            }
            questions.push(ReviewQuestion {
                line: number,
                question: line.to_string(),
                answer: String::new(),
            });
        } else if let Some(current) = questions.last_mut() {
            if !current.answer.is_empty() {
                current.answer.push('\n');
            }
            current.answer.push_str(line);
        }
    }
    if let Some(last) = questions.last() {
        if last.answer.is_empty() {
            return Err(unanswered(last));
        }
    }
    Ok(questions)
}

fn unanswered(question: &ReviewQuestion) -> DraftError {
    DraftError::QuestionWithoutAnswer {
        line: question.line,
        question: question.question.clone(),
    }
}

/// The defined term and its question: "Stakhanovism was a movement …" →
/// ("Stakhanovism", "What was Stakhanovism?").
fn definition_subject(definition: &str, fallback_topic: &str) -> (String, String) {
    let first_sentence = definition
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(definition);
    let words: Vec<&str> = first_sentence.split_whitespace().collect();
    let copula = words
        .iter()
        .position(|w| COPULAS.contains(&w.to_lowercase().as_str()));
    if let Some(at) = copula.filter(|&at| (1..=HEADING_WORDS).contains(&at)) {
        let mut subject: Vec<&str> = words[..at].to_vec();
        let article = ["the", "a", "an"].contains(&subject[0].to_lowercase().as_str());
        let topic = if article && subject.len() > 1 {
            subject[1..].join(" ")
        } else {
            subject.join(" ")
        };
        let common_noun =
            subject.len() == 1 && crate::text::is_dictionary_word(&subject[0].to_lowercase());
        if common_noun {
            return (
                topic,
                format!("What {} {}?", verb(words[at]), subject[0].to_lowercase()),
            );
        }
        if article {
            subject[0] = match subject[0].to_lowercase().as_str() {
                "the" => "the",
                "an" => "an",
                _ => "a",
            };
        }
        return (
            topic,
            format!("What {} {}?", verb(words[at]), subject.join(" ")),
        );
    }
    let topic = fallback_topic.to_string();
    let question = format!("What is {topic}?");
    (topic, question)
}

/// The verb of a "What … ?" question, in the definition's tense.
fn verb(copula: &str) -> &'static str {
    match copula.to_lowercase().as_str() {
        "was" => "was",
        "were" => "were",
        "are" => "are",
        _ => "is",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "Photosynthesis is the process by which plants make glucose from light.
congrats on reading the definition. now let's learn it.
Key Facts
- Chlorophyll absorbs mostly red and blue light.
- Oxygen is released as a by-product.
Review Questions
Q1. What are the inputs of photosynthesis?
A: Plants take in carbon dioxide and water.
Explain why leaves look green.
Chlorophyll reflects green light.
It absorbs the other colours.
";

    #[test]
    fn a_guide_has_a_definition_facts_and_questions() {
        let guide = parse_guide(GUIDE, "fallback").expect("parses");
        assert_eq!(guide.topic, "Photosynthesis");
        assert_eq!(guide.definition_question, "What is photosynthesis?");
        assert!(guide.definition.starts_with("Photosynthesis is"));
        assert_eq!(
            guide.key_facts,
            [
                "Chlorophyll absorbs mostly red and blue light.",
                "Oxygen is released as a by-product."
            ]
        );
        assert_eq!(guide.questions.len(), 2);
        assert_eq!(guide.questions[0].line, 7);
        assert_eq!(
            guide.questions[0].question,
            "What are the inputs of photosynthesis?"
        );
        assert_eq!(
            guide.questions[0].answer,
            "Plants take in carbon dioxide and water."
        );
        assert_eq!(
            guide.questions[1].question,
            "Explain why leaves look green."
        );
        assert_eq!(
            guide.questions[1].answer,
            "Chlorophyll reflects green light.\nIt absorbs the other colours."
        );
    }

    #[test]
    fn guides_without_review_questions_are_errors() {
        let text = "Photosynthesis is a process.\nPlants make sugar.\n";
        assert_eq!(parse_guide(text, "x"), Err(DraftError::NoReviewQuestions));
        let text = "Photosynthesis is a process.\nReview Questions\n";
        assert_eq!(
            parse_guide(text, "x"),
            Err(DraftError::NoQuestions { line: 2 })
        );
        let text = "Review Questions\nWhy?\nBecause.\n";
        assert_eq!(parse_guide(text, "x"), Err(DraftError::NoDefinition));
        let text =
            "X is y.\nReview Questions\nWhy is the sky blue?\nWhat is light?\nLight is a wave.\n";
        assert_eq!(
            parse_guide(text, "x"),
            Err(DraftError::QuestionWithoutAnswer {
                line: 3,
                question: "Why is the sky blue?".into()
            })
        );
    }

    #[test]
    fn the_definition_names_the_topic() {
        let subject = |d: &str| definition_subject(d, "fallback");
        assert_eq!(
            subject("The French Revolution was a period of upheaval."),
            (
                "French Revolution".into(),
                "What was the French Revolution?".into()
            )
        );
        assert_eq!(
            subject("Stakhanovism was a movement initiated in the Soviet Union."),
            ("Stakhanovism".into(), "What was Stakhanovism?".into())
        );
        assert_eq!(
            subject("In short, a long sentence with no verb we know of at all here."),
            ("fallback".into(), "What is fallback?".into())
        );
    }

    #[test]
    fn every_question_becomes_a_rubric() {
        let guide = parse_guide(GUIDE, "x").expect("parses");
        let rubrics = draft_guide(&guide, &DraftOptions::default()).expect("drafts");
        let ids: Vec<&str> = rubrics.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["definition", "inputs", "leaves-look-green"]);
        assert!(rubrics.iter().all(|r| r.topic == "Photosynthesis"));
    }
}
