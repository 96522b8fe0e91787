"""Editing the session's offers one form field at a time, without ever losing what was typed.

Pure Python (no Textual): the Offers screen calls these, and the tests drive them directly.

A form field holds text. Its meaning follows docs/offers.md, "Every term has three states":

- a value: ``$420k``, ``5,200``, ``1:4``, ``yes``, ``2026-08-01``, ``threshold``;
- ``none``: the offer explicitly has none;
- empty: unknown (the term is left out of the offer, and becomes a question to ask);
- ``vague: <the contract's words>``: recorded as ``{ vague = "…" }``.

A table such as ``call`` has a field of its own for the whole term (empty to use the fields
below it, ``none`` or ``vague: …``). Each value is read by the offers domain
(:func:`coach.offers.parse.read_term`, then :func:`~coach.offers.parse.parse_offer_table` for the
checks across fields); this module only turns form text into an offer table and back.

The session keeps the last valid state of every offer in ``[[offer]]``; text that is not valid
(yet) is kept in ``[drafts.form]`` under ``offer.<index>.<path>`` and shown again, with its
reason, until it is fixed or cleared. So nothing typed is lost, and a typo never wipes a term
that the evaluation, the Review screen and the plan are using.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from coach.offers.model import TABLE_BY_KEY, FieldSpec, field_spec
from coach.offers.money import format_number, format_rate
from coach.offers.parse import TermError, parse_offer_table, read_term
from coach.offers.reporter import Reporter

if TYPE_CHECKING:
    from coach.session import Session

# The offer letter's order (the brief's grouping); every term path appears exactly once.
SECTIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("Offer", ("employer", "specialty", "region", "state", "start_date", "respond_by", "notes")),
    (
        "Compensation",
        ("base_salary", "guarantee_years", "contract_years", "fte", "employment_type"),
    ),
    ("Shifts", ("shifts", *(f"shifts.{f.key}" for f in TABLE_BY_KEY["shifts"].fields))),
    (
        "Sign-on & relocation",
        (
            "sign_on_bonus",
            "sign_on_forgiveness_months",
            "sign_on_clawback",
            "relocating",
            "relocation",
            # when the sign-on is paid and what triggers repaying it (after relocation, so the
            # boxes a letter fills most keep their places)
            "sign_on_paid",
            "sign_on_instalment_years",
            "sign_on_repaid_if_not_started",
            "sign_on_repaid_if_start_delayed",
            "sign_on_repaid_if_terminated_without_cause",
        ),
    ),
    (
        "Productivity",
        ("productivity", *(f"productivity.{f.key}" for f in TABLE_BY_KEY["productivity"].fields)),
    ),
    ("Call", ("call", *(f"call.{f.key}" for f in TABLE_BY_KEY["call"].fields))),
    (
        "Schedule & time",
        (
            "days_per_week",
            "clinic_hours_per_week",
            "admin_half_days_per_week",
            "pto_weeks",
            "cme_allowance",
            "cme_days",
        ),
    ),
    (
        "Non-compete",
        ("non_compete", *(f"non_compete.{f.key}" for f in TABLE_BY_KEY["non_compete"].fields)),
    ),
    (
        "Malpractice",
        ("malpractice", *(f"malpractice.{f.key}" for f in TABLE_BY_KEY["malpractice"].fields)),
    ),
    (
        "Termination",
        (
            "termination",
            "termination.without_cause_notice_days",
            "termination.mutual",
            "unilateral_amendment",
            # last, so the boxes above keep their places (issue #17)
            "termination.physician_notice_days",
        ),
    ),
    (
        "Partnership",
        ("partnership", *(f"partnership.{f.key}" for f in TABLE_BY_KEY["partnership"].fields)),
    ),
    (
        "Incentive",
        ("incentive", *(f"incentive.{f.key}" for f in TABLE_BY_KEY["incentive"].fields)),
    ),
    (
        "Loan & retirement",
        (
            "loan_repayment_total",
            "loan_repayment_years",
            "retirement_match_pct",
            "retirement_contribution_pct",
            "retirement_vesting",
            "retirement_vesting_years",
            "loan_repayment_source",  # last, so the boxes above keep their places
        ),
    ),
)
FORM_PATHS: Final[tuple[str, ...]] = tuple(p for _, paths in SECTIONS for p in paths)

VAGUE_PREFIX: Final = "vague:"
_YES: Final = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
_DRAFT_KEY = re.compile(r"^offer\.(\d+)\.(.+)$")


class FieldError(ValueError):
    """Form text that cannot be used as written; ``str()`` is the reason shown beside it."""


class _Unknown:
    """The field is empty: the term is unknown and left out of the offer."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def is_table(path: str) -> bool:
    return path in TABLE_BY_KEY


