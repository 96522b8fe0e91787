"""The acceptance test of issue #3: the seed's two offers give exactly the issue's figures."""

from __future__ import annotations

import pytest

from coach.offers.evaluate import evaluate
from coach.offers.parse import load_offer_file

from .conftest import SAMPLE, lib


@pytest.fixture(scope="module")
def results():
    f = load_offer_file(SAMPLE)
    assert f.ok and not f.warnings
    ev = evaluate(f.offers, f.profile, f.market, lib())
    assert ev.warnings == []
    a, b = ev.results
    return a, b


def test_sample_is_labelled_illustrative():
    text = SAMPLE.read_text()
    assert "ILLUSTRATIVE" in text and "not market data" in text


def test_offer_a_figures(results):
    a, _ = results
    assert a.first_year_total == 520_000
    assert a.contract_total == 1_440_000
    assert a.productivity_pay == 20_800
    assert a.call_pay == 19_200
    assert a.breakeven_wrvus == 8076.9
    assert not a.flag_ids & {"non-compete", "unpaid-call", "no-sign-on", "tail-on-physician"}
    # issue #14: the sample's own break-even used to raise nothing. 5,600 × $52 = $291,200,
    # below 95% of the $420,000 base ($399,000); salaried through the contract, so medium
    flag = next(f for f in a.red_flags if f.id == "production-below-base")
    assert flag.severity == "medium"
    assert "worth $291,200, below the $420,000 base: break-even is 8,076.9 wRVUs" in flag.message


def test_offer_b_figures(results):
    _, b = results
    assert b.first_year_total == 290_000
    assert b.contract_total == 870_000
    assert b.breakeven_wrvus == 6444.4
    assert b.flag_ids == {
        "no-sign-on",
        "no-relocation",
        "unpaid-call",
        "wrvu-threshold-above-expected",
        "non-compete",
        "tail-on-physician",
        # issue #14: 4,800 × $45 = $216,000 against the $290,000 base (break-even 6,444.4)
        "production-below-base",
    }
    assert next(f for f in b.red_flags if f.id == "non-compete").severity == "high"


def test_arithmetic_is_shown(results):
    a, b = results
    assert (
        "Productivity (threshold): max(0, 5,600 expected − 5,200 threshold) × $52 a wRVU "
        "= $20,800 a year"
    ) in a.arithmetic
    assert "Call pay: 2 paid shifts a month × 12 × $800 = $19,200 a year" in a.arithmetic
    assert (
        "Contract total (3 years): 3 × ($420,000 base + $20,800 productivity + $19,200 call pay) "
        "+ $40,000 sign-on + $20,000 relocation = $1,440,000"
    ) in a.arithmetic
    assert (
        "Break-even: $290,000 base ÷ $45 a wRVU = 6,444.4 wRVUs (production that pays the base)"
        in b.arithmetic
    )


def test_unknown_terms_are_honest(results):
    for r in results:
        assert r.math.totals_complete is False
        assert r.math.unknown_terms == ["loan_repayment_total", "retirement_match_pct"]


def test_b_counter_asks_include_the_competing_offer_line_built_from_a(results):
    a, b = results
    line = (
        "Another offer I'm considering has no non-compete, a more transparent wRVU structure "
        "(a threshold of 5,200 wRVUs against 5,600 expected, at $52 a wRVU) and a higher base "
        "salary ($420,000)."
    )
    assert b.comparison_lines == [line]
    competing = next(x for x in b.counter_asks if x.id == "competing-offer")
    assert line in competing.script
    assert b.values["other_employer"] == a.employer
    # A is better on everything written, so nothing is invented for it
    assert a.comparison_lines == []
    assert not a.triggered("competing-offer")


def test_b_gets_the_counter_asks_its_flags_call_for(results):
    _, b = results
    ids = [x.id for x in b.counter_asks]
    for wanted in (
        "employer-pays-tail",
        "lower-wrvu-threshold",
        "define-call",
        "narrow-non-compete",
        "sign-on",
        "relocation",
        "paid-call-like-competitor",
    ):
        assert wanted in ids
    paid = next(x for x in b.counter_asks if x.id == "paid-call-like-competitor")
    assert "$800 a call shift" in paid.script


def test_benchmark_and_leverage(results):
    a, b = results
    assert a.benchmark is not None and a.benchmark.value == 290_000 and a.benchmark.year == 2025
    assert "below-market-base" not in b.flag_ids  # $290,000 is the AMN 2025 IM figure
    assert b.leverage is not None
    factors = {f.name: f.points for f in b.leverage.factors}
    assert factors == {"specialty demand": 10, "region": 10, "competing offers": 10}
    assert (b.leverage.score, b.leverage.label) == (80, "strong")
