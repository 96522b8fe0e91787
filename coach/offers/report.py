"""Plain-text output of ``coach offer evaluate`` and ``coach offer compare`` (no Rich, no markup).

It lays out a :class:`~coach.offers.review.Review` (every word and figure comes from there, in
its order); only the indentation and wrapping are chosen here. Text from offer files and packs
is printed as it is: no markup is interpreted anywhere, and the parsers reject control
characters, so nothing read from a file can restyle the terminal.
"""

from __future__ import annotations

import textwrap

from coach.offers.review import (
    ASKS_LEAD,
    BEST_LEGEND,
    LEVERAGE_LEAD,
    PIVOTS_LEAD,
    Fact,
    OfferReview,
    Review,
    pivots_text,
    whom_names,
)

WIDTH = 100
MAX_CELL, MIN_CELL = 40, 16
LABEL = 19  # "First-year total" and three spaces: the column where a fact's value starts


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def _facts(facts: tuple[Fact, ...]) -> list[str]:
    return [_wrap(f.text, " " * LABEL, f.label.ljust(LABEL)) for f in facts]


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [_wrap(item, "    ", "  - ") for item in items]


def _section(o: OfferReview, section: str) -> list[str]:
    title = o.title(section)
    if section == "totals":
        return _facts(o.totals)
    if section == "market":
        return _facts(o.market)
    if not o.items(section):
        return [title]
    out = [title]
    if section in ("arithmetic", "assumptions", "benefits", "comparison", "questions"):
        out += _bullets(o.items(section))
    elif section == "red_flags":
        for f in o.red_flags:
            out.append(_wrap(f.message, "    ", f"  [{f.severity}] {f.id}: "))
            out.append(_wrap(f.why, "      ", "      Why: "))
            out.append(_wrap(f.source, "      ", "      Source: "))
    elif section == "leverage" and o.leverage is not None:
        out.append(f"  {LEVERAGE_LEAD}")
        for factor in o.leverage.factors:
            out.append(
                _wrap(factor.detail, "        ", f"  {factor.points:+4d}  {factor.name}: ")
            )
        if o.leverage_note:
            out.append(_wrap(o.leverage_note))
    elif section == "counter_asks":
        out.append(_wrap(ASKS_LEAD))
        for i, a in enumerate(o.counter_asks, 1):
            out.append(f"  {i}. {a.title}")
            out.append(_wrap("; ".join(whom_names(a.ask_whom)), "       ", "       Ask: "))
            out.append(_wrap(a.script, "       ", '       "') + '"')
            if a.pivots:
                out.append(_wrap(pivots_text(a.pivots), "       ", f"       {PIVOTS_LEAD}"))
            if a.note:
                out.append(_wrap(a.note, "       ", "       Note: "))
            out.append(_wrap(a.source, "       ", "       Source: "))
    return out


def offer_text(o: OfferReview) -> list[str]:
    out = [f"== {o.heading} =="]
    for block in o.blocks():
        for section in block:
            out += _section(o, section)
        out.append("")
    return out


def evaluation_text(review: Review) -> str:
    lines = [review.notice, ""]
    for o in review.offers:
        lines += offer_text(o)
    return "\n".join(lines).rstrip() + "\n"


def compare_text(review: Review) -> str:
    """One column per offer; long cells wrap within their column, nothing is cut off."""
    side = review.side_by_side
    names, rows = list(side.offers), side.rows
    label_width = max((len(r.label) for r in rows), default=0) + 4
    marked = [
        [c + (" *" if i in row.best else "") for i, c in enumerate(row.cells)] for row in rows
    ]
    width = max(MIN_CELL, min(MAX_CELL, (WIDTH - label_width) // max(1, len(names)) - 2))
    widths = [
        min(width, max([len(names[i])] + [len(c[i]) for c in marked])) + 2
        for i in range(len(names))
    ]

    def block(label: str, cells: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(c, w - 2, break_on_hyphens=False) or [""]
            for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped)
        lines = []
        for k in range(height):
            head = (label if k == 0 else "").ljust(label_width)
            body = "".join(
                (w[k] if k < len(w) else "").ljust(wd)
                for w, wd in zip(wrapped, widths, strict=True)
            )
            lines.append((head + body).rstrip())
        return lines

    out = [review.notice, ""]
    out += block("", names)
    cells_of = {id(row): cells for row, cells in zip(rows, marked, strict=True)}
    for title, section_rows in side.sections():
        out.append(title)
        for row in section_rows:
            out += block(f"  {row.label}", cells_of[id(row)])
    out.append("")
    out.append(f"* {BEST_LEGEND}")
    return "\n".join(out) + "\n"
