"""Competing offers: honest comparison lines, and the side-by-side table of ``offer compare``.

A comparison line is written for offer X from each other offer Y in the same evaluation, naming
only real differences where Y's written terms are better than X's (seed 001: "Another offer I'm
considering has no non-compete and a more transparent wRVU structure"). Nothing is invented: an
unknown term on either side is never a difference, and the profile's other processes (which are
not offers) never produce a line. At most :data:`MAX_DIFFERENCES` differences are named, in the
order of :func:`differences`.

The compare table has one row per total and per term (every term of the format, "unknown" where
an offer does not state it); in each row the best value is marked when at
least two offers have a comparable value and they differ (``better`` in the market pack's
``[[offer_term]]`` says which way is better; under ``non_compete = "none"`` the radius and length
count as 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.offers.market import NONE_WHEN_ZERO, MarketView, describe_value
from coach.offers.model import (
    NA,
    NONE,
    TABLES,
    Call,
    Incentive,
    Malpractice,
    NonCompete,
    Partnership,
    Productivity,
    Shifts,
    Termination,
    all_paths,
    field_spec,
    full_time,
    known,
    part_time_fte,
    program_loan,
    restricting_non_compete,
    value_of,
)
from coach.offers.money import format_money, format_number, format_rate

if TYPE_CHECKING:
    from coach.offers.evaluate import Evaluation, OfferResult

MAX_DIFFERENCES = 3


@dataclass(frozen=True)
class ComparisonLine:
    other_employer: str
    differences: tuple[str, ...]  # every real difference, most important first
    text: str  # the line to say, naming the first MAX_DIFFERENCES


def _transparent(result: OfferResult) -> bool:
    prod = result.offer.productivity
    return (
        isinstance(prod, Productivity)
        and prod.model == "threshold"
        and known(prod.wrvu_threshold)
        and known(prod.conversion_factor)
        and result.math.expected_wrvus is not None
        and prod.wrvu_threshold <= result.math.expected_wrvus
        and prod.base_repaid_if_short is not True
    )


def _opaque(result: OfferResult) -> bool:
    ids = result.flag_ids
    return bool(
        ids
        & {
            "wrvu-threshold-above-expected",
            "wrvu-threshold-above-median",
            "vague-productivity",
            "draw-not-salary",
        }
    )


Check = Callable[["OfferResult", "OfferResult"], "str | None"]


def _numeric(path: str, higher: bool, say: Callable[[Any], str]) -> Check:
    """A difference where y states a better number than x for the same term."""

    def check(x: OfferResult, y: OfferResult) -> str | None:
        a, b = value_of(x.offer.term(path)), value_of(y.offer.term(path))
        if a is None or b is None or not (b > a if higher else b < a):
            return None
        return say(b)

    return check


def _base(x: OfferResult, y: OfferResult) -> str | None:
    """A higher base, compared full-time (a 0.6 FTE base ÷ 0.6) when either is part time."""
    a, b = value_of(x.offer.base_salary), value_of(y.offer.base_salary)
    if a is None or b is None:
        return None
    if part_time_fte(x.offer) or part_time_fte(y.offer):
        fa, fb = full_time(x.offer, a), full_time(y.offer, b)
        if fb <= fa:
            return None
        return f"a higher full-time-equivalent base ({format_money(round(fb, 2))})"
    return f"a higher base salary ({format_money(b)})" if b > a else None


def _non_compete(x: OfferResult, y: OfferResult) -> str | None:
    ny = y.offer.non_compete
    nx = restricting_non_compete(x.offer.non_compete)
    if nx is None:
        return None  # x has none (or one of 0 miles or 0 years), or it is unknown or vague
    if ny is NONE or (isinstance(ny, NonCompete) and not ny.restricts):
        return "no non-compete"
    if not isinstance(ny, NonCompete):
        return None
    mx, my, yx, yy = (value_of(v) for v in (nx.miles, ny.miles, nx.years, ny.years))
    if mx is None or my is None or yx is None or yy is None:
        return None
    if not (my <= mx and yy <= yx) or (my, yy) == (mx, yx):
        return None
    return (
        f"a narrower non-compete ({format_number(my)} miles for "
        f"{format_number(yy)} year{'s' if yy != 1 else ''})"
    )


def _wrvu(x: OfferResult, y: OfferResult) -> str | None:
    if not (_transparent(y) and _opaque(x)):
        return None
    p = y.offer.productivity
    assert isinstance(p, Productivity)
    assert known(p.wrvu_threshold) and known(p.conversion_factor)  # both, for _transparent
    return (
        "a more transparent wRVU structure (a threshold of "
        f"{format_number(p.wrvu_threshold)} wRVUs against "
        f"{format_number(round(y.math.expected_wrvus or 0, 1))} expected, at "
        f"{format_rate(p.conversion_factor)} a wRVU)"
    )


def _sign_on(x: OfferResult, y: OfferResult) -> str | None:
    a, b = value_of(x.offer.sign_on_bonus), value_of(y.offer.sign_on_bonus)
    if a is None or b is None or b <= a:
        return None
    return (
        f"a {format_money(b)} sign-on bonus"
        if a == 0
        else f"a larger sign-on bonus ({format_money(b)})"
    )


def _tail(x: OfferResult, y: OfferResult) -> str | None:
    mal = y.offer.malpractice
    if "tail-on-physician" not in x.flag_ids or not isinstance(mal, Malpractice):
        return None
    if mal.type == "occurrence":
        return "occurrence malpractice coverage, so no tail to buy"
    if mal.tail_paid_by == "employer":
        return "tail coverage paid by the employer"
    return None


def _paid_call(x: OfferResult, y: OfferResult) -> str | None:
    call = y.offer.call
    if (
        "unpaid-call" in x.flag_ids
        and isinstance(call, Call)
        and y.math.call_pay
        and known(call.pay_per_shift)  # call pay was computed from it
    ):
        return f"paid call ({format_rate(call.pay_per_shift)} a shift)"
    return None


def _mutual(x: OfferResult, y: OfferResult) -> str | None:
    # term() gives None (unknown) or NA (no such table) when a side does not state it
    if x.offer.term("termination.mutual") is False and y.offer.term("termination.mutual") is True:
        return "mutual without-cause termination"
    return None


def _employment(x: OfferResult, y: OfferResult) -> str | None:
    """W-2 employment against a 1099 contract: the employer pays half of Social Security and
    Medicare, and benefits come with it."""
    if x.offer.employment_type == "1099" and y.offer.employment_type == "w2":
        return (
            "W-2 employment (the employer pays half of Social Security and Medicare, and "
            "benefits come with it)"
        )
    return None


def _loan(x: OfferResult, y: OfferResult) -> str | None:
    """More loan repayment from the employer: a program's (NHSC, a state program) is not the
    employer's money, so it never makes one offer better than another."""
    if program_loan(y.offer):
        return None
    a = 0 if program_loan(x.offer) else value_of(x.offer.loan_repayment_total)
    b = value_of(y.offer.loan_repayment_total)
    if a is None or b is None or b <= a:
        return None
    return f"{format_money(b)} in loan repayment"


