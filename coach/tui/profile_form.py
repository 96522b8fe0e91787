"""The profile form's plain logic (no Textual): one text box per ``[profile]`` key, read back into
the table coach.offers.profile validates (it decides what is valid; this only splits text).

Lists are written with commas ("secondary, rural"), procedures as "central lines: 45; intubations:
20". Other processes are the Search screen's (coach.search), not the profile's, and so are the
people who vouch for the resident: the "program director will call" box records the session's
program-director advocate (:func:`apply_program_director`), not a profile key.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.dates import parse_date
from coach.offers.model import REGIONS
from coach.offers.profile import (
    BOARD_STATUSES,
    PROGRAM_TYPES,
    VISA_STATUSES,
    parse_profile_table,
)
from coach.offers.reporter import Reporter
from coach.search import Advocate

PD_WILL_CALL = "program_director_will_call"  # a box of ours: the program-director advocate
PROGRAM_DIRECTOR = "program-director"
YES, NO = ("yes", "y", "true"), ("no", "n", "false")


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    hint: str
    words: tuple[str, ...] = ()  # the box's list: its first letters are enough (as in offers)


BOXES: tuple[Box, ...] = (
    Box("specialty", "Specialty", "e.g. internal-medicine"),
    Box("program", "Residency or fellowship program", "name of your program"),
    Box("program_type", "Program type", " | ".join(PROGRAM_TYPES), PROGRAM_TYPES),
    Box("pgy_year", "PGY year", "e.g. 3"),
    Box("board_status", "Board status", " | ".join(BOARD_STATUSES), BOARD_STATUSES),
    Box("visa_status", "Visa status", " | ".join(VISA_STATUSES), VISA_STATUSES),
    Box("img", "International medical graduate", "yes or no", ("yes", "no")),
    Box("region_preferences", "Regions you would consider", ", ".join(REGIONS)),
    Box("procedures", "Procedures and volumes", "central lines: 45; intubations: 20"),
    Box(PD_WILL_CALL, "Program director will call employers", "yes or no", ("yes", "no")),
    Box("rotated_at", "Employers you rotated at", "names, separated by commas"),
    Box("locums_at", "Employers you did locums for", "names, separated by commas"),
    Box("board_exams", "Board exam dates", "ABIM certification: 2026-08-18; …"),
    Box("federal_loans", "Federal Direct student loans", "yes or no (for PSLF)", ("yes", "no")),
)


def _split(text: str, sep: str) -> list[str]:
    return [p.strip() for p in text.split(sep) if p.strip()]


def to_value(key: str, text: str, profile: dict[str, Any]) -> Any:
    """The TOML value a box's text stands for (None: leave the key out)."""
    text = text.strip()
    if not text:
        return None
    if key == "pgy_year":
        return int(text) if text.isdigit() else text
    if key in ("img", "federal_loans"):
        low = text.lower()
        return (
            True if low in ("yes", "y", "true") else False if low in ("no", "n", "false") else text
        )
    if key in ("region_preferences", "rotated_at", "locums_at"):
        return _split(text, ",")
    if key == "board_exams":
        exams: list[Any] = []
        for part in _split(text, ";"):
            name, _, when = part.rpartition(":")
            date = parse_date(when)
            # a date that is not a date stays as typed: coach.offers.profile names it
            exams.append({"name": name.strip(), "date": date or when.strip()})
        return exams
    if key == "procedures":
        out: list[Any] = []
        for part in _split(text, ";"):
            name, _, count = part.partition(":")
            count = count.strip().replace(",", "")
            if count.isdigit():
                out.append({"name": name.strip(), "count": int(count)})
            elif count:
                out.append({"name": name.strip(), "count": count})
            else:
                out.append(name.strip())
        return out
    return text


def to_text(key: str, profile: dict[str, Any]) -> str:
    """A profile value as its box shows it (the program director's: program_director_text)."""
    value = profile.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key in ("region_preferences", "rotated_at", "locums_at") and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "board_exams" and isinstance(value, list):
        return "; ".join(
            f"{e.get('name', '')}: {e.get('date', '')}" if isinstance(e, dict) else str(e)
            for e in value
        )
    if key == "procedures" and isinstance(value, list):
        parts = []
        for p in value:
            if isinstance(p, dict):
                count = p.get("count")
                parts.append(
                    f"{p.get('name', '')}: {count}" if count is not None else p.get("name")
                )
            else:
                parts.append(str(p))
        return "; ".join(str(p) for p in parts)
    return str(value)


def apply(profile: dict[str, Any] | None, key: str, text: str) -> tuple[dict[str, Any], str]:
    """The profile with one box changed, and the problem with it ("" when it validates)."""
    candidate = copy.deepcopy(profile) if profile else {}
    value = to_value(key, text, candidate)
    if value is None:
        candidate.pop(key, None)
    else:
        candidate[key] = value
    report = Reporter("profile", None, ("profile",), "profile")
    parse_profile_table(candidate, report)
    mine = [p.message for p in report.errors if p.message.split(":")[0].split("[")[0] == key]
    return candidate, "; ".join(m.split(": ", 1)[-1] for m in mine)


# --- the "program director will call" box: the session's program-director advocate ----------


def program_director_text(advocates: Sequence[Advocate]) -> str:
    """The box's text: "yes" when a program-director advocate will call (any employer or some),
    "no" when one is recorded who will not, "" when none is."""
    directors = [a for a in advocates if a.role_id == PROGRAM_DIRECTOR]
    if not directors:
        return ""
    return "yes" if any(a.will_call for a in directors) else "no"


def apply_program_director(advocates: Sequence[Advocate], text: str) -> tuple[list[Advocate], str]:
    """The advocates with the box's answer recorded, and the problem with it ("" when none).

    "yes": each program-director advocate will call (one who already calls named employers
    keeps that list); with none recorded, one is added by role alone. "no": they will not.
    Cleared: the one the box added (by role alone, nothing else written) goes; a named one
    stays, with all its words (remove it on the Search screen or in the file)."""
    low = text.strip().lower()
    if low and low not in YES + NO:
        return list(advocates), f'"{text.strip()[:40]}": answer yes or no'
    out: list[Advocate] = []
    found = False
    for a in advocates:
        if a.role_id != PROGRAM_DIRECTOR:
            out.append(a)
            continue
        found = True
        if low in YES:
            out.append(a if a.will_call else dataclasses.replace(a, will_call=True))
        elif low in NO:
            out.append(dataclasses.replace(a, will_call=False))
        elif a.name or a.at or a.notes or a.last_contact is not None:
            out.append(a)
    if not found and low:
        out.append(Advocate("", PROGRAM_DIRECTOR, will_call=low in YES))
    return out, ""
