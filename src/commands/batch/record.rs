//! A JSON Lines record of a batch: an object with `"id"` and `"answer"`,
//! optionally `"question"`, and any other fields, which are skipped or, for
//! the CSV output, kept in order to be passed through.

/// A JSON Lines record, checked.
pub(super) struct Record {
    /// The id (a number is written as text).
    pub id: String,
    /// The answer.
    pub answer: String,
    /// The question, when the record names one.
    pub question: Option<String>,
    /// The other fields, as cells, in the record's order (when kept).
    pub extra: Vec<(String, String)>,
}

/// The fields markpoint reads from a JSON Lines record; others are
/// ignored, or kept as cells with `keep_extra`.
#[derive(Default)]
struct RawRecord {
    id: Option<RecordId>,
    answer: Option<String>,
    question: Option<String>,
    extra: Vec<(String, String)>,
}

/// Reads a [`RawRecord`], keeping the other fields in order or not: a
/// hand-written visitor because serde's derive keeps no field order and
/// cannot skip the others cheaply while keeping them on request.
struct RecordReader {
    keep_extra: bool,
}

/// A key of a record: one markpoint reads, or another (its name if kept).
enum Key {
    Id,
    Answer,
    Question,
    Other(Option<String>),
}

impl<'de> serde::de::DeserializeSeed<'de> for RecordReader {
    type Value = RawRecord;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<RawRecord, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RecordReader {
    type Value = RawRecord;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<RawRecord, A::Error> {
        use serde::de::Error as _;
        let mut raw = RawRecord::default();
        let keep_extra = self.keep_extra;
        while let Some(key) = map.next_key_seed(KeyReader { keep_extra })? {
            match key {
                Key::Id if raw.id.is_some() => return Err(A::Error::duplicate_field("id")),
                Key::Id => raw.id = Some(map.next_value()?),
                Key::Answer if raw.answer.is_some() => {
                    return Err(A::Error::duplicate_field("answer"))
                }
                Key::Answer => raw.answer = map.next_value()?,
                Key::Question => raw.question = map.next_value()?,
                Key::Other(Some(name)) => {
                    let cell = match map.next_value::<serde_json::Value>()? {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    };
                    raw.extra.push((name, cell));
                }
                Key::Other(None) => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

/// Reads a record's key without allocating unless it is kept.
struct KeyReader {
    keep_extra: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for KeyReader {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for KeyReader {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<Key, E> {
        Ok(match key {
            "id" => Key::Id,
            "answer" => Key::Answer,
            "question" => Key::Question,
            other => Key::Other(self.keep_extra.then(|| other.to_string())),
        })
    }
}

/// An id may be written as a string or a number.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum RecordId {
    Text(String),
    Number(serde_json::Number),
}

/// Parses one JSON Lines record: an object with `"id"` and `"answer"`, and
/// optionally `"question"`; with `keep_extra`, its other fields too. A bad
/// record's error carries its id when it has one. The line is text already
/// decoded, so its strings are not checked for UTF-8 a second time.
pub(super) fn parse_record(
    place: &str,
    line: &str,
    keep_extra: bool,
) -> std::result::Result<Record, (Option<String>, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let parsed =
        serde::de::DeserializeSeed::deserialize(RecordReader { keep_extra }, &mut deserializer)
            .and_then(|raw| deserializer.end().map(|()| raw));
    let raw: std::result::Result<RawRecord, String> = parsed.map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        match e.classify() {
            serde_json::error::Category::Data => {
                format!("{place}: not a record with \"id\" and \"answer\": {message}")
            }
            _ => format!("{place}: malformed JSON (column {}): {message}", e.column()),
        }
    });
    let raw = raw.map_err(|message| (None, message))?;
    let id = match raw.id {
        Some(RecordId::Text(id)) => id,
        Some(RecordId::Number(n)) => n.to_string(),
        None => return Err((None, format!("{place}: the record has no \"id\""))),
    };
    if id.trim().is_empty() {
        return Err((None, format!("{place}: the id is empty")));
    }
    let Some(answer) = raw.answer else {
        return Err((Some(id), format!("{place}: the record has no \"answer\"")));
    };
    Ok(Record {
        id,
        answer,
        question: raw.question.filter(|q| !q.trim().is_empty()),
        extra: raw.extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn bad(line: &str, wanted: &str) {
        match parse_record("f.jsonl:3", line, false) {
            Ok(_) => panic!("{line} parsed"),
            Err((_, message)) => assert!(message.contains(wanted), "{message}"),
        }
    }

    #[test]
    fn records_need_an_id_and_an_answer() {
        let record = parse_record("f:1", r#"{"id": 7, "answer": "x", "extra": [1]}"#, false)
            .expect("parses");
        assert_eq!((record.id.as_str(), record.answer.as_str()), ("7", "x"));
        assert_eq!(record.question, None);
        assert!(record.extra.is_empty());
        bad(r#"{"answer": "x"}"#, "f.jsonl:3: the record has no \"id\"");
        bad(r#"{"id": "a"}"#, "no \"answer\"");
        bad(r#"{"id": "", "answer": "x"}"#, "the id is empty");
        bad(r#"{"id": "a", "answer": 5}"#, "not a record");
        bad(r#"{"id": "a", "answer": "#, "f.jsonl:3: malformed JSON");
        bad("[1, 2]", "not a record");
        bad(
            r#"{"id": "a", "id": "b", "answer": "x"}"#,
            "duplicate field",
        );
        bad(r#"{"id": "a", "answer": "x"} x"#, "malformed JSON");
    }

    #[test]
    fn other_fields_are_kept_in_order_as_cells_on_request() {
        let line = r#"{"name": "Zo\u00eb", "id": "a", "class": 7, "answer": "x", "tags": ["t"], "gone": null}"#;
        let record = parse_record("f:1", line, true).expect("parses");
        let extra: Vec<(&str, &str)> = record
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            extra,
            [
                ("name", "Zoë"),
                ("class", "7"),
                ("tags", "[\"t\"]"),
                ("gone", "")
            ]
        );
    }
}
