//! Judgment beyond the words: what a sentence is about, which words make one
//! phrase or name, and which are mentioned rather than claimed. The answers
//! are written for these tests; the built-in Stakhanovism rubrics judge them.

use crate::{check_json, covered};

/// Whether `question`'s built-in rubric gives `point` to `answer`.
fn earns(question: &str, answer: &str, point: &str) -> bool {
    covered(&check_json(question, answer)).contains(&point.to_string())
}

#[test]
fn a_sentence_naming_nothing_carries_on_the_other_topic_before_it() {
    let after = |first: &str| {
        format!(
            "{first} Informers who denounced their neighbours were given medals and better flats."
        )
    };
    let terror = after("The Great Terror of 1937 filled the camps with prisoners.");
    assert!(!earns("definition", &terror, "rewards"), "{terror}");
    let record = after("Stakhanov set a record in 1935.");
    assert!(earns("definition", &record, "rewards"), "{record}");
}

#[test]
fn a_word_inside_the_name_of_another_topic_is_not_a_word_of_its_own() {
    // "race" in "the space race" names the race to space, not a contest.
    let space = "The Stakhanovite movement later inspired Soviet pride in the space race.";
    assert!(!earns("five-year-plans", space, "competition"), "{space}");
    let raced = "Stakhanovites raced each other to dig the most coal.";
    assert!(earns("five-year-plans", raced, "competition"), "{raced}");
}

#[test]
fn a_phrase_does_not_run_on_into_the_next_clause() {
    // "For example, if a worker" is no "example of a worker".
    let example = "The Plans had high quotas. For example, if a worker made 200 bolts a day, \
                   a Stakhanovite made 500.";
    assert!(
        !earns("five-year-plans", example, "individual-records"),
        "{example}"
    );
    let phrase = "Each Stakhanovite was an example of a worker who did far more than his quota.";
    assert!(
        earns("five-year-plans", phrase, "individual-records"),
        "{phrase}"
    );
}

#[test]
fn a_word_named_as_a_word_or_a_definition_of_another_term_claims_nothing() {
    let word = "The word 'competition' sounds capitalist, yet the miners helped each other.";
    assert!(!earns("five-year-plans", word, "competition"), "{word}");
    let used = "The word competition is right: miners competed fiercely.";
    assert!(earns("five-year-plans", used, "competition"), "{used}");
    let definition = "Propaganda means lies, and the Stakhanovites did real work.";
    assert!(
        !earns("soviet-society", definition, "harsh-realities"),
        "{definition}"
    );
}

#[test]
fn what_the_subject_is_said_to_be_in_another_topic_is_said_of_that() {
    // The issue's own example: a war hero punished by Stalin is no Stakhanovite.
    let war = "Stakhanov was a hero of the Second World War who was punished by Stalin.";
    assert!(
        covered(&check_json("soviet-society", war)).is_empty(),
        "{war}"
    );
    let poster = "Stakhanovite was a style of poster made for the space race, \
                  showing cosmonauts as heroes.";
    assert!(
        !earns("soviet-society", poster, "heroes-rewards"),
        "{poster}"
    );
    // The sentence after goes on about that other figure.
    let general = "Stakhanov was a general in the Civil War. He led the cavalry and was \
                   given medals and a dacha.";
    assert!(
        !earns("soviet-society", general, "heroes-rewards"),
        "{general}"
    );
    // So do the clauses after it in its sentence, until the subject is named again.
    let pilot = "Stakhanov was a pilot in the Second World War, and his picture was \
                 used as propaganda.";
    assert!(!earns("definition", pilot, "propaganda-tool"), "{pilot}");
    let again = "Stakhanov was not a pilot in the Second World War, and the Stakhanovite \
                 movement was used as propaganda.";
    assert!(earns("definition", again, "propaganda-tool"), "{again}");
    let famous = "Stakhanov was a famous coal miner. He was given medals and a new flat.";
    assert!(
        earns("soviet-society", famous, "heroes-rewards"),
        "{famous}"
    );
    let miner = "Stakhanov was a miner who was made a hero, and workers who missed \
                 their quotas were punished.";
    assert_eq!(
        covered(&check_json("soviet-society", miner)),
        ["heroes-rewards", "pressure-punishment"],
        "{miner}"
    );
}

#[test]
fn a_sentence_set_in_the_time_of_another_topic_is_about_it() {
    let cold_war = "During the Cold War factory workers exceeded their targets to build missiles.";
    assert!(
        !earns("five-year-plans", cold_war, "exceed-targets"),
        "{cold_war}"
    );
    // Unless it names the subject itself, or only mentions the other topic later.
    for answer in [
        "During the Cold War the Stakhanovites still exceeded their targets.",
        "Factory workers exceeded their targets, as they later did in the Cold War.",
    ] {
        assert!(
            earns("five-year-plans", answer, "exceed-targets"),
            "{answer}"
        );
    }
}

