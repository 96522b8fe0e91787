"""Issue #14, the format extension: a draw against production, retirement counted honestly
(capped, vested and unvested apart) and an incentive as an expected figure with its range. Every
expected figure is worked by hand in a comment, as docs/offers.md's worked examples state them.
"""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main
from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

# Terms that would otherwise be unknown (and listed as such): none of them in these offers.
NOTHING_ELSE: dict[str, Any] = {
    "sign_on_bonus": "none",
    "relocation": "none",
    "loan_repayment_total": "none",
    "call": "none",
}

DRAW: dict[str, Any] = {
    **NOTHING_ELSE,
    "employer": "Valley Ortho",
    "contract_years": 2,
    "retirement_match_pct": 4,
    "retirement_vesting": "cliff",
    "retirement_vesting_years": 3,
    "productivity": {
        "model": "draw",
        "draw": "$300k",
        "conversion_factor": 60,
        "expected_wrvus": 4500,
        "reconciliation": "quarterly",
    },
}


def facts(table: dict[str, Any]) -> dict[str, str]:
    review = review_of(run(table))
    return {f.label: f.text for f in review.offers[0].totals}


# --- 1. a draw against production -------------------------------------------------------------


def test_a_draw_counts_earned_pay_and_its_true_up_on_a_line_of_its_own():
    r = one(DRAW)
    m = r.math
    # 4,500 wRVUs × $60 = $270,000 earned; $270,000 − $300,000 draw = −$30,000 (owed back)
    assert m.earned_pay == 270_000 and m.draw == 300_000 and m.draw_true_up == -30_000
    assert m.first_year_total == 270_000  # never the $300,000 draw
    assert m.contract_total == 540_000  # 2 × $270,000
    assert m.breakeven_wrvus == 5000  # $300,000 ÷ $60
    assert "base_salary" not in m.unknown_terms and m.totals_complete
    assert (
        "Draw true-up (reconciled quarterly): $270,000 earned − $300,000 draw = -$30,000: "
        "$30,000 owed back a year"
    ) in m.lines
    assert any(
        line.startswith(
            "First-year total: $300,000 draw + $0 sign-on + $0 relocation − $30,000 draw true-up"
        )
        for line in m.lines
    )
    shown = facts(DRAW)
    assert shown["First-year total"] == "$270,000"
    assert shown["Draw true-up"] == "$30,000 owed back a year ($270,000 earned − $300,000 draw)"


def test_a_draw_that_production_beats_is_paid_out():
    # 5,500 × $60 = $330,000 earned: $30,000 paid out over the $300,000 draw
    table = {**DRAW, "productivity": {**DRAW["productivity"], "expected_wrvus": 5500}}
    assert one(table).math.first_year_total == 330_000
    assert "draw-true-up" not in {f.id for f in one(table).red_flags}
    assert facts(table)["Draw true-up"] == (
        "$30,000 paid out a year ($330,000 earned − $300,000 draw)"
    )


def test_the_draw_true_up_flag_names_what_is_owed():
    flag = next(f for f in one(DRAW).red_flags if f.id == "draw-true-up")
    assert flag.severity == "high"
    assert flag.message == (
        "At 4,500 wRVUs × $60 you earn $270,000, $30,000 a year less than the $300,000 draw: "
        "that is owed back at reconciliation."
    )
    # $300,000 ÷ $60 = 5,000 wRVUs
    assert (
        "The draw is covered only at production of 5,000 wRVUs a year (draw ÷ conversion factor)."
        in flag.why
    )


def test_a_draw_asks_about_its_reconciliation_not_its_base():
    table = {
        **DRAW,
        "productivity": {k: v for k, v in DRAW["productivity"].items() if k != "reconciliation"},
    }
    questions = one(table).questions
    assert any(q.startswith("How often is the draw reconciled") for q in questions)
    assert not any(q.startswith("What is the base salary") for q in questions)
    assert not any(q.startswith("How many years is the base guaranteed") for q in questions)


