//! Practice history: one JSON line per graded attempt, appended to a file in
//! the platform's data folder, and the per-question summaries `progress`
//! shows (attempts, best, latest, a sparkline trend, the points most missed).
//!
//! The file is JSON Lines so that an attempt is written with one append of
//! one whole line: a crash can at worst leave a broken *last* line, never
//! damage earlier ones. Reading is forgiving for the same reason: a line that
//! does not parse is skipped with a warning, never fatal. Records may gain
//! fields; unknown fields are ignored when reading, and fields added later
//! (such as the answer's text) are optional, so older files still load.

pub mod advice;

use crate::error::{Error, Result};
use crate::score::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that overrides where the history is kept.
pub const HISTORY_ENV: &str = "MARKPOINT_HISTORY";

/// How many of the latest attempts a trend shows.
pub const TREND_LENGTH: usize = 30;

/// How many of the most often missed points a summary names.
pub const MOST_MISSED: usize = 3;

/// Bars of a sparkline, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One graded practice attempt, as stored (one JSON object per line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// When it was graded, as RFC 3339 UTC (`2025-03-01T14:05:09Z`).
    pub timestamp: String,
    /// The question id.
    pub question: String,
    /// Sum of the weights of covered points.
    pub score: f64,
    /// Sum of all weights.
    pub max_score: f64,
    /// Score as a percentage.
    pub percent: f64,
    /// Ids of the points earned.
    #[serde(default)]
    pub covered: Vec<String>,
    /// Ids of the points missed.
    #[serde(default)]
    pub missed: Vec<String>,
    /// The answer as written; `None` in attempts recorded before answers were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

impl Attempt {
    /// The record of `answer`, graded as `report`, at `timestamp`.
    pub fn from_report(report: &Report, answer: &str, timestamp: String) -> Attempt {
        let ids = |covered: bool| {
            report
                .points
                .iter()
                .filter(|p| p.covered == covered)
                .map(|p| p.id.to_string())
                .collect()
        };
        Attempt {
            timestamp,
            question: report.question.to_string(),
            score: positive_zero(report.score),
            max_score: report.max_score,
            percent: positive_zero(report.percent),
            covered: ids(true),
            missed: ids(false),
            answer: Some(answer.to_string()),
        }
    }
}

/// `-0.0` as `0.0` (an empty `f64` sum is `-0.0`, which would print as "-0"); other values unchanged.
fn positive_zero(value: f64) -> f64 {
    value + 0.0
}

/// The default history file: `markpoint/history.jsonl` in the platform's
/// data folder (`$XDG_DATA_HOME` or `~/.local/share` on Linux); `None` when
/// the platform has none (no home folder).
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("markpoint").join("history.jsonl"))
}

/// The current time as RFC 3339 UTC.
pub fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_timestamp(seconds)
}

/// Seconds since the Unix epoch as RFC 3339 UTC (`1970-01-01T00:00:00Z`).
pub fn format_timestamp(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for days on or after the epoch).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Appends one attempt to the history file, creating the file and its folder
/// if needed.
///
/// The line is assembled first and written with one `write_all` on a file
/// opened for appending, so it lands whole at the end even if another
/// markpoint is appending too. If the file does not end in a newline (an
/// earlier write was cut short), a newline goes first so that only the
/// broken line is lost, not this one too.
pub fn append(path: &Path, attempt: &Attempt) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    let mut line = Vec::new();
    if !ends_with_newline(&mut file).map_err(io)? {
        line.push(b'\n');
    }
    line.extend(serde_json::to_vec(attempt).map_err(|e| io(std::io::Error::other(e)))?);
    line.push(b'\n');
    file.write_all(&line).map_err(io)
}

/// Whether a file is empty or ends in a newline.
fn ends_with_newline(file: &mut std::fs::File) -> std::io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// A history as read: the attempts that parsed, and a warning for each line that did not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// The attempts, in the order they were written (oldest first).
    pub attempts: Vec<Attempt>,
    /// One message per skipped line, naming the file and line.
    pub warnings: Vec<String>,
}

/// Reads a history file; a missing file is an empty history.
pub fn load(path: &Path) -> Result<Loaded> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(path, &bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Loaded::default()),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses history lines; blank lines are ignored, broken ones skipped with a warning.
pub fn parse(path: &Path, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = std::str::from_utf8(line)
            .map_err(|_| "not valid UTF-8".to_string())
            .and_then(|text| serde_json::from_str::<Attempt>(text).map_err(|e| e.to_string()));
        match parsed {
            Ok(attempt) => loaded.attempts.push(attempt),
            Err(why) => loaded.warnings.push(format!(
                "{}:{}: skipped a broken history line ({why})",
                path.display(),
                n + 1
            )),
        }
    }
    loaded
}

/// A score on one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Sum of the weights of covered points.
    pub score: f64,
    /// Sum of all weights.
    pub max_score: f64,
    /// Score as a percentage.
    pub percent: f64,
    /// When the attempt was graded.
    pub timestamp: String,
}

