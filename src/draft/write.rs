//! Writing a rubric as JSON that is pleasant to edit by hand.
//!
//! A [`Rubric`] in, text out: fields in the order of the format's
//! documentation, each concept's terms and each point's alternatives on one
//! line, so a teacher sees a concept's synonyms together and can add one.

use crate::rubric::Rubric;
use serde::Serialize;
use std::fmt::Write;

/// A rubric as an indented JSON object, ending in a newline.
pub fn to_json(rubric: &Rubric) -> String {
    let mut out = object(rubric, "");
    out.push('\n');
    out
}

/// Several rubrics as one JSON array, ending in a newline.
pub fn to_json_array(rubrics: &[Rubric]) -> String {
    let items: Vec<String> = rubrics
        .iter()
        .map(|r| format!("  {}", object(r, "  ")))
        .collect();
    if items.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Any serialisable value on one line.
fn inline<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// A number without a needless ".0".
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The rubric object; `indent` is the indentation of its opening line.
fn object(rubric: &Rubric, indent: &str) -> String {
    let i1 = format!("{indent}  ");
    let i2 = format!("{indent}    ");
    let i3 = format!("{indent}      ");
    let mut fields: Vec<String> = Vec::new();
    if let Some(schema) = &rubric.schema {
        fields.push(format!("{i1}\"$schema\": {}", quote(schema)));
    }
    fields.push(format!("{i1}\"id\": {}", quote(&rubric.id)));
    fields.push(format!("{i1}\"topic\": {}", quote(&rubric.topic)));
    fields.push(format!("{i1}\"question\": {}", quote(&rubric.question)));
    fields.push(format!(
        "{i1}\"model_answer\": {}",
        quote(&rubric.model_answer)
    ));
    fields.push(format!("{i1}\"pass_mark\": {}", number(rubric.pass_mark)));
    if let Some(cap) = rubric.max_marks {
        fields.push(format!("{i1}\"max_marks\": {}", number(cap)));
    }
    if !rubric.bands.is_empty() {
        fields.push(format!("{i1}\"bands\": {}", inline(&rubric.bands)));
    }
    let concepts: Vec<String> = rubric
        .concepts
        .iter()
        .map(|(name, terms)| format!("{i2}{}: {}", quote(name), list(terms)))
        .collect();
    fields.push(format!(
        "{i1}\"concepts\": {{\n{}\n{i1}}}",
        concepts.join(",\n")
    ));
    for (key, names) in [
        ("subject", &rubric.subject),
        ("other_topics", &rubric.other_topics),
        ("core_subject", &rubric.core_subject),
    ] {
        if !names.is_empty() {
            fields.push(format!("{i1}\"{key}\": {}", list(names)));
        }
    }
    let points: Vec<String> = rubric
        .points
        .iter()
        .map(|point| {
            let mut lines = vec![
                format!("{i3}\"id\": {}", quote(&point.id)),
                format!("{i3}\"label\": {}", quote(&point.label)),
                format!("{i3}\"weight\": {}", number(point.weight)),
                format!("{i3}\"hint\": {}", quote(&point.hint)),
            ];
            if !point.matches.is_empty() {
                lines.push(format!("{i3}\"match\": {}", list(&point.matches)));
            }
            // Optional fields, whatever the format holds now, one per line.
            if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(point) {
                for (key, value) in fields {
                    if !["id", "label", "weight", "hint", "match"].contains(&key.as_str()) {
                        lines.push(format!("{i3}{}: {}", quote(&key), inline(&value)));
                    }
                }
            }
            format!("{i2}{{\n{}\n{i2}}}", lines.join(",\n"))
        })
        .collect();
    fields.push(format!("{i1}\"points\": [\n{}\n{i1}]", points.join(",\n")));
    if !rubric.examples.is_empty() {
        let mut examples = String::new();
        for (n, example) in rubric.examples.iter().enumerate() {
            let comma = if n + 1 < rubric.examples.len() {
                ","
            } else {
                ""
            };
            let _ = write!(examples, "\n{i2}{}{comma}", inline(example));
        }
        fields.push(format!("{i1}\"examples\": [{examples}\n{i1}]"));
    }
    format!("{{\n{}\n{indent}}}", fields.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{parse, Source};
    use std::path::PathBuf;

    #[test]
    fn written_rubrics_parse_back_unchanged() {
        let source = Source {
            path: PathBuf::from("tests/fixtures/good/photosynthesis.json"),
            text: include_str!("../../tests/fixtures/good/photosynthesis.json").to_string(),
        };
        let rubric = parse(&source).expect("fixture parses");
        for text in [
            to_json(&rubric),
            to_json_array(std::slice::from_ref(&rubric)),
        ] {
            let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            let object = if value.is_array() {
                value[0].clone()
            } else {
                value
            };
            let again: Rubric = serde_json::from_value(object).expect("a rubric");
            assert_eq!(again.points.len(), rubric.points.len());
            assert_eq!(again.concepts, rubric.concepts);
            assert_eq!(again.points[2].weight, 2.0);
        }
        assert!(to_json(&rubric).contains("\"plants\": [\"plant\", \"leaves\", \"algae\"]"));
    }

    #[test]
    fn mark_schemes_are_written() {
        let source = Source {
            path: PathBuf::from("tests/fixtures/schemes/transport.json"),
            text: include_str!("../../tests/fixtures/schemes/transport.json").to_string(),
        };
        let mut rubric = parse(&source).expect("fixture parses");
        rubric.max_marks = Some(3.0);
        rubric.points[0].marks = Some(2.0);
        let again: Rubric = serde_json::from_str(&to_json(&rubric)).expect("a rubric");
        assert_eq!(again.bands, rubric.bands);
        assert_eq!(again.max_marks, Some(3.0));
        assert_eq!(again.points[0].marks, Some(2.0));
    }
}
