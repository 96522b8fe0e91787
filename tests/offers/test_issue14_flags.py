"""Issue #14: flags and asks gated on the pay model and on material gaps, the missing flags, and
totals a resident can trust at a glance. Every expected figure is worked by hand in a comment."""

from __future__ import annotations

from typing import Any

from coach.offers.review import json_number, review_of

from .conftest import one, run

TH: dict[str, Any] = {"model": "threshold", "conversion_factor": 50}


def flag_ids(table: dict[str, Any]) -> set[str]:
    return {f.id for f in one(table).red_flags}


def asks(table: dict[str, Any]) -> set[str]:
    r = one(table)
    return {a.id for a in r.counter_asks} | {h.id for h in r.held_back}


def severity(table: dict[str, Any], flag_id: str) -> str:
    return next(f.severity for f in one(table).red_flags if f.id == flag_id)


# --- 1. flags and asks that fired wrongly ---------------------------------------------------


def test_a_zero_mile_or_zero_year_non_compete_counts_as_none():
    for nc in ({"miles": 0, "years": 2}, {"miles": 25, "years": 0}, {"miles": 0, "years": 0}):
        table = {"non_compete": nc}
        assert "non-compete" not in flag_ids(table)
        assert "narrow-non-compete" not in asks(table)  # never "no more than 1 year"
        questions = " ".join(one(table).questions)
        assert "non-compete" not in questions.lower()


def test_a_zero_mile_non_compete_is_never_called_narrower():
    ev = run({"non_compete": {"miles": 25, "years": 2}}, {"non_compete": {"miles": 0, "years": 1}})
    broad, zero = ev.results
    assert any("no non-compete" in line for line in broad.comparison_lines)
    assert not any("narrower" in line for line in broad.comparison_lines)
    assert not zero.comparison_lines  # the 25-mile covenant is better in nothing


def test_no_guarantee_not_on_a_straight_salary():
    for prod in ("none", {"model": "none"}):
        table = {"guarantee_years": 0, "productivity": prod}
        assert "no-guarantee" not in flag_ids(table)
        assert "guarantee" not in asks(table)
    assert "no-guarantee" not in flag_ids({"guarantee_years": 0})  # model unknown: a question
    paid = {"guarantee_years": 0, "productivity": {"model": "threshold"}}
    assert "no-guarantee" in flag_ids(paid) and "guarantee" in asks(paid)


def test_the_guarantee_ask_needs_productivity_pay():
    assert "guarantee" not in asks({"guarantee_years": 1, "productivity": "none"})
    assert "guarantee" not in asks({"guarantee_years": 1})
    assert "guarantee" in asks({"guarantee_years": 1, "productivity": {"model": "greater-of"}})


def test_a_threshold_gap_inside_five_percent_is_not_material():
    # 4,508 ÷ 4,500 = 1.0018: 0.2% above, under 5%
    quiet = {"productivity": {**TH, "wrvu_threshold": 4508, "expected_wrvus": 4500}}
    assert "wrvu-threshold-above-expected" not in flag_ids(quiet)
    assert "lower-wrvu-threshold" not in asks(quiet)
    # 4,725 = 4,500 × 1.05 exactly: not beyond the gap
    edge = {"productivity": {**TH, "wrvu_threshold": 4725, "expected_wrvus": 4500}}
    assert "wrvu-threshold-above-expected" not in flag_ids(edge)
    # 4,800 ÷ 4,500 = 1.0667: 7% above
    loud = {"productivity": {**TH, "wrvu_threshold": 4800, "expected_wrvus": 4500}}
    flag = next(f for f in one(loud).red_flags if f.id == "wrvu-threshold-above-expected")
    assert flag.message == "The wRVU threshold (4,800) is 7% above the 4,500 wRVUs expected."


