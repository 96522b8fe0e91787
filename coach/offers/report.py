"""Plain-text output of ``coach offer evaluate`` and ``coach offer compare`` (no Rich, no markup).

Text from offer files and packs is printed as it is: no markup is interpreted anywhere, and the
parsers reject control characters, so nothing read from a file can restyle the terminal.
"""

from __future__ import annotations

import textwrap

from coach.offers.compare import Row
from coach.offers.counter_asks import PIVOTS
from coach.offers.evaluate import Evaluation, OfferResult
from coach.offers.money import format_money, format_number

WIDTH = 100
MAX_CELL, MIN_CELL = 40, 16


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def _money(x: float | None) -> str:
    return format_money(x) if x is not None else "unknown"


def _offer_text(r: OfferResult) -> list[str]:
    m = r.math
    out: list[str] = []
    where = [r.specialty_name.lower() if r.specialty_name else "specialty unknown"]
    if r.offer.region and isinstance(r.offer.region, str):
        where.append(f"{r.offer.region} market")
    out.append(f"== {r.employer} ({', '.join(where)}) ==")
    years = f" over {m.contract_years} years" if m.contract_years else ""
    out.append(f"First-year total   {_money(m.first_year_total)}")
    out.append(f"Contract total     {_money(m.contract_total)}{years}")
    if m.totals_complete:
        out.append("Totals complete    yes")
    else:
        out.append(_wrap(", ".join(m.unknown_terms), " " * 19, "Totals complete    no; unknown: "))
    if r.breakeven_wrvus is not None:
        out.append(f"Break-even         {format_number(r.breakeven_wrvus)} wRVUs")
    out.append("")
    out.append("How these were worked out")
    out += [_wrap(line, "    ", "  - ") for line in m.lines] or ["  (nothing known to add up)"]
    if m.assumptions:
        out.append("Assumptions")
        out += [_wrap(a, "    ", "  - ") for a in m.assumptions]
    if m.benefits:
        out.append("Benefits (not added to totals)")
        out += [_wrap(b, "    ", "  - ") for b in m.benefits]
    out.append("")
    if r.benchmark is not None:
        b = r.benchmark
        out.append(
            _wrap(
                f"Benchmark: {format_money(b.value)}, the {b.label} ({b.source}, {b.year_text})",
                "  ",
                "",
            )
        )
    else:
        out.append("Benchmark: none for this specialty (add your own figure under [market])")
    if r.median_wrvus is not None:
        med = r.median_wrvus
        out.append(
            _wrap(
                f"Median wRVUs: {format_number(med.value)} ({med.source}, {med.year_text})",
                "  ",
                "",
            )
        )
    out.append("")
    if r.red_flags:
        out.append("Red flags")
        for f in r.red_flags:
            out.append(_wrap(f.message, "    ", f"  [{f.severity}] {f.id}: "))
            out.append(_wrap(f.why, "      ", "      Why: "))
            out.append(_wrap(f.source, "      ", "      Source: "))
    else:
        out.append("Red flags: none raised by what the offer states")
    if r.questions:
        out.append("Questions to ask (terms the offer does not state)")
        out += [_wrap(q, "    ", "  - ") for q in r.questions]
    if r.leverage is not None:
        lev = r.leverage
        out.append(f"Leverage: {lev.score}/100, {lev.label} (formula in docs/offers.md)")
        for f in lev.factors:
            out.append(_wrap(f.detail, "        ", f"  {f.points:+4d}  {f.name}: "))
    if r.counter_asks:
        out.append("Counter-asks, in the order to raise them (put them on the table together)")
        for i, a in enumerate(r.counter_asks, 1):
            whom = ", ".join(w.replace("-", " ") for w in a.ask_whom)
            out.append(f"  {i}. {a.title}  (ask: {whom})")
            out.append(_wrap(a.script, "       ", '       "') + '"')
            if a.pivots:
                pivots = "; ".join(PIVOTS.get(p, p) for p in a.pivots)
                out.append(_wrap(pivots, "       ", "       If this is firm, ask instead for: "))
            if a.note:
                out.append(_wrap(a.note, "       ", "       Note: "))
            out.append(_wrap(a.source, "       ", "       Source: "))
    if r.comparison_lines:
        out.append("Comparison lines (true statements built from your other offers)")
        out += [_wrap(c, "    ", "  - ") for c in r.comparison_lines]
    return out


def evaluation_text(evaluation: Evaluation) -> str:
    lines = [evaluation.notice, ""]
    for r in evaluation.results:
        lines += _offer_text(r)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def compare_text(evaluation: Evaluation, rows: list[Row]) -> str:
    """One column per offer; long cells wrap within their column, nothing is cut off."""
    names = [r.employer for r in evaluation.results]
    label_width = max(len(r.label) for r in rows) + 4
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

    out = [evaluation.notice, ""]
    out += block("", names)
    section = None
    titles = {"totals": "Totals", "terms": "Terms", "red_flags": "Red flags"}
    for row, cells in zip(rows, marked, strict=True):
        if row.section != section:
            section = row.section
            out.append(titles.get(section, section))
        out += block(f"  {row.label}", cells)
    out.append("")
    out.append("* best value in the row (where offers state comparable values that differ)")
    return "\n".join(out) + "\n"
