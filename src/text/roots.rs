//! The root rules of stemming as plain data and one function, with no
//! dependency on the rest of the crate: `build.rs` includes this file to
//! work out the stems of the built-in rubrics' words at build time, with the
//! same rules as [`super::stem`] at run time.

/// Stems whose root is written out by hand: (Snowball stem, root).
const IRREGULAR: &[(&str, &str)] = &[
    ("competit", "compet"),
    ("organ", "organ"),
    ("organiz", "organiz"),
    ("product", "product"),
    ("produc", "product"),
    ("industri", "industri"),
    ("propagandist", "propaganda"),
    ("propagand", "propaganda"),
    ("heroic", "hero"),
    ("heroin", "heroin"),
    ("effici", "effici"),
    ("exhaust", "exhaust"),
    ("punit", "punish"),
    ("rivalri", "rival"),
    ("glori", "glorifi"),
    ("glorious", "glorifi"),
    ("motiv", "motiv"),
];

/// Whole words whose root the stemmer cannot find (irregular plurals and the like).
const IRREGULAR_WORDS: &[(&str, &str)] = &[
    ("organization", "organiz"),
    ("organizations", "organiz"),
    ("organizational", "organiz"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("people", "peopl"),
    ("better", "good"),
    ("best", "good"),
    ("worse", "bad"),
    ("worst", "bad"),
    ("more", "more"),
    ("most", "more"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("gave", "give"),
    ("given", "give"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("won", "win"),
    ("began", "begin"),
    ("begun", "begin"),
    ("led", "lead"),
    ("set", "set"),
    ("dug", "dig"),
    ("mined", "mine"),
    ("mining", "mine"),
    ("miner", "miner"),
    ("miners", "miner"),
    ("taught", "teach"),
    ("brought", "bring"),
    ("thought", "think"),
    ("fought", "fight"),
    ("sought", "seek"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("broke", "break"),
    ("broken", "break"),
    ("made", "make"),
    ("met", "meet"),
    ("paid", "pay"),
    ("overpaid", "overpay"),
    ("underpaid", "underpay"),
    // The other common irregular verbs, so that a phrase written in one
    // tense ("went over the quota") meets the others ("go over", "goes over").
    ("went", "go"),
    ("gone", "go"),
    ("goes", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("took", "take"),
    ("taken", "take"),
    ("held", "hold"),
    ("told", "tell"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("built", "build"),
    ("felt", "feel"),
    ("lost", "lose"),
    ("knew", "know"),
    ("known", "know"),
    ("came", "come"),
    ("became", "become"),
    ("meant", "mean"),
    ("stuck", "stick"),
    ("sold", "sell"),
    ("outdid", "outdo"),
    ("outdone", "outdo"),
    ("beaten", "beat"),
    ("overtook", "overtake"),
    ("overtaken", "overtake"),
    ("spent", "spend"),
    ("stood", "stand"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("caught", "catch"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("wrote", "write"),
    ("written", "write"),
    ("swept", "sweep"),
    ("wore", "wear"),
    ("worn", "wear"),
];

/// The root of a normalised word: the irregular words first, numbers as
/// they are, else its Snowball stem (`snowball`) through the irregular stems.
pub fn root(word: &str, snowball: impl FnOnce(&str) -> String) -> String {
    if let Some((_, root)) = IRREGULAR_WORDS.iter().find(|(w, _)| *w == word) {
        return (*root).to_string();
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    let snowball = snowball(word);
    match IRREGULAR.iter().find(|(from, _)| *from == snowball) {
        Some((_, root)) => (*root).to_string(),
        None => snowball,
    }
}
