"""A year-by-year bar chart of each offer's total, drawn with Unicode blocks in plain text.

Every bar carries its offer's name and its amount in words and digits, so the chart reads the
same without colour (and in a screenshot or a copy-paste). The figures are the evaluation's
(:attr:`coach.offers.arithmetic.OfferMath.year_totals`); this module only scales them to bars.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment

from coach.offers.money import format_money
from coach.tui.safe_display import display_text

__all__ = ["Series", "YearChart", "bar", "chart_lines"]

BLOCKS = " ▏▎▍▌▋▊▉█"  # eighths of a cell, so close totals still differ visibly
MIN_BAR = 10


class Series(NamedTuple):
    """One offer in the chart."""

    name: str  # the employer
    years: tuple[float, ...]  # total pay in contract year 1, 2, …; empty when unknown
    first_year: float | None  # shown alone when the contract length is unknown
    note: str = ""  # e.g. "incomplete: 2 terms unknown, left out"


def bar(value: float, top: float, width: int) -> str:
    """``value`` as a bar of at most ``width`` cells, in eighths; empty for 0 or less."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(value / top * width * 8)
    full, part = divmod(min(eighths, width * 8), 8)
    return "█" * full + (BLOCKS[part] if part else "")


def chart_lines(series: list[Series], width: int) -> list[str]:
    """The chart as lines of at most ``width`` characters (wider names are shortened)."""
    if not series:
        return ["No offers to chart yet."]
    rows: list[tuple[str, str, float | None]] = []  # (year label, offer name, amount)
    longest = max(len(s.years) for s in series)
    for k in range(longest):
        for s in series:
            if k < len(s.years):
                rows.append((f"Year {k + 1}", display_text(s.name), s.years[k]))
    for s in series:
        if not s.years:  # contract length unknown: the first year is all there is to draw
            rows.append(("Year 1", display_text(s.name), s.first_year))
    amounts = [a for _, _, a in rows if a is not None]
    top = max(amounts, default=0)
    money_width = max((len(format_money(a)) for a in amounts), default=7)
    name_width = min(max(len(n) for _, n, _ in rows), max(8, width // 3))
    year_width = max(len(y) for y, _, _ in rows)
    bar_width = max(MIN_BAR, width - year_width - name_width - money_width - 4)
    lines: list[str] = []
    previous = None
    for year, name, amount in rows:
        shown_year = year if year != previous else ""
        previous = year
        label = name if len(name) <= name_width else name[: name_width - 1] + "…"
        if amount is None:
            body = "no total: the base salary and other pay are unknown"
            lines.append(f"{shown_year:<{year_width}} {label:<{name_width}} {body}"[:width])
            continue
        drawn = bar(amount, top, bar_width)
        lines.append(
            f"{shown_year:<{year_width}} {label:<{name_width}} "
            f"{drawn:<{bar_width}} {format_money(amount):>{money_width}}"
        )
    notes = [
        f"{display_text(s.name)}: "
        + "; ".join(
            n
            for n in (
                "contract length unknown, first year only" if not s.years and s.first_year else "",
                s.note,
            )
            if n
        )
        for s in series
        if s.note or (not s.years and s.first_year)
    ]
    if notes:
        lines.append("")
        for note in notes:  # wrapped, not cut: a long employer name must not hide the note
            lines += textwrap.wrap(note, width, subsequent_indent="  ") or [""]
    return lines


class YearChart:
    """The chart as a Rich renderable, drawn at the width it is given (so a resize redraws it).

    Not a widget: it is drawn inside the page of a Review tab (one widget per page keeps the
    first frame of ``coach --sample`` fast). Lines wider than a very narrow terminal are cut,
    not wrapped, so every bar stays on one line: the Segments are not wrapped by Rich.
    """

    def __init__(self, series: list[Series]) -> None:
        self.series = series

    def lines(self, width: int) -> list[str]:
        return chart_lines(self.series, max(40, width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Segment(line)  # cropped to the width by whoever lays it out (RichBlock)
            yield Segment.line()
