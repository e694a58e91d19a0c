"""edict from Python: load the law once, then decide shipments with it.

    import edict
    law = edict.load()                      # the bundled library
    decisions = law.evaluate("facts.json")  # a path, a JSON string or a dict
    for d in decisions:
        print(d.shipment, d.outcome)
    frame = law.evaluate_table("facts.json").to_pandas()  # one row per shipment x policy

Decisions are the ones ``edict eval --format json`` gives (``Decisions.to_dict()``
is that document). Amounts in facts given as ``decimal.Decimal`` are written
as exact decimal strings, never floats. Errors raise :class:`PolicyError` or
:class:`FactsError` carrying every diagnostic.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _edict
from ._errors import Diagnostic, EdictError, FactsError, PolicyError

__all__ = [
    "load",
    "Law",
    "Decisions",
    "Decision",
    "PolicyDecision",
    "Finding",
    "OutcomeRange",
    "SettlingFact",
    "SettlingValue",
    "PolicyDiff",
    "World",
    "Diagnostic",
    "EdictError",
    "PolicyError",
    "FactsError",
    "OUTCOMES",
]

#: The outcomes, least restrictive first (the ladder a shipment's outcome is the top of).
OUTCOMES = (
    "not-controlled",
    "exempt",
    "licence-required",
    "case-by-case",
    "presumption-of-denial",
    "prohibited",
)

PathLike = Union[str, "os.PathLike[str]"]
Facts = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]
Day = Union[str, datetime.date, None]


@dataclass(frozen=True)
class Finding:
    """One rule that applied to a shipment, with its reasons."""

    rule: str
    outcome: str
    cite: str
    because: Tuple[str, ...]


@dataclass(frozen=True)
class PolicyDecision:
    """What one policy says of a shipment."""

    policy: str
    outcome: str
    findings: Tuple[Finding, ...]
    range: Optional["OutcomeRange"] = None
    """For an ``"undetermined"`` outcome, the outcomes it can still come to."""


@dataclass(frozen=True)
class OutcomeRange:
    """The outcomes an undetermined decision can still come to (facts contract, version 2)."""

    at_least: str
    at_most: str


@dataclass(frozen=True)
class SettlingValue:
    """One value an unknown fact may take, and the outcome it would lead to."""

    value: str
    outcome: str
    because: str


@dataclass(frozen=True)
class SettlingFact:
    """An unknown fact an undetermined decision depends on (its JSON path in the facts)."""

    fact: str
    what: str
    settles: bool
    """Whether knowing this fact alone decides the shipment."""
    values: Tuple[SettlingValue, ...]


@dataclass(frozen=True)
class Decision:
    """What the law says of one shipment: the most restrictive outcome of its policies.

    When the outcome depends on unknown facts (a version-2 facts file), ``outcome`` is
    ``"undetermined"``, ``range`` the outcomes it can still come to and ``settled_by``
    the facts that would settle it; otherwise both are empty.
    """

    shipment: str
    date: datetime.date
    outcome: str
    policies: Tuple[PolicyDecision, ...]
    range: Optional[OutcomeRange] = None
    settled_by: Tuple[SettlingFact, ...] = ()

    def policy(self, policy_id: str) -> Optional[PolicyDecision]:
        """The decision of the policy ``policy_id``, if it gave one."""
        return next((p for p in self.policies if p.policy == policy_id), None)


@dataclass(frozen=True)
class Decisions:
    """Every shipment's decision, in the order of the facts."""

    as_of: Optional[datetime.date]
    decisions: Tuple[Decision, ...]
    version: int = 1

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)

    def __getitem__(self, key: Union[int, str]) -> Decision:
        """A decision by position, or by shipment id."""
        if isinstance(key, str):
            for d in self.decisions:
                if d.shipment == key:
                    return d
            raise KeyError(key)
        return self.decisions[key]

    def to_dict(self) -> dict:
        """The decision document of the facts contract (what ``edict eval --format json`` prints)."""
        return {
            "version": self.version,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "decisions": [
                {
                    "shipment": d.shipment,
                    "date": d.date.isoformat(),
                    "outcome": d.outcome,
                    **_unknowns_dict(d),
                    "policies": [
                        {
                            "policy": p.policy,
                            "outcome": p.outcome,
                            **({"range": {"at least": p.range.at_least, "at most": p.range.at_most}} if p.range else {}),
                            "findings": [
                                {"rule": f.rule, "outcome": f.outcome, "cite": f.cite, "because": list(f.because)}
                                for f in p.findings
                            ],
                        }
                        for p in d.policies
                    ],
                }
                for d in self.decisions
            ],
        }

    @classmethod
    def _from_json(cls, text: str) -> "Decisions":
        doc = json.loads(text)
        days: dict = {}
        # A policy that found nothing says the same of most shipments: one
        # (frozen) object serves them all, as one decision does in the library.
        quiet: dict = {}

        def day(text: str) -> datetime.date:
            found = days.get(text)
            if found is None:
                found = days[text] = datetime.date.fromisoformat(text)
            return found

        def findings(p: dict) -> Tuple[Finding, ...]:
            return tuple(Finding(f["rule"], f["outcome"], f["cite"], tuple(f["because"])) for f in p["findings"])

        def policy(p: dict) -> PolicyDecision:
            if "range" in p:
                return PolicyDecision(
                    policy=p["policy"],
                    outcome=p["outcome"],
                    findings=findings(p),
                    range=OutcomeRange(p["range"]["at least"], p["range"]["at most"]),
                )
            if not p["findings"]:
                key = (p["policy"], p["outcome"])
                found = quiet.get(key)
                if found is None:
                    found = quiet[key] = PolicyDecision(p["policy"], p["outcome"], ())
                return found
            return PolicyDecision(
                policy=p["policy"],
                outcome=p["outcome"],
                findings=findings(p),
            )

        return cls(
            version=doc["version"],
            as_of=day(doc["as_of"]) if doc["as_of"] else None,
            decisions=tuple(
                Decision(
                    shipment=d["shipment"],
                    date=day(d["date"]),
                    outcome=d["outcome"],
                    policies=tuple(policy(p) for p in d["policies"]),
                    range=OutcomeRange(d["range"]["at least"], d["range"]["at most"]) if "range" in d else None,
                    settled_by=tuple(
                        SettlingFact(
                            fact=s["fact"],
                            what=s["what"],
                            settles=s["settles"],
                            values=tuple(SettlingValue(v["value"], v["outcome"], v["because"]) for v in s["values"]),
                        )
                        for s in d.get("settled_by", ())
                    ),
                )
                for d in doc["decisions"]
            ),
        )


