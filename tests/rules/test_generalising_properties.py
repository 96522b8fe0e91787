"""Properties of the generalising engine, on the built-in pack and generated text.

- Inserting fillers between the words of any example never loses the match (every example is
  tried, each with insertions seeded by its own text, so adding examples to a pack changes
  no other example's case).
- A flag's span is always exactly what was typed: it starts and ends on a typed word's edge and
  its text is the answer's text there, whatever spellings and fillers it holds.
- The built index, written as plain data (the check snapshot) and read back, answers exactly as
  the index it was written from.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.pack_kinds import PACK_KINDS
from coach.rules.checker import PhraseChecker
from coach.rules.library import load_given, phrase_checker
from coach.rules.matcher import PhraseIndex
from coach.rules.phrase_rules import PhraseRule
from coach.rules.text import amount_runs, tokenize

LIB = load_given([], kinds=["phrases"], on_builtin=True, pack_kinds=PACK_KINDS)
RULES = [r for r in LIB.items("phrases") if isinstance(r, PhraseRule)]
EXAMPLES = [(r, ex) for r in RULES for ex in r.examples]
FILLERS = sorted(" ".join(v) for v in LIB.lexicon.fillers)
SPELLINGS = sorted(LIB.lexicon.spellings)
ALONE = {r.id: PhraseChecker([r]) for r in RULES}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def gaps(text: str) -> list[int]:
    """Positions of the spaces between two typed words, outside any figure ("two fifty")."""
    toks = tokenize(text)
    inside = [(toks.starts[a], toks.ends[b]) for a, b in amount_runs(toks).items() if b > a]
    return [
        i
        for i, ch in enumerate(text)
        if ch == " " and 0 < i < len(text) - 1 and not any(s < i < e for s, e in inside)
    ]


def test_the_pack_has_examples_and_fillers_to_work_with():
    assert len(EXAMPLES) > 150 and len(FILLERS) > 30 and "you know" in FILLERS


def with_fillers(rule_id: str, example: str, variant: int) -> str:
    """``example`` with fillers inserted between some of its words, chosen by a generator seeded
    with the rule, the example and ``variant`` alone (a str seed is hashed with SHA-512, so it is
    the same on every run and machine): the text each example is tried with never depends on
    the other examples of the pack, their order or their number."""
    rng = random.Random(f"{rule_id}\n{example}\n{variant}")
    where = gaps(example)
    chosen = rng.sample(where, rng.randint(1, min(3, len(where))))
    text = example
    for at in sorted(chosen, reverse=True):
        filler = rng.choice(FILLERS)
        fenced = rng.random() < 0.5
        insert = f", {filler}, " if fenced and text[at - 1].isalnum() else f" {filler} "
        text = text[:at] + insert + text[at + 1 :]
    return text


def test_fillers_are_inserted_the_same_way_whatever_else_the_pack_holds():
    first = with_fillers("open-to-anything", "I'm pretty open to anything at this point.", 0)
    again = with_fillers("open-to-anything", "I'm pretty open to anything at this point.", 0)
    assert first == again != "I'm pretty open to anything at this point."
    assert any(f in first for f in FILLERS)


def test_inserting_fillers_between_the_words_of_an_example_never_loses_the_match():
    # Every example of every rule, each in two filler-laden versions of its own: a new example
    # adds its own cases and leaves every other example's cases as they were.
    lost = []
    for rule, example in EXAMPLES:
        if not gaps(example):
            continue
        for variant in range(2):
            text = with_fillers(rule.id, example, variant)
            if not any(f.rule == rule.id for f in ALONE[rule.id].check(text)):
                lost.append(f"{rule.id} lost its match on {text!r} (example {example!r})")
    assert lost == []


WORDS = sorted(
    {w for _, ex in EXAMPLES for w in ex.split()}
    | set(FILLERS)
    | set(SPELLINGS)
    | {",", ".", "?", "-", '"', "'", "two fifty", "$250k", "mid-200s", "—"}
)


@SETTINGS
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.sampled_from([" ", "  ", "\n"])
)
def test_a_flag_is_always_exactly_what_was_typed(words, sep):
    text = sep.join(words)
    toks = tokenize(text)
    starts, ends = set(toks.starts), set(toks.ends)
    for flag in phrase_checker(LIB).check(text):
        assert flag.match == text[flag.start : flag.end]
        assert flag.start in starts and flag.end in ends, (flag, text)
        assert flag.match.strip() == flag.match


INDEX_DATA = json.loads(json.dumps(phrase_checker(LIB).index.to_data()))


@pytest.fixture(scope="module")
def from_data() -> PhraseChecker:
    checker = phrase_checker(LIB)
    return PhraseChecker.from_index(checker.rules, PhraseIndex.from_data(INDEX_DATA, LIB.lexicon))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_index_read_back_from_plain_data_answers_the_same(from_data, words):
    text = " ".join(words)
    assert from_data.check(text) == phrase_checker(LIB).check(text)
