"""A year-by-year bar chart of each offer's total, drawn with text (no Textual, tested alone).

The bars show the evaluation's own yearly parts (base, productivity by year, call pay, loan
repayment by year, retirement match; sign-on and relocation in year 1), the same parts its
contract total adds: :func:`year_totals` refuses to draw an offer whose years do not add up to
the evaluation's contract total, so the chart can never disagree with the arithmetic shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.offers.evaluate import OfferResult
from coach.offers.model import value_of
from coach.offers.money import format_money

FULL, PARTIALS = "█", " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Years:
    employer: str
    totals: tuple[float, ...]  # by contract year
    complete: bool  # every part of every year is known


def year_totals(result: OfferResult) -> Years | None:
    """Each contract year's total from the evaluation's parts; None when it cannot be drawn."""
    m = result.math
    n = m.contract_years
    if n is None or m.contract_total is None or len(m.productivity) != n:
        return None
    base = value_of(result.offer.base_salary)
    recurring = [
        [base] * n,
        list(m.productivity),
        [m.call_pay] * n,
        list(m.loan) if len(m.loan) == n else [None] * n,
        [m.match] * n,
    ]
    known = [vals for vals in recurring if all(v is not None for v in vals)]
    totals = [float(sum(vals[k] for vals in known)) for k in range(n)]
    once = [v for v in (value_of(result.offer.sign_on_bonus), value_of(result.offer.relocation))]
    totals[0] += float(sum(v for v in once if v is not None))
    if abs(sum(totals) - m.contract_total) > 0.5:
        return None  # not the evaluation's own parts: draw nothing rather than disagree
    return Years(result.employer, tuple(totals), m.totals_complete)


def bar(value: float, top: float, width: int) -> str:
    if top <= 0 or value <= 0:
        return ""
    cells = value / top * width
    whole = int(cells)
    part = PARTIALS[int((cells - whole) * 8)]
    return (FULL * whole + (part if part != " " else "")).ljust(width)


def render(results: list[OfferResult], width: int = 60) -> str:
    """Lines like ``Lakeside Health  yr 1 ██████████ $520,000``; one block per offer."""
    years = [(r, year_totals(r)) for r in results]
    drawable = [y for _r, y in years if y is not None]
    if not results:
        return ""
    top = max((max(y.totals) for y in drawable), default=0.0)
    name_w = min(22, max(len(r.employer) for r in results))
    money_w = max((len(format_money(t)) for y in drawable for t in y.totals), default=8)
    bar_w = max(8, width - name_w - money_w - 9)
    lines: list[str] = []
    for r, y in years:
        name = r.employer[:name_w].ljust(name_w)
        if y is None:
            lines.append(f"{name}  no chart: contract length or totals unknown")
            continue
        for k, total in enumerate(y.totals):
            label = name if k == 0 else " " * name_w
            lines.append(
                f"{label}  yr {k + 1} {bar(total, top, bar_w)} {format_money(total).rjust(money_w)}"
            )
        if not y.complete:
            lines.append(f"{' ' * name_w}  (known parts only: some terms are unknown)")
    return "\n".join(lines)