def _unknowns_dict(d: Decision) -> dict:
    """The range and settling facts of an undetermined decision, as the contract writes them."""
    if d.range is None:
        return {}
    return {
        "range": {"at least": d.range.at_least, "at most": d.range.at_most},
        "settled_by": [
            {
                "fact": s.fact,
                "what": s.what,
                "settles": s.settles,
                "values": [{"value": v.value, "outcome": v.outcome, "because": v.because} for v in s.values],
            }
            for s in d.settled_by
        ],
    }


@dataclass(frozen=True)
class PolicyDiff:
    """What changes in the law from one :class:`Law` to another."""

    text: str
    """As ``edict diff`` prints it."""
    changes: Tuple[dict, ...]
    """Each change: ``change``, ``kind``, ``id`` and ``details``."""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.changes)


class Law:
    """A checked set of policies. Build one with :func:`load`; it never
    changes, and may be shared by threads (each call releases the GIL)."""

    def __init__(self, native: "_edict.Law"):
        self._native = native

    @property
    def policy_ids(self) -> List[str]:
        """The ids of the policies that decide (have rules), in the order decisions list them."""
        return self._native.policy_ids

    @property
    def warnings(self) -> List[str]:
        """The checker's warnings, rendered as the command line prints them."""
        return self._native.warnings

    def evaluate(self, facts: Facts, as_of: Day = None, threads: Optional[int] = None) -> Decisions:
        """Decides every shipment of ``facts`` (a dict, a JSON string or a
        path) on its own date, or on ``as_of``; ``threads`` defaults to one per core."""
        name, text = _facts_text(facts)
        return Decisions._from_json(self._native.evaluate_json(name, text, _day(as_of), _threads(threads)))

    def evaluate_json(self, facts: Facts, as_of: Day = None, threads: Optional[int] = None) -> str:
        """The decisions as the text ``edict eval --format json`` prints, byte for byte."""
        name, text = _facts_text(facts)
        return self._native.evaluate_json(name, text, _day(as_of), _threads(threads)) + "\n"

    def evaluate_table(self, facts: Facts, as_of: Day = None, threads: Optional[int] = None):
        """The decisions as a ``pyarrow.Table``, one row per shipment and
        policy: ``shipment``, ``date``, ``outcome`` (the shipment's),
        ``policy``, ``policy_outcome``, ``rules`` (the rules that applied)
        and ``findings`` (each rule's outcome, citation and reasons).
        ``.to_pandas()`` makes it a DataFrame."""
        from ._table import table

        name, text = _facts_text(facts)
        return table(self._native.evaluate_columns(name, text, _day(as_of), _threads(threads)))

    def world(self, facts: Facts) -> "World":
        """The world of ``facts`` (parties, items, holdings, listings; its
        shipments are left out), read and resolved once, to decide streams of
        shipments against (:meth:`World.evaluate`)."""
        name, text = _facts_text(facts)
        return World(self, self._native.read_world(name, text))

    def explain(self, facts: Facts, shipment: str, as_of: Day = None, form: str = "text") -> Optional[str]:
        """Why the law decides ``shipment`` as it does, every rule of every
        policy (``form``: ``text``, ``markdown`` or ``short``); None when the
        facts have no such shipment."""
        if form not in ("text", "markdown", "short"):
            raise ValueError(f"form: {form!r} is not text, markdown or short")
        name, text = _facts_text(facts)
        return self._native.explain(name, text, shipment, _day(as_of), form)

    def diff(self, newer: "Law") -> PolicyDiff:
        """What changes in the law from this law to ``newer``."""
        text, changes = self._native.diff(newer._native)
        return PolicyDiff(text=text, changes=tuple(json.loads(changes)))


