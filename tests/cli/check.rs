//! `markpoint check`: reports, formats, exit codes, colour.

use super::{check_fixture, check_json, covered, fixture_json, point};
use markpoint::report::json::JsonReport;
use predicates::prelude::*;

#[test]
fn json_report_follows_the_contract() {
    let answer = "Plants use sunlight to make sugar, which stores the energy.";
    let output = check_fixture()
        .args(["--format", "json"])
        .write_stdin(answer)
        .output()
        .expect("runs");
    assert!(output.status.success());
    // Unknown fields would fail here: the wire types deny them.
    let report: JsonReport =
        serde_json::from_slice(&output.stdout).expect("decodes as the contract");
    assert_eq!(report.question, "photosynthesis");
    assert_eq!(report.max_score, 4.0);
    assert_eq!(report.score, 1.0);
    assert_eq!(report.percent, 25.0);
    assert!(!report.passed);
    let light = &report.points[0];
    assert!(light.covered);
    let (start, end) = light.span.expect("span");
    assert_eq!(
        &answer[start..end],
        light.evidence.as_deref().expect("evidence")
    );
    assert!(light.matched_terms.contains(&"sunlight".to_string()));
    assert!(light.hint.is_none());
    let oxygen = &report.points[2];
    assert!(!oxygen.covered && oxygen.evidence.is_none() && oxygen.span.is_none());
    assert_eq!(oxygen.hint.as_deref(), Some("Say what gas is given off."));
}

#[test]
fn a_denied_claim_does_not_earn_the_point() {
    let report = check_json(
        "five-year-plans",
        "Stakhanovism did not increase productivity.",
    );
    assert_eq!(point(&report, "productivity-boost")["covered"], false);
    assert_eq!(point(&report, "productivity-boost")["denied"]["cue"], "not");
    let report = check_json("five-year-plans", "Stakhanovism increased productivity.");
    assert_eq!(point(&report, "productivity-boost")["covered"], true);
}

#[test]
fn negation_reaches_only_its_own_clause() {
    let report = fixture_json("Plants do not eat food, but they release oxygen.", &[]);
    assert_eq!(covered(&report), ["oxygen"]);
    let report = fixture_json("Plants never release oxygen.", &[]);
    assert!(covered(&report).is_empty());
}

#[test]
fn a_phrase_with_an_irregular_verb_matches_its_other_tenses() {
    // The rubric says "went over"; the answer says "go over".
    let answer = "The campaign got workers to go over their quotas every shift.";
    assert!(
        covered(&check_json("definition", answer)).contains(&"exceed-targets".to_string()),
        "{answer}"
    );
    let stayed = "The campaign got workers to stay under their quotas every shift.";
    assert!(
        !covered(&check_json("definition", stayed)).contains(&"exceed-targets".to_string()),
        "{stayed}"
    );
}

#[test]
fn a_text_that_does_not_state_something_does_not_deny_it() {
    // Missing information is named by a negated verb of saying; what the
    // verb leaves out is still named, while other verbs deny their object.
    let states = fixture_json(
        "The notes do not clearly state the oxygen plants release.",
        &[],
    );
    assert!(covered(&states).contains(&"oxygen".to_string()), "{states}");
    let says = fixture_json("The book doesn't mention the oxygen plants release.", &[]);
    assert!(covered(&says).contains(&"oxygen".to_string()), "{says}");
    let denies = fixture_json("Plants do not release oxygen.", &[]);
    assert!(
        !covered(&denies).contains(&"oxygen".to_string()),
        "{denies}"
    );
}

#[test]
fn concepts_must_occur_together() {
    // "light" and "energy" in unrelated sentences far apart do not make the point.
    let answer = "The sun is a star. Stars are far away from us and there are many of them in the sky at night. \
                  Cars need energy.";
    assert!(covered(&fixture_json(answer, &[])).is_empty());
    // Across two neighbouring sentences, close together, they do.
    assert_eq!(
        covered(&fixture_json(
            "Plants take in light. They store it as energy.",
            &[]
        )),
        ["light-energy"]
    );
}

