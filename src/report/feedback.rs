//! Feedback to hand back to one student: for each of their reports (one
//! per question answered), the score (and marks under a mark scheme), the
//! points covered with the evidence quoted, what to add for the points
//! missed, and the misconceptions and warnings. As plain text (no colour:
//! it goes to a file) or as a small self-contained HTML page.
//!
//! The student's id and every quotation come from untrusted input: the text
//! form makes control characters visible ([`for_terminal`]), the HTML form
//! escapes everything ([`html::escape`]).

use super::html;
use super::text::number;
use crate::score::Report;
use crate::text::sanitize::for_terminal;
use std::io::{self, Write};

/// The form of feedback files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeedbackFormat {
    /// Plain UTF-8 text (`.txt`).
    #[default]
    Text,
    /// A self-contained HTML page (`.html`).
    Html,
}

impl FeedbackFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FeedbackFormat::Text => "txt",
            FeedbackFormat::Html => "html",
        }
    }
}

/// Writes one student's feedback, from all their reports, in `format`.
pub fn render(
    out: &mut dyn Write,
    format: FeedbackFormat,
    id: &str,
    reports: &[Report],
) -> io::Result<()> {
    match format {
        FeedbackFormat::Text => render_text(out, id, reports),
        FeedbackFormat::Html => render_html(out, id, reports),
    }
}

/// The score line: marks under a mark scheme (with the points covered),
/// else the score, then the percentage, the grade and the pass mark.
fn score_line(report: &Report) -> String {
    let (got, out_of) = report.headline();
    let covered = report.points.iter().filter(|p| p.covered).count();
    let what = if report.marks.is_some() {
        format!(
            "Marks {}/{} ({covered} of {} points)",
            number(got),
            number(out_of),
            report.points.len()
        )
    } else {
        format!("Score {}/{}", number(got), number(out_of))
    };
    let verdict = if report.passed {
        "passed"
    } else {
        "below the pass mark"
    };
    format!(
        "{what}, {}%: {}, {verdict} (pass mark {}%)",
        number(report.percent),
        report.grade.name(),
        number(report.pass_mark)
    )
}

/// One line of text from untrusted input: control characters made visible.
fn clean(text: &str) -> String {
    for_terminal(text, false)
}

/// Writes the feedback as plain text.
pub fn render_text(out: &mut dyn Write, id: &str, reports: &[Report]) -> io::Result<()> {
    writeln!(out, "Feedback for {}", clean(id))?;
    for report in reports {
        writeln!(out)?;
        writeln!(out, "{}: {}", report.question, clean(&report.question_text))?;
        writeln!(out, "{}", score_line(report))?;
        let covered: Vec<_> = report.points.iter().filter(|p| p.covered).collect();
        if !covered.is_empty() {
            writeln!(out)?;
            writeln!(out, "What you covered:")?;
            for point in covered {
                writeln!(out, "  ✔ {}", clean(&point.label))?;
                if let Some(evidence) = &point.evidence {
                    writeln!(out, "      \"{}\"", clean(&evidence.text))?;
                }
            }
        }
        let missed: Vec<_> = report.points.iter().filter(|p| !p.covered).collect();
        if !missed.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}:", super::missed_points_heading(report))?;
            for point in missed {
                writeln!(out, "  ✘ {}: {}", clean(&point.label), clean(&point.hint))?;
            }
        }
        if !report.misconceptions.is_empty() || !report.warnings.is_empty() {
            writeln!(out)?;
            writeln!(out, "Watch out:")?;
            for misconception in &report.misconceptions {
                writeln!(out, "  ! {}", clean(&misconception.message))?;
                writeln!(out, "      \"{}\"", clean(&misconception.evidence.text))?;
            }
            for warning in &report.warnings {
                writeln!(out, "  ! {}", clean(warning))?;
            }
        }
    }
    Ok(())
}

const STYLE: &str =
    "body { font: 16px/1.5 system-ui, sans-serif; color: #1d2330; max-width: 760px; \
margin: 0 auto; padding: 24px; } h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 28px; } \
.score { font-weight: 600; } li { margin: 4px 0; } q { font-style: italic; display: block; \
color: #3b4252; margin: 2px 0 0 1.2em; } .add { color: #6b2a25; } .warn { color: #8a5a00; }";

