"""Scoring mechanics on a small fixed rule library: every term, counted once, within 0-100."""

from __future__ import annotations

import pytest

from coach.rehearsal.context import AnswerContext
from coach.rehearsal.questions import find_question
from coach.rehearsal.scoring import (
    BASE,
    HEDGE_MAX,
    HEDGE_POINTS,
    SPECIFIC_MAX,
    SPECIFIC_POINTS,
    STRENGTH_CAP,
    find_specifics,
    score_answer,
    tier_for,
    tier_text,
    trait_points,
)
from coach.rules.text import tokenize


def score(lib, text, **kw):
    return score_answer(find_question(lib, "pay"), text, library=lib, **kw)


def terms(s, term):
    return [c for c in s.contributions if c.term == term]


def test_contributions_add_up_to_the_score(mini_lib) -> None:
    s = score(
        mini_lib, "I've reviewed AMN data. I decide by March 1 and maybe later, Dr. Lee says."
    )
    assert sum(c.points for c in s.contributions) == s.score
    assert s.contributions[0].term == "base" and s.contributions[0].points == BASE


def test_trait_points_share_a_fixed_total() -> None:
    assert trait_points(30, 3) == [10, 10, 10]
    assert trait_points(30, 4) == [8, 8, 7, 7]
    assert trait_points(-10, 3) == [-4, -3, -3]
    assert trait_points(30, 0) == []


def test_strong_example_beats_weak(mini_lib) -> None:
    q = find_question(mini_lib, "pay")
    pair = q.examples[0]
    strong = score_answer(q, pair.strong, library=mini_lib)
    weak = score_answer(q, pair.weak, library=mini_lib)
    assert {t.name for t in strong.traits_met} == {"benchmark", "decides", "full-structure"}
    assert strong.score == BASE + 30  # every detail sits inside the traits' evidence
    assert weak.score < strong.score
    assert [f.rule for f in weak.desperation_flags] == ["flexible-on-pay", "flexible-on-pay"]


def test_desperation_flags_cost_points_by_severity(mini_lib) -> None:
    s = score(mini_lib, "I just need a job.")
    [d] = terms(s, "desperation")
    assert d.points == -20 and d.ref == "just-need-a-job"
    s2 = score(mini_lib, "I'm flexible on pay.")
    assert [c.points for c in terms(s2, "desperation")] == [-12]


def test_hedge_inside_a_desperation_flag_is_not_penalised_twice(mini_lib) -> None:
    s = score(mini_lib, "I just need a job.")
    assert terms(s, "hedge") == []
    s2 = score(mini_lib, "I just want a job.")  # not a flag: the hedge counts
    assert [c.points for c in terms(s2, "hedge")] == [HEDGE_POINTS]


def test_hedge_unless_spares_temporal_just(mini_lib) -> None:
    assert terms(score(mini_lib, "We just talked about it."), "hedge") == []


def test_hedges_are_capped(mini_lib) -> None:
    s = score(mini_lib, " ".join(["maybe so."] * (HEDGE_MAX + 3)))
    assert len(terms(s, "hedge")) == HEDGE_MAX
    assert any(c.term == "limit" and "3 more hedge" in c.label for c in s.contributions)


def test_strength_rule_showing_a_trait_counts_as_the_trait_only(mini_lib) -> None:
    s = score(mini_lib, "I've reviewed MGMA data.")
    assert [t.name for t in s.traits_met] == ["benchmark"]
    assert terms(s, "strength") == []  # cites-data is the benchmark trait's evidence
    assert terms(s, "specificity") == []  # "MGMA" sits inside that evidence


def test_strength_rules_count_once_each_and_are_capped(mini_lib) -> None:
    text = "How is call structured? How is call structured? Put it in writing. In writing, please."
    s = score(mini_lib, text)
    got = [(c.ref, c.points) for c in terms(s, "strength")]
    assert got == [("asks-call", 8), ("in-writing", 4)]
    assert sum(p for _, p in got) <= STRENGTH_CAP


