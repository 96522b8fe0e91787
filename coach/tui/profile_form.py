"""The profile form's plain logic (no Textual): one text box per ``[profile]`` key, read back into
the table coach.offers.profile validates (it decides what is valid; this only splits text).

Lists are written with commas ("secondary, rural"), procedures as "central lines: 45; intubations:
20". Other processes are the Search screen's (coach.search), not the profile's.
"""

from __future__ import annotations

import copy
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

PD_WILL_CALL = "program_director_will_call"  # a box of ours: a reference entry in the profile


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    hint: str


BOXES: tuple[Box, ...] = (
    Box("specialty", "Specialty", "e.g. internal-medicine"),
    Box("program", "Residency or fellowship program", "name of your program"),
    Box("program_type", "Program type", " | ".join(PROGRAM_TYPES)),
    Box("pgy_year", "PGY year", "e.g. 3"),
    Box("board_status", "Board status", " | ".join(BOARD_STATUSES)),
    Box("visa_status", "Visa status", " | ".join(VISA_STATUSES)),
    Box("img", "International medical graduate", "yes or no"),
    Box("region_preferences", "Regions you would consider", ", ".join(REGIONS)),
    Box("procedures", "Procedures and volumes", "central lines: 45; intubations: 20"),
    Box(PD_WILL_CALL, "Program director will call employers", "yes or no"),
    Box("rotated_at", "Employers you rotated at", "names, separated by commas"),
    Box("locums_at", "Employers you did locums for", "names, separated by commas"),
    Box("board_exams", "Board exam dates", "ABIM certification: 2026-08-18; …"),
    Box("federal_loans", "Federal Direct student loans", "yes or no (for PSLF)"),
)


def _split(text: str, sep: str) -> list[str]:
    return [p.strip() for p in text.split(sep) if p.strip()]


def to_value(key: str, text: str, profile: dict[str, Any]) -> Any:
    """The TOML value a box's text stands for (None: leave the key out)."""
    text = text.strip()
    if key == PD_WILL_CALL:
        refs = [
            r
            for r in profile.get("references", [])
            if not (isinstance(r, dict) and r.get("role") == "program-director")
        ]
        if text.lower() in ("yes", "y", "true"):
            refs.append({"role": "program-director", "will_call": True})
        elif text.lower() in ("no", "n", "false"):
            refs.append({"role": "program-director", "will_call": False})
        elif text:
            return text  # invalid: parse_profile_table names it
        return refs or None
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
    """A profile value as its box shows it."""
    if key == PD_WILL_CALL:
        for r in profile.get("references", []) or []:
            if isinstance(r, dict) and r.get("role") == "program-director":
                return "yes" if r.get("will_call") else "no"
        return ""
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
    target = "references" if key == PD_WILL_CALL else key
    value = to_value(key, text, candidate)
    if value is None:
        candidate.pop(target, None)
    else:
        candidate[target] = value
    report = Reporter("profile", None, ("profile",), "profile")
    parse_profile_table(candidate, report)
    mine = [p.message for p in report.errors if p.message.split(":")[0].split("[")[0] == target]
    return candidate, "; ".join(m.split(": ", 1)[-1] for m in mine)
