"""The job search around the offers: processes, advocates and rotations (issue #16).

A session holds, beside its offers, every employer the resident is talking to (``[[process]]``),
the attendings who will vouch for them (``[[advocate]]``) and rotations at places they would work
(``[[rotation]]``); docs/search.md has the format::

    [[process]]
    employer = "Valley Medical Group"
    stage = "site-visit"              # STAGES
    stretch = false
    offer = "Valley Medical Group"    # the [[offer]] it led to (its employer), when there is one
    next_step = "second site visit"
    next_step_date = 2026-03-01
    respond_by = 2026-03-15           # the offer's respond-by date
    start_date = 2026-08-01           # the expected start date
    notes = "…"
    contacts = [{ role = "physician-leader", name = "Dr. Chen", last_contact = 2026-02-01 }]

    [[advocate]]
    name = "Dr. Rivera"
    role = "program-director"         # REFERENCE_ROLES, or your own words
    at = "Riverside"
    will_call = ["Lakeside Health"]   # true: any employer you name; a list: these employers
    last_contact = 2026-02-10

    [[rotation]]
    place = "Lakeside Health"
    start = 2026-01-05
    end = 2026-01-30

Files written before this existed kept processes in ``[profile] other_processes`` (employer,
free-text stage, decision date): :func:`migrate_profile_processes` moves them here, the stage read
from its words (the words kept in ``notes``). They kept the people who vouch for them in
``[profile] references`` (role, name, will_call): :func:`migrate_profile_references` makes each an
advocate with every field it had, merged by name with an advocate already recorded
(:func:`merge_advocates`). Leverage and model answers read the advocates who will call
(:func:`callers_for`).

Validation (:func:`check_process`) names the field of each problem; the session reader turns the
names into file:line. Nothing here imports Textual, Rich or the command line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.dates import parse_date
from coach.placeholders import render
from coach.rules.kinds import did_you_mean

STAGES = (
    "lead",
    "applied",
    "interviewing",
    "site-visit",
    "offer",
    "negotiating",
    "signed",
    "declined",
    "withdrawn",
)
CLOSED_STAGES = frozenset({"declined", "withdrawn"})
# "Serious": interviewing or later and still open (issue #16, part 3).
SERIOUS_STAGES = frozenset({"interviewing", "site-visit", "offer", "negotiating", "signed"})
# What leverage and a competing-offer line may count: site-visit or later and still open.
ADVANCED_STAGES = frozenset({"site-visit", "offer", "negotiating", "signed"})
OFFER_STAGES = frozenset({"offer", "negotiating", "signed"})
CONTACT_ROLES = ("physician-leader", "recruiter", "hr", "administrator")  # ask_whom's roles
LEADER_ROLES = frozenset({"physician-leader", "administrator"})
PROCESS_KEYS = (
    "employer",
    "stage",
    "stretch",
    "offer",
    "next_step",
    "next_step_date",
    "respond_by",
    "start_date",
    "notes",
    "contacts",
)
DATE_KEYS = ("next_step_date", "respond_by", "start_date")
ADVOCATE_KEYS = ("name", "role", "at", "will_call", "last_contact", "notes")
# The roles ``[profile] references`` allowed (an advocate's role may also be the resident's words).
REFERENCE_ROLES = ("program-director", "division-chief", "hiring-chief", "attending", "other")
REFERENCE_KEYS = ("role", "name", "will_call")
ROTATION_KEYS = ("place", "start", "end", "notes")
MAX_TEXT = 500
MAX_NOTES = 5_000


def stage_words(stage: str) -> str:
    return stage.replace("-", " ")


def stage_index(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else -1


# Free-text stages of ``other_processes`` (e.g. "second interview"), most advanced first.
_STAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("withdr", "withdrawn"),
    ("declin", "declined"),
    ("sign", "signed"),
    ("negotiat", "negotiating"),
    ("offer", "offer"),
    ("site", "site-visit"),
    ("visit", "site-visit"),
    ("interview", "interviewing"),
    ("appl", "applied"),
)


def stage_from_text(text: str | None) -> str:
    """The stage a free-text stage of ``[profile] other_processes`` stands for ("second
    interview" -> "interviewing"). The profile asked for "other interviews in progress", so
    text that names no stage (or none at all) is "interviewing", never guessed further."""
    if not text:
        return "interviewing"
    low = text.strip().lower()
    if low in STAGES:
        return low
    for word, stage in _STAGE_WORDS:
        if word in low:
            return stage
    return "interviewing"


def same_name(a: str, b: str) -> bool:
    """Names (of employers or people) match ignoring case, punctuation and extra spaces:
    "Lakeside Health, Inc." is not "Lakeside Health", since only exact words count, so no offer
    or advocate is credited by accident."""
    return _norm(a) == _norm(b)


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


@dataclass(frozen=True)
class Contact:
    role: str
    name: str = ""
    last_contact: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role}
        if self.name:
            out["name"] = self.name
        if self.last_contact is not None:
            out["last_contact"] = self.last_contact
        return out


@dataclass(frozen=True)
class Process:
    employer: str
    stage: str = "lead"
    stretch: bool = False
    offer: str = ""  # the employer of the linked [[offer]]
    next_step: str = ""
    next_step_date: dt.date | None = None
    respond_by: dt.date | None = None
    start_date: dt.date | None = None
    notes: str = ""
    contacts: tuple[Contact, ...] = ()

    @property
    def open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def serious(self) -> bool:
        return self.stage in SERIOUS_STAGES

    @property
    def advanced(self) -> bool:
        return self.stage in ADVANCED_STAGES

    def next_dates(self) -> list[str]:
        """What comes next and when, as `coach search list` and the plan print it."""
        bits = []
        if self.next_step or self.next_step_date:
            when = self.next_step_date.isoformat() if self.next_step_date else "no date yet"
            bits.append(f"next: {self.next_step or 'next step'} {when}")
        if self.respond_by:
            bits.append(f"respond by {self.respond_by.isoformat()}")
        if self.start_date:
            bits.append(f"start {self.start_date.isoformat()}")
        return bits

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"employer": self.employer, "stage": self.stage}
        out["stretch"] = self.stretch
        for key in ("offer", "next_step", "notes"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        for key in DATE_KEYS:
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.contacts:
            out["contacts"] = [c.to_dict() for c in self.contacts]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "employer": self.employer,
            "stage": self.stage,
            "stretch": self.stretch,
            "offer": self.offer or None,
            "next_step": self.next_step or None,
            "next_step_date": _iso(self.next_step_date),
            "respond_by": _iso(self.respond_by),
            "start_date": _iso(self.start_date),
            "notes": self.notes or None,
            "contacts": [
                {"role": c.role, "name": c.name or None, "last_contact": _iso(c.last_contact)}
                for c in self.contacts
            ],
        }


@dataclass(frozen=True)
class Advocate:
    name: str  # "" only for one recorded by role alone ("my program director will call")
    role: str = "attending"
    at: str = ""
    last_contact: dt.date | None = None
    notes: str = ""
    will_call: bool | tuple[str, ...] = False  # True: any employer; a tuple: these employers

    @property
    def role_id(self) -> str:
        """The role as an id ("Program Director" -> "program-director"), to compare."""
        return "-".join(self.role.casefold().replace("-", " ").split())

    @property
    def shown(self) -> str:
        """How a list names them: "Dr. Rivera", or "your program director" when unnamed."""
        return self.name or f"your {self.role.replace('-', ' ')}"

    def calls(self, employer: str) -> bool:
        """Whether they will call ``employer`` on the resident's behalf."""
        if self.will_call is True:
            return True
        if isinstance(self.will_call, tuple):
            return any(same_name(e, employer) for e in self.will_call)
        return False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name} if self.name else {}
        out["role"] = self.role
        if self.at:
            out["at"] = self.at
        # always written, false too: a reference's will_call is kept, and it shows the key
        out["will_call"] = (
            list(self.will_call) if isinstance(self.will_call, tuple) else self.will_call
        )
        if self.last_contact is not None:
            out["last_contact"] = self.last_contact
        if self.notes:
            out["notes"] = self.notes
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name or None,
            "role": self.role,
            "at": self.at or None,
            "will_call": list(self.will_call)
            if isinstance(self.will_call, tuple)
            else self.will_call,
            "last_contact": _iso(self.last_contact),
            "notes": self.notes or None,
        }


