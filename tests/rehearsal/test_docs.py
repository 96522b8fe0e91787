"""docs/rehearsal.md stays true: its worked examples are what the code computes, and its tables
name the weights and placeholders the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.rehearsal.context import PLACEHOLDERS
from coach.rehearsal.questions import find_question
from coach.rehearsal.report import contribution_lines
from coach.rehearsal.scoring import (
    BASE,
    DESPERATION_POINTS,
    HEDGE_MAX,
    HEDGE_POINTS,
    SPECIFIC_MAX,
    SPECIFIC_POINTS,
    STRENGTH_CAP,
    STRENGTH_POINTS,
    TIERS,
    TRAITS_MET_TOTAL,
    TRAITS_MISSING_TOTAL,
    score_answer,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rehearsal.md").read_text("utf-8")
EXAMPLES = re.findall(r"#### Example \d+: `([a-z0-9-]+)`\n\n> (.+?)\n\n((?:    .*\n)+)", DOC)


def test_there_are_three_worked_examples() -> None:
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize(("qid", "answer", "block"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_worked_example_matches_the_code(builtin_lib, qid, answer, block) -> None:
    score = score_answer(find_question(builtin_lib, qid), answer, library=builtin_lib)
    assert [line[4:] for line in block.rstrip("\n").split("\n")] == contribution_lines(score)


def test_weights_table_matches_the_code() -> None:
    d, s = DESPERATION_POINTS, STRENGTH_POINTS
    assert f"| starting point | +{BASE} |" in DOC
    assert f"high {d['high']}, medium {d['medium']}, low {d['low']}" in DOC
    assert f"high +{s['high']}, medium +{s['medium']}, low +{s['low']}" in DOC
    assert f"at most +{STRENGTH_CAP} in all" in DOC
    assert (
        f"+{TRAITS_MET_TOTAL} shared among" in DOC and f"{TRAITS_MISSING_TOTAL} shared among" in DOC
    )
    assert f"| +{SPECIFIC_POINTS} | each distinct one, at most {SPECIFIC_MAX} |" in DOC
    assert f"| {HEDGE_POINTS} | each, at most {HEDGE_MAX} |" in DOC
    bounds = dict(TIERS)
    assert f"| `known-quantity` | {bounds['known-quantity']}–100 |" in DOC
    assert f"| `safe-bet` | {bounds['safe-bet']}–{bounds['known-quantity'] - 1} |" in DOC
    assert f"| `desperate-filler` | 0–{bounds['safe-bet'] - 1} |" in DOC


def test_every_placeholder_is_documented() -> None:
    for name in PLACEHOLDERS:
        assert f"`{name}`" in DOC, name
