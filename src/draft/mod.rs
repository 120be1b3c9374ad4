//! Drafting rubrics: a model answer (or a study guide) in, draft
//! [`Rubric`]s out, ready for a teacher to edit.
//!
//! A draft has one point per idea of the model answer (a sentence, clause
//! or list item, see [`ideas`]), each earned by the idea's key content
//! words ([`concepts`]): stop words and words the question already asks
//! with are left out, names and listed phrases stay together, inflections come from
//! stemming, comparatives and a small list of synonyms are added, and a
//! negated claim keeps its negation. A point needs most of its concepts
//! together (any [`DraftOptions::required_share`] of them), so a student who
//! puts the idea in other words still has a chance. Every draft is checked
//! against its own model answer: a point the model answer does not earn is
//! dropped, so `rubric lint` passes.
//!
//! [`guide`] reads study guides (a definition, key facts and review
//! questions with their model answers) into one draft per question.

pub mod concepts;
pub mod guide;
mod hints;
pub mod ideas;
pub mod lexicon;
pub mod scheme;
pub mod synonyms;
pub mod words;
mod write;

pub use guide::{draft_guide, parse_guide, Guide, ReviewQuestion};
pub use write::{to_json, to_json_array};

use crate::lint::model_answer_earns;
use crate::matching::{compile, negation::find_cues};
use crate::rubric::{Point, Rubric};
use crate::score::grade;
use crate::text::{analyse, Text};
use concepts::{question_stems, slug, Registry, Unit, NEGATION};
use std::collections::BTreeSet;
use std::path::PathBuf;
use words::is_qualifier;

/// How a draft is made.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftOptions {
    /// The question id; derived from the question when absent.
    pub id: Option<String>,
    /// The topic shown by `markpoint list`; "Draft" when absent.
    pub topic: Option<String>,
    /// The pass mark, in percent.
    pub pass_mark: f64,
    /// Fewest concepts a point should have: words the question already
    /// uses are added back (most telling first) to reach it.
    pub min_concepts: usize,
    /// Most concepts one point asks for.
    pub max_concepts: usize,
    /// Share of a point's concepts (when it has more than two) that must
    /// occur together to earn it; a negated concept is always required.
    pub required_share: f64,
    /// A point with at most this many concepts needs all of them.
    pub all_required_up_to: usize,
    /// Whether words the question already uses are left out of points.
    pub leave_out_question_words: bool,
    /// Up to how many ideas a model answer may have for the words of the
    /// question's scene (its sentences that do not ask) to give way to an
    /// idea's new words: where the idea has a word of its own, they only
    /// narrow it down, as asked words do (see
    /// [`concepts::give_way_to_new_words`]); 0 never.
    pub scene_words_give_way: usize,
    /// Whether the shipped synonym list is used.
    pub synonyms: bool,
    /// Whether compound nouns ("amino acids") make one concept; off by
    /// default, as it lowered drafted agreement on the training data.
    pub compounds: bool,
    /// Whether concepts get WordNet's synonyms of their most common sense
    /// where the shipped list has none; off by default, as it left drafted
    /// agreement on the training data about where it was.
    pub wordnet: bool,
    /// Fewest words a point must otherwise ask for before a rare word that
    /// only its idea uses ("anticodon") carries it alone (see [`is_anchor`]);
    /// `usize::MAX` never lets one.
    pub anchors_from: usize,
    /// Whether a qualifier and the word it qualifies ("how much vinegar")
    /// earn a point together (see [`alternatives`]).
    pub qualified_pairs: bool,
}

impl Default for DraftOptions {
    fn default() -> Self {
        DraftOptions {
            id: None,
            topic: None,
            pass_mark: 50.0,
            min_concepts: 2,
            max_concepts: 5,
            required_share: 0.6,
            all_required_up_to: 2,
            leave_out_question_words: true,
            scene_words_give_way: 2,
            synonyms: true,
            compounds: false,
            wordnet: false,
            anchors_from: 2,
            qualified_pairs: true,
        }
    }
}

/// Why a draft could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DraftError {
    /// The model answer has no words.
    #[error("the model answer is empty")]
    EmptyAnswer,
    /// The question has no words.
    #[error("the question is empty")]
    EmptyQuestion,
    /// No idea of the model answer could be made into a point.
    #[error(
        "no mark point could be drafted: the model answer has no word specific to its idea (only function words, general words such as \"takes\", \"place\" or \"thing\", and the question's own words)"
    )]
    NoPoints,
    /// A study guide has no "Review Questions" section.
    #[error("no \"Review Questions\" section: a study guide needs a line \"Review Questions\" followed by each question and its model answer")]
    NoReviewQuestions,
    /// A study guide's "Review Questions" section has no question in it.
    #[error("line {line}: the \"Review Questions\" section has no questions")]
    NoQuestions {
        /// The line of the section heading.
        line: usize,
    },
    /// A review question is not followed by its model answer.
    #[error(
        "line {line}: the review question {question:?} has no model answer on the lines after it"
    )]
    QuestionWithoutAnswer {
        /// 1-based line of the question.
        line: usize,
        /// The question.
        question: String,
    },
    /// A study guide has no opening definition.
    #[error("no opening definition: the first line of a study guide should define its topic")]
    NoDefinition,
    /// A review question could not be drafted.
    #[error("line {line}: {source}")]
    Question {
        /// 1-based line of the question.
        line: usize,
        /// What went wrong.
        source: Box<DraftError>,
    },
}

