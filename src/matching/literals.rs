//! A regex's required literal sets (see [`super::screen`]), with no
//! dependency on the rest of the crate: `build.rs` includes this file to
//! work out the sets of the built-in rubrics' regexes at build time.

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

/// Shortest literal worth screening for: shorter ones are in most sentences.
const MIN_LITERAL_LEN: usize = 3;

/// Literals, in lower case and sorted, of which every match holds one.
pub type LiteralSet = Vec<Vec<u8>>;

/// A regex's two best required literal sets (see the module docs), if it has any.
pub fn required_literals(pattern: &str) -> [Option<LiteralSet>; 2] {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return [None, None];
    };
    let mut sets = required_sets(&hir).into_iter();
    [sets.next(), sets.next()]
}

/// Every required literal set of `hir` worth screening for, best first.
fn required_sets(hir: &Hir) -> Vec<LiteralSet> {
    let mut sets: Vec<LiteralSet> = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| literal_set(&Extractor::new().kind(kind).extract(hir)))
        .collect();
    match hir.kind() {
        HirKind::Concat(parts) => sets.extend(parts.iter().flat_map(required_sets)),
        HirKind::Capture(capture) => sets.extend(required_sets(&capture.sub)),
        HirKind::Repetition(repetition) if repetition.min > 0 => {
            sets.extend(required_sets(&repetition.sub));
        }
        HirKind::Alternation(branches) => {
            let best: Option<Vec<LiteralSet>> = branches
                .iter()
                .map(|branch| required_sets(branch).into_iter().next())
                .collect();
            if let Some(best) = best {
                let mut union = best.concat();
                union.sort();
                union.dedup();
                sets.push(union);
            }
        }
        _ => {}
    }
    sets.sort();
    sets.dedup();
    // The longest shortest literal first, then the fewest literals.
    let shortest = |set: &LiteralSet| set.iter().map(Vec::len).min().unwrap_or(0);
    sets.sort_by_key(|set| (std::cmp::Reverse(shortest(set)), set.len()));
    sets
}

/// An extracted literal sequence as a set worth screening for: finite, and
/// no literal shorter than [`MIN_LITERAL_LEN`].
fn literal_set(seq: &Seq) -> Option<LiteralSet> {
    if seq.min_literal_len()? < MIN_LITERAL_LEN {
        return None;
    }
    let mut literals: LiteralSet = seq
        .literals()?
        .iter()
        .map(|literal| literal.as_bytes().to_ascii_lowercase())
        .collect();
    literals.sort();
    literals.dedup();
    Some(literals)
}
