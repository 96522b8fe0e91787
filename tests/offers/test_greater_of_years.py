"""Issue #14: the greater-of model's arithmetic lines when production and base are equal, when
production wins only in later years (a ramp that ends), and when a ramp outlasts the guarantee so
pay falls in the ramp years. Every figure is worked by hand in a comment (docs/offers.md)."""

from __future__ import annotations

from typing import Any

from coach.offers.review import review_of

from .conftest import one, run

CARDIOLOGY: dict[str, Any] = {
    "employer": "Ridge Cardiology",
    "specialty": "cardiology",
    "sign_on_bonus": "none",
    "relocation": "none",
    "loan_repayment_total": "none",
    "call": "none",
    "retirement_match_pct": 0,
    "contract_years": 3,
    "base_salary": "$300k",
    "guarantee_years": 1,
}


def greater_of(**productivity: Any) -> dict[str, Any]:
    return {**CARDIOLOGY, "productivity": {"model": "greater-of", **productivity}}


def test_production_equal_to_base_pays_the_base_and_nothing_falls():
    r = one(greater_of(conversion_factor=50, expected_wrvus=6000))
    m = r.math
    # 6,000 × $50 = $300,000, exactly the base: $0 on top while guaranteed, $0 fall after
    assert m.productivity == [0, 0, 0]
    assert m.year_totals == [300_000, 300_000, 300_000]
    assert m.contract_total == 900_000  # 3 × $300,000
    assert m.lines[:3] == [
        "Production value: 6,000 expected wRVUs × $50 = $300,000",
        "Productivity (greater-of), year 1 (guaranteed): max(0, $300,000 − $300,000 base) = $0 "
        "a year",
        "Productivity (greater-of), years 2–3 (after the guarantee): $300,000 − $300,000 base = "
        "$0 a year",
    ]
    assert m.breakeven_wrvus == 6000  # $300,000 ÷ $50, the expected wRVUs exactly
    assert "production-below-base" not in {f.id for f in r.red_flags}


def test_production_that_wins_only_after_the_ramp():
    # "$45 a wRVU in year 1, $55 from year 2", guarantee 1 year, 6,000 expected:
    # year 1 6,000 × $45 = $270,000, under the $300,000 base but guaranteed: $0 on top;
    # years 2–3 6,000 × $55 = $330,000: $30,000 a year over the base
    r = one(
        greater_of(
            conversion_factor=55, ramp_conversion_factor=45, ramp_years=1, expected_wrvus=6000
        )
    )
    m = r.math
    assert m.productivity == [0, 30_000, 30_000]
    assert m.year_totals == [300_000, 330_000, 330_000]
    assert m.contract_total == 960_000  # $300,000 + 2 × $330,000
    assert (
        "Productivity (greater-of), year 1 (guaranteed): max(0, $270,000 − $300,000 base) = $0 "
        "a year"
    ) in m.lines
    assert (
        "Productivity (greater-of), years 2–3 (after the guarantee): $330,000 − $300,000 base = "
        "$30,000 a year"
    ) in m.lines
    # break-even $300,000 ÷ $55 = 5,454.54… → 5,454.5; in the ramp $300,000 ÷ $45 = 6,666.7
    shown = {
        f.label: f.text
        for f in review_of(
            run(
                greater_of(
                    conversion_factor=55,
                    ramp_conversion_factor=45,
                    ramp_years=1,
                    expected_wrvus=6000,
                )
            )
        )
        .offers[0]
        .totals
    }
    assert shown["Break-even"] == "5,454.5 wRVUs (6,666.7 wRVUs during the ramp)"
    # the ramp year is guaranteed: pay never falls, so no production-below-base
    assert "production-below-base" not in {f.id for f in r.red_flags}


def test_a_ramp_that_outlasts_the_guarantee_lets_pay_fall_in_the_ramp_years():
    # ramp $45 in years 1–2, guarantee 1 year: year 2 pays 6,000 × $45 = $270,000, $30,000
    # below the base; year 3 6,000 × $55 = $330,000, $30,000 above it
    r = one(
        greater_of(
            conversion_factor=55, ramp_conversion_factor=45, ramp_years=2, expected_wrvus=6000
        )
    )
    m = r.math
    assert m.productivity == [0, -30_000, 30_000]
    assert m.year_totals == [300_000, 270_000, 330_000]
    assert m.contract_total == 900_000  # $300,000 + $270,000 + $330,000
    assert (
        "Productivity (greater-of), year 2 (after the guarantee): $270,000 − $300,000 base = "
        "-$30,000 a year (production below base: pay falls)"
    ) in m.lines
    flag = next(f for f in r.red_flags if f.id == "production-below-base")
    assert flag.severity == "high"  # pay falls inside the contract
    # break-even in the ramp: $300,000 ÷ $45 = 6,666.66… → 6,666.7
    assert flag.message == (
        "Expected production (6,000 wRVUs × $45) is worth $270,000, below the $300,000 base: "
        "break-even is 6,666.7 wRVUs."
    )
    assert (
        "Pay falls to production in year 2: the 1-year guarantee ends before the ramp's $45 "
        "rate does."
    ) in flag.why


def test_a_cardiology_drop_after_the_guarantee_is_flagged():
    # the case issue #14 named: 5,000 × $50 = $250,000 against the $300,000 base; the 1-year
    # guarantee ends inside the 3-year contract, so years 2–3 pay $250,000 − $300,000 = −$50,000
    r = one(greater_of(conversion_factor=50, expected_wrvus=5000))
    assert r.math.productivity == [0, -50_000, -50_000]
    assert r.math.contract_total == 800_000  # $300,000 + 2 × $250,000
    flag = next(f for f in r.red_flags if f.id == "production-below-base")
    assert flag.severity == "high"
    # break-even $300,000 ÷ $50 = 6,000 wRVUs
    assert flag.message == (
        "Expected production (5,000 wRVUs × $50) is worth $250,000, below the $300,000 base: "
        "break-even is 6,000 wRVUs."
    )
    assert "Pay falls to production inside this contract." in flag.why
