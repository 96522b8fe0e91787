"""Issue #14: who pays the loan repayment. The employer's is taxable pay and counted; a
program's (NHSC, a state program) is not the employer's money and is never counted. Figures
worked by hand in comments."""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main
from coach.offers.parse import parse_offer_text
from coach.offers.review import review_of

from .conftest import one, run

RURAL: dict[str, Any] = {
    "employer": "Prairie Rural Health",
    "specialty": "family-medicine",
    "region": "rural",
    "base_salary": "$280k",
    "contract_years": 3,
    "sign_on_bonus": "none",
    "relocation": "none",
    "retirement_match_pct": "none",
    "productivity": "none",
    "call": "none",
    "loan_repayment_total": "$100k",
    "loan_repayment_years": 2,
}


def test_a_program_loan_is_shown_apart_and_never_counted():
    table = {**RURAL, "loan_repayment_source": "nhsc"}
    r = one(table)
    # $100,000 ÷ 2 = $50,000 a year in years 1–2, from NHSC: not the employer's pay
    assert r.math.loan == [0, 0, 0] and r.math.program_loan == [50_000, 50_000, 0]
    assert r.math.first_year_total == 280_000
    assert r.math.contract_total == 840_000  # 3 × $280,000
    assert r.math.totals_complete
    facts = {f.label: f.text for f in review_of(run(table)).offers[0].totals}
    assert facts["Loan repayment"] == (
        "from the NHSC Loan Repayment Program: $50,000 a year in years 1–2; exempt from federal "
        "income and employment taxes (NHSC; University of Maryland); not the employer's money, "
        "so not counted in the totals (awarded by the program, not promised by the employer)"
    )


def test_an_employer_loan_is_taxable_pay_and_counted():
    table = {**RURAL, "loan_repayment_source": "employer"}
    m = one(table).math
    # $280,000 + $50,000 = $330,000; contract 3 × $280,000 + 2 × $50,000 = $940,000
    assert m.loan == [50_000, 50_000, 0]
    assert (m.first_year_total, m.contract_total) == (330_000, 940_000)
    assert m.loan_note == (
        "paid by the employer: $50,000 a year in years 1–2, taxable pay like salary, counted in "
        "the totals"
    )


def test_an_unknown_source_is_counted_as_the_employers_said_and_asked():
    r = one(RURAL)
    assert r.math.first_year_total == 330_000  # as before: $280,000 + $50,000
    assert (
        "loan repayment's source not stated: counted as the employer's (taxable) pay (ask)"
        in r.math.assumptions
    )
    assert any(q.startswith("Is the loan repayment paid by you (taxable pay)") for q in r.questions)


def test_nhsc_for_a_profile_that_cannot_receive_it_is_flagged():
    table = {**RURAL, "loan_repayment_source": "nhsc"}
    for visa, fires in (("h1b", True), ("j1-waiver", True), ("citizen", False)):
        r = run(table, profile={"visa_status": visa}).results[0]
        assert ("nhsc-citizens-only" in r.flag_ids) is fires, visa
    # no profile: eligibility unknown, nothing said
    assert "nhsc-citizens-only" not in one(table).flag_ids
    # issue #15's ask is untouched: a citizen at a rural site with no loan repayment still gets it
    citizen = run(
        {**RURAL, "loan_repayment_total": "none"}, profile={"visa_status": "citizen"}
    ).results[0]
    assert "nhsc-approved-site" in {a.id for a in citizen.counter_asks}


def test_a_program_loan_never_makes_the_other_offer_look_worse():
    nhsc = {**RURAL, "loan_repayment_source": "nhsc"}
    employer = {
        **RURAL,
        "employer": "Valley Clinic",
        "loan_repayment_total": "$60k",
        "loan_repayment_years": 3,
        "loan_repayment_source": "employer",
    }
    ev = run(nhsc, employer)
    # the NHSC offer's employer pays $0 toward loans; Valley pays $60,000: Valley's is better
    assert any("$60,000 in loan repayment" in line for line in ev.results[0].comparison_lines)
    assert not any("loan repayment" in line for line in ev.results[1].comparison_lines)
    rows = {row.key: row for row in review_of(ev).side_by_side.rows}
    assert rows["loan_repayment_total"].best == (1,)  # never the program's $100,000


def test_an_unknown_source_word_is_refused():
    text = """[[offer]]
employer = "X"
loan_repayment_source = "hospital"
"""
    assert [str(p) for p in parse_offer_text(text, "o.toml").problems] == [
        'o.toml:3: offer "X": loan_repayment_source: unknown value "hospital"; one of '
        '"employer", "nhsc", "state-program", "other-program"'
    ]


def test_the_json_says_who_pays(tmp_path, capsys):
    path = tmp_path / "o.toml"
    path.write_text(
        """[[offer]]
employer = "Prairie Rural Health"
base_salary = "$280k"
contract_years = 3
loan_repayment_total = "$90k"
loan_repayment_years = 3
loan_repayment_source = "state-program"
"""
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    # $90,000 ÷ 3 = $30,000 a year, a state program's: not in the totals
    assert offer["loan"]["source"] == "state-program"
    assert offer["loan"]["counted_in_totals"] is False
    assert offer["loan"]["program_by_year"] == [30_000, 30_000, 30_000]
    assert offer["loan_repayment_by_year"] == [0, 0, 0]
    assert offer["first_year_total"] == 280_000
