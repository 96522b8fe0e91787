"""Issue #14: a tiered or ramped conversion factor and a productivity bonus that starts later,
entered as a letter states them and counted in every year's total and the break-even. Every
expected figure is worked by hand in a comment (docs/offers.md, "Ramps, tiers and when the bonus
starts")."""

from __future__ import annotations

from typing import Any

from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

SALARY: dict[str, Any] = {
    "employer": "Hillside Clinic",
    "sign_on_bonus": "none",
    "relocation": "none",
    "loan_repayment_total": "none",
    "call": "none",
    "retirement_match_pct": 0,
    "contract_years": 3,
    "base_salary": "$250k",
    "guarantee_years": 1,
}


def offer(**productivity: Any) -> dict[str, Any]:
    return {**SALARY, "productivity": productivity}


def test_a_tiered_threshold_pays_each_wrvu_at_its_tier():
    # "$50 a wRVU for the first 5,000 wRVUs, $55 above", threshold 4,500, 5,600 expected:
    # (5,000 − 4,500) × $50 = $25,000 + (5,600 − 5,000) × $55 = $33,000 → $58,000 a year
    r = one(
        offer(
            model="threshold",
            wrvu_threshold=4500,
            conversion_factor=50,
            tier_wrvus=5000,
            conversion_factor_above=55,
            expected_wrvus=5600,
        )
    )
    m = r.math
    assert m.productivity == [58_000, 58_000, 58_000]
    assert m.first_year_total == 308_000  # $250,000 + $58,000
    assert m.contract_total == 924_000  # 3 × $308,000
    assert (
        "Productivity (threshold, tiered): the wRVUs from the 4,500 threshold to 5,600 expected: "
        "500 wRVUs × $50 + 600 wRVUs × $55 = $58,000 a year"
    ) in m.lines
    # the base is paid within the first tier: $250,000 ÷ $50 = 5,000 wRVUs
    assert m.breakeven_wrvus == 5000


def test_a_threshold_above_the_tier_pays_only_the_higher_rate():
    # threshold 5,200 above the 5,000 tier: (5,600 − 5,200) × $55 = $22,000 (never × $50)
    r = one(
        offer(
            model="threshold",
            wrvu_threshold=5200,
            conversion_factor=50,
            tier_wrvus=5000,
            conversion_factor_above=55,
            expected_wrvus=5600,
        )
    )
    assert r.math.productivity[0] == 22_000


def test_tiered_break_even_crosses_into_the_upper_tier():
    # base $300,000: 5,000 × $50 = $250,000 pays part; ($300,000 − $250,000) ÷ $55 = 909.09…
    # more wRVUs: 5,909.1 in all (one decimal)
    table = {
        **offer(
            model="greater-of",
            conversion_factor=50,
            tier_wrvus=5000,
            conversion_factor_above=55,
            expected_wrvus=5600,
        ),
        "base_salary": "$300k",
    }
    m = one(table).math
    assert m.breakeven_wrvus == 5909.1
    # production 5,000 × $50 + 600 × $55 = $283,000; below the $300,000 base, so after the
    # 1-year guarantee pay falls by $17,000 a year
    assert m.productivity == [0, -17_000, -17_000]
    assert m.contract_total == 866_000  # $300,000 + 2 × $283,000
    assert "Production value: 5,000 wRVUs × $50 + 600 wRVUs × $55 = $283,000" in m.lines
    flags = {f.id: f for f in one(table).red_flags}
    assert "$283,000" in flags["production-below-base"].message


def test_a_ramp_pays_year_one_at_its_own_rate():
    # "$48 in year 1, $52 from year 2", threshold 4,500, 5,000 expected:
    # year 1 (5,000 − 4,500) × $48 = $24,000; years 2–3 500 × $52 = $26,000
    m = one(
        offer(
            model="threshold",
            wrvu_threshold=4500,
            conversion_factor=52,
            ramp_conversion_factor=48,
            ramp_years=1,
            expected_wrvus=5000,
        )
    ).math
    assert m.productivity == [24_000, 26_000, 26_000]
    assert m.first_year_total == 274_000  # $250,000 + $24,000
    assert m.year_totals == [274_000, 276_000, 276_000]
    assert m.contract_total == 826_000  # $274,000 + 2 × $276,000
    # break-even $250,000 ÷ $52 = 4,807.69… → 4,807.7; in the ramp $250,000 ÷ $48 = 5,208.33…
    assert m.breakeven_wrvus == 4807.7 and m.breakeven_wrvus_ramp == 5208.3
    assert "Break-even in year 1 (ramp): $250,000 base ÷ $48 a wRVU = 5,208.3 wRVUs" in m.lines
    ramp = offer(
        model="threshold",
        wrvu_threshold=4500,
        conversion_factor=52,
        ramp_conversion_factor=48,
        ramp_years=1,
        expected_wrvus=5000,
    )
    shown = {f.label: f.text for f in review_of(run(ramp)).offers[0].totals}
    assert shown["Break-even"] == "4,807.7 wRVUs (5,208.3 wRVUs during the ramp)"


