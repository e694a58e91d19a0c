//! The README's "As a service" commands run: the `edict serve` line with
//! `--check` (a server runs until stopped), then each `curl` line against a
//! server started with the same arguments on an ephemeral port.

use super::client::{edict, read, root, Server};
use std::process::Command;

/// The lines of the first `sh` block after the "As a service" heading.
fn block() -> Vec<String> {
    let readme = read("README.md");
    let section = readme
        .split("### As a service")
        .nth(1)
        .expect("README has \"As a service\"");
    let code = section
        .split("```sh\n")
        .nth(1)
        .expect("a sh block")
        .split("```")
        .next()
        .unwrap();
    code.lines()
        .map(|l| l.split(" #").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_readme_commands_for_the_service_run() {
    let lines = block();
    let start = lines
        .iter()
        .find(|l| l.starts_with("edict serve"))
        .expect("a serve line");
    let args: Vec<&str> = start.split_whitespace().skip(1).collect();
    let mut checked = args.clone();
    checked.push("--check");
    let (out, status, stderr) = edict(&checked, None);
    assert_eq!(status, Some(0), "{start}: {stderr}");
    assert!(!out.is_empty());
    // The same arguments, but on a free port.
    let listen = args.iter().position(|a| *a == "--listen").expect("--listen");
    let written = args[listen + 1];
    let mut served: Vec<&str> = args
        .iter()
        .skip(1)
        .copied()
        .filter(|a| *a != "--listen" && *a != written)
        .collect();
    served.extend(["--watch", "0"]);
    let server = Server::start(&served, root());
    let curls: Vec<&String> = lines.iter().filter(|l| l.starts_with("curl ")).collect();
    assert!(curls.len() >= 3, "{lines:?}");
    for line in curls {
        let line = line.replace(written, &server.addr);
        let out = Command::new("sh")
            .args(["-c", &format!("{} --fail --silent --show-error", line)])
            .current_dir(root())
            .output()
            .expect("sh and curl run (curl is needed by this test)");
        assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.len() > 100, "{line}");
    }
}