def test_one_ask_for_the_threshold_with_one_target():
    # family medicine: median 4,936 (MGMA 2020). Threshold 5,500 is 5.8% above 5,200 expected
    # (5,500 ÷ 5,200 = 1.0577) and above the median: one ask, for the lower of 5,200 and 4,936.
    table = {
        "specialty": "family-medicine",
        "productivity": {**TH, "wrvu_threshold": 5500, "expected_wrvus": 5200},
    }
    r = one(table)
    assert {"wrvu-threshold-above-expected", "wrvu-threshold-above-median"} <= r.flag_ids
    threshold_asks = [a for a in r.counter_asks if "threshold" in a.title.lower()]
    assert [a.id for a in threshold_asks] == ["lower-wrvu-threshold"]
    script = threshold_asks[0].script
    assert "at or below 4,936 wRVUs" in script
    assert "the 5,200 wRVUs expected and the median of 4,936 wRVUs for family medicine" in script


def test_rural_non_compete_severity_follows_the_rural_range():
    # physician-contract-attorney.com: rural 15–50 miles is reasonable
    rural = {"region": "rural", "non_compete": {"miles": 30, "years": 1}}
    assert severity(rural, "non-compete") == "low"
    assert severity({**rural, "region": "secondary"}, "non-compete") == "high"
    assert severity({**rural, "non_compete": {"miles": 51, "years": 1}}, "non-compete") == "high"
    assert severity({**rural, "non_compete": {"miles": 30, "years": 2}}, "non-compete") == "high"


def test_call_frequency_none_asks_nothing_about_paid_shifts():
    r = one({"call": {"frequency": "none"}})
    assert r.call_pay == 0
    assert "call.paid_shifts_per_month" not in r.math.unknown_terms
    assert not any("shift" in q.lower() for q in r.questions)
    assert "unpaid-call" not in r.flag_ids


# --- 2. missing flags -----------------------------------------------------------------------


def test_production_below_base_on_the_sample_offer_a():
    # $420,000 ÷ $52 = 8,076.9 wRVUs to break even; 5,600 × $52 = $291,200 < $399,000 (95%)
    table = {
        "base_salary": "$420k",
        "contract_years": 3,
        "productivity": {
            "model": "threshold",
            "wrvu_threshold": 5200,
            "conversion_factor": 52,
            "expected_wrvus": 5600,
        },
    }
    flag = next(f for f in one(table).red_flags if f.id == "production-below-base")
    assert flag.severity == "medium"  # salaried through the contract
    assert flag.message == (
        "Expected production (5,600 wRVUs × $52) is worth $291,200, below the $420,000 base: "
        "break-even is 8,076.9 wRVUs."
    )


def test_production_below_base_is_high_when_pay_falls_inside_the_contract():
    # greater-of, 1-year guarantee in 3 years: 5,000 × $50 = $250,000 against $300,000;
    # years 2–3 pay $250,000 − $300,000 = −$50,000 a year
    table = {
        "base_salary": 300_000,
        "guarantee_years": 1,
        "contract_years": 3,
        "productivity": {"model": "greater-of", "conversion_factor": 50, "expected_wrvus": 5000},
    }
    r = one(table)
    assert r.math.productivity == [0, -50_000, -50_000]
    assert severity(table, "production-below-base") == "high"
    # production within 5% of base is not material: 5,800 × $50 = $290,000 ≥ $285,000
    near = {**table, "productivity": {**table["productivity"], "expected_wrvus": 5800}}
    assert "production-below-base" not in flag_ids(near)
    # a straight salary never raises it
    assert "production-below-base" not in flag_ids({"base_salary": 300_000, "productivity": "none"})


def test_conversion_factor_below_the_median_per_wrvu():
    # family medicine: $59.69 a wRVU (MGMA 2021); $45 ÷ $59.69 = 75%
    table = {"specialty": "family-medicine", "productivity": {**TH, "conversion_factor": 45}}
    flag = next(f for f in one(table).red_flags if f.id == "conversion-factor-below-benchmark")
    assert flag.message == (
        "The conversion factor, $45 a wRVU, is 75% of the specialty's median compensation per "
        "wRVU, $59.69 (MGMA 2021 family medicine median compensation per wRVU (VMG Health citing "
        "MGMA), 2021)."
    )
    # internal medicine has no per-wRVU figure in the pack: nothing to compare with
    assert "conversion-factor-below-benchmark" not in flag_ids(
        {"specialty": "internal-medicine", "productivity": {**TH, "conversion_factor": 30}}
    )


