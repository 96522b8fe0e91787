"""Issue #14: when the sign-on is paid and what triggers repaying it. Figures worked by hand in
comments, as docs/offers.md's worked examples state them."""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main
from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

SALARY: dict[str, Any] = {
    "employer": "Lakeside Health",
    "base_salary": "$300k",
    "contract_years": 2,
    "relocation": "none",
    "loan_repayment_total": "none",
    "retirement_match_pct": "none",
    "productivity": "none",
    "call": "none",
}


def shown(table: dict[str, Any]) -> dict[str, str]:
    return {f.label: f.text for f in review_of(run(table)).offers[0].totals}


def test_a_sign_on_in_instalments_counts_each_years_part():
    table = {
        **SALARY,
        "sign_on_bonus": "$30k",
        "sign_on_paid": "instalments",
        "sign_on_instalment_years": 3,
    }
    m = one(table).math
    # $30,000 ÷ 3 = $10,000 at the start of years 1–3; the contract is 2 years, so $10,000
    # falls after it. First year $300,000 + $10,000 = $310,000 (never the whole $30,000);
    # contract 2 × ($300,000 + $10,000) = $620,000
    assert m.sign_on_by_year == [10_000, 10_000]
    assert m.sign_on_after_contract == 10_000
    assert m.first_year_total == 310_000 and m.contract_total == 620_000
    assert m.year_totals == [310_000, 310_000]
    assert shown(table)["Sign-on"] == (
        "paid in 3 equal instalments of $30,000 ÷ 3 = $10,000, at the start of years 1–3; "
        "$10,000 of it falls after the 2-year contract and is not counted"
    )


def test_a_sign_on_at_signing_counts_in_year_one_and_says_when():
    table = {
        **SALARY,
        "sign_on_bonus": "$40k",
        "sign_on_paid": "signing",
        "sign_on_forgiveness_months": 24,
        "sign_on_clawback": "prorated",
        "sign_on_repaid_if_not_started": True,
        "sign_on_repaid_if_terminated_without_cause": False,
    }
    r = one(table)
    # $300,000 + $40,000 = $340,000; contract 2 × $300,000 + $40,000 = $640,000
    assert r.math.first_year_total == 340_000 and r.math.contract_total == 640_000
    assert shown(table)["Sign-on"] == (
        "paid at signing, before you start; repaid (pro rata) if you leave before month 24; "
        "repaid in full if you do not start; not repaid if the employer ends the contract "
        "without cause"
    )
    # leaving before the start is the resident's own choice: a note, not a flag
    assert "clawback-outside-your-control" not in {f.id for f in r.red_flags}
    # paid before the start: whether a delayed start costs it is asked
    assert any("If my start is delayed by licensing" in q for q in r.questions)


def test_repayment_the_resident_does_not_control_is_flagged_with_its_ask():
    table = {
        **SALARY,
        "sign_on_bonus": "$25k",
        "sign_on_paid": "start",
        "sign_on_repaid_if_terminated_without_cause": True,
        "sign_on_repaid_if_start_delayed": True,
    }
    r = one(table)
    flag = next(f for f in r.red_flags if f.id == "clawback-outside-your-control")
    assert flag.severity == "high"
    assert flag.message == (
        "The $25,000 sign-on is repaid if your start is delayed or falls through because a "
        "licence, hospital privileges or payer enrollment is not complete or the employer ends "
        "the contract without cause: something you do not control."
    )
    assert "Sheik v. Grant Regional Health Center" in flag.source
    ask = next(a for a in r.counter_asks if a.id == "clawback-only-your-choice")
    assert ask.script.startswith("On the $25,000 sign-on, I'd ask that repayment apply only if")
    assert shown(table)["Sign-on"].endswith(
        "repaid if the employer ends the contract without cause: not in your control"
    )


def test_unknown_timing_and_triggers_stay_unknown_and_are_asked():
    table = {**SALARY, "sign_on_bonus": "$20k", "sign_on_clawback": "prorated"}
    r = one(table)
    assert r.math.first_year_total == 320_000  # counted in year 1, as before
    assert r.math.sign_on_notes == []  # nothing is said that the offer does not say
    assert "When is the sign-on paid: at signing, when I start, or in instalments?" in r.questions
    assert (
        "Is the sign-on repaid if you end the contract without cause, or only if I resign or am "
        "terminated for cause?"
    ) in r.questions
    assert "clawback-outside-your-control" not in {f.id for f in r.red_flags}


def test_instalments_without_their_years_are_counted_in_year_one_and_asked():
    table = {**SALARY, "sign_on_bonus": "$20k", "sign_on_paid": "instalments"}
    r = one(table)
    assert r.math.first_year_total == 320_000  # $300,000 + $20,000
    assert (
        "sign-on paid in instalments, their number not stated: counted in year 1 (ask)"
        in r.math.assumptions
    )
    assert "Over how many years are the sign-on's instalments paid?" in r.questions


def test_bad_timing_is_refused_with_a_clear_message():
    text = """[[offer]]
employer = "X"
sign_on_paid = "later"
sign_on_instalment_years = 2
sign_on_repaid_if_not_started = "maybe"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:3: offer "X": sign_on_paid: unknown value "later"; one of "signing", "start", '
        '"instalments"',
        'o.toml:5: offer "X": sign_on_repaid_if_not_started: must be true or false',
        'o.toml:4: offer "X": sign_on_instalment_years: only for a sign-on paid in instalments: '
        'set sign_on_paid = "instalments"',
    ]


def test_the_json_carries_the_sign_on_terms(tmp_path, capsys):
    path = tmp_path / "o.toml"
    path.write_text(
        """[[offer]]
employer = "Lakeside Health"
base_salary = "$300k"
contract_years = 3
sign_on_bonus = "$30k"
sign_on_paid = "instalments"
sign_on_instalment_years = 2
sign_on_repaid_if_terminated_without_cause = true
"""
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    # $30,000 ÷ 2 = $15,000 in years 1 and 2, none in year 3
    assert offer["sign_on"] == {
        "amount": 30_000,
        "paid": "instalments",
        "instalment_years": 2,
        "by_year": [15_000, 15_000, 0],
        "after_contract": None,
        "repaid_if": {
            "not_started": None,
            "start_delayed": None,
            "terminated_without_cause": True,
        },
        "outside_your_control": ["the employer ends the contract without cause"],
        "notes": [
            "paid in 2 equal instalments of $30,000 ÷ 2 = $15,000, at the start of years 1–2",
            "repaid if the employer ends the contract without cause: not in your control",
        ],
    }
    assert offer["first_year_total"] == 315_000  # $300,000 + $15,000; the rest unknown
