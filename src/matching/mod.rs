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
pub mod negation;
pub mod terms;

pub use compile::{compile, CompiledRubric};
pub use find::{find, Decision, Found, Matches, MisconceptionMatch};
pub use terms::{term_words, How};