def test_trait_evidence_inside_a_desperation_flag_earns_nothing(mini_lib) -> None:
    s = score(mini_lib, "I have loans on June 1.")
    assert "decides" not in {t.name for t in s.traits_met}  # the date is inside the flag
    assert terms(s, "specificity") == []


def test_negated_trait_phrase_does_not_count(mini_lib) -> None:
    s = score(mini_lib, "I will not decide by then.")
    assert "decides" not in {t.name for t in s.traits_met}


def test_specificity_counts_distinct_items_up_to_the_limit(mini_lib) -> None:
    text = (
        "We saw $290,000 and $290,000 again, 4,936 wRVUs, 1:4 call, $38,315, "
        "with Mercy General and Dr. Lee."
    )
    s = score(mini_lib, text)
    items = [c.label for c in terms(s, "specificity")]
    assert len(items) == SPECIFIC_MAX
    assert all(c.points == SPECIFIC_POINTS for c in terms(s, "specificity"))
    assert sum('"$290,000"' in label for label in items) == 1  # the repeat counts once
    assert any(c.term == "limit" for c in s.contributions)


def test_find_specifics_kinds() -> None:
    text = "In June 2026 I start. I logged 140 procedures at $52 per wRVU with Dr. Lee at AMN."
    found = [(s.kind, s.text) for s in find_specifics(tokenize(text))]
    assert ("date", "June 2026") in found
    assert ("volume", "140 procedures") in found
    assert ("figure", "$52") in found
    assert ("name", "Dr. Lee") in found
    assert ("name", "AMN") in found
    assert not any(kind == "name" and t in ("In", "I") for kind, t in found)  # sentence starts
    assert find_specifics(tokenize("Then I'd say so, and I'll ask.")) == []


def test_may_is_a_date_only_before_a_day() -> None:
    assert [s.kind for s in find_specifics(tokenize("That may change."))] == []
    assert [s.text for s in find_specifics(tokenize("Start on May 15."))] == ["May 15"]


def test_tiers_and_their_words() -> None:
    assert tier_for(100) == tier_for(75) == "known-quantity"
    assert tier_for(74) == tier_for(45) == "safe-bet"
    assert tier_for(44) == tier_for(0) == "desperate-filler"
    assert tier_text("safe-bet") == "may come across as a safe bet"


def test_score_is_clamped_and_the_clamp_is_listed(mini_lib) -> None:
    s = score(mini_lib, " ".join(["I just need a job."] * 6))
    assert s.score == 0
    assert s.contributions[-1].term == "bounds"
    assert sum(c.points for c in s.contributions) == 0


def test_feedback_has_why_rewrite_and_suggestions(mini_lib) -> None:
    s = score(mini_lib, "I just need a job, maybe.")
    kinds = [(f.kind, f.ref) for f in s.feedback]
    assert ("flag", "just-need-a-job") in kinds
    assert ("hedge", "maybe") in kinds
    assert ("trait", "benchmark") in kinds
    assert kinds[-1] == ("coaching", "pay")
    flag = next(f for f in s.feedback if f.kind == "flag")
    assert flag.why == "Seed 001." and flag.suggestions[0].startswith("I'm looking for")
    trait = next(f for f in s.feedback if f.ref == "benchmark")
    assert trait.suggestions == ("Cite AMN.",)


def test_model_answer_filled_from_context_and_prompts_for_the_rest(mini_lib) -> None:
    ctx = AnswerContext({"specialty": "internal medicine", "benchmark": "$290,000"})
    s = score(mini_lib, "x", context=ctx)
    assert s.model_answer.text == (
        "For internal medicine, [its source] ([its year]) reports $290,000."
    )
    assert s.model_answer.missing == ("benchmark_source", "benchmark_year")