/// Drafts a rubric for `question` from its model answer.
pub fn draft_rubric(
    question: &str,
    model_answer: &str,
    options: &DraftOptions,
) -> Result<Rubric, DraftError> {
    let question_text = analyse(question);
    if question_text.tokens.is_empty() {
        return Err(DraftError::EmptyQuestion);
    }
    let text = analyse(model_answer);
    if text.tokens.is_empty() {
        return Err(DraftError::EmptyAnswer);
    }
    let question_words = if options.leave_out_question_words {
        question_stems(question)
    } else {
        BTreeSet::new()
    };
    let mut registry = Registry::default();
    let mut points = draft_points(
        &text,
        question,
        &question_words,
        options,
        &mut registry,
        false,
    );
    if points.is_empty() {
        // The answer only repeats or picks the question's words ("push").
        registry = Registry::default();
        points = draft_points(
            &text,
            question,
            &question_words,
            options,
            &mut registry,
            true,
        );
    }
    let mut rubric = Rubric {
        schema: None,
        id: options
            .id
            .clone()
            .unwrap_or_else(|| question_id(question, &[])),
        topic: options.topic.clone().unwrap_or_else(|| "Draft".to_string()),
        question: question.trim().to_string(),
        model_answer: model_answer.trim().to_string(),
        pass_mark: options.pass_mark,
        max_marks: None,
        bands: Vec::new(),
        concepts: registry.concepts.clone(),
        subject: Vec::new(),
        other_topics: Vec::new(),
        core_subject: Vec::new(),
        points,
        examples: Vec::new(),
        path: PathBuf::new(),
    };
    // Points need sentences: a point drafted from a note ("mRNA exits
    // nucleus via nuclear pore") is kept when the answer is a list of key
    // elements, one a line, or when nothing else could be drafted; in a
    // paragraph, the model answer's sentences must earn them as written.
    let by_lines = ideas::by_lines(&text);
    let unchanged = (rubric.clone(), registry.clone());
    let mut rubric = match keep_earned_points(&mut rubric, &mut registry, by_lines) {
        Err(DraftError::NoPoints) if !by_lines => {
            let (mut rubric, mut registry) = unchanged;
            keep_earned_points(&mut rubric, &mut registry, true)?;
            rubric
        }
        Err(e) => return Err(e),
        Ok(()) => rubric,
    };
    // "State at least 4 of the differences": full marks for that many of
    // the points the model answer lists.
    if let Some(count) = scheme::asked_count(&question_text).filter(|&n| n < rubric.points.len()) {
        rubric.max_marks = Some(count as f64);
    }
    Ok(rubric)
}

