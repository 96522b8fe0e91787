"""Issue #14's acceptance check: `coach offer evaluate` on the five structures a contract
reviewer meets most (hospitalist shifts, academic base + incentive %, private practice with a
partnership and buy-in, rural with loan repayment and a cliff sign-on, a production-only draw).

The offers are the TOML block of docs/offers.md's "Five structures in one file", so the docs
example is what is tested. Every expected figure is worked by hand in a comment, as literals.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from coach.cli import main

ROOT = Path(__file__).resolve().parents[2]
HEADING = "### Five structures in one file (issue #14)"


def docs_example() -> str:
    text = (ROOT / "docs" / "offers.md").read_text(encoding="utf-8")
    after = text.split(HEADING, 1)[1]
    block = re.search(r"```toml\n(.*?)```", after, re.S)
    assert block is not None
    return block.group(1)


def evaluated(tmp_path: Path, capsys: Any) -> dict[str, dict[str, Any]]:
    path = tmp_path / "five.toml"
    path.write_text(docs_example(), encoding="utf-8")
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["warnings"] == []
    return {o["employer"]: o for o in out["offers"]}


def flags(offer: dict[str, Any]) -> set[str]:
    return {f["id"] for f in offer["red_flags"]}


def test_the_five_structures_give_the_figures_a_reviewer_would_sign(tmp_path, capsys):
    offers = evaluated(tmp_path, capsys)
    assert list(offers) == [
        "Mercy Hospitalists",
        "University Medicine",
        "Hillside Family Practice",
        "Prairie Rural Health",
        "Summit Surgical",
    ]
    for offer in offers.values():  # every term a total needs is stated
        assert offer["totals_complete"] is True and offer["unknown_terms"] == []

    # 1. Hospitalist: 182 shifts × $1,650 = $300,300; 10 extra × $1,900 = $19,000;
    # plan pay $319,300 × 4% = $12,772; first year 300,300 + 20,000 sign-on + 19,000 + 12,772
    # = $352,072; contract 2 × (300,300 + 19,000 + 12,772) + 20,000 = $684,144
    h = offers["Mercy Hospitalists"]
    assert h["shifts"] == {"shift_pay": 300_300, "extra_shifts": 19_000, "night_differential": None}
    assert h["retirement_match"] == 12_772
    assert (h["first_year_total"], h["contract_total"]) == (352_072, 684_144)
    # prorated $20,000 over 24 months: after 6, 20,000 × 18/24 = 15,000; 12 → 10,000; 18 → 5,000
    assert h["clawback"] == [
        {"month": 6, "owed": 15_000, "paid": None},
        {"month": 12, "owed": 10_000, "paid": None},
        {"month": 18, "owed": 5_000, "paid": None},
    ]
    assert flags(h) == set()
    assert h["employment"]["type"] == "w2"

    # 2. Academic: 250,000 + 15,000 + 10,000 + 5% × 250,000 = 12,500 → $287,500; incentive at
    # most 10% × 250,000 = 25,000, expected 80% = 20,000, never in the total; with it $307,500;
    # contract 3 × 262,500 + 25,000 = $812,500; $250,000 is 86% of AMN 2025's $290,000
    a = offers["University Medicine"]
    assert (a["first_year_total"], a["contract_total"]) == (287_500, 812_500)
    assert a["incentive"] == {
        "maximum": 25_000,
        "expected": 20_000,
        "range": [0, 25_000],
        "first_year_total_with_expected": 307_500,
    }
    assert flags(a) == {"below-market-base"}
    assert "86%" in a["red_flags"][0]["message"]

    # 3. Private practice: (5,200 − 4,800) × $55 = 22,000; 52 weekends ÷ 4 = 13 × $500 = 6,500;
    # plan pay 255,000 + 22,000 = 277,000 × 3% = 8,310; first year 255,000 + 22,000 + 6,500 +
    # 8,310 = $291,810; contract 2 × 291,810 = $583,620; break-even 255,000 ÷ 55 = 4,636.36…
    p = offers["Hillside Family Practice"]
    assert p["productivity_pay"] == 22_000 and p["call_pay"] == 6_500
    assert p["retirement_match"] == 8_310
    assert (p["first_year_total"], p["contract_total"]) == (291_810, 583_620)
    assert p["breakeven_wrvus"] == 4636.4
    # $55 is 92% of MGMA 2021's $59.69 (below 95% = $56.71); $255,000 is 93% of $275,000
    assert flags(p) == {
        "below-market-base",
        "no-sign-on",
        "conversion-factor-below-benchmark",
    }
    # partnership, never in the totals: $400,000 − $277,000 = $123,000 more a year; the
    # $150,000 buy-in pays back in 150,000 ÷ 123,000 = 1.22 → 1.2 years
    assert p["partnership"]["partner_income_rise"] == 123_000
    assert p["partnership"]["buy_in_payback_years"] == 1.2
    assert "$150,000 ÷ 3 years = $50,000 a year" in " ".join(p["partnership"]["notes"])

    # 4. Rural: loan 120,000 ÷ 3 = 40,000 a year; 4% × 280,000 = 11,200; first year 280,000 +
    # 50,000 + 15,000 + 40,000 + 11,200 = $396,200; contract 3 × (280,000 + 40,000 + 11,200)
    # + 65,000 = $1,058,600; cliff over 36 months: all $50,000 after months 12 and 24
    r = offers["Prairie Rural Health"]
    assert r["loan_repayment_by_year"] == [40_000, 40_000, 40_000]
    assert (r["first_year_total"], r["contract_total"]) == (396_200, 1_058_600)
    assert r["clawback"] == [
        {"month": 12, "owed": 50_000, "paid": None},
        {"month": 24, "owed": 50_000, "paid": None},
    ]
    assert flags(r) == {"clawback-cliff", "clawback-outside-your-control"}
    assert r["sign_on"]["paid"] == "start"
    assert r["loan"]["source"] == "employer" and r["loan"]["counted_in_totals"] is True

    # 5. Draw: 5,000 × $65 = 325,000 earned; 325,000 − 350,000 = −25,000 owed back; 4% × 325,000
    # = 13,000; first year 325,000 + 13,000 = $338,000 (never the $350,000 draw); contract
    # 2 × 338,000 = $676,000; break-even 350,000 ÷ 65 = 5,384.6
    d = offers["Summit Surgical"]
    assert d["draw"] == {
        "draw": 350_000,
        "earned": 325_000,
        "true_up": -25_000,
        "reconciliation": "quarterly",
    }
    assert d["retirement_match"] == 13_000
    assert (d["first_year_total"], d["contract_total"]) == (338_000, 676_000)
    assert d["breakeven_wrvus"] == 5384.6
    # no base: the $325,000 earned is 325,000 ÷ 372,000 = 87.4% of AMGA 2022's general-surgery
    # new-resident median, below 95%
    assert flags(d) == {"draw-true-up", "no-sign-on", "below-market-pay"}
    below = next(f for f in d["red_flags"] if f["id"] == "below-market-pay")
    assert below["message"].startswith(
        "With no base salary, expected pay of $325,000 (5,000 wRVUs × $65, a draw against "
        "production) is 87% of the AMGA new-resident median starting salary, $372,000"
    )


def test_the_text_output_says_the_cliff_and_the_draw_beside_the_totals(tmp_path, capsys):
    path = tmp_path / "five.toml"
    path.write_text(docs_example(), encoding="utf-8")
    assert main(["offer", "evaluate", str(path)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "$396,200 (The $50,000 sign-on counts in year 1, but with a cliff clawback all of it is "
        "repaid if you leave before month 36.)"
    ) in text
    assert "Draw true-up $25,000 owed back a year ($325,000 earned − $350,000 draw)" in text
    assert "With incentive $307,500" in text


def test_the_words_a_reviewer_reads_fit_each_structure(tmp_path, capsys):
    offers = evaluated(tmp_path, capsys)

    def asks(employer: str) -> dict[str, str]:
        return {a["id"]: a["script"] for a in offers[employer]["counter_asks"]}

    # a $20,000 sign-on, below AMN 2025's $38,315 average: the ask names it, never asks "about a
    # sign-on bonus" as if there were none; an offer with none gets the plain ask
    mercy = asks("Mercy Hospitalists")
    assert "sign-on" not in mercy
    assert mercy["larger-sign-on"].startswith(
        "Thank you for the $20,000 sign-on bonus. The average physician signing bonus was about "
        "$38,000"
    )
    assert "Would Mercy Hospitalists consider $40,000" in mercy["larger-sign-on"]
    summit = asks("Summit Surgical")
    assert "larger-sign-on" not in summit
    assert summit["sign-on"].startswith("I'd also like to ask about a sign-on bonus.")
    # a shift-paid hospitalist is not "salary only"
    arithmetic = " ".join(offers["Mercy Hospitalists"]["arithmetic"])
    assert "salary only" not in arithmetic
    assert "Productivity: none (pay does not depend on production) = $0" in arithmetic
    # the draw's why says what covers it: $350,000 ÷ $65 = 5,384.6 wRVUs
    why = next(f["why"] for f in offers["Summit Surgical"]["red_flags"] if f["id"] == "draw-true-up")
    assert "The draw is covered only at production of 5,384.6 wRVUs a year" in why
    # a buy-in listed beside the benefits says it is a cost, never something received
    assert (
        "Partnership track: after 2 years, buy-in $150,000 (a cost to you, not added to totals)"
        in offers["Hillside Family Practice"]["benefits"]
    )
    # a shift schedule is stated in shifts a year: days a week is not asked of it, but is of
    # the offers that state no shifts
    assert not any("clinical days a week" in q for q in offers["Mercy Hospitalists"]["questions"])
    assert any("clinical days a week" in q for q in offers["Summit Surgical"]["questions"])
