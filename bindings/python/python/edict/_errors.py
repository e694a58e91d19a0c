"""The exceptions edict raises, each carrying the diagnostics of the stage
that refused, as the command line's ``--message-format json`` gives them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import List, Optional

# A JSON path the way facts diagnostics name one: `shipments[3].date`.
_JSON_PATH = re.compile(
    r"`((?:version|currency|parties|items|shipments|holdings|listings)(?:[.\[][^`]*)?)`"
)


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic: what is wrong, where, and what to do about it."""

    code: Optional[str]
    """The diagnostic's code, e.g. ``edict::facts::invalid-date``."""
    severity: str
    """``error``, ``warning`` or ``advice``."""
    message: str
    file: Optional[str]
    """The policy or facts file the diagnostic points into."""
    line: Optional[int]
    """1-based line of the primary label."""
    column: Optional[int]
    """1-based column (in bytes) of the primary label."""
    path: Optional[str]
    """For facts: the JSON path the message names (``shipments[0].date``)."""
    help: Optional[str]

    @classmethod
    def _from_json(cls, d: dict) -> "Diagnostic":
        found = _JSON_PATH.search(d.get("message") or "")
        return cls(
            code=d.get("code"),
            severity=d.get("severity", "error"),
            message=d.get("message", ""),
            file=d.get("file"),
            line=d.get("line_start"),
            column=d.get("column_start"),
            path=found.group(1) if found else None,
            help=d.get("help"),
        )


class EdictError(Exception):
    """Something edict refused; ``diagnostics`` says what and where, and
    ``rendered`` is the text the command line prints for them."""

    def __init__(self, message: str, diagnostics_json: str = "[]", rendered: str = ""):
        super().__init__(message)
        self.message = message
        self.diagnostics: List[Diagnostic] = [
            Diagnostic._from_json(d) for d in json.loads(diagnostics_json)
        ]
        self.rendered = rendered

    @property
    def codes(self) -> List[str]:
        """The diagnostics' codes, in order."""
        return [d.code for d in self.diagnostics if d.code]

    def __str__(self) -> str:
        return f"{self.message}\n{self.rendered}" if self.rendered else self.message


class PolicyError(EdictError):
    """The policies (or drafts) do not check."""


class FactsError(EdictError):
    """A facts document cannot be read or decided."""
