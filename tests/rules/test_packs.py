"""Loading, locating problems, layering, overrides and quarantine."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import PERSONAL, PROGRAM
from coach.rules.layering import load_files
from coach.rules.library import load_given, phrase_checker
from coach.rules.pack_files import parse_pack_text
from tests.rules.helpers import RULE_TOML, write_pack


def base_pack(tmp_path: Path) -> Path:
    return write_pack(
        tmp_path / "base.toml",
        RULE_TOML.format(id="open", phrase="open to anything", example="I'm open to anything")
        + RULE_TOML.format(
            id="whatever", phrase="whatever you need", example="I'll do whatever you need"
        ),
    )


def messages(lib) -> list[str]:
    return [str(p) for p in lib.problems]


def test_schema_problems_name_file_line_column_and_id(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        """[[rule]]
id = "bad-one"
signal = "despair"
severity = "hgh"
phrases = ["[unclosed"]
message = "m"
why = "w"
examples = ["x"]
colour = "red"
""",
    )
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    text = "\n".join(messages(lib))
    assert f"{path}:15:1: bad-one: quarantined: unknown key colour" in text
    assert (
        f'{path}:10:1: bad-one: quarantined: severity must be "low", "medium" or "high", not \'hgh\' (did you mean "high"?)'
        in text
    )
    assert f"{path}:9:1: bad-one: quarantined: signal must be" in text
    assert f"{path}:11:13: bad-one: quarantined: phrases \"[unclosed\": '[' is never closed" in text
    assert lib.items("phrases") == []


def test_unknown_key_gets_did_you_mean(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        RULE_TOML.format(id="a", phrase="x y", example="x y") + 'rewrites = ["z"]\n',
    )
    assert 'unknown key rewrites (did you mean "rewrite"?)' in "\n".join(
        messages(load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS))
    )


def test_toml_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[pack]\nkind = "phrases"\nname = \n', encoding="utf-8")
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    assert lib.failed_files == [str(path)]
    assert messages(lib)[0].startswith(f"{path}:3:8: invalid TOML")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[pack]\nkind = "phrases"\nname = "\xff"\n', ":3:9: not UTF-8"),
        (b'[pack]\nkind = "phr\x1b[31mases"\n', ":2:12: control character"),
    ],
)
def test_bytes_that_are_not_text_are_refused_with_a_position(tmp_path, content, expected):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    assert expected in messages(lib)[0]


def test_huge_pack_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    assert (
        "coach refuses files over 16 MiB"
        in messages(load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS))[0]
    )


@given(st.binary(max_size=400))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_load_without_raising(tmp_path, blob):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(blob)
    lib = load_files([(path, PERSONAL)], pack_kinds=PACK_KINDS)
    assert isinstance(lib.problems, list)


def test_failing_examples_quarantine_only_that_user_rule(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        RULE_TOML.format(id="good", phrase="whatever you need", example="whatever you need")
        + RULE_TOML.format(id="broken", phrase="open to anything", example="this will not fire"),
    )
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    assert [r.id for r in lib.items("phrases")] == ["good"]
    [problem] = [p for p in lib.problems if p.item == "broken"]
    assert problem.severity == "warning"
    assert str(problem) == f'{path}:25: broken: quarantined: did not fire on "this will not fire"'


def test_redefining_an_id_needs_replace_and_names_both_files(tmp_path):
    base = base_pack(tmp_path)
    again = write_pack(
        tmp_path / "again.toml",
        RULE_TOML.format(id="open", phrase="open to all", example="open to all"),
    )
    lib = load_files([(base, PROGRAM), (again, PROGRAM)], pack_kinds=PACK_KINDS)
    [problem] = lib.errors()
    assert str(again) in str(problem) and f"{base}:" in str(problem)
    assert lib.get("phrases", "open").phrases == ("open to anything",)

    replacing = write_pack(
        tmp_path / "replace.toml",
        RULE_TOML.format(id="open", phrase="open to all", example="open to all")
        + "replace = true\n",
    )
    lib = load_files([(base, PROGRAM), (replacing, PROGRAM)], pack_kinds=PACK_KINDS)
    assert lib.get("phrases", "open").phrases == ("open to all",)
    assert lib.entries["phrases"]["open"].raw.replaced[0].path == str(base)


def test_personal_overrides_disable_relevel_and_add_exception(tmp_path):
    base = base_pack(tmp_path)
    personal = tmp_path / "personal.toml"
    personal.write_text(
        """format_version = 1
[override.phrases.whatever]
enabled = false

