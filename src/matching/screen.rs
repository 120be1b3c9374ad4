//! A literal screen for rubric regexes: one search of the answer for the
//! words the regexes cannot match without, so that each regex is only run on
//! the sentences that hold them.
//!
//! A regex has required literal sets: sets of which every match holds one
//! literal. Its prefix literals and its suffix literals (as regex-syntax
//! extracts them) are such sets, and so are those of any part that every
//! match goes through: a part of a concatenation, or, for an alternation,
//! the union of one set per branch. A sentence the regex matches in holds a
//! literal of each set, and a sentence missing one cannot match; the two
//! sets whose shortest literal is longest (rarest, as a rule) are used.
//! Literals are taken from the pattern as written, in lower case, and
//! searched for in the answer with its ASCII letters lowered, which finds
//! every match of the case-insensitive regex on text whose letters are all
//! ASCII; on other text ("ſ" matches "s", "K" the Kelvin sign matches "k")
//! the screen is not used.

pub(super) use super::literals::{required_literals, LiteralSet};
use crate::text::Text;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

/// The required literals of all of a rubric's screened regexes, searched for
/// at once.
#[derive(Debug, Clone)]
pub(super) struct RegexScreen {
    /// All literals, in lower case, longest first at each position.
    searcher: AhoCorasick,
    /// Per literal, every literal that is a prefix of it (itself included):
    /// its length and the groups it belongs to. A group is one required
    /// literal set of one screened regex.
    prefixes: Vec<Vec<(usize, Vec<usize>)>>,
    /// Per screened regex, its groups (one or two).
    groups_of_regex: Vec<[Option<usize>; 2]>,
    group_count: usize,
}

impl RegexScreen {
    /// Builds the screen for regexes given by their [`required_literals`];
    /// screen ids are positions in `regexes`. `None` when no regex screens.
    pub(super) fn new(regexes: &[[Option<LiteralSet>; 2]]) -> Option<RegexScreen> {
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut groups_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut groups_of_regex = Vec::with_capacity(regexes.len());
        let mut group_count = 0;
        for sets in regexes {
            let groups = sets.each_ref().map(|set| {
                let set = set.as_ref()?;
                let group = group_count;
                group_count += 1;
                for literal in set {
                    let id = match literals.iter().position(|l| l == literal) {
                        Some(id) => id,
                        None => {
                            literals.push(literal);
                            groups_of_literal.push(Vec::new());
                            literals.len() - 1
                        }
                    };
                    groups_of_literal[id].push(group);
                }
                Some(group)
            });
            groups_of_regex.push(groups);
        }
        if literals.is_empty() {
            return None;
        }
        let prefixes = literals
            .iter()
            .map(|literal| {
                literals
                    .iter()
                    .zip(&groups_of_literal)
                    .filter(|(other, _)| literal.starts_with(other))
                    .map(|(other, groups)| (other.len(), groups.clone()))
                    .collect()
            })
            .collect();
        // A contiguous NFA builds in a fraction of a DFA's time, which a
        // one-answer `check` pays in full, and searches about as fast here.
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .ok()?;
        Some(RegexScreen {
            searcher,
            prefixes,
            groups_of_regex,
            group_count,
        })
    }

    /// Searches an answer once for every literal; call only on text whose
    /// letters are all ASCII (see the module docs).
    pub(super) fn search(&self, text: &Text) -> ScreenedSentences<'_> {
        let sentences = text.sentences.len();
        let mut holds = vec![false; self.group_count * sentences];
        let lower = text.original.to_ascii_lowercase();
        // Every position where a literal starts, each with its longest
        // literal: the shorter ones there are prefixes of it. (The
        // searcher's own overlapping search finds the same, but cannot use
        // its fast prefilter and took twice as long.)
        let mut from = 0;
        while let Some(found) = self.searcher.find(Input::new(&lower).range(from..)) {
            from = found.start() + 1;
            // Sentence spans are in order and do not overlap.
            let Some(sentence) = text
                .sentences
                .partition_point(|s| s.span.0 <= found.start())
                .checked_sub(1)
            else {
                continue;
            };
            // A literal in the gap after a sentence belongs to none.
            let Some(room) = text.sentences[sentence].span.1.checked_sub(found.start()) else {
                continue;
            };
            for (len, groups) in &self.prefixes[found.pattern().as_usize()] {
                if *len <= room {
                    for &group in groups {
                        holds[group * sentences + sentence] = true;
                    }
                }
            }
        }
        ScreenedSentences {
            groups_of_regex: &self.groups_of_regex,
            sentences,
            holds,
        }
    }
}