Shipments = Union[str, bytes, Iterable[Union[str, Mapping[str, Any]]]]


class World:
    """A world read once (:meth:`Law.world`), against which batches of
    shipments are decided without reading it again: the form a worker of a
    cluster keeps (see :mod:`edict.distributed`). Calls on one world take
    turns; each releases the GIL."""

    def __init__(self, law: Law, native: "_edict.World"):
        self.law = law
        self._native = native

    def evaluate(
        self, shipments: Shipments, as_of: Day = None, threads: Optional[int] = None, name: str = "<shipments>"
    ) -> Decisions:
        """Decides ``shipments`` — JSON lines (one shipment object a line, as
        ``edict eval --shipments`` reads them), or an iterable of shipment
        dicts or JSON texts — against this world."""
        return Decisions._from_json(
            self._native_law.evaluate_lines_json(self._native, name, _lines(shipments), _day(as_of), _threads(threads))
        )

    def evaluate_table(
        self, shipments: Shipments, as_of: Day = None, threads: Optional[int] = None, name: str = "<shipments>"
    ):
        """The decisions of ``shipments`` as :meth:`Law.evaluate_table`'s table."""
        from ._table import table

        columns = self._native_law.evaluate_lines_columns(
            self._native, name, _lines(shipments), _day(as_of), _threads(threads)
        )
        return table(columns)

    @property
    def _native_law(self):
        return self.law._native


def _lines(shipments: Shipments) -> str:
    """JSON lines of the shipments (one object a line)."""
    if isinstance(shipments, str):
        return shipments
    if isinstance(shipments, (bytes, bytearray)):
        return bytes(shipments).decode("utf-8")
    out = []
    for s in shipments:
        text = s if isinstance(s, str) else json.dumps(s, default=_exact, ensure_ascii=False)
        if "\n" in text:
            text = json.dumps(json.loads(text), ensure_ascii=False)  # one line each
        out.append(text)
    return "\n".join(out)


def load(paths: Union[PathLike, Iterable[PathLike], None] = None, drafts: Iterable[PathLike] = ()) -> Law:
    """Loads and checks the policies: the files and folders ``paths`` (the
    ``*.edict`` files under a folder, test files left out), or the bundled
    library when ``paths`` is None, with the ``drafts`` layered over them.
    Raises :class:`PolicyError` when they do not check."""
    policies = None if paths is None else _read_all(_policy_files(_as_list(paths)))
    return Law(_edict.load(policies, _read_all(_as_list(drafts))))


def _as_list(paths: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _policy_files(paths: List[str]) -> List[str]:
    """As the command line finds them: files as named, folders searched in name order."""
    out: List[str] = []

    def walk(folder: str) -> None:
        for entry in sorted(os.path.join(folder, n) for n in os.listdir(folder)):
            if os.path.isdir(entry):
                walk(entry)
            elif entry.endswith(".edict") and not entry.endswith(".test.edict"):
                out.append(entry)

    for p in paths:
        if os.path.isdir(p):
            walk(p)
        else:
            out.append(p)
    return out


def _read_all(files: List[str]) -> List[Tuple[str, str]]:
    texts = []
    for f in files:
        with open(f, encoding="utf-8") as handle:
            texts.append((f, handle.read()))
    return texts


def _exact(value: Any) -> Any:
    """JSON for what ``json`` cannot write: decimals as exact strings, dates as ISO days."""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot be written in a facts document")


def _facts_text(facts: Facts) -> Tuple[str, str]:
    """The facts' name (for diagnostics) and JSON text."""
    if isinstance(facts, Mapping):
        return "<facts>", json.dumps(facts, default=_exact, ensure_ascii=False)
    if isinstance(facts, (bytes, bytearray)):
        return "<facts>", bytes(facts).decode("utf-8")
    if isinstance(facts, str) and facts.lstrip().startswith("{"):
        return "<facts>", facts
    if isinstance(facts, (str, os.PathLike)):
        path = os.fspath(facts)
        with open(path, encoding="utf-8") as handle:
            return path, handle.read()
    raise TypeError(f"facts must be a dict, a JSON string or a path, not {type(facts).__name__}")


def _day(day: Day) -> Optional[str]:
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        raise TypeError("as_of is a day: pass a datetime.date or 'YYYY-MM-DD'")
    return day.isoformat() if isinstance(day, datetime.date) else str(day)


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return os.cpu_count() or 1
    if threads < 1:
        raise ValueError("threads must be at least 1")
    return threads