#[test]
fn misspelt_key_words_still_count_and_are_noted() {
    let report = check_json(
        "five-year-plans",
        "There was fierce competiton between workers to produce the most coal, which drove rapid growth.",
    );
    let competition = point(&report, "competition");
    assert_eq!(competition["covered"], true);
    assert_eq!(competition["near_misses"][0]["written"], "competiton");
}

#[test]
fn keyword_strings_earn_nothing_on_every_question_with_or_without_commas() {
    let strings = [
        "soviet 1930s stakhanov record 14 times quota propaganda socialism rewards medals workers exceed targets",
        "stalin five year plans industrial output targets stakhanov record competition workers productivity growth",
        "stakhanovites heroes propaganda socialism superior hard work patriotic duty pressure punishment quotas",
        "stakhanovism legacy pressure workers quotas raised norms resentment quantity quality soviet economy inefficiency",
    ];
    for question in [
        "definition",
        "five-year-plans",
        "soviet-society",
        "long-term-effects",
    ] {
        for string in strings {
            for answer in [string.to_string(), string.replace(' ', ", ")] {
                let report = check_json(question, &answer);
                assert!(
                    covered(&report).is_empty(),
                    "{question}: {answer}: {report}"
                );
                assert!(
                    report["warnings"].to_string().contains("list of keywords"),
                    "{question}: {answer}: {report}"
                );
            }
        }
    }
}

#[test]
fn bare_keyword_lists_earn_nothing_and_are_flagged() {
    let report = check_json(
        "definition",
        "Stakhanov, quota, propaganda, competition, 1935, rewards, Soviet, 1930s",
    );
    assert!(covered(&report).is_empty(), "{report}");
    assert!(report["warnings"][0]
        .as_str()
        .expect("warning")
        .contains("list of keywords"));
    for list in [
        "Stakhanov 1935 record quota propaganda Soviet 1930s rewards bonuses",
        "Key words: Stakhanov; 1935; record; quota; propaganda; rewards.",
        "- Stakhanov\n- 1935 record\n- quota\n- propaganda\n- rewards",
    ] {
        assert!(
            covered(&check_json("definition", list)).is_empty(),
            "{list}"
        );
    }
}

#[test]
fn text_report_shows_ticks_evidence_hints_and_score() {
    check_fixture()
        .write_stdin("Plants use sunlight to make sugar.")
        .assert()
        .success()
        .stdout(predicate::str::contains("✔ light-energy"))
        .stdout(predicate::str::contains(
            "\"Plants use sunlight to make sugar.\"",
        ))
        .stdout(predicate::str::contains("✘ oxygen"))
        .stdout(predicate::str::contains("add: Say what gas is given off."))
        .stdout(predicate::str::contains("Score 1/4 (25%)"));
}

#[test]
fn min_score_sets_exit_code_one_below_it() {
    let run = |min: &str| {
        check_fixture()
            .args(["--min-score", min])
            .write_stdin("Plants use sunlight to make sugar.")
            .assert()
    };
    run("20").code(0);
    run("30").code(1);
}

#[test]
fn colour_is_off_on_a_pipe_and_on_when_forced() {
    let answer = "Plants use sunlight to make sugar.";
    check_fixture()
        .write_stdin(answer)
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    check_fixture()
        .args(["--color", "always"])
        .write_stdin(answer)
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    check_fixture()
        .args(["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .write_stdin(answer)
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn escape_sequences_in_answers_are_never_echoed_raw() {
    let answer = "Plants use sunlight \u{1b}[2J\u{1b}]0;pwned\u{7} to make sugar.";
    check_fixture()
        .args(["--color", "never"])
        .write_stdin(answer)
        .assert()
        .success()
        .stdout(predicate::str::contains("\\e[2J"))
        .stdout(predicate::str::contains("\u{1b}").not())
        .stdout(predicate::str::contains("\u{7}").not());
}

#[test]
fn several_files_are_reported_in_turn_with_headings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Plants release oxygen.").expect("write");
    std::fs::write(&b, "Plants use sunlight to make sugar.").expect("write");
    check_fixture()
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout(predicate::str::contains("== ").count(2))
        .stdout(predicate::str::contains("a.txt"))
        .stdout(predicate::str::contains("b.txt"));
    let output = check_fixture()
        .args(["--format", "jsonl"])
        .arg(&a)
        .arg(&b)
        .output()
        .expect("runs");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(covered(&lines[0]), ["oxygen"]);
    assert_eq!(covered(&lines[1]), ["light-energy"]);
}

#[test]
fn answers_are_read_from_a_file_or_dash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("answer.txt");
    std::fs::write(&file, "Plants release oxygen.").expect("write");
    check_fixture()
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("✔ oxygen"));
    check_fixture()
        .args(["-"])
        .write_stdin("Plants release oxygen.")
        .assert()
        .success()
        .stdout(predicate::str::contains("✔ oxygen"));
}