/// One point per idea of the answer; with `fallback`, the question's own
/// words may carry a point (see [`choose`]).
fn draft_points(
    text: &Text,
    question: &str,
    question_words: &BTreeSet<String>,
    options: &DraftOptions,
    registry: &mut Registry,
    fallback: bool,
) -> Vec<Point> {
    let cues = find_cues(text);
    let mut consumed = BTreeSet::new();
    let mut points: Vec<Point> = Vec::new();
    let lead = hints::lead(question);
    let ideas = ideas::split(text);
    let give_way = ideas.len() <= options.scene_words_give_way;
    let scene: BTreeSet<String> = if give_way && !question_words.is_empty() {
        concepts::all_question_stems(question)
            .difference(question_words)
            .cloned()
            .collect()
    } else {
        BTreeSet::new()
    };
    let idea_stems: Vec<BTreeSet<String>> = ideas
        .iter()
        .map(|idea| {
            idea.tokens
                .iter()
                .map(|&i| concepts::plain_stem_of(&text.tokens[i]))
                .collect()
        })
        .collect();
    // Which point each list of options went to, and each point's options.
    let mut lists: Vec<(usize, usize)> = Vec::new();
    let mut options_of: Vec<Vec<String>> = Vec::new();
    for idea in ideas {
        if is_examiner_note(text, &idea) {
            continue;
        }
        let named = named_terms(text, &idea);
        // "size/type of container" is two ways to say the idea: each
        // variant makes its alternatives, and the point takes them all.
        let mut variants = slash_variants(text, &idea.tokens).into_iter();
        let Some(first) = variants.next() else {
            continue;
        };
        let mut chosen_for = |tokens: &[usize]| -> Vec<Chosen> {
            let mut units = concepts::units(
                text,
                tokens,
                &cues,
                &mut consumed,
                question_words,
                options.compounds,
            );
            if give_way {
                concepts::give_way_to_new_words(&mut units, &scene);
            }
            if let Some(cue) = example_cue(text, tokens) {
                concepts::examples_give_way(&mut units, cue);
            }
            let mut chosen: Vec<Chosen> = Vec::new();
            // An option may be one of the question's own ("Token Ring").
            let fallback = fallback || idea.options.is_some();
            for unit in choose(units, options.min_concepts, options.max_concepts, fallback) {
                let Some(name) = registry.concept_for(&unit, options.synonyms, options.wordnet)
                else {
                    continue;
                };
                if unit.plain_negation && !chosen.iter().any(|c| c.name == NEGATION) {
                    chosen.push(Chosen {
                        name: registry.negation(),
                        required: true,
                        core: false,
                        anchor: false,
                        shown: String::new(),
                        words: 1,
                        at: None,
                    });
                }
                if !chosen.iter().any(|c| c.name == name) {
                    let shown = unit.negated.clone().unwrap_or(unit.words.clone());
                    chosen.push(Chosen {
                        name,
                        required: unit.is_required(),
                        core: unit.is_core() || (fallback && !unit.generic),
                        anchor: is_anchor(&unit, &idea_stems, &named),
                        shown,
                        words: if unit.compound { unit.stems.len() } else { 1 },
                        at: Some(unit.tokens),
                    });
                }
            }
            chosen
        };
        let chosen = chosen_for(&first);
        if !chosen.iter().any(|c| c.core) {
            continue;
        }
        // A model answer that says the same thing twice makes one point.
        let mut concept_set: Vec<&str> = chosen.iter().map(|c| c.name.as_str()).collect();
        concept_set.sort_unstable();
        if points.iter().any(|p| same_concepts(p, &concept_set)) {
            continue;
        }
        let written = idea_text(text, &idea);
        let label = label(&written);
        let names: Vec<&str> = chosen
            .iter()
            .filter(|c| c.core)
            .map(|c| c.name.as_str())
            .collect();
        let base = slug(&names.join(" "), 3);
        let mut id = base.clone();
        let mut n = 2;
        while points.iter().any(|p| p.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let answer = hints::answer_part(text, &idea, question_words);
        let said = statement(&written);
        // A relative clause's label opens with the words it refers to.
        let antecedent = idea
            .antecedent
            .and_then(|span| (0..text.tokens.len()).find(|&i| text.tokens[i].span.0 == span.0));
        // (A whole word of it: "A" in "Object A" does not open "Austria …".)
        let opens_with_name = idea.tokens.iter().copied().chain(antecedent).any(|i| {
            said.strip_prefix(text.slice(text.tokens[i].span))
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
                && concepts::is_name(text, i)
        });
        let hint = hints::hint(lead.as_deref(), &said, answer.as_deref(), opens_with_name);
        let alternatives_of =
            |chosen: &[Chosen]| alternatives(chosen, &qualified_pairs(text, chosen), options);
        let mut matches = alternatives_of(&chosen);
        for variant in variants {
            let other = chosen_for(&variant);
            if other.iter().any(|c| c.core) {
                for alternative in alternatives_of(&other) {
                    if !matches.contains(&alternative) {
                        matches.push(alternative);
                    }
                }
            }
        }
        if matches.is_empty() {
            continue;
        }
        // An option of a list already drafted adds its alternatives to that point.
        if let Some(&(_, at)) = idea
            .options
            .and_then(|list| lists.iter().find(|(l, _)| *l == list))
        {
            let point: &mut Point = &mut points[at];
            for alternative in matches {
                if !point.matches.contains(&alternative) {
                    point.matches.push(alternative);
                }
            }
            options_of[at].push(label);
            continue;
        }
        if let Some(point) = new_point(&id, &label, &hint, &matches) {
            if let Some(list) = idea.options {
                lists.push((list, points.len()));
            }
            options_of.push(vec![label]);
            points.push(point);
        }
    }
    for (point, options) in points.iter_mut().zip(options_of) {
        if options.len() > 1 {
            point.label = self::label(&format!("One of: {}", options.join("; ")));
            point.hint = format!("{} {OPTIONS_HINT}", point.hint);
        }
    }
    points
}

/// What a point's hint adds when the model answer lists options for it.
const OPTIONS_HINT: &str = "(Any one of the options the model answer lists earns this point.)";

/// Most words joined by slashes that make variants of one idea.
const MAX_SLASHES: usize = 2;

/// The idea's tokens, and for each pair of words joined by a slash
/// ("size/type") the variants that keep one of them: the first variant
/// keeps every first word.
fn slash_variants(text: &Text, tokens: &[usize]) -> Vec<Vec<usize>> {
    let joined: Vec<(usize, usize)> = tokens
        .windows(2)
        .filter(|pair| {
            let (a, b) = (pair[0], pair[1]);
            b == a + 1
                && &text.original[text.tokens[a].span.1..text.tokens[b].span.0] == "/"
                && [a, b]
                    .iter()
                    .all(|&t| text.tokens[t].norm.chars().all(char::is_alphabetic))
        })
        .map(|pair| (pair[0], pair[1]))
        .take(MAX_SLASHES)
        .collect();
    let mut variants = vec![tokens.to_vec()];
    for &(a, b) in &joined {
        variants = variants
            .into_iter()
            .flat_map(|v| {
                let first: Vec<usize> = v.iter().copied().filter(|&t| t != b).collect();
                let second: Vec<usize> = v.iter().copied().filter(|&t| t != a).collect();
                [first, second]
            })
            .collect();
    }
    variants
}

/// From this many uses in SemCor, a word is an everyday one ("use", "read").
const EVERYDAY_FROM: u32 = 100;

/// Words of a mark scheme's notes to the examiner ("Other acceptable
/// responses.", "Accept any reasonable answer."): an idea made only of
/// them is an instruction, not a point.
const EXAMINER_WORDS: &[&str] = &[
    "other",
    "acceptable",
    "accept",
    "accepted",
    "response",
    "responses",
    "answer",
    "answers",
    "reasonable",
    "valid",
    "credit",
    "any",
    "also",
    "correct",
    "appropriate",
    "similar",
    "equivalent",
    "mark",
    "marks",
    "point",
    "points",
    "award",
    "allow",
];

/// Whether an idea is a note to the examiner rather than a point (see [`EXAMINER_WORDS`]).
fn is_examiner_note(text: &Text, idea: &ideas::Idea) -> bool {
    idea.tokens.iter().all(|&i| {
        let norm = text.tokens[i].norm.as_ref();
        EXAMINER_WORDS.contains(&norm)
            || (crate::text::is_stop_word(norm) && !words::is_kept_function_word(norm))
    })
}

/// Words that open an example ("e.g.", "for example", "for instance").
const EXAMPLE_CUES: &[&[&str]] = &[&["e.g"], &["eg"], &["for", "example"], &["for", "instance"]];

/// Where the first example cue among `tokens` stands, if any.
fn example_cue(text: &Text, tokens: &[usize]) -> Option<usize> {
    ideas::find_cue(text, tokens, EXAMPLE_CUES).map(|(k, _)| tokens[k])
}

/// Below this many uses in SemCor, a word is rare in general English.
const RARE_BELOW: u32 = 6;

/// Verbs that make the words before them the term an idea defines
/// ("Osmosis is …", "Passive transport occurs when …").
const DEFINING_VERBS: &[&str] = &["is", "are", "occurs", "occur", "means", "refers"];

/// Words after which an idea names an example ("as in exocytosis", "called codons").
const NAMING_CUES: &[&str] = &[
    "as in",
    "such as",
    "like",
    "called",
    "known as",
    "including",
];

/// The stems of the terms an idea defines or names as examples: naming
/// them is not yet describing them ("list and describe"), so they never
/// carry a point alone.
fn named_terms(text: &Text, idea: &ideas::Idea) -> BTreeSet<String> {
    let norms: Vec<&str> = idea
        .tokens
        .iter()
        .map(|&i| text.tokens[i].norm.as_ref())
        .collect();
    let stem_at = |k: usize| concepts::plain_stem_of(&text.tokens[idea.tokens[k]]);
    let mut named = BTreeSet::new();
    if let Some(verb) = norms
        .iter()
        .take(5)
        .position(|n| DEFINING_VERBS.contains(n))
    {
        named.extend((0..verb).map(stem_at));
    }
    for (k, _) in norms.iter().enumerate() {
        let cue_len = NAMING_CUES.iter().find_map(|cue| {
            let words: Vec<&str> = cue.split(' ').collect();
            (norms.get(k..k + words.len()) == Some(&words[..])).then_some(words.len())
        });
        if let Some(len) = cue_len {
            named.extend((k + len..(k + len + 3).min(norms.len())).map(stem_at));
        }
    }
    named
}

/// Whether a unit may carry its point alone: a core word that general
/// English hardly uses ("anticodon", "ribosome", "cytoplasm"), that only
/// one idea of the model answer mentions, and that the idea uses rather
/// than defines or names as an example. Students who use it are talking
/// about that idea; everyday words ("read", "continue") and words several
/// ideas share ("amino acids") still need their companions.
fn is_anchor(unit: &Unit, idea_stems: &[BTreeSet<String>], named: &BTreeSet<String>) -> bool {
    let uses: Vec<u32> = unit
        .words
        .split_whitespace()
        .map(lexicon::general_use)
        .collect();
    let only_this_idea = || {
        idea_stems
            .iter()
            .filter(|stems| unit.stems.iter().all(|s| stems.contains(s)))
            .count()
            == 1
    };
    unit.is_core()
        && !unit.is_required()
        && !unit.proper
        && !unit.number
        && unit.words.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && uses.iter().any(|&n| n < RARE_BELOW)
        && uses.iter().all(|&n| n < EVERYDAY_FROM)
        && !unit.stems.iter().any(|s| named.contains(s))
        && only_this_idea()
}

/// An idea as written; a relative clause ("which contain chlorophyll") is
/// given the words it refers to ("the chloroplasts contain chlorophyll").
fn idea_text(text: &Text, idea: &ideas::Idea) -> String {
    let own = text.slice(idea.span).to_string();
    match idea.antecedent {
        Some(span) => {
            let rest = own
                .split_once(char::is_whitespace)
                .map(|(_, r)| r)
                .unwrap_or("");
            format!("{} {}", text.slice(span), rest.trim_start())
        }
        None => own,
    }
}

/// Whether a point asks for exactly these (sorted) concepts.
fn same_concepts(point: &Point, concepts: &[&str]) -> bool {
    let mut used: Vec<&str> = point
        .matches
        .iter()
        .flat_map(|m| crate::rubric::alternative_concepts(m))
        .collect();
    used.sort_unstable();
    used.dedup();
    used == concepts
}

/// A point with weight 1, built through serde so that optional fields the
/// format gains later keep their defaults.
pub(crate) fn new_point(id: &str, label: &str, hint: &str, matches: &[String]) -> Option<Point> {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "label": label,
        "weight": 1.0,
        "hint": hint,
        "match": matches,
    }))
    .ok()
}