#[test]
fn a_subject_named_only_to_deny_it_as_the_source_earns_nothing() {
    for answer in [
        "Output rose in 1936 mostly thanks to new machines, not through the Stakhanovite movement.",
        "Output rose in 1936 thanks to new machines rather than the Stakhanovite movement.",
    ] {
        assert!(
            !earns("five-year-plans", answer, "productivity-boost"),
            "{answer}"
        );
    }
    let credited =
        "Output rose in 1936 through the Stakhanovite movement, not through new machines.";
    assert!(
        earns("five-year-plans", credited, "productivity-boost"),
        "{credited}"
    );
}

#[test]
fn a_sentence_naming_no_word_of_the_question_stays_in_the_domain_before_it() {
    let sport = "Many young athletes trained for hours every day from the age of six. \
                 Gymnasts often had to retire early because of injuries and became disillusioned.";
    assert!(
        !earns("long-term-effects", sport, "systemic-problems"),
        "{sport}"
    );
    let workers =
        "Stakhanovite miners trained like athletes. Later many workers became disillusioned.";
    assert!(
        earns("long-term-effects", workers, "systemic-problems"),
        "{workers}"
    );
}

#[test]
fn an_answers_plan_and_a_long_answers_conclusion_make_no_point() {
    let plan = "This essay will discuss how Stakhanovites were rewarded with flats and medals.";
    assert!(!earns("definition", plan, "rewards"), "{plan}");
    let body = "Stakhanovism was a Soviet campaign named after Alexei Stakhanov, a miner.";
    let ending = "In conclusion, Stakhanovites were rewarded with flats and medals.";
    let concluded = format!("{body}\n\n{ending}");
    assert!(!earns("definition", &concluded, "rewards"), "{concluded}");
    // A point the body makes stands, and a short answer has no conclusion to set apart.
    let argued = format!("{body} Stakhanovites were rewarded with flats and medals.\n\n{ending}");
    assert!(earns("definition", &argued, "rewards"), "{argued}");
    assert!(earns("definition", ending, "rewards"), "{ending}");
}

#[test]
fn a_long_answers_last_paragraph_opening_with_so_sums_it_up() {
    let body = "Stakhanovism was a Soviet campaign named after Alexei Stakhanov, a miner.";
    let summary = "So Stakhanovites were rewarded with flats and medals.";
    let summed = format!("{body}\n\n{summary}");
    assert!(!earns("definition", &summed, "rewards"), "{summed}");
    // Only the last paragraph sums up; a paragraph in the middle argues.
    let middle = format!("{body}\n\n{summary}\n\nStakhanov died in 1977.");
    assert!(earns("definition", &middle, "rewards"), "{middle}");
}

#[test]
fn the_portfolio_of_an_office_is_part_of_its_title() {
    let title = "Stakhanov's record was praised by the commissar of heavy industry.";
    assert!(!earns("five-year-plans", title, "plan-goals"), "{title}");
    let aim = "Stakhanov's record was praised because the Plans built up heavy industry.";
    assert!(earns("five-year-plans", aim, "plan-goals"), "{aim}");
}

#[test]
fn a_right_to_act_is_not_the_act() {
    let right = "Gorbachev's reforms gave workers the right to strike.";
    assert!(
        !earns("long-term-effects", right, "reform-discontent"),
        "{right}"
    );
    for answer in [
        "Gorbachev's reforms came after the miners went on strike.",
        "Gorbachev's reforms gave the miners the right to strike, and they did strike.",
    ] {
        assert!(
            earns("long-term-effects", answer, "reform-discontent"),
            "{answer}"
        );
    }
}

#[test]
fn a_figure_placed_in_another_topic_stays_that_figure() {
    let placed = "Stakhanov was a general in the Civil War.";
    let him = format!(
        "{placed}\n\nYears later people still admired Stakhanov as a great hero, \
         and he was given medals."
    );
    assert!(!earns("soviet-society", &him, "heroes-rewards"), "{him}");
    // The movement named in full is still the movement.
    let movement = format!(
        "{placed}\n\nYears later the Stakhanovites were admired as great heroes, \
         and they were given medals."
    );
    assert!(
        earns("soviet-society", &movement, "heroes-rewards"),
        "{movement}"
    );
}

#[test]
fn a_labelled_note_is_a_statement_about_its_label() {
    // "Heading: items" says the items of the heading; a bare list says nothing.
    let note = "- later years: exhaustion, cynicism, shoddy goods\n- norms raised every year";
    assert!(
        earns("long-term-effects", note, "systemic-problems"),
        "{note}"
    );
    let list = "- exhaustion, cynicism, shoddy goods\n- norms raised every year";
    assert!(
        !earns("long-term-effects", list, "systemic-problems"),
        "{list}"
    );
    // A label naming the question's own subject only heads a list of keywords.
    let keywords = "Stakhanovites: exhaustion, cynicism, shoddy goods";
    assert!(
        !earns("long-term-effects", keywords, "systemic-problems"),
        "{keywords}"
    );
}
