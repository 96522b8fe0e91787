"""Plain-text blocks of the Review screen, made from an evaluation (no Textual, no logic).

Every figure comes from coach.offers' evaluation with the source and year it carries; the tier
of leverage and the article's demand scores are shown the way the evaluation words them.
"""

from __future__ import annotations

from coach.offers.counter_asks import PIVOTS
from coach.offers.evaluate import OfferResult
from coach.offers.money import format_money, format_number


def _money(x: float | None) -> str:
    return format_money(x) if x is not None else "unknown"


def totals(r: OfferResult) -> str:
    m = r.math
    lines = [
        f"First-year total: {_money(m.first_year_total)}",
        f"Contract total: {_money(m.contract_total)}"
        + (f" over {m.contract_years} years" if m.contract_years else ""),
    ]
    if m.totals_complete:
        lines.append("Totals complete: yes")
    else:
        lines.append(f"Totals complete: no; unknown: {', '.join(m.unknown_terms)}")
    if r.breakeven_wrvus is not None:
        lines.append(f"Break-even: {format_number(r.breakeven_wrvus)} wRVUs")
    lines.append("")
    lines.append("How these were worked out:")
    lines += [f"  • {line}" for line in m.lines] or ["  (nothing known to add up yet)"]
    if m.assumptions:
        lines.append("Assumptions:")
        lines += [f"  • {a}" for a in m.assumptions]
    if m.benefits:
        lines.append("Benefits (not added to totals):")
        lines += [f"  • {b}" for b in m.benefits]
    if r.benchmark is not None:
        b = r.benchmark
        lines.append(
            f"Benchmark: {format_money(b.value)}, the {b.label} ({b.source}, {b.year_text})"
        )
    else:
        lines.append("Benchmark: none for this specialty (add your own figure under [market])")
    if r.median_wrvus is not None:
        med = r.median_wrvus
        lines.append(f"Median wRVUs: {format_number(med.value)} ({med.source}, {med.year_text})")
    return "\n".join(lines)


def red_flags(r: OfferResult) -> str:
    if not r.red_flags:
        return "None raised by what the offer states (unknown terms raise none: see the questions)."
    out = []
    for f in r.red_flags:
        out.append(f"⚑ [{f.severity}] {f.message}")
        out.append(f"    Why: {f.why}")
        out.append(f"    Source: {f.source}")
    return "\n".join(out)


def leverage(r: OfferResult) -> str:
    lev = r.leverage
    if lev is None:
        return "Not worked out for this offer."
    out = [f"{lev.score}/100: {lev.label} (formula and weights in docs/offers.md)"]
    for f in lev.factors:
        out.append(f"  {f.points:+4d}  {f.name}: {f.detail}")
    return "\n".join(out)


def questions(r: OfferResult) -> str:
    items = list(r.questions) + [h.question for h in r.held_back]
    if not items:
        return "None: every term a careful reviewer asks about is stated."
    return "\n".join(f"• {q}" for q in items)


def comparison(r: OfferResult) -> str:
    return "\n".join(f"• {c}" for c in r.comparison_lines)


def ask_lines(script: str, pivots: tuple[str, ...], note: str | None, source: str) -> list[str]:
    out = [f"“{script}”"]
    if pivots:
        out.append(
            "If this is firm, ask instead for: " + "; ".join(PIVOTS.get(p, p) for p in pivots)
        )
    if note:
        out.append(f"Note: {note}")
    out.append(f"Source: {source}")
    return out
