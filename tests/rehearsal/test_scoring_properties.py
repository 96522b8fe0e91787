"""The scoring properties of issue #4, checked with hypothesis on the built-in library and on the
small fixed one: deterministic, within 0-100, a desperation sentence never helps, a cited
benchmark never hurts a compensation answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.rehearsal.questions import questions
from coach.rehearsal.scoring import score_answer
from coach.rules.library import phrase_checker
from coach.rules.phrase_syntax import GAP
from coach.rules.text import tokenize

from .conftest import mini_library

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VOCAB = [
    "I",
    "just",
    "need",
    "a",
    "job",
    "I'm",
    "flexible",
    "on",
    "salary",
    "maybe",
    "250",
    "AMN",
    "data",
    "reviewed",
    "I've",
    "call",
    "how",
    "is",
    "structured",
    "decide",
    "by",
    "March",
    "1",
    "in",
    "writing",
    "open",
    "to",
    "anything",
    "not",
    "kind",
    "of",
    "$290,000",
    "Dr.",
    "Lee",
    ".",
    ",",
    "\n\n",
    '"',
    "-",
    "the",
    "full",
    "structure",
    "wRVUs",
    "4,936",
    "1:4",
    "honestly",
]
answers = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCAB), max_size=60).map(" ".join),
)


def libraries():
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.kinds import BUILTIN
    from coach.rules.layering import load_files
    from coach.rules.pack_files import builtin_pack_paths

    builtin = load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["phrases", "questions"],
        test_layers=(),
        pack_kinds=PACK_KINDS,
    )
    return {"built-in": builtin, "mini": mini_library()}


LIBS = libraries()
SENTENCES: dict[str, list[str]] = {}  # computed once per library, not once per example


def desperation_sentences(lib) -> list[str]:
    """Each desperation phrase variant written out, kept when flags cover every word of it."""
    checker = phrase_checker(lib)
    out = []
    for rule in lib.items("phrases"):
        if getattr(rule, "signal", None) != "desperation":  # word classes have no signal
            continue
        for phrase in rule.compiled:
            for variant in phrase.variants:
                if GAP in variant:
                    continue
                sentence = " ".join(variant) + "."
                toks = tokenize(sentence)
                spans = [
                    (f.start, f.end) for f in checker.check(sentence) if f.signal == "desperation"
                ]
                if spans and all(
                    any(s <= a and b <= e for s, e in spans)
                    for a, b in zip(toks.starts, toks.ends, strict=True)
                ):
                    out.append(sentence)
    return sorted(set(out))


@pytest.mark.parametrize("name", LIBS)
def test_every_library_has_desperation_sentences_to_append(name) -> None:
    assert desperation_sentences(LIBS[name])


@pytest.mark.parametrize("name", LIBS)
@SETTINGS
@given(data=st.data(), text=answers)
def test_same_answer_same_score_and_within_bounds(name, data, text) -> None:
    lib = LIBS[name]
    q = data.draw(st.sampled_from(questions(lib)))
    first = score_answer(q, text, library=lib)
    again = score_answer(q, text, library=lib)
    assert first.to_json() == again.to_json()
    assert 0 <= first.score <= 100
    assert sum(c.points for c in first.contributions) == first.score


@pytest.mark.parametrize("name", LIBS)
@SETTINGS
@given(data=st.data(), text=answers)
def test_appending_a_desperation_phrase_never_raises_the_score(name, data, text) -> None:
    lib = LIBS[name]
    q = data.draw(st.sampled_from(questions(lib)))
    if name not in SENTENCES:
        SENTENCES[name] = desperation_sentences(lib)
    sentence = data.draw(st.sampled_from(SENTENCES[name]))
    before = score_answer(q, text, library=lib).score
    after = score_answer(q, text + "\n\n" + sentence, library=lib).score
    assert after <= before


benchmark_sentences = st.builds(
    "{} {} data puts {} starting salaries at ${:,}.".format,
    st.sampled_from(["AMN's", "AMGA's", "MGMA's", "The AMN", "The AMGA new-resident"]),
    st.integers(2016, 2025),
    st.sampled_from(["internal medicine", "family medicine", "psychiatry", "hospitalist"]),
    st.integers(150_000, 700_000),
)


@pytest.mark.parametrize("name", LIBS)
@SETTINGS
@given(data=st.data(), text=answers, sentence=benchmark_sentences)
def test_citing_a_benchmark_never_lowers_a_compensation_answer(name, data, text, sentence) -> None:
    lib = LIBS[name]
    pay = [q for q in questions(lib) if q.topic == "compensation"]
    assert pay
    q = data.draw(st.sampled_from(pay))
    before = score_answer(q, text, library=lib).score
    after = score_answer(q, text + "\n\n" + sentence, library=lib).score
    assert after >= before
