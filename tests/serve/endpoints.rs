//! Each endpoint answers as the command line would, and refuses malformed
//! requests with 400 and the command line's diagnostics, never a 500.

use super::client::{edict, read, root, Server};
use super::spec::checked;

const SERVO: &str = "examples/servo-motors/facts.json";

fn server() -> Server {
    Server::start(&["--watch", "0"], root())
}

#[test]
fn decisions_are_byte_for_byte_those_of_eval() {
    let server = server();
    for (facts, as_of) in [
        (SERVO, None),
        ("examples/dysprosium-trader/facts.json", Some("2026-11-11")),
        ("examples/humanitarian/facts.json", None),
    ] {
        let mut args = vec!["eval", "--facts", facts, "--format", "json"];
        let mut path = "/v1/decisions".to_string();
        if let Some(day) = as_of {
            args.extend(["--as-of", day]);
            path.push_str(&format!("?as_of={day}"));
        }
        let (cli, status, stderr) = edict(&args, None);
        assert_eq!(status, Some(0), "{stderr}");
        let reply = checked(&server, "POST", &path, "/v1/decisions", read(facts).as_bytes());
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(reply.body == cli, "{facts}: the server's decisions differ from eval's");
        assert_eq!(reply.header("edict-law-generation"), Some("1"));
    }
}

#[test]
fn explain_and_diff_answer_as_the_command_line() {
    let server = server();
    let (cli, status, stderr) = edict(
        &[
            "explain",
            "--facts",
            SERVO,
            "--shipment",
            "S-2026-1111",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(status, Some(0), "{stderr}");
    let reply = checked(
        &server,
        "POST",
        "/v1/explain?shipment=S-2026-1111",
        "/v1/explain",
        read(SERVO).as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), String::from_utf8(cli).unwrap());
    let (cli, _, _) = edict(
        &[
            "explain",
            "--facts",
            SERVO,
            "--shipment",
            "S-2026-1111",
            "--format",
            "markdown",
        ],
        None,
    );
    let reply = checked(
        &server,
        "POST",
        "/v1/explain?shipment=S-2026-1111&format=markdown",
        "/v1/explain",
        read(SERVO).as_bytes(),
    );
    assert_eq!(reply.text(), String::from_utf8(cli).unwrap());

    let draft = "examples/drafts/extend-70.edict";
    let (cli, status, stderr) = edict(&["diff", "--with", draft, "--facts", SERVO, "--format", "json"], None);
    assert_eq!(status, Some(1), "{stderr}");
    let body = serde_json::json!({
        "drafts": [{ "name": draft, "text": read(draft) }],
        "facts": serde_json::from_str::<serde_json::Value>(&read(SERVO)).unwrap(),
    });
    let reply = checked(&server, "POST", "/v1/diff", "/v1/diff", body.to_string().as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), String::from_utf8(cli).unwrap());
    assert!(reply.json()["impact"].is_object());
}