# Most important first: the order in which differences are named.
CHECKS: tuple[Check, ...] = (
    _non_compete,
    _wrvu,
    _base,
    _employment,
    _sign_on,
    _tail,
    _paid_call,
    _numeric("relocation", True, lambda v: f"{format_money(v)} toward relocation"),
    _numeric("days_per_week", False, lambda v: f"a {format_number(v)}-day week"),
    _numeric(
        "admin_half_days_per_week",
        True,
        lambda v: f"{format_number(v)} protected admin half-days a week",
    ),
    _mutual,
    _numeric(
        "termination.without_cause_notice_days", True, lambda v: f"{format_number(v)} days' notice"
    ),
    _numeric("guarantee_years", True, lambda v: f"a {format_number(v)}-year guarantee"),
    _loan,
    _numeric("cme_allowance", True, lambda v: f"a {format_money(v)} CME allowance"),
    _numeric("pto_weeks", True, lambda v: f"{format_number(v)} weeks of PTO"),
)


def differences(x: OfferResult, y: OfferResult) -> list[str]:
    """Where y's written terms beat x's, most important first (phrases to say to x's employer)."""
    return [said for check in CHECKS if (said := check(x, y))]


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def comparison_lines(result: OfferResult, others: list[OfferResult]) -> list[ComparisonLine]:
    """One line per other offer that beats this one somewhere, most differences first."""
    lines = []
    for other in others:
        diffs = differences(result, other)
        if not diffs:
            continue
        text = f"Another offer I'm considering has {_join(diffs[:MAX_DIFFERENCES])}."
        lines.append(ComparisonLine(other.employer, tuple(diffs), text))
    lines.sort(key=lambda c: -len(c.differences))
    return lines


# --- the side-by-side table ------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    """A row of the side-by-side table: one cell per offer, the best of them marked."""

    section: str  # "totals", "terms" or "red_flags"
    label: str
    cells: tuple[str, ...]
    best: tuple[int, ...]  # indices of the offers marked best, ascending
    key: str = ""  # what the row shows: a total ("first_year_total") or a term's path

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "key": self.key,
            "label": self.label,
            "values": list(self.cells),
            "best": list(self.best),
        }


def _row(
    section: str, key: str, label: str, cells: tuple[str, ...], best: tuple[int, ...]
) -> CompareRow:
    return CompareRow(section, label, cells, best, key)


def _best(values: list[float | None], better: str | None) -> tuple[int, ...]:
    pairs = [(i, v) for i, v in enumerate(values) if v is not None]
    if better is None or len(pairs) < 2 or len({v for _, v in pairs}) < 2:
        return ()
    target = max(v for _, v in pairs) if better == "higher" else min(v for _, v in pairs)
    return tuple(i for i, v in pairs if v == target)


