//! The report as text for a person at a terminal: a tick or cross per point,
//! the quoted evidence, the hint for what is missing, spelling notes, the
//! score. Colour is decided by the caller (`colored`'s override); answer
//! text is always passed through [`for_terminal`] first. Lines are wrapped
//! to a width the caller chooses ([`render_wrapped`]), or not at all.

use super::json::how_name;
use super::wrap::{self, Piece};
use crate::matching::{Decision, Found, How};
use crate::score::{PointResult, Report};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::io::{self, Write};
use std::sync::Arc;

/// Longest quotation shown, in characters.
const QUOTE_LIMIT: usize = 240;

/// Writes a report; with `explain`, how every decision was made.
pub fn render(out: &mut dyn Write, report: &Report, explain: bool) -> io::Result<()> {
    render_wrapped(out, report, explain, None)
}

/// Writes a report with its lines wrapped to `width` columns ([`wrap::fill`]):
/// breaks fall between words, a quotation from the answer stays on one line
/// when it fits, continuation lines are indented under their item.
pub fn render_wrapped(
    out: &mut dyn Write,
    report: &Report,
    explain: bool,
    width: Option<usize>,
) -> io::Result<()> {
    let mut lines = Lines { out, width };
    lines.write(
        "",
        &[words(format!(
            "{} {}",
            format!("{}:", safe(&report.question)).bold(),
            safe(&report.question_text)
        ))],
        2,
    )?;
    lines.blank()?;
    let missed_label = super::missed_point_label(report);
    for point in &report.points {
        render_point(&mut lines, point, explain, missed_label)?;
    }
    for misconception in &report.misconceptions {
        lines.write(
            "  ",
            &[words(format!(
                "{} {} ({})",
                "!".yellow().bold(),
                safe(&misconception.message).yellow(),
                safe(&misconception.point)
            ))],
            4,
        )?;
        lines.write("      ", &[quotation(&misconception.evidence.text)], 7)?;
    }
    let mut misses: Vec<Piece> = Vec::new();
    for (n, m) in report
        .points
        .iter()
        .flat_map(|p| &p.near_misses)
        .enumerate()
    {
        if n > 0 {
            misses.push(words(", "));
        }
        misses.push(Piece::Quote(format!(
            "\"{}\"",
            for_terminal(&m.written, false)
        )));
        misses.push(words(" read as "));
        misses.push(Piece::Quote(format!("\"{}\"", safe(&m.meant))));
    }
    if !misses.is_empty() {
        misses.insert(0, words(format!("{} ", "spelling:".cyan())));
        lines.write("  ", &misses, 12)?;
    }
    lines.blank()?;
    let verdict = if report.passed {
        "passed".green()
    } else {
        "below the pass mark".red()
    };
    let (got, out_of) = report.headline();
    let (what, points) = if report.marks.is_some() {
        let covered = report.points.iter().filter(|p| p.covered).count();
        let points = format!("; {covered} of {} points", report.points.len());
        ("Marks", points)
    } else {
        ("Score", String::new())
    };
    lines.write(
        "",
        &[words(format!(
            "{} {}/{} ({}%), {}: {} (pass mark {}%){points}",
            what.bold(),
            number(got),
            number(out_of),
            number(report.percent),
            report.grade.name().bold(),
            verdict,
            number(report.pass_mark)
        ))],
        2,
    )?;
    for warning in &report.warnings {
        lines.write(
            "",
            &[words(format!(
                "{} {}",
                "warning:".yellow().bold(),
                safe(warning)
            ))],
            9,
        )?;
    }
    Ok(())
}

/// Where report lines go, and the width they are wrapped to.
struct Lines<'o> {
    out: &'o mut dyn Write,
    width: Option<usize>,
}

impl Lines<'_> {
    /// Writes one logical line: `lead`, then the pieces, continuation lines indented by `hang`.
    fn write(&mut self, lead: &str, pieces: &[Piece], hang: usize) -> io::Result<()> {
        for line in wrap::fill(lead, pieces, hang, self.width) {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }
}

/// Text that may break at any space.
fn words(text: impl Into<String>) -> Piece {
    Piece::Words(text.into())
}

/// A quotation from the answer, in italics, kept whole where it fits.
fn quotation(text: &str) -> Piece {
    Piece::Quote(quote(text).italic().to_string())
}

/// Rubric text (ids, labels, hints, terms) made safe for the terminal: a
/// rubric file can come from anywhere, as answers do.
fn safe(text: &str) -> String {
    for_terminal(text, false)
}