# Examples from docs/offers.md's complete offer, shown in each empty field.
EXAMPLES: Final[dict[str, str]] = {
    "employer": "Lakeside Health",
    "specialty": "internal-medicine",
    "state": "TX",
    "start_date": "2026-08-01",
    "respond_by": "2026-03-15",
    "notes": "hospital-employed; recruiter Sam",
    "base_salary": "$420k",
    "guarantee_years": "2",
    "contract_years": "3",
    "fte": "0.8",
    "sign_on_bonus": "$40k",
    "sign_on_forgiveness_months": "24",
    "sign_on_instalment_years": "2",
    "relocation": "$20k",
    "loan_repayment_total": "$100k",
    "loan_repayment_years": "4",
    "retirement_match_pct": "4",
    "days_per_week": "4",
    "clinic_hours_per_week": "32",
    "admin_half_days_per_week": "2",
    "cme_allowance": "$4,000",
    "cme_days": "5",
    "pto_weeks": "5",
    "productivity.wrvu_threshold": "5,200",
    "productivity.conversion_factor": "$52",
    "productivity.expected_wrvus": "5,600",
    "productivity.visits_per_day": "20",
    "productivity.wrvu_per_visit": "1.4",
    "productivity.quality_bonus": "$10k",
    "productivity.draw": "$300k",
    "productivity.tier_wrvus": "5,000",
    "productivity.collections_pct": "40",
    "productivity.expected_collections": "$700k",
    "productivity.payer_mix": "45% commercial, 35% Medicare, 20% Medicaid",
    "productivity.conversion_factor_above": "$55",
    "productivity.ramp_conversion_factor": "$48",
    "productivity.ramp_years": "1",
    "productivity.ramp_conversion_factor_above": "$50",
    "productivity.bonus_starts_year": "2",
    "incentive.percent_of_base": "10",
    "incentive.amount": "$25k",
    "incentive.expected_payout_pct": "80",
    "retirement_contribution_pct": "3",
    "retirement_vesting_years": "3",
    "call.frequency": "1:6",
    "call.weekends_per_month": "1",
    "call.paid_shifts_per_month": "2",
    "call.pay_per_shift": "$800",
    "call.expected_hours_per_month": "24",
    "call.weekday_call": "1:4",
    "call.weekday_rate": "$150",
    "call.weekend_call": "1:6",
    "call.weekend_rate": "$300",
    "call.holiday_call": "1:4",
    "call.holiday_rate": "$500",
    "call.holidays_per_year": "8",
    "shifts.shifts_per_year": "182",
    "shifts.pay_per_shift": "$1,700",
    "shifts.extra_shifts_per_year": "12",
    "shifts.extra_shift_pay": "$2,000",
    "shifts.night_shifts_per_year": "182",
    "shifts.night_differential": "$200",
    "non_compete.miles": "10",
    "non_compete.years": "1",
    "malpractice.annual_premium": "$12k",
    "termination.without_cause_notice_days": "90",
    "termination.physician_notice_days": "180",
    "partnership.track_years": "2",
    "partnership.buy_in": "$150k",
}


def hint(path: str) -> str:
    """The placeholder of a field: what may be typed there."""
    if is_table(path):
        return "empty: the terms below · none · vague: …"
    spec = _spec(path)
    if spec.kind == "enum":
        shape = " | ".join(c for c in spec.choices if c != "none")
    elif spec.kind == "bool":
        shape = "yes | no"
    else:
        shape = f"e.g. {EXAMPLES.get(path, 'text')}"
    none = " · none" if spec.none_ok else ""
    vague = "" if path == "employer" else " · vague: …"
    return f"{shape}{none}{vague}"


def choices(path: str) -> tuple[str, ...]:
    """Words the field may hold, for completion as the user types."""
    if is_table(path):
        return ("none", VAGUE_PREFIX + " ")
    spec = _spec(path)
    words: tuple[str, ...] = ()
    if spec.kind == "enum":
        words = spec.choices
    elif spec.kind == "bool":
        words = ("yes", "no")
    if spec.none_ok and "none" not in words:
        words = (*words, "none")
    return words


def _spec(path: str) -> FieldSpec:
    spec = field_spec(path)
    if not isinstance(spec, FieldSpec):
        raise KeyError(path)
    return spec


# --- one field ---------------------------------------------------------------------------------


