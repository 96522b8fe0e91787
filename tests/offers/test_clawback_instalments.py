"""Issue #14: a sign-on paid in instalments can only be clawed back from what has been paid by
the time you leave (per the letter's schedule), never from the whole sign-on. Figures worked by
hand in the comments (docs/offers.md, "Clawback owed")."""

from __future__ import annotations

import json
from typing import Any

from coach.cli import main

from .conftest import one

BASE: dict[str, Any] = {
    "employer": "Lakeside Health",
    "base_salary": "$300k",
    "contract_years": 3,
    "sign_on_paid": "instalments",
}


def test_a_prorated_clawback_is_worked_on_what_has_been_paid():
    table = {
        **BASE,
        "sign_on_bonus": "$30k",
        "sign_on_instalment_years": 3,
        "sign_on_forgiveness_months": 36,
        "sign_on_clawback": "prorated",
    }
    m = one(table).math
    # $30,000 ÷ 3 = $10,000 at the start of years 1, 2 and 3. Shown after months 12 and 24:
    # after 12: 1 paid, $10,000 × (36 − 12) ÷ 36 = $6,666.67 (not $30,000 × 24 ÷ 36 = $20,000)
    # after 24: 2 paid, $20,000 × (36 − 24) ÷ 36 = $6,666.67 (not $10,000)
    assert [(c.month, c.paid, c.owed) for c in m.clawback] == [
        (12, 10_000, 6_666.67),
        (24, 20_000, 6_666.67),
    ]
    line = next(x for x in m.lines if x.startswith("Clawback"))
    assert line == (
        "Clawback (prorated, 36 months) if you leave after month 12: $10,000 paid by then "
        "(1 of 3 instalments) × (36 − 12) ÷ 36 = $6,667; after month 24: $20,000 paid by then "
        "(2 of 3 instalments) × (36 − 24) ÷ 36 = $6,667; after month 36: $0"
    )


def test_a_cliff_clawback_takes_back_only_the_instalments_paid():
    table = {
        **BASE,
        "sign_on_bonus": "$40k",
        "sign_on_instalment_years": 2,
        "sign_on_forgiveness_months": 24,
        "sign_on_clawback": "cliff",
    }
    m = one(table).math
    # $20,000 at the start of years 1 and 2; shown after months 6, 12, 18: the second is paid
    # at the start of year 2 (after month 12), so $20,000, $20,000, then all $40,000
    assert [(c.month, c.owed) for c in m.clawback] == [(6, 20_000), (12, 20_000), (18, 40_000)]


def test_a_sign_on_paid_at_once_is_clawed_back_whole_as_before():
    table = {
        **BASE,
        "sign_on_paid": "signing",
        "sign_on_bonus": "$30k",
        "sign_on_forgiveness_months": 36,
        "sign_on_clawback": "prorated",
    }
    # $30,000 × (36 − 12) ÷ 36 = $20,000; × (36 − 24) ÷ 36 = $10,000
    assert [(c.month, c.paid, c.owed) for c in one(table).math.clawback] == [
        (12, None, 20_000),
        (24, None, 10_000),
    ]


def test_json_says_what_was_paid_by_then(tmp_path, capsys):
    path = tmp_path / "o.toml"
    path.write_text(
        """[[offer]]
employer = "Lakeside Health"
base_salary = "$300k"
contract_years = 3
sign_on_bonus = "$30k"
sign_on_paid = "instalments"
sign_on_instalment_years = 3
sign_on_forgiveness_months = 36
sign_on_clawback = "prorated"
""",
        encoding="utf-8",
    )
    assert main(["offer", "evaluate", str(path), "--format", "json"]) == 0
    offer = json.loads(capsys.readouterr().out)["offers"][0]
    assert offer["clawback"] == [
        {"month": 12, "owed": 6666.67, "paid": 10000},
        {"month": 24, "owed": 6666.67, "paid": 20000},
    ]
