"""What fires and what does not: negation, unless, quotes, hyphens, sentences, overlaps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.rules.phrase_rules import PhraseChecker
from tests.rules.helpers import check, rule

OPEN = rule("open-to-anything", ["I'm [pretty|really] open to anything"])


def ids(flags) -> list[str]:
    return [f.rule for f in flags]


def test_paraphrase_case_and_curly_apostrophe_match_and_span_is_exact():
    text = "Honestly I’M PRETTY open to\nanything."
    [flag] = check(text, OPEN)
    assert text[flag.start : flag.end] == flag.match == "I’M PRETTY open to\nanything"


def test_expanded_contraction_matches_the_same_rule():
    assert ids(check("I am open to anything", OPEN)) == ["open-to-anything"]


def test_negator_before_the_match_cancels_it():
    assert check("I'm not open to anything below $350k", rule("o", ["open to anything"])) == []
    assert check("I'd never be open to anything less", rule("o", ["open to anything"])) == []


def test_negator_outside_the_window_or_clause_does_not_cancel():
    r = rule("o", ["open to anything"], negation_window=2)
    assert ids(check("Not that it matters much, I am open to anything", r)) == ["o"]
    assert ids(check("no idea where, honestly I am really open to anything", r)) == ["o"]


def test_a_negator_inside_a_hyphenated_word_negates_nothing():
    r = rule("o", ["I'm open to anything"])
    # "no-brainer" and "not-for-profit" are words of their own, not a "no" or "not" before the
    # match: the match begins one and three words after them, well inside the window of 3
    text = "It's a no-brainer I'm open to anything"
    assert [(f.start, f.end) for f in check(text, r)] == [(18, 38)]
    assert ids(check("I trained at a not-for-profit I'm open to anything", r)) == ["o"]
    assert ids(check("A no-show rate that high, I'm open to anything", r)) == ["o"]
    # a negator standing alone still cancels, as docs/rulebook.md says
    assert check("There's no way I'm open to anything", r) == []
    assert check("It's a no-brainer, not that I'm open to anything", r) == []


def test_the_negation_window_counts_a_contraction_as_the_words_it_stands_for():
    # before "open": I'm = "I am" (am 1, I 2), think 3, don't = "do not" (not 4)
    for text in ("I don't think I'm open to anything", "I do not think I am open to anything"):
        assert ids(check(text, rule("o", ["open to anything"], negation_window=3))) == ["o"]
        assert check(text, rule("o", ["open to anything"], negation_window=4)) == []


def test_a_phrase_written_with_a_negation_still_matches():
    offers = rule("n", ["I don't have any other offers"])
    assert ids(check("Honestly I don't have any other offers.", offers)) == ["n"]
    assert ids(check("To be clear, I do not have any other offers.", offers)) == ["n"]
    assert ids(check("I can't say no to this job.", rule("c", ["can't say no"]))) == ["c"]
    assert ids(check("I'm not picky at all.", rule("p", ["not picky"]))) == ["p"]
    # its own negator is no negator before it, however it is written
    assert ids(check("I cannot say no to this job.", rule("c", ["can't say no"]))) == ["c"]


def test_negation_window_zero_turns_it_off():
    assert ids(
        check("not open to anything", rule("o", ["open to anything"], negation_window=0))
    ) == ["o"]


def test_unless_covering_the_match_cancels_it():
    r = rule("just", ["I just want"], unless=["I just want to confirm"])
    assert check("I just want to confirm the call schedule.", r) == []
    assert ids(check("I just want a job.", r)) == ["just"]


def test_quoted_text_is_not_flagged_unless_check_quotes():
    text = 'My co-resident said "I\'ll do whatever you need" and regretted it.'
    r = rule("whatever", ["I'll do whatever you need"])
    assert check(text, r) == []
    assert ids(check(text, rule("whatever", ["I'll do whatever you need"], check_quotes=True))) == [
        "whatever"
    ]
    assert ids(check("He said \"I'll do whatever you need", r)) == ["whatever"]  # unbalanced


def test_match_never_starts_or_ends_inside_a_hyphenated_word():
    r = rule("just", ["just"])
    assert check("We use just-in-time scheduling.", r) == []
    assert check("a well-just idea", r) == []
    assert ids(check("full-time is fine", rule("ft", ["full time"]))) == ["ft"]


def test_match_never_crosses_a_sentence_end_but_crosses_a_comma():
    r = rule("yb", ["yes but"])
    assert ids(check("Yes, but the call pay", r)) == ["yb"]
    assert check("I said yes. But then", r) == []
    assert check("I said yes\n\nbut then", r) == []


def test_gap_spans_up_to_four_words_within_a_sentence():
    r = rule("need", ["I just need ... job"])
    assert ids(check("I just need a good stable local job", r)) == ["need"]
    assert check("I just need a very good stable local paying job", r) == []
    assert check("I just need it. A job", r) == []


def test_longer_match_wins_within_a_signal_and_ties_go_to_severity():
    short = rule("short", ["open to anything"], severity="high")
    long = rule("long", ["pretty open to anything"], severity="low")
    assert ids(check("I'm pretty open to anything", short, long)) == ["long"]
    a = rule("a", ["open to anything"], severity="low")
    b = rule("b", ["open to anything"], severity="high")
    assert ids(check("open to anything", a, b)) == ["b"]


def test_desperation_and_strength_may_overlap():
    weak = rule("weak", ["I don't know much about RVUs"])
    strong = rule("strong", ["about RVUs"], signal="strength", negation_window=0)
    assert sorted(ids(check("I don't know much about RVUs", weak, strong))) == ["strong", "weak"]


def test_disabled_rules_do_not_fire():
    assert check("open to anything", rule("o", enabled=False)) == []


def test_every_occurrence_is_reported():
    flags = check("open to anything; again, open to anything", rule("o"))
    assert [f.start for f in flags] == [0, 25]


OTHER_WORDS = st.sampled_from(["I'm", "just", "need", "a", "job", "said", ",", "."])
PHRASE_WORDS = st.sampled_from(["open", "to", "anything", "not", "I'm", "just", "need", "a", "job"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_check_never_raises_and_spans_are_valid(text):
    checker = PhraseChecker([OPEN, rule("need", ["I just need ... job"]), rule("q", ['"quoted"'])])
    for flag in checker.check(text):
        assert 0 <= flag.start < flag.end <= len(text)
        assert text[flag.start : flag.end] == flag.match


@given(
    st.lists(OTHER_WORDS, min_size=0, max_size=6),
    st.sampled_from(["not", "never", "no", "hardly"]),
)
@settings(max_examples=200, deadline=None)
def test_a_negated_phrase_never_fires(prefix, negator):
    text = " ".join([*prefix, negator, "open to anything"])
    assert check(text, rule("o", ["open to anything"])) == []


@given(st.lists(OTHER_WORDS, max_size=6), st.lists(OTHER_WORDS, max_size=6))
@settings(max_examples=200, deadline=None)
def test_a_quoted_phrase_never_fires(before, after):
    text = " ".join([*before, '"open to anything"', *after])
    assert check(text, rule("o", ["open to anything"], negation_window=0)) == []
