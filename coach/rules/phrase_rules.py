"""Phrase rules: the kind ``phrases`` — schema, self-tests, and checking an answer.

A phrases pack holds three item tables: ``[[rule]]`` (the rules), ``[[word_class]]`` (word
classes phrases use as ``<name>``; the class ``filler`` is the list of fillers skipped between
phrase words) and ``[[spelling]]`` (casual spellings read as what they stand for). The last two
make the pack's lexicon (coach.rules.lexicon), resolved across layers before any rule is built,
so every rule, its self-test and the rehearsal traits use the same one.

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
from typing import Any

from coach.rules import lemma
from coach.rules.checker import SEVERITY_RANK, Flag, PhraseChecker  # re-exported
from coach.rules.kinds import KindSpec, Problem, RawItem, did_you_mean
from coach.rules.lexicon import (
    EMPTY,
    MAX_CLASS_MEMBERS,
    MAX_CLASSES,
    MAX_FILLER_WORDS,
    MAX_MEMBER_WORDS,
    MAX_READING_WORDS,
    MAX_SPELLINGS,
    Lexicon,
)
from coach.rules.phrase_syntax import (
    AMOUNT,
    FILLER,
    GAP,
    CompiledPhrase,
    PhraseError,
    class_refs,
    compile_phrase,
)
from coach.rules.text import tokenize

__all__ = [
    "LEXICON_TABLES",
    "SEVERITIES",
    "SEVERITY_RANK",
    "SIGNALS",
    "SPEC",
    "Flag",
    "PhraseChecker",
    "PhraseRule",
    "Spelling",
    "WordClass",
    "build_lexicon",
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
    # The word classes, fillers and spellings of the library it was built in.
    lexicon: Lexicon = field(default=EMPTY, compare=False, repr=False)


LEXICON_TABLES = ("word_class", "spelling")
CLASS_KEYS = ("id", "description", "words", "enabled", "replace")
SPELLING_KEYS = ("id", "description", "spellings", "enabled", "replace")


@dataclass(frozen=True)
class WordClass:
    """A word class (``<id>`` in phrases), or, with id ``filler``, the fillers."""

    id: str
    words: tuple[str, ...]
    description: str = ""
    enabled: bool = True
    members: tuple[tuple[str, ...], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Spelling:
    """Casual spellings: typed word -> what it may stand for (one or more readings)."""

    id: str
    spellings: tuple[tuple[str, tuple[str, ...]], ...]
    description: str = ""
    enabled: bool = True
    readings: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = field(
        default=(), compare=False, repr=False
    )


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


def lexicon_of(raw: RawItem) -> Lexicon:
    """The lexicon items of this kind are built with (set by the pack loader), else none."""
    lex = raw.context
    return lex if isinstance(lex, Lexicon) else EMPTY


def unknown_classes(phrase: CompiledPhrase, lexicon: Lexicon) -> list[tuple[str, int | None, str]]:
    """(class, column, message) for every ``<class>`` of ``phrase`` the lexicon does not define."""
    if "<" not in phrase.source:
        return []
    refs = class_refs(phrase.source)  # from the source: the variants stay packed
    used = {name for name, _ in refs}
    missing = sorted(c for c in used if c != AMOUNT and c not in lexicon.classes)
    columns = dict(reversed(refs))
    out = []
    for name in missing:
        hint = did_you_mean(name, [*lexicon.classes, AMOUNT])
        known = ", ".join(f"<{c}>" for c in sorted([*lexicon.classes, AMOUNT]))
        out.append(
            (name, columns.get(name), f"unknown word class <{name}>{hint}; defined: {known}")
        )
    return out


def compile_checked(
    raw: RawItem,
    key: tuple[str | int, ...] | str,
    phrases: Sequence[str],
    problems: list[Problem],
) -> tuple[CompiledPhrase, ...]:
    """Compile phrases; each problem at the phrase's line and, where known, its column."""
    path = (key,) if isinstance(key, str) else key
    label = path[-1]
    lexicon = lexicon_of(raw)
    out = []
    for phrase in phrases:
        try:
            compiled = compile_phrase(phrase)
        except PhraseError as exc:
            line, col = raw.where_in_value(path, phrase, exc.column)
            problems.append(
                raw.problem_at(
                    (line, col),
                    f'{label} "{phrase}": {exc.message}'
                    + (f" (at character {exc.column})" if exc.column else ""),
                )
            )
            continue
        bad = unknown_classes(compiled, lexicon)
        for _, column, message in bad:
            line, col = raw.where_in_value(path, phrase, column)
            problems.append(
                Problem(raw.origin.path, line, col, raw.id, f'{label} "{phrase}": {message}')
            )
        if not bad:
            out.append(compiled)
    return tuple(out)