#[test]
fn policies_are_listed_with_their_status_on_a_day_and_rendered() {
    let server = server();
    let before = checked(&server, "GET", "/v1/policies?as_of=2020-01-01", "/v1/policies", b"").json();
    let after = checked(&server, "GET", "/v1/policies?as_of=2025-12-01", "/v1/policies", b"").json();
    let status = |list: &serde_json::Value, id: &str| {
        list["policies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} is listed"))["status"]
            .clone()
    };
    assert_eq!(status(&before, "cn-mofcom-2025-18"), "not-yet-in-force");
    assert_eq!(status(&after, "cn-mofcom-2025-18"), "in-force");
    assert_eq!(after["as_of"], "2025-12-01");
    assert_eq!(after["policies"].as_array().unwrap().len(), 23);

    let dir = super::client::scratch("render");
    let out = dir.to_str().unwrap();
    let (_, status, stderr) = edict(&["render", "--format", "markdown", "-o", out], None);
    assert_eq!(status, Some(0), "{stderr}");
    let markdown = checked(
        &server,
        "GET",
        "/v1/policies/cn-mofcom-2025-18/render",
        "/v1/policies/{id}/render",
        b"",
    );
    assert_eq!(markdown.status, 200);
    assert_eq!(
        markdown.text(),
        std::fs::read_to_string(dir.join("cn-mofcom-2025-18.md")).unwrap()
    );
    let html = checked(
        &server,
        "GET",
        "/v1/policies/cn-mofcom-2025-18/render?format=html",
        "/v1/policies/{id}/render",
        b"",
    );
    assert!(html.text().starts_with("<!DOCTYPE html>"), "{}", html.text());
    assert!(html.text().contains("cn-mofcom-2025-18"));
    assert!(!html.text().contains("cn-mofcom-2025-61\""), "one policy only");
    let missing = checked(
        &server,
        "GET",
        "/v1/policies/cn-mofcom-2025-1/render",
        "/v1/policies/{id}/render",
        b"",
    );
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].as_str().unwrap().contains("did you mean"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn health_and_metrics_say_what_was_served() {
    let server = server();
    let health = checked(&server, "GET", "/health", "/health", b"").json();
    assert_eq!(health["status"], "serving");
    assert_eq!(health["law"]["generation"], 1);
    assert_eq!(health["law"]["policies"], 23);
    assert!(health["last_reload"].is_null());
    let decided = checked(
        &server,
        "POST",
        "/v1/decisions",
        "/v1/decisions",
        read(SERVO).as_bytes(),
    )
    .json();
    let refused = server.post("/v1/decisions", "{");
    assert_eq!(refused.status, 400);
    let metrics = checked(&server, "GET", "/metrics", "/metrics", b"").text();
    assert!(
        metrics.contains("edict_http_requests_total{method=\"POST\",route=\"/v1/decisions\",status=\"200\"} 1\n"),
        "{metrics}"
    );
    assert!(metrics.contains("edict_http_requests_total{method=\"POST\",route=\"/v1/decisions\",status=\"400\"} 1\n"));
    assert!(metrics.contains("edict_http_request_duration_seconds_count{route=\"/v1/decisions\"} 2\n"));
    // Decisions by outcome: as many as the answer had of each.
    for outcome in ["not-controlled", "licence-required", "prohibited"] {
        let n = decided["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["outcome"] == outcome)
            .count();
        assert!(
            metrics.contains(&format!("edict_decisions_total{{outcome=\"{outcome}\"}} {n}\n")),
            "{outcome}: {n}\n{metrics}"
        );
    }
}

/// The diagnostics of `edict --message-format json eval --facts -` for the
/// same text, with the file named as the server names a request body.
fn cli_diagnostics(facts: &str) -> serde_json::Value {
    let (_, status, stderr) = edict(
        &["--message-format", "json", "eval", "--facts", "-"],
        Some(facts.as_bytes()),
    );
    assert_eq!(status, Some(1), "{stderr}");
    let list: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(&l.replace("\"<stdin>\"", "\"<request>\"")).unwrap())
        .collect();
    serde_json::Value::Array(list)
}

/// A request to refuse: method, path, route, body, status, a diagnostic's code.
type Refused = (&'static str, &'static str, &'static str, Vec<u8>, u16, &'static str);

#[test]
fn malformed_requests_get_400_with_the_command_lines_diagnostics() {
    let server = server();
    let servo = read(SERVO);
    for (what, facts) in [
        ("not JSON", "{\"version\": 1,".to_string()),
        ("not an object", "[]".to_string()),
        ("a missing key", servo.replacen("\"quantity\"", "\"qty\"", 1)),
        (
            "a bad date",
            servo.replacen("\"date\": \"2026", "\"date\": \"2026-02-30T", 1),
        ),
        (
            "an unknown item",
            servo.replacen("\"item\": \"servo", "\"item\": \"nothing-", 1),
        ),
    ] {
        let reply = checked(&server, "POST", "/v1/decisions", "/v1/decisions", facts.as_bytes());
        assert_eq!(reply.status, 400, "{what}: {}", reply.text());
        assert_eq!(reply.json()["diagnostics"], cli_diagnostics(&facts), "{what}");
        let explained = checked(
            &server,
            "POST",
            "/v1/explain?shipment=S-1",
            "/v1/explain",
            facts.as_bytes(),
        );
        assert_eq!(explained.status, 400, "{what}: {}", explained.text());
    }
    // A message names the JSON path of what is wrong.
    let reply = server.post("/v1/decisions", servo.replacen("\"quantity\"", "\"qty\"", 1));
    assert!(
        reply.text().contains(r#"`items[\"servo-rs400\"].components[0]`"#),
        "{}",
        reply.text()
    );

    // (method, path, route, body, status, a diagnostic's code)
    let requests: [Refused; 10] = [
        (
            "POST",
            "/v1/decisions",
            "/v1/decisions",
            vec![0xff, 0xfe, b'{'],
            400,
            "edict::invalid-utf8",
        ),
        (
            "POST",
            "/v1/decisions?as_of=2025-02-29",
            "/v1/decisions",
            servo.clone().into_bytes(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/decisions?asof=2025-02-01",
            "/v1/decisions",
            servo.clone().into_bytes(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/explain",
            "/v1/explain",
            servo.clone().into_bytes(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/explain?shipment=S-404",
            "/v1/explain",
            servo.clone().into_bytes(),
            404,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/explain?shipment=S-2026-1111&format=pdf",
            "/v1/explain",
            servo.clone().into_bytes(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/diff",
            "/v1/diff",
            b"{\"drafts\": \"no\"}".to_vec(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/diff",
            "/v1/diff",
            b"{\"drafts\": []}".to_vec(),
            400,
            "edict::usage",
        ),
        (
            "POST",
            "/v1/diff",
            "/v1/diff",
            br#"{"drafts": [{"name": "broken.edict", "text": "policy x\n  title (\n"}]}"#.to_vec(),
            400,
            "edict::syntax",
        ),
        (
            "GET",
            "/v1/policies?as_of=yesterday",
            "/v1/policies",
            Vec::new(),
            400,
            "edict::usage",
        ),
    ];
    for (method, path, template, body, status, code) in requests {
        let reply = checked(&server, method, path, template, &body);
        assert_eq!(reply.status, status, "{method} {path}: {}", reply.text());
        assert!(
            reply.codes().iter().any(|c| c.starts_with(code)),
            "{method} {path}: {:?}",
            reply.codes()
        );
    }
    let unknown = server.get("/v2/decisions");
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["error"].is_string());
    // Still serving, nothing logged as a failure.
    assert_eq!(server.get("/health").status, 200);
}