def test_a_draw_with_a_base_salary_or_draw_terms_without_a_draw_are_refused():
    text = """[[offer]]
employer = "Valley Ortho"
base_salary = "$300k"

[offer.productivity]
model = "draw"
draw = "$300k"

[[offer]]
employer = "Lakeside"

[offer.productivity]
model = "threshold"
reconciliation = "annual"
"""
    problems = [str(p) for p in parse_offer_text(text, "o.toml").problems]
    assert problems == [
        'o.toml:3: offer "Valley Ortho": base_salary: leave it out of a draw offer: write the '
        "draw as productivity.draw (what you are paid is what production earns)",
        'o.toml:14: offer "Lakeside": productivity.reconciliation: only for a draw: set '
        'productivity.model = "draw" (or "collections")',
    ]


def test_an_unknown_draw_stays_unknown():
    table = {
        **DRAW,
        "productivity": {"model": "draw", "conversion_factor": 60, "expected_wrvus": 4500},
    }
    m = one(table).math
    assert "productivity.draw" in m.unknown_terms
    assert m.draw is None and m.draw_true_up is None


# --- 2. retirement, honestly -----------------------------------------------------------------

SALARY: dict[str, Any] = {**NOTHING_ELSE, "contract_years": 1, "productivity": "none"}


def test_the_match_counts_only_capped_pay():
    # 3% of $450,000 would be $13,500; the plan counts at most $360,000 (IRS 401(a)(17), 2026):
    # 3% × $360,000 = $10,800
    m = one({**SALARY, "base_salary": "$450k", "retirement_match_pct": 3}).math
    assert m.match == 10_800 and m.first_year_total == 460_800
    assert (
        "Retirement plan pay: the pay earned, capped at $360,000 (IRS 401(a)(17) compensation "
        "limit, 2026; IRS, COLA increases for dollar limitations on benefits and contributions "
        "(irs.gov))"
    ) in m.lines
    assert "Employer retirement money: $360,000 × (3% match) = $10,800 a year" in m.lines


def test_employer_money_is_at_most_the_415c_limit():
    # 25% × $360,000 = $90,000 > $72,000 (IRS 415(c), 2026)
    m = one(
        {
            **SALARY,
            "base_salary": "$450k",
            "retirement_match_pct": "none",
            "retirement_contribution_pct": 25,
        }
    ).math
    assert m.retirement_by_year == [72_000]
    assert m.first_year_total == 522_000  # $450,000 + $72,000


def test_the_match_follows_pay_down_after_the_guarantee():
    # greater-of, $300,000 base, 5,000 × $50 = $250,000 production, 1-year guarantee of 3:
    # plan pay $300,000 then $250,000; 4% → $12,000, $10,000, $10,000
    table = {
        **NOTHING_ELSE,
        "base_salary": 300_000,
        "guarantee_years": 1,
        "contract_years": 3,
        "retirement_match_pct": 4,
        "retirement_vesting": "immediate",
        "productivity": {"model": "greater-of", "conversion_factor": 50, "expected_wrvus": 5000},
    }
    m = one(table).math
    assert m.retirement_by_year == [12_000, 10_000, 10_000]
    assert m.first_year_total == 312_000
    # ($300,000 + $0 + $12,000) + 2 × ($300,000 − $50,000 + $10,000)
    assert m.contract_total == 832_000


def test_cliff_vesting_keeps_unvested_money_out_of_a_one_year_comparison():
    # $300,000 × 5% contribution = $15,000; cliff at 3 years: none of it is yours after year 1
    table = {
        **SALARY,
        "base_salary": 300_000,
        "retirement_match_pct": "none",
        "retirement_contribution_pct": 5,
        "retirement_vesting": "cliff",
        "retirement_vesting_years": 3,
    }
    m = one(table).math
    assert m.retirement_vested_first == 0 and m.retirement_unvested_first == 15_000
    assert m.first_year_total == 300_000
    shown = facts(table)
    assert shown["Not yet vested"] == (
        "$15,000 after year 1, not counted (forfeited if you leave then)"
    )


