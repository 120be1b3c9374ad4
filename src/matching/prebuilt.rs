//! The built-in rubrics' terms and regex literals, compiled by `build.rs`:
//! each term's words (normalised form, stem, mode), the stems the
//! whole-answer checks take from it, and each regex's required literal sets.
//! Compiling a built-in question takes them from here instead of normalising
//! and stemming some two thousand words and parsing every regex at start-up.
//! A term or regex is taken only where its text is the one compiled, and
//! terms that are not plain words are compiled at run time as before.
//!
//! The terms are plain numbers into one text ([`TEXT`]): a table of string
//! pointers would need a relocation per string, and its pages written, at
//! every start of the program.

use super::literals::LiteralSet;
use super::terms::Mode;
use std::path::Path;

/// A string of [`TEXT`]: where it starts and its length, in bytes.
type Str = [u32; 2];

/// One term: its text, where its words start in [`BuiltRubric::words`] and
/// how many there are, and where its stems start in [`BuiltRubric::stems`]
/// and how many (a count of [`NONE`] when a word of it is not plain).
type TermEntry = [u32; 6];

/// One word of a term: its normalised form (start, length), its stem
/// (start, length) and its mode (0 normal, 1 exact, 2 prefix).
type WordEntry = [u32; 5];

/// The count of a term's words or stems that were not compiled.
const NONE: u32 = u32::MAX;

/// One regex of a built-in rubric and its required literal sets.
#[derive(Debug)]
pub(super) struct BuiltRegex {
    /// The regex as the rubric writes it.
    pub pattern: &'static str,
    /// Its two best required literal sets (`literals::required_literals`).
    pub required: [Option<&'static [&'static [u8]]>; 2],
}

/// A built-in rubric's compiled terms and regexes.
#[derive(Debug)]
pub(super) struct BuiltRubric {
    /// The file name under `rubrics/`.
    pub file: &'static str,
    /// Every term of every concept, concepts in name order (as the parsed
    /// rubric keeps them), terms as written.
    terms: &'static [TermEntry],
    /// The terms' words, term after term.
    words: &'static [WordEntry],
    /// The terms' stems for the whole-answer checks, term after term.
    stems: &'static [Str],
    /// Every distinct regex of its points and misconceptions.
    regexes: &'static [BuiltRegex],
}

/// The strings of every built term, each once.
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_compiled.txt"));

/// The built-in rubrics, compiled.
static BUILT: &[BuiltRubric] = include!(concat!(env!("OUT_DIR"), "/builtin_compiled.rs"));

/// A string of [`TEXT`].
fn text(at: [u32; 2]) -> &'static str {
    let [start, len] = at.map(|n| n as usize);
    TEXT.get(start..start + len).unwrap_or_default()
}

/// A word's mode, as `build.rs` numbers it.
fn mode(number: u32) -> Mode {
    match number {
        1 => Mode::Exact,
        2 => Mode::Prefix,
        _ => Mode::Normal,
    }
}

/// The compiled form of the built-in rubric read from `path`
/// (`builtin:rubrics/NAME`), if it is one.
pub(super) fn for_path(path: &Path) -> Option<&'static BuiltRubric> {
    let file = path.to_str()?.strip_prefix("builtin:rubrics/")?;
    BUILT.iter().find(|built| built.file == file)
}

impl BuiltRubric {
    /// The required literal sets of a regex of the rubric, if it was compiled.
    pub fn required_literals(&self, pattern: &str) -> Option<[Option<LiteralSet>; 2]> {
        let regex = self.regexes.iter().find(|r| r.pattern == pattern)?;
        Some(
            regex
                .required
                .map(|set| set.map(|literals| literals.iter().map(|l| l.to_vec()).collect())),
        )
    }

    /// The term at `place` among all the rubric's terms, if its text is `text`.
    pub fn term(&'static self, place: usize, text: &str) -> Option<BuiltTerm> {
        let entry = self.terms.get(place)?;
        (self::text([entry[0], entry[1]]) == text).then_some(BuiltTerm {
            rubric: self,
            entry,
        })
    }
}

/// One term of a built-in rubric, as `build.rs` compiled it.
#[derive(Debug, Clone, Copy)]
pub(super) struct BuiltTerm {
    rubric: &'static BuiltRubric,
    entry: &'static TermEntry,
}

impl BuiltTerm {
    /// Its words as (normalised form, stem, mode), as
    /// `terms::term_word_forms` gives them; `None` when a word is not plain.
    pub fn words(self) -> Option<impl Iterator<Item = (&'static str, &'static str, Mode)>> {
        let [.., start, count, _, _] = *self.entry;
        let words = self.rubric.words.get(entries(start, count)?)?;
        Some(
            words
                .iter()
                .map(|w| (text([w[0], w[1]]), text([w[2], w[3]]), mode(w[4]))),
        )
    }

    /// The stems the whole-answer checks take from it (see
    /// `review::Reference`); `None` when a word is not plain.
    pub fn reference_stems(self) -> Option<impl Iterator<Item = &'static str>> {
        let [.., start, count] = *self.entry;
        let stems = self.rubric.stems.get(entries(start, count)?)?;
        Some(stems.iter().map(|&at| text(at)))
    }
}

/// The range of `count` entries from `start`, unless the count is [`NONE`].
fn entries(start: u32, count: u32) -> Option<std::ops::Range<usize>> {
    (count != NONE).then(|| start as usize..start as usize + count as usize)
}

