//! "Did you mean …?": the nearest of a set of known names to a mistyped one.
//!
//! One function for every place a name can be mistyped (question ids, man
//! page topics, concept names, point ids), so they all suggest alike.

/// The known name closest to `typed`, when it is close enough to be what was
/// meant: a case-insensitive Jaro–Winkler similarity of at least 0.8 (the
/// threshold clap uses for mistyped subcommands). Ties go to the first name
/// given; a name spelt exactly as typed is not a suggestion.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_folded = typed.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for name in known {
        if name == typed {
            return None;
        }
        let similarity = strsim::jaro_winkler(&typed_folded, &name.to_lowercase());
        if best.is_none_or(|(score, _)| similarity > score) {
            best = Some((similarity, name));
        }
    }
    best.filter(|(score, _)| *score >= 0.8)
        .map(|(_, name)| name)
}

/// `did you mean "x"? ` for a message, or nothing when no name is close.
pub fn hint<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(typed, known)
        .map(|name| format!("did you mean {name:?}? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_suggests(typed: &str, known: &[&str], want: Option<&str>) {
        assert_eq!(did_you_mean(typed, known.iter().copied()), want, "{typed}");
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let ids = [
            "definition",
            "five-year-plans",
            "soviet-society",
            "long-term-effects",
        ];
        assert_suggests("definiton", &ids, Some("definition"));
        assert_suggests("Definition", &ids, Some("definition"));
        assert_suggests("five-year-plan", &ids, Some("five-year-plans"));
        assert_suggests("soviet", &ids, Some("soviet-society"));
        assert_suggests("photosynthesis", &ids, None);
        assert_suggests("definition", &ids, None);
        assert_suggests("anything", &[], None);
    }

    #[test]
    fn hint_is_empty_when_nothing_is_close() {
        assert_eq!(hint("chek", ["check", "list"]), "did you mean \"check\"? ");
        assert_eq!(hint("zzz", ["check", "list"]), "");
    }
}