/// The units that make the point: the idea's core words (what it says
/// beyond the question, in words that are not general ones), most telling
/// first, at most `max`; when there are fewer than `min`, words of the
/// question and then qualifiers ("type", "how much") narrow them down. An
/// idea with no core word makes no point, unless `fallback` lets the
/// question's own words carry it (a model answer that only picks one of
/// the question's options: "push"). Returned in text order.
fn choose(units: Vec<Unit>, min: usize, max: usize, fallback: bool) -> Vec<Unit> {
    let mut unique: Vec<Unit> = Vec::new();
    for unit in units {
        if !unique
            .iter()
            .any(|u| u.stems == unit.stems && u.negated == unit.negated)
        {
            unique.push(unit);
        }
    }
    let is_core = |u: &Unit| u.is_core() || (fallback && !u.generic);
    if !unique.iter().any(is_core) {
        return Vec::new();
    }
    let ranked = |filter: &dyn Fn(&Unit) -> bool| -> Vec<usize> {
        let mut picked: Vec<usize> = (0..unique.len()).filter(|&n| filter(&unique[n])).collect();
        picked.sort_by_key(|&n| (std::cmp::Reverse(unique[n].priority()), n));
        picked
    };
    let mut chosen: Vec<usize> = ranked(&|u: &Unit| u.is_required());
    // General words compete for the remaining places (most telling
    // first), but never carry a point alone (see `alternatives`).
    // With one core word, they would make a student say "takes place"
    // where "happens" does as well: they join only points with two or more.
    let cores = unique.iter().filter(|u| is_core(u)).count();
    let joins = |u: &Unit| is_core(u) || (cores > 1 && !u.in_question && u.generic);
    // A compound ("amino acids") takes the place of its words.
    let words = |n: usize| {
        if unique[n].compound {
            unique[n].stems.len()
        } else {
            1
        }
    };
    let mut taken: usize = chosen.iter().map(|&n| words(n)).sum();
    for n in ranked(&|u: &Unit| joins(u) && !u.is_required()) {
        if taken + words(n) <= max.max(1) || chosen.is_empty() {
            taken += words(n);
            chosen.push(n);
        }
    }
    for n in ranked(&|u: &Unit| !is_core(u) && !u.is_required() && u.in_question && !u.generic)
        .into_iter()
        .chain(ranked(&|u: &Unit| {
            !is_core(u) && !u.is_required() && u.generic && u.is_support()
        }))
    {
        if chosen.len() < min {
            chosen.push(n);
        }
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|n| unique[n].clone()).collect()
}