@dataclass(frozen=True)
class Rotation:
    place: str
    start: dt.date | None = None
    end: dt.date | None = None
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"place": self.place}
        if self.start is not None:
            out["start"] = self.start
        if self.end is not None:
            out["end"] = self.end
        if self.notes:
            out["notes"] = self.notes
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "notes": self.notes or None,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field: ``path`` names it (("stage",), ("contacts", 0, "role"))."""

    path: tuple[str | int, ...]
    message: str

    @property
    def field_name(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "process"

    def __str__(self) -> str:
        return f"{self.field_name}: {self.message}"


@dataclass
class ProcessCheck:
    process: Process | None
    problems: list[FieldProblem] = field(default_factory=list)


def _text(
    value: Any, path: tuple[str | int, ...], problems: list[FieldProblem], limit: int = MAX_TEXT
) -> str:
    if not isinstance(value, str):
        problems.append(FieldProblem(path, "must be text"))
        return ""
    if len(value) > limit:
        problems.append(FieldProblem(path, f"is over {limit:,} characters"))
        return ""
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        problems.append(FieldProblem(path, "has control characters"))
        return ""
    return value.strip()


def _date(value: Any, path: tuple[str | int, ...], problems: list[FieldProblem]) -> dt.date | None:
    date = parse_date(value)
    if date is None:
        shown = value if isinstance(value, str) else type(value).__name__
        problems.append(
            FieldProblem(path, f'"{str(shown)[:40]}" is not a date; write it as 2026-03-01')
        )
    return date


def check_process(
    entry: Any,
    *,
    today: dt.date | None = None,
    offer_employers: Sequence[str] | None = None,
    others: Iterable[Process] = (),
) -> ProcessCheck:
    """Validate one ``[[process]]`` table. ``today`` (when given) refuses a start date before it;
    ``offer_employers`` (when given) the employers of the session's offers, which a link must
    name; ``others`` the other processes, whose employers this one must not repeat."""
    problems: list[FieldProblem] = []
    if not isinstance(entry, dict):
        return ProcessCheck(None, [FieldProblem((), "must be a table")])
    for key in entry:
        if key not in PROCESS_KEYS:
            problems.append(FieldProblem((key,), "unknown key" + did_you_mean(key, PROCESS_KEYS)))
    employer = _text(entry.get("employer", ""), ("employer",), problems)
    if not employer and not any(p.path == ("employer",) for p in problems):
        problems.append(FieldProblem(("employer",), "is needed (the employer's name)"))
    stage = entry.get("stage", "lead")
    if not isinstance(stage, str) or stage.strip().lower() not in STAGES:
        hint = did_you_mean(stage.strip().lower(), STAGES) if isinstance(stage, str) else ""
        shown = stage[:40] if isinstance(stage, str) else stage
        problems.append(
            FieldProblem(("stage",), f'"{shown}" is not a stage; one of {", ".join(STAGES)}{hint}')
        )
        stage = "lead"
    else:
        stage = stage.strip().lower()
    stretch = entry.get("stretch", False)
    if not isinstance(stretch, bool):
        problems.append(FieldProblem(("stretch",), "must be true or false"))
        stretch = False
    texts = {
        key: _text(entry.get(key, ""), (key,), problems, MAX_NOTES if key == "notes" else MAX_TEXT)
        for key in ("offer", "next_step", "notes")
    }
    dates = {
        key: _date(entry[key], (key,), problems) if key in entry else None for key in DATE_KEYS
    }
    contacts = _contacts(entry.get("contacts", []), problems)
    start = dates["start_date"]
    if today is not None and start is not None and start < today:
        problems.append(
            FieldProblem(
                ("start_date",), f"{start.isoformat()} is before today ({today.isoformat()})"
            )
        )
    if start is not None:
        for key in ("respond_by", "next_step_date"):
            when = dates[key]
            if when is not None and when > start:
                problems.append(
                    FieldProblem(
                        (key,),
                        f"{when.isoformat()} is after the start date ({start.isoformat()})",
                    )
                )
    if employer and any(same_name(employer, o.employer) for o in others):
        problems.append(
            FieldProblem(("employer",), f'"{employer}" already has a process; move that one')
        )
    link = texts["offer"]
    if (
        link
        and offer_employers is not None
        and not any(same_name(link, e) for e in offer_employers)
    ):
        known_offers = ", ".join(f'"{e}"' for e in offer_employers) or "none recorded"
        problems.append(
            FieldProblem(("offer",), f'no offer from "{link}" in this session ({known_offers})')
        )
    if problems:
        return ProcessCheck(None, problems)
    return ProcessCheck(
        Process(
            employer=employer,
            stage=stage,
            stretch=stretch,
            offer=link,
            next_step=texts["next_step"],
            next_step_date=dates["next_step_date"],
            respond_by=dates["respond_by"],
            start_date=start,
            notes=texts["notes"],
            contacts=tuple(contacts),
        )
    )


def _contacts(value: Any, problems: list[FieldProblem]) -> list[Contact]:
    if not isinstance(value, list):
        problems.append(FieldProblem(("contacts",), "must be a list of { role, name, … } tables"))
        return []
    out = []
    for i, item in enumerate(value):
        path: tuple[str | int, ...] = ("contacts", i)
        if not isinstance(item, dict):
            problems.append(FieldProblem(path, "must be a table such as { role = … }"))
            continue
        for key in item:
            if key not in ("role", "name", "last_contact"):
                problems.append(FieldProblem((*path, key), "unknown key"))
        role = item.get("role")
        if role not in CONTACT_ROLES:
            hint = did_you_mean(role, CONTACT_ROLES) if isinstance(role, str) else ""
            problems.append(
                FieldProblem((*path, "role"), f"must be one of {', '.join(CONTACT_ROLES)}{hint}")
            )
            continue
        name = _text(item.get("name", ""), (*path, "name"), problems)
        when = (
            _date(item["last_contact"], (*path, "last_contact"), problems)
            if ("last_contact" in item)
            else None
        )
        out.append(Contact(role, name, when))
    return out


def check_advocate(entry: Any) -> tuple[Advocate | None, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    if not isinstance(entry, dict):
        return None, [FieldProblem((), "must be a table")]
    for key in entry:
        if key not in ADVOCATE_KEYS:
            problems.append(FieldProblem((key,), "unknown key" + did_you_mean(key, ADVOCATE_KEYS)))
    name = _text(entry.get("name", ""), ("name",), problems)
    role = _text(entry.get("role", "attending"), ("role",), problems) or "attending"
    if not name and "role" not in entry and not problems:
        # one recorded by role alone ("my program director") needs that role written
        problems.append(FieldProblem(("name",), "is needed (or a role, such as program-director)"))
    at = _text(entry.get("at", ""), ("at",), problems)
    notes = _text(entry.get("notes", ""), ("notes",), problems, MAX_NOTES)
    when = (
        _date(entry["last_contact"], ("last_contact",), problems)
        if "last_contact" in entry
        else None
    )
    will = _will_call(entry.get("will_call", False), problems)
    if problems:
        return None, problems
    return Advocate(name, role, at, when, notes, will), []


def _will_call(value: Any, problems: list[FieldProblem]) -> bool | tuple[str, ...]:
    """``true`` (any employer), ``false``, or a list of the employers they will call."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        names = [_text(v, ("will_call", i), problems) for i, v in enumerate(value)]
        return tuple(n for n in names if n)
    problems.append(FieldProblem(("will_call",), "must be true, false or a list of employers"))
    return False


