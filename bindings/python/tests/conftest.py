"""Shared fixtures: the repository, the command line to compare with, the bundled law."""

import os
import pathlib
import subprocess

import pytest

import edict

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE_FACTS = sorted(ROOT.glob("examples/*/facts.json"))


def _tool(env: str, default: str) -> pathlib.Path:
    path = pathlib.Path(os.environ.get(env, ROOT / default))
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: build it (cargo build --examples) or set {env}")
    return path


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli():
    """Runs the edict command line (EDICT_BIN, default target/debug/edict) and returns its stdout."""
    binary = _tool("EDICT_BIN", "target/debug/edict")

    def run(*args: str, ok=(0,)) -> str:
        done = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode in ok, done.stderr
        return done.stdout

    return run


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """A generated facts file of n items, parties and shipments (the benchmark's generator)."""
    binary = _tool("EDICT_GEN_FACTS", "target/debug/examples/gen_facts")
    made = {}

    def make(n: int) -> pathlib.Path:
        if n not in made:
            path = tmp_path_factory.mktemp("generated") / f"facts-{n}.json"
            with open(path, "wb") as out:
                subprocess.run([str(binary), str(n)], stdout=out, check=True)
            made[n] = path
        return made[n]

    return make


@pytest.fixture(scope="session")
def law() -> edict.Law:
    return edict.load()