#[test]
fn a_claim_said_not_to_be_true_earns_nothing_however_long_it_is() {
    let answer = "It is not true that in the hard years of the 1930s the Stakhanovite movement \
                  raised productivity.";
    let report = check_json("definition", answer);
    assert!(covered(&report).is_empty(), "{answer}: {report}");
    // Said as true, the same claim earns its point.
    let answer = "It is true that in the hard years of the 1930s the Stakhanovite movement \
                  raised productivity.";
    let report = check_json("definition", answer);
    assert!(
        covered(&report).contains(&"exceed-targets".to_string()),
        "{answer}: {report}"
    );
}

#[test]
fn a_claim_put_on_others_and_then_rejected_earns_nothing() {
    for answer in [
        "People say it was used for propaganda, but I don't think it was propaganda at all.",
        "Some claim Stakhanovism was a propaganda tool, but in fact that is a myth.",
    ] {
        let report = check_json("definition", answer);
        assert!(
            !covered(&report).contains(&"propaganda-tool".to_string()),
            "{answer}: {report}"
        );
    }
    let report = check_json(
        "definition",
        "Some claim it was only a propaganda tool, and the state did use it as propaganda.",
    );
    assert!(
        covered(&report).contains(&"propaganda-tool".to_string()),
        "{report}"
    );
}

#[test]
fn sentences_about_another_topic_of_the_period_earn_nothing() {
    for (question, answer) in [
        (
            "definition",
            "Collectivisation was the Soviet policy of the 1930s that forced peasants onto collective farms.",
        ),
        (
            "soviet-society",
            "The Great Terror used propaganda and show trials, and ordinary people lived in fear of arrest.",
        ),
    ] {
        let report = check_json(question, answer);
        assert!(covered(&report).is_empty(), "{question}: {report}");
    }
    // Naming the question's own subject keeps a sentence on the question.
    let report = check_json(
        "definition",
        "Stakhanovism, like collectivisation, was a Soviet campaign of the 1930s.",
    );
    assert_eq!(covered(&report), ["soviet-1930s"], "{report}");
}

#[test]
fn a_record_kept_quiet_is_no_example_for_others() {
    let report = check_json(
        "five-year-plans",
        "Stakhanov's record was kept quiet so that nobody would copy it.",
    );
    assert!(
        !covered(&report).contains(&"individual-records".to_string()),
        "{report}"
    );
}

/// A short essay: a paragraph on Stakhanovism, then `rest` after a blank line.
fn essay(rest: &str) -> String {
    format!(
        "Stakhanovism was a Soviet campaign named after Alexei Stakhanov, a \
         miner from the Donbas.\n\n{rest}"
    )
}

#[test]
fn in_a_long_answer_a_paragraph_must_be_about_the_subject_itself() {
    // A paragraph about the Plans' own output names industry and production,
    // not Stakhanovism: as context it earns no point about the movement.
    let plans = "The Five-Year Plans were meant to turn the country into an industrial \
                 giant. Steel production went up year after year, and new power stations \
                 were built.";
    let report = check_json("five-year-plans", &essay(plans));
    assert!(
        covered(&report).contains(&"plan-goals".to_string()),
        "{report}"
    );
    assert!(
        !covered(&report).contains(&"productivity-boost".to_string()),
        "{report}"
    );
    // On its own, a short answer is judged on the broader subject.
    let report = check_json("five-year-plans", plans);
    assert!(
        covered(&report).contains(&"productivity-boost".to_string()),
        "{report}"
    );
    // A paragraph that opens by referring back carries on the subject.
    let rewards = |paragraph: &str| covered(&check_json("definition", &essay(paragraph)));
    assert!(
        rewards("Such workers were paid higher wages and given new flats.")
            .contains(&"rewards".to_string())
    );
    assert!(
        !rewards("Factory workers were paid higher wages and given new flats.")
            .contains(&"rewards".to_string())
    );
    assert!(
        rewards("But in return the best workers were paid higher wages and given new flats.")
            .contains(&"rewards".to_string())
    );
}

