"""Small builders for phrase rules and pack files used across the rules tests."""

from __future__ import annotations

from pathlib import Path

from coach.rules.kinds import Origin, RawItem
from coach.rules.phrase_rules import PhraseChecker, PhraseRule, build_rule
from coach.toml_positions import SourceMap


def rule(rule_id: str = "r", phrases: list[str] | None = None, **kw) -> PhraseRule:
    """A phrase rule built like a pack's; ``lexicon=`` gives it word classes, fillers and
    spellings (a library's ``lexicon``), else it has none."""
    lexicon = kw.pop("lexicon", None)
    data = {
        "id": rule_id,
        "signal": kw.pop("signal", "desperation"),
        "severity": kw.pop("severity", "medium"),
        "phrases": phrases or ["open to anything"],
        "message": "m",
        "why": "w",
        "examples": kw.pop("examples", ["x"]),
        **kw,
    }
    raw = RawItem(
        "phrases",
        "rule",
        rule_id,
        data,
        Origin("t.toml", "program", 1),
        SourceMap.build(""),
        ("rule", 0),
        context=lexicon,
    )
    problems: list = []
    built = build_rule(raw, problems)
    assert built is not None, problems
    return built


def check(text: str, *rules: PhraseRule):
    return PhraseChecker(rules).check(text)


def write_pack(path: Path, body: str, kind: str = "phrases", name: str = "test") -> Path:
    path.write_text(
        f'[pack]\nkind = "{kind}"\nname = "{name}"\nversion = "1"\ndescription = "test pack"\n\n{body}',
        encoding="utf-8",
    )
    return path


RULE_TOML = """
[[rule]]
id = "{id}"
signal = "desperation"
severity = "medium"
phrases = ["{phrase}"]
message = "One line."
why = "Because."
examples = ["{example}"]
counterexamples = ["nothing here"]
"""
