#!/usr/bin/env python3
"""Moves the bundled library's law-date cases into edict test files.

Each folder tests/cases/library/<case>/ (a case.json: description, as_of,
facts, expect) becomes a test `<case>` in policies/tests/<group>.test.edict,
where <group> is the example whose facts it reads (examples/<group>/facts.json)
or `readings` for a case with facts of its own, which are moved to
policies/tests/facts/<case>.json. Its decision snapshot is renamed from
library__library@<case>__case.json.snap to library__library@<case>.snap
(tests/library.rs snapshots each test under its id), and the case folder is
removed. Tests already in a file are left alone, so the script can be run
again for cases added later. Run from the repository root, then
`cargo run -- fmt policies/tests` and `cargo run -- test policies`.

    python3 scripts/library-cases-to-tests.py [CASE_DIR...]
"""

import json
import os
import re
import shutil
import subprocess
import sys

CASES = "tests/cases/library"
TESTS = "policies/tests"
SNAPSHOTS = "tests/snapshots"
SHIPMENT = re.compile(r"^[A-Za-z0-9_.:/-]+$")


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def split_description(text):
    """The title (up to the first ': ' outside brackets and quotes) and the
    rest, the reading the case relies on; the whole text when no short head."""
    depth = 0
    for i, c in enumerate(text):
        if c in "([“":
            depth += 1
        elif c in ")]”" and depth:
            depth -= 1
        elif c == ":" and depth == 0 and text[i + 1 : i + 2] == " ":
            head, rest = text[:i], text[i + 2 :]
            if len(head) <= 120 and rest:
                return head, rest
            break
    return text, None


def group_title(group):
    if group == "readings":
        return "Readings of the bundled law, each on facts of its own"
    name = group.replace("-", " ")
    return f"The {name} example (examples/{group}/facts.json) across the law's dates"


def git(*args):
    subprocess.run(["git", *args], check=True)


def convert(case_dir):
    case = os.path.basename(case_dir.rstrip("/"))
    with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
        spec = json.load(f)
    facts = os.path.normpath(os.path.join(case_dir, spec["facts"]))
    parts = facts.split(os.sep)
    if len(parts) == 3 and parts[0] == "examples" and parts[2] == "facts.json":
        group, facts_ref = parts[1], os.path.relpath(facts, TESTS)
    else:
        group, facts_ref = "readings", f"facts/{case}.json"
    path = os.path.join(TESTS, f"{group}.test.edict")
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
    if re.search(rf"^test {re.escape(case)}\s", text, re.M):
        print(f"{case}: already in {path}", file=sys.stderr)
        return
    if group == "readings":
        os.makedirs(os.path.join(TESTS, "facts"), exist_ok=True)
        git("mv", facts, os.path.join(TESTS, facts_ref))
    if not text:
        text = (
            f"# Converted from tests/cases/library by scripts/library-cases-to-tests.py;\n"
            f"# each test's outcomes were worked out by hand from shared/regulations.md.\n"
            f"tests {quoted(group_title(group))}\n"
        )
    title, because = split_description(spec["description"])
    lines = ["", f"test {case} {quoted(title)}"]
    if because:
        lines.append(f"  because {quoted(because)}")
    lines.append(f"  facts {quoted(facts_ref)}")
    if spec.get("as_of"):
        lines.append(f"  as of {spec['as_of']}")
    for shipment, outcome in spec["expect"].items():
        sid = shipment if SHIPMENT.match(shipment) else quoted(shipment)
        lines.append(f"  expect {sid} {outcome}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    old = os.path.join(SNAPSHOTS, f"library__library@{case}__case.json.snap")
    if os.path.exists(old):
        git("mv", old, os.path.join(SNAPSHOTS, f"library__library@{case}.snap"))
    git("rm", "-q", "-r", case_dir)
    shutil.rmtree(case_dir, ignore_errors=True)
    print(f"{case} -> {path}")


def main():
    dirs = sys.argv[1:] or sorted(
        os.path.join(CASES, d) for d in os.listdir(CASES) if os.path.isdir(os.path.join(CASES, d))
    )
    os.makedirs(TESTS, exist_ok=True)
    for d in dirs:
        convert(d)


if __name__ == "__main__":
    main()
