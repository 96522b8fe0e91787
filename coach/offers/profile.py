"""The resident's ``[profile]``: who is negotiating, typed and validated with located problems.

Leverage (:mod:`coach.offers.leverage`) reads the "known quantity" signals of seed 001 from it
(rotated there, did locums there, a program director who will call: the advocates, below) and
the constraints (a visa that needs sponsorship). Rehearsal's model answers read the rest
(specialty, program, procedures, other processes and their decision dates). Every key is
optional::

    [profile]
    specialty = "internal-medicine"
    program = "Riverside internal medicine residency"
    program_type = "community"            # academic | community | hybrid | military | other
    pgy_year = 3
    region_preferences = ["secondary", "rural"]
    board_status = "eligible"             # in-training | eligible | exam-scheduled | certified
    visa_status = "citizen"               # citizen | permanent-resident | j1-waiver | h1b | other
    img = false
    procedures = [{ name = "central lines", count = 45 }]
    references = [{ name = "Dr. Rivera", role = "program-director", will_call = true }]  # old
    rotated_at = ["Lakeside Health"]
    locums_at = []
    other_processes = [{ employer = "Valley Medical Group", stage = "second interview",
                         decision_date = 2026-03-01 }]
    board_exams = [{ name = "ABIM certification exam", date = 2026-08-18 }]
    federal_loans = true                  # federal Direct Loans: asks about PSLF

``references`` is the old place of the people who vouch for the resident: they now live in the
file's ``[[advocate]]`` tables (coach.search, docs/search.md), with the same role, name and
``will_call`` (``true``: any employer you name; or a list of employers). An old file still reads:
each reference is checked here as before and becomes an advocate of :attr:`Profile.advocates`,
which the offers parser merges with the file's ``[[advocate]]`` tables and a session fills with
its own; a session drops the key when it is next saved.
Board status is recorded, not scored: certification is a gating credential, not leverage
(domain.md B.6).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from coach.dates import parse_date
from coach.offers.model import REGIONS
from coach.offers.reporter import Reporter
from coach.rules.kinds import did_you_mean
from coach.search import (
    REFERENCE_KEYS,
    REFERENCE_ROLES,
    Advocate,
    callers_for,
    check_advocate,
    merge_advocates,
    reference_entry,
    references_as_advocates,
    same_name,
)

PROGRAM_TYPES = ("academic", "community", "hybrid", "military", "other")
BOARD_STATUSES = ("in-training", "eligible", "exam-scheduled", "certified")
VISA_STATUSES = ("citizen", "permanent-resident", "j1-waiver", "h1b", "other")
SPONSORED_VISAS = frozenset({"j1-waiver", "h1b"})  # the employer must sponsor: a constraint
KEYS = (
    "specialty",
    "program",
    "program_type",
    "pgy_year",
    "region_preferences",
    "board_status",
    "visa_status",
    "img",
    "procedures",
    "references",
    "rotated_at",
    "locums_at",
    "other_processes",
    "board_exams",
    "federal_loans",
)
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TEXT = 500
MAX_ITEMS = 100


@dataclass(frozen=True)
class Procedure:
    name: str
    count: int | None = None


@dataclass(frozen=True)
class Process:
    employer: str
    stage: str | None = None
    decision_date: dt.date | None = None
    next_step: str | None = None
    next_step_date: dt.date | None = None


@dataclass(frozen=True)
class BoardExam:
    """A board-exam date the resident entered (the timeline shows it; issue #16)."""

    name: str
    date: dt.date


@dataclass(frozen=True)
class Profile:
    specialty: str | None = None
    program: str | None = None
    program_type: str | None = None
    pgy_year: int | None = None
    region_preferences: tuple[str, ...] = ()
    board_status: str | None = None
    visa_status: str | None = None
    img: bool | None = None
    procedures: tuple[Procedure, ...] = ()
    # Who vouches: the file's [[advocate]] tables and the old references (module docstring).
    advocates: tuple[Advocate, ...] = ()
    rotated_at: tuple[str, ...] = ()
    locums_at: tuple[str, ...] = ()
    other_processes: tuple[Process, ...] = ()
    board_exams: tuple[BoardExam, ...] = ()
    federal_loans: bool | None = None  # federal Direct Loans (PSLF may apply)
    # Where ``specialty`` was read (file, line): a specialty the market pack lacks is the
    # profile's to fix, not the offers' that borrow it.
    specialty_at: tuple[str, int | None] | None = field(default=None, compare=False, repr=False)

    @property
    def needs_sponsorship(self) -> bool:
        return self.visa_status in SPONSORED_VISAS

    def rotated_with(self, employer: str) -> bool:
        return any(same_name(e, employer) for e in self.rotated_at)

    def locums_with(self, employer: str) -> bool:
        return any(same_name(e, employer) for e in self.locums_at)

    def callers_for(self, employer: str) -> list[Advocate]:
        """The advocates who will call ``employer``."""
        return callers_for(self.advocates, employer)


def other_processes(
    profile: Profile | None, employer: str, offer_employers: list[str]
) -> list[Process]:
    """The profile's processes other than this employer and the offers being evaluated (an
    employer with an offer in hand counts once, as an offer)."""
    if profile is None:
        return []
    return [
        p
        for p in profile.other_processes
        if not same_name(p.employer, employer)
        and not any(same_name(p.employer, e) for e in offer_employers)
    ]


# --- parsing ---------------------------------------------------------------------------------


def _text(value: Any, report: Reporter, sub: tuple[str | int, ...]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        report.add(sub, "must be non-empty text")
        return None
    if len(value) > MAX_TEXT:
        report.add(sub, f"is over {MAX_TEXT} characters")
        return None
    return value.strip()


def _choice(value: Any, choices: tuple[str, ...], report: Reporter, key: str) -> str | None:
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    shown = value[:40] if isinstance(value, str) else value
    hint = did_you_mean(str(value).lower(), choices) if isinstance(value, str) else ""
    report.add((key,), f'"{shown}" is not one of ' + ", ".join(f'"{c}"' for c in choices) + hint)
    return None


def _list(value: Any, report: Reporter, key: str) -> list[Any]:
    if not isinstance(value, list):
        report.add((key,), "must be a list")
        return []
    if len(value) > MAX_ITEMS:
        report.add((key,), f"has more than {MAX_ITEMS} entries")
        return []
    return value


def _table_keys(
    item: Any, allowed: tuple[str, ...], report: Reporter, sub: tuple[str | int, ...]
) -> bool:
    if not isinstance(item, dict):
        report.add(sub, "must be a table such as { " + f"{allowed[0]} = … }}")
        return False
    ok = True
    for k in item:
        if k not in allowed:
            report.add((*sub, k), "unknown key" + did_you_mean(k, allowed))
            ok = False
    return ok


def _date(value: Any, report: Reporter, sub: tuple[str | int, ...]) -> dt.date | None:
    date = parse_date(value)
    if date is None:
        report.add(sub, "must be a date such as 2026-03-01")
    return date


def parse_profile_table(data: Any, report: Reporter) -> Profile | None:
    """The ``[profile]`` table, or None when it has errors (each reported with its line)."""
    if not isinstance(data, dict):
        report.add((), "[profile] must be a table")
        return None
    start = len(report.errors)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            report.add((key,), "unknown key" + did_you_mean(key, KEYS))
        elif key == "specialty":
            text = _text(value, report, (key,))
            if text is not None and not ID_RE.fullmatch(text):
                report.add((key,), f'"{text[:40]}" is not a specialty id such as internal-medicine')
            else:
                out[key] = text
                out["specialty_at"] = (report.path, report.line((key,)))
        elif key == "program":
            out[key] = _text(value, report, (key,))
        elif key == "program_type":
            out[key] = _choice(value, PROGRAM_TYPES, report, key)
        elif key == "board_status":
            out[key] = _choice(value, BOARD_STATUSES, report, key)
        elif key == "visa_status":
            out[key] = _choice(value, VISA_STATUSES, report, key)
        elif key == "pgy_year":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
                report.add((key,), "must be a whole number from 1 to 12")
            else:
                out[key] = value
        elif key in ("img", "federal_loans"):
            if not isinstance(value, bool):
                report.add((key,), "must be true or false")
            else:
                out[key] = value
        elif key == "region_preferences":
            regions = []
            for i, v in enumerate(_list(value, report, key)):
                if isinstance(v, str) and v in REGIONS:
                    regions.append(v)
                else:
                    report.add((key,), f"entry {i + 1}: must be one of " + ", ".join(REGIONS))
            out[key] = tuple(regions)
        elif key in ("rotated_at", "locums_at"):
            names = [_text(v, report, (key,)) for v in _list(value, report, key)]
            out[key] = tuple(n for n in names if n)
        elif key == "procedures":
            out[key] = tuple(_procedures(value, report))
        elif key == "references":
            out["advocates"] = tuple(_references(value, report))
        elif key == "other_processes":
            out[key] = tuple(_processes(value, report))
        elif key == "board_exams":
            out[key] = tuple(_exams(value, report))
    if len(report.errors) > start:
        return None
    return Profile(**{k: v for k, v in out.items() if v is not None})


def _procedures(value: Any, report: Reporter) -> list[Procedure]:
    out = []
    for i, item in enumerate(_list(value, report, "procedures")):
        sub = ("procedures", i)
        if isinstance(item, str) and item.strip():
            out.append(Procedure(item.strip()[:MAX_TEXT]))
            continue
        if not _table_keys(item, ("name", "count"), report, sub):
            continue
        name = _text(item.get("name"), report, (*sub, "name"))
        count = item.get("count")
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 100_000
        ):
            report.add((*sub, "count"), "must be a whole number from 0 to 100,000")
            continue
        if name:
            out.append(Procedure(name, count))
    return out


def _references(value: Any, report: Reporter) -> list[Advocate]:
    """The old ``references``, each problem reported with its line; when all are valid, the
    advocates they stand for (coach.search: the same conversion a session's migration makes)."""
    start = len(report.errors)
    for i, item in enumerate(_list(value, report, "references")):
        sub = ("references", i)
        before = len(report.errors)
        if not _table_keys(item, REFERENCE_KEYS, report, sub):
            continue
        if "role" not in item:
            report.add(sub, "needs a role: " + ", ".join(REFERENCE_ROLES))
            continue
        role = item["role"]
        if not isinstance(role, str) or role not in REFERENCE_ROLES:
            report.add(
                (*sub, "role"),
                "must be one of "
                + ", ".join(REFERENCE_ROLES)
                + (did_you_mean(role, REFERENCE_ROLES) if isinstance(role, str) else ""),
            )
            continue
        if "name" in item:
            _text(item["name"], report, (*sub, "name"))
        will = item.get("will_call", False)
        if isinstance(will, list):
            for v in will:
                _text(v, report, (*sub, "will_call"))
        elif not isinstance(will, bool):
            report.add((*sub, "will_call"), "must be true, false or a list of employers")
        if len(report.errors) == before:  # what an advocate refuses besides (control characters)
            for problem in reference_entry(item)[1]:
                report.add((*sub, *problem.path), problem.message)
    entries = references_as_advocates(value) if len(report.errors) == start else None
    advocates = [check_advocate(entry)[0] for entry in entries or []]
    return merge_advocates([], [a for a in advocates if a is not None])


def _processes(value: Any, report: Reporter) -> list[Process]:
    out = []
    for i, item in enumerate(_list(value, report, "other_processes")):
        sub = ("other_processes", i)
        keys = ("employer", "stage", "decision_date", "next_step", "next_step_date")
        if not _table_keys(item, keys, report, sub):
            continue
        employer = _text(item.get("employer"), report, (*sub, "employer"))
        stage = _text(item["stage"], report, (*sub, "stage")) if "stage" in item else None
        when = (
            _date(item["decision_date"], report, (*sub, "decision_date"))
            if "decision_date" in item
            else None
        )
        step = (
            _text(item["next_step"], report, (*sub, "next_step")) if "next_step" in item else None
        )
        step_date = (
            _date(item["next_step_date"], report, (*sub, "next_step_date"))
            if "next_step_date" in item
            else None
        )
        if employer:
            out.append(Process(employer, stage, when, step, step_date))
    return out


def _exams(value: Any, report: Reporter) -> list[BoardExam]:
    out = []
    for i, item in enumerate(_list(value, report, "board_exams")):
        sub = ("board_exams", i)
        if not _table_keys(item, ("name", "date"), report, sub):
            continue
        name = _text(item.get("name"), report, (*sub, "name"))
        if "date" not in item:
            report.add((*sub, "date"), "missing: the exam's date, such as 2026-08-18")
            continue
        when = _date(item["date"], report, (*sub, "date"))
        if name and when is not None:
            out.append(BoardExam(name, when))
    return out