def test_a_bonus_that_starts_in_year_two_counts_nothing_in_year_one():
    # threshold 4,500, $52, 5,600 expected: (5,600 − 4,500) × $52 = $57,200 from year 2 only
    m = one(
        offer(
            model="threshold",
            wrvu_threshold=4500,
            conversion_factor=52,
            expected_wrvus=5600,
            bonus_starts_year=2,
        )
    ).math
    assert m.productivity == [0, 57_200, 57_200]
    assert m.first_year_total == 250_000
    assert m.contract_total == 864_400  # $250,000 + 2 × $307,200
    assert "Productivity bonus starts in year 2: none paid in year 1 = $0" in m.lines


def test_a_greater_of_bonus_after_the_guarantee():
    # greater-of, base $250,000, 5,600 × $50 = $280,000 production, bonus from year 2:
    # year 1 $0, years 2–3 $30,000
    m = one(
        offer(model="greater-of", conversion_factor=50, expected_wrvus=5600, bonus_starts_year=2)
    ).math
    assert m.productivity == [0, 30_000, 30_000]
    assert m.contract_total == 810_000  # 3 × $250,000 + 2 × $30,000


def test_a_tiered_draw_earns_at_each_tier():
    # draw $300,000; 5,000 × $50 + 500 × $60 = $280,000 earned; true-up −$20,000;
    # break-even 5,000 + ($300,000 − $250,000) ÷ $60 = 5,833.3
    draw = {k: v for k, v in SALARY.items() if k not in ("base_salary", "guarantee_years")}
    m = one(
        {
            **draw,
            "productivity": {
                "model": "draw",
                "draw": "$300k",
                "conversion_factor": 50,
                "tier_wrvus": 5000,
                "conversion_factor_above": 60,
                "expected_wrvus": 5500,
            },
        }
    ).math
    assert m.earned_pay == 280_000 and m.draw_true_up == -20_000
    assert m.breakeven_wrvus == 5833.3


def problems(productivity: str) -> list[str]:
    text = '[[offer]]\nemployer = "A"\nbase_salary = "$250k"\n[offer.productivity]\n' + productivity
    return [p.message for p in parse_offer_text(text, "o.toml").problems]


def test_half_a_tier_or_ramp_leaves_the_pay_unknown_and_asks_the_other_half():
    # typed one box at a time, a tier without its rate above is not an error: what production
    # pays is unknown (never counted at $50 alone) and the rate above is asked
    r = one(
        offer(
            model="threshold",
            wrvu_threshold=4500,
            conversion_factor=50,
            tier_wrvus=5000,
            expected_wrvus=5600,
        )
    )
    assert r.math.productivity == [None, None, None]
    assert "productivity.conversion_factor_above" in r.math.unknown_terms
    assert r.math.first_year_total == 250_000  # the base alone, the rest left out and said
    assert r.math.breakeven_wrvus is None
    assert "What is the conversion factor for wRVUs above the first tier?" in r.questions
    ramp = one(offer(model="threshold", wrvu_threshold=4500, conversion_factor=52, ramp_years=1))
    assert "productivity.ramp_conversion_factor" in ramp.math.unknown_terms


RAMP_AND_TIERS: dict[str, Any] = {
    # "$48 a wRVU up to 5,000 wRVUs and $50 above in year 1; from year 2 $52 and $56"
    "conversion_factor": 52,
    "tier_wrvus": 5000,
    "conversion_factor_above": 56,
    "ramp_conversion_factor": 48,
    "ramp_conversion_factor_above": 50,
    "ramp_years": 1,
    "expected_wrvus": 5600,
}