/// The `match` alternatives: every smallest choice of concepts that
/// gives the required number of the point's words, negated concepts always
/// among them, and at least one core concept (one that can carry the
/// point) in each. A compound ("amino acids") gives its words only
/// together, so half of it never counts.
fn alternatives(
    chosen: &[Chosen],
    qualified: &[(usize, usize)],
    options: &DraftOptions,
) -> Vec<String> {
    let (share, all_up_to) = (options.required_share, options.all_required_up_to);
    let total: usize = chosen.iter().map(|c| c.words).sum();
    let mandatory: Vec<usize> = (0..chosen.len()).filter(|&i| chosen[i].required).collect();
    let optional: Vec<usize> = (0..chosen.len()).filter(|&i| !chosen[i].required).collect();
    let words = |members: &[usize]| members.iter().map(|&i| chosen[i].words).sum::<usize>();
    let need = if total <= all_up_to.max(2) {
        total
    } else {
        ((share * total as f64).ceil() as usize).clamp(1, total)
    }
    .max(words(&mandatory));
    let carries =
        |members: &[usize]| words(members) >= need && members.iter().any(|&i| chosen[i].core);
    let mut found: Vec<Vec<usize>> = Vec::new();
    for k in 0..=optional.len() {
        for combo in combinations(optional.len(), k) {
            let mut members: Vec<usize> = mandatory.clone();
            members.extend(combo.iter().map(|&c| optional[c]));
            members.sort_unstable();
            // Smallest: no optional concept could be left out.
            let smallest = combo.iter().all(|&c| {
                let without: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&m| m != optional[c])
                    .collect();
                !carries(&without)
            });
            if carries(&members) && smallest {
                found.push(members);
            }
        }
    }
    // A rare word of this idea alone carries it (see `is_anchor`); the
    // combinations that include it are then redundant.
    if mandatory.is_empty() && need >= options.anchors_from.max(2) {
        let anchors: Vec<usize> = (0..chosen.len()).filter(|&i| chosen[i].anchor).collect();
        found.retain(|members| !members.iter().any(|m| anchors.contains(m)));
        found.extend(anchors.into_iter().map(|i| vec![i]));
        found.sort();
    }
    // A qualifier and what it qualifies ("how much vinegar") say the idea
    // together; the larger combinations holding both are then redundant.
    if mandatory.is_empty() && options.qualified_pairs {
        for &(q, c) in qualified {
            let pair = vec![q.min(c), q.max(c)];
            if words(&pair) < need {
                found.retain(|members| !(members.contains(&q) && members.contains(&c)));
                found.push(pair);
            }
        }
        found.sort();
        found.dedup();
    }
    found
        .iter()
        .map(|members| {
            let names: Vec<&str> = members.iter().map(|&i| chosen[i].name.as_str()).collect();
            names.join(" + ")
        })
        .collect()
}