impl Score {
    fn of(attempt: &Attempt) -> Score {
        Score {
            score: positive_zero(attempt.score),
            max_score: attempt.max_score,
            percent: positive_zero(attempt.percent),
            timestamp: attempt.timestamp.clone(),
        }
    }
}

/// A point and how often it was missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missed {
    /// The point id.
    pub id: String,
    /// In how many attempts it was missed.
    pub times: usize,
}

/// One question's practice so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The question id.
    pub question: String,
    /// How many attempts were graded.
    pub attempts: usize,
    /// The highest-scoring attempt (the earliest of equals).
    pub best: Score,
    /// The most recent attempt.
    pub latest: Score,
    /// The percents of the latest [`TREND_LENGTH`] attempts, oldest first.
    pub percents: Vec<f64>,
    /// Those percents as a sparkline.
    pub trend: String,
    /// The points missed most often (at most [`MOST_MISSED`]), most missed first.
    pub most_missed: Vec<Missed>,
}

/// Attempts grouped by question id (in id order), each group oldest first.
pub fn by_question(attempts: &[Attempt]) -> BTreeMap<&str, Vec<&Attempt>> {
    let mut groups: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for attempt in attempts {
        groups
            .entry(attempt.question.as_str())
            .or_default()
            .push(attempt);
    }
    groups
}

/// Summarises attempts per question, ordered by question id.
pub fn summarise(attempts: &[Attempt]) -> Vec<Progress> {
    by_question(attempts)
        .into_iter()
        .filter_map(|(question, attempts)| summarise_question(question, &attempts))
        .collect()
}

/// The summary of one question's attempts (oldest first); `None` when there are none.
fn summarise_question(question: &str, attempts: &[&Attempt]) -> Option<Progress> {
    let latest = *attempts.last()?;
    let mut best = *attempts.first()?;
    for attempt in attempts {
        if attempt.percent > best.percent {
            best = attempt;
        }
    }
    let percents: Vec<f64> = attempts[attempts.len().saturating_sub(TREND_LENGTH)..]
        .iter()
        .map(|a| a.percent)
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for attempt in attempts {
        for id in &attempt.missed {
            *counts.entry(id.as_str()).or_default() += 1;
        }
    }
    let mut most_missed: Vec<Missed> = counts
        .into_iter()
        .map(|(id, times)| Missed {
            id: id.to_string(),
            times,
        })
        .collect();
    // Stable sort: equal counts stay in id order.
    most_missed.sort_by_key(|m| std::cmp::Reverse(m.times));
    most_missed.truncate(MOST_MISSED);
    Some(Progress {
        question: question.to_string(),
        attempts: attempts.len(),
        best: Score::of(best),
        latest: Score::of(latest),
        trend: sparkline(&percents),
        percents,
        most_missed,
    })
}