def check_rotation(entry: Any) -> tuple[Rotation | None, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    if not isinstance(entry, dict):
        return None, [FieldProblem((), "must be a table")]
    for key in entry:
        if key not in ROTATION_KEYS:
            problems.append(FieldProblem((key,), "unknown key" + did_you_mean(key, ROTATION_KEYS)))
    place = _text(entry.get("place", ""), ("place",), problems)
    if not place and not problems:
        problems.append(FieldProblem(("place",), "is needed"))
    start = _date(entry["start"], ("start",), problems) if "start" in entry else None
    end = _date(entry["end"], ("end",), problems) if "end" in entry else None
    if start and end and end < start:
        problems.append(FieldProblem(("end",), "is before the start"))
    notes = _text(entry.get("notes", ""), ("notes",), problems, MAX_NOTES)
    if problems:
        return None, problems
    return Rotation(place, start, end, notes), []


# --- migration -----------------------------------------------------------------------------


def migrate_profile_processes(profile: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The ``[[process]]`` tables that ``[profile] other_processes`` stands for (the key is then
    removed from ``profile``), or None when there is nothing to move or it is not a list of
    tables (left where it is, for the profile's own checks to report)."""
    value = profile.get("other_processes")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return None
    out: list[dict[str, Any]] = []
    for item in value:
        employer = item.get("employer")
        if not isinstance(employer, str) or not employer.strip():
            return None
        text_stage = item.get("stage")
        entry: dict[str, Any] = {
            "employer": employer.strip(),
            "stage": stage_from_text(text_stage if isinstance(text_stage, str) else None),
            "stretch": False,
        }
        if isinstance(text_stage, str) and text_stage.strip().lower() != entry["stage"]:
            entry["notes"] = f"stage as first written: {text_stage.strip()}"
        when = item.get("decision_date")
        if when is not None:
            date = parse_date(when)
            if date is None:
                return None
            entry["respond_by"] = date
        for key in ("next_step", "next_step_date"):
            if key in item:
                entry[key] = item[key]  # checked with the rest of the process
        out.append(entry)
    del profile["other_processes"]
    return out


def migrate_profile_references(profile: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The ``[[advocate]]`` tables that ``[profile] references`` stands for, each with every
    field the reference had (role, name, will_call); the key is then removed from ``profile``.
    None when there is nothing to move or a reference is not one the profile accepts (then it
    is left where it is, for the profile's own checks to name)."""
    value = profile.get("references")
    entries = references_as_advocates(value)
    if entries is None:
        return None
    del profile["references"]
    return entries


def references_as_advocates(value: Any) -> list[dict[str, Any]] | None:
    """``[profile] references`` as ``[[advocate]]`` tables, or None unless every one is valid
    (coach.offers.profile reports the problems with their lines)."""
    if not isinstance(value, list):
        return None
    out: list[dict[str, Any]] = []
    for item in value:
        entry, problems = reference_entry(item)
        if entry is None or problems:
            return None
        out.append(entry)
    return out


def reference_entry(item: Any) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    """One ``[profile] references`` entry as the ``[[advocate]]`` table it becomes, or None
    and what keeps it from being one (a name with control characters, say)."""
    if not isinstance(item, dict):
        return None, [FieldProblem((), "must be a table")]
    if set(item) - set(REFERENCE_KEYS) or item.get("role") not in REFERENCE_ROLES:
        return None, [FieldProblem(("role",), "must be one of " + ", ".join(REFERENCE_ROLES))]
    entry: dict[str, Any] = {}
    if "name" in item:
        name = item["name"]
        if not isinstance(name, str) or not name.strip():
            return None, [FieldProblem(("name",), "must be non-empty text")]
        entry["name"] = name
    entry["role"] = item["role"]
    will = item.get("will_call", False)
    if isinstance(will, list):
        if not all(isinstance(e, str) and e.strip() for e in will):
            return None, [FieldProblem(("will_call",), "must list employers by name")]
    elif not isinstance(will, bool):
        return None, [FieldProblem(("will_call",), "must be true, false or a list of employers")]
    entry["will_call"] = will
    problems = check_advocate(entry)[1]
    return (None if problems else entry), problems


def merge_advocates(advocates: Sequence[Advocate], arriving: Iterable[Advocate]) -> list[Advocate]:
    """``advocates`` with ``arriving`` added: one with the same name as an advocate already
    there (ignoring case and punctuation) is merged into it, so nobody is listed twice and no
    word is lost: whom they will call is joined (any employer beats a list), the arriving role
    is kept (it is the one leverage read) and a different earlier role goes into the notes.
    Unnamed ones (recorded by role alone) are never merged."""
    out = list(advocates)
    for new in arriving:
        i = next(
            (i for i, a in enumerate(out) if new.name and a.name and same_name(a.name, new.name)),
            None,
        )
        if i is None:
            out.append(new)
            continue
        old = out[i]
        notes = [old.notes]
        if old.role_id != new.role_id:
            notes.append(f"also recorded as: {old.role}")
        if new.notes and new.notes not in old.notes:
            notes.append(new.notes)
        out[i] = dataclasses.replace(
            old,
            role=new.role,
            will_call=_joined_calls(old.will_call, new.will_call),
            at=old.at or new.at,
            last_contact=old.last_contact or new.last_contact,
            notes="\n".join(n for n in notes if n),
        )
    return out


def _joined_calls(a: bool | tuple[str, ...], b: bool | tuple[str, ...]) -> bool | tuple[str, ...]:
    if a is True or b is True:
        return True
    names = list(a) if isinstance(a, tuple) else []
    for n in b if isinstance(b, tuple) else ():
        if not any(same_name(n, m) for m in names):
            names.append(n)
    return tuple(names) if names else False


# --- views ---------------------------------------------------------------------------------


def by_stage(processes: Iterable[Process]) -> list[Process]:
    """Most advanced first (closed ones last), then by name."""

    def key(p: Process) -> tuple[int, int, str]:
        return (1 if not p.open else 0, -stage_index(p.stage), p.employer.casefold())

    return sorted(processes, key=key)


def callers_for(advocates: Iterable[Advocate], employer: str) -> list[Advocate]:
    """The advocates who will call ``employer`` for the resident (leverage, model answers)."""
    return [a for a in advocates if a.calls(employer)]


def advocates_line(advocates: Sequence[Advocate]) -> str:
    """The advocates on one line, each with whom they will call: "Dr. Rivera (program
    director, will call Lakeside Health), your attending"."""
    parts = []
    for a in advocates:
        bits = [a.role.replace("-", " ")] if a.name else []
        if a.will_call is True:
            bits.append("will call any employer")
        elif a.will_call:
            bits.append("will call " + ", ".join(a.will_call))
        parts.append(a.shown + (f" ({', '.join(bits)})" if bits else ""))
    return ", ".join(parts)


# --- typing a process on one line (the Search screen, `coach search add`) -------------------

LINE_HELP = (
    "Employer, stage, then any of: stretch; next 2026-03-01 second visit; respond 2026-03-15; "
    "start 2026-08-01; offer <employer of the offer>; leader|recruiter|hr|admin <name>; "
    "note <text>"
)
_ROLE_WORDS = {
    "leader": "physician-leader",
    "physician-leader": "physician-leader",
    "recruiter": "recruiter",
    "hr": "hr",
    "admin": "administrator",
    "administrator": "administrator",
}


def parse_process_line(text: str, today: dt.date | None = None) -> dict[str, Any]:
    """The ``[[process]]`` table a line such as "Valley Medical, site-visit, stretch, respond
    2026-03-15, leader Dr. Chen" stands for. Values are kept as typed (dates as text) so that
    :func:`check_process` names what is wrong with them; a part that is none of the above is
    taken as the stage, so it is reported as "not a stage". A contact's last contact is
    ``today`` when given."""
    parts = [p.strip() for p in text.split(",")]
    entry: dict[str, Any] = {"employer": parts[0] if parts else ""}
    contacts: list[dict[str, Any]] = []
    for part in parts[1:]:
        if not part:
            continue
        word, _, rest = part.partition(" ")
        low, rest = word.lower(), rest.strip()
        if low == "stretch" and not rest:
            entry["stretch"] = True
        elif low == "next":
            when, _, step = rest.partition(" ")
            if parse_date(when) is not None or _looks_like_date(when):
                entry["next_step_date"] = when
                if step.strip():
                    entry["next_step"] = step.strip()
            elif rest:
                entry["next_step"] = rest
        elif low in ("respond", "respond-by", "deadline"):
            entry["respond_by"] = rest
        elif low in ("start", "starts"):
            entry["start_date"] = rest
        elif low == "offer" and rest:
            entry["offer"] = rest
        elif low in ("note", "notes"):
            entry["notes"] = rest
        elif low in _ROLE_WORDS and rest:
            contact: dict[str, Any] = {"role": _ROLE_WORDS[low], "name": rest}
            if today is not None:
                contact["last_contact"] = today
            contacts.append(contact)
        else:
            entry["stage"] = part
    if contacts:
        entry["contacts"] = contacts
    return entry


def _looks_like_date(word: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}[-/]\d{1,2}([-/]\d{1,4})?", word))


def process_line(p: Process) -> str:
    """``p`` as the one line :func:`parse_process_line` reads back (contacts without dates)."""
    parts = [p.employer, p.stage]
    if p.stretch:
        parts.append("stretch")
    if p.next_step_date is not None or p.next_step:
        when = p.next_step_date.isoformat() if p.next_step_date else ""
        parts.append(" ".join(x for x in ("next", when, p.next_step) if x))
    if p.respond_by is not None:
        parts.append(f"respond {p.respond_by.isoformat()}")
    if p.start_date is not None:
        parts.append(f"start {p.start_date.isoformat()}")
    if p.offer:
        parts.append(f"offer {p.offer}")
    short = {v: k for k, v in _ROLE_WORDS.items() if k in ("leader", "recruiter", "hr", "admin")}
    parts += [f"{short[c.role]} {c.name}" for c in p.contacts if c.name]
    if p.notes and "," not in p.notes:
        parts.append(f"note {p.notes}")
    return ", ".join(parts)


def kept_contacts(old: Process, new: Process) -> Process:
    """``new`` with the contacts of ``old`` it does not name again (an edit on one line does not
    drop a contact's last-contact date, nor notes that hold a comma)."""
    names = {(c.role, c.name.casefold()) for c in new.contacts}
    merged = tuple(
        next(
            (o for o in old.contacts if (o.role, o.name.casefold()) == (c.role, c.name.casefold())),
            c,
        )
        for c in new.contacts
    ) + tuple(c for c in old.contacts if (c.role, c.name.casefold()) not in names)
    notes = new.notes or (old.notes if "," in old.notes else "")
    return dataclasses.replace(new, contacts=merged, notes=notes)


# --- advice on the shape of the search (issue #16, part 3) -----------------------------------

# Residents never see the team's research notes, where the article is "seed 001"; it has no title
# they would recognise, so every user-facing string calls it this (as the packs in coach/data do).
ARTICLE = "coach's source article"


@dataclass(frozen=True)
class Advice:
    """One piece of advice on the shape of the search: never a score of the person."""

    id: str
    text: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "source": self.source}


def search_advice(
    processes: Sequence[Process],
    advocates: Sequence[Advocate],
    rotations: Sequence[Rotation] = (),
) -> list[Advice]:
    """What the search may be missing, each with its source."""
    out: list[Advice] = []
    serious = [p for p in processes if p.serious]
    if len(serious) < 2:
        have = "none" if not serious else f"only {serious[0].employer}"
        out.append(
            Advice(
                "few-serious-processes",
                f"Serious processes (interviewing or later): {have}. Candidates with the best "
                'offers usually keep "at least 2–3 serious processes moving in parallel"; '
                '"one and done" interviewing lets the employer "hold all the cards".',
                f"{ARTICLE}; PracticeLink, Top 5 interview mistakes",
            )
        )
    if not any(p.stretch and p.open for p in processes):
        out.append(
            Advice(
                "no-stretch",
                'No stretch process: the article suggests "one or two stretch opportunities" '
                "(a better market, better pay, or more academic than you thought you could get).",
                ARTICLE,
            )
        )
    for p in processes:
        if p.open and stage_index(p.stage) > stage_index("site-visit"):
            if p.stage == "signed":
                continue
            if not any(c.role in LEADER_ROLES for c in p.contacts):
                who = (
                    "only "
                    + " and ".join(sorted({c.role.replace("-", " ") for c in p.contacts}))
                    + " contacts recorded"
                    if p.contacts
                    else "no contact recorded"
                )
                out.append(
                    Advice(
                        "no-physician-leader",
                        f"{p.employer} is at {stage_words(p.stage)} with {who}: side deals "
                        "(admin time, a title, a leadership path) come from physician leaders — "
                        "section chief, service line director, medical director — not HR or the "
                        "recruiter.",
                        f"{ARTICLE}; Physician Career Planning guidebook",
                    )
                )
    if not advocates:
        out.append(
            Advice(
                "no-advocate",
                "No advocate recorded: put yourself on the radar of at least 2–3 attendings "
                "who have real influence, and note them here.",
                ARTICLE,
            )
        )
    for p in processes:
        if p.open and p.stage != "signed" and p.next_step_date is None:
            out.append(
                Advice(
                    "no-next-step",
                    f"{p.employer} has no next step with a date: agree the next step and when, "
                    "so that offers can be timed to arrive together.",
                    "Malhotra, HBR 2014",
                )
            )
    del rotations  # recorded for the timeline and the plan; no advice rests on them yet
    return out


# --- the timeline (issue #16, part 2: the dated steps of the processes) -----------------------


@dataclass(frozen=True)
class Event:
    when: dt.date
    employer: str
    kind: str  # next-step | respond-by | start
    label: str

    @property
    def shown(self) -> str:
        """The event as a line names it: "Valley: site visit", or a board exam's name."""
        return f"{self.employer}: {self.label}" if self.employer else self.label

    def to_json(self) -> dict[str, str | None]:
        return {
            "date": self.when.isoformat(),
            "employer": self.employer or None,
            "kind": self.kind,
            "label": self.label,
        }


@dataclass(frozen=True)
class Risk:
    text: str

    def to_json(self) -> dict[str, str]:
        return {"text": self.text}


def profile_exams(profile: Any) -> list[tuple[str, dt.date]]:
    """The board-exam dates of a parsed profile (coach.offers.profile.Profile, or None)."""
    if profile is None:
        return []
    return [(e.name, e.date) for e in getattr(profile, "board_exams", ())]


def timeline_events(
    processes: Iterable[Process], exams: Iterable[tuple[str, dt.date]] = ()
) -> list[Event]:
    """The dated steps of the open processes, and the board-exam dates the resident entered
    (``[profile] board_exams``: name and date), by date."""
    out = [Event(when, "", "board-exam", name) for name, when in exams]
    for p in processes:
        if not p.open:
            continue
        if p.next_step_date is not None:
            out.append(Event(p.next_step_date, p.employer, "next-step", p.next_step or "next step"))
        if p.respond_by is not None:
            out.append(Event(p.respond_by, p.employer, "respond-by", "offer's respond-by date"))
        if p.start_date is not None:
            out.append(Event(p.start_date, p.employer, "start", "expected start"))
    return sorted(out, key=lambda e: (e.when, e.employer.casefold(), e.kind))


def _gap(days: int) -> str:
    if days % 7 == 0 and days >= 14:
        return f"{days // 7} weeks"
    return "1 day" if days == 1 else f"{days} days"


def timeline_risks(processes: Sequence[Process], today: dt.date) -> list[Risk]:
    """What is late or at risk: a date already past, and an offer that expires before another
    process's next step (so the two cannot be weighed side by side)."""
    out: list[Risk] = []
    for p in processes:
        if not p.open or p.stage == "signed":
            continue
        for when, what in ((p.next_step_date, "next step"), (p.respond_by, "respond-by date")):
            if when is not None and when < today:
                out.append(
                    Risk(
                        f"{p.employer}: the {what} ({when.isoformat()}) passed "
                        f"{_gap((today - when).days)} ago; update it or move the process."
                    )
                )
    for c in deadline_conflicts(processes, today):
        out.append(
            Risk(
                f"The offer from {c.offer_employer} expires {_gap(c.gap_days)} "
                f"before {c.other_employer}'s {c.step} ({c.respond_by.isoformat()} vs "
                f"{c.step_date.isoformat()}): ask {c.offer_employer} for more time, or "
                f"{c.other_employer} to speed up."
            )
        )
    return out


# --- deadline conflicts and the scripts that answer them (issue #16, part 2) ----------------

# The counter-asks (coach/data/counter_asks.toml) whose scripts answer a deadline conflict: to
# the employer whose offer expires first, and to the process whose next step comes after it.
EXTEND_ASK = "extend-deadline"
SPEED_UP_ASK = "speed-up-process"
TIMING_ASKS = (EXTEND_ASK, SPEED_UP_ASK)
EXTEND_MARGIN_DAYS = 7  # the extension asked for runs to a week after the other step


@dataclass(frozen=True)
class Conflict:
    """An offer that must be answered before another process's next step."""

    offer_employer: str
    respond_by: dt.date
    other_employer: str
    step: str
    step_date: dt.date

    @property
    def gap_days(self) -> int:
        return (self.step_date - self.respond_by).days


def long_date(when: dt.date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def deadline_conflicts(processes: Sequence[Process], today: dt.date) -> list[Conflict]:
    """Each open offer's respond-by date (not yet past) that comes before the next step of
    another open process without an offer: the two cannot be weighed side by side."""
    out: list[Conflict] = []
    for a in processes:
        if not a.open or a.respond_by is None or a.respond_by < today:
            continue
        for b in processes:
            if b is a or not b.open or b.stage in OFFER_STAGES or b.next_step_date is None:
                continue
            if a.respond_by < b.next_step_date:
                out.append(
                    Conflict(
                        a.employer,
                        a.respond_by,
                        b.employer,
                        b.next_step or "next step",
                        b.next_step_date,
                    )
                )
    return out


def conflict_values(
    respond_by: dt.date, other_employer: str, step: str | None, step_date: dt.date
) -> dict[str, str]:
    """The placeholders a deadline script is filled with (docs/offers.md lists them)."""
    extend_to = step_date + dt.timedelta(days=EXTEND_MARGIN_DAYS)
    return {
        "respond_by": long_date(respond_by),
        "conflict_employer": other_employer,
        "conflict_step": step or "next step",
        "conflict_step_date": long_date(step_date),
        "deadline_gap": _gap((step_date - respond_by).days),
        "extend_to": long_date(extend_to),
    }


@dataclass(frozen=True)
class TimingScript:
    """A deadline-extension or speed-up script filled with a conflict's real dates."""

    ask_id: str
    title: str
    to_employer: str  # whom to say it to
    script: str
    source: str
    note: str | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "id": self.ask_id,
            "title": self.title,
            "to": self.to_employer,
            "script": self.script,
            "source": self.source,
            "note": self.note,
        }


def timing_scripts(conflicts: Sequence[Conflict], asks: Sequence[Any]) -> list[TimingScript]:
    """For each conflict, the pack's deadline-extension script (said to the employer whose
    offer expires first) and speed-up script (said to the other process), filled with the real
    dates. ``asks`` are the active counter-asks (coach.offers.counter_asks.CounterAsk: taken as
    given, since coach.offers reads coach.search); a disabled or missing one is left out, and so
    is a script left with an unfilled placeholder."""
    by_id = {a.id: a for a in asks if a.id in TIMING_ASKS and a.enabled}
    out: list[TimingScript] = []
    for c in conflicts:
        values = conflict_values(c.respond_by, c.other_employer, c.step, c.step_date)
        values["employer"] = c.offer_employer
        for ask_id, to in ((EXTEND_ASK, c.offer_employer), (SPEED_UP_ASK, c.other_employer)):
            ask = by_id.get(ask_id)
            if ask is None:
                continue
            script = render(ask.script, values)
            if not script.complete:
                continue
            out.append(
                TimingScript(
                    ask_id,
                    ask.title,
                    to,
                    script.text,
                    render(ask.source, values).text,
                    render(ask.note, values).text if ask.note else None,
                )
            )
    return out


def timeline_chart(events: Sequence[Event], today: dt.date, width: int = 60) -> list[str]:
    """A text chart from the first event (or today) to the last (or today): one row per event,
    ``|`` marks today, ``●`` an event to come and ``○`` one already past, its date and label
    beside it. The heading names the ends and where today falls between them."""
    if not events:
        return ["(no dated steps yet: add a next step, respond-by or start date)"]
    start = min(min(e.when for e in events), today)
    end = max(max(e.when for e in events), today)
    span = max((end - start).days, 1)
    bar = max(width - 2, 10)

    def col(when: dt.date) -> int:
        return min(bar - 1, round((when - start).days * (bar - 1) / span))

    # Past events are drawn too (an overdue step is what the resident must act on), so the
    # heading runs from the earliest date, not from today.
    ends = [start.isoformat()] if start < today else []
    ends.append("today " + today.isoformat())
    if end > today:
        ends.append(end.isoformat())
    lines = [" → ".join(ends)]
    for e in events:
        row = ["·"] * bar
        row[col(today)] = "|"
        row[col(e.when)] = "●" if e.when >= today else "○"
        lines.append("".join(row))
        lines.append(f"  {e.when.isoformat()} {e.shown}")
    return lines


def calendar_ics(events: Sequence[Event], session_name: str, stamp: dt.datetime) -> str:
    """The dated steps and deadlines as an iCalendar file (RFC 5545), one all-day event each,
    written with the ``icalendar`` library so that calendar apps import it. Each event's UID is
    derived from its session, employer, kind and date, so importing a newer export updates the
    events instead of duplicating them. ``stamp`` is the DTSTAMP (when it was written, UTC)."""
    import hashlib

    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//coach//job search//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"coach: {session_name}")
    for e in events:
        key = f"{session_name}|{e.employer.casefold()}|{e.kind}|{e.when.isoformat()}"
        event = icalendar.Event()
        event.add("uid", hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@coach")
        event.add("dtstamp", stamp)
        event.add("dtstart", e.when)
        event.add("dtend", e.when + dt.timedelta(days=1))
        event.add("summary", e.shown)
        event.add("description", f"From coach, session {session_name} ({e.kind}).")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


# --- facts from the market pack the timeline checks against (issue #16, part 2) --------------


@dataclass(frozen=True)
class Fact:
    """A lead time or visa rule from the market pack, with its source and year."""

    id: str
    label: str
    value: float
    source: str
    year_text: str

    @property
    def cited(self) -> str:
        return f"{self.source}, {self.year_text}"


LEAD_FACTS = (
    "license-lead-days",
    "privileging-lead-days",
    "conrad-30-start-days",
    "conrad-30-years",
    "h1b-annual-cap",
    "h1b-cap-start-month",
    "board-certify-years",
    "bylaw-certify-years",
)


def market_facts(view: Any) -> dict[str, Fact]:
    """The timeline's facts from a market view (coach.offers.market.MarketView: the active
    market pack, the resident's layers included). Taken as given, not imported: coach.offers
    reads coach.search, so coach.search does not read coach.offers."""
    out: dict[str, Fact] = {}
    for fid in LEAD_FACTS:
        fig = view.figure(fid)
        if fig is not None:
            out[fid] = Fact(fid, fig.label, fig.value, fig.source, fig.year_text)
    return out


def lead_time_risks(
    processes: Sequence[Process],
    today: dt.date,
    facts: dict[str, Fact],
    visa_status: str | None = None,
    exams: Sequence[tuple[str, dt.date]] = (),
) -> list[Risk]:
    """A start date closer than a licence or privileges take, each with its source; on a J-1
    waiver, the Conrad 30 rules that bind the start (shown whenever a start is dated); on an
    H-1B, whether a cap-subject employer could start you by then; and a board exam that falls
    after a start."""
    out: list[Risk] = []
    for p in processes:
        if not p.open or p.start_date is None or p.start_date < today:
            continue
        days = (p.start_date - today).days
        for fid, what in (
            ("license-lead-days", "a licence"),
            ("privileging-lead-days", "privileges"),
        ):
            fact = facts.get(fid)
            if fact is not None and days < fact.value:
                out.append(
                    Risk(
                        f"{p.employer} starts {p.start_date.isoformat()}, {_gap(days)} away: "
                        f"{what} can take {int(fact.value)} days from a complete application "
                        f"({fact.cited}). Apply now, or ask to move the start."
                    )
                )
        start = facts.get("conrad-30-start-days")
        years = facts.get("conrad-30-years")
        if visa_status == "j1-waiver" and start is not None and years is not None:
            out.append(
                Risk(
                    f"{p.employer}: on a J-1 waiver (Conrad 30) employment must begin within "
                    f"{int(start.value)} days of receiving the waiver ({start.cited}) and "
                    f"commits you to {int(years.value)} years of full-time service in a shortage "
                    f"area ({years.cited}): time the waiver to a start on "
                    f"{p.start_date.isoformat()}."
                )
            )
    out += h1b_risks(processes, today, facts, visa_status)
    out += exam_risks(processes, today, facts, exams)
    return out


def cap_subject_earliest_start(today: dt.date, month: int) -> dt.date:
    """The earliest start with a cap-subject H-1B registered from ``today``: the first of
    ``month`` (October) after the next March registration (this year's while it is still
    March or earlier, else next year's)."""
    year = today.year if today.month <= 3 else today.year + 1
    return dt.date(year, month, 1)


def h1b_risks(
    processes: Sequence[Process], today: dt.date, facts: dict[str, Fact], visa_status: str | None
) -> list[Risk]:
    """On an H-1B, each dated start against the cap: a cap-exempt employer can file at any time
    of year; a cap-subject one needs a lottery selection and cannot start you before October 1
    after it. Shown once per process with a start date, with the figures' sources."""
    cap = facts.get("h1b-annual-cap")
    month = facts.get("h1b-cap-start-month")
    if visa_status != "h1b" or cap is None or month is None or not 1 <= month.value <= 12:
        return []
    earliest = cap_subject_earliest_start(today, int(month.value))
    out: list[Risk] = []
    for p in processes:
        if not p.open or p.start_date is None or p.start_date < today:
            continue
        if p.start_date < earliest:
            fits = (
                f"a cap-subject employer could not start a new H-1B before "
                f"{earliest.isoformat()} ({month.cited}): ask {p.employer} now whether it is "
                "cap-exempt, or whether you are already counted against the cap"
            )
        else:
            fits = (
                f"a cap-subject employer needs a selection in the March lottery first "
                f"({int(cap.value):,} new petitions a year, {cap.cited}): ask {p.employer} "
                "whether it is cap-exempt"
            )
        out.append(
            Risk(
                f"{p.employer} starts {p.start_date.isoformat()} on an H-1B: a cap-exempt "
                "employer (a university, a nonprofit affiliated with one, a nonprofit or "
                f"government research organization) can file at any time of year; {fits}."
            )
        )
    return out


def exam_risks(
    processes: Sequence[Process],
    today: dt.date,
    facts: dict[str, Fact],
    exams: Sequence[tuple[str, dt.date]],
) -> list[Risk]:
    """A board exam (not yet past) on or after a process's start date: the days off and the
    fee are the new employer's to settle, and certification has a deadline."""
    board = facts.get("board-certify-years")
    bylaw = facts.get("bylaw-certify-years")
    why = ""
    if board is not None and bylaw is not None:
        why = (
            f" Boards allow up to {int(board.value)} years after residency to certify "
            f"({board.cited}); some hospital bylaws require it within {int(bylaw.value)} years "
            f"to keep privileges ({bylaw.cited})."
        )
    out: list[Risk] = []
    for name, when in sorted(exams, key=lambda e: e[1]):
        if when < today:
            continue
        for p in processes:
            if not p.open or p.start_date is None or p.start_date > when:
                continue
            out.append(
                Risk(
                    f"{name} on {when.isoformat()} comes after the start at {p.employer} "
                    f"({p.start_date.isoformat()}): ask {p.employer} for the exam days off "
                    f"with pay and the exam fee, in the contract.{why}"
                )
            )
    return out
