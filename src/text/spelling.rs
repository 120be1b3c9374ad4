//! British and American spellings, and number words, brought to one form.
//!
//! Applied to answer words and rubric terms alike, so "labour" matches
//! "labor" and "industrialisation" matches "industrialization" without the
//! rubric listing both. The rules are conservative: an "-ise" word is only
//! rewritten when it is long enough and not one of the words that are spelt
//! "-ise" on both sides of the Atlantic.

/// Words spelt with "-ise" in American English too.
const ISE_BOTH: &[&str] = &[
    "advertise",
    "advise",
    "chastise",
    "comprise",
    "compromise",
    "concise",
    "demise",
    "despise",
    "devise",
    "disguise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "improvise",
    "merchandise",
    "otherwise",
    "paradise",
    "precise",
    "premise",
    "promise",
    "revise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
    "treatise",
    "likewise",
    "clockwise",
    "noise",
    "raise",
    "praise",
    "poise",
    "rise",
    "arise",
    "wise",
    "cruise",
    "bruise",
    "appraise",
    "concise",
    "incise",
    "circumcise",
    "reprise",
    "apprise",
];

/// Whole-word British spellings with no regular rule.
const WORDS: &[(&str, &str)] = &[
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("practise", "practice"),
    ("practised", "practiced"),
    ("practising", "practicing"),
    ("fulfil", "fulfill"),
    ("fulfils", "fulfills"),
    ("fulfilment", "fulfillment"),
    ("overfulfil", "overfulfill"),
    ("overfulfilment", "overfulfillment"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("grey", "gray"),
    ("cheque", "check"),
    ("tonne", "ton"),
    ("tonnes", "tons"),
    ("aluminium", "aluminum"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("modelled", "modeled"),
    ("modelling", "modeling"),
    ("labelled", "labeled"),
    ("signalled", "signaled"),
    ("cancelled", "canceled"),
    ("towards", "toward"),
    ("whilst", "while"),
    ("amongst", "among"),
];

/// "-our" words whose American form is "-or".
const OUR_STEMS: &[&str] = &[
    "labour",
    "honour",
    "colour",
    "favour",
    "behaviour",
    "neighbour",
    "harbour",
    "rumour",
    "vigour",
    "humour",
    "endeavour",
    "savour",
    "valour",
    "splendour",
    "glamour",
    "armour",
    "fervour",
    "parlour",
    "odour",
    "flavour",
    "clamour",
    "candour",
    "rigour",
    "tumour",
];

/// Number words (up to twenty, and the tens) and their digits.
const NUMBERS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    ("hundred", "100"),
];

/// Brings a normalised (lower-case) word to its American spelling, and number words to digits.
pub fn unify_spelling(word: &str) -> String {
    if let Some((_, american)) = WORDS.iter().find(|(british, _)| *british == word) {
        return (*american).to_string();
    }
    if let Some((_, digits)) = NUMBERS.iter().find(|(name, _)| *name == word) {
        return (*digits).to_string();
    }
    // Each rule below needs a few letters that most words lack ("our",
    // "is", "lys", a "tre" ending): looked for once, they rule a word out
    // of the rule before its list is gone through.
    if word.contains("our") {
        for stem in OUR_STEMS {
            if let Some(rest) = word.strip_prefix(stem) {
                return format!("{}or{rest}", &stem[..stem.len() - 3]);
            }
        }
    }
    if word.contains("is") {
        if let Some(unified) = unify_ise(word) {
            return unified;
        }
    }
    if word.contains("lys") {
        for prefix in ["analys", "paralys", "catalys"] {
            if let Some(rest) = word.strip_prefix(prefix) {
                return format!("{}yz{rest}", &prefix[..prefix.len() - 2]);
            }
        }
    }
    if !word.ends_with("tre") && !word.ends_with("tres") {
        return word.to_string();
    }
    for (british, american) in [("tre", "ter"), ("tres", "ters")] {
        if let Some(head) = word.strip_suffix(british) {
            if [
                "cen", "met", "thea", "fibr", "lit", "spec", "kilomet", "centimet", "millimet",
            ]
            .contains(&head)
            {
                return format!("{head}{american}");
            }
        }
    }
    word.to_string()
}

/// "-ise", "-ised", "-ising", "-isation" and friends to their "-iz" forms.
fn unify_ise(word: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("iser", "izer"),
        ("isers", "izers"),
    ];
    for (british, american) in ENDINGS {
        let Some(head) = word.strip_suffix(british) else {
            continue;
        };
        if head.len() < 3 {
            return None;
        }
        let base = format!("{head}ise");
        if ISE_BOTH.iter().any(|both| base.ends_with(both)) {
            return None;
        }
        return Some(format!("{head}{american}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_unified(british: &str, american: &str) {
        assert_eq!(unify_spelling(british), american, "{british}");
        assert_eq!(unify_spelling(american), american, "{american}");
    }

    #[test]
    fn british_spellings_become_american() {
        assert_unified("labour", "labor");
        assert_unified("labourers", "laborers");
        assert_unified("industrialisation", "industrialization");
        assert_unified("modernised", "modernized");
        assert_unified("organise", "organize");
        assert_unified("analysed", "analyzed");
        assert_unified("centre", "center");
        assert_unified("fulfilment", "fulfillment");
    }

    #[test]
    fn words_spelt_ise_everywhere_are_left_alone() {
        for word in [
            "exercise",
            "surprise",
            "raise",
            "raised",
            "rise",
            "promised",
            "otherwise",
            "wise",
            "noise",
        ] {
            assert_eq!(unify_spelling(word), word);
        }
    }

    #[test]
    fn number_words_become_digits() {
        assert_eq!(unify_spelling("fourteen"), "14");
        assert_eq!(unify_spelling("five"), "5");
        assert_eq!(unify_spelling("fiver"), "fiver");
    }
}
