//! Matching: a compiled rubric and an analysed answer in, a decision per
//! point (covered, denied or missing, with the evidence) out.
//!
//! A point is covered when every concept of one of its `match` alternatives
//! occurs, undenied, in one sentence or in two neighbouring sentences close
//! together, or when its regex matches an undenied sentence. Sentences that
//! are bare keyword lists are never evidence. The module is split by idea:
//! [`terms`] (words and typos), [`negation`] (cues and their scope),
//! `compile` (rubric → indexes) and `find` (occurrences → decisions).

mod compile;
mod find;
mod literals;
pub mod negation;
mod prebuilt;
mod reading;
mod screen;
pub mod terms;

pub use compile::{compile, compile_builtin, AnswerWords, CompiledRubric};
pub use find::{find, Decision, Found, Matches, MisconceptionMatch};
pub use reading::ReadingWords;
pub use terms::{term_words, How};

/// The bits of the word lists a normalised word is on: each list with its
/// bit, for the per-word flags worked out once when a word is interned
/// ([`CueWords`](negation::CueWords), [`ReadingWords`]).
fn list_bits(norm: &str, lists: &[(&[&str], u8)]) -> u8 {
    lists
        .iter()
        .filter(|(words, _)| words.contains(&norm))
        .fold(0, |bits, (_, bit)| bits | bit)
}

use std::cell::Cell;

