"""Issue #14: W-2 or 1099. A 1099 contractor pays both halves of Social Security and Medicare
and gets no employee benefits; compare says so. Figures worked by hand in comments."""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main
from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

SHIFTS: dict[str, Any] = {
    "employer": "Locum Hospitalists",
    "specialty": "hospitalist",
    "contract_years": 1,
    "productivity": "none",
    "shifts": {"shifts_per_year": 182, "pay_per_shift": "$1,650"},
}


def test_a_1099_offer_says_what_the_contractor_pays_and_lacks():
    r = one({**SHIFTS, "employment_type": "1099"})
    # pay $300,300 (182 × $1,650), above the $184,500 wage base (SSA 2026):
    # 6.2% × $184,500 = $11,439; 1.45% × $300,300 = $4,354.35; $15,793.35 in all
    assert r.math.se_employer_half == 15_793.35
    assert r.math.first_year_total == 300_300  # shown beside the totals, never subtracted
    flag = next(f for f in r.red_flags if f.id == "contractor-1099")
    assert flag.severity == "medium"
    assert "about $15,793 a year more than as an employee at the same pay" in flag.message
    assert "Self-Employment Tax" in flag.source
    facts = {
        f.label: f.text
        for f in review_of(run({**SHIFTS, "employment_type": "1099"})).offers[0].totals
    }
    assert facts["Employment"] == (
        "1099 independent contractor: you pay both halves of Social Security and Medicare (about "
        "$15,793 a year more than an employee at this pay) and get no employee benefits (health, "
        "disability, a retirement plan) unless the contract states them"
    )


def test_below_the_wage_base_the_whole_pay_counts():
    table = {
        **SHIFTS,
        "employment_type": "1099",
        "shifts": {"shifts_per_year": 100, "pay_per_shift": "$1,500"},
    }
    # $150,000 is below the wage base: 6.2% × $150,000 = $9,300 + 1.45% × $150,000 = $2,175
    assert one(table).math.se_employer_half == 11_475


def test_a_w2_offer_is_named_against_a_1099_one():
    contractor = {**SHIFTS, "employment_type": "1099"}
    employee = {
        **SHIFTS,
        "employer": "Mercy Hospitalists",
        "employment_type": "W-2",  # read as w2
        "shifts": {"shifts_per_year": 182, "pay_per_shift": "$1,650"},
    }
    ev = run(contractor, employee)
    assert ev.results[1].offer.employment_type == "w2"
    assert any(
        "W-2 employment (the employer pays half of Social Security and Medicare" in line
        for line in ev.results[0].comparison_lines
    )
    assert not any("W-2" in line for line in ev.results[1].comparison_lines)
    assert "contractor-1099" not in ev.results[1].flag_ids
    rows = {row.key: row for row in review_of(ev).side_by_side.rows}
    assert rows["employment_type"].cells == ("1099", "w2")


def test_unknown_employment_says_nothing_and_an_unknown_pay_is_not_estimated():
    r = one(SHIFTS)
    assert r.math.employment_note is None and "contractor-1099" not in r.flag_ids
    unknown_pay = one({"employer": "X", "employment_type": "1099"})
    assert unknown_pay.math.se_employer_half is None
    flag = next(f for f in unknown_pay.red_flags if f.id == "contractor-1099")
    assert "about 7.65% of your pay a year more" in flag.message


def test_a_bad_employment_type_is_refused():
    text = """[[offer]]
employer = "X"
employment_type = "contractor"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:3: offer "X": employment_type: unknown value "contractor"; one of "w2", "1099"'
    ]


def test_the_json_carries_the_employment(tmp_path, capsys):
    path = tmp_path / "o.toml"
    path.write_text(
        """[[offer]]
employer = "Locum Hospitalists"
employment_type = "1099"
base_salary = "$200k"
productivity = "none"
"""
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    # 6.2% × $184,500 = $11,439 + 1.45% × $200,000 = $2,900: $14,339
    assert offer["employment"]["type"] == "1099"
    assert offer["employment"]["self_employment_tax_employer_half"] == 14_339
    assert offer["red_flags"][0]["id"] == "contractor-1099"