def test_graded_vesting_counts_the_vested_share():
    # $15,000 a year, graded over 4 years, 3-year contract: 1/4 after year 1 ($3,750 counted,
    # $11,250 not); 3/4 of $45,000 at the end = $33,750 counted, $11,250 not
    table = {
        **SALARY,
        "contract_years": 3,
        "base_salary": 300_000,
        "retirement_match_pct": "none",
        "retirement_contribution_pct": 5,
        "retirement_vesting": "graded",
        "retirement_vesting_years": 4,
    }
    m = one(table).math
    assert (m.retirement_vested_first, m.retirement_unvested_first) == (3_750, 11_250)
    assert (m.retirement_vested_contract, m.retirement_unvested_contract) == (33_750, 11_250)
    assert m.first_year_total == 303_750
    assert m.contract_total == 933_750  # 3 × $300,000 + $33,750
    data = json.loads(json.dumps(run(table).to_json()))["offers"][0]["retirement"]
    assert data == {
        "employer_by_year": [15_000, 15_000, 15_000],
        "vested_first_year": 3_750,
        "unvested_first_year": 11_250,
        "vested_contract": 33_750,
        "unvested_contract": 11_250,
    }


def test_unknown_vesting_is_said_and_asked():
    r = one({**SALARY, "base_salary": 300_000, "retirement_match_pct": 4})
    assert any(a.startswith("vesting not stated") for a in r.math.assumptions)
    assert any(q.startswith("When is the employer's retirement money mine") for q in r.questions)


def test_cliff_vesting_needs_its_years():
    text = '[[offer]]\nemployer = "X"\nretirement_vesting = "cliff"\nretirement_vesting_years = 0\n'
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:4: offer "X": retirement_vesting_years: must be at least 1 for cliff vesting '
        "(immediate vesting needs no years)"
    ]


# --- 3. an incentive as a percent of base ----------------------------------------------------

ACADEMIC: dict[str, Any] = {
    **SALARY,
    "base_salary": "$250k",
    "retirement_match_pct": "none",
    "incentive": {"percent_of_base": 10, "expected_payout_pct": 80},
}


def test_an_incentive_is_expected_with_its_range_and_kept_out_of_the_total():
    # 10% × $250,000 = $25,000 at most; 80% of it = $20,000 expected
    m = one(ACADEMIC).math
    assert m.first_year_total == 250_000  # the guaranteed total leaves it out
    assert (m.incentive_max, m.incentive_expected) == (25_000, 20_000)
    assert m.first_year_with_incentive == 270_000
    shown = facts(ACADEMIC)
    assert shown["Incentive"] == (
        "expected $20,000 a year (range $0–$25,000), not guaranteed, not in the totals above"
    )
    assert shown["With incentive"] == "$270,000"
    data = run(ACADEMIC).to_json()["offers"][0]["incentive"]
    assert data == {
        "maximum": 25_000,
        "expected": 20_000,
        "range": [0, 25_000],
        "first_year_total_with_expected": 270_000,
    }


def test_a_quality_bonus_is_an_incentive_now():
    # $10,000 quality bonus, payout unknown: at most $10,000, expected unknown (asked)
    table = {
        **SALARY,
        "base_salary": "$250k",
        "retirement_match_pct": "none",
        "productivity": {"model": "none", "quality_bonus": "$10k"},
    }
    r = one(table)
    assert r.math.incentive_max == 10_000 and r.math.incentive_expected is None
    assert r.math.first_year_total == 250_000
    assert facts(table)["Incentive"] == (
        "expected payout unknown a year (range $0–$10,000), not guaranteed, not in the totals above"
    )
    assert any(q.startswith("What share of the incentive") for q in r.questions)


def test_an_incentive_given_two_ways_is_refused():
    text = """[[offer]]
employer = "X"

[offer.incentive]
percent_of_base = 10
amount = "$25k"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:6: offer "X": incentive.amount: give the incentive as percent_of_base or as '
        "amount, not both"
    ]


def test_the_cli_json_carries_the_draw(tmp_path, capsys):
    path = tmp_path / "draw.toml"
    path.write_text(
        """[[offer]]
employer = "Valley Ortho"
contract_years = 2

