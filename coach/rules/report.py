"""Plain-text rendering of flags for the terminal: readable with no colour, safe for any input."""

from __future__ import annotations

import textwrap

from coach.plurals import counted
from coach.rules.checker import Flag

OPEN = {"desperation": "⟦", "strength": "⟪"}
CLOSE = {"desperation": "⟧", "strength": "⟫"}


def mark_spans(text: str, flags: list[Flag]) -> str:
    """The answer with each flagged span wrapped and numbered: ⟦1 desperate⟧ ⟪2 strong⟫."""
    inserts: list[tuple[int, int, str]] = []
    for n, f in enumerate(flags, start=1):
        inserts.append((f.start, 1, f"{OPEN[f.signal]}{n} "))
        inserts.append((f.end, 0, CLOSE[f.signal]))
    out = []
    last = 0
    for pos, _, mark in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(text[last:pos])
        out.append(mark)
        last = pos
    out.append(text[last:])
    return "".join(out)


def render_check_text(text: str, flags: list[Flag]) -> str:
    if not flags:
        return "No desperate or strong phrases found.\n"
    lines = [mark_spans(text, flags).rstrip(), ""]
    wrap = textwrap.TextWrapper(width=88, initial_indent="   ", subsequent_indent="   ")
    for n, f in enumerate(flags, start=1):
        label = "may signal desperation" if f.signal == "desperation" else "signals strength"
        lines.append(f'{n}. {f.rule} ({label}, {f.severity}): "{f.match}"')
        lines.extend(wrap.wrap(f.message))
        lines.extend(wrap.wrap(f"Why: {' '.join(f.why.split())}"))
        for alt in f.rewrite:
            lines.extend(wrap.wrap(f"Try instead: {alt}"))
        lines.append("")
    d = sum(f.signal == "desperation" for f in flags)
    lines.append(f"{counted(d, 'desperation flag')}, {counted(len(flags) - d, 'strength flag')}.")
    return "\n".join(lines) + "\n"
