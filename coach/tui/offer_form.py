"""The offer form's plain logic (no Textual): groups like an offer letter, and one text box per
term read through coach.offers' own term reader.

Every term is typed in one box: a value ("$420k", "1:4", "yes", "2026-07-01"), ``none`` (the
offer explicitly has none), nothing (unknown: never silently 0), or ``vague: <the contract's
wording>``. The value stored in the session is exactly what coach.offers reads from a file, so
the form adds no rule of its own.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from coach.offers.model import FieldSpec, TableSpec, field_spec
from coach.offers.money import format_money, format_number
from coach.offers.parse import TermError, read_term

VAGUE_PREFIX = "vague:"

# (section title, term paths) in the order an offer letter tends to follow.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "The position",
        (
            "employer",
            "specialty",
            "region",
            "relocating",
            "start_date",
            "respond_by",
            "contract_years",
        ),
    ),
    ("Base pay and guarantee", ("base_salary", "guarantee_years")),
    (
        "Productivity pay",
        (
            "productivity",
            "productivity.model",
            "productivity.wrvu_threshold",
            "productivity.conversion_factor",
            "productivity.expected_wrvus",
            "productivity.visits_per_day",
            "productivity.wrvu_per_visit",
            "productivity.base_repaid_if_short",
            "productivity.quality_bonus",
        ),
    ),
    (
        "Sign-on, relocation and loans",
        (
            "sign_on_bonus",
            "sign_on_forgiveness_months",
            "sign_on_clawback",
            "relocation",
            "loan_repayment_total",
            "loan_repayment_years",
        ),
    ),
    (
        "Schedule and call",
        (
            "days_per_week",
            "clinic_hours_per_week",
            "admin_half_days_per_week",
            "call",
            "call.frequency",
            "call.weekends_per_month",
            "call.shared_equally",
            "call.paid_shifts_per_month",
            "call.pay_per_shift",
            "call.expected_hours_per_month",
        ),
    ),
    (
        "Benefits",
        ("retirement_match_pct", "cme_allowance", "cme_days", "pto_weeks"),
    ),
    (
        "Malpractice",
        (
            "malpractice",
            "malpractice.type",
            "malpractice.tail_paid_by",
            "malpractice.annual_premium",
        ),
    ),
    (
        "Non-compete",
        ("non_compete", "non_compete.miles", "non_compete.years", "non_compete.measured_from"),
    ),
    (
        "Termination and changes",
        (
            "termination",
            "termination.without_cause_notice_days",
            "termination.mutual",
            "unilateral_amendment",
        ),
    ),
    ("Partnership", ("partnership", "partnership.track_years", "partnership.buy_in")),
    ("Notes", ("notes",)),
)
ALL_PATHS = tuple(p for _title, paths in GROUPS for p in paths)


def hint(path: str) -> str:
    """The placeholder of a term's box: what may be typed there."""
    spec = field_spec(path)
    if isinstance(spec, TableSpec):
        return "see its terms below · or none · or vague: wording"
    assert spec is not None
    kind = {
        "money": "$ amount, e.g. $420k",
        "int": "whole number",
        "number": "number",
        "bool": "yes or no",
        "enum": " | ".join(spec.choices),
        "text": "text",
        "date": "date, e.g. 2026-07-01",
        "frequency": 'e.g. "1:4"',
        "specialty": "e.g. internal-medicine",
    }[spec.kind]
    extra = " or none" if spec.none_ok else ""
    return f"unknown · {kind}{extra}"


@dataclass(frozen=True)
class Read:
    """What one box holds: ok with the value to store (None = unknown), or the reason it is not."""

    ok: bool
    value: Any = None
    error: str = ""


def read_box(path: str, text: str) -> Read:
    """Read a term's box the way an offer file's value would be read."""
    spec = field_spec(path)
    if spec is None:
        return Read(False, error="not a term of an offer")
    text = text.strip()
    if not text:
        if path == "employer":
            return Read(False, error="every offer needs an employer")
        return Read(True, None)
    if text.lower().startswith(VAGUE_PREFIX):
        wording = text[len(VAGUE_PREFIX) :].strip()
        if not wording:
            return Read(False, error="after vague: write the contract's wording")
        raw: Any = {"vague": wording}
    elif isinstance(spec, TableSpec):
        if text.lower() != "none":
            return Read(False, error='write "none", vague: wording, or leave it blank')
        return Read(True, "none")
    elif spec.kind == "bool" and text.lower() in ("yes", "no", "true", "false", "y", "n"):
        raw = text.lower() in ("yes", "true", "y")
    else:
        raw = text
    if isinstance(spec, TableSpec):
        return Read(True, raw)
    try:
        typed = read_term(spec, raw)
    except TermError as exc:
        return Read(False, error=str(exc))
    return Read(True, _stored(spec, raw, typed))


def _stored(spec: FieldSpec, raw: Any, typed: Any) -> Any:
    """What goes into the session's [[offer]] table: the plain TOML form of the value."""
    if isinstance(raw, dict) or (isinstance(raw, str) and raw.strip().lower() == "none"):
        return raw if isinstance(raw, dict) else "none"
    if isinstance(typed, dt.date):
        return typed.isoformat()
    return typed


def shown(path: str, value: Any) -> str:
    """A stored value as it appears in its box."""
    if value is None:
        return ""
    if isinstance(value, dict):
        # a table holding terms shows blank: those terms have their own boxes
        if set(value) == {"vague"}:
            return f"{VAGUE_PREFIX} {value['vague']}"
        return ""
    if isinstance(value, str) and value.strip().lower() == "none":
        return "none"
    spec = field_spec(path)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(spec, FieldSpec) and spec.kind == "money" and isinstance(value, int | float):
        return format_money(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format_number(value, 2)
    return str(value)


def get(offer: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = offer.get(head)
    if not rest:
        return value
    return value.get(rest) if isinstance(value, dict) and "vague" not in value else None


def put(offer: dict[str, Any], path: str, value: Any) -> None:
    """Set (None: remove) a term in an [[offer]] table; empty tables are dropped."""
    head, _, rest = path.partition(".")
    if not rest:
        if value is None:
            offer.pop(head, None)
        else:
            offer[head] = value
        return
    table = offer.get(head)
    if not isinstance(table, dict) or "vague" in table:
        if value is None:
            return
        table = {}
        offer[head] = table
    if value is None:
        table.pop(rest, None)
        if not table:
            offer.pop(head, None)
    else:
        table[rest] = value


def table_closed(offer: dict[str, Any], path: str) -> bool:
    """A term inside a table the offer says it has none of (or words only vaguely)."""
    head, _, rest = path.partition(".")
    if not rest:
        return False
    value = offer.get(head)
    return value == "none" or (isinstance(value, dict) and "vague" in value)


def duplicate(offer: dict[str, Any]) -> dict[str, Any]:
    copied = copy.deepcopy(offer)
    copied["employer"] = f"{offer.get('employer', 'Offer')} (copy)"
    return copied


def draft_key(index: int, path: str) -> str:
    return f"offer.{index}.{path}"


def renumber_drafts(form: dict[str, str], removed: int) -> dict[str, str]:
    """Drafts keyed by offer index after offer ``removed`` is deleted."""
    out: dict[str, str] = {}
    for key, value in form.items():
        parts = key.split(".", 2)
        if len(parts) == 3 and parts[0] == "offer" and parts[1].isdigit():
            i = int(parts[1])
            if i == removed:
                continue
            if i > removed:
                key = draft_key(i - 1, parts[2])
        out[key] = value
    return out