[offer.productivity]
model = "draw"
draw = "$300k"
conversion_factor = 60
expected_wrvus = 4500
reconciliation = "annual"
"""
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    assert offer["draw"] == {
        "draw": 300_000,
        "earned": 270_000,
        "true_up": -30_000,
        "reconciliation": "annual",
    }
    assert offer["first_year_total"] == 270_000


# --- 4. shift-based pay, and call as a letter states it --------------------------------------

HOSPITALIST: dict[str, Any] = {
    **SALARY,
    "employer": "Mercy Hospitalists",
    "retirement_match_pct": "none",
    "shifts": {
        "shifts_per_year": 182,
        "pay_per_shift": "$1,700",
        "extra_shifts_per_year": 12,
        "extra_shift_pay": "$2,000",
        "night_shifts_per_year": 182,
        "night_differential": "$200",
    },
}


def test_a_nocturnist_paid_by_the_shift():
    # 182 × $1,700 = $309,400; 12 extra × $2,000 = $24,000; 182 nights × $200 = $36,400
    m = one(HOSPITALIST).math
    assert (m.shift_pay, m.extra_shift_pay, m.night_pay) == (309_400, 24_000, 36_400)
    assert m.first_year_total == 369_800
    assert run(HOSPITALIST).to_json()["offers"][0]["shifts"] == {
        "shift_pay": 309_400,
        "extra_shifts": 24_000,
        "night_differential": 36_400,
    }
    assert "base_salary" not in m.unknown_terms and m.totals_complete
    assert "Shift pay: 182 shifts a year × $1,700 a shift = $309,400 a year" in m.lines
    assert "Extra shifts: 12 a year × $2,000 a shift = $24,000 a year" in m.lines
    assert "Night differential: 182 night shifts a year × $200 = $36,400 a year" in m.lines
    assert any(
        line.startswith("First-year total: $309,400 shift pay")
        and "+ $24,000 extra shifts + $36,400 night differential" in line
        for line in m.lines
    )


def test_a_base_for_a_shift_schedule_shows_the_rate_a_shift():
    # $300,000 ÷ 182 = $1,648.35 a shift
    table = {
        **SALARY,
        "base_salary": "$300k",
        "retirement_match_pct": "none",
        "shifts": {"shifts_per_year": 182},
    }
    m = one(table).math
    assert "Pay a scheduled shift: $300,000 base ÷ 182 shifts = $1,648.35 a shift" in m.lines
    assert m.first_year_total == 300_000


def test_shift_pay_with_a_base_too_is_refused():
    text = """[[offer]]
employer = "X"
base_salary = "$300k"

[offer.shifts]
shifts_per_year = 182
pay_per_shift = "$1,700"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:7: offer "X": shifts.pay_per_shift: give the pay as base_salary or as '
        "shifts_per_year × pay_per_shift, not both"
    ]


LETTER_CALL: dict[str, Any] = {
    **SALARY,
    "base_salary": "$250k",
    "retirement_match_pct": "none",
    "call": {
        "weekday_call": "1:4",
        "weekday_rate": "$150",
        "weekend_call": "1 in 6",
        "weekend_rate": "$300",
        "holiday_call": "1:4",
        "holiday_rate": "$500",
        "holidays_per_year": 8,
    },
}


def test_call_as_the_letter_states_it_is_converted_with_the_arithmetic_shown():
    # weekdays 260 ÷ 4 = 65 × $150 = $9,750; weekends 52 ÷ 6 = 8.67 × $300 = $2,600;
    # holidays 8 ÷ 4 = 2 × $500 = $1,000; $13,350 in all
    m = one(LETTER_CALL).math
    assert m.call_pay == 13_350 and m.first_year_total == 263_350
    assert "Weekday call 1:4: 260 weekdays a year ÷ 4 = 65 a year × $150 = $9,750 a year" in m.lines
    assert (
        "Weekend call 1:6: 52 weekends a year ÷ 6 = 8.67 a year × $300 = $2,600 a year" in m.lines
    )
    assert "Holiday call 1:4: 8 holidays a year ÷ 4 = 2 a year × $500 = $1,000 a year" in m.lines
    assert "Call pay: $13,350 a year" in m.lines
    r = one(LETTER_CALL)
    assert "unpaid-call" not in {f.id for f in r.red_flags}
    assert not any("paid call shifts" in q.lower() for q in r.questions)


