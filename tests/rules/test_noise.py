"""Noise budget: neutral and strong answers raise ZERO desperation flags with the built-in pack.

tests/data/noise_answers.toml holds realistic rehearsal answers (call, admin time, onboarding,
benchmarks, options). A rule that fires on one of them is too broad: fix the rule, not the data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.pack_kinds import PACK_KINDS
from coach.rules.library import load_given, phrase_checker
from coach.rules.phrase_rules import PhraseChecker
from coach.rules.text import tokenize

NOISE = Path(__file__).resolve().parents[1] / "data" / "noise_answers.toml"
ANSWERS: list[dict[str, str]] = tomllib.loads(NOISE.read_text("utf-8"))["answer"]


@pytest.fixture(scope="module")
def checker() -> PhraseChecker:
    lib = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
    assert lib.problems == []
    return phrase_checker(lib)


def test_noise_set_is_big_varied_and_well_formed() -> None:
    assert len(ANSWERS) >= 40
    ids = [a["id"] for a in ANSWERS]
    assert len(ids) == len(set(ids))
    kinds = {a["kind"] for a in ANSWERS}
    assert kinds == {"neutral", "strong"}
    for a in ANSWERS:
        assert set(a) == {"id", "kind", "question", "text"}, a["id"]
        sentences = len(set(tokenize(a["text"]).sentence))
        assert 2 <= sentences <= 6, (a["id"], sentences)


def test_no_desperation_flag_on_any_noise_answer(checker: PhraseChecker) -> None:
    fired = [
        f'{a["id"]}: {f.rule} matched "{f.match}"'
        for a in ANSWERS
        for f in checker.check(a["text"])
        if f.signal == "desperation"
    ]
    assert not fired, "desperation flags in the noise budget:\n" + "\n".join(fired)


def test_strong_answers_are_recognised(checker: PhraseChecker) -> None:
    silent = [
        a["id"]
        for a in ANSWERS
        if a["kind"] == "strong"
        and not any(f.signal == "strength" for f in checker.check(a["text"]))
    ]
    assert not silent, f"strong answers with no strength flag: {silent}"


def test_the_budget_would_catch_a_desperate_sentence(checker: PhraseChecker) -> None:
    # Guards against a vacuous pass (e.g. an empty pack): one seed sentence added to a neutral
    # answer must show up, named by answer and rule, exactly as a real failure would.
    answer = next(a for a in ANSWERS if a["id"] == "onboarding-question")
    text = answer["text"] + " Compensation isn’t really my main concern, I just want a good fit."
    fired = {f.rule for f in checker.check(text) if f.signal == "desperation"}
    assert fired == {"comp-not-a-concern", "just-want-a-good-fit"}
