"""Properties of the generalising engine, on the built-in pack and generated text.

- Inserting fillers between the words of any example never loses the match.
- A flag's span is always exactly what was typed: it starts and ends on a typed word's edge and
  its text is the answer's text there, whatever spellings and fillers it holds.
- The built index, written as plain data (the check snapshot) and read back, answers exactly as
  the index it was written from.
"""

from __future__ import annotations

import json

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


@SETTINGS
@given(st.data())
def test_inserting_fillers_between_the_words_of_an_example_never_loses_the_match(data):
    rule, example = data.draw(st.sampled_from(EXAMPLES), label="example")
    where = gaps(example)
    if not where:
        return
    chosen = data.draw(st.sets(st.sampled_from(where), min_size=1), label="gaps")
    text = example
    for at in sorted(chosen, reverse=True):
        filler = data.draw(st.sampled_from(FILLERS), label="filler")
        fenced = data.draw(st.booleans(), label="commas")
        insert = f", {filler}, " if fenced and text[at - 1].isalnum() else f" {filler} "
        text = text[:at] + insert + text[at + 1 :]
    fired = [f for f in ALONE[rule.id].check(text) if f.rule == rule.id]
    assert fired, f"{rule.id} lost its match on {text!r} (example {example!r})"


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