def test_letter_call_without_its_holidays_or_rate_stays_unknown_and_is_asked():
    call = {k: v for k, v in LETTER_CALL["call"].items() if k != "holidays_per_year"}
    r = one({**LETTER_CALL, "call": call})
    assert r.math.call_pay is None and "call.holidays_per_year" in r.math.unknown_terms
    assert any(q.startswith("Which holidays does the holiday call") for q in r.questions)
    r = one({**LETTER_CALL, "call": {"weekend_call": "1:6"}})
    assert r.math.call_pay is None and "call.weekend_rate" in r.math.unknown_terms
    assert "What is a weekend of call paid?" in r.questions


def test_unpaid_letter_call_is_flagged():
    r = one({**LETTER_CALL, "call": {"weekend_call": "1:6", "weekend_rate": "none"}})
    flag = next(f for f in r.red_flags if f.id == "unpaid-call")
    assert "1:6 weekends" in flag.message
    assert r.math.call_pay == 0


def test_paid_shifts_and_letter_rates_together_are_refused():
    text = """[[offer]]
employer = "X"

[offer.call]
paid_shifts_per_month = 2
weekend_rate = "$300"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:6: offer "X": call.weekend_rate: give paid call as paid_shifts_per_month × '
        "pay_per_shift or as 1:N with a rate (weekday, weekend, holiday), not both"
    ]


# --- 5. FTE: part time compared full time ----------------------------------------------------

# Internal medicine's benchmark is $290,000 (AMN 2025): 95% of it is $275,500.
PART_TIME: dict[str, Any] = {
    **SALARY,
    "employer": "Lakeside Part-time",
    "specialty": "internal-medicine",
    "base_salary": "$180k",
    "fte": 0.6,
    "retirement_match_pct": "none",
}


def test_a_part_time_base_is_not_below_market_when_it_is_not_full_time():
    # $180,000 ÷ 0.6 = $300,000 full-time, above $275,500
    r = one(PART_TIME)
    assert "below-market-base" not in {f.id for f in r.red_flags}
    assert r.math.first_year_total == 180_000  # what is actually paid
    assert facts(PART_TIME)["Full-time base"] == (
        "$300,000 base at 1.0 FTE ($180,000 ÷ 0.6 FTE); benchmarks are compared with this"
    )
    assert r.fields["base_pct_of_benchmark"] == 300_000 / 290_000 * 100


def test_a_part_time_base_below_market_full_time_says_so():
    # $150,000 ÷ 0.6 = $250,000 full-time: 86% of $290,000
    r = one({**PART_TIME, "base_salary": "$150k"})
    flag = next(f for f in r.red_flags if f.id == "below-market-base")
    assert flag.message.startswith("Base $150,000 at 0.6 FTE ($250,000 full-time) is 86% of the")


def test_offers_at_different_fte_are_compared_full_time():
    # $180,000 at 0.6 FTE is $300,000 full time, above a full-time $290,000 base
    full = {**PART_TIME, "employer": "Riverbend", "base_salary": "$290k", "fte": 1}
    evaluation = run(PART_TIME, full)
    part, whole = evaluation.results
    assert any("a higher full-time-equivalent base ($300,000)" in c for c in whole.comparison_lines)
    assert not any("base" in c for c in part.comparison_lines)
    rows = {row.key: row for row in review_of(evaluation).side_by_side.rows}
    assert rows["base_full_time"].cells == ("$300,000", "$290,000")
    assert rows["base_full_time"].best == (0,)
    assert rows["base_salary"].best == (0,)  # not the raw $290,000


def test_fte_must_be_above_0_and_at_most_1():
    text = '[[offer]]\nemployer = "X"\nfte = 1.5\n'
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:3: offer "X": fte: must be more than 0 and at most 1'
    ]


def test_an_incentive_percent_for_a_shift_paid_offer_is_of_the_shift_pay():
    # 5% × $309,400 shift pay = $15,470 at most; 70% of it = $10,829 expected
    table = {**HOSPITALIST, "incentive": {"percent_of_base": 5, "expected_payout_pct": 70}}
    m = one(table).math
    assert (m.incentive_max, m.incentive_expected) == (15_470, 10_829)
    assert m.first_year_total == 369_800  # unchanged: the incentive is never in it
