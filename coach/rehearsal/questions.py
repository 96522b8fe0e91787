"""The question pack: kind ``questions`` — recruiter and hiring-chief questions, and hedges.

A questions pack holds two item tables:

``[[question]]``
    One question a recruiter, HR, an administrator or a physician leader asks (domain.md §d):
    ``id``, ``question``, ``asked_by`` (a list from :data:`ASKERS`), ``topic`` (one of
    :data:`TOPICS`), ``strong`` and ``weak`` (the traits of a strong and a weak answer, in words),
    ``coaching`` (a note grounded in the sources), ``source``, ``model_answer`` (a ``${name}``
    template, names from :data:`coach.rehearsal.context.PLACEHOLDERS`), and two nested arrays:

    ``[[question.traits]]``: ``name``, ``description``, ``suggestion`` (what to add when the
    trait is missing) and at least one of ``phrases`` (rulebook phrase syntax, checked by the
    same engine as phrase rules: negation, quotes, and the phrases packs' word classes such as
    ``<contract-term>``, fillers, spellings and word forms), ``rules`` (ids of strength rules
    in the phrase library that show the trait), ``specifics`` (kinds of specific detail that
    show it: ``figure``, ``volume``, ``date``, ``name``); optional ``unless``.

    ``[[question.examples]]``: ``strong`` and ``weak``, a pair of answers the scoring must rank
    strong above weak (the self-test).

``[[hedge]]``
    A small common word or phrase ("just", "I think", "kind of") that is too frequent to be a
    phrase rule but is counted per answer by the scoring: ``id``, ``phrases``, ``why``,
    ``examples`` (must count), optional ``unless``, ``counterexamples`` (must not count),
    ``source``, ``enabled``.

Override keys (``[override.questions.<id>]``): ``enabled``, ``question``, ``asked_by``,
``strong``, ``weak``, ``coaching``, ``model_answer``, ``add_traits``, ``add_examples``
(questions); ``enabled``, ``add_unless``, ``add_examples``, ``add_counterexamples`` (hedges).

Nothing here imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from coach.rules.kinds import BUILTIN, ID_RE, KindSpec, Problem, RawItem, did_you_mean
from coach.rules.phrase_rules import PhraseChecker, PhraseRule, compile_checked, lexicon_of
from coach.rules.phrase_rules import self_test as phrase_self_test
from coach.rules.phrase_rules import strict_builtin as phrase_strict_builtin
from coach.rules.phrase_syntax import CompiledPhrase

if TYPE_CHECKING:
    from coach.rules.layering import Library

ASKERS = ("physician-leader", "recruiter", "hr", "administrator")
TOPICS = (
    "background",
    "motivation",
    "commitment",
    "compensation",
    "options",
    "logistics",
    "workload",
    "credentials",
    "development",
    "fit",
)

QUESTION_KEYS = (
    "id",
    "question",
    "asked_by",
    "topic",
    "strong",
    "weak",
    "traits",
    "model_answer",
    "coaching",
    "source",
    "examples",
    "enabled",
    "replace",
)
QUESTION_REQUIRED = ("question", "asked_by", "topic", "strong", "weak", "traits", "model_answer")
TRAIT_KEYS = ("name", "description", "suggestion", "phrases", "rules", "specifics", "unless")
# Kinds of specific detail (coach.rehearsal.scoring.find_specifics) that can show a trait.
SPECIFIC_KINDS = ("figure", "volume", "date", "name")
EXAMPLE_KEYS = ("strong", "weak", "note")
HEDGE_KEYS = (
    "id",
    "phrases",
    "unless",
    "why",
    "examples",
    "counterexamples",
    "source",
    "enabled",
    "replace",
)


@dataclass(frozen=True)
class Trait:
    """One thing a strong answer does, and the phrases, strength rules or details that show it."""

    name: str
    description: str
    suggestion: str
    phrases: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    specifics: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    checker: PhraseChecker | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ExamplePair:
    strong: str
    weak: str
    note: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    asked_by: tuple[str, ...]
    topic: str
    strong: str
    weak: str
    traits: tuple[Trait, ...]
    model_answer: str
    coaching: str = ""
    source: str | None = None
    examples: tuple[ExamplePair, ...] = ()
    enabled: bool = True


@dataclass(frozen=True)
class Hedge:
    """A hedge word counted per answer; ``rule`` is its compiled form for the phrase checker."""

    id: str
    phrases: tuple[str, ...]
    why: str
    examples: tuple[str, ...]
    unless: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    source: str | None = None
    enabled: bool = True
    rule: PhraseRule | None = field(default=None, compare=False, repr=False)


# ---------------------------------------------------------------------------------------------
# Reading


def _at(
    raw: RawItem,
    sub: tuple[str | int, ...],
    message: str,
    needle: str | None = None,
    severity: Literal["error", "warning"] = "error",
) -> Problem:
    """A problem located at a key nested inside the item, e.g. ("traits", 2, "phrases")."""
    path = (*raw.path, *sub)
    line: int | None = None
    col: int | None = None
    if needle is not None:
        line = raw.source.value_line(path, needle)
    if not line:
        line, col = raw.source.key(path)
    return Problem(raw.origin.path, line or raw.origin.line, col, raw.id, message, severity)


def _text(
    raw: RawItem,
    d: dict[str, Any],
    key: str,
    sub: tuple[str | int, ...],
    problems: list[Problem],
    *,
    required: bool,
) -> str:
    value = d.get(key)
    if value is None:
        if required:
            problems.append(_at(raw, sub, f"missing required key {key} (a string)"))
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(_at(raw, (*sub, key), f"{key} must be a non-empty string"))
        return ""
    return value.strip()


def _strings(
    raw: RawItem,
    d: dict[str, Any],
    key: str,
    sub: tuple[str | int, ...],
    problems: list[Problem],
) -> tuple[str, ...]:
    value = d.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(_at(raw, (*sub, key), f"{key} must be a list of non-empty strings"))
        return ()
    return tuple(value)


def _compile(
    raw: RawItem,
    sub: tuple[str | int, ...],
    key: str,
    phrases: Sequence[str],
    problems: list[Problem],
) -> tuple[CompiledPhrase, ...]:
    return compile_checked(raw, (*sub, key), phrases, problems)


def _unknown_keys(
    raw: RawItem,
    d: dict[str, Any],
    allowed: Sequence[str],
    sub: tuple[str | int, ...],
    problems: list[Problem],
    what: str,
) -> None:
    for key in d:
        if key not in allowed:
            problems.append(
                _at(raw, (*sub, key), f"unknown key {key} in {what}{did_you_mean(key, allowed)}")
            )


def _phrase_rule(
    raw: RawItem,
    rule_id: str,
    phrases: tuple[str, ...],
    unless: tuple[str, ...],
    compiled: tuple[CompiledPhrase, ...],
    compiled_unless: tuple[CompiledPhrase, ...],
    *,
    message: str,
    why: str,
    negation_window: int,
    examples: tuple[str, ...] = (),
    counterexamples: tuple[str, ...] = (),
    source: str | None = None,
) -> PhraseRule:
    # Traits and hedges reuse the phrase engine, so they get its negation and quote handling,
    # and hedges its self-test.
    return PhraseRule(
        id=rule_id,
        signal="strength",
        severity="low",
        phrases=phrases,
        message=message,
        why=why,
        examples=examples,
        unless=unless,
        counterexamples=counterexamples,
        negation_window=negation_window,
        source=source,
        compiled=compiled,
        compiled_unless=compiled_unless,
        lexicon=lexicon_of(raw),
    )


def _build_trait(
    raw: RawItem, index: int, d: Any, problems: list[Problem], seen: dict[str, int]
) -> Trait | None:
    sub: tuple[str | int, ...] = ("traits", index)
    if not isinstance(d, dict):
        problems.append(_at(raw, sub, "each [[question.traits]] entry must be a table"))
        return None
    start = len(problems)
    _unknown_keys(raw, d, TRAIT_KEYS, sub, problems, "[[question.traits]]")
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(_at(raw, sub, "a trait needs a name (kebab-case)"))
        return None
    if not ID_RE.fullmatch(name):
        problems.append(_at(raw, (*sub, "name"), f'trait name "{name}" must be kebab-case'))
    if name in seen:
        problems.append(
            _at(raw, (*sub, "name"), f'trait "{name}" is defined twice in this question')
        )
    seen[name] = index
    description = _text(raw, d, "description", sub, problems, required=True)
    suggestion = _text(raw, d, "suggestion", sub, problems, required=True)
    phrases = _strings(raw, d, "phrases", sub, problems)
    rules = _strings(raw, d, "rules", sub, problems)
    specifics = _strings(raw, d, "specifics", sub, problems)
    unless = _strings(raw, d, "unless", sub, problems)
    for kind in specifics:
        if kind not in SPECIFIC_KINDS:
            problems.append(
                _at(
                    raw,
                    (*sub, "specifics"),
                    f'specifics "{kind}" is not one of {", ".join(SPECIFIC_KINDS)}'
                    + did_you_mean(kind, SPECIFIC_KINDS),
                    needle=kind,
                )
            )
    if not any(k in d for k in ("phrases", "rules", "specifics")):
        problems.append(
            _at(
                raw,
                sub,
                f'trait "{name}" needs phrases (phrase syntax), rules (strength-rule ids) '
                "or specifics (figure, volume, date, name)",
            )
        )
    for rid in rules:
        if not ID_RE.fullmatch(rid):
            problems.append(
                _at(raw, (*sub, "rules"), f'rule id "{rid}" must be kebab-case', needle=rid)
            )
    compiled = _compile(raw, sub, "phrases", phrases, problems)
    compiled_unless = _compile(raw, sub, "unless", unless, problems)
    if len(problems) > start:
        return None
    checker = None
    if compiled:
        checker = PhraseChecker(
            [
                _phrase_rule(
                    raw,
                    name,
                    phrases,
                    unless,
                    compiled,
                    compiled_unless,
                    message=description,
                    why=description,
                    negation_window=3,
                )
            ]
        )
    return Trait(name, description, suggestion, phrases, rules, specifics, unless, checker)


def _build_example(raw: RawItem, index: int, d: Any, problems: list[Problem]) -> ExamplePair | None:
    sub: tuple[str | int, ...] = ("examples", index)
    if not isinstance(d, dict):
        problems.append(_at(raw, sub, "each [[question.examples]] entry must be a table"))
        return None
    start = len(problems)
    _unknown_keys(raw, d, EXAMPLE_KEYS, sub, problems, "[[question.examples]]")
    strong = _text(raw, d, "strong", sub, problems, required=True)
    weak = _text(raw, d, "weak", sub, problems, required=True)
    note = d.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(_at(raw, (*sub, "note"), "note must be a string"))
    if len(problems) > start:
        return None
    return ExamplePair(strong, weak, note if isinstance(note, str) else None)


def build_question(raw: RawItem, problems: list[Problem]) -> Question | None:
    from coach.placeholders import unknown_placeholders
    from coach.rehearsal.context import PLACEHOLDERS

    d = raw.data
    start = len(problems)
    _unknown_keys(raw, d, QUESTION_KEYS, (), problems, "[[question]]")
    for key in QUESTION_REQUIRED:
        if key not in d:
            problems.append(raw.problem(f"missing required key {key}"))
    text = _text(raw, d, "question", (), problems, required=False)
    strong = _text(raw, d, "strong", (), problems, required=False)
    weak = _text(raw, d, "weak", (), problems, required=False)
    model_answer = _text(raw, d, "model_answer", (), problems, required=False)
    coaching = _text(raw, d, "coaching", (), problems, required=False) if "coaching" in d else ""
    source = _text(raw, d, "source", (), problems, required=False) if "source" in d else None
    if isinstance(d.get("question"), str) and "\n" in d["question"].strip():
        problems.append(raw.problem("question must be one line", "question"))
    asked_by = d.get("asked_by")
    askers: tuple[str, ...] = ()
    if "asked_by" in d:
        if (
            not isinstance(asked_by, list)
            or not asked_by
            or not all(isinstance(a, str) for a in asked_by)
        ):
            problems.append(
                raw.problem(
                    f"asked_by must be a non-empty list from {', '.join(ASKERS)}", "asked_by"
                )
            )
        else:
            for a in asked_by:
                if a not in ASKERS:
                    problems.append(
                        raw.problem(
                            f'asked_by "{a}" is not one of {", ".join(ASKERS)}'
                            + did_you_mean(a, ASKERS),
                            "asked_by",
                            needle=a,
                        )
                    )
            askers = tuple(asked_by)
    topic = d.get("topic")
    raw.check_choice("topic", TOPICS, problems)
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    traits: list[Trait] = []
    raw_traits = d.get("traits")
    if "traits" in d:
        if not isinstance(raw_traits, list) or not raw_traits:
            problems.append(
                raw.problem("traits must be one or more [[question.traits]] tables", "traits")
            )
        else:
            seen: dict[str, int] = {}
            for i, t in enumerate(raw_traits):
                trait = _build_trait(raw, i, t, problems, seen)
                if trait is not None:
                    traits.append(trait)
    examples: list[ExamplePair] = []
    raw_examples = d.get("examples", [])
    if not isinstance(raw_examples, list):
        problems.append(raw.problem("examples must be [[question.examples]] tables", "examples"))
    else:
        for i, e in enumerate(raw_examples):
            pair = _build_example(raw, i, e, problems)
            if pair is not None:
                examples.append(pair)
    if model_answer:
        for name in unknown_placeholders(model_answer, PLACEHOLDERS):
            problems.append(
                raw.problem(
                    f"model_answer uses unknown placeholder ${{{name}}}"
                    + did_you_mean(name, PLACEHOLDERS),
                    "model_answer",
                    needle="${" + name + "}",
                )
            )
    if len(problems) > start:
        return None
    return Question(
        id=raw.id,
        question=text,
        asked_by=askers,
        topic=str(topic),
        strong=strong,
        weak=weak,
        traits=tuple(traits),
        model_answer=model_answer,
        coaching=coaching,
        source=source,
        examples=tuple(examples),
        enabled=bool(enabled),
    )


def build_hedge(raw: RawItem, problems: list[Problem]) -> Hedge | None:
    d = raw.data
    start = len(problems)
    _unknown_keys(raw, d, HEDGE_KEYS, (), problems, "[[hedge]]")
    for key in ("phrases", "why", "examples"):
        if key not in d:
            problems.append(raw.problem(f"missing required key {key}"))
    phrases = _strings(raw, d, "phrases", (), problems)
    if "phrases" in d and not phrases:
        problems.append(raw.problem("phrases must not be empty", "phrases"))
    unless = _strings(raw, d, "unless", (), problems)
    examples = _strings(raw, d, "examples", (), problems)
    counter = _strings(raw, d, "counterexamples", (), problems)
    why = _text(raw, d, "why", (), problems, required=False)
    source = _text(raw, d, "source", (), problems, required=False) if "source" in d else None
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    compiled = _compile(raw, (), "phrases", phrases, problems)
    compiled_unless = _compile(raw, (), "unless", unless, problems)
    if len(problems) > start:
        return None
    # Hedges ignore negation: "I don't think" hedges as much as "I think".
    rule = _phrase_rule(
        raw,
        raw.id,
        phrases,
        unless,
        compiled,
        compiled_unless,
        message=why,
        why=why,
        negation_window=0,
        examples=examples,
        counterexamples=counter,
        source=source,
    )
    return Hedge(raw.id, phrases, why, examples, unless, counter, source, bool(enabled), rule)


def build_item(raw: RawItem, problems: list[Problem]) -> Question | Hedge | None:
    if raw.table == "hedge":
        return build_hedge(raw, problems)
    return build_question(raw, problems)


# ---------------------------------------------------------------------------------------------
# Access helpers for callers (CLI, app)


def questions(library: Library) -> list[Question]:
    """Enabled questions of the active library, in pack order."""
    return [q for q in library.items("questions") if isinstance(q, Question) and q.enabled]


def hedges(library: Library) -> list[Hedge]:
    return [h for h in library.items("questions") if isinstance(h, Hedge) and h.enabled]


def find_question(library: Library, question_id: str) -> Question | None:
    item = library.get("questions", question_id)
    return item if isinstance(item, Question) else None


def hedge_checker(library: Library) -> PhraseChecker:
    def build() -> PhraseChecker:
        return PhraseChecker(h.rule for h in hedges(library) if h.rule is not None)

    return library.cached("hedge-checker", build)


# ---------------------------------------------------------------------------------------------
# Self-tests, built-in strictness and lint


@lru_cache(maxsize=1)
def _builtin_library() -> Library:
    """Built-in phrase rules and hedges: what a question's examples are ranked against.

    Self-tests of user questions use the built-in layer too, so a question's verdict does not
    change with whichever personal rules happen to be switched on.
    """
    from coach.pack_kinds import PACK_KINDS
    from coach.rules.layering import load_files
    from coach.rules.pack_files import builtin_pack_paths

    return load_files(
        [(p, BUILTIN) for p in builtin_pack_paths()],
        kinds=["phrases", "questions"],
        test_layers=(),
        pack_kinds=PACK_KINDS,
    )


def self_test(item: Question | Hedge, raw: RawItem) -> list[Problem]:
    if isinstance(item, Hedge):
        assert item.rule is not None
        return phrase_self_test(item.rule, raw)  # examples must count, counterexamples must not
    return _self_test_question(item, raw)


def _self_test_question(question: Question, raw: RawItem) -> list[Problem]:
    from coach.rehearsal.scoring import score_answer

    library = _builtin_library()
    problems: list[Problem] = []
    for i, pair in enumerate(question.examples):
        strong = score_answer(question, pair.strong, library=library)
        weak = score_answer(question, pair.weak, library=library)
        if strong.score <= weak.score:
            problems.append(
                _at(
                    raw,
                    ("examples", i, "strong"),
                    f"example {i + 1}: the strong answer scores {strong.score}, "
                    f"not above the weak one ({weak.score})",
                )
            )
    return problems


def strict_builtin(item: Question | Hedge, raw: RawItem) -> list[Problem]:
    """What the built-in pack promises beyond the schema."""
    problems: list[Problem] = []
    if isinstance(item, Hedge):
        assert item.rule is not None
        return phrase_strict_builtin(item.rule, raw)  # two examples, two counterexamples, a source
    if len(item.traits) < 2:
        problems.append(raw.problem("built-in questions need at least two traits", "traits"))
    if len(item.examples) < 2:
        problems.append(raw.problem("built-in questions need at least two example pairs"))
    if not item.source:
        problems.append(raw.problem("built-in questions need a source"))
    if not item.coaching:
        problems.append(raw.problem("built-in questions need a coaching note"))
    return problems


def lint(library: Library) -> list[Problem]:
    """Cross-item checks: strength-rule ids that do not exist, traits no example shows, figures
    without their source and year."""
    from coach.rehearsal.context import FIGURE_PLACEHOLDERS

    problems: list[Problem] = []
    have_phrases = "phrases" in library.entries
    strength = {
        rid: e.item
        for rid, e in library.entries.get("phrases", {}).items()
        if e.item is not None and getattr(e.item, "signal", None) == "strength"
    }
    for entry in library.entries.get("questions", {}).values():
        q = entry.item
        if not isinstance(q, Question) or not entry.active:
            continue
        raw = entry.raw
        if have_phrases:
            for i, trait in enumerate(q.traits):
                for rid in trait.rules:
                    if rid in strength:
                        continue
                    other = library.entries.get("phrases", {}).get(rid)
                    msg = (
                        f'trait "{trait.name}" refers to phrase rule "{rid}", which is a '
                        "desperation rule, not a strength rule"
                        if other is not None and other.item is not None
                        else f'trait "{trait.name}" refers to unknown strength rule "{rid}"'
                        + did_you_mean(rid, strength)
                    )
                    p = _at(raw, ("traits", i, "rules"), msg, needle=rid)
                    problems.append(p)
        if q.examples:
            # A trait no strong example shows has phrases nobody has tested.
            from coach.rehearsal.scoring import score_answer

            shown: set[str] = set()
            for pair in q.examples:
                shown.update(
                    t.name for t in score_answer(q, pair.strong, library=library).traits_met
                )
            for i, trait in enumerate(q.traits):
                if trait.name not in shown:
                    problems.append(
                        _at(
                            raw,
                            ("traits", i, "name"),
                            f'trait "{trait.name}" is not shown by any strong example',
                            severity="warning",
                        )
                    )
        used = set(_placeholders(q.model_answer))
        for figure, needs in FIGURE_PLACEHOLDERS.items():
            if figure in used and not needs <= used:
                missing = ", ".join("${" + n + "}" for n in sorted(needs - used))
                problems.append(
                    raw.problem(
                        f"model_answer shows ${{{figure}}} without {missing}: every figure shown "
                        "carries its source and year",
                        "model_answer",
                        needle="${" + figure + "}",
                    )
                )
    return problems


def _placeholders(template: str) -> list[str]:
    from coach.placeholders import placeholders

    return placeholders(template)


SPEC = KindSpec(
    kind="questions",
    tables=("question", "hedge"),
    override_keys={
        "enabled": ("set", "enabled"),
        "question": ("set", "question"),
        "asked_by": ("set", "asked_by"),
        "strong": ("set", "strong"),
        "weak": ("set", "weak"),
        "coaching": ("set", "coaching"),
        "model_answer": ("set", "model_answer"),
        "add_traits": ("append", "traits"),
        "add_examples": ("append", "examples"),
        "add_unless": ("append", "unless"),
        "add_counterexamples": ("append", "counterexamples"),
    },
    build=build_item,
    self_test=self_test,
    strict_builtin=strict_builtin,
    lint=lint,
)