thread_local! {
    /// Steps of the matching work whose amount depends on the answer (see [`work_done`]).
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// How many steps of matching work (negation cues examined, occurrences
/// looked at per region, concept combinations tried) this thread has done
/// so far. It grows in proportion to an answer's length, whatever its
/// shape: tests compare it between answers instead of timing them.
pub fn work_done() -> u64 {
    WORK.with(Cell::get)
}

/// Counts `steps` of matching work.
fn add_work(steps: usize) {
    WORK.with(|work| work.set(work.get().saturating_add(steps as u64)));
}

#[cfg(test)]
mod tests {
    use crate::rubric::{parse, Source};
    use crate::score::grade;

    /// A small rubric that exercises each matching rule.
    const RUBRIC: &str = r#"{
      "id": "t", "topic": "test", "question": "q", "model_answer": "Output rose. Workers competed.",
      "concepts": {
        "output": ["output", "production"], "rise": ["rise", "increase", "went up"],
        "workers": ["workers", "miners"], "compete": ["compete", "rivalry"],
        "sport": ["football", "olympic*"], "stakhanov": ["Stakhanov"],
        "record": ["record", "14 times his quota"], "owner": ["factory owner"],
        "quota": ["exceed the quota"], "aim": ["aimed to", "wanted to"],
        "punish": ["punished"], "miss": ["did not meet"], "hero": ["hero"]
      },
      "points": [
        {"id": "boost", "label": "l", "hint": "h", "match": ["output ~ rise"], "denied_by": ["aim"]},
        {"id": "competition", "label": "l", "hint": "h", "match": ["compete + workers"], "unless": ["sport"]},
        {"id": "record", "label": "l", "hint": "h", "match": ["stakhanov + record"],
         "misconceptions": [{"id": "owner", "message": "m", "match": ["stakhanov + owner"]}]},
        {"id": "quota", "label": "l", "hint": "h", "match": ["quota"]},
        {"id": "punishment", "label": "l", "hint": "h", "match": ["punish", "punish + miss"]},
        {"id": "hero", "label": "l", "hint": "h", "match": ["hero"]}
      ]
    }"#;

    /// Parses and compiles a rubric written in a test.
    fn compile_test_rubric(text: &str) -> super::CompiledRubric {
        let source = Source {
            path: "test.json".into(),
            text: text.to_string(),
        };
        super::compile(&parse(&source).expect("rubric parses")).expect("compiles")
    }

    #[track_caller]
    fn assert_covers(answer: &str, expected: &[&str]) {
        let compiled = compile_test_rubric(RUBRIC);
        let report = grade(&compiled, answer);
        let covered: Vec<&str> = report
            .points
            .iter()
            .filter(|p| p.covered)
            .map(|p| &*p.id)
            .collect();
        assert_eq!(covered, expected, "{answer}");
    }

    #[test]
    fn reports_do_not_depend_on_the_answers_graded_before() {
        // A thread reuses its occurrence lists from answer to answer, and
        // gives back the room of an answer with more than it keeps.
        let compiled = compile_test_rubric(RUBRIC);
        let long = "Workers competed and output rose. ".repeat(1_200);
        let short = "Stakhanov set a record. Workers did not compete.";
        let short_first = grade(&compiled, short);
        let long_first = grade(&compiled, &long);
        assert!(long_first.points.iter().any(|p| p.covered));
        assert_eq!(grade(&compiled, short), short_first);
        assert_eq!(grade(&compiled, &long), long_first);
    }

    #[test]
    fn near_concepts_must_stand_close_in_one_clause() {
        assert_covers("The output of the mines went up.", &["boost"]);
        assert_covers(
            "Production was low, so they set out to increase wages.",
            &[],
        );
        assert_covers("Output mattered, and pay would increase.", &[]);
    }

    #[test]
    fn denied_by_concepts_cancel_what_follows_in_their_clause() {
        assert_covers("The Plans aimed to increase output.", &[]);
        assert_covers(
            "The Plans aimed high, and Stakhanovism made output rise.",
            &["boost"],
        );
    }

    #[test]
    fn a_negation_inside_a_points_own_term_is_part_of_the_claim() {
        assert_covers(
            "Workers who did not meet quotas were punished.",
            &["punishment"],
        );
        assert_covers("The workers did not meet the hero.", &[]);
    }

    #[test]
    fn unless_concepts_rule_out_the_sentence() {
        assert_covers("There was rivalry between workers.", &["competition"]);
        assert_covers("Workers loved football and the rivalry of the league.", &[]);
    }

    #[test]
    fn evidence_may_span_two_sentences_only_when_the_second_refers_back() {
        assert_covers(
            "Stakhanov was a miner. In 1935 he dug 14 times his quota.",
            &["record"],
        );
        assert_covers(
            "Stakhanov was a miner. A record was set in 1936 by someone else entirely.",
            &[],
        );
    }

    #[test]
    fn a_heading_joins_the_sentence_after_it() {
        assert_covers("Stakhanov. In 1935 a record shift was mined.", &["record"]);
        assert_covers("Stakhanov. Record. Quota.", &[]);
        assert_covers(
            "Stakhanov. It rained. In 1935 a record shift was mined.",
            &[],
        );
    }

    #[test]
    fn evidence_is_found_however_many_sentences_come_before_it() {
        // Answers of up to 64 sentences and longer ones are searched apart.
        for before in [62, 63, 64, 70] {
            let filler = "So it was. ".repeat(before);
            assert_covers(
                &format!("{filler}Stakhanov was a miner. In 1935 he set a record."),
                &["record"],
            );
            assert_covers(&format!("{filler}Stakhanov set a record."), &["record"]);
            assert_covers(
                &format!("{filler}Stakhanov was a miner. A record was set later."),
                &[],
            );
        }
    }

    #[test]
    fn concepts_far_apart_in_a_run_on_sentence_do_not_count() {
        let filler = "and then the day went on ".repeat(8);
        assert_covers(
            &format!("There was rivalry {filler} among the workers."),
            &[],
        );
        assert_covers(
            "There was rivalry among the workers and then the day went on.",
            &["competition"],
        );
    }

    #[test]
    fn words_stating_a_misconception_earn_nothing_else() {
        assert_covers("Stakhanov was a factory owner who set a record.", &[]);
    }

    #[test]
    fn function_words_inside_phrases_are_loose() {
        assert_covers(
            "The miners would exceed their quota every week.",
            &["quota"],
        );
        assert_covers("The miners would exceed quotas every week.", &["quota"]);
    }

    #[test]
    fn misspellings_count_but_other_real_words_do_not() {
        assert_covers("The miners would exceed the qouta every week.", &["quota"]);
        assert_covers("The miners would exceed the quote every week.", &[]);
    }

    #[test]
    fn regexes_match_sentence_by_sentence_with_anchors_at_sentence_edges() {
        let rubric = r#"{
          "id": "r", "topic": "test", "question": "q", "model_answer": "Output rose.",
          "concepts": {"never": ["zzzz"]},
          "points": [
            {"id": "start", "label": "l", "hint": "h", "match": ["never"], "regex": "^output rose"},
            {"id": "inside", "label": "l", "hint": "h", "match": ["never"], "regex": "\\bquotas? (were|was) beaten\\b"}
          ]
        }"#;
        let compiled = compile_test_rubric(rubric);
        let covered = |answer: &str| -> Vec<String> {
            let report = grade(&compiled, answer);
            report
                .points
                .into_iter()
                .filter(|p| p.covered)
                .map(|p| p.id.to_string())
                .collect()
        };
        assert_eq!(
            covered("Workers competed hard. Output rose because quotas were beaten."),
            ["start", "inside"]
        );
        assert_eq!(
            covered("Workers competed hard – output rose, and quotas were beaten."),
            ["inside"]
        );
        assert_eq!(
            covered("Café workers competed. Output rose as quotas were beaten."),
            ["start", "inside"]
        );
        assert_eq!(
            covered("Workers competed and then the output rose; quotas stayed."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn phrases_sharing_a_first_word_match_with_loose_function_words() {
        // "rise" begins enough phrases to be indexed by their second words;
        // function words inside a phrase may be there or not, and one more
        // may stand before the next word.
        let rubric = r#"{
          "id": "p", "topic": "test", "question": "q", "model_answer": "A rise in the output.",
          "concepts": {
            "growth": ["rise in the output", "rise of wages", "rise sharply", "rise up", "rise"],
            "fall": ["fall"]
          },
          "points": [
            {"id": "phrase", "label": "l", "hint": "h", "match": ["growth + fall"]}
          ]
        }"#;
        let compiled = compile_test_rubric(rubric);
        let terms = |answer: &str| -> Vec<String> {
            let report = grade(&compiled, answer);
            report.points[0]
                .matched_terms()
                .iter()
                .filter(|f| &*f.concept == "growth")
                .map(|f| f.term.to_string())
                .collect()
        };
        assert_eq!(
            terms("There was a rise in all the output before the fall."),
            ["rise in the output"]
        );
        assert_eq!(
            terms("There was a rise in all of the output before the fall."),
            ["rise"],
            "two function words too many"
        );
        assert_eq!(
            terms("There was a rise output before the fall came."),
            ["rise in the output"]
        );
        assert_eq!(
            terms("There was a rise of the wages before the fall came."),
            ["rise of wages"]
        );
        assert_eq!(terms("There was a rise before the fall came."), ["rise"]);
    }

    #[test]
    fn a_phrase_is_found_only_where_its_second_word_stands_within_reach() {
        // Where no second word of the phrases a word begins stands within
        // reach in its sentence, the word begins only its one-word terms;
        // where one does, the phrase is tried. "rise" begins enough phrases
        // to be indexed by their second words, "factory" one.
        let rubric = r#"{
          "id": "p", "topic": "test", "question": "q", "model_answer": "A rise in output. The factory owner fell.",
          "concepts": {
            "growth": ["rise in output", "rise of wages", "rise sharply", "rise"],
            "owner": ["factory owner", "factory"],
            "fall": ["fall", "fell"]
          },
          "points": [
            {"id": "growth", "label": "l", "hint": "h", "match": ["growth + fall"]},
            {"id": "owner", "label": "l", "hint": "h", "match": ["owner + fall"]}
          ]
        }"#;
        let compiled = compile_test_rubric(rubric);
        let terms = |answer: &str, point: usize| -> Vec<String> {
            let report = grade(&compiled, answer);
            report.points[point]
                .matched_terms()
                .iter()
                .filter(|f| &*f.concept != "fall")
                .map(|f| f.term.to_string())
                .collect()
        };
        assert_eq!(
            terms("A rise in output came before the fall.", 0),
            ["rise in output"]
        );
        assert_eq!(
            terms("A rise came before the fall of output.", 0),
            ["rise"],
            "out of reach"
        );
        assert_eq!(terms("A rise came, then the fall. Output", 0), ["rise"]);
        assert_eq!(terms("The factory owner fell ill.", 1), ["factory owner"]);
        assert_eq!(
            terms("The factory fell silent, its owner too.", 1),
            ["factory"]
        );
        assert_eq!(terms("The factory fell. Its owner left.", 1), ["factory"]);
    }

    #[test]
    fn keyword_lists_and_fragments_are_never_evidence() {
        assert_covers("output, rise, workers, compete, Stakhanov, record", &[]);
        assert_covers("output rose", &[]);
    }
}