/// Percentages (0 to 100) as a sparkline, one bar each: `▁` for 0, `█` for 100.
///
/// The scale is absolute, not stretched between the lowest and highest
/// value, so that the same bar always means the same score.
pub fn sparkline(percents: &[f64]) -> String {
    percents
        .iter()
        .map(|p| {
            let level = (p.clamp(0.0, 100.0) / 100.0 * 7.0).round();
            // NaN clamps to NaN and casts to 0: the lowest bar.
            BARS[(level as usize).min(BARS.len() - 1)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, percent: f64, missed: &[&str]) -> Attempt {
        Attempt {
            timestamp: format!("t{percent}"),
            question: question.to_string(),
            score: percent / 25.0,
            max_score: 4.0,
            percent,
            covered: Vec::new(),
            missed: missed.iter().map(|s| s.to_string()).collect(),
            answer: None,
        }
    }

    #[track_caller]
    fn assert_timestamp(seconds: u64, expected: &str) {
        assert_eq!(format_timestamp(seconds), expected);
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_timestamp(0, "1970-01-01T00:00:00Z");
        assert_timestamp(951_782_400, "2000-02-29T00:00:00Z");
        assert_timestamp(1_700_000_000, "2023-11-14T22:13:20Z");
        assert_timestamp(1_709_251_199, "2024-02-29T23:59:59Z");
        assert_timestamp(4_102_444_800, "2100-01-01T00:00:00Z");
    }

    #[test]
    fn negative_zero_scores_are_stored_as_zero() {
        let mut zero = attempt("q", -0.0, &[]);
        zero.score = -0.0;
        let progress = summarise(&[zero]);
        assert_eq!(progress[0].best.percent.to_string(), "0");
        assert_eq!(progress[0].latest.score.to_string(), "0");
    }

    #[test]
    fn sparkline_uses_an_absolute_scale() {
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[0.0, 50.0, 100.0]), "▁▅█");
        assert_eq!(sparkline(&[25.0, 75.0]), "▃▆");
        assert_eq!(sparkline(&[-5.0, 250.0, f64::NAN]), "▁█▁");
    }

    #[test]
    fn broken_lines_are_skipped_with_a_warning_naming_the_line() {
        let good = serde_json::to_string(&attempt("q", 50.0, &[])).expect("encodes");
        let text = format!("{good}\n{{\"timestamp\": \"x\", \"quest\n\n{good}\n\u{0}\u{ff}\n");
        let loaded = parse(Path::new("h.jsonl"), text.as_bytes());
        assert_eq!(loaded.attempts.len(), 2);
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].starts_with("h.jsonl:2: skipped a broken history line"));
        assert!(loaded.warnings[1].starts_with("h.jsonl:5: "));
        let invalid = parse(Path::new("h.jsonl"), b"\xff\xfe\n");
        assert!(invalid.warnings[0].contains("not valid UTF-8"));
    }

    #[test]
    fn unknown_fields_are_ignored_when_reading() {
        let line = r#"{"timestamp":"t","question":"q","score":1,"max_score":2,"percent":50,"covered":["a"],"missed":["b"],"future":true}"#;
        let loaded = parse(Path::new("h"), line.as_bytes());
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.attempts[0].missed, ["b"]);
    }

    #[test]
    fn append_writes_whole_lines_and_mends_a_cut_off_last_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("history.jsonl");
        append(&path, &attempt("q", 25.0, &["a"])).expect("appends");
        append(&path, &attempt("q", 50.0, &[])).expect("appends");
        let text = std::fs::read_to_string(&path).expect("reads");
        assert_eq!(text.lines().count(), 2);
        assert!(text.ends_with('\n'));
        // A crash left half a line: the next attempt still gets a line of its own.
        std::fs::write(&path, format!("{}{{\"timest", text)).expect("writes");
        append(&path, &attempt("q", 75.0, &[])).expect("appends");
        let loaded = load(&path).expect("loads");
        let percents: Vec<f64> = loaded.attempts.iter().map(|a| a.percent).collect();
        assert_eq!(percents, [25.0, 50.0, 75.0]);
        assert_eq!(loaded.warnings.len(), 1);
    }

    #[test]
    fn answers_are_kept_and_old_lines_without_them_still_load() {
        let old = r#"{"timestamp":"t","question":"q","score":1,"max_score":2,"percent":50,"covered":["a"],"missed":["b"]}"#;
        let mut new = attempt("q", 75.0, &[]);
        new.answer = Some("Plants \"breathe\".\nSecond line.".to_string());
        let text = format!("{old}\n{}\n", serde_json::to_string(&new).expect("encodes"));
        let loaded = parse(Path::new("h"), text.as_bytes());
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.attempts[0].answer, None);
        assert_eq!(loaded.attempts[1], new);
        // An attempt without text is written as before: no "answer" field.
        let encoded = serde_json::to_string(&attempt("q", 50.0, &[])).expect("encodes");
        assert!(!encoded.contains("answer"), "{encoded}");
    }

    #[test]
    fn a_missing_history_is_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let loaded = load(&dir.path().join("none.jsonl")).expect("loads");
        assert_eq!(loaded, Loaded::default());
    }

    #[test]
    fn summaries_count_attempts_best_latest_trend_and_misses() {
        let attempts = [
            attempt("b", 25.0, &["x", "y"]),
            attempt("a", 100.0, &[]),
            attempt("b", 75.0, &["y"]),
            attempt("b", 50.0, &["y", "z"]),
        ];
        let progress = summarise(&attempts);
        assert_eq!(progress.len(), 2);
        assert_eq!(progress[0].question, "a");
        assert_eq!(progress[0].attempts, 1);
        assert!(progress[0].most_missed.is_empty());
        let b = &progress[1];
        assert_eq!(b.attempts, 3);
        assert_eq!(b.best.percent, 75.0);
        assert_eq!(b.latest.percent, 50.0);
        assert_eq!(b.percents, [25.0, 75.0, 50.0]);
        assert_eq!(b.trend, "▃▆▅");
        let missed: Vec<(&str, usize)> = b
            .most_missed
            .iter()
            .map(|m| (m.id.as_str(), m.times))
            .collect();
        assert_eq!(missed, [("y", 3), ("x", 1), ("z", 1)]);
    }

    #[test]
    fn the_best_of_equal_scores_is_the_earliest() {
        let mut first = attempt("q", 50.0, &[]);
        first.timestamp = "first".to_string();
        let mut second = attempt("q", 50.0, &[]);
        second.timestamp = "second".to_string();
        let progress = summarise(&[first, second]);
        assert_eq!(progress[0].best.timestamp, "first");
        assert_eq!(progress[0].latest.timestamp, "second");
    }

    #[test]
    fn the_trend_shows_only_the_latest_attempts() {
        let attempts: Vec<Attempt> = (0..TREND_LENGTH + 5)
            .map(|n| attempt("q", if n < 5 { 0.0 } else { 100.0 }, &[]))
            .collect();
        let progress = summarise(&attempts);
        assert_eq!(progress[0].attempts, TREND_LENGTH + 5);
        assert_eq!(progress[0].trend, "█".repeat(TREND_LENGTH));
    }
}
