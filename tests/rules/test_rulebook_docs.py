"""The TOML examples in docs/rulebook.md load, layer and self-test cleanly on the built-in pack."""

from __future__ import annotations

import re
from pathlib import Path

from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import BUILTIN, PERSONAL, PROGRAM
from coach.rules.layering import load_files
from coach.rules.library import phrase_checker
from coach.rules.pack_files import builtin_pack_paths

DOC = Path(__file__).resolve().parents[2] / "docs" / "rulebook.md"
HEADER = '[pack]\nkind = "phrases"\nname = "doc"\nversion = "1"\ndescription = "doc example"\n'


def blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC.read_text("utf-8"), re.S)


def test_the_rule_example_is_a_valid_self_testing_rule(tmp_path):
    rule = next(b for b in blocks() if b.lstrip().startswith("[[rule]]"))
    path = tmp_path / "rule.toml"
    path.write_text(HEADER + rule.replace('id = "open-to-anything"', 'id = "doc-open"'), "utf-8")
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    assert phrase_checker(lib).check("Honestly I'm pretty open to anything.")


def test_program_and_personal_examples_layer_on_the_built_in_pack(tmp_path):
    program = next(b for b in blocks() if 'name = "uic-im"' in b)
    personal = next(b for b in blocks() if b.startswith("format_version = 1"))
    (tmp_path / "uic-im.toml").write_text(program, "utf-8")
    (tmp_path / "personal.toml").write_text(personal, "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()]
    layers += [(tmp_path / "uic-im.toml", PROGRAM), (tmp_path / "personal.toml", PERSONAL)]
    lib = load_files(layers, pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    assert lib.get("phrases", "honesty-tee-up").enabled is False
    assert lib.get("phrases", "open-to-anything").severity == "high"
    overrides = lib.entries["phrases"]["whatever-you-need"].raw.overrides
    assert overrides and overrides[0][0].layer == PERSONAL
    checker = phrase_checker(lib)
    assert [f.rule for f in checker.check("Honestly I just need a sponsor at this point.")] == [
        "need-visa-only"
    ]


def test_the_word_class_fillers_and_spellings_example_loads_alone(tmp_path):
    lexicon = next(b for b in blocks() if b.startswith("# A word class"))
    path = tmp_path / "lexicon.toml"
    path.write_text(HEADER + lexicon, "utf-8")
    lib = load_files([(path, PROGRAM)], pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    assert lib.lexicon.classes["money"][:2] == (("salary",), ("pay",))
    assert ("kind", "of") in lib.lexicon.fillers
    assert lib.lexicon.spellings["ur"] == (("your",), ("you", "are"))


def test_the_rule_using_classes_layers_on_the_built_in_pack(tmp_path):
    block = next(b for b in blocks() if 'id = "flexible-on-money"' in b)
    path = tmp_path / "program.toml"
    path.write_text(HEADER + block, "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(path, PROGRAM)]
    lib = load_files(layers, pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    checker = phrase_checker(lib)
    fired = {f.rule: f.match for f in checker.check("I'd accept two fifty, honestly.")}
    assert fired.get("flexible-on-money") == "I'd accept two fifty"


def test_the_lexicon_overrides_example_layers_on_the_built_in_pack(tmp_path):
    block = next(b for b in blocks() if b.startswith("# personal.toml (or a program pack)"))
    path = tmp_path / "personal.toml"
    path.write_text(block, "utf-8")
    layers = [(p, BUILTIN) for p in builtin_pack_paths()] + [(path, PERSONAL)]
    lib = load_files(layers, pack_kinds=PACK_KINDS)
    assert [str(p) for p in lib.problems] == []
    fillers = lib.lexicon.fillers
    assert ("okay", "so") in fillers and ("like",) not in fillers
    assert ("the", "guarantee") in lib.lexicon.classes["money"]
    assert lib.lexicon.spellings["tmrw"] == (("tomorrow",),) and "r" not in lib.lexicon.spellings
    assert "visa" in lib.lexicon.classes
