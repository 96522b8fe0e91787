"""Every evaluation formula, including unknown and "none" inputs (docs/offers.md, Definitions)."""

from __future__ import annotations

from typing import ClassVar

import pytest

from coach.offers.arithmetic import compute_math

from .conftest import make_offer, one


def math(data):
    return compute_math(make_offer(data))


THRESHOLD = {"model": "threshold", "wrvu_threshold": 5000, "conversion_factor": 50}


class TestProductivity:
    def test_threshold_pays_above_the_threshold(self):
        m = math({"productivity": {**THRESHOLD, "expected_wrvus": 5600}})
        assert m.productivity == [30_000]
        assert "max(0, 5,600 expected − 5,000 threshold) × $50 a wRVU = $30,000" in m.lines[0]

    def test_threshold_pays_nothing_below_it(self):
        assert math({"productivity": {**THRESHOLD, "expected_wrvus": 4000}}).productivity == [0]

    def test_threshold_same_every_year(self):
        m = math({"contract_years": 3, "productivity": {**THRESHOLD, "expected_wrvus": 5100}})
        assert m.productivity == [5000, 5000, 5000]

    @pytest.mark.parametrize(
        ("missing", "term"),
        [
            ("expected_wrvus", "productivity.expected_wrvus"),
            ("wrvu_threshold", "productivity.wrvu_threshold"),
            ("conversion_factor", "productivity.conversion_factor"),
        ],
    )
    def test_threshold_with_an_unknown_input_is_unknown(self, missing, term):
        prod = {**THRESHOLD, "expected_wrvus": 5600}
        del prod[missing]
        m = math({"base_salary": 300_000, "productivity": prod})
        assert m.productivity == [None]
        assert term in m.unknown_terms
        assert m.first_year_total == 300_000  # the known parts still add up
        assert not m.totals_complete

    def test_greater_of_during_and_after_the_guarantee(self):
        m = math(
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
        # production 250,000: guaranteed years pay max(0, 250k - 300k) = 0; year 3 pays -50,000
        assert m.productivity == [0, 0, -50_000]
        assert m.contract_total == 300_000 * 3 - 50_000
        assert any("years 1–2 (guaranteed)" in line for line in m.lines)
        assert any(
            "year 3 (after the guarantee)" in line and "-$50,000" in line for line in m.lines
        )

    def test_greater_of_above_base(self):
        m = math(
            {
                "base_salary": 200_000,
                "guarantee_years": 1,
                "contract_years": 2,
                "productivity": {
                    "model": "greater-of",
                    "conversion_factor": 50,
                    "expected_wrvus": 5000,
                },
            }
        )
        assert m.productivity == [50_000, 50_000]

    def test_greater_of_unknown_guarantee_covers_every_year(self):
        m = math(
            {
                "base_salary": 300_000,
                "contract_years": 3,
                "productivity": {
                    "model": "greater-of",
                    "conversion_factor": 50,
                    "expected_wrvus": 5000,
                },
            }
        )
        assert m.productivity == [0, 0, 0]
        assert any("every year treated as guaranteed" in a for a in m.assumptions)

    def test_guarantee_years_does_not_change_the_threshold_model(self):
        a = math(
            {
                "guarantee_years": 1,
                "contract_years": 3,
                "productivity": {**THRESHOLD, "expected_wrvus": 5600},
            }
        )
        assert a.productivity == [30_000] * 3

    def test_model_none_and_table_none_are_zero(self):
        assert math({"productivity": {"model": "none"}}).productivity == [0]
        assert math({"productivity": "none"}).productivity == [0]

    def test_unknown_or_vague_productivity_is_unknown(self):
        assert "productivity" in math({}).unknown_terms
        m = math({"productivity": {"vague": "per employer policy"}})
        assert m.productivity == [None] and "productivity" in m.unknown_terms
        assert "productivity.model" in math({"productivity": {"wrvu_threshold": 5}}).unknown_terms


class TestCapacityEstimate:
    def test_estimate_with_stated_pto(self):
        m = math(
            {
                "days_per_week": 4,
                "pto_weeks": 6,
                "productivity": {**THRESHOLD, "visits_per_day": 20, "wrvu_per_visit": 1.5},
            }
        )
        assert m.expected_wrvus == 20 * 1.5 * 4 * 46
        assert m.expected_estimated
        assert not m.assumptions
        assert m.productivity == [(5520 - 5000) * 50]

    def test_unknown_pto_is_four_weeks_and_said_so(self):
        m = math(
            {
                "days_per_week": 4,
                "productivity": {**THRESHOLD, "visits_per_day": 20, "wrvu_per_visit": 1.5},
            }
        )
        assert m.expected_wrvus == 20 * 1.5 * 4 * 48
        assert any("4 weeks assumed" in a for a in m.assumptions)
        assert any("an estimate, the capacity check" in line for line in m.lines)

    def test_stated_expected_wins_over_the_estimate(self):
        m = math(
            {
                "days_per_week": 4,
                "productivity": {
                    **THRESHOLD,
                    "expected_wrvus": 5100,
                    "visits_per_day": 20,
                    "wrvu_per_visit": 1.5,
                },
            }
        )
        assert m.expected_wrvus == 5100 and not m.expected_estimated

    def test_no_estimate_without_days(self):
        m = math({"productivity": {**THRESHOLD, "visits_per_day": 20, "wrvu_per_visit": 1.5}})
        assert m.expected_wrvus is None


class TestOtherParts:
    def test_call_pay(self):
        m = math({"call": {"paid_shifts_per_month": 3, "pay_per_shift": 700}})
        assert m.call_pay == 3 * 12 * 700

    @pytest.mark.parametrize(
        "call",
        [
            "none",
            {"shared_equally": True, "paid_shifts_per_month": "none"},
            {"paid_shifts_per_month": 2, "pay_per_shift": 0},
        ],
    )
    def test_call_pay_zero(self, call):
        assert math({"call": call}).call_pay == 0

    def test_call_pay_unknown(self):
        assert "call" in math({}).unknown_terms
        m = math({"call": {"paid_shifts_per_month": 2}})
        assert m.call_pay is None and "call.pay_per_shift" in m.unknown_terms

    def test_loan_repayment_by_year(self):
        m = math({"contract_years": 3, "loan_repayment_total": 60_000, "loan_repayment_years": 2})
        assert m.loan == [30_000, 30_000, 0]

    def test_loan_none_and_unknown(self):
        assert math({"contract_years": 2, "loan_repayment_total": "none"}).loan == [0, 0]
        m = math({"loan_repayment_total": 60_000})
        assert m.loan == [None] and "loan_repayment_years" in m.unknown_terms
        assert "loan_repayment_total" in math({}).unknown_terms

    def test_retirement_match(self):
        m = math({"base_salary": 300_000, "retirement_match_pct": 4})
        assert m.match == 12_000
        assert "Employer retirement money: $300,000 × (4% match) = $12,000 a year" in m.lines
        assert math({"retirement_match_pct": "none"}).match == 0
        assert "retirement_match_pct" in math({"base_salary": 1}).unknown_terms

    def test_breakeven(self):
        m = math(
            {
                "base_salary": 290_000,
                "productivity": {"model": "threshold", "conversion_factor": 45},
            }
        )
        assert m.breakeven_wrvus == 6444.4
        assert math({"base_salary": 290_000}).breakeven_wrvus is None

    def test_prorated_clawback(self):
        m = math(
            {
                "sign_on_bonus": 40_000,
                "sign_on_forgiveness_months": 24,
                "sign_on_clawback": "prorated",
            }
        )
        assert [(c.month, c.owed) for c in m.clawback] == [(6, 30_000), (12, 20_000), (18, 10_000)]

    def test_cliff_clawback_is_all_of_it_before_the_end(self):
        m = math(
            {"sign_on_bonus": 40_000, "sign_on_forgiveness_months": 36, "sign_on_clawback": "cliff"}
        )
        assert [(c.month, c.owed) for c in m.clawback] == [(12, 40_000), (24, 40_000)]
        assert "after month 36: $0" in m.lines[-1]

    def test_no_clawback_without_its_terms(self):
        assert math({"sign_on_bonus": 40_000, "sign_on_clawback": "prorated"}).clawback == []
        assert (
            math(
                {
                    "sign_on_bonus": "none",
                    "sign_on_forgiveness_months": 24,
                    "sign_on_clawback": "cliff",
                }
            ).clawback
            == []
        )

    def test_tail_estimate_for_claims_made_only(self):
        m = math({"malpractice": {"type": "claims-made", "annual_premium": "$12k"}})
        assert m.tail_estimate == 30_000
        assert "broker's rule of thumb" in m.lines[-1]
        assert (
            math({"malpractice": {"type": "occurrence", "annual_premium": 12_000}}).tail_estimate
            is None
        )

    def test_call_adjusted_hourly(self):
        m = math(
            {
                "base_salary": 240_000,
                "clinic_hours_per_week": 40,
                "pto_weeks": 4,
                "call": {"paid_shifts_per_month": "none", "expected_hours_per_month": 20},
            }
        )
        assert m.call_adjusted_hourly == round(240_000 / (40 * 48 + 240), 2)
        assert (
            math({"base_salary": 240_000, "clinic_hours_per_week": 40}).call_adjusted_hourly is None
        )
        no_call = math(
            {"base_salary": 192_000, "clinic_hours_per_week": 40, "pto_weeks": 4, "call": "none"}
        )
        assert no_call.call_adjusted_hourly == 100


class TestTotals:
    FULL: ClassVar[dict] = {
        "base_salary": 300_000,
        "sign_on_bonus": 20_000,
        "relocation": 10_000,
        "contract_years": 2,
        "loan_repayment_total": 30_000,
        "loan_repayment_years": 1,
        "retirement_match_pct": 5,
        "productivity": {**THRESHOLD, "expected_wrvus": 5200},
        "call": {"paid_shifts_per_month": 1, "pay_per_shift": 1000},
    }

    def test_first_year_and_contract_totals(self):
        m = math(self.FULL)
        # the match is on the pay earned: ($300,000 base + $10,000 productivity) × 5% = $15,500
        year1 = 300_000 + 10_000 + 12_000 + 30_000 + 15_500
        year2 = 300_000 + 10_000 + 12_000 + 0 + 15_500
        assert m.first_year_total == 397_500
        assert m.contract_total == year1 + year2 + 20_000 + 10_000 == 735_000
        assert m.totals_complete and m.unknown_terms == []
        assert any(
            line.startswith("Contract total (2 years): year 1 $367,500 + year 2")
            for line in m.lines
        )

    def test_cme_is_a_benefit_never_in_totals(self):
        with_cme = math({**self.FULL, "cme_allowance": 5000, "cme_days": 5})
        assert with_cme.first_year_total == math(self.FULL).first_year_total
        assert any(
            "CME allowance $5,000" in b and "not added to totals" in b for b in with_cme.benefits
        )

    def test_unknown_contract_years_leaves_contract_total_unknown(self):
        m = math({k: v for k, v in self.FULL.items() if k != "contract_years"})
        assert m.contract_total is None and "contract_years" in m.unknown_terms
        assert m.first_year_total is not None

    def test_nothing_known_gives_no_total_rather_than_zero(self):
        m = math({})
        assert m.first_year_total is None and m.contract_total is None
        assert set(m.unknown_terms) >= {
            "base_salary",
            "sign_on_bonus",
            "relocation",
            "productivity",
            "call",
        }

    def test_quality_bonus_is_never_counted(self):
        base = {"base_salary": 300_000, "productivity": {"model": "none", "quality_bonus": 10_000}}
        assert math(base).first_year_total == 300_000


def test_json_numbers_are_plain():
    r = one(
        {
            "base_salary": "$290k",
            "productivity": {
                "model": "threshold",
                "wrvu_threshold": 6500,
                "conversion_factor": 45,
                "expected_wrvus": 4800,
            },
        }
    )
    data = r.to_json()
    assert data["first_year_total"] == 290_000 and isinstance(data["first_year_total"], int)
    assert data["productivity_pay"] == 0 and isinstance(data["productivity_pay"], int)
    assert data["contract_total"] is None