/// A concept chosen for a point.
#[derive(Debug, Clone, PartialEq)]
struct Chosen {
    /// The concept's name.
    name: String,
    /// Whether every alternative needs it (it carries a negation).
    required: bool,
    /// Whether it can carry the point (see [`Unit::is_core`]).
    core: bool,
    /// Whether it carries the point alone (see [`is_anchor`]).
    anchor: bool,
    /// The words as the model answer writes them (empty for the shared negation).
    shown: String,
    /// How many of the point's words it stands for: two for a compound.
    words: usize,
    /// Where its words stand (first and last token); None for the shared negation.
    at: Option<(usize, usize)>,
}

/// Words that may stand between a qualifier and what it qualifies ("the
/// type of vinegar").
const QUALIFIER_LINKS: &[&str] = &["of", "the", "a", "an"];

/// The pairs of chosen concepts (indices) where a qualifier ("how much",
/// "type") stands right before the concept it qualifies ("how much
/// vinegar", "the type of vinegar"), with only [`QUALIFIER_LINKS`] between.
fn qualified_pairs(text: &Text, chosen: &[Chosen]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (q, qualifier) in chosen.iter().enumerate() {
        let Some((_, end)) = qualifier.at else {
            continue;
        };
        if !is_qualifier(&qualifier.shown.to_lowercase()) {
            continue;
        }
        let next = chosen.iter().enumerate().find(|(c, other)| {
            *c != q
                && other.at.is_some_and(|(start, _)| {
                    start > end
                        && (end + 1..start)
                            .all(|t| QUALIFIER_LINKS.contains(&text.tokens[t].norm.as_ref()))
                })
        });
        if let Some((c, other)) = next {
            if !is_qualifier(&other.shown.to_lowercase()) {
                pairs.push((q, c));
            }
        }
    }
    pairs
}

/// Every way to pick `k` of `n` items, as sorted index lists.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if k > n {
        return Vec::new();
    }
    let mut out = Vec::new();
    for mut rest in combinations(n - 1, k - 1) {
        rest.push(n - 1);
        out.push(rest);
    }
    out.extend(combinations(n - 1, k));
    out.sort();
    out
}

/// Drops the points the model answer does not earn (and concepts no point
/// uses), so the draft passes `rubric lint`. With `notes`, the model
/// answer's fragments and notes count as sentences (see [`model_answer_earns`]).
fn keep_earned_points(
    rubric: &mut Rubric,
    registry: &mut Registry,
    notes: bool,
) -> Result<(), DraftError> {
    for _ in 0..3 {
        let used: BTreeSet<String> = rubric
            .points
            .iter()
            .flat_map(|p| p.matches.iter())
            .flat_map(|m| crate::rubric::alternative_concepts(m).map(str::to_string))
            .collect();
        registry.retain_used(&used);
        rubric.concepts = registry.concepts.clone();
        if rubric.points.is_empty() {
            return Err(DraftError::NoPoints);
        }
        let compiled = compile(rubric).map_err(|_| DraftError::NoPoints)?;
        let earned: Vec<bool> = if notes {
            model_answer_earns(&compiled, &rubric.model_answer)
        } else {
            grade(&compiled, &rubric.model_answer)
                .points
                .iter()
                .map(|p| p.covered)
                .collect()
        };
        if earned.iter().all(|&e| e) {
            return Ok(());
        }
        let mut earned = earned.into_iter();
        rubric.points.retain(|_| earned.next().unwrap_or(false));
    }
    Err(DraftError::NoPoints)
}

/// Words that open a clause but not an idea, dropped from the front of labels.
const LEADING: &[&str] = &[
    "and",
    "but",
    "which",
    "that",
    "so",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "as",
    "where",
    "when",
    "who",
    "thereby",
    "thus",
    "however",
    "also",
    "then",
    "or",
    "alternatively",
];

/// Longest label, in characters, before it is shortened.
const MAX_LABEL_CHARS: usize = 100;

/// A point's label: the idea as written, without a leading connective,
/// capitalised, shortened at a word boundary when long.
pub fn label(idea: &str) -> String {
    shortened(&statement(idea))
}

/// An idea as a statement: without a leading connective, its brackets
/// closed, capitalised.
fn statement(idea: &str) -> String {
    let mut rest = idea.trim();
    loop {
        let first = rest.split_whitespace().next().unwrap_or("");
        let bare = first
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if LEADING.contains(&bare.as_str()) && rest.len() > first.len() {
            rest = rest[first.len()..].trim_start();
        } else {
            break;
        }
    }
    let rest = rest.trim_end_matches(['.', ',', ';', ':', '!']).trim();
    let mut label: String = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    // "codons (by rRNA" ends where the idea's words end: close the bracket.
    for (open, close) in [('(', ')'), ('[', ']')] {
        let missing = label
            .matches(open)
            .count()
            .saturating_sub(label.matches(close).count());
        label.extend(std::iter::repeat_n(close, missing));
    }
    capitalise(label)
}

/// A label shortened at a word boundary when long.
fn shortened(label: &str) -> String {
    let mut label = label.to_string();
    if label.chars().count() > MAX_LABEL_CHARS {
        let mut cut = String::new();
        for word in label.split(' ') {
            if cut.chars().count() + word.chars().count() + 1 > MAX_LABEL_CHARS {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(word);
        }
        label = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    label
}

/// Text with its first letter in upper case.
fn capitalise(label: String) -> String {
    // "mRNA", "tRNA", "iPhone" keep their case.
    let first_word = label.split(' ').next().unwrap_or("");
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return label;
    }
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => label,
    }
}

