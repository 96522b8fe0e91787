"""`coach check` and `coach rules ...`: exit codes, text and JSON shapes, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from coach import store
from coach.cli import main
from tests.rules.helpers import RULE_TOML, write_pack

DESPERATE = "Honestly I'm pretty open to anything, I just need a job in Chicago."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_shape_and_exit_one_on_desperation(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", DESPERATE)
    assert code == 1
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["warnings"] == []
    assert data["counts"]["desperation"] >= 1
    for flag in data["flags"]:
        assert set(flag) == {
            "rule",
            "signal",
            "severity",
            "start",
            "end",
            "match",
            "message",
            "why",
            "rewrite",
        }
        assert DESPERATE[flag["start"] : flag["end"]] == flag["match"]
        assert isinstance(flag["rewrite"], list)


def test_check_exit_zero_without_desperation(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "I'm not open to anything below $350k.")
    assert code == 0
    assert json.loads(out)["counts"]["desperation"] == 0


def test_check_text_marks_spans_and_explains(capsys):
    code, out, _ = run(capsys, "check", DESPERATE)
    assert code == 1
    assert "⟦1 I'm pretty open to anything⟧" in out
    assert "Why:" in out and "Try instead:" in out


def test_check_reads_standard_input_with_dash(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DESPERATE.encode() + b"\xff")))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    assert code == 1 and json.loads(out)["flags"]


def test_check_rules_replaces_all_layers_in_order(tmp_path, capsys):
    first = write_pack(
        tmp_path / "a.toml", RULE_TOML.format(id="mine", phrase="pick me", example="pick me")
    )
    code, out, _ = run(
        capsys, "check", "--format", "json", "--rules", str(first), DESPERATE + " pick me"
    )
    data = json.loads(out)
    assert code == 1 and [f["rule"] for f in data["flags"]] == ["mine"]


def test_check_rules_on_a_pack_that_does_not_load_exits_two(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--rules", str(bad), "text")
    assert code == 2
    assert f"{bad}:1:" in err and "Traceback" not in err
    code, _, err = run(capsys, "check", "--rules", str(tmp_path / "missing.toml"), "text")
    assert code == 2 and "cannot read" in err


def test_quarantined_personal_rule_is_a_warning_not_an_exit_code(capsys):
    personal = store.personal_path()
    personal.write_text(
        RULE_TOML.format(id="mine", phrase="pick me", example="does not fire"), encoding="utf-8"
    )
    code, out, err = run(capsys, "check", "--format", "json", "all good here")
    assert code == 0
    [warning] = json.loads(out)["warnings"]
    assert "mine: quarantined: did not fire" in warning
    code, out, err = run(capsys, "check", "all good here")
    assert code == 0 and "quarantined" in err


def test_broken_personal_pack_still_checks_with_built_in_rules(capsys):
    store.personal_path().write_text("[override.phrases\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", DESPERATE)
    data = json.loads(out)
    assert code == 1 and data["flags"]
    assert any("personal.toml:1:" in w for w in data["warnings"])


def test_rules_lint_and_test_are_clean_on_the_built_in_pack(capsys):
    assert run(capsys, "rules", "lint")[0] == 0
    code, out, err = run(capsys, "rules", "test")
    assert code == 0 and out == "" and "all examples behave" in err


def test_rules_test_reports_failing_examples_with_location(tmp_path, capsys):
    pack = write_pack(
        tmp_path / "p.toml", RULE_TOML.format(id="mine", phrase="pick me", example="no match")
    )
    code, out, _ = run(capsys, "rules", "test", str(pack))
    assert code == 1
    assert f'{pack}:15: mine: quarantined: did not fire on "no match"' in out


def test_rules_lint_flags_common_word_phrases_and_duplicates(tmp_path, capsys):
    pack = write_pack(
        tmp_path / "p.toml",
        RULE_TOML.format(id="hedge", phrase="just", example="just")
        + RULE_TOML.format(id="dup", phrase="pick me", example="pick me")
        + RULE_TOML.format(id="dup-two", phrase="pick me", example="pick me"),
    )
    code, out, _ = run(capsys, "rules", "lint", str(pack))
    assert code == 1
    assert 'hedge: phrase "just" is made only of very common words' in out
    assert 'dup-two: phrase "pick me" is also in rule dup' in out


def test_rules_lint_on_unparseable_file_exits_two(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\x00\x01")
    code, out, _ = run(capsys, "rules", "lint", str(bad))
    assert code == 2 and str(bad) in out


def test_rules_list_text_and_json_show_origin_and_overrides(capsys):
    store.personal_path().write_text(
        '[override.phrases.open-to-anything]\nseverity = "low"\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "rules", "list", "--kind", "phrases", "--format", "json")
    assert code == 0
    items = {i["id"]: i for i in json.loads(out)["items"]}
    item = items["open-to-anything"]
    assert item["layer"] == "built-in" and item["path"].endswith("phrases.toml")
    assert item["overrides"][0]["keys"] == {"severity": "low"}
    code, out, _ = run(capsys, "rules", "list")
    assert "changed by" in out and 'severity="low"' in out


def test_usage_errors_exit_two(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "yaml", "x"])
    assert info.value.code == 2
    code, _, err = run(capsys, "rules", "list", "--kind", "nope")
    assert code == 2 and "--kind" in err


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "coach", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.startswith("coach ")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (False, None)),
        (["--sample"], (True, None)),
        (["--session", "first-job"], (False, "first-job")),
        (["--session=first-job"], (False, "first-job")),
        (["--session"], None),
        (["--sample", "--session", "x"], None),
        (["check", "x"], None),
        (["--version"], None),
    ],
)
def test_app_launch_lines_skip_the_parser_and_nothing_else_does(argv, expected):
    from coach.cli import _app_launch

    assert _app_launch(argv) == expected
