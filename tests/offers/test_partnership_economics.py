"""Issue #14: partnership economics: partner income against the pay now, the buy-in's simple
payback, how it is paid, the vote, and whether it is paid back on leaving. Figures worked by
hand in comments."""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main
from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

PRACTICE: dict[str, Any] = {
    "employer": "Hillside Family Practice",
    "specialty": "family-medicine",
    "base_salary": "$255k",
    "contract_years": 2,
    "productivity": {
        "model": "threshold",
        "wrvu_threshold": 4800,
        "conversion_factor": 55,
        "expected_wrvus": 5200,
    },
}
ECONOMICS: dict[str, Any] = {
    "track_years": 2,
    "buy_in": "$150k",
    "partner_income": "$400k",
    "buy_in_payment": "payroll-deduction",
    "buy_in_years": 3,
    "vote": "majority",
    "buy_in_returned": "none",
}


def test_the_payback_the_deduction_the_vote_and_the_return_are_worked_out():
    table = {**PRACTICE, "partnership": ECONOMICS}
    r = one(table)
    # pay now: $255,000 + (5,200 − 4,800) × $55 = $277,000; $400,000 − $277,000 = $123,000;
    # payback $150,000 ÷ $123,000 = 1.2195… → 1.2 years; deduction $150,000 ÷ 3 = $50,000
    assert r.math.partner_rise == 123_000
    assert r.math.buy_in_payback_years == 1.2
    assert r.math.first_year_total == 277_000  # never the partner income or the buy-in
    facts = {f.label: f.text for f in review_of(run(table)).offers[0].totals}
    assert facts["Partnership"] == (
        "partner income $400,000 a year expected against $277,000 now (year 1's pay for work): "
        "$123,000 more a year; the $150,000 buy-in pays back in $150,000 ÷ $123,000 = 1.2 years "
        "(simple payback, before tax); the buy-in is deducted from pay: $150,000 ÷ 3 years = "
        "$50,000 a year; admission: a majority of the partners; the buy-in is not paid back if "
        "you leave"
    )
    # every economic term is stated: nothing missing to flag, nothing of them to ask
    assert "partnership-economics" not in r.flag_ids
    assert not any("What do partners earn" in q for q in r.questions)
    flag = next(f for f in r.red_flags if f.id == "buy-in-not-returned")
    assert flag.message == "The $150,000 buy-in is not paid back if you leave."
    assert "Dickstein" in flag.source
    ask = next(a for a in r.counter_asks if a.id == "buy-in-mirrors-buy-out")
    assert ask.script.startswith("On the $150,000 buy-in, I'd ask")


def test_a_partner_income_with_no_rise_never_pays_back():
    table = {**PRACTICE, "partnership": {**ECONOMICS, "partner_income": "$270k"}}
    r = one(table)
    # $270,000 − $277,000 = −$7,000: no rise
    assert r.math.partner_rise == -7_000 and r.math.buy_in_payback_years is None
    flag = next(f for f in r.red_flags if f.id == "buy-in-no-payback")
    assert flag.message == (
        "Partner income of $270,000 is no more than your pay now, $277,000: the $150,000 buy-in "
        "never pays back from income."
    )


def test_missing_economics_are_named_and_asked_never_assumed():
    table = {**PRACTICE, "partnership": {"track_years": 2, "buy_in": "$150k", "vote": "none"}}
    r = one(table)
    flag = next(f for f in r.red_flags if f.id == "partnership-economics")
    assert flag.message == (
        "Partnership after 2 years with a $150,000 buy-in: the offer does not say what partners "
        "earn, how the buy-in is paid or whether the buy-in is paid back if you leave."
    )
    assert r.math.partner_rise is None and r.math.buy_in_payback_years is None
    assert (
        "What do partners earn now (and associates), so I can work out the payback of the "
        "buy-in?" in r.questions
    )
    assert not any(q.startswith("Who votes on making me a partner") for q in r.questions)
    assert r.math.partnership_notes == ["admission: no vote: admitted on the written criteria"]


def test_bad_partnership_terms_are_refused_with_a_clear_message():
    text = """[[offer]]
employer = "X"

[offer.partnership]
buy_in_payment = "lump"
buy_in_years = 3
vote = "two-thirds"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:7: offer "X": partnership.vote: unknown value "two-thirds"; one of "majority", '
        '"supermajority", "unanimous"',
    ]
    text = text.replace('vote = "two-thirds"\n', "")
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:6: offer "X": partnership.buy_in_years: only for a buy-in paid from pay: set '
        'buy_in_payment = "payroll-deduction"',
    ]


def test_the_json_carries_the_partnership(tmp_path, capsys):
    path = tmp_path / "o.toml"
    path.write_text(
        """[[offer]]
employer = "Hillside Family Practice"
base_salary = "$300k"
productivity = "none"

[offer.partnership]
track_years = 3
buy_in = "$200k"
partner_income = "$460k"
buy_in_returned = "full"
"""
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    # $460,000 − $300,000 = $160,000; $200,000 ÷ $160,000 = 1.25 years, shown to one decimal
    assert offer["partnership"]["partner_income_rise"] == 160_000
    assert offer["partnership"]["buy_in_payback_years"] == 1.3  # 1.25, half up
    assert offer["partnership"]["notes"][-1] == "the buy-in is paid back in full if you leave"