/// Words of a question that ask about the subject rather than name it.
const QUESTION_WORDS: &[&str] = &["term", "terms", "know"];

/// A question id from the question's own words: a hyphenated word and the
/// word after it ("long-term effects"), else a name and the word after it
/// ("Soviet society"), else its first content words. `leave_out` are words
/// (lower case) not to use, such as the guide's topic.
pub fn question_id(question: &str, leave_out: &[String]) -> String {
    let text = analyse(question);
    let tokens = &text.tokens;
    let usable = |i: usize| {
        let norm = &tokens[i].norm;
        words::is_content(norm)
            && !words::is_command_word(norm)
            && !QUESTION_WORDS.contains(&&**norm)
            && !leave_out.iter().any(|w| **w == **norm)
    };
    let raw = |i: usize| text.slice(tokens[i].span);
    let joined = |i: usize| {
        i + 1 < tokens.len() && text.original[tokens[i].span.1..tokens[i + 1].span.0] == *"-"
    };
    let is_name = |i: usize| raw(i).chars().next().is_some_and(char::is_uppercase) && i > 0;
    let run_then_word = |start: usize, inside: &dyn Fn(usize) -> bool| {
        let mut end = start;
        let same_sentence =
            |j: usize| j < tokens.len() && tokens[j].sentence == tokens[start].sentence;
        loop {
            if same_sentence(end + 1) && inside(end + 1) {
                end += 1;
            } else if same_sentence(end + 2)
                && &*tokens[end + 1].norm == "of"
                && is_name(end + 2)
                && usable(end + 2)
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut words: Vec<String> = (start..=end).map(|i| raw(i).to_lowercase()).collect();
        if let Some(next) = (end + 1..tokens.len()).find(|&j| usable(j)) {
            if next == end + 1 {
                words.push(raw(next).to_lowercase());
            }
        }
        slug(&words.join(" "), 4)
    };
    for i in 0..tokens.len() {
        if joined(i) && usable(i) {
            return run_then_word(i, &|j| j > 0 && joined(j - 1));
        }
    }
    for i in 0..tokens.len() {
        if is_name(i) && usable(i) {
            return run_then_word(i, &|j| is_name(j) && usable(j));
        }
    }
    let first: Vec<String> = (0..tokens.len())
        .filter(|&i| usable(i))
        .take(3)
        .map(|i| raw(i).to_lowercase())
        .collect();
    let id = slug(&first.join(" "), 3);
    if id.is_empty() {
        "question".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::lint_rubric;
    use crate::rubric::Source;

    /// Drafts, writes, re-parses and lints a rubric; returns it.
    #[track_caller]
    fn assert_clean_draft(question: &str, answer: &str) -> Rubric {
        let rubric = draft_rubric(question, answer, &DraftOptions::default()).expect("drafts");
        let source = Source {
            path: PathBuf::from("draft.json"),
            text: to_json(&rubric),
        };
        let parsed = crate::rubric::parse(&source).expect("the draft parses");
        let diagnostics = lint_rubric(&parsed, &source);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}\n{}", source.text);
        let compiled = compile(&parsed).expect("compiles");
        let report = grade(&compiled, answer);
        assert!(report.points.iter().all(|p| p.covered));
        parsed
    }

    fn covered(rubric: &Rubric, answer: &str) -> Vec<String> {
        let compiled = compile(rubric).expect("compiles");
        grade(&compiled, answer)
            .points
            .into_iter()
            .filter(|p| p.covered)
            .map(|p| p.id.to_string())
            .collect()
    }

    #[test]
    fn one_point_per_idea() {
        let rubric = assert_clean_draft(
            "What does photosynthesis do?",
            "Photosynthesis lets plants turn light energy into chemical energy. It uses carbon dioxide from the air and water from the soil, and it releases oxygen gas into the surrounding atmosphere.",
        );
        assert_eq!(rubric.points.len(), 3, "{:#?}", rubric.points);
        assert_eq!(rubric.pass_mark, 50.0);
        assert_eq!(
            rubric.points[0].label,
            "Photosynthesis lets plants turn light energy into chemical energy"
        );
        assert!(rubric
            .concepts
            .values()
            .any(|t| t.contains(&"CO2".to_string())));
    }

    #[test]
    fn paraphrases_earn_points_and_unrelated_answers_do_not() {
        let rubric = assert_clean_draft(
            "How will she know which mineral is harder?",
            "The harder mineral will leave a scratch on the softer mineral.",
        );
        assert_eq!(
            covered(&rubric, "The hard one scratches the softer one."),
            [rubric.points[0].id.clone()]
        );
        assert!(covered(&rubric, "She should weigh them.").is_empty());
    }

    #[test]
    fn negated_claims_keep_their_polarity() {
        let rubric = assert_clean_draft(
            "Explain why you got a voltage reading of 1.5 for terminal 1 and the positive terminal.",
            "Terminal 1 and the positive terminal are not connected.",
        );
        assert_eq!(
            covered(&rubric, "They are not connected to each other.").len(),
            1
        );
        assert!(covered(&rubric, "They are connected.").is_empty());
    }

    #[test]
    fn question_words_are_left_out_of_points() {
        let rubric = assert_clean_draft(
            "Why does the bulb light?",
            "The bulb lights because it is in a closed path with the battery.",
        );
        let all_terms: Vec<&String> = rubric.concepts.values().flatten().collect();
        assert!(
            !all_terms.iter().any(|t| t.as_str() == "bulb"),
            "{all_terms:?}"
        );
    }

    #[test]
    fn a_long_definition_makes_several_points() {
        let answer = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/guides/photosynthesis.txt"
        ))
        .expect("fixture");
        let definition = answer.lines().next().expect("first line");
        let rubric = assert_clean_draft("What is photosynthesis?", definition);
        assert!(rubric.points.len() >= 2);
    }

    #[test]
    fn empty_inputs_are_errors() {
        let options = DraftOptions::default();
        assert_eq!(
            draft_rubric("Why?", " ... ", &options).expect_err("an error"),
            DraftError::EmptyAnswer
        );
        assert_eq!(
            draft_rubric("", "Text here.", &options).expect_err("an error"),
            DraftError::EmptyQuestion
        );
        assert_eq!(
            draft_rubric("Why?", "The. It. Of.", &options).expect_err("an error"),
            DraftError::NoPoints
        );
    }

    /// Concepts c0, c1 … with the given (required, core) flags.
    fn chosen(flags: &[(bool, bool)]) -> Vec<Chosen> {
        flags
            .iter()
            .enumerate()
            .map(|(i, &(required, core))| Chosen {
                name: format!("c{i}"),
                required,
                core,
                anchor: false,
                shown: String::new(),
                words: 1,
                at: Some((i, i)),
            })
            .collect()
    }

    #[test]
    fn alternatives_ask_for_most_concepts() {
        // (required, core) per concept.
        let plain = (false, true);
        assert_eq!(
            alternatives(&chosen(&[plain, plain]), &[], &DraftOptions::default()),
            ["c0 + c1"]
        );
        assert_eq!(
            alternatives(
                &chosen(&[plain, plain, plain]),
                &[],
                &DraftOptions::default()
            ),
            ["c0 + c1", "c0 + c2", "c1 + c2"]
        );
        assert_eq!(
            alternatives(
                &chosen(&[plain, (true, true), plain]),
                &[],
                &DraftOptions::default()
            ),
            ["c0 + c1", "c1 + c2"]
        );
    }

    #[test]
    fn a_rare_word_of_a_long_point_carries_it_alone() {
        let mut flags = chosen(&[(false, true), (false, true), (false, true), (false, true)]);
        flags[3].anchor = true;
        let found = alternatives(&flags, &[], &DraftOptions::default());
        assert!(found.contains(&"c3".to_string()), "{found:?}");
        assert!(
            found.iter().all(|a| a == "c3" || !a.contains("c3")),
            "no combination repeats what the rare word earns alone: {found:?}"
        );
        let off = DraftOptions {
            anchors_from: 99,
            ..DraftOptions::default()
        };
        assert!(!alternatives(&flags, &[], &off).contains(&"c3".to_string()));
    }

    #[test]
    fn every_alternative_has_a_word_that_can_carry_the_point() {
        let general = (false, false);
        assert_eq!(
            alternatives(
                &chosen(&[general, general, (false, true)]),
                &[],
                &DraftOptions::default()
            ),
            ["c0 + c2", "c1 + c2"]
        );
        // A negated general word is required; one more concept must join it.
        assert_eq!(
            alternatives(
                &chosen(&[(true, false), (true, false), (false, true)]),
                &[],
                &DraftOptions::default()
            ),
            ["c0 + c1 + c2"]
        );
    }

    #[test]
    fn a_compound_counts_as_its_words_but_only_whole() {
        let options = DraftOptions {
            compounds: true,
            ..DraftOptions::default()
        };
        let rubric = draft_rubric(
            "Starting with mRNA leaving the nucleus, describe protein synthesis.",
            "The amino acids are bonded to adjacent amino acids on the ribosome.",
            &options,
        )
        .expect("drafts");
        assert!(
            rubric.concepts.contains_key("amino-acids"),
            "{:?}",
            rubric.concepts
        );
        assert!(covered(&rubric, "Amino acids.").is_empty());
        assert_eq!(
            covered(&rubric, "Amino acids bond on the ribosome.").len(),
            1
        );
    }

    #[test]
    fn labels_read_as_statements() {
        assert_eq!(
            label("and which aimed at rapid growth."),
            "Aimed at rapid growth"
        );
        assert_eq!(label("the king fled"), "The king fled");
        let long = label(&"word ".repeat(40));
        assert!(long.ends_with('…') && long.chars().count() <= MAX_LABEL_CHARS + 1);
    }

    #[test]
    fn question_ids_come_from_the_question() {
        let topic = ["stakhanovism".to_string()];
        assert_eq!(
            question_id("How did Stakhanovism reflect the goals of Stalin's Five-Year Plans in terms of labor productivity?", &topic),
            "five-year-plans"
        );
        assert_eq!(
            question_id("Evaluate the impact of Stakhanovism on Soviet society and its portrayal of labor during the 1930s.", &topic),
            "soviet-society"
        );
        assert_eq!(
            question_id("Analyze the long-term effects of Stakhanovism on labor practices in the Soviet Union.", &topic),
            "long-term-effects"
        );
        assert_eq!(question_id("Why does the bulb light?", &[]), "bulb-light");
        assert_eq!(
            question_id("Describe the Reign of Terror.", &[]),
            "reign-of-terror"
        );
        assert_eq!(question_id("Why?", &[]), "question");
    }
}