def read_field(path: str, text: str) -> Any:
    """The TOML value for a field's text, or :data:`UNKNOWN`; FieldError with the reason."""
    text = text.strip()
    if not text:
        if path == "employer":
            raise FieldError("every offer needs an employer")
        return UNKNOWN
    if text.casefold().startswith(VAGUE_PREFIX):
        wording = text[len(VAGUE_PREFIX) :].strip()
        if path == "employer":
            raise FieldError("the employer must be a name, not vague wording")
        if not wording:
            raise FieldError("write the contract's own words after vague:")
        value: Any = {"vague": wording}
    elif text.casefold() == "none":
        value = "none"
    elif is_table(path):
        raise FieldError(
            'leave this empty and fill in the terms below, or write "none" or "vague: …"'
        )
    elif _spec(path).kind == "bool":
        if text.casefold() not in _YES:
            raise FieldError('write "yes" or "no" (or "vague: …")')
        value = _YES[text.casefold()]
    else:
        value = text
    spec = FieldSpec(path, "text") if is_table(path) else _spec(path)
    try:
        typed = read_term(spec, value)
    except TermError as exc:
        raise FieldError(str(exc)) from None
    if value == "none" or isinstance(value, dict):
        return value  # kept as written: "none" reads better in the file than 0
    if isinstance(typed, float) and typed.is_integer():
        return int(typed)
    return typed


def field_text(path: str, value: Any) -> str:
    """The text a field shows for a value stored in an offer table (the inverse of read_field)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        wording = value.get("vague")
        return f"{VAGUE_PREFIX} {wording}" if isinstance(wording, str) and len(value) == 1 else ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not is_table(path):
        kind = _spec(path).kind
        if kind == "money":
            return format_rate(value)  # exact: the form must not round what was entered
        if kind == "number" and value >= 1000:
            return format_number(value, 6)
        return str(value)
    return str(value)


def stored(offer: dict[str, Any], path: str) -> Any:
    """The value an offer table holds for a field (None when unknown)."""
    head, _, sub = path.partition(".")
    value = offer.get(head)
    if not sub:
        if is_table(head) and isinstance(value, dict) and "vague" not in value:
            return None  # the terms are in the fields below
        return value
    if not isinstance(value, dict) or "vague" in value:
        return None
    return value.get(sub)


def _table_filled(offer: dict[str, Any], table: str) -> bool:
    value = offer.get(table)
    return isinstance(value, dict) and "vague" not in value and bool(value)


def apply_field(offer: dict[str, Any], path: str, text: str) -> dict[str, Any]:
    """A copy of ``offer`` with the field set from ``text``; FieldError when it cannot be."""
    value = read_field(path, text)
    out = copy.deepcopy(offer)
    head, _, sub = path.partition(".")
    label = head.replace("_", " ")
    if not sub:
        if is_table(head) and value is not UNKNOWN and _table_filled(out, head):
            raise FieldError(f"the {label} terms below are filled in: clear them first")
        if is_table(head) and value is UNKNOWN and _table_filled(out, head):
            return out  # the terms below stay; this field only says "use them"
        if value is UNKNOWN:
            out.pop(head, None)
        else:
            out[head] = value
        return out
    table = out.get(head)
    if table is not None and not (isinstance(table, dict) and "vague" not in table):
        raise FieldError(f'the {label} term above is "{field_text(head, table)}": clear it first')
    table = dict(table or {})
    if value is UNKNOWN:
        table.pop(sub, None)
    else:
        table[sub] = value
    if table:
        out[head] = table
    else:
        out.pop(head, None)  # an empty table would read as "has this term, details unknown"
    return out


def offer_problems(offer: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(field path or None, message) for every problem the offers domain finds in a table."""
    report = Reporter("<form>", None, (), "offer")
    parse_offer_table(offer, report, 0)
    out: list[tuple[str | None, str]] = []
    for problem in report.errors:
        prefix, sep, rest = problem.message.partition(": ")
        if sep and prefix in FORM_PATHS:
            out.append((prefix, rest))
        else:
            out.append((None, problem.message))
    return out


# --- the session's offers ----------------------------------------------------------------------


def draft_key(index: int, path: str) -> str:
    return f"offer.{index}.{path}"


def drafts_of(session: Session, index: int) -> dict[str, str]:
    """path -> text kept as a draft for offer ``index``."""
    out = {}
    for key, text in session.drafts.form.items():
        m = _DRAFT_KEY.match(key)
        if m and int(m.group(1)) == index and m.group(2) in FORM_PATHS:
            out[m.group(2)] = text
    return out