fn render_point(
    lines: &mut Lines,
    point: &PointResult,
    explain: bool,
    missed_label: &str,
) -> io::Result<()> {
    if point.covered {
        let head = format!(
            "{} {}  {}",
            "✔".green().bold(),
            safe(&point.id).green(),
            safe(&point.label)
        );
        lines.write("  ", &[words(head)], 6)?;
        if let Some(evidence) = &point.evidence {
            lines.write("      ", &[quotation(&evidence.text)], 7)?;
        }
    } else {
        let head = format!(
            "{} {}  {}",
            "✘".red().bold(),
            safe(&point.id).red(),
            safe(&point.label)
        );
        lines.write("  ", &[words(head)], 6)?;
        lines.write(
            "      ",
            &[words(format!(
                "{} {}",
                missed_label.bold(),
                safe(&point.hint)
            ))],
            // Wrapped lines stand under the hint, after the label ("add: ").
            6 + missed_label.len() + 1,
        )?;
        if let (Decision::Denied { cue, .. }, Some(sentence)) =
            (&point.decision, &point.denied_sentence)
        {
            let pieces = [
                words(format!("{} ", "denied:".red())),
                Piece::Quote(format!("\"{}\"", for_terminal(cue, false))),
                words(" denies it in "),
                quotation(&sentence.text),
            ];
            lines.write("      ", &pieces, 8)?;
        }
    }
    if explain {
        render_explanation(lines, &point.decision)?;
    }
    Ok(())
}

fn render_explanation(lines: &mut Lines, decision: &Decision) -> io::Result<()> {
    let (alternative, found, missing): (Option<&Arc<str>>, &[Found], &[Arc<str>]) = match decision {
        Decision::Covered {
            alternative, found, ..
        } => (Some(alternative), found, &[]),
        Decision::Denied {
            alternative, found, ..
        } => (Some(alternative), found, &[]),
        Decision::Missing {
            alternative,
            found,
            missing,
        } => (alternative.as_ref(), found, missing),
    };
    let label = |name: &str| format!("{} ", name.dimmed());
    match alternative {
        Some(alternative) => lines.write(
            "      ",
            &[words(label("match:")), words(safe(alternative))],
            13,
        )?,
        None => lines.write(
            "      ",
            &[words(label("match:")), words("none of its concepts appear")],
            13,
        )?,
    }
    for f in found {
        let how = match f.how {
            How::Typo { distance } => format!(
                "typo, {distance} edit{}",
                if distance == 1 { "" } else { "s" }
            ),
            _ => how_name(f).to_string(),
        };
        let pieces = [
            words(label("found:")),
            words(format!("{} ← ", safe(&f.concept))),
            Piece::Quote(format!("\"{}\"", for_terminal(&f.text, false))),
            words(format!(" ({how}, term \"{}\")", safe(&f.term))),
        ];
        lines.write("      ", &pieces, 13)?;
    }
    for name in missing {
        lines.write("      ", &[words(label("missing:")), words(safe(name))], 15)?;
    }
    Ok(())
}

/// A quotation, made safe for the terminal and shortened if very long.
fn quote(text: &str) -> String {
    let safe = for_terminal(text, false);
    let shown: String = safe.chars().take(QUOTE_LIMIT).collect();
    if shown.len() < safe.len() {
        format!("\"{shown}…\"")
    } else {
        format!("\"{shown}\"")
    }
}

/// A number without a needless ".0".
pub fn number(value: f64) -> String {
    // Scores and percents are nearly always whole or in tenths, and are
    // then written from integers: float formatting with a precision took
    // the slow exact path every time (about 2% of a batch).
    let tenths = (value * 10.0).round();
    if value.is_sign_positive() && tenths < 1e15 && tenths / 10.0 == value {
        let tenths = tenths as u64;
        return match tenths % 10 {
            0 => (tenths / 10).to_string(),
            tenth => format!("{}.{tenth}", tenths / 10),
        };
    }
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    /// How numbers were written before the integer path: by float formatting alone.
    fn float_formatted(value: f64) -> String {
        if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        }
    }

    #[test]
    fn numbers_read_as_float_formatting_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.25,
            0.35,
            2.45,
            1.0 / 3.0,
            2.0 / 3.0,
            -1.5,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ];
        for i in 0..20_000 {
            let i = f64::from(i);
            values.extend([i / 10.0, i / 100.0, (i / 7.0 * 1000.0).round() / 10.0]);
        }
        for value in values {
            assert_eq!(number(value), float_formatted(value), "{value:?}");
        }
        assert_eq!(number(66.7), "66.7");
        assert_eq!(number(100.0), "100");
    }
}
