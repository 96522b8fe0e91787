"""Engine findings from writing the built-in pack, kept as regression tests.

The zero-word gap was reported here as a strict xfail and has since been fixed in the engine
(PhraseIndex.find now skips 0 to GAP_WORDS words); the tests pin the documented behaviour.
"""

from __future__ import annotations

from coach.rules.phrase_rules import PhraseChecker, PhraseRule
from coach.rules.phrase_syntax import compile_phrase


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


def test_gap_matches_zero_words() -> None:
    # The built-in rules asks-in-writing ("{put|get|have} ... in writing") and long-term-intent
    # ("sustainable ... long term", "plan to stay ... for years") rely on the zero-word case for
    # natural sentences such as this one.
    flags = _checker("put ... in writing").check("Could you put in writing that call is 1:5?")
    assert [f.match for f in flags] == ["put in writing"]


def test_gap_matches_one_to_four_words_and_no_more() -> None:
    checker = _checker("how ... call")
    assert [f.match for f in checker.check("how is the call split")] == ["how is the call"]
    assert [f.match for f in checker.check("how a b c d call")] == ["how a b c d call"]
    assert checker.check("how a b c d e call") == []
