"""Anchors, not averages: the figure an ask names is derived from a published figure by one rule.

An average (AMN's $38,315 signing bonus) describes what employers paid across many searches; asking
for it to the dollar names the middle of the market as the ceiling of the ask. Every ask that is
derived from a published figure names instead :func:`anchor_above` of it: the next round figure
strictly above it (:data:`ANCHOR_RULE`), and quotes the figure itself only rounded
(:func:`about`: "about $38,000"), with its source and year. The reasoning is shown with the ask
(:func:`anchor_reason`).
"""

from __future__ import annotations

import math

from coach.offers.money import format_money

# (at least this much, the step of the round figure above it), largest first
STEPS: tuple[tuple[float, int], ...] = (
    (100_000, 10_000),
    (20_000, 5_000),
    (5_000, 1_000),
    (0, 500),
)
ANCHOR_RULE = (
    "the next round figure above the published one: the next $10,000 above figures of $100,000 "
    "or more, the next $5,000 above $20,000 to $100,000, the next $1,000 above $5,000 to $20,000, "
    "the next $500 below that"
)


def anchor_step(value: float) -> int:
    """The step of the round figure above ``value`` ($5,000 for $38,315)."""
    return next(step for floor, step in STEPS if value >= floor)


def anchor_above(value: float) -> int:
    """The next round figure strictly above ``value``: $38,315 → $40,000, $290,000 → $300,000."""
    step = anchor_step(value)
    return (math.floor(value / step) + 1) * step


def about(value: float) -> str:
    """A published figure quoted rounded: "about $38,000" (to $100 below $10,000)."""
    unit = 1_000 if value >= 10_000 else 100
    return "about " + format_money(round(value / unit) * unit)


def anchor_reason(value: float, what: str) -> str:
    """Why an ask names its anchor: "the next round $5,000 above the average … of $38,315: …"."""
    return (
        f"the next round {format_money(anchor_step(value))} above {what} of {format_money(value)}: "
        "an average is what the market paid across many searches, not an anchor, so the ask names "
        "a round figure above it"
    )
