"""Phrase rules: the kind ``phrases`` — schema, self-tests, and checking an answer.

A phrases pack holds three item tables: ``[[rule]]`` (the rules), ``[[word_class]]`` (word
classes phrases use as ``<name>``; the class ``filler`` is the list of fillers skipped between
phrase words) and ``[[spelling]]`` (casual spellings read as what they stand for). The last two
make the pack's lexicon (coach.rules.lexicon), resolved across layers before any rule is built,
so every rule, its self-test and the rehearsal traits use the same one.

A rule fires where one of its phrases matches, unless
- an ``unless`` phrase of the rule covers the match ("just now" covers "just"),
- a negator (not, never, no, hardly, nor, refuse, n't) stands
  within ``negation_window`` words before the match in the same clause ("I'm not open to
  anything below $350k"),
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
    DISTANCING,
    FILLER,
    GAP,
    CompiledPhrase,
    PhraseError,
    class_refs,
    compile_phrase,
)
from coach.rules.text import NEGATORS, NUMBER_WORDS, SCALE_WORDS, figure_key, tokenize

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
    exact = filler or raw.id == DISTANCING  # matched as written, not by lemma
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
            members.append(tuple(a.lstrip("=") for a in variant) if exact else variant)
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
    distancing: tuple[tuple[str, ...], ...] = ()
    spellings: dict[str, list[tuple[str, ...]]] = {}
    for item in items:
        if isinstance(item, WordClass):
            members = item.members if item.enabled else ()
            if item.id == FILLER:
                fillers = members
            elif item.id == DISTANCING:
                distancing = members
            elif len(classes) < MAX_CLASSES:
                classes[item.id] = members
        elif isinstance(item, Spelling) and item.enabled:
            for typed, options in item.readings:
                known = spellings.setdefault(typed, [])
                known.extend(o for o in options if o not in known)
    spelled = {k: tuple(v) for k, v in spellings.items() if v}
    return Lexicon(classes, fillers, spelled, distancing)


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
        problems.extend(lint_unless_reach(rule, raw))
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
            bad = [w for w in tokenize(word).words if w in NEGATORS]
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
            and item.id not in (FILLER, DISTANCING)
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


# ---------------------------------------------------------------------------------------------
# Can an unless ever cover a match?

# A state of the rule's phrases while reading an unless's words: before the match (_PRE), after
# it (_POST), at trie node id ("n", id), in a gap before node id ("g", id), inside a member of
# class name before node id ("c", name, id).
_PRE: tuple[Any, ...] = ("pre",)
_POST: tuple[Any, ...] = ("post",)
# The keys of "a word of a figure" (an <amount> in an unless): any key that may be one.
_FIGURE: frozenset[str] = frozenset({"\x00figure"})


class _Cover:
    """Which ``unless`` phrases of a rule can ever cover a match of its phrases.

    The rule's phrases and its unless phrases are both word tries (coach.rules.matcher); they
    are walked together over the words an unless may match, each pair of states once, so the
    work is bounded by the tries' sizes however many variants they expand to. Where it cannot
    tell, it assumes the unless may cover: a gap in the unless may hold a whole match, a word
    class member or a figure may be any words of the class, the rule's fillers may be skipped
    inside a match. So it answers "never" only when no text could make the unless cover a
    match, and lint warns on that alone.
    """

    def __init__(self, rule: PhraseRule) -> None:
        from coach.rules.matcher import PhraseIndex

        self.count = len(rule.compiled_unless)
        phrases = PhraseIndex(rule.lexicon)
        for phrase in rule.compiled:
            phrases.add(phrase, 0)
        exceptions = PhraseIndex(rule.lexicon)
        for i, phrase in enumerate(rule.compiled_unless):
            exceptions.add(phrase, i)
        self.phrases = phrases
        self.exceptions = exceptions
        self.lexicon = rule.lexicon
        self.fillers = {w for v in rule.lexicon.fillers for w in v}
        # an unless trie key -> the words it stands for (a lemma key: all its forms)
        forms: dict[str, set[str]] = {}
        for form, keys in exceptions.table.items():
            for key in keys:
                forms.setdefault(key, set()).add(form)
        self.forms = forms
        self.nodes: dict[int, dict[str, Any]] = {}
        self.vocab: dict[str, frozenset[str]] = {}
        self._steps: dict[tuple[Any, ...], set[tuple[Any, ...]]] = {}
        self._below: dict[int, set[int]] = {}

    def _node(self, node: dict[str, Any]) -> int:
        self.nodes[id(node)] = node
        return id(node)

    def _keys(self, words: Iterable[str]) -> frozenset[str]:
        """The keys of the rule's trie that these answer words are looked up by."""
        table = self.phrases.table
        keys = set()
        for w in words:
            keys.add(figure_key(w))
            keys.update(table.get(w, ()))
        return frozenset(keys)

    def _word_keys(self, key: str) -> frozenset[str]:
        """The rule-trie keys of a word the unless trie holds under ``key``."""
        return self._keys(self.forms.get(key) or (key,))

    def _class_keys(self, name: str) -> frozenset[str]:
        """The rule-trie keys of every word of every member of class ``name``."""
        found = self.vocab.get(name)
        if found is None:
            if name == AMOUNT:
                found = _FIGURE
            else:
                words: set[str] = set()
                for member in self.lexicon.classes.get(name, ()):
                    for atom in member:
                        word = atom.lstrip("=")
                        known = None if atom[:1] == "=" else lemma.forms(word)
                        words.update(known[1] if known is not None else (word,))
                found = self._keys(words)
            self.vocab[name] = found
        return found

    def _match(self, key: str, keys: frozenset[str]) -> bool:
        if keys is _FIGURE:
            return _maybe_figure(key)
        return key in keys

    def _in_class(self, name: str, keys: frozenset[str]) -> bool:
        """Whether a word read by ``keys`` may be part of a member of class ``name``."""
        vocab = self._class_keys(name)
        if keys is _FIGURE or vocab is _FIGURE:
            return vocab is _FIGURE or any(_maybe_figure(k) for k in vocab)
        return not vocab.isdisjoint(keys)

    def _closure(self, states: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        from coach.rules.matcher import _END, _GAP

        out = set(states)
        todo = list(states)
        while todo:
            s = todo.pop()
            nxt: list[tuple[Any, ...]] = []
            if s[0] == "n":
                node = self.nodes[s[1]]
                if _END in node:
                    nxt.append(_POST)
                if _GAP in node:
                    nxt.append(("g", self._node(node[_GAP])))
            elif s[0] in ("g", "c"):
                nxt.append(("n", s[-1]))
            for t in nxt:
                if t not in out:
                    out.add(t)
                    todo.append(t)
        return out

    def _consume(self, node: dict[str, Any], keys: frozenset[str]) -> set[tuple[Any, ...]]:
        from coach.rules.matcher import _CLASS, _END, _GAP

        out: set[tuple[Any, ...]] = set()
        for k, child in node.items():
            if k in (_END, _GAP):
                continue
            if k == _CLASS:
                for name, after in child.items():
                    if self._in_class(name, keys):
                        out.add(("c", name, self._node(after)))
            elif self._match(k, keys):
                out.add(("n", self._node(child)))
        return out

    def step(self, s: tuple[Any, ...], keys: frozenset[str], filler: bool) -> set[Any]:
        """The states after one word read by ``keys``, from state ``s``."""
        memo = (s, keys, filler)
        hit = self._steps.get(memo)
        if hit is not None:
            return hit
        kind = s[0]
        out: set[tuple[Any, ...]] = set()
        if kind == "pre":
            out.add(_PRE)
            out |= self._consume(self.phrases.root, keys)
        elif kind == "post":
            out.add(_POST)
        elif kind == "n":
            out |= self._consume(self.nodes[s[1]], keys)
            if filler:
                out.add(s)  # a filler skipped between two phrase words
        elif kind == "g" or (kind == "c" and self._in_class(s[1], keys)):
            out.add(s)
        out = self._closure(out)
        self._steps[memo] = out
        return out

    def _ends_below(self, node: dict[str, Any]) -> set[int]:
        """The unless phrases whose variants pass through ``node``."""
        from coach.rules.matcher import _CLASS, _END

        hit = self._below.get(id(node))
        if hit is None:
            hit = set(node.get(_END, ()))
            for k, child in node.items():
                if k == _CLASS:
                    for after in child.values():
                        hit |= self._ends_below(after)
                elif k != _END:
                    hit |= self._ends_below(child)
            self._below[id(node)] = hit
        return hit

    def coverable(self) -> set[int]:
        """The indexes of the unless phrases that may cover a match."""
        from coach.rules.matcher import _CLASS, _END, _GAP

        spellings = self.lexicon.spellings
        found: set[int] = set()
        # unless-side states: ("n", node id), or ("c", class name, node id) inside a member
        start: tuple[tuple[Any, ...], tuple[Any, ...]] = (
            ("n", self._node(self.exceptions.root)),
            _PRE,
        )
        seen = {start}
        todo = [start]
        while todo and len(found) < self.count:
            q, ps = todo.pop()
            moves: list[tuple[tuple[Any, ...], set[tuple[Any, ...]]]] = []
            if q[0] == "c":  # another word of the member, or the member is done
                moves.append((q, self.step(ps, self._class_keys(q[1]), False)))
                moves.append((("n", q[2]), {ps}))
            else:
                qnode = self.nodes[q[1]]
                if ps == _POST and _END in qnode:
                    found.update(qnode[_END])
                for k, child in qnode.items():
                    if k == _END:
                        continue
                    if k == _GAP:
                        # a gap may hold a whole match: every unless through it may cover one
                        found |= self._ends_below(child)
                    elif k == _CLASS:
                        for name, after in child.items():
                            into = self.step(ps, self._class_keys(name), False)
                            moves.append((("c", name, self._node(after)), into))
                    else:
                        after = self.step(ps, self._word_keys(k), k in self.fillers)
                        moves.append((("n", self._node(child)), after))
                        for reading in spellings.get(k, ()):  # "im": "I am"
                            states = {ps}
                            for word in reading:
                                nxt: set[tuple[Any, ...]] = set()
                                for s in states:
                                    nxt |= self.step(s, self._keys((word,)), word in self.fillers)
                                states = nxt
                            moves.append((("n", self._node(child)), states))
            for q2, states in moves:
                for s in states:
                    pair = (q2, s)
                    if pair not in seen:
                        seen.add(pair)
                        todo.append(pair)
        return found


def _maybe_figure(word: str) -> bool:
    return any(c.isdigit() for c in word) or word in _FIGURE_WORDS


_FIGURE_WORDS = NUMBER_WORDS | SCALE_WORDS | frozenset(
    "a and ish low lower mid middle high upper figure figures dollars bucks twos threes fours "
    "fives sixes sevens eights nines".split()
)


def lint_unless_reach(rule: PhraseRule, raw: RawItem) -> list[Problem]:
    """An ``unless`` cancels a match only when it covers all of it: warn about one that can
    never cover a match of the rule's phrases (it cancels nothing; often it holds only part of
    the phrase, or the words after it without the phrase itself)."""
    if not rule.compiled_unless or not rule.compiled:
        return []
    live = _Cover(rule).coverable()
    problems = []
    for i, phrase in enumerate(rule.compiled_unless):
        if i in live:
            continue
        line, col = raw.where_in_value(("unless",), phrase.source, 1)
        problems.append(
            raw.problem_at(
                (line, col),
                f'unless "{phrase.source}" never cancels anything: an unless cancels a match '
                "only when it covers all of it, and no match of this rule's phrases fits "
                'inside it (write the phrase\'s words into it, as "just now" holds "just")',
                "warning",
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
