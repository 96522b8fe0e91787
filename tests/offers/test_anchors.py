"""Anchors, not averages: asks name a round figure above a published one (issue #15)."""

from __future__ import annotations

import re

import pytest

from coach.offers.anchors import about, anchor_above
from coach.offers.evaluate import evaluate
from coach.offers.market import MarketView, Specialty
from coach.offers.money import format_money
from coach.offers.parse import parse_offer_text
from coach.pack_kinds import PACK_KINDS
from coach.rehearsal.context import fill_model_answer
from coach.rehearsal.questions import questions
from coach.rehearsal.values import build_context
from coach.rules.library import load_given
from tests.test_user_facing_sources import WIDE_OFFERS

from .conftest import SAMPLE, one


@pytest.mark.parametrize(
    ("average", "anchor"),
    [
        (38_315, 40_000),  # AMN 2025 signing bonus: next $5,000 above
        (12_019, 13_000),  # AMN 2025 relocation: next $1,000 above
        (3_969, 4_000),  # AMN 2024 CME: next $500 above
        (98_665, 100_000),  # AMN 2023 loan repayment
        (290_000, 300_000),  # a round average still gets a figure above it, never itself
        (20_000, 25_000),
        (4_500, 5_000),
    ],
)
def test_the_anchor_is_the_next_round_figure_above(average, anchor):
    assert anchor_above(average) == anchor


def test_a_published_figure_is_quoted_rounded():
    assert about(38_315) == "about $38,000"
    assert about(3_969) == "about $4,000"
    assert about(12_019) == "about $12,000"


def test_the_sign_on_ask_names_the_anchor_and_shows_the_reasoning():
    ask = next(a for a in one({"sign_on_bonus": "none"}).counter_asks if a.id == "sign-on")
    assert "consider $40,000, half at signing" in ask.script
    assert "was about $38,000 in the AMN" in ask.script
    assert "$38,315" not in ask.script
    assert ask.note is not None
    assert ask.note.startswith("Why $40,000: the next round $5,000 above the average")
    assert "of $38,315" in ask.note


def test_the_base_ask_names_a_round_figure_above_the_benchmark():
    r = one({"specialty": "internal-medicine", "base_salary": 250_000})
    ask = next(a for a in r.counter_asks if a.id == "base-to-benchmark")
    assert "I'd like to discuss a base of $300,000." in ask.script  # AMN 2025 IM $290,000
    assert "about $290,000" in ask.script
    assert ask.note is not None and "the next round $10,000 above" in ask.note


def _published_averages(library) -> set[float]:
    view = MarketView(library)
    out = {f.value for f in view.figures.values() if f.unit == "usd"}
    for spec in view.specialties.values():
        assert isinstance(spec, Specialty)
        out |= {s.value for s in (*spec.starting_salaries, *spec.all_career)}
    return out


def _scripts(library) -> list[str]:
    """Every counter-ask script and model answer the built-in packs render for a wide set of
    offers and profiles (J-1, citizen, H-1B; the sample file)."""
    texts: list[str] = []
    sources = [SAMPLE.read_text(encoding="utf-8")] + [
        WIDE_OFFERS.replace('visa_status = "j1-waiver"', f'visa_status = "{status}"')
        for status in ("j1-waiver", "citizen", "h1b")
    ]
    for text in sources:
        parsed = parse_offer_text(text, "wide.toml")
        evaluation = evaluate(parsed.offers, parsed.profile, parsed.market, library)
        for result in evaluation.results:
            texts += [a.script for a in result.counter_asks]
            context = build_context(
                parsed.profile, evaluation, library, parsed.market, employer=result.employer
            )
            texts += [fill_model_answer(q.model_answer, context).text for q in questions(library)]
    return texts


def test_no_rendered_script_names_a_published_average_to_the_dollar():
    library = load_given([], kinds=None, on_builtin=True, pack_kinds=PACK_KINDS)
    # Figures published to the dollar ($38,315); the round ones ($290,000) can coincide with an
    # offer's own figures, so those are checked where the benchmark is quoted (below).
    precise = {v for v in _published_averages(library) if v % 1000}
    assert {38_315, 12_019, 3_969, 98_665} <= precise
    scripts = _scripts(library)
    assert len(scripts) > 100
    bad = [
        (format_money(value), script)
        for script in scripts
        for value in precise
        if re.search(rf"(?<![\d,]){re.escape(format_money(value))}(?![\d,])", script)
    ]
    assert bad == [], bad


def test_model_answers_quote_the_benchmark_rounded():
    library = load_given([], kinds=None, on_builtin=True, pack_kinds=PACK_KINDS)
    texts = [t for t in _scripts(library) if " puts the " in t]
    assert texts
    for text in texts:
        assert re.search(
            r"puts the (average starting salary offered in AMN's own recruiting searches|AMGA new-resident median starting salary|starting-salary figure you entered) for [a-z ()-]+ at about \$",
            text,
        ), text
