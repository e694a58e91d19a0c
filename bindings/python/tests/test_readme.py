"""The README's Python examples run as written (from the repository's root)."""

import contextlib
import io
import os
import re

from conftest import ROOT


def _blocks(section: str):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(section)
    end = min(i for i in (readme.find("\n## ", start + 1), readme.find("\n### ", start + 1), len(readme)) if i > 0)
    return re.findall(r"```python\n(.*?)```", readme[start:end], re.S)


def _run(code: str) -> str:
    printed = io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    finally:
        os.chdir(here)
    return printed.getvalue()


def test_embedding_from_python():
    (code,) = _blocks("### From Python")
    printed = _run(code)
    assert "licence-required" in printed


def test_the_dask_recipe():
    (code,) = _blocks("### On a Dask cluster")
    printed = _run(code)
    assert "licence-required" in printed
