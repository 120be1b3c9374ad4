//! `markpoint serve`: the server started on a free port and driven over
//! real TCP connections, with requests written by hand so that tests can
//! send what a browser would not (another `Host`, a foreign `Origin`).

use super::markpoint;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running `markpoint serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What the server printed first: its address.
    url: String,
    dir: tempfile::TempDir,
}

/// A response as received.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The message of a JSON error.
    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message: {}", self.text()))
            .to_string()
    }
}

impl Server {
    /// Starts `markpoint serve --port 0` with a history in a fresh folder, plus `args`.
    fn start(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let history = dir.path().join("history.jsonl");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("markpoint"))
            .args(["serve", "--port", "0", "--history"])
            .arg(&history)
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("reads the address");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let port = url
            .trim_start_matches("http://")
            .split(['/', '?'])
            .next()
            .and_then(|authority| authority.rsplit(':').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        Server {
            child,
            port,
            url,
            dir,
        }
    }

    fn history(&self) -> PathBuf {
        self.dir.path().join("history.jsonl")
    }

    /// Sends a request: the request line, then `headers` (a `Host` for this
    /// server unless they give one), then the body.
    fn send(&self, request_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        let mut head = format!("{request_line} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes()).expect("writes");
        // The server may answer (413) before reading the whole body and close.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        parse_response(&raw)
    }

    fn get(&self, path: &str) -> Response {
        self.send(&format!("GET {path}"), &[], b"")
    }

    fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.send(
            &format!("POST {path}"),
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_response(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

fn sample(path: &str) -> String {
    format!("{}/samples/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn check_request(question: &str, answer: &str) -> serde_json::Value {
    serde_json::json!({ "question": question, "answer": answer })
}

const ANSWER: &str = "Stakhanovism was a Soviet movement of the 1930s named after the \
    miner Alexei Stakhanov, who cut a record amount of coal in 1935. Workers were \
    urged to exceed their quotas.";

#[test]
fn the_address_is_printed_and_the_practice_page_is_served() {
    let server = Server::start(&[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .text()
        .contains("<label for=\"answer\">Your answer</label>"));
    for (path, kind) in [
        ("/static/app.js", "text/javascript"),
        ("/static/app.css", "text/css"),
        ("/static/report.css", "text/css"),
        ("/progress", "text/html"),
        ("/class", "text/html"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert!(
            response
                .header("content-type")
                .is_some_and(|t| t.starts_with(kind)),
            "{path}: {:?}",
            response.header("content-type")
        );
    }
}

#[test]
fn api_check_gives_the_same_report_as_check_format_json() {
    let server = Server::start(&[]);
    let response = server.post_json("/api/check", &check_request("definition", ANSWER));
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
    let from_cli = markpoint()
        .args(["check", "--question", "definition", "--format", "json"])
        .write_stdin(ANSWER)
        .output()
        .expect("runs");
    let from_cli: serde_json::Value = serde_json::from_slice(&from_cli.stdout).expect("json");
    assert_eq!(response.json(), from_cli);
    assert!(!server.history().exists(), "/api/check records no attempt");
}

#[test]
fn api_questions_lists_what_list_lists() {
    let server = Server::start(&[]);
    let listed = server.get("/api/questions").json();
    let from_cli = markpoint()
        .args(["list", "--format", "json"])
        .output()
        .expect("runs");
    let from_cli: serde_json::Value = serde_json::from_slice(&from_cli.stdout).expect("json");
    assert_eq!(listed, from_cli);
    let one = server.get("/api/questions/definition").json();
    assert_eq!(one["id"], "definition");
    assert!(one["model_answer"].as_str().is_some_and(|a| a.len() > 50));
}

#[test]
fn rubrics_given_at_start_up_are_the_questions() {
    let server = Server::start(&["--rubrics", super::FIXTURE]);
    let ids: Vec<serde_json::Value> = server
        .get("/api/questions")
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|q| q["id"].clone())
        .collect();
    assert_eq!(ids, ["photosynthesis"]);
    let report = server
        .post_json(
            "/api/check",
            &check_request("photosynthesis", "Plants make glucose from light."),
        )
        .json();
    assert_eq!(report["question"], "photosynthesis");
}

#[test]
fn bad_requests_get_a_json_error_and_a_4xx() {
    let server = Server::start(&[]);
    let send = |body: &str| {
        server.send(
            "POST /api/check",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    };
    let broken = send("{\"question\": ");
    assert_eq!(broken.status, 400);
    assert!(broken.error().starts_with("bad JSON"), "{}", broken.error());
    let unknown_field = send(r#"{"question": "definition", "answr": "x"}"#);
    assert_eq!(unknown_field.status, 400);
    let unknown = send(&check_request("no-such-question", "Some words.").to_string());
    assert_eq!(unknown.status, 404);
    assert!(unknown.error().contains("no-such-question"));
    let empty = send(&check_request("definition", "   \n ").to_string());
    assert_eq!(empty.status, 422);
    assert!(empty.error().contains("empty"), "{}", empty.error());
    let missing = server.get("/api/questions/nope");
    assert_eq!(missing.status, 404);
    assert_eq!(server.get("/nowhere").status, 404);
    assert_eq!(server.get("/api/check").status, 405);
}

#[test]
fn a_body_over_one_mebibyte_is_413() {
    let server = Server::start(&[]);
    let answer = "word ".repeat(220_000);
    let response = server.post_json("/api/check", &check_request("definition", &answer));
    assert_eq!(response.status, 413);
    assert!(response.error().contains("too large"));
    // The server is still there.
    assert_eq!(server.get("/api/questions").status, 200);
}

#[test]
fn another_host_name_is_refused_against_dns_rebinding() {
    let server = Server::start(&[]);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let response = server.send("GET /api/questions", &[("Host", &host)], b"");
        assert_eq!(response.status, 403, "{host}");
        assert!(response.error().contains("DNS rebinding"));
        let post = server.send(
            "POST /api/check",
            &[("Host", &host), ("Content-Type", "application/json")],
            check_request("definition", ANSWER).to_string().as_bytes(),
        );
        assert_eq!(post.status, 403, "{host}");
    }
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let response = server.send("GET /api/questions", &[("Host", &host)], b"");
        assert_eq!(response.status, 200, "{host}");
    }
}

#[test]
fn cross_site_posts_are_refused() {
    let server = Server::start(&[]);
    let body = check_request("definition", ANSWER).to_string();
    let post = |headers: &[(&str, &str)]| server.send("POST /api/check", headers, body.as_bytes());
    // What an HTML form or a "simple" fetch from another site can send.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = post(&[("Content-Type", content_type)]);
        assert_eq!(response.status, 415, "{content_type}");
        assert!(response.error().contains("application/json"));
    }
    assert_eq!(post(&[]).status, 415);
    let json = ("Content-Type", "application/json");
    let foreign = post(&[json, ("Origin", "http://evil.example")]);
    assert_eq!(foreign.status, 403);
    assert_eq!(
        post(&[json, ("Origin", "http://localhost:1")]).status,
        403,
        "another port is another origin"
    );
    assert_eq!(post(&[json, ("Sec-Fetch-Site", "cross-site")]).status, 403);
    assert_eq!(post(&[json, ("Sec-Fetch-Site", "same-site")]).status, 403);
    let own = format!("http://127.0.0.1:{}", server.port);
    let allowed = post(&[json, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")]);
    assert_eq!(allowed.status, 200, "{}", allowed.text());
    assert!(allowed.header("access-control-allow-origin").is_none());
    // Another site's script cannot read the API either.
    let fetched = server.send(
        "GET /api/progress",
        &[("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "cors")],
        b"",
    );
    assert_eq!(fetched.status, 403);
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = Server::start(&[]);
    let responses = [
        server.get("/"),
        server.get("/api/questions"),
        server.get("/nowhere"),
        server.send("GET /", &[("Host", "evil.example")], b""),
        server.send("POST /api/check", &[("Content-Type", "text/plain")], b"x"),
    ];
    for response in responses {
        let csp = response
            .header("content-security-policy")
            .unwrap_or_default();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
    }
}

#[test]
fn no_request_path_reaches_the_file_system() {
    let server = Server::start(&["--class", &sample("definition")]);
    assert_eq!(
        server
            .post_json(
                "/api/class",
                &serde_json::json!({"question": "definition", "source": 0})
            )
            .status,
        200
    );
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2fetc%2fpasswd",
        "/static/app.js/../../Cargo.toml",
        "/class/..%2f..%2fetc%2fpasswd/report",
        "/class/0/..%2f..%2f..%2fCargo.toml",
        "/class/0/../../etc/passwd",
        "//etc/passwd",
        "/samples/definition/strong.txt",
        "/class/1/report",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}: {}", response.text());
        assert!(!response.text().contains("[package]") && !response.text().contains("root:"));
    }
    // Class sources are picked by number among those named at start-up, never by path.
    let by_path = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "source": "/etc"}),
    );
    assert_eq!(by_path.status, 400);
    let out_of_range = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "source": 1}),
    );
    assert_eq!(out_of_range.status, 404);
}

#[test]
fn uploads_stay_in_a_temporary_folder_under_safe_names() {
    let server = Server::start(&[]);
    let outside = server.dir.path().join("escaped.jsonl");
    let name = format!("../../{}/escaped.jsonl", server.dir.path().display());
    let content = r#"{"id": "ann", "answer": "Stakhanov was a Soviet miner."}"#;
    let response = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "files": [{"name": name, "content": content}]}),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["graded"], 1);
    assert!(!outside.exists());
    let refused = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "files": [{"name": "run.sh", "content": "x"}]}),
    );
    assert_eq!(refused.status, 400);
}

#[test]
fn practice_attempts_go_to_the_history_that_progress_reads() {
    let server = Server::start(&[]);
    for answer in ["Stakhanov was a miner.", ANSWER] {
        let response = server.post_json("/api/practice", &check_request("definition", answer));
        assert_eq!(response.status, 200, "{}", response.text());
        let body = response.json();
        assert_eq!(body["report"]["question"], "definition");
        assert!(body.get("not_saved").is_none(), "{body}");
    }
    let progress = server.get("/api/progress").json();
    let definition = &progress["questions"][0];
    assert_eq!(definition["question"], "definition");
    assert_eq!(definition["attempts"], 2);
    let from_cli = markpoint()
        .args(["progress", "--format", "json", "--history"])
        .arg(server.history())
        .output()
        .expect("runs");
    let from_cli: serde_json::Value = serde_json::from_slice(&from_cli.stdout).expect("json");
    assert_eq!(from_cli["questions"], progress["questions"]);
}

#[test]
fn concurrent_attempts_are_all_graded_and_saved_whole() {
    let server = Server::start(&[]);
    let answers: Vec<String> = (0..24)
        .map(|n| format!("{ANSWER} Attempt number {n}."))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = answers
            .iter()
            .map(|answer| {
                let server = &server;
                scope.spawn(move || {
                    server.post_json("/api/practice", &check_request("definition", answer))
                })
            })
            .collect();
        for handle in handles {
            let response = handle.join().expect("thread");
            assert_eq!(response.status, 200, "{}", response.text());
        }
    });
    let history = std::fs::read_to_string(server.history()).expect("history");
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), answers.len());
    for line in lines {
        let attempt: serde_json::Value = serde_json::from_str(line).expect("a whole JSON line");
        assert_eq!(attempt["question"], "definition");
    }
}

#[test]
fn every_built_in_question_can_be_practised_to_full_marks_with_its_model_answer() {
    let server = Server::start(&[]);
    let questions = server.get("/api/questions").json();
    let questions = questions.as_array().expect("array");
    assert!(questions.len() >= 4);
    for question in questions {
        let id = question["id"].as_str().expect("id");
        let detail = server.get(&format!("/api/questions/{id}")).json();
        let model = detail["model_answer"].as_str().expect("model answer");
        let response = server.post_json("/api/practice", &check_request(id, model));
        assert_eq!(response.status, 200, "{id}: {}", response.text());
        assert_eq!(response.json()["report"]["percent"], 100.0, "{id}");
    }
    let progress = server.get("/api/progress").json();
    assert_eq!(
        progress["questions"].as_array().expect("array").len(),
        questions.len()
    );
}

/// The class served for `--class PATH`, graded as source 0.
fn graded_class(server: &Server) -> serde_json::Value {
    let response = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "source": 0}),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

#[test]
fn the_class_page_serves_the_batch_report_and_its_downloads() {
    let folder = sample("definition");
    let server = Server::start(&["--class", &folder]);
    let sources = server.get("/api/class/sources").json();
    assert_eq!(sources["sources"][0]["name"], folder.as_str());
    let class = graded_class(&server);
    assert_eq!(class["graded"], 3);
    // The folder's expected.json is not an answer: named as skipped, not graded.
    assert_eq!(class["skipped"], 1);
    assert!(class["messages"][0]
        .as_str()
        .is_some_and(|m| m.contains("expected.json")));
    let report = server.get(class["report"].as_str().expect("link"));
    assert_eq!(report.status, 200);
    let page = report.text();
    assert!(page.contains("<table"), "the class table");
    assert!(page.contains("<svg"), "the coverage chart");
    assert!(page.contains("<mark class=\"c"), "highlighted evidence");
    assert!(page.contains("href=\"/static/report.css\"") && !page.contains("<style"));
    let batch = |format: &str| {
        markpoint()
            .args([
                "batch",
                "--question",
                "definition",
                "--quiet",
                "--format",
                format,
                &folder,
            ])
            .output()
            .expect("runs")
            .stdout
    };
    let csv = server.get(class["csv"].as_str().expect("link"));
    assert_eq!(csv.body, batch("csv"));
    assert!(csv
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment")));
    let jsonl = server.get(class["jsonl"].as_str().expect("link"));
    assert_eq!(jsonl.body, batch("jsonl"));
}

#[test]
fn class_answers_and_ids_are_shown_as_text() {
    let server = Server::start(&[]);
    let hostile = "<img src=x onerror=alert(1)>";
    let csv = format!(
        "id,answer\n\"{hostile}\",\"Stakhanov was a Soviet miner. <script>alert(2)</script>\"\nbad,\n"
    );
    let response = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "files": [{"name": "class.csv", "content": csv}]}),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let class = response.json();
    assert_eq!(class["graded"], 1);
    assert_eq!(class["skipped"], 1);
    assert_eq!(class["messages"][0], "class.csv:3: the answer is empty");
    let page = server.get(class["report"].as_str().expect("link")).text();
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"));
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn binding_beyond_loopback_needs_a_flag() {
    markpoint()
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--allow-remote"));
}

#[test]
fn beyond_loopback_every_request_needs_the_printed_token() {
    let mut server = Server::start(&["--bind", "0.0.0.0", "--allow-remote"]);
    let mut warning = String::new();
    BufReader::new(server.child.stderr.take().expect("stderr"))
        .read_line(&mut warning)
        .expect("reads");
    assert!(warning.contains("warning"), "{warning}");
    let token = server
        .url
        .split_once("?token=")
        .map(|(_, t)| t.to_string())
        .expect("a token in the address");
    assert_eq!(token.len(), 32);
    let host = ("Host", "192.0.2.1:4747");
    assert_eq!(server.send("GET /api/questions", &[host], b"").status, 403);
    let wrong = server.send("GET /api/questions?token=0123", &[host], b"");
    assert_eq!(wrong.status, 403);
    let opened = server.send(&format!("GET /?token={token}"), &[host], b"");
    assert_eq!(opened.status, 200);
    let cookie = opened
        .header("set-cookie")
        .expect("a cookie keeps the token");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().expect("name=value");
    assert_eq!(
        server
            .send("GET /api/questions", &[host, ("Cookie", pair)], b"")
            .status,
        200
    );
    drop(server);
}

#[test]
fn uploaded_text_files_are_a_folder_of_answers_named_by_file() {
    let server = Server::start(&[]);
    let files = serde_json::json!([
        {"name": "Ann Lee.txt", "content": "Stakhanovism was a Soviet movement of the 1930s."},
        {"name": "bob.md", "content": "Stakhanov was a miner who set a record in 1935."},
    ]);
    let response = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "files": files}),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let class = response.json();
    assert_eq!(class["graded"], 2);
    assert_eq!(class["source"], "Ann Lee.txt and 1 more files");
    let jsonl = server.get(class["jsonl"].as_str().expect("link")).text();
    let ids: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"Ann_Lee\"", "\"bob\""]);
}

#[test]
fn a_class_upload_over_its_limit_is_413() {
    let server = Server::start(&[]);
    let content = "x".repeat(17 << 20);
    let response = server.post_json(
        "/api/class",
        &serde_json::json!({"question": "definition", "files": [{"name": "a.txt", "content": content}]}),
    );
    assert_eq!(response.status, 413);
    assert_eq!(server.get("/class").status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let server = Server::start(&[]);
    markpoint()
        .args(["serve", "--port", &server.port.to_string()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "cannot listen on 127.0.0.1:{}",
            server.port
        )));
}