def test_split_tail_is_flagged_with_its_estimate_and_asked_about():
    # 2.5 × $12,000 = $30,000
    table = {
        "malpractice": {"type": "claims-made", "tail_paid_by": "split", "annual_premium": "$12k"}
    }
    flag = next(f for f in one(table).red_flags if f.id == "tail-split")
    assert "an estimated $30,000" in flag.message
    assert "employer-pays-tail" in asks(table)


def test_partnership_with_track_and_buy_in_raises_its_questions():
    table = {"partnership": {"track_years": 2, "buy_in": "$150k"}}
    r = one(table)
    flag = next(f for f in r.red_flags if f.id == "partnership-economics")
    assert flag.message.startswith("Partnership after 2 years with a $150,000 buy-in:")
    assert any("partners earn" in q for q in r.questions)
    assert any("votes" in q for q in r.questions)
    assert "partnership-terms" in asks(table)
    assert "partnership-economics" not in flag_ids({"partnership": {"track_years": 2}})


# --- 3. totals a resident doubts at a glance ------------------------------------------------


def test_no_cents_in_totals():
    # $100,000 ÷ 3 = $33,333.33 a year: shown as $33,333
    r = one({"base_salary": 300_000, "loan_repayment_total": 100_000, "loan_repayment_years": 3})
    text = "\n".join(r.arithmetic)
    assert "$33,333 a year" in text and ".33" not in text


def test_none_threshold_is_never_drawn_as_best():
    ev = run(
        {"productivity": {"model": "threshold", "wrvu_threshold": "none"}},
        {"productivity": {"model": "threshold", "wrvu_threshold": 5000}},
    )
    row = next(r for r in review_of(ev).side_by_side.rows if r.key == "productivity.wrvu_threshold")
    assert row.cells == ("none", "5,000")
    assert row.best == ()


def test_no_star_beside_red_flags():
    ev = run({"sign_on_bonus": "none"}, {"sign_on_bonus": 40_000})
    row = next(r for r in review_of(ev).side_by_side.rows if r.key == "red_flags")
    assert row.best == ()


def test_json_numbers_are_rounded():
    assert json_number(4076.7999999999997) == 4076.8
    assert json_number(290000.0) == 290000
    # 16.1 visits × 1.3 wRVU × 4 days × 48 weeks = 4,018.56 (a float gives 4018.5600000000004)
    table = {
        "days_per_week": 4,
        "pto_weeks": 4,
        "productivity": {**TH, "wrvu_threshold": 4000, "visits_per_day": 16.1, "wrvu_per_visit": 1.3},
    }
    data = one(table).to_json()
    assert data["expected_wrvus"] == 4018.6
    assert data["productivity_pay"] == 928  # (4,018.56 − 4,000) × $50 = $928.00


def test_a_cliff_sign_on_in_year_one_says_it_is_repaid_in_full():
    table = {
        "base_salary": 300_000,
        "sign_on_bonus": 40_000,
        "sign_on_clawback": "cliff",
        "sign_on_forgiveness_months": 24,
    }
    review = review_of(run(table)).offers[0]
    first = next(f.text for f in review.totals if f.label == "First-year total")
    assert first == (
        "$340,000 (The $40,000 sign-on counts in year 1, but with a cliff clawback all of it is "
        "repaid if you leave before month 24.)"
    )
    prorated = review_of(run({**table, "sign_on_clawback": "prorated"})).offers[0]
    assert next(f.text for f in prorated.totals if f.label == "First-year total") == "$340,000"
