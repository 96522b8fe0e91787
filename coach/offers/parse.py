"""Read offer files and session files into typed objects, with every problem located.

Public API (pure Python; the rehearsal code and the app call these):

- :func:`load_offer_file(path) <load_offer_file>` / :func:`parse_offer_text(text, path)
  <parse_offer_text>` → :class:`OfferFile` (``offers``, ``profile``, ``market``, ``problems``,
  ``warnings``). They never raise: an unreadable or invalid file gives problems printed as
  ``path:line: offer "Employer": field: message``.
- :func:`parse_offer_table(data, reporter, index) <parse_offer_table>` → :class:`Offer` or None,
  for one ``[[offer]]`` table from anywhere (pack examples, the app's forms).
- :func:`read_term(spec, value) <read_term>` → one term's value, raising :class:`TermError` with a
  user-facing message (form fields).

A file may hold ``[[offer]]`` tables, ``[profile]``, ``[market]`` and ``[[advocate]]`` (the people
who vouch for the resident, docs/search.md) (docs/offers.md). A session
file is a superset, so other top-level tables are ignored here, unless their name is close to one
of ours (``[[offers]]``), which is reported as a likely typo.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach import toml_safe
from coach.dates import parse_date
from coach.offers.market import MarketOverrides, parse_market_table
from coach.offers.model import (
    NONE,
    OFFER_FIELDS,
    TABLE_TYPES,
    TABLES,
    US_STATES,
    Call,
    FieldSpec,
    Incentive,
    Offer,
    Origin,
    Partnership,
    Productivity,
    Shifts,
    TableSpec,
    Vague,
    parse_frequency,
)
from coach.offers.money import MoneyError, parse_money
from coach.offers.profile import Profile, parse_profile_table
from coach.offers.reporter import Reporter
from coach.rules.kinds import Problem, did_you_mean
from coach.rules.pack_files import _first_control_char, decode_toml_error
from coach.toml_positions import SourceMap

TOP_LEVEL = ("offer", "profile", "market", "format_version")
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NUMBER_TEXT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
MAX_TEXT = 2000
LETTER_CALL_RATES = ("weekday_rate", "weekend_rate", "holiday_rate")


class TermError(ValueError):
    """A term value that cannot be read; ``str()`` is the message for the user."""


@dataclass
class OfferFile:
    path: str
    offers: list[Offer] = field(default_factory=list)
    profile: Profile | None = None
    market: MarketOverrides = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors: the file is not usable
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- one term --------------------------------------------------------------------------------


def _bounds(spec: FieldSpec, number: float) -> None:
    lo, hi = spec.minimum, spec.maximum
    if spec.exclusive_minimum and lo is not None and number <= lo:
        raise TermError(f"must be more than {_n(lo)}" + (f" and at most {_n(hi)}" if hi else ""))
    if lo is not None and number < lo:
        if lo == 0:
            raise TermError("cannot be negative")
        raise TermError(f"must be between {_n(lo)} and {_n(hi)}" if hi else f"must be ≥ {_n(lo)}")
    if hi is not None and number > hi:
        low = lo if lo is not None else 0
        raise TermError(
            f"must be more than {_n(low)} and at most {_n(hi)}"
            if spec.exclusive_minimum
            else f"must be between {_n(low)} and {_n(hi)}"
        )


def _n(x: float | None) -> str:
    return "" if x is None else (f"{int(x):,}" if float(x).is_integer() else str(x))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TermError("must be a number")
    number: float
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER_TEXT.fullmatch(text):
            raise TermError(f'"{value[:40]}" is not a number')
        number = float(text.replace(",", ""))
    else:
        number = value
    if not math.isfinite(number):
        raise TermError("must be a finite number")
    return number


def read_term(spec: FieldSpec, value: Any) -> Any:
    """The typed value of one term as written in a file (see :mod:`coach.offers.model`)."""
    if isinstance(value, dict):
        if set(value) != {"vague"}:
            raise TermError(
                'a term is a value, "none", or { vague = "the contract\'s wording" }'
                + (f"; unknown key {next(iter(set(value) - {'vague'}))}" if value else "")
            )
        wording = value["vague"]
        if not isinstance(wording, str) or not wording.strip():
            raise TermError("vague needs the contract's wording as text")
        if len(wording) > MAX_TEXT:
            raise TermError(f"the wording is over {MAX_TEXT} characters")
        return Vague(wording.strip())
    if isinstance(value, str) and value.strip().lower() == "none":
        if not spec.none_ok:
            raise TermError('cannot be "none"' + _expect(spec))
        if spec.kind in ("money", "int", "number"):
            return 0
        return "none"
    kind = spec.kind
    if kind == "money":
        try:
            amount = parse_money(value)
        except MoneyError as exc:
            raise TermError(str(exc)) from None
        _bounds(spec, amount)
        return amount
    if kind == "int":
        number = _number(value)
        if not float(number).is_integer():
            raise TermError("must be a whole number")
        _bounds(spec, number)
        return int(number)
    if kind == "number":
        number = _number(value)
        _bounds(spec, number)
        return int(number) if float(number).is_integer() else number
    if kind == "bool":
        if not isinstance(value, bool):
            raise TermError("must be true or false")
        return value
    if kind == "enum":
        if not isinstance(value, str):
            raise TermError(_expect(spec).removeprefix("; ").capitalize())
        text = value.strip().lower()
        if spec.key == "employment_type":  # "W-2" as letters write it
            text = text.replace("-", "")
        if text not in spec.choices:
            raise TermError(
                f'unknown value "{value[:40]}"{_expect(spec)}' + did_you_mean(text, spec.choices)
            )
        return text
    if kind == "frequency":
        if not isinstance(value, str) or parse_frequency(value) is None:
            raise TermError('write the call frequency as "1:4" (one in four), or "none"')
        return f"1:{parse_frequency(value)}"
    if kind == "date":
        date = parse_date(value)
        if date is None:
            raise TermError("must be a date such as 2026-07-01")
        return date
    if kind == "specialty":
        if not isinstance(value, str) or not value.strip():
            raise TermError("must be a specialty id such as internal-medicine")
        text = value.strip()
        if not ID_RE.fullmatch(text):
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            raise TermError(
                f'"{text[:40]}" is not a specialty id (lowercase words joined by hyphens'
                + (f', e.g. "{slug}")' if slug else ")")
            )
        return text
    if kind == "state":
        text = value.strip().upper() if isinstance(value, str) else ""
        if text not in US_STATES:
            shown = f'"{value[:40]}" is not' if isinstance(value, str) else "must be"
            raise TermError(
                f'{shown} a US state\'s two-letter code, such as "TX"'
                + did_you_mean(text, US_STATES)
            )
        return text
    # text
    if not isinstance(value, str) or not value.strip():
        raise TermError("must be non-empty text")
    if len(value) > MAX_TEXT:
        raise TermError(f"is over {MAX_TEXT} characters")
    return value.strip()


def _expect(spec: FieldSpec) -> str:
    if spec.kind == "enum":
        return "; one of " + ", ".join(f'"{c}"' for c in spec.choices)
    return ""


# --- one offer -------------------------------------------------------------------------------


def _read_table(
    spec: TableSpec, value: Any, report: Reporter
) -> Any:  # table instance, NONE, Vague, or None when invalid
    key = spec.key
    if isinstance(value, str):
        if value.strip().lower() == "none":
            return NONE
        report.add((key,), f'must be a table ([offer.{key}]), "none", or {{ vague = "…" }}')
        return None
    if not isinstance(value, dict):
        report.add((key,), f'must be a table ([offer.{key}]), "none", or {{ vague = "…" }}')
        return None
    if "vague" in value:
        try:
            return read_term(FieldSpec(key, "text"), value)
        except TermError as exc:
            report.add((key,), str(exc))
            return None
    names = [f.key for f in spec.fields]
    values: dict[str, Any] = {}
    ok = True
    for k, v in value.items():
        fspec = next((f for f in spec.fields if f.key == k), None)
        if fspec is None:
            report.add(
                (key, k), "unknown key" + did_you_mean(k, names) + f"; allowed: {', '.join(names)}"
            )
            ok = False
            continue
        try:
            values[k] = read_term(fspec, v)
        except TermError as exc:
            report.add((key, k), str(exc))
            ok = False
    return TABLE_TYPES[key](**values) if ok else None


def parse_offer_table(data: Any, report: Reporter, index: int) -> Offer | None:
    """One ``[[offer]]`` table; problems go to ``report`` (its label is set to the employer)."""
    if not isinstance(data, dict):
        report.add((), "each offer must be a table: [[offer]]")
        return None
    employer = data.get("employer")
    if isinstance(employer, str) and employer.strip():
        report.label = f'offer "{employer.strip()[:80]}"'
    start = len(report.errors)
    values: dict[str, Any] = {}
    names = [f.key for f in OFFER_FIELDS] + [t.key for t in TABLES]
    if "employer" not in data:
        report.add(("employer",), "missing; every offer needs an employer")
    for key, value in data.items():
        spec = next((f for f in OFFER_FIELDS if f.key == key), None)
        if spec is not None:
            try:
                values[key] = read_term(spec, value)
            except TermError as exc:
                report.add((key,), str(exc))
            continue
        table = next((t for t in TABLES if t.key == key), None)
        if table is not None:
            parsed = _read_table(table, value, report)
            if parsed is not None:
                values[key] = parsed
            continue
        report.add((key,), "unknown key" + did_you_mean(key, names))
    if isinstance(values.get("employer"), Vague):
        report.add(("employer",), "the employer must be a name, not vague wording")
    _cross_checks(values, report)
    if len(report.errors) > start:
        return None
    origin = Origin(report.path, report.line(), index)
    return Offer(**values, origin=origin)


def _rate_checks(prod: Productivity, report: Reporter) -> None:
    """Tiers only where there is a conversion factor; a ramp and a bonus start only where a
    bonus is paid on production over a base (threshold, greater-of). Half a tier or a ramp is
    not an error (it can be typed one box at a time): the other half is unknown, and asked."""
    if prod.tier_wrvus is not None and prod.model not in ("threshold", "greater-of", "draw"):
        report.add(
            ("productivity", "tier_wrvus"),
            'only with a conversion factor: set productivity.model = "threshold", "greater-of" '
            'or "draw"',
        )
    ramp_keys = ("ramp_conversion_factor", "ramp_years", "ramp_conversion_factor_above")
    for key in (*ramp_keys, "bonus_starts_year"):
        if getattr(prod, key) is None or prod.model in ("threshold", "greater-of"):
            continue
        if prod.model == "collections" and key in ramp_keys:
            why = (
                "a collections offer has no conversion factor to ramp (its pay is "
                "productivity.collections_pct of net collections); write a percent that "
                "changes by year in notes"
            )
        elif prod.model == "draw" and key in ramp_keys:
            why = (
                "a ramp under a draw is not supported: the draw's true-up is one figure a year "
                "for the whole contract, so give the conversion factor the draw is settled "
                "against after the ramp and write the ramp in notes"
            )
        else:
            why = (
                'only for a bonus on production: set productivity.model = "threshold" or '
                '"greater-of"'
            )
        report.add(("productivity", key), why)


def _cross_checks(values: dict[str, Any], report: Reporter) -> None:
    prod = values.get("productivity")
    if isinstance(prod, Productivity):
        base = values.get("base_salary")
        if prod.model == "collections":
            if isinstance(base, int | float) and base > 0:
                report.add(
                    ("base_salary",),
                    "leave it out of a collections offer: the pay is productivity.collections_pct "
                    "of the expected net collections (an advance on it is productivity.draw)",
                )
        elif prod.model == "draw":
            if isinstance(base, int | float) and base > 0:
                report.add(
                    ("base_salary",),
                    "leave it out of a draw offer: write the draw as productivity.draw (what "
                    "you are paid is what production earns)",
                )
        else:
            for key in ("draw", "reconciliation"):
                if getattr(prod, key) is not None:
                    report.add(
                        ("productivity", key),
                        'only for a draw: set productivity.model = "draw" (or "collections")',
                    )
        if prod.model != "collections":
            for key in ("collections_pct", "expected_collections", "payer_mix"):
                if getattr(prod, key) is not None:
                    report.add(
                        ("productivity", key),
                        'only for pay on collections: set productivity.model = "collections"',
                    )
        _rate_checks(prod, report)
    shifts = values.get("shifts")
    if isinstance(shifts, Shifts):
        base = values.get("base_salary")
        rate = shifts.pay_per_shift
        if isinstance(base, int | float) and base > 0 and isinstance(rate, int | float) and rate:
            report.add(
                ("shifts", "pay_per_shift"),
                "give the pay as base_salary or as shifts_per_year × pay_per_shift, not both",
            )
    call = values.get("call")
    if isinstance(call, Call) and isinstance(call.paid_shifts_per_month, int | float):
        letter = [k for k in LETTER_CALL_RATES if getattr(call, k) is not None]
        if call.paid_shifts_per_month > 0 and letter:
            report.add(
                ("call", letter[0]),
                "give paid call as paid_shifts_per_month × pay_per_shift or as 1:N with a rate "
                "(weekday, weekend, holiday), not both",
            )
    part = values.get("partnership")
    if (
        isinstance(part, Partnership)
        and part.buy_in_years is not None
        and part.buy_in_payment != "payroll-deduction"
    ):
        report.add(
            ("partnership", "buy_in_years"),
            'only for a buy-in paid from pay: set buy_in_payment = "payroll-deduction"',
        )
    inc = values.get("incentive")
    if isinstance(inc, Incentive) and inc.percent_of_base is not None and inc.amount is not None:
        report.add(
            ("incentive", "amount"),
            "give the incentive as percent_of_base or as amount, not both",
        )
    vesting, vest_years = values.get("retirement_vesting"), values.get("retirement_vesting_years")
    if vesting in ("cliff", "graded") and vest_years == 0:
        report.add(
            ("retirement_vesting_years",),
            f"must be at least 1 for {vesting} vesting (immediate vesting needs no years)",
        )
    if values.get("sign_on_instalment_years") is not None and values.get("sign_on_paid") != (
        "instalments"
    ):
        report.add(
            ("sign_on_instalment_years",),
            'only for a sign-on paid in instalments: set sign_on_paid = "instalments"',
        )
    total, years = values.get("loan_repayment_total"), values.get("loan_repayment_years")
    if isinstance(total, int | float) and total > 0 and years == 0:
        report.add(
            ("loan_repayment_years",),
            "must be at least 1 when loan_repayment_total is more than 0",
        )


# --- whole files -----------------------------------------------------------------------------


def parse_offer_text(text: str, path: str = "<text>") -> OfferFile:
    """Parse an offer or session file's text; never raises."""
    result = OfferFile(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    line: int | None
    col: int | None
    bad = _first_control_char(text)
    if bad:  # names and notes are printed to the terminal; an escape must not restyle it
        line, col, ch = bad
        result.problems.append(
            Problem(path, line, col, None, f"control character {ch!r} is not allowed")
        )
        return result
    try:
        data = toml_safe.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, msg = decode_toml_error(exc, text)
        result.problems.append(Problem(path, line, col, None, f"invalid TOML: {msg}"))
        return result
    source = SourceMap.build(text)
    version = data.get("format_version")
    if version is not None and version != 1:
        line, col = source.key(("format_version",))
        result.problems.append(
            Problem(
                path,
                line or None,
                None,
                None,
                f"format_version {version!r} is not 1; "
                "this file was written by a newer coach or by hand",
            )
        )
    for key in data:
        if key in TOP_LEVEL:
            continue
        hint = did_you_mean(key, TOP_LEVEL[:3])
        if hint:  # other tables belong to session files; only likely typos are worth a word
            line, _ = source.key((key,))
            result.warnings.append(
                Problem(
                    path,
                    line or source.table_line((key, 0)),
                    None,
                    None,
                    f"[{key}] is not an offer-file table and is ignored{hint}",
                    "warning",
                )
            )
    offers = data.get("offer", [])
    if not isinstance(offers, list):
        line, _ = source.key(("offer",))
        result.problems.append(
            Problem(
                path,
                line or source.table_line(("offer",)),
                None,
                None,
                "offers must be written as [[offer]] tables",
            )
        )
        offers = []
    for index, table in enumerate(offers):
        report = Reporter(path, source, ("offer", index), f"offer #{index + 1}")
        offer = parse_offer_table(table, report, index)
        result.problems.extend(report.errors)
        result.warnings.extend(p for p in report.problems if p.severity == "warning")
        if offer is not None:
            result.offers.append(offer)
    if "profile" in data:
        report = Reporter(path, source, ("profile",), "profile")
        result.profile = parse_profile_table(data["profile"], report)
        result.problems.extend(report.errors)
        result.warnings.extend(p for p in report.problems if p.severity == "warning")
    _read_advocates(data, result, source)
    if "market" in data:
        report = Reporter(path, source, ("market",), "market")
        result.market = parse_market_table(data["market"], report, path)
        result.problems.extend(report.errors)
        result.warnings.extend(p for p in report.problems if p.severity == "warning")
    seen: dict[str, Offer] = {}
    for offer in result.offers:
        key = offer.employer.casefold()
        if key in seen:
            result.warnings.append(
                Problem(
                    path,
                    offer.origin.line,
                    None,
                    offer.label,
                    f"a second offer from this employer (first at line "
                    f"{seen[key].origin.line}); comparisons will name both the same way",
                    "warning",
                )
            )
        seen.setdefault(key, offer)
    return result


def _read_advocates(data: dict[str, Any], result: OfferFile, source: SourceMap) -> None:
    """The ``[[advocate]]`` tables (coach.search; docs/search.md) join the profile's advocates:
    those who will call count in leverage. The old ``[profile] references`` (already in the
    profile's advocates) are merged into them by name. An entry that does not validate is left
    out with a warning naming its field."""
    from coach.search import check_advocate, merge_advocates

    tables = data.get("advocate")
    if not isinstance(tables, list) or (
        "profile" in data and result.profile is None
    ):  # not tables (a session keeps them as written), or the profile has errors to fix first
        return
    recorded = []
    for i, entry in enumerate(tables):
        advocate, problems = check_advocate(entry)
        for problem in problems:
            line, col = source.key(("advocate", i, *problem.path))
            result.warnings.append(
                Problem(
                    result.path,
                    line or source.table_line(("advocate", i)),
                    col,
                    None,
                    f"[[advocate]] entry {i + 1}: {problem}; not counted",
                    "warning",
                )
            )
        if advocate is not None:
            recorded.append(advocate)
    if recorded:
        profile = result.profile or Profile()
        merged = merge_advocates(recorded, profile.advocates)
        result.profile = dataclasses.replace(profile, advocates=tuple(merged))


def load_offer_file(path: str | Path) -> OfferFile:
    """Read and parse an offer or session file; unreadable files become problems."""
    from coach import store

    name = str(path)
    try:
        text, _ = store.read_text(Path(path))
    except store.TomlFileError as exc:
        return OfferFile(name, problems=[Problem(name, exc.line, exc.col, None, exc.message)])
    except store.StoreError as exc:
        return OfferFile(
            name, problems=[Problem(name, None, None, None, str(exc).removeprefix(f"{name}: "))]
        )
    return parse_offer_text(text, name)