def build_rule(raw: RawItem, problems: list[Problem]) -> PhraseRule | None:
    d = raw.data
    start = len(problems)
    raw.check_keys(ALL_KEYS, ("signal", "severity", "message", "why"), problems)
    signal = d.get("signal", "")
    raw.check_choice("signal", SIGNALS, problems)
    severity = d.get("severity", "")
    raw.check_choice("severity", SEVERITIES, problems)
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
    compiled = compile_checked(raw, "phrases", phrases, problems)
    compiled_unless = compile_checked(raw, "unless", unless, problems)
    if len(problems) > start:
        return None
    assert isinstance(signal, str) and isinstance(severity, str)  # both checked above
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
        lexicon=lexicon_of(raw),
    )


# ---------------------------------------------------------------------------------------------
# Word classes, fillers and spellings


def build_word_class(raw: RawItem, problems: list[Problem]) -> WordClass | None:
    """A ``[[word_class]]``: ``words`` in the phrase syntax without gaps or classes."""
    d = raw.data
    start = len(problems)
    raw.check_keys(CLASS_KEYS, (), problems)
    if raw.id == AMOUNT:
        problems.append(raw.problem("<amount> is built in; choose another id", "id"))
    words = _strings(raw, "words", problems, required=True)
    for key in ("description",):
        if key in d and not isinstance(d[key], str):
            problems.append(raw.problem(f"{key} must be a string", key))
    if "enabled" in d and not isinstance(d["enabled"], bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    members: list[tuple[str, ...]] = []
    filler = raw.id == FILLER
    for word in words:
        try:
            compiled = compile_phrase(word)
        except PhraseError as exc:
            line, col = raw.where_in_value(("words",), word, exc.column)
            problems.append(
                Problem(raw.origin.path, line, col, raw.id, f'words "{word}": {exc.message}')
            )
            continue
        for variant in compiled.variants:
            what = None
            if GAP in variant:
                what = "a gap '...' cannot be part of a class member"
            elif any(a[:1] == "<" for a in variant):
                what = "a class member cannot use another class"
            elif len(variant) > (MAX_FILLER_WORDS if filler else MAX_MEMBER_WORDS):
                limit = MAX_FILLER_WORDS if filler else MAX_MEMBER_WORDS
                what = f"a member has {len(variant)} words; the limit is {limit}"
            if what:
                line, col = raw.where_in_value(("words",), word, 1)
                problems.append(
                    Problem(raw.origin.path, line, col, raw.id, f'words "{word}": {what}')
                )
                break
            # fillers are matched exactly: "likes" is not the filler "like"
            members.append(tuple(a.lstrip("=") for a in variant) if filler else variant)
    members = list(dict.fromkeys(members))
    if len(members) > MAX_CLASS_MEMBERS:
        problems.append(
            raw.problem(
                f"{len(members)} members after expanding [...] and {{...}}; the limit is "
                f"{MAX_CLASS_MEMBERS}",
                "words",
            )
        )
    if len(problems) > start:
        return None
    return WordClass(
        raw.id,
        words,
        d.get("description", "").strip() if isinstance(d.get("description"), str) else "",
        d.get("enabled", True),
        tuple(members),
    )


def _spelling_at(raw: RawItem, typed: str) -> tuple[int | None, int | None]:
    """(line, col) of a typed word's key inside ``spellings = { ... }``."""
    import re

    key = re.compile(r'(?:^|[{,\s])(["\']?)(' + re.escape(typed) + r")\1\s*=")
    first, last = raw.source.spans.get((*raw.path, "spellings"), (0, -1))
    for line in range(first, last + 1):
        m = key.search(raw.source.lines[line - 1])
        if m:
            return line, m.start(2) + 1 - len(m.group(1))
    return raw.where("spellings")


def _one_word(text: str) -> str | None:
    words = tokenize(text).words
    return words[0] if len(words) == 1 and words[0] == text.strip().lower() else None


def build_spelling(raw: RawItem, problems: list[Problem]) -> Spelling | None:
    """A ``[[spelling]]``: ``spellings = { im = "I'm", ur = ["your", "you're"] }``."""
    d = raw.data
    start = len(problems)
    raw.check_keys(SPELLING_KEYS, (), problems)
    table = d.get("spellings")
    if table is None:
        problems.append(raw.problem("missing required key spellings (a table: typed = meant)"))
        table = {}
    elif not isinstance(table, dict):
        problems.append(raw.problem('spellings must be a table: { typed = "meant" }', "spellings"))
        table = {}
    if "enabled" in d and not isinstance(d["enabled"], bool):
        problems.append(raw.problem("enabled must be true or false", "enabled"))
    if len(table) > MAX_SPELLINGS:
        problems.append(raw.problem(f"more than {MAX_SPELLINGS} spellings", "spellings"))
    entries: list[tuple[str, tuple[str, ...]]] = []
    readings: list[tuple[str, tuple[tuple[str, ...], ...]]] = []

    def bad(typed: str, message: str) -> None:
        """A problem located at the spelling's own line in the pack."""
        line, col = _spelling_at(raw, typed)
        problems.append(Problem(raw.origin.path, line, col, raw.id, message))

    for typed, meant in table.items():
        options = [meant] if isinstance(meant, str) else meant
        if (
            not isinstance(options, list)
            or not options
            or not all(isinstance(o, str) and o.strip() for o in options)
        ):
            bad(typed, f'spelling "{typed}" must stand for a phrase or a list of phrases')
            continue
        folded = _one_word(typed)
        if folded is None:
            bad(
                typed,
                f'spelling "{typed}" must be one word as typed, without an apostrophe '
                "(it is what a resident types instead of the word)",
            )
            continue
        found: list[tuple[str, ...]] = []
        for option in options:
            words = tuple(tokenize(option).words)
            if not words or len(words) > MAX_READING_WORDS:
                bad(
                    typed,
                    f'spelling "{typed}" = "{option}": a reading is 1 to {MAX_READING_WORDS} words',
                )
                continue
            if words != (folded,):
                found.append(words)
        entries.append((typed, tuple(options)))
        readings.append((folded, tuple(dict.fromkeys(found))))
    if len(problems) > start:
        return None
    return Spelling(
        raw.id,
        tuple(entries),
        d.get("description", "").strip() if isinstance(d.get("description"), str) else "",
        d.get("enabled", True),
        tuple(readings),
    )


def build_item(raw: RawItem, problems: list[Problem]) -> Any:
    if raw.table == "word_class":
        return build_word_class(raw, problems)
    if raw.table == "spelling":
        return build_spelling(raw, problems)
    return build_rule(raw, problems)


def build_lexicon(items: Iterable[Any]) -> Lexicon:
    """The lexicon of a library's word classes and spellings (enabled ones; a disabled class is
    an empty class, so the rules using it stay valid and match nothing through it)."""
    classes: dict[str, tuple[tuple[str, ...], ...]] = {}
    fillers: tuple[tuple[str, ...], ...] = ()
    spellings: dict[str, list[tuple[str, ...]]] = {}
    for item in items:
        if isinstance(item, WordClass):
            members = item.members if item.enabled else ()
            if item.id == FILLER:
                fillers = members
            elif len(classes) < MAX_CLASSES:
                classes[item.id] = members
        elif isinstance(item, Spelling) and item.enabled:
            for typed, options in item.readings:
                known = spellings.setdefault(typed, [])
                known.extend(o for o in options if o not in known)
    return Lexicon(classes, fillers, {k: tuple(v) for k, v in spellings.items() if v})


# ---------------------------------------------------------------------------------------------
# Checking


# ---------------------------------------------------------------------------------------------
# Self-tests and lint


def self_test(rule: Any, raw: RawItem) -> list[Problem]:
    """Every example must fire the rule and no counterexample may (the rule checked alone)."""
    if not isinstance(rule, PhraseRule):
        return []  # word classes and spellings have no examples; the rules using them test them
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


def strict_builtin(rule: Any, raw: RawItem) -> list[Problem]:
    """What the built-in pack promises beyond the schema."""
    if not isinstance(rule, PhraseRule):
        if not getattr(rule, "description", ""):
            return [raw.problem("built-in word classes and spellings need a description")]
        return []
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


def _words_of(variant: tuple[str, ...]) -> list[str]:
    return [a.lstrip("=") for a in variant if a != GAP]


def lint_rules(entries: Iterable[tuple[Any, RawItem]]) -> list[Problem]:
    """Problems that do not stop a rule from loading but make it noisy or redundant."""
    problems: list[Problem] = []
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    entries = list(entries)
    rules = [(r, raw) for r, raw in entries if isinstance(r, PhraseRule)]
    lexicon = next((r.lexicon for r, _ in rules), EMPTY)
    # one-word fillers are as common as the common words ("honestly", "like")
    fillers = {v[0] for v in lexicon.fillers if len(v) == 1}
    for rule, raw in rules:
        for phrase in rule.compiled:
            for variant in phrase.variants:
                words = _words_of(variant)
                if all(w[:1] == "<" for w in words):
                    problems.append(
                        raw.problem(
                            f'phrase "{phrase.source}" is made only of word classes '
                            f'("{" ".join(words)}"); it would fire on most answers',
                            "phrases",
                            needle=phrase.source,
                            severity="warning",
                        )
                    )
                    break
                if all(w in COMMON_WORDS or w in fillers for w in words):
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
        for key, compiled in (("phrases", rule.compiled), ("unless", rule.compiled_unless)):
            problems.extend(lint_exact_marks(raw, (key,), compiled))
    problems.extend(lint_fillers(entries))
    return problems


def lint_exact_marks(
    raw: RawItem, path: tuple[str | int, ...], compiled: Iterable[CompiledPhrase]
) -> list[Problem]:
    """'=word' on a word that is matched as written anyway is a mark that does nothing."""
    problems = []
    for phrase in compiled:
        idle = sorted(
            {
                a[1:]
                for v in phrase.variants
                for a in v
                if a[:1] == "=" and lemma.forms(a[1:]) is None
            }
        )
        for word in idle:
            column = phrase.source.find("=" + word)
            line, col = raw.where_in_value(path, phrase.source, column + 1 if column >= 0 else None)
            problems.append(
                raw.problem_at(
                    (line, col),
                    f'"={word}" in "{phrase.source}" changes nothing: "{word}" has no '
                    "inflections to leave out and is matched as written anyway",
                    "warning",
                )
            )
    return problems


def lint_fillers(entries: list[tuple[Any, RawItem]]) -> list[Problem]:
    """A filler holding a negator would turn "I'm not open to anything" into a match."""
    problems: list[Problem] = []
    for item, raw in entries:
        if not (isinstance(item, WordClass) and item.id == FILLER):
            continue
        for word in item.words:
            bad = [w for w in tokenize(word).words if w in ("not", "never", "no", "hardly", "nor")]
            if bad:
                line, col = raw.where_in_value(("words",), word, 1)
                problems.append(
                    raw.problem_at(
                        (line, col),
                        f'filler "{word}" holds a negator ("{bad[0]}"): skipping it would '
                        "turn a negated phrase into a match",
                    )
                )
    return problems


def lint_library(library: Any) -> list[Problem]:
    """Word classes no phrase uses (phrase rules, hedges and question traits alike)."""
    used: set[str] = set()
    for kind in ("phrases", "questions"):
        for entry in library.entries.get(kind, {}).values():
            item = entry.item
            rules = []
            if isinstance(item, PhraseRule):
                rules.append(item)
            for r in (
                getattr(item, "rule", None),
                *(getattr(t, "checker", None) for t in getattr(item, "traits", ())),
            ):
                if isinstance(r, PhraseRule):
                    rules.append(r)
                elif r is not None:
                    rules.extend(getattr(r, "rules", ()))
            for rule in rules:
                for phrase in (*rule.compiled, *rule.compiled_unless):
                    used.update(a[1:-1] for v in phrase.variants for a in v if a[:1] == "<")
    problems = []
    for entry in library.entries.get("phrases", {}).values():
        item = entry.item
        if (
            isinstance(item, WordClass)
            and item.id != FILLER
            and item.enabled
            and item.id not in used
            and entry.active
        ):
            problems.append(
                entry.raw.problem(
                    f"word class <{item.id}> is not used by any phrase",
                    "id",
                    severity="warning",
                )
            )
    return problems


RULE_OVERRIDES = ("enabled", "severity", "add_unless", "add_examples", "add_counterexamples")
CLASS_OVERRIDES = ("enabled", "add_words", "remove_words")
SPELLING_OVERRIDES = ("enabled", "add_spellings", "remove_spellings")

SPEC = KindSpec(
    kind="phrases",
    tables=("rule", *LEXICON_TABLES),
    override_keys={
        "enabled": ("set", "enabled"),
        "severity": ("set", "severity"),
        "add_unless": ("append", "unless"),
        "add_examples": ("append", "examples"),
        "add_counterexamples": ("append", "counterexamples"),
        "add_words": ("append", "words"),
        "remove_words": ("remove", "words"),
        "add_spellings": ("merge", "spellings"),
        "remove_spellings": ("remove_keys", "spellings"),
    },
    override_tables={
        "rule": RULE_OVERRIDES,
        "word_class": CLASS_OVERRIDES,
        "spelling": SPELLING_OVERRIDES,
    },
    untested_tables=LEXICON_TABLES,
    build=build_item,
    self_test=self_test,
    strict_builtin=strict_builtin,
    lint=lint_library,
)