@dataclass(frozen=True)
class FieldState:
    text: str
    error: str | None  # why the text is not used (yet), or None


def form_state(session: Session, index: int) -> dict[str, FieldState]:
    """What every field of offer ``index`` shows: its draft (with the reason) or stored value."""
    offer = session.offers[index]
    drafts = drafts_of(session, index)
    state = {}
    for path in FORM_PATHS:
        if path in drafts:
            state[path] = FieldState(drafts[path], field_reason(offer, path, drafts[path]))
        else:
            state[path] = FieldState(field_text(path, stored(offer, path)), None)
    # a hand-edited session file may hold a value the domain refuses: say so at the field
    for where, message in offer_problems(offer):
        if where is not None and where not in drafts:
            state[where] = FieldState(state[where].text, message)
    return state


def field_reason(offer: dict[str, Any], path: str, text: str) -> str | None:
    try:
        _checked(offer, path, text)
    except FieldError as exc:
        return str(exc)
    return None


def _checked(offer: dict[str, Any], path: str, text: str) -> dict[str, Any]:
    candidate = apply_field(offer, path, text)
    before = offer_problems(offer)
    new = [p for p in offer_problems(candidate) if p not in before]
    if new:
        # a check across fields (loan years with a loan total, …): shown at this field
        where, message = new[0]
        raise FieldError(message if where in (None, path) else f"{where}: {message}")
    return candidate


def set_field(session: Session, index: int, path: str, text: str) -> str | None:
    """Apply a field's text to offer ``index``; the reason when it is kept as a draft instead.

    A change that makes another field's draft valid (a loan total cleared, so a loan length
    of 0 is fine again) applies that draft too.
    """
    error = _set_one(session, index, path, text)
    if error is None:
        for other, draft in drafts_of(session, index).items():
            if other != path:
                _set_one(session, index, other, draft)
    return error


def _set_one(session: Session, index: int, path: str, text: str) -> str | None:
    key = draft_key(index, path)
    try:
        candidate = _checked(session.offers[index], path, text)
    except FieldError as exc:
        if text:
            session.set_form_value(key, text)
        else:  # an emptied required field: the empty text is the draft
            session.drafts.form[key] = ""
        return str(exc)
    session.offers[index] = candidate
    session.set_form_value(key, "")
    return None


def employer_of(session: Session, index: int) -> str:
    """Offer ``index``'s employer as the evaluation names it (counter-asks are chosen by it)."""
    value = session.offers[index].get("employer")
    return value.strip() if isinstance(value, str) else ""


def follow_rename(session: Session, index: int, chosen_under: str) -> str:
    """After offer ``index``'s employer changed: its chosen counter-asks, recorded under
    ``chosen_under``, move to the new name; the name they are under now. While another offer
    has the new name (a rename typed through it) they wait, so two offers' choices never merge.
    """
    new = employer_of(session, index)
    taken = any(employer_of(session, i) == new for i in range(len(session.offers)) if i != index)
    if not new or new == chosen_under or taken:
        return chosen_under
    session.rename_offer_in_choices(chosen_under, new)
    return new


def add_offer(session: Session, employer: str) -> int:
    """A new offer with just its employer; its index. FieldError when the name is not usable."""
    offer = apply_field({}, "employer", employer)
    problems = offer_problems(offer)
    if problems:
        raise FieldError(problems[0][1])
    session.offers.append(offer)
    return len(session.offers) - 1


def duplicate_offer(session: Session, index: int) -> int:
    """A copy of offer ``index`` (and of its drafts) at the end, named "… (copy)"; its index."""
    offer = copy.deepcopy(session.offers[index])
    offer["employer"] = f"{offer.get('employer', 'Offer')} (copy)"
    session.offers.append(offer)
    new = len(session.offers) - 1
    for path, text in drafts_of(session, index).items():
        if path != "employer":
            session.set_form_value(draft_key(new, path), text)
    return new


def delete_offer(session: Session, index: int) -> None:
    """Remove offer ``index``; the drafts of later offers move down with them."""
    del session.offers[index]
    moved: dict[str, str] = {}
    for key, text in list(session.drafts.form.items()):
        m = _DRAFT_KEY.match(key)
        if not m:
            continue
        n = int(m.group(1))
        if n >= index:
            del session.drafts.form[key]
            if n > index:
                moved[draft_key(n - 1, m.group(2))] = text
    session.drafts.form.update(moved)


def offer_label(session: Session, index: int) -> str:
    employer = session.offers[index].get("employer")
    return employer if isinstance(employer, str) and employer.strip() else f"Offer {index + 1}"
