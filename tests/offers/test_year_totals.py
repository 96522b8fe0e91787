"""The contract total split by year (the app's year-by-year chart draws it)."""

from __future__ import annotations

from coach.offers.arithmetic import compute_math

from .conftest import make_offer


def test_year_totals_put_one_time_pay_in_year_one_and_sum_to_the_contract_total():
    m = compute_math(
        make_offer(
            {
                "base_salary": 300_000,
                "sign_on_bonus": 20_000,
                "relocation": 10_000,
                "contract_years": 3,
                "loan_repayment_total": 30_000,
                "loan_repayment_years": 2,
                "retirement_match_pct": 0,
                "productivity": "none",
                "call": "none",
            }
        )
    )
    assert m.year_totals == [300_000 + 15_000 + 30_000, 315_000, 300_000]
    assert sum(m.year_totals) == m.contract_total


def test_greater_of_after_the_guarantee_lowers_the_later_years():
    m = compute_math(
        make_offer(
            {
                "base_salary": 300_000,
                "guarantee_years": 2,
                "contract_years": 3,
                "productivity": {
                    "model": "greater-of",
                    "conversion_factor": 50,
                    "expected_wrvus": 5000,
                },
            }
        )
    )
    assert m.year_totals == [300_000, 300_000, 250_000]


def test_no_year_totals_without_a_contract_length():
    m = compute_math(make_offer({"base_salary": 300_000}))
    assert m.contract_total is None and m.year_totals == []
