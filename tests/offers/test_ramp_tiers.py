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


def test_a_ramp_under_a_salary_or_draw_is_refused():
    assert problems('model = "none"\nbonus_starts_year = 2\n') == [
        "productivity.bonus_starts_year: only for a bonus on production: set productivity.model "
        '= "threshold" or "greater-of"'
    ]
    assert any(
        "ramp or tiers, not both" in p
        for p in problems(
            'model = "threshold"\ntier_wrvus = 5000\nconversion_factor_above = 55\n'
            "ramp_conversion_factor = 48\nramp_years = 1\n"
        )
    )