def _comparable(path: str, value: Any, table: Any = None) -> float | None:
    if path.startswith("non_compete.") and (
        value is NA or (isinstance(table, NonCompete) and not table.restricts)
    ):
        return 0.0  # no non-compete (or one of 0 miles or 0 years): zero miles, zero years
    if path in NONE_WHEN_ZERO and value == 0:
        return None  # "none" is no threshold, not the lowest one
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def table(evaluation: Evaluation, view: MarketView) -> list[CompareRow]:
    """Totals, every term, red flags and leverage, one column per offer."""
    results = evaluation.results
    rows: list[CompareRow] = []

    def money_row(key: str, label: str, values: list[float | None], better: str | None) -> None:
        cells = tuple(format_money(v) if v is not None else "unknown" for v in values)
        rows.append(CompareRow("totals", label, cells, _best(values, better), key))

    money_row(
        "first_year_total", "First-year total", [r.first_year_total for r in results], "higher"
    )
    money_row("contract_total", "Contract total", [r.contract_total for r in results], "higher")
    if any(part_time_fte(r.offer) for r in results):
        bases = [value_of(r.offer.base_salary) for r in results]
        money_row(
            "base_full_time",
            "Base, full-time equivalent",
            [
                round(full_time(r.offer, b), 2) if b is not None else None
                for r, b in zip(results, bases, strict=True)
            ],
            "higher",
        )
    rows.append(
        _row(
            "totals",
            "totals_complete",
            "Totals complete",
            tuple(
                "yes" if r.math.totals_complete else f"no ({len(r.math.unknown_terms)} unknown)"
                for r in results
            ),
            (),
        )
    )
    money_row(
        "productivity_pay",
        "Productivity pay (year 1)",
        [r.productivity_pay for r in results],
        "higher",
    )
    money_row("call_pay", "Call pay", [r.call_pay for r in results], "higher")
    be = [r.breakeven_wrvus for r in results]
    rows.append(
        _row(
            "totals",
            "breakeven_wrvus",
            "Break-even wRVUs",
            tuple(format_number(v) if v is not None else "unknown" for v in be),
            _best(be, "lower"),
        )
    )
    bases_used = {(r.benchmark.kind, r.benchmark.year) for r in results if r.benchmark}
    rows.append(
        _row(
            "totals",
            "benchmark",
            # Benchmarks of different surveys or years are not one basis: say so where they meet.
            "Benchmark (different sources: not one basis)" if len(bases_used) > 1 else "Benchmark",
            tuple(
                f"{format_money(r.benchmark.value)} ({r.benchmark.label}, {r.benchmark.year_text})"
                if r.benchmark
                else "none"
                for r in results
            ),
            (),
        )
    )
    lev: list[float | None] = [r.leverage.score if r.leverage else None for r in results]
    rows.append(
        _row(
            "totals",
            "leverage",
            "Leverage",
            tuple(
                f"{r.leverage.score}/100 {r.leverage.label}" if r.leverage else "unknown"
                for r in results
            ),
            _best(lev, "higher"),
        )
    )
    for path in all_paths():
        if path == "employer":
            continue
        values = [r.offer.term(path) for r in results]
        info = view.terms.get(path)
        label = info.label if info else path
        better = info.better if info else None
        if "." not in path and field_spec(path) in TABLES:
            # a table's own row says whether it exists; its terms get rows of their own
            cells = tuple("yes" if is_table(v) else describe_value(path, v) for v in values)
            rows.append(_row("terms", path, label, cells, ()))
            continue
        cells = tuple(describe_value(path, v) for v in values)
        head = path.partition(".")[0]
        comparable = [
            _comparable(path, v, getattr(r.offer, head))
            for v, r in zip(values, results, strict=True)
        ]
        if path == "base_salary" and any(part_time_fte(r.offer) for r in results):
            comparable = [  # a part-time base is best only if it is, full time
                full_time(r.offer, c) if c is not None else None
                for r, c in zip(results, comparable, strict=True)
            ]
        if path == "loan_repayment_total":
            comparable = [  # a program's money (NHSC) is not the employer's: never the ★
                0 if c is not None and program_loan(r.offer) else c
                for r, c in zip(results, comparable, strict=True)
            ]
        rows.append(_row("terms", path, label, cells, _best(comparable, better)))
    rows.append(
        _row(
            "red_flags",
            "red_flags",
            "Red flags",
            tuple(
                ", ".join(f"{f.id} ({f.severity})" for f in r.red_flags) or "none" for r in results
            ),
            (),  # never a ★ beside red flags: fewer flags is not a better offer by itself
        )
    )
    return rows


def is_table(value: Any) -> bool:
    return isinstance(
        value,
        Productivity
        | Shifts
        | Incentive
        | Call
        | NonCompete
        | Malpractice
        | Termination
        | Partnership,
    )
