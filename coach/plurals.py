"""Counted nouns in the number they need ("1 attempt", "2 attempts"), for the CLI, the plan and
the app."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the number it needs: "1 attempt", "2 attempts", "0 hedges"."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {plural or noun + 's'}"
