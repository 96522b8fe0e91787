"""What the Review screen shows, as plain data: every line of every tab, already worded.

The offers domain (coach.offers.evaluate and compare) computes every figure and flag; this
module only words and orders them for the screen, and :mod:`coach.tui.screens.review` only
lays the result out. No Textual and no Rich here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from coach.wording import counted

if TYPE_CHECKING:
    from coach.offers.evaluate import OfferResult
    from coach.tui.offer_view import SessionOffers

# A span of text and its Rich style name ("" for none); a line is a mark (a bullet, "Why:",
# "+10"), how far the mark is indented, and its spans. The records are NamedTuples, not
# dataclasses: this module is imported before the first frame, and a frozen dataclass costs
# about 0.7 ms to create on the 2-core machine against 0.14 ms for a NamedTuple.
Span = tuple[str, str]


class ReportLine(NamedTuple):
    """One line of an offer's report; with a mark, wrapped lines hang under the text."""

    spans: tuple[Span, ...]
    mark: str = ""
    indent: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.spans)


class Series(NamedTuple):
    """One offer in the year-by-year chart."""

    name: str  # the employer
    years: tuple[float, ...]  # total pay in contract year 1, 2, …; empty when unknown
    first_year: float | None  # shown alone when the contract length is unknown
    note: str = ""  # e.g. "incomplete: 2 terms unknown"


class CompareRow(NamedTuple):
    """A row of the side-by-side table; ``best`` are the columns marked ★."""

    section: str
    label: str
    cells: tuple[str, ...]
    best: tuple[int, ...]


class OfferTab(NamedTuple):
    """One offer's tab: its name, red-flag count, chart series and report."""

    index: int  # the offer's number in the session file
    employer: str
    red_flags: int
    series: Series
    report: tuple[ReportLine, ...]


class Review(NamedTuple):
    """Everything the Review screen shows for one session."""

    notice: str = ""
    problems: tuple[str, ...] = ()  # the offers cannot be evaluated until these are fixed
    warnings: tuple[str, ...] = ()  # e.g. a specialty the market pack does not know
    offers: tuple[OfferTab, ...] = ()
    compare: tuple[CompareRow, ...] = ()


def money(x: float | None) -> str:
    from coach.offers.money import format_money

    return format_money(x) if x is not None else "unknown"


def series_of(result: OfferResult) -> Series:
    m = result.math
    note = ""
    if not m.totals_complete:
        unknown = len(m.unknown_terms)
        note = f"incomplete: {counted(unknown, 'term')} unknown, left out"
    return Series(result.employer, tuple(m.year_totals), m.first_year_total, note)


def _plain(text: str, style: str = "") -> ReportLine:
    return ReportLine(((text, style),))


def _bullet(text: str, mark: str = "•", indent: int = 0, style: str = "") -> ReportLine:
    return ReportLine(((text, style),), mark, indent)


def offer_report(r: OfferResult, label: Callable[[str], str]) -> tuple[ReportLine, ...]:
    """One offer's evaluation, top to bottom, as the resident needs it. ``label`` names a term
    (the market pack's wording: "Retirement match (%)" for retirement_match_pct)."""
    from coach.offers.money import format_money, format_number

    m = r.math
    out: list[ReportLine] = []
    where = [r.specialty_name or "specialty unknown"]
    if isinstance(r.offer.region, str):
        where.append(f"{r.offer.region} market")
    out.append(_plain(f"{r.employer} — {', '.join(where)}", "bold"))
    years = f" over {m.contract_years} years" if m.contract_years else " (contract length unknown)"
    out.append(_plain(f"First-year total  {money(m.first_year_total)}"))
    out.append(_plain(f"Contract total    {money(m.contract_total)}{years}"))
    if m.totals_complete:
        out.append(_plain("Totals complete: yes"))
    else:
        unknown = ", ".join(label(t) for t in m.unknown_terms)
        out.append(_plain(f"Totals complete: no; unknown, left out: {unknown}"))
    if r.breakeven_wrvus is not None:
        out.append(_plain(f"Break-even: {format_number(r.breakeven_wrvus)} wRVUs"))
    out += [_plain(""), _plain("How the totals add up", "bold")]
    out += [_bullet(line) for line in m.lines] or [_plain("Nothing known to add up yet.")]
    if m.assumptions:
        out += [_plain("Assumptions", "bold")] + [_bullet(a) for a in m.assumptions]
    if m.benefits:
        out += [_plain("Benefits (not added to the totals)", "bold")]
        out += [_bullet(b) for b in m.benefits]
    out.append(_plain(""))
    if r.benchmark is not None:
        b = r.benchmark
        out.append(
            _plain(f"Benchmark: {format_money(b.value)}, the {b.label} ({b.source}, {b.year_text})")
        )
    else:
        out.append(_plain("Benchmark: none for this specialty (add your own figure in [market])"))
    if r.median_wrvus is not None:
        med = r.median_wrvus
        out.append(
            _plain(f"Median wRVUs: {format_number(med.value)} ({med.source}, {med.year_text})")
        )
    out.append(_plain(""))
    if r.red_flags:
        out.append(_plain(f"Red flags ({len(r.red_flags)})", "bold"))
        for f in r.red_flags:
            spans = ((f.severity.upper(), "bold reverse"), (f" {f.message}  ({f.id})", ""))
            out.append(ReportLine(spans, "⚠"))
            out.append(_bullet(f.why, "Why:", 2))
            out.append(_bullet(f.source, "Source:", 2, "italic"))
    else:
        out.append(_plain("Red flags: none raised by what the offer states", "bold"))
    out.append(_plain(""))
    if r.leverage is not None:
        lev = r.leverage
        out.append(_plain(f"Leverage: {lev.score}/100, {lev.label}", "bold"))
        out.append(_plain("50 to start, plus each factor (formula in docs/offers.md):"))
        for factor in lev.factors:
            out.append(_bullet(f"{factor.name}: {factor.detail}", f"{factor.points:+4d}", 1))
        out.append(_plain(""))
    if r.comparison_lines:
        out.append(_plain("What your other offers do better (true, from their terms)", "bold"))
        out += [_bullet(c) for c in r.comparison_lines]
        out.append(_plain(""))
    if r.questions:
        out.append(_plain(f"Questions to ask ({len(r.questions)})", "bold"))
        out += [_bullet(q) for q in r.questions]
    else:
        out.append(_plain("Questions to ask: none; every term is stated", "bold"))
    if r.counter_asks:
        n = len(r.counter_asks)
        out += [
            _plain(""),
            _plain(f"{counted(n, 'counter-ask')} apply: see Counter-asks.", "bold"),
        ]
    return tuple(out)


def build_review(offers: SessionOffers) -> Review:
    """The Review screen's content for a session's evaluated offers."""
    from coach.offers.evaluate import NOTICE

    if offers.problems:
        return Review(notice=NOTICE, problems=tuple(offers.problems))
    results = offers.results
    tabs = tuple(
        OfferTab(
            r.offer.origin.index,
            r.employer,
            len(r.red_flags),
            series_of(r),
            offer_report(r, offers.view.term_label),
        )
        for r in results
    )
    rows = tuple(
        CompareRow(row.section, row.label, tuple(row.cells), tuple(sorted(row.best)))
        for row in (offers.rows() if len(results) > 1 else [])
    )
    return Review(NOTICE, (), tuple(offers.warnings), tabs, rows)