/// Writes the feedback as a self-contained HTML page.
pub fn render_html(out: &mut dyn Write, id: &str, reports: &[Report]) -> io::Result<()> {
    let id = html::escape(id);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"markpoint\">\n<title>Feedback for {id}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>Feedback for {id}</h1>"
    )?;
    for report in reports {
        writeln!(
            out,
            "<section>\n<h2>{}: {}</h2>\n<p class=\"score\">{}</p>",
            html::escape(&report.question),
            html::escape(&report.question_text),
            html::escape(&score_line(report))
        )?;
        let covered: Vec<_> = report.points.iter().filter(|p| p.covered).collect();
        if !covered.is_empty() {
            writeln!(out, "<h3>What you covered</h3>\n<ul>")?;
            for point in covered {
                write!(out, "<li>✔ {}", html::escape(&point.label))?;
                if let Some(evidence) = &point.evidence {
                    write!(out, "<q>{}</q>", html::escape(&evidence.text))?;
                }
                writeln!(out, "</li>")?;
            }
            writeln!(out, "</ul>")?;
        }
        let missed: Vec<_> = report.points.iter().filter(|p| !p.covered).collect();
        if !missed.is_empty() {
            writeln!(
                out,
                "<h3>{}</h3>\n<ul>",
                super::missed_points_heading(report)
            )?;
            for point in missed {
                writeln!(
                    out,
                    "<li class=\"add\">✘ {}: {}</li>",
                    html::escape(&point.label),
                    html::escape(&point.hint)
                )?;
            }
            writeln!(out, "</ul>")?;
        }
        if !report.misconceptions.is_empty() || !report.warnings.is_empty() {
            writeln!(out, "<h3>Watch out</h3>\n<ul>")?;
            for misconception in &report.misconceptions {
                writeln!(
                    out,
                    "<li class=\"warn\">! {}<q>{}</q></li>",
                    html::escape(&misconception.message),
                    html::escape(&misconception.evidence.text)
                )?;
            }
            for warning in &report.warnings {
                writeln!(out, "<li class=\"warn\">! {}</li>", html::escape(warning))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching;
    use crate::rubric;

    fn report(answer: &str) -> Report {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let rubric = rubric::find(&rubrics, "definition").expect("definition");
        crate::score::grade(&matching::compile(rubric).expect("compiles"), answer)
    }

    fn text(id: &str, reports: &[Report]) -> String {
        let mut out = Vec::new();
        render_text(&mut out, id, reports).expect("writes");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn text_feedback_quotes_evidence_and_lists_hints() {
        let report = report("Stakhanovism was a Soviet movement of the 1930s.");
        let feedback = text("alice", std::slice::from_ref(&report));
        assert!(feedback.starts_with("Feedback for alice\n"), "{feedback}");
        let covered = report
            .points
            .iter()
            .find(|p| p.covered)
            .expect("a point covered");
        assert!(feedback.contains(&format!("  ✔ {}\n", covered.label)));
        assert!(feedback.contains("\"Stakhanovism was a Soviet movement of the 1930s.\""));
        for missed in report.points.iter().filter(|p| !p.covered) {
            assert!(feedback.contains(&*missed.hint), "{feedback}");
        }
        assert!(feedback.contains(&format!("Score {}/", number(report.score))));
    }

    #[test]
    fn every_report_of_a_student_gets_its_section() {
        let reports = [report("Stakhanov was a miner."), report("It was Soviet.")];
        let feedback = text("bob", &reports);
        assert_eq!(feedback.matches("definition: ").count(), 2, "{feedback}");
    }

    #[test]
    fn untrusted_text_is_made_safe() {
        let report = report("Stakhanovism was a Soviet movement of the 1930s. <b>x</b>");
        let feedback = text("\u{1b}[2Jevil", std::slice::from_ref(&report));
        assert!(!feedback.contains('\u{1b}'));
        let mut page = Vec::new();
        render_html(&mut page, "<script>", std::slice::from_ref(&report)).expect("writes");
        let page = String::from_utf8(page).expect("utf8");
        assert!(page.contains("Feedback for &lt;script&gt;"));
        assert!(!page.contains("<script") && !page.contains("<b>"));
    }
}
