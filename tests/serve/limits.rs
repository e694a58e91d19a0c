//! The bounds: body size (413), deadline (504), turns (503), a responsive
//! `/health` while shipments are decided, and a graceful stop.

use super::client::{read, root, Server};
use super::generator::{generate, Params};
use super::spec::checked;
use std::time::{Duration, Instant};

#[test]
fn a_body_over_the_limit_is_refused_with_413_and_one_under_it_is_decided() {
    let server = Server::start(&["--watch", "0", "--max-body", "64KiB"], root());
    let servo = read("examples/servo-motors/facts.json");
    assert!(servo.len() < 64 << 10);
    let ok = checked(&server, "POST", "/v1/decisions", "/v1/decisions", servo.as_bytes());
    assert_eq!(ok.status, 200);
    let big = generate(&Params::uniform(1_000, 1));
    assert!(big.len() > 64 << 10);
    for (path, template) in [
        ("/v1/decisions", "/v1/decisions"),
        ("/v1/explain?shipment=S-1", "/v1/explain"),
        ("/v1/diff", "/v1/diff"),
    ] {
        let refused = checked(&server, "POST", path, template, big.as_bytes());
        assert_eq!(refused.status, 413, "{path}: {}", refused.text());
        assert!(refused.json()["error"].as_str().unwrap().contains("--max-body"));
    }
    // A padded JSON body: still too large, though every byte is valid.
    let padded = format!("{}{}", " ".repeat(70 << 10), servo);
    assert_eq!(server.post("/v1/decisions", padded).status, 413);
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn work_past_the_deadline_is_504_and_a_request_with_no_turn_is_503_while_health_answers() {
    // One turn and a short deadline; 6 000 shipments take longer than that
    // to decide (about a second in a debug build).
    let server = Server::start(&["--watch", "0", "--deadline", "150ms", "--concurrency", "1"], root());
    let big = generate(&Params::uniform(6_000, 3));
    let addr = server.addr.clone();
    let slow = std::thread::spawn(move || {
        let started = Instant::now();
        let reply = super::client::request(&addr, "POST", "/v1/decisions", big.as_bytes());
        (reply, started.elapsed())
    });
    // While the shipments are being decided, /health answers at once.
    std::thread::sleep(Duration::from_millis(50));
    let started = Instant::now();
    let health = server.get("/health");
    assert_eq!(health.status, 200);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let (reply, took) = slow.join().unwrap();
    super::spec::spec().check("POST", "/v1/decisions", &reply);
    assert_eq!(reply.status, 504, "{}", reply.text());
    assert!(
        took < Duration::from_secs(5),
        "answered at the deadline, not when done: {took:?}"
    );
    assert!(reply.json()["error"].as_str().unwrap().contains("deadline"));
    // The abandoned work still holds the only turn: the next request waits
    // for it until its own deadline, then is told the server is busy.
    let busy = checked(
        &server,
        "POST",
        "/v1/decisions",
        "/v1/decisions",
        read("examples/servo-motors/facts.json").as_bytes(),
    );
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.header("retry-after"), Some("1"));
    // When the work is done, the turn is free again.
    let started = Instant::now();
    loop {
        let reply = server.post("/v1/decisions", read("examples/servo-motors/facts.json"));
        if reply.status == 200 {
            break;
        }
        // 503: the turn is still taken; 504: it came, but on a machine this
        // busy even a small document took longer than the 150 ms deadline.
        assert!([503, 504].contains(&reply.status), "{}", reply.text());
        assert!(started.elapsed() < Duration::from_secs(60), "the turn never came back");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn sigterm_stops_the_server_after_the_requests_in_flight() {
    let server = Server::start(&["--watch", "0"], root());
    let big = generate(&Params::uniform(2_000, 5));
    let addr = server.addr.clone();
    let in_flight = std::thread::spawn(move || super::client::request(&addr, "POST", "/v1/decisions", big.as_bytes()));
    // Long enough for the server to have accepted the connection; the
    // decisions take longer still (about half a second in a debug build).
    std::thread::sleep(Duration::from_millis(200));
    server.signal("TERM");
    let reply = in_flight.join().unwrap();
    assert_eq!(reply.status, 200, "the request in flight was answered");
    assert_eq!(reply.json()["decisions"].as_array().unwrap().len(), 2_000);
    let log = std::sync::Arc::clone(&server.log);
    assert_eq!(server.wait(), Some(0));
    let log = log.lock().unwrap().clone();
    assert!(log.contains("SIGTERM") && log.contains("stopped"), "{log}");
}

#[test]
fn serve_check_reports_a_law_that_does_not_check() {
    let (out, status, stderr) = super::client::edict(&["serve", "--check"], None);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(String::from_utf8(out).unwrap().contains("23 policies"));
    let dir = super::client::scratch("check");
    std::fs::write(dir.join("broken.edict"), "policy broken\n  title (\n").unwrap();
    let (out, status, stderr) = super::client::edict(
        &["--message-format", "json", "serve", "--check", dir.to_str().unwrap()],
        None,
    );
    assert_eq!(status, Some(1));
    assert!(out.is_empty());
    assert!(stderr.contains("\"code\":\"edict::syntax"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}
