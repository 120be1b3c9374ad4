//! `scripts/spark-batch`: grading sharded over Spark partitions gives the
//! reports one `markpoint batch` gives. Needs Java and pyspark (made by
//! `scripts/spark-batch --setup`); where either is missing the test says so
//! and checks nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python environment `scripts/spark-batch` makes and uses.
fn spark_venv() -> PathBuf {
    if let Some(venv) = std::env::var_os("SPARK_BATCH_VENV") {
        return PathBuf::from(venv);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_default();
    cache.join("markpoint/spark-venv")
}

/// What is missing for Spark to run here, if anything.
fn spark_missing() -> Option<String> {
    let runs = |program: &Path, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !runs(Path::new("java"), &["-version"]) {
        return Some("Java (apt-get install default-jre-headless)".to_string());
    }
    let python = spark_venv().join("bin/python");
    if !runs(&python, &["-c", "import pyspark"]) {
        return Some(format!(
            "pyspark in {} (scripts/spark-batch --setup)",
            spark_venv().display()
        ));
    }
    None
}

/// The report lines of a JSON Lines output, sorted by answer id.
fn sorted_by_id(jsonl: &str) -> Vec<(String, String)> {
    let mut reports: Vec<(String, String)> = jsonl
        .lines()
        .map(|line| {
            let report: serde_json::Value = serde_json::from_str(line).expect("a JSON report");
            let id = report["id"].as_str().expect("reports carry the id");
            (id.to_string(), line.to_string())
        })
        .collect();
    reports.sort();
    reports
}

#[test]
fn spark_partitions_grade_every_answer_as_one_batch_does() {
    if let Some(missing) = spark_missing() {
        eprintln!("SKIPPED spark_partitions_grade_every_answer_as_one_batch_does: needs {missing}");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    let input = dir.path().join("answers.jsonl");
    let mut answers = String::new();
    for question in [
        "definition",
        "five-year-plans",
        "long-term-effects",
        "soviet-society",
    ] {
        let path = root.join(format!("samples/labelled/{question}.jsonl"));
        answers.push_str(&std::fs::read_to_string(path).expect("labelled answers"));
    }
    std::fs::write(&input, &answers).expect("input written");
    let binary = env!("CARGO_BIN_EXE_markpoint");
    let one = Command::new(binary)
        .args(["batch", "--question", "definition", "--format", "jsonl"])
        .args(["--quiet".as_ref(), input.as_os_str()])
        .output()
        .expect("markpoint batch runs");
    assert!(one.status.success(), "{one:?}");
    let output = dir.path().join("reports.jsonl");
    let spark = Command::new(root.join("scripts/spark-batch"))
        .args(["--bin", binary, "--master", "local[2]", "--partitions", "4"])
        .args([&input, &output])
        .output()
        .expect("scripts/spark-batch runs");
    assert!(spark.status.success(), "{spark:?}");
    let sharded = std::fs::read_to_string(&output).expect("Spark's reports");
    let single = String::from_utf8(one.stdout).expect("UTF-8 reports");
    assert_eq!(sharded.lines().count(), answers.lines().count());
    assert_eq!(sorted_by_id(&sharded), sorted_by_id(&single));
}
