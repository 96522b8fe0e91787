"""Phrase rules: the kind ``phrases`` — schema, self-tests, and checking an answer.

A rule fires where one of its phrases matches, unless
- an ``unless`` phrase of the rule covers the match ("just now" covers "just"),
- a negator (not, never, no, hardly, n't) stands within ``negation_window`` words before the
  match in the same clause ("I'm not open to anything below $350k"),
- the match is inside balanced double quotes and ``check_quotes`` is false.
Where two matches of the same signal overlap, the longer one is reported (ties: the higher
severity); a desperation flag and a strength flag may overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coach.rules.checker import SEVERITY_RANK, Flag, PhraseChecker  # re-exported
from coach.rules.packs import KindSpec, Problem, RawItem, did_you_mean
from coach.rules.phrase import GAP, CompiledPhrase, PhraseError, compile_phrase

__all__ = [
    "SEVERITIES",
    "SEVERITY_RANK",
    "SIGNALS",
    "SPEC",
    "Flag",
    "PhraseChecker",
    "PhraseRule",
    "build_rule",
    "lint_rules",
    "self_test",
]

SIGNALS = ("desperation", "strength")
SEVERITIES = ("low", "medium", "high")
DEFAULT_NEGATION_WINDOW = 3
MAX_NEGATION_WINDOW = 12

REQUIRED = ("id", "signal", "severity", "phrases", "message", "why", "examples")
OPTIONAL = (
    "rewrite",
    "unless",
    "counterexamples",
    "negation_window",
    "check_quotes",
    "enabled",
    "source",
    "replace",
)
ALL_KEYS = REQUIRED + OPTIONAL

# Words so common that a phrase made only of them fires on nearly every answer.
COMMON_WORDS = frozenset(
    """i me my we us our you your it its it's a an the and or but so just to of in on at for with
    is am are was were be been being do does did have has had will would can could should may
    might must this that these those there here very really actually well like um uh oh ok okay
    yes no not as if then than too also about up out
    think guess maybe sorry honestly literally basically kind sort feel believe try""".split()
)


@dataclass(frozen=True)
class PhraseRule:
    id: str
    signal: str
    severity: str
    phrases: tuple[str, ...]
    message: str
    why: str
    examples: tuple[str, ...]
    rewrite: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    negation_window: int = DEFAULT_NEGATION_WINDOW
    check_quotes: bool = False
    enabled: bool = True
    source: str | None = None
    compiled: tuple[CompiledPhrase, ...] = field(default=(), compare=False, repr=False)
    compiled_unless: tuple[CompiledPhrase, ...] = field(default=(), compare=False, repr=False)


def _strings(raw: RawItem, key: str, problems: list[Problem], *, required: bool) -> tuple[str, ...]:
    value = raw.data.get(key)
    if value is None:
        if required:
            problems.append(raw.problem(f"missing required key {key} (a list of strings)"))
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(raw.problem(f"{key} must be a list of strings", key))
        return ()
    if required and not value:
        problems.append(raw.problem(f"{key} must not be empty", key))
    for v in value:
        if not v.strip():
            problems.append(raw.problem(f"{key} has an empty string", key))
    return tuple(value)


def _compile_all(
    raw: RawItem, key: str, phrases: Sequence[str], problems: list[Problem]
) -> tuple[CompiledPhrase, ...]:
    out = []
    for phrase in phrases:
        try:
            out.append(compile_phrase(phrase))
        except PhraseError as exc:
            line, _ = raw.where(key, phrase)
            problems.append(
                Problem(
                    raw.origin.path,
                    line,
                    None,
                    raw.id,
                    f'{key} "{phrase}": {exc.message}'
                    + (f" (at character {exc.column})" if exc.column else ""),
                )
            )
    return tuple(out)


def build_rule(raw: RawItem, problems: list[Problem]) -> PhraseRule | None:
    d = raw.data
    start = len(problems)
    for key in d:
        if key not in ALL_KEYS:
            problems.append(raw.problem(f"unknown key {key}{did_you_mean(key, ALL_KEYS)}", key))
    for key in ("signal", "severity", "message", "why"):
        if key not in d:
            problems.append(raw.problem(f"missing required key {key}"))
    signal = d.get("signal")
    if "signal" in d and signal not in SIGNALS:
        problems.append(
            raw.problem(f'signal must be "desperation" or "strength", not {signal!r}', "signal")
        )
    severity = d.get("severity")
    if "severity" in d and severity not in SEVERITIES:
        problems.append(
            raw.problem(
                f'severity must be "low", "medium" or "high", not {severity!r}'
                + did_you_mean(str(severity), SEVERITIES),
                "severity",
            )
        )
    for key in ("message", "why", "source"):
        if key in d and (not isinstance(d[key], str) or not d[key].strip()):
            problems.append(raw.problem(f"{key} must be a non-empty string", key))
    message = d.get("message", "")
    if isinstance(message, str) and "\n" in message.strip():
        problems.append(
            raw.problem("message must be one line (put the explanation in why)", "message")
        )
    for key in ("check_quotes", "enabled"):
        if key in d and not isinstance(d[key], bool):
            problems.append(raw.problem(f"{key} must be true or false", key))
    window = d.get("negation_window", DEFAULT_NEGATION_WINDOW)
    if (
        isinstance(window, bool)
        or not isinstance(window, int)
        or not 0 <= window <= MAX_NEGATION_WINDOW
    ):
        problems.append(
            raw.problem(
                f"negation_window must be a whole number from 0 to {MAX_NEGATION_WINDOW}",
                "negation_window",
            )
        )
        window = DEFAULT_NEGATION_WINDOW
    phrases = _strings(raw, "phrases", problems, required=True)
    examples = _strings(raw, "examples", problems, required=True)
    rewrite = _strings(raw, "rewrite", problems, required=False)
    unless = _strings(raw, "unless", problems, required=False)
    counter = _strings(raw, "counterexamples", problems, required=False)
    compiled = _compile_all(raw, "phrases", phrases, problems)
    compiled_unless = _compile_all(raw, "unless", unless, problems)
    if len(problems) > start:
        return None
    return PhraseRule(
        id=raw.id,
        signal=signal,
        severity=severity,
        phrases=phrases,
        message=message.strip(),
        why=d["why"].strip(),
        examples=examples,
        rewrite=rewrite,
        unless=unless,
        counterexamples=counter,
        negation_window=window,
        check_quotes=d.get("check_quotes", False),
        enabled=d.get("enabled", True),
        source=d.get("source"),
        compiled=compiled,
        compiled_unless=compiled_unless,
    )


# ---------------------------------------------------------------------------------------------
# Checking


# ---------------------------------------------------------------------------------------------
# Self-tests and lint


def self_test(rule: PhraseRule, raw: RawItem) -> list[Problem]:
    """Every example must fire the rule and no counterexample may (the rule checked alone)."""
    checker = PhraseChecker([_enabled(rule)])
    problems: list[Problem] = []
    for example in rule.examples:
        if not any(f.rule == rule.id for f in checker.check(example)):
            line, _ = raw.where("examples", example)
            problems.append(
                Problem(raw.origin.path, line, None, rule.id, f'did not fire on "{example}"')
            )
    for counter in rule.counterexamples:
        hits = [f for f in checker.check(counter) if f.rule == rule.id]
        if hits:
            line, _ = raw.where("counterexamples", counter)
            problems.append(
                Problem(
                    raw.origin.path,
                    line,
                    None,
                    rule.id,
                    f'fired on "{counter}" (matched "{hits[0].match}")',
                )
            )
    return problems


def _enabled(rule: PhraseRule) -> PhraseRule:
    if rule.enabled:
        return rule
    from dataclasses import replace

    return replace(rule, enabled=True)


def strict_builtin(rule: PhraseRule, raw: RawItem) -> list[Problem]:
    """What the built-in pack promises beyond the schema."""
    problems = []
    if len(rule.examples) < 2:
        problems.append(raw.problem("built-in rules need at least two examples", "examples"))
    if len(rule.counterexamples) < 2:
        problems.append(
            raw.problem("built-in rules need at least two counterexamples", "counterexamples")
        )
    if rule.signal == "desperation" and not rule.rewrite:
        problems.append(raw.problem("built-in desperation rules need a rewrite", "rewrite"))
    if not rule.source:
        problems.append(raw.problem("built-in rules need a source", "source"))
    return problems


def lint_rules(entries: Iterable[tuple[PhraseRule, RawItem]]) -> list[Problem]:
    """Problems that do not stop a rule from loading but make it noisy or redundant."""
    problems: list[Problem] = []
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    for rule, raw in entries:
        for phrase in rule.compiled:
            for variant in phrase.variants:
                words = [w for w in variant if w != GAP]
                if all(w in COMMON_WORDS for w in words):
                    problems.append(
                        raw.problem(
                            f'phrase "{phrase.source}" is made only of very common words '
                            f'("{" ".join(words)}"); it would fire on most answers',
                            "phrases",
                            needle=phrase.source,
                            severity="warning",
                        )
                    )
                    break
            for variant in phrase.variants:
                other = owner.get(variant)
                if other and other[0] != rule.id:
                    problems.append(
                        raw.problem(
                            f'phrase "{phrase.source}" is also in rule {other[0]} ({other[1]})',
                            "phrases",
                            needle=phrase.source,
                            severity="warning",
                        )
                    )
                    break
                owner.setdefault(variant, (rule.id, str(raw.origin)))
    return problems


SPEC = KindSpec(
    kind="phrases",
    tables=("rule",),
    override_keys={
        "enabled": ("set", "enabled"),
        "severity": ("set", "severity"),
        "add_unless": ("append", "unless"),
        "add_examples": ("append", "examples"),
        "add_counterexamples": ("append", "counterexamples"),
    },
    build=build_rule,
    self_test=self_test,
    strict_builtin=strict_builtin,
)
