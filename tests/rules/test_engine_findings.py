"""Engine bugs found while writing the built-in pack, kept as strict xfails for the integrator.

Each test states the documented behaviour; it fails today. When the engine is fixed, the xfail
turns into an unexpected pass (strict), which is the signal to delete the marker.
"""

from __future__ import annotations

import pytest

from coach.rules.phrase import compile_phrase
from coach.rules.phrases import PhraseChecker, PhraseRule


def _checker(phrase: str) -> PhraseChecker:
    rule = PhraseRule(
        id="gap",
        signal="strength",
        severity="low",
        phrases=(phrase,),
        message="m",
        why="w",
        examples=(),
        compiled=(compile_phrase(phrase),),
    )
    return PhraseChecker([rule])


@pytest.mark.xfail(
    strict=True,
    reason="PhraseIndex.find starts the gap loop at nxt + 1, so '...' skips 1 to 4 words, never 0; "
    "coach/rules/phrase.py documents 'a gap of 0 to 4 words'",
)
def test_gap_matches_zero_words() -> None:
    # The built-in rules asks-in-writing ("{put|get|have} ... in writing"), long-term-intent
    # ("sustainable ... long term", "plan to stay ... for years") rely on the zero-word case for
    # natural sentences such as this one, which they miss today.
    flags = _checker("put ... in writing").check("Could you put in writing that call is 1:5?")
    assert [f.match for f in flags] == ["put in writing"]


def test_gap_matches_one_to_four_words() -> None:
    # The part of the gap that works today, so the xfail above isolates only the zero case.
    checker = _checker("how ... call")
    assert [f.match for f in checker.check("how is the call split")] == ["how is the call"]
    assert [f.match for f in checker.check("how a b c d call")] == ["how a b c d call"]
    assert checker.check("how a b c d e call") == []