[override.phrases.open]
severity = "high"
add_unless = ["open to anything reasonable"]
add_counterexamples = ["I'm open to anything reasonable on call."]
""",
        encoding="utf-8",
    )
    lib = load_files([(base, PROGRAM), (personal, PERSONAL)], pack_kinds=PACK_KINDS)
    assert lib.errors() == []
    assert lib.get("phrases", "whatever").enabled is False
    opened = lib.get("phrases", "open")
    assert opened.severity == "high"
    assert "open to anything reasonable" in opened.unless
    checker = phrase_checker(lib)
    assert checker.check("I'll do whatever you need") == []
    assert checker.check("I'm open to anything reasonable") == []
    assert [f.severity for f in checker.check("I'm open to anything")] == ["high"]
    [(origin, body)] = lib.entries["phrases"]["open"].raw.overrides
    assert origin.layer == PERSONAL and body["severity"] == "high"


def test_override_that_breaks_the_rules_own_examples_is_rejected(tmp_path):
    base = base_pack(tmp_path)
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[override.phrases.open]\nadd_unless = ["open to anything"]\n', encoding="utf-8"
    )
    lib = load_files([(base, PROGRAM), (personal, PERSONAL)], pack_kinds=PACK_KINDS)
    [problem] = lib.errors()
    assert "override rejected" in problem.message and str(base) in problem.message
    assert problem.path == str(personal) and problem.line == 1
    assert lib.get("phrases", "open").unless == ()  # the built-in rule stays as it was
    assert phrase_checker(lib).check("I'm open to anything")


def test_override_of_unknown_id_and_unknown_key(tmp_path):
    base = base_pack(tmp_path)
    personal = tmp_path / "personal.toml"
    personal.write_text(
        '[override.phrases.opn]\nenabled = false\n\n[override.phrases.open]\nphrases = ["x"]\n',
        encoding="utf-8",
    )
    text = "\n".join(
        messages(load_files([(base, PROGRAM), (personal, PERSONAL)], pack_kinds=PACK_KINDS))
    )
    assert 'override of unknown phrases id (did you mean "open"?)' in text
    assert f"{personal}:5:1: open: unknown override key phrases" in text


def test_a_pack_is_a_layer_for_check_rules_alone(tmp_path):
    lib = load_given(
        [base_pack(tmp_path)], kinds=["phrases"], on_builtin=False, pack_kinds=PACK_KINDS
    )
    assert sorted(r.id for r in lib.items("phrases")) == ["open", "whatever"]


def test_missing_pack_table_and_wrong_kind(tmp_path):
    _, problems = parse_pack_text('[[rule]]\nid = "a"\n', "x.toml", PROGRAM, pack_kinds=PACK_KINDS)
    assert any("missing [pack] table" in p.message for p in problems)
    _, problems = parse_pack_text(
        '[pack]\nkind = "phrase"\nname="n"\nversion="1"\ndescription="d"\n',
        "x.toml",
        PROGRAM,
        pack_kinds=PACK_KINDS,
    )
    assert any('did you mean "phrases"' in p.message for p in problems)


@pytest.mark.parametrize(
    ("escape", "named"),
    [
        ("\\b", "U+0008"),
        ("\\f", "U+000C"),
        ("\\r", "U+000D"),
        ("\\u0007", "U+0007"),
        ("\\U0000001b", "U+001B"),
        ("\\u202e", "U+202E"),
    ],
)
def test_every_toml_escape_that_writes_a_refused_character_is_caught(escape, named):
    # the walk over parsed values runs only when the text holds one of these escapes
    text = (
        '[pack]\nkind = "phrases"\nname = "n"\nversion = "1"\ndescription = "d"\n'
        f'[[rule]]\nid = "a"\nsignal = "desperation"\nseverity = "low"\nphrases = ["x y"]\n'
        f'message = "m{escape}m"\nwhy = "w"\n'
    )
    pack, problems = parse_pack_text(text, "x.toml", PROGRAM, pack_kinds=PACK_KINDS)
    assert pack is None
    assert [(p.line, named in p.message) for p in problems] == [(11, True)]


def test_self_test_cache_is_used_and_keyed_by_content(tmp_path):
    path = write_pack(tmp_path / "p.toml", RULE_TOML.format(id="a", phrase="x y", example="nope"))
    cache_dir = tmp_path / "cache"
    cache = cache_dir / "selftests.json"
    first = load_files([(path, PROGRAM)], cache_dir=cache_dir, pack_kinds=PACK_KINDS)
    assert cache.exists() and "quarantined" in messages(first)[0]
    second = load_files([(path, PROGRAM)], cache_dir=cache_dir, pack_kinds=PACK_KINDS)
    assert messages(second) == messages(first)
    write_pack(tmp_path / "p.toml", RULE_TOML.format(id="a", phrase="x y", example="x y now"))
    third = load_files([(path, PROGRAM)], cache_dir=cache_dir, pack_kinds=PACK_KINDS)
    assert third.problems == [] and [r.id for r in third.items("phrases")] == ["a"]


def test_a_pack_holding_toml_dates_loads_from_a_warm_cache(tmp_path):
    path = write_pack(
        tmp_path / "p.toml",
        RULE_TOML.format(id="a", phrase="x y", example="x y")
        + "\n[[rule]]\nid = 'b'\nwhen = 2027-07-01\n",
    )
    cache = tmp_path / "cache"
    for _ in range(2):  # cold, then warm
        lib = load_files([(path, PROGRAM)], cache_dir=cache, pack_kinds=PACK_KINDS)
        assert [r.id for r in lib.items("phrases")] == ["a"]
        assert any("unknown key when" in str(p) for p in lib.problems)


def test_toml_error_at_the_end_of_the_file_still_names_a_line(tmp_path):
    path = tmp_path / "cut.toml"
    path.write_text('[pack]\nkind = "phrases"\nname = "x', encoding="utf-8")
    [problem] = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS).problems
    assert problem.line == 3 and problem.col is not None
    assert "at the end of the file" in problem.message