#[test]
fn in_a_long_answer_a_sentence_about_another_topic_must_name_the_subject_itself() {
    let war = "Stakhanov's example spread quickly. During the Second World War factory \
               workers exceeded their quotas to make shells.";
    let report = check_json("five-year-plans", &essay(war));
    assert!(
        !covered(&report).contains(&"exceed-targets".to_string()),
        "{report}"
    );
    let own = "Stakhanov's example spread quickly. During the Second World War \
               Stakhanovites exceeded their quotas to make shells.";
    let report = check_json("five-year-plans", &essay(own));
    assert!(
        covered(&report).contains(&"exceed-targets".to_string()),
        "{report}"
    );
}

#[test]
fn claims_assumed_or_named_as_claims_and_then_rejected_earn_nothing() {
    for answer in [
        "It is sometimes assumed that Stakhanovites were rewarded with flats and medals, \
         but that is not so.",
        "It is also widely claimed that Stakhanovites were rewarded with flats and medals. \
         In my view this is a myth.",
        "The idea that Stakhanovites were rewarded with flats and medals is simply not true.",
        "Some writers describe the Stakhanovites as rewarded with flats and medals. \
         I think that picture is exaggerated.",
    ] {
        let report = check_json("definition", answer);
        assert!(
            !covered(&report).contains(&"rewards".to_string()),
            "{answer}: {report}"
        );
    }
    let report = check_json(
        "definition",
        "Stakhanovites were rewarded with flats and medals.",
    );
    assert_eq!(covered(&report), ["rewards"], "{report}");
}

#[test]
fn being_told_to_work_harder_is_not_working_harder() {
    for answer in [
        "Under Stakhanovism miners were expected to work harder.",
        "Under Stakhanovism miners were told to work harder.",
    ] {
        let report = check_json("five-year-plans", answer);
        assert!(
            !covered(&report).contains(&"productivity-boost".to_string()),
            "{answer}: {report}"
        );
    }
    let report = check_json(
        "five-year-plans",
        "Under Stakhanovism miners worked harder.",
    );
    assert!(
        covered(&report).contains(&"productivity-boost".to_string()),
        "{report}"
    );
}

#[test]
fn a_long_run_of_nouns_joined_by_one_of_is_a_keyword_string() {
    let report = check_json(
        "definition",
        "Stakhanov coal miner Donbas record shift 1935 heroes of labour medals bonuses",
    );
    assert!(covered(&report).is_empty(), "{report}");
    let report = check_json(
        "definition",
        "Stakhanov, a coal miner from the Donbas, set a record in 1935 and won medals.",
    );
    assert!(
        covered(&report).contains(&"rewards".to_string()),
        "{report}"
    );
}

#[test]
fn competition_with_other_countries_is_not_competition_between_workers() {
    let competition = |answer: &str| {
        covered(&check_json("five-year-plans", answer)).contains(&"competition".to_string())
    };
    assert!(!competition(
        "Under Stakhanovism the Soviet Union was in competition with America to grow faster."
    ));
    assert!(competition(
        "Under Stakhanovism miners competed with each other to cut the most coal."
    ));
}

#[test]
fn records_in_the_air_are_not_records_at_work() {
    let records = |answer: &str| {
        covered(&check_json("five-year-plans", answer)).contains(&"individual-records".to_string())
    };
    assert!(!records(
        "Record-breaking pilots were held up as heroes for young people to copy."
    ));
    assert!(records(
        "Record-breaking miners were held up as heroes for young people to copy."
    ));
}
