"""Normalisation, tokenising and the phrase syntax."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.rules.phrase_syntax import GAP, MAX_VARIANTS, PhraseError, compile_phrase
from coach.rules.text import tokenize


def words(text: str) -> list[str]:
    return tokenize(text).words


# --- tokenising -------------------------------------------------------------------------------


def test_curly_and_straight_apostrophes_fold_alike():
    assert words("I’m open") == words("I'm open") == words("I am open") == ["i", "am", "open"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("isn't", ["is", "not"]),
        ("don’t", ["do", "not"]),
        ("can't", ["can", "not"]),
        ("won't", ["will", "not"]),
        ("cannot", ["can", "not"]),
        ("we're", ["we", "are"]),
        ("I've", ["i", "have"]),
        ("I'll", ["i", "will"]),
        ("shouldn't've", ["should", "not", "have"]),
        ("it's", ["it's"]),  # 's has several readings: left as written
        ("I'd", ["i'd"]),
    ],
)
def test_contractions_with_one_reading_are_folded(text, expected):
    assert words(text) == expected


def test_contraction_spans_point_into_the_original_text():
    text = "Compensation isn’t"
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)] == [
        "Compensation",
        "is",
        "n’t",
    ]


@pytest.mark.parametrize("amount", ["$350k", "1:4", "4,936", "$1.2M", "$420,000", "95%", "24/7"])
def test_numbers_amounts_and_ratios_are_one_word(amount):
    assert words(f"about {amount} here") == ["about", amount.casefold(), "here"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whatever $ you offer", ["whatever", "$", "you", "offer"]),
        ("whatever $$ you offer", ["whatever", "$", "you", "offer"]),  # a run reads as one sign
        ("it's all about the $$$", ["it's", "all", "about", "the", "$"]),
        ("£ or €", ["£", "or", "€"]),
        ("300k $", ["300k", "$"]),
    ],
)
def test_a_money_sign_standing_alone_is_a_word(text, expected):
    assert words(text) == expected


def test_a_money_sign_written_apart_from_its_figure_belongs_to_it():
    toks = tokenize("I'd take $ 300k or $$250k")
    assert toks.words == ["i'd", "take", "$300k", "or", "$250k"]
    # "$ 300k" is characters 9 to 15, "$$250k" 19 to 25: the span is what was typed
    assert (toks.starts[2], toks.ends[2]) == (9, 15)
    assert (toks.starts[4], toks.ends[4]) == (19, 25)


def test_sentence_ends_and_what_does_not_end_a_sentence():
    toks = tokenize("Dr. Lee asked about the U.S. market, e.g. Ohio. Then $1.2M. Next")
    by_word = dict(zip(toks.words, toks.sentence, strict=False))
    assert by_word["dr"] == by_word["lee"] == by_word["market"] == by_word["ohio"]
    assert by_word["then"] == by_word["ohio"] + 1
    assert by_word["next"] == by_word["then"] + 1


def test_blank_line_and_bullet_end_a_sentence_but_a_line_break_does_not():
    toks = tokenize("open to\nanything\n\nsecond para\n- bullet item")
    sentence = dict(zip(toks.words, toks.sentence, strict=False))
    assert sentence["open"] == sentence["anything"]
    assert sentence["second"] == sentence["anything"] + 1
    assert sentence["bullet"] == sentence["para"] + 1


def test_hyphen_joins_are_recorded():
    toks = tokenize("just-in-time")
    assert toks.join_left == [False, True, True]
    assert toks.join_right == [True, True, False]


def test_clause_breaks_at_commas_and_but():
    toks = tokenize("I'm not picky, I'll do it but I won't")
    clause = toks.clause
    assert clause[toks.words.index("not")] != clause[toks.words.index("do")]
    assert (
        clause[toks.words.index("it")]
        != clause[toks.words.index("won") if "won" in toks.words else -1]
    )


def test_balanced_quotes_only():
    toks = tokenize('He said "open to anything" then')
    assert toks.is_quoted(9, 26)
    assert not toks.is_quoted(0, 2)
    unbalanced = tokenize('He said "open to anything then')
    assert unbalanced.quote_spans == []
    curly = tokenize("He said “open to anything” then")
    assert curly.quote_spans == [(8, 26)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said 'I'll take anything' and regretted it.", ["'I'll take anything'"]),
        ("‘open to anything’, she wrote", ["‘open to anything’"]),
        (
            "examples like 'sign whatever' and 'sorry to ask,' and more",
            ["'sign whatever'", "'sorry to ask,'"],
        ),
        ("I'm open to anything and don't mind", []),  # apostrophes inside words
        ("the residents' offers are open to anything", []),  # a possessive opens nothing
        ("he said 'open to anything", []),  # unpaired
    ],
)
def test_single_quotes_around_words_are_quotes(text, quoted):
    toks = tokenize(text)
    assert [text[a:b] for a, b in toks.quote_spans] == quoted


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_tokenize_never_raises_and_spans_are_valid(text):
    toks = tokenize(text)
    previous_end = 0
    for s, e in zip(toks.starts, toks.ends, strict=True):
        assert 0 <= s < e <= len(text)
        assert s >= previous_end
        previous_end = e
    assert toks.sentence == sorted(toks.sentence)
    assert toks.clause == sorted(toks.clause)


# --- phrase syntax ----------------------------------------------------------------------------


def test_optional_and_alternatives_expand():
    variants = compile_phrase("I'm [pretty|really] {open|flexible} to anything").variants
    assert ("i", "am", "open", "to", "anything") in variants
    assert ("i", "am", "really", "flexible", "to", "anything") in variants
    assert len(variants) == 6


def test_gap_and_nesting():
    assert compile_phrase("I just need ... job").variants == (("i", "just", "need", GAP, "job"),)
    nested = compile_phrase("{take [any] call|do nights}").variants
    assert set(nested) == {("take", "call"), ("take", "any", "call"), ("do", "nights")}


def test_no_other_character_is_special():
    assert compile_phrase("1:4 call (home)").variants == (("1:4", "call", "home"),)
    assert compile_phrase("$350k base?").variants == (("$350k", "base"),)


@pytest.mark.parametrize(
    ("phrase", "message", "column"),
    [
        ("[a", "never closed", 1),
        ("a]", "without a matching", 2),
        ("{a|b", "never closed", 1),
        ("{a}", "at least two choices", 1),
        ("{a|}", "empty choice", 4),
        ("a | b", "only allowed inside", 3),
        ("[a]", "without any words", None),
        ("... a", "cannot start", None),
        ("a ...", "cannot end", None),
        ("a ... b ... c ... d", "more than 2 gaps", None),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen",
            "limit is 12",
            None,
        ),
        ("Thanks. I am open", "sentence end", 1),
        ("   ", "empty", None),
    ],
)
def test_bad_phrases_are_reported_with_position(phrase, message, column):
    with pytest.raises(PhraseError) as info:
        compile_phrase(phrase)
    assert message in info.value.message
    assert info.value.column == column


def test_variant_explosion_is_refused():
    phrase = " ".join("{a|b|c|d}" for _ in range(5))  # 4**5 = 1024 variants
    with pytest.raises(PhraseError, match=str(MAX_VARIANTS)):
        compile_phrase(phrase)


@given(st.text(alphabet=st.sampled_from("ab []{}|.…'’-,$1:"), max_size=40))
@settings(max_examples=400, deadline=None)
def test_compile_phrase_either_compiles_within_limits_or_raises_phrase_error(src):
    try:
        compiled = compile_phrase(src)
    except PhraseError:
        return
    assert 1 <= len(compiled.variants) <= MAX_VARIANTS
    for variant in compiled.variants:
        assert variant[0] != GAP and variant[-1] != GAP
        assert 1 <= len([w for w in variant if w != GAP]) <= 12