def test_model_answer_values_are_inserted_as_text(mini_lib) -> None:
    ctx = AnswerContext({"specialty": "${benchmark} {0.__globals__}"})
    s = score(mini_lib, "x", context=ctx)
    assert s.model_answer.text.startswith("For ${benchmark} {0.__globals__}, ")


def test_json_shape(mini_lib) -> None:
    data = score(mini_lib, "I've reviewed AMN data; maybe.").to_json()
    assert set(data) == {
        "question",
        "score",
        "tier",
        "tier_text",
        "contributions",
        "flags",
        "traits",
        "feedback",
        "model_answer",
    }
    assert data["question"]["id"] == "pay"
    assert set(data["traits"]) == {"met", "missing"}
    assert data["traits"]["met"][0]["name"] == "benchmark"
    assert set(data["flags"][0]) == {
        "rule",
        "signal",
        "severity",
        "start",
        "end",
        "match",
        "message",
        "why",
        "rewrite",
    }


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "[[[", "…" * 50])
def test_odd_text_scores_without_error(mini_lib, text) -> None:
    s = score(mini_lib, text)
    assert 0 <= s.score <= 100


def test_a_detail_right_after_a_hedge_is_not_specific(mini_lib) -> None:
    s = score(mini_lib, "It is maybe 410 or so; I decide by 2026.")
    assert [c.label for c in terms(s, "hedged")] == [
        'Not counted as specific: "410" comes right after a hedge'
    ]
    assert all(c.points == 0 for c in terms(s, "hedged"))
    assert "410" not in " ".join(c.label for c in terms(s, "specificity"))
    # a date not softened by a hedge still shows the "decides" trait
    assert "decides" in {t.name for t in s.traits_met}
    # another clause is out of the hedge's reach
    s2 = score(mini_lib, "Maybe so, 410 is the figure.")
    assert terms(s2, "hedged") == [] and any('"410"' in c.label for c in terms(s2, "specificity"))


def test_hyphenated_details_are_one_item() -> None:
    found = [(s.kind, s.text) for s in find_specifics(tokenize("A PGY-3 on a J-1, 24-month term."))]
    assert found == [("name", "PGY-3"), ("name", "J-1"), ("figure", "24-month")]


def test_span_set_overlaps() -> None:
    from coach.rehearsal.scoring import SpanSet

    spans = SpanSet([(20, 25), (5, 10), (8, 12)])
    assert spans.overlaps(11, 13) and spans.overlaps(0, 6) and spans.overlaps(24, 30)
    assert not spans.overlaps(12, 20) and not spans.overlaps(0, 5) and not spans.overlaps(25, 30)
    assert not SpanSet([]).overlaps(0, 100)


def test_a_figure_right_after_a_flagged_hedge_is_a_guess_not_a_precise_figure():
    from coach.pack_kinds import PACK_KINDS
    from coach.rehearsal.questions import find_question
    from coach.rehearsal.scoring import score_answer
    from coach.rules.library import load_active

    lib = load_active(pack_kinds=PACK_KINDS)
    question = find_question(lib, "salary-expectations")
    guess = score_answer(
        question, "Maybe around 250? I could probably make that work.", library=lib
    )
    assert "names-figure" not in [t.name for t in guess.traits_met]
    precise = score_answer(question, "I'm looking for a base of $298,500.", library=lib)
    assert "names-figure" in [t.name for t in precise.traits_met]


def test_the_articles_harshest_words_are_only_for_answers_that_earn_them() -> None:
    # issue #15: a neutral answer (50 base − 10 traits missing = 40) reads as generic
    from coach.rehearsal.scoring import tier_text

    assert tier_text("desperate-filler", 40) == (
        "may come across as generic: not yet a safe bet (add specifics and the asks)"
    )
    assert tier_text("desperate-filler", 30) == tier_text("desperate-filler", 40)
    assert tier_text("desperate-filler", 29) == "may come across as a desperate filler"
    assert tier_text("safe-bet", 45) == "may come across as a safe bet"
    assert tier_text("known-quantity", 90) == "may come across as a known quantity"
