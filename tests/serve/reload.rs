//! Reloading the law: on SIGHUP and when a file changes, whole; a law that
//! does not check is refused and the old one keeps being served.

use super::client::{read, scratch, Server};
use super::spec::checked;

const FACTS: &str = "examples/policy-tests/facts.json";

/// A folder with the example gallium policy (in force from 2026-03-01).
fn folder(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("gallium.edict"), read("examples/policy-tests/gallium.edict")).unwrap();
    dir
}

/// G-1 ships a gallium ingot from China to Germany on 2026-03-10.
fn g1(server: &Server) -> String {
    let reply = checked(server, "POST", "/v1/decisions", "/v1/decisions", read(FACTS).as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    let d = json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["shipment"] == "G-1")
        .unwrap();
    d["outcome"].as_str().unwrap().to_string()
}

/// The policy, in force a year later: G-1 is then not controlled.
fn a_year_later(dir: &std::path::Path) {
    let text =
        read("examples/policy-tests/gallium.edict").replace("in force from 2026-03-01", "in force from 2027-03-01");
    std::fs::write(dir.join("gallium.edict"), text).unwrap();
}

#[test]
fn sighup_reloads_a_new_law_and_a_broken_one_keeps_the_old_law() {
    let dir = folder("sighup");
    let server = Server::start(&["--watch", "0", dir.to_str().unwrap()], &dir);
    assert_eq!(g1(&server), "licence-required");

    // A broken policy: refused, reported, and the old law still decides.
    std::fs::write(dir.join("gallium.edict"), "policy example-gallium\n  title (\n").unwrap();
    server.signal("HUP");
    let health = server.wait_for_health(|h| !h["last_reload"].is_null());
    super::spec::spec().check("GET", "/health", &server.get("/health"));
    assert_eq!(health["last_reload"]["ok"], false, "{health:#}");
    assert_eq!(health["law"]["generation"], 1);
    let codes: Vec<_> = health["last_reload"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.iter().any(|c| c.starts_with("edict::syntax")), "{codes:?}");
    assert_eq!(g1(&server), "licence-required");
    assert!(server.log.lock().unwrap().contains("refused, still serving law 1"));
    assert!(server
        .get("/metrics")
        .text()
        .contains("edict_reloads_total{result=\"refused\"} 1\n"));

    // A new law that checks: served from the next request on.
    a_year_later(&dir);
    server.signal("HUP");
    let health = server.wait_for_health(|h| h["law"]["generation"] == 2);
    assert_eq!(health["last_reload"]["ok"], true, "{health:#}");
    assert_eq!(g1(&server), "not-controlled");
    let reply = server.post("/v1/decisions", read(FACTS));
    assert_eq!(reply.header("edict-law-generation"), Some("2"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_changed_file_is_noticed_and_reloaded() {
    let dir = folder("watch");
    let server = Server::start(&["--watch", "100ms", dir.to_str().unwrap()], &dir);
    assert_eq!(g1(&server), "licence-required");
    // A new file in the folder that does not check: refused.
    std::fs::write(dir.join("more.edict"), "policy more\n  title (\n").unwrap();
    server.wait_for_health(|h| h["last_reload"]["ok"] == false);
    assert_eq!(g1(&server), "licence-required");
    // Removed again, and the policy changed: the new law is served.
    std::fs::remove_file(dir.join("more.edict")).unwrap();
    a_year_later(&dir);
    server.wait_for_health(|h| h["last_reload"]["ok"] == true && h["law"]["generation"].as_u64() >= Some(2));
    assert_eq!(g1(&server), "not-controlled");
    let _ = std::fs::remove_dir_all(dir);
}
