"""coach offer evaluate / compare: exit codes, text with its arithmetic, the JSON envelope."""

from __future__ import annotations

import json

from coach.cli import main

from .conftest import SAMPLE

NOTICE = (
    "This is preparation, not legal or financial advice. "
    "Have a contract attorney review the contract before you sign."
)


def test_evaluate_text_shows_figures_with_their_arithmetic_and_the_notice_once(capsys):
    assert main(["offer", "evaluate", str(SAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count(NOTICE) == 1 and out.startswith(NOTICE)
    assert "First-year total   $520,000" in out
    assert "Contract total     $1,440,000 over 3 years" in out
    assert "max(0, 5,600 expected − 5,200 threshold) × $52 a wRVU = $20,800 a year" in out
    assert "Break-even         6,444.4 wRVUs" in out
    assert "[high] non-compete: Non-compete: 25 miles for 2 years." in out
    assert "Another offer I'm considering has no non-compete" in out
    assert "Leverage: 80/100, strong" in out
    assert "the article's editorial estimate: 80/100" in " ".join(out.split())  # wrapped


def test_evaluate_json_matches_the_documented_schema(capsys):
    assert main(["offer", "evaluate", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 1 and data["warnings"] == []
    assert data["notice"] == NOTICE
    a, b = data["offers"]
    required = {
        "employer",
        "first_year_total",
        "contract_total",
        "totals_complete",
        "unknown_terms",
        "productivity_pay",
        "call_pay",
        "breakeven_wrvus",
        "benchmark",
        "red_flags",
        "questions",
        "leverage",
        "counter_asks",
        "comparison_lines",
    }
    assert required <= set(a)
    assert (a["first_year_total"], a["contract_total"], a["productivity_pay"], a["call_pay"]) == (
        520000,
        1440000,
        20800,
        19200,
    )
    assert (b["first_year_total"], b["contract_total"], b["breakeven_wrvus"]) == (
        290000,
        870000,
        6444.4,
    )
    assert a["benchmark"] == {
        "value": 290000,
        "source": "AMN Healthcare 2025 Review (press release, 2025-08-05)",
        "year": 2025,
    }
    assert set(b["red_flags"][0]) == {"id", "severity", "message", "why", "source"}
    assert set(b["leverage"]) == {"score", "label", "factors"}
    assert set(b["counter_asks"][0]) == {
        "id",
        "title",
        "priority",
        "ask_whom",
        "script",
        "pivots",
        "source",
    }
    assert b["counter_asks"][0]["id"] == "competing-offer"
    assert a["unknown_terms"] == ["loan_repayment_total", "retirement_match_pct"]


def test_compare_marks_the_best_value(capsys):
    assert main(["offer", "compare", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.count(NOTICE) == 1
    line = next(x for x in out.splitlines() if x.strip().startswith("First-year total"))
    assert "$520,000 *" in line and "$290,000" in line and "$290,000 *" not in line
    assert "* best value in the row" in out


def test_compare_json(capsys):
    assert main(["offer", "compare", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["offers"] == ["Lakeside Health", "Riverbend Medical Group"]
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["base_salary"]["values"] == ["$420,000", "$290,000"] and rows["base_salary"][
        "best"
    ] == [0]
    assert rows["breakeven_wrvus"]["best"] == [1]


def test_bad_file_exits_2_with_one_line_per_problem(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[offer]]\nemployer = "X"\ndays_per_week = 9\nbase_salary = "lots"\n')
    assert main(["offer", "evaluate", str(bad), str(SAMPLE)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f'{bad}:3: offer "X": days_per_week: must be more than 0 and at most 7',
        f'{bad}:4: offer "X": base_salary: "lots" is not an amount of money; '
        'write it as 420000, "420,000", "$420k" or "$1.2M"',
    ]


def test_missing_unparseable_and_empty_files_exit_2(tmp_path, capsys):
    assert main(["offer", "evaluate", str(tmp_path / "none.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("[[offer]\n")
    assert main(["offer", "compare", str(broken)]) == 2
    assert capsys.readouterr().err.startswith(f"{broken}:1:")
    empty = tmp_path / "session.toml"
    empty.write_text('format_version = 1\n[session]\nname = "x"\n')
    assert main(["offer", "evaluate", str(empty)]) == 2
    assert "no [[offer]] tables" in capsys.readouterr().err


def test_offers_from_several_files_compete_and_a_session_file_is_accepted(tmp_path, capsys):
    session = tmp_path / "session.toml"
    session.write_text(
        'format_version = 1\n[session]\nname = "prep"\n[[answer]]\ntext = "x"\n\n'
        '[profile]\nvisa_status = "h1b"\n\n'
        '[[offer]]\nemployer = "Third Group"\nnon_compete = "none"\n'
    )
    assert main(["offer", "evaluate", str(SAMPLE), str(session), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["employer"] for o in data["offers"]] == [
        "Lakeside Health",
        "Riverbend Medical Group",
        "Third Group",
    ]
    factors = {f["name"]: f["points"] for f in data["offers"][1]["leverage"]["factors"]}
    assert factors["competing offers"] == 20 and factors["visa"] == -10


def test_warnings_go_to_stderr_and_json(tmp_path, capsys):
    f = tmp_path / "o.toml"
    f.write_text('[[offer]]\nemployer = "X"\nspecialty = "urology"\n')
    assert main(["offer", "evaluate", str(f)]) == 0
    assert 'specialty: "urology" is not in the market pack' in capsys.readouterr().err
    assert main(["offer", "evaluate", str(f), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("urology" in w for w in data["warnings"])


def test_a_broken_personal_pack_is_a_warning_not_a_failure(isolated_home, capsys):
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "personal.toml").write_text(
        '[override.counter-asks.sign-on]\nscript = "${nope}"\n'
    )
    assert main(["offer", "evaluate", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("override rejected" in w and "sign-on" in w for w in data["warnings"])
    b = data["offers"][1]
    assert any(a["id"] == "sign-on" and "$40,000" in a["script"] for a in b["counter_asks"])


def _doc_example(title: str) -> dict:
    from .conftest import ROOT

    doc = (ROOT / "docs" / "json.md").read_text()
    block = doc.split(f"## `{title}`", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    return json.loads(block)


def test_json_docs_show_the_real_keys_and_figures(capsys):
    example = _doc_example("coach offer evaluate --format json")
    assert main(["offer", "evaluate", str(SAMPLE), "--format", "json"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert set(example) == set(real)
    doc_b, real_b = example["offers"][0], real["offers"][1]
    assert set(doc_b) == set(real_b)
    for key, value in doc_b.items():
        if (
            value is None
            or isinstance(value, bool | int | float)
            or key in ("unknown_terms", "benchmark")
        ):
            assert real_b[key] == value, key
        if isinstance(value, list) and value and isinstance(value[0], dict):
            assert set(value[0]) == set(real_b[key][0]), key
    compare = _doc_example("coach offer compare --format json")
    assert main(["offer", "compare", str(SAMPLE), "--format", "json"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert set(compare) == set(real)
    real_rows = {r["key"]: r for r in real["rows"]}
    for row in compare["rows"]:
        assert real_rows[row["key"]] == row