/// Walks a rubric's terms in order alongside the built ones, giving each
/// term's built form only where the texts agree.
#[derive(Debug)]
pub(super) struct BuiltTerms {
    rubric: Option<&'static BuiltRubric>,
    place: usize,
}

impl BuiltTerms {
    /// The terms of `built`, or none.
    pub fn of(rubric: Option<&'static BuiltRubric>) -> BuiltTerms {
        BuiltTerms { rubric, place: 0 }
    }

    /// The built form of the rubric's next term, `text`, if there is one.
    pub fn next(&mut self, text: &str) -> Option<BuiltTerm> {
        let place = self.place;
        self.place += 1;
        self.rubric?.term(place, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::literals::required_literals;
    use crate::matching::terms::term_word_forms;
    use crate::rubric::{load_builtin, BUILTIN};

    /// Every built-in rubric, its built form, and its terms in order.
    fn builtin() -> Vec<(crate::rubric::Rubric, &'static BuiltRubric)> {
        let rubrics = load_builtin().expect("built-in rubrics load");
        assert_eq!(rubrics.len(), BUILTIN.len());
        rubrics
            .into_iter()
            .map(|rubric| {
                let built = for_path(&rubric.path).expect("every built-in rubric is built");
                (rubric, built)
            })
            .collect()
    }

    /// The file name of a built-in rubric.
    fn built_file(rubric: &crate::rubric::Rubric) -> &'static str {
        for_path(&rubric.path).expect("a built-in rubric").file
    }

    #[test]
    fn built_terms_are_what_compiling_them_at_run_time_gives() {
        let mut plain = 0;
        for (rubric, built) in builtin() {
            let terms: Vec<&String> = rubric.concepts.values().flatten().collect();
            assert_eq!(terms.len(), built.terms.len(), "{}", built.file);
            let mut walk = BuiltTerms::of(Some(built));
            for text in terms {
                let term = walk
                    .next(text)
                    .expect("the built terms follow the rubric's");
                let run_time = term_word_forms(text);
                if let Some(words) = term.words() {
                    let words: Vec<(&str, &str, Mode)> = words.collect();
                    let expected: Vec<(&str, &str, Mode)> =
                        run_time.iter().map(|(n, s, m)| (&**n, &**s, *m)).collect();
                    assert_eq!(words, expected, "{text}");
                    plain += 1;
                }
                if let Some(stems) = term.reference_stems() {
                    let expected = crate::review::text_stems(&text.replace(['*', '='], ""));
                    let expected: Vec<&str> = expected.iter().map(|s| &**s).collect();
                    assert_eq!(stems.collect::<Vec<_>>(), expected, "{text}");
                }
            }
        }
        assert!(plain > 4_000, "only {plain} terms built");
    }

    #[test]
    fn built_regex_literals_are_what_extracting_them_at_run_time_gives() {
        let mut regexes = 0;
        for (rubric, built) in builtin() {
            for point in &rubric.points {
                let patterns = point
                    .regex
                    .iter()
                    .chain(point.misconceptions.iter().flat_map(|m| &m.regex));
                for pattern in patterns {
                    let sets = built
                        .required_literals(pattern)
                        .expect("every regex is built");
                    assert_eq!(sets, required_literals(pattern), "{pattern}");
                    regexes += 1;
                }
            }
        }
        assert!(regexes >= 10, "only {regexes} regexes");
    }

    #[test]
    fn a_built_in_rubric_grades_as_the_same_rubric_compiled_at_run_time() {
        let mut graded = 0;
        for (rubric, _) in builtin() {
            // The same rubric read from a file has no built form.
            let mut from_file = rubric.clone();
            from_file.path = Path::new("rubrics").join(built_file(&rubric));
            assert!(for_path(&from_file.path).is_none());
            let at_run_time = crate::matching::compile(&from_file).expect("compiles");
            let built = crate::matching::compile_builtin(rubric.clone()).expect("compiles");
            let built_now = crate::matching::compile(&rubric).expect("compiles");
            let answers = rubric
                .examples
                .iter()
                .map(|e| e.answer.as_str())
                .chain([rubric.model_answer.as_str()]);
            for answer in answers {
                let report = crate::score::grade(&at_run_time, answer);
                assert_eq!(crate::score::grade(&built, answer), report, "{answer}");
                assert_eq!(crate::score::grade(&built_now, answer), report, "{answer}");
                graded += 1;
            }
        }
        assert!(graded >= 20, "only {graded} answers graded");
    }

    #[test]
    fn only_built_in_rubrics_have_a_built_form() {
        assert!(for_path(Path::new("builtin:rubrics/definition.json")).is_some());
        assert!(for_path(Path::new("rubrics/definition.json")).is_none());
        assert!(for_path(Path::new("builtin:rubrics/nothing.json")).is_none());
    }

    #[test]
    fn a_term_whose_text_differs_has_no_built_form() {
        let (_, built) = &builtin()[0];
        let first = text([built.terms[0][0], built.terms[0][1]]);
        assert!(BuiltTerms::of(Some(built)).next(first).is_some());
        assert!(BuiltTerms::of(Some(built))
            .next("not the first term")
            .is_none());
        assert!(BuiltTerms::of(None).next(first).is_none());
    }
}