def test_a_ramp_with_tiers_pays_each_year_at_its_own_tiers():
    r = one(offer(model="threshold", wrvu_threshold=4500, **RAMP_AND_TIERS))
    m = r.math
    # year 1: (5,000 − 4,500) × $48 = $24,000 + (5,600 − 5,000) × $50 = $30,000 → $54,000
    # years 2–3: 500 × $52 = $26,000 + 600 × $56 = $33,600 → $59,600
    assert m.productivity == [54_000, 59_600, 59_600]
    assert m.year_totals == [304_000, 309_600, 309_600]  # $250,000 base + each year's
    assert m.contract_total == 923_200  # $304,000 + 2 × $309,600
    assert (
        "Productivity (threshold, tiered), year 1: the wRVUs from the 4,500 threshold to 5,600 "
        "expected: 500 wRVUs × $48 + 600 wRVUs × $50 = $54,000 a year"
    ) in m.lines
    assert (
        "Productivity (threshold, tiered), years 2–3: the wRVUs from the 4,500 threshold to "
        "5,600 expected: 500 wRVUs × $52 + 600 wRVUs × $56 = $59,600 a year"
    ) in m.lines
    # after the ramp $250,000 ÷ $52 = 4,807.69… → 4,807.7 (inside the 5,000 tier);
    # in the ramp 5,000 × $48 = $240,000, then $10,000 ÷ $50 = 200 more: 5,200
    assert m.breakeven_wrvus == 4807.7 and m.breakeven_wrvus_ramp == 5200
    assert (
        "Break-even in year 1 (ramp): 5,000 wRVUs × $48 = $240,000, then ($250,000 base − "
        "$240,000) ÷ $50 a wRVU above the tier: 5,000 + 200 = 5,200 wRVUs"
    ) in m.lines
    assert m.totals_complete


def test_a_greater_of_ramp_with_tiers_falls_after_the_guarantee_at_the_later_rates():
    table = {**offer(model="greater-of", **RAMP_AND_TIERS), "base_salary": "$300k"}
    m = one(table).math
    # year 1 (guaranteed): 5,000 × $48 + 600 × $50 = $270,000 → max(0, $270,000 − $300,000) = 0
    # years 2–3: 5,000 × $52 + 600 × $56 = $293,600 → $293,600 − $300,000 = −$6,400 a year
    assert m.productivity == [0, -6_400, -6_400]
    assert m.contract_total == 887_200  # $300,000 + 2 × $293,600
    assert "Production value, year 1: 5,000 wRVUs × $48 + 600 wRVUs × $50 = $270,000" in m.lines
    assert "Production value, years 2–3: 5,000 wRVUs × $52 + 600 wRVUs × $56 = $293,600" in (
        m.lines
    )


def test_a_ramp_with_tiers_but_no_ramp_rate_above_the_tier_asks_it():
    terms = {k: v for k, v in RAMP_AND_TIERS.items() if k != "ramp_conversion_factor_above"}
    r = one(offer(model="threshold", wrvu_threshold=4500, **terms))
    # what year 1 pays above the tier is not stated: production pay unknown, never guessed
    assert r.math.productivity == [None, None, None]
    assert "productivity.ramp_conversion_factor_above" in r.math.unknown_terms
    assert (
        "During the ramp, what is the conversion factor for wRVUs above the first tier?"
        in r.questions
    )


def test_a_ramp_under_a_salary_or_draw_is_refused():
    assert problems('model = "none"\nbonus_starts_year = 2\n') == [
        "productivity.bonus_starts_year: only for a bonus on production: set productivity.model "
        '= "threshold" or "greater-of"'
    ]
    # a ramp with tiers is taken now (above); under a draw or on collections it is refused,
    # with the line and why
    text = """[[offer]]
employer = "Summit Surgical"
[offer.productivity]
model = "draw"
draw = "$350k"
conversion_factor = 65
ramp_conversion_factor = 60
ramp_years = 1

[[offer]]
employer = "Bayside Dermatology"
[offer.productivity]
model = "collections"
collections_pct = 40
ramp_years = 1
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:7: offer "Summit Surgical": productivity.ramp_conversion_factor: a ramp under a '
        "draw is not supported: the draw's true-up is one figure a year for the whole "
        "contract, so give the conversion factor the draw is settled against after the ramp "
        "and write the ramp in notes",
        'o.toml:8: offer "Summit Surgical": productivity.ramp_years: a ramp under a draw is not '
        "supported: the draw's true-up is one figure a year for the whole contract, so give "
        "the conversion factor the draw is settled against after the ramp and write the ramp "
        "in notes",
        'o.toml:15: offer "Bayside Dermatology": productivity.ramp_years: a collections offer '
        "has no conversion factor to ramp (its pay is productivity.collections_pct of net "
        "collections); write a percent that changes by year in notes",
    ]
