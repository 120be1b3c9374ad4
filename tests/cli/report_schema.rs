//! The JSON report against its published schema (docs/report.schema.json):
//! real reports of every command that prints them, checked by a small
//! validator of the JSON Schema keywords the schema uses.
//!
//! Why not the `jsonschema` crate: it would add some eighty crates to the
//! lock (big integers, a backtracking regex engine, hashing, e-mail and URI
//! parsing) and their build to the shared CI, to check a schema that uses a
//! dozen keywords. The validator below refuses any keyword it does not
//! implement, so the schema cannot outgrow the check unnoticed.

use super::{markpoint, FIXTURE};
use serde_json::{json, Value};
use std::path::Path;

/// The keywords the validator implements (and, with annotations, all the schema may use).
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "minimum",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "oneOf",
];

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("reads")).expect("parses")
}

/// Every problem of `value` against `schema` (within the document `root`), each with its JSON path.
fn problems(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fail = |why: String| found.push(format!("{at}: {why}"));
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/$defs/").expect("local $ref");
        return problems(root, &root["$defs"][name], value, at);
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            many => many
                .as_array()
                .expect("type list")
                .iter()
                .map(|t| t.as_str().expect("type name"))
                .collect(),
        };
        let is = |name: &str| match name {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_u64() || value.is_i64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            other => panic!("unknown type {other}"),
        };
        if !allowed.iter().any(|t| is(t)) {
            fail(format!("{value} is not of type {allowed:?}"));
            return found;
        }
    }
    if let Some(constant) = schema.get("const") {
        if value != constant {
            fail(format!("{value} is not {constant}"));
        }
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(value) {
            fail(format!("{value} is not one of {options:?}"));
        }
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if number < minimum {
            fail(format!("{number} is below {minimum}"));
        }
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let passing = options
            .iter()
            .filter(|option| problems(root, option, value, at).is_empty())
            .count();
        if passing != 1 {
            fail(format!("{value} matches {passing} of oneOf, not 1"));
        }
    }
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().expect("field name");
            if !object.contains_key(name) {
                fail(format!("missing {name:?}"));
            }
        }
        let properties = schema["properties"].as_object();
        for (name, field) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(field_schema) => {
                    found.extend(problems(root, field_schema, field, &format!("{at}.{name}")))
                }
                None if schema["additionalProperties"] == false => {
                    found.push(format!("{at}: field {name:?} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        let count = items.len() as u64;
        if schema["minItems"].as_u64().is_some_and(|min| count < min) {
            found.push(format!("{at}: {count} items are too few"));
        }
        if schema["maxItems"].as_u64().is_some_and(|max| count > max) {
            found.push(format!("{at}: {count} items are too many"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (n, item) in items.iter().enumerate() {
                found.extend(problems(root, item_schema, item, &format!("{at}[{n}]")));
            }
        }
    }
    found
}

#[track_caller]
fn assert_valid(report: &Value, what: &str) {
    let schema = schema();
    let found = problems(&schema, &schema, report, "$");
    assert!(found.is_empty(), "{what}: {found:#?}\n{report:#}");
}

/// The keywords a schema object uses that the validator does not know.
fn unknown_keywords(schema: &Value, at: &str, out: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    for (key, inner) in object {
        match key.as_str() {
            "properties" | "$defs" => {
                for (name, sub) in inner.as_object().expect("map of schemas") {
                    unknown_keywords(sub, &format!("{at}.{key}.{name}"), out);
                }
            }
            "items" => unknown_keywords(inner, &format!("{at}.items"), out),
            "oneOf" => {
                for sub in inner.as_array().expect("list of schemas") {
                    unknown_keywords(sub, &format!("{at}.oneOf"), out);
                }
            }
            known if KEYWORDS.contains(&known) => {}
            unknown => out.push(format!("{at}.{unknown}")),
        }
    }
}

#[test]
fn the_schema_uses_only_keywords_the_check_implements() {
    let mut unknown = Vec::new();
    unknown_keywords(&schema(), "$", &mut unknown);
    assert!(unknown.is_empty(), "{unknown:?}");
}

/// A change that breaks a report.
type Edit = fn(&mut Value);

#[test]
fn the_check_rejects_reports_that_break_the_schema() {
    let good = super::fixture_json("Plants absorb oxygen.", &[]);
    assert_valid(&good, "fixture report");
    let broken = |edit: Edit| {
        let mut report = good.clone();
        edit(&mut report);
        let schema = schema();
        problems(&schema, &schema, &report, "$")
    };
    let cases: [(&str, Edit); 7] = [
        ("missing field", |r| {
            r.as_object_mut().expect("object").remove("percent");
        }),
        ("unknown field", |r| r["scor"] = json!(1)),
        ("wrong type", |r| r["passed"] = json!("yes")),
        ("unknown grade", |r| r["grade"] = json!("fail")),
        ("other version", |r| r["schema_version"] = json!(2)),
        ("span of three", |r| {
            r["points"][0]["span"] = json!([1, 2, 3])
        }),
        ("unknown code", |r| {
            r["warning_details"] = json!([{"code": "typo", "message": "x"}])
        }),
    ];
    for (what, edit) in cases {
        assert!(!broken(edit).is_empty(), "{what} passed the check");
    }
}

/// Runs markpoint and returns its stdout's JSON objects (one document, or one per line).
fn json_out(args: &[&str], stdin: &str) -> Vec<Value> {
    let output = markpoint()
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {output:?}"
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    if args.contains(&"json") {
        vec![serde_json::from_str(&text).expect("one JSON document")]
    } else {
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }
}

#[test]
fn reports_of_every_json_command_match_the_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let strong = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/definition/strong.txt");
    let accented = dir.path().join("accented.txt");
    std::fs::write(
        &accented,
        "Stakhanovism — “the movement” — was Soviet, of the 1930s; workers beat their norms.",
    )
    .expect("writes");
    let accented = accented.to_str().expect("utf-8 path");
    let answers = dir.path().join("answers.jsonl");
    std::fs::write(
        &answers,
        concat!(
            r#"{"id": "a", "answer": "Plants absorb oxygen and use light energy."}"#,
            "\n",
            r#"{"id": "b", "answer": "Photosynthesis lets plants turn light energy into chemical energy. It uses carbon dioxide and water and releases oxygen."}"#,
            "\n"
        ),
    )
    .expect("writes");
    let answers = answers.to_str().expect("utf-8 path");
    let schemes = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schemes/transport.json"
    );
    let denied = "Stakhanovism was a 1930s Soviet campaign. There were no real rewards for ordinary workers.";
    let keywords = "soviet, 1930s, stakhanov, record, propaganda, workers, quota";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["check", "-q", "definition", "--format", "json", strong],
            "",
        ),
        (
            vec!["check", "-q", "definition", "--format", "json", "--explain"],
            denied,
        ),
        (
            vec!["check", "-q", "definition", "--format", "json"],
            keywords,
        ),
        (
            vec![
                "check",
                "-q",
                "definition",
                "--format",
                "jsonl",
                strong,
                accented,
            ],
            "",
        ),
        (
            vec![
                "check",
                "-q",
                "definition",
                "--format",
                "jsonl",
                "--explain",
                "-",
            ],
            denied,
        ),
        (
            vec![
                "check",
                "--rubrics",
                FIXTURE,
                "-q",
                "photosynthesis",
                "--format",
                "json",
            ],
            "Plants absorb oxygen.",
        ),
        (
            vec![
                "check",
                "--rubrics",
                schemes,
                "-q",
                "transport",
                "--format",
                "json",
            ],
            "Osmosis moves water.",
        ),
        (
            vec![
                "batch",
                "--rubrics",
                FIXTURE,
                "-q",
                "photosynthesis",
                "--format",
                "jsonl",
                answers,
            ],
            "",
        ),
    ];
    let mut seen_warning = false;
    let mut seen_misconception = false;
    let mut seen_denial = false;
    for (args, stdin) in cases {
        for report in json_out(&args, stdin) {
            assert_valid(&report, &format!("{args:?}"));
            seen_warning |= report["warning_details"] != json!([]);
            seen_misconception |= report["misconceptions"] != json!([]);
            seen_denial |= report["points"]
                .as_array()
                .expect("points")
                .iter()
                .any(|p| p.get("denied").is_some());
        }
    }
    assert!(
        seen_warning && seen_misconception && seen_denial,
        "the cases cover the optional parts"
    );
}