/// Which sentences of one answer hold which regexes' required literals.
#[derive(Debug)]
pub(super) struct ScreenedSentences<'s> {
    groups_of_regex: &'s [[Option<usize>; 2]],
    sentences: usize,
    /// Per group, per sentence, whether the sentence holds one of the group's literals.
    holds: Vec<bool>,
}

impl ScreenedSentences<'_> {
    /// Whether the screened regex `regex` could match in sentence `sentence`.
    pub(super) fn may_match(&self, regex: usize, sentence: usize) -> bool {
        self.groups_of_regex[regex]
            .iter()
            .flatten()
            .all(|&group| self.holds[group * self.sentences + sentence])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyse;

    fn literals(set: &Option<LiteralSet>) -> Vec<String> {
        set.iter()
            .flatten()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn the_sets_with_the_longest_shortest_literals_are_chosen() {
        // Prefix {lenin, trotsky}, suffix {began it, ...}, and the verbs.
        let [first, second] =
            required_literals(r"\b(Lenin|Trotsky)\b[^.]{0,30}\b(started|began) (it|the plans)\b");
        assert_eq!(
            literals(&first),
            [
                "began it",
                "began the plans",
                "started it",
                "started the plans"
            ]
        );
        assert_eq!(literals(&second), ["began", "started"]);
    }

    #[test]
    fn an_alternation_needs_a_set_from_every_branch() {
        // "no" is too short to screen for, but every match of the first
        // branch holds "pressure" or "coercion".
        let [first, second] = required_literals(
            r"\bno\s+(pressure|coercion)\s+at all\b|\b(entirely|fully)\s+voluntary\b",
        );
        assert_eq!(literals(&first), ["coercion", "pressure", "voluntary"]);
        assert_eq!(literals(&second), ["at all", "voluntary"]);
        assert_eq!(required_literals(r"\bno\b|\bvoluntary\b"), [None, None]);
    }

    #[test]
    fn short_or_unbounded_literals_do_not_screen() {
        assert_eq!(
            literals(&required_literals(r"\b(it|he)\s+rose\b")[0]),
            ["rose"]
        );
        assert_eq!(required_literals(r"\b(it|he)\s+rose\b")[1], None);
        assert_eq!(
            required_literals(r"\w+ing"),
            [Some(vec![b"ing".to_vec()]), None]
        );
        assert_eq!(required_literals(r"[a-z]+"), [None, None]);
        assert_eq!(required_literals(r"(quota)?s"), [None, None]);
    }

    #[test]
    fn a_sentence_needs_a_start_and_an_end_literal() {
        let regexes = [
            required_literals(r"\blenin\b[^.]*\bstarted\b"),
            required_literals(r"\bquotas?\b"),
        ];
        let screen = RegexScreen::new(&regexes).expect("two regexes screen");
        let text =
            analyse("LENIN was ill. Stalin started the plans. Lenin started nothing. Quota!");
        let screened = screen.search(&text);
        let lenin: Vec<bool> = (0..4).map(|s| screened.may_match(0, s)).collect();
        assert_eq!(lenin, [false, false, true, false]);
        let quota: Vec<bool> = (0..4).map(|s| screened.may_match(1, s)).collect();
        assert_eq!(quota, [false, false, false, true]);
    }

    #[test]
    fn a_literal_inside_a_longer_one_at_the_same_place_is_found() {
        let regexes = [
            required_literals(r"\bstakhanovites\b"),
            required_literals(r"stakhanov"),
            required_literals(r"\bvites\b"),
        ];
        let screen = RegexScreen::new(&regexes).expect("three regexes screen");
        let text = analyse("Stakhanovites worked. Vites are not a word.");
        let screened = screen.search(&text);
        assert!(screened.may_match(0, 0));
        assert!(
            screened.may_match(1, 0),
            "stakhanov starts where stakhanovites does"
        );
        assert!(
            screened.may_match(2, 0),
            "vites ends where stakhanovites does"
        );
        assert!(!screened.may_match(0, 1) && !screened.may_match(1, 1));
    }

    #[test]
    fn the_screen_keeps_every_sentence_a_built_in_regex_matches_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
        let files = [
            "labelled/definition.jsonl",
            "labelled/five-year-plans.jsonl",
            "labelled/long-term-effects.jsonl",
            "labelled/soviet-society.jsonl",
            "heldout/heldout.jsonl",
        ];
        let mut answers: Vec<String> = Vec::new();
        for file in files {
            let lines = std::fs::read_to_string(format!("{dir}/{file}")).expect("samples read");
            for line in lines.lines() {
                let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
                answers.push(record["answer"].as_str().expect("answer").to_string());
            }
        }
        // Misconceptions as students state them, so that every screened
        // regex has matches to keep, some on literals that overlap.
        answers.extend(
            [
                "Stakhanovism began in the 1920s. The movement started in the fifties.",
                "Stakhanov was a factory owner. In 1935 Stakhanov was a rich politician.",
                "Stakhanovism was a capitalist idea; it was a capitalist scheme.",
                "Lenin's five-year plans grew. The 5-year plans were started by Trotsky.",
                "The plans focused on consumer goods. The plan aimed at luxury goods.",
                "Stakhanovism reduced output. The movement actually cut production.",
                "It had no long-term effects and it has no lasting impact.",
                "Khrushchev later introduced the Stakhanovite movement.",
                "Stakhanovism alone caused the collapse of the USSR.",
                "All the Soviet workers benefited. Everyone was happy. Most people lived well.",
                "Work was entirely voluntary, with no pressure at all.",
                "There was no pressure on workers. Nobody was forced to work.",
            ]
            .map(String::from),
        );
        // Neither case nor curly quotes and dashes may hide a match.
        let shouted: Vec<String> = answers.iter().map(|a| a.to_uppercase()).collect();
        let curly: Vec<String> = answers
            .iter()
            .map(|a| a.replace('\'', "\u{2019}").replace(" - ", " \u{2014} "))
            .collect();
        answers.extend(shouted);
        answers.extend(curly);
        let (mut matched, mut screened_out) = (0, 0);
        for rubric in crate::rubric::load_builtin().expect("built-in rubrics load") {
            let compiled = crate::matching::compile(&rubric).expect("built-in rubric compiles");
            let screen = compiled
                .regex_screen
                .as_ref()
                .expect("built-in regexes screen");
            let regexes: Vec<_> = compiled
                .points
                .iter()
                .chain(compiled.misconceptions.iter().flatten())
                .filter_map(|evidence| evidence.regex.as_ref())
                .collect();
            let examples = rubric.examples.iter().map(|e| &e.answer);
            for answer in answers.iter().chain(examples) {
                let text = analyse(answer);
                let ascii_letters = text
                    .original
                    .chars()
                    .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c));
                if !ascii_letters {
                    continue;
                }
                let screened = screen.search(&text);
                for regex in &regexes {
                    let Some(id) = regex.screen else {
                        continue;
                    };
                    for (index, sentence) in text.sentences.iter().enumerate() {
                        let unicode = regex.unicode().expect("rubric regex compiles");
                        let matches = unicode.is_match(text.slice(sentence.span));
                        let kept = screened.may_match(id, index);
                        assert!(
                            kept || !matches,
                            "{} screened out of {:?}",
                            unicode,
                            text.slice(sentence.span)
                        );
                        matched += usize::from(matches);
                        screened_out += usize::from(!kept);
                    }
                }
            }
        }
        assert!(
            matched >= 60,
            "only {matched} sentences matched a screened regex"
        );
        assert!(
            screened_out >= 10_000,
            "only {screened_out} sentences screened out"
        );
    }
}
