"""Checking an answer against compiled phrase rules: the hot path of the app and `coach check`.

No dataclasses here and nothing heavy imported: `coach check` loads this module on its fast path
(a snapshot of the active rules), the app calls it on every keystroke.

A rule fires where one of its phrases matches, unless
- an ``unless`` phrase of the rule covers the match ("just now" covers "just"),
- a negator (not, never, no, hardly, nor, refuse, n't) stands
  within ``negation_window`` words before the match in the same clause ("I'm not open to
  anything below $350k"),
- the match is inside balanced double quotes and ``check_quotes`` is false,
- for a desperation rule (with negation on), a distancing phrase of the lexicon ("when I was a
  med student", "my co-resident said") comes before the match in the same clause.
Fillers of the lexicon are skipped by the negation window as they are by the phrases ("I'm not,
honestly, open to anything" is negated).
Where two matches of the same signal overlap, the longer one is reported (ties: the higher
severity); a desperation flag and a strength flag may overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coach.rules.lexicon import EMPTY, Lexicon
from coach.rules.matcher import PhraseIndex
from coach.rules.phrase_syntax import CompiledPhrase
from coach.rules.text import Tokens, tokenize

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from typing import Any, Protocol
else:
    Protocol = object

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


class CheckableRule(Protocol):
    """What the checker needs of a rule (PhraseRule, or a rule read back from a snapshot); it
    only reads them, so frozen dataclasses fit."""

    # Read-only, so a frozen dataclass (PhraseRule) matches as well as a plain class.
    @property
    def id(self) -> str: ...

    @property
    def signal(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def why(self) -> str: ...

    @property
    def rewrite(self) -> tuple[str, ...]: ...

    @property
    def source(self) -> str | None: ...

    @property
    def negation_window(self) -> int: ...

    @property
    def check_quotes(self) -> bool: ...

    @property
    def enabled(self) -> bool: ...

    @property
    def compiled(self) -> Sequence[CompiledPhrase]: ...

    @property
    def compiled_unless(self) -> Sequence[CompiledPhrase]: ...


class Flag:
    """One flagged span. The same object everywhere: check, rehearsal results, the app."""

    __slots__ = (
        "end",
        "match",
        "message",
        "rewrite",
        "rule",
        "severity",
        "signal",
        "source",
        "start",
        "why",
    )

    def __init__(
        self,
        rule: str,
        signal: str,
        severity: str,
        start: int,
        end: int,
        match: str,
        message: str,
        why: str,
        rewrite: tuple[str, ...],
        source: str | None = None,
    ) -> None:
        self.rule = rule
        self.signal = signal
        self.severity = severity
        self.start = start
        self.end = end
        self.match = match
        self.message = message
        self.why = why
        self.rewrite = tuple(rewrite)
        self.source = source

    def _key(self) -> tuple[Any, ...]:
        return (self.rule, self.signal, self.severity, self.start, self.end, self.match)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Flag) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Flag({self.rule!r}, {self.signal!r}, {self.start}-{self.end}, {self.match!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "signal": self.signal,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "message": self.message,
            "why": self.why,
            "rewrite": list(self.rewrite),
        }


class PhraseChecker:
    """Compiled rules: one trie for every phrase and unless-phrase of every enabled rule.

    ``lexicon`` (word classes, fillers, spellings) defaults to the one the rules were built with
    (every rule of a library carries the library's lexicon), else none.
    Items that are not rules (a pack's word classes and spellings) are left out.
    """

    def __init__(self, rules: Iterable[CheckableRule], lexicon: Lexicon | None = None) -> None:
        self.rules, self.lexicon = self.checked_rules(rules, lexicon)
        self.index = index = PhraseIndex(self.lexicon)
        for i, rule in enumerate(self.rules):
            for phrase in rule.compiled:
                index.add(phrase, i)
            for phrase in rule.compiled_unless:
                index.add(phrase, -i - 1)

    @staticmethod
    def checked_rules(
        rules: Iterable[CheckableRule], lexicon: Lexicon | None = None
    ) -> tuple[list[CheckableRule], Lexicon]:
        """The rules a checker checks (enabled phrase rules, in order) and its lexicon."""
        kept = [r for r in rules if r.enabled and getattr(r, "signal", None) is not None]
        if lexicon is None:
            lexicon = next(
                (lx for r in kept if (lx := getattr(r, "lexicon", None)) is not None), EMPTY
            )
        return kept, lexicon

    @classmethod
    def from_index(cls, rules: Sequence[CheckableRule], index: PhraseIndex) -> PhraseChecker:
        """A checker from an index built earlier for exactly these rules, in this order (the
        check snapshot), without building anything."""
        checker = cls.__new__(cls)
        checker.rules = list(rules)
        checker.lexicon = index.lexicon
        checker.index = index
        return checker

    def check(self, text: str) -> list[Flag]:
        return self.check_tokens(tokenize(text))

    def check_tokens(self, toks: Tokens) -> list[Flag]:
        view = self.index.view(toks)
        found = self.index.find(toks, view)
        if not found:
            return []
        starts, ends = toks.starts, toks.ends
        analysis = view.analysis
        unless: dict[int, list[tuple[int, int]]] = {}
        matches: list[tuple[int, int, int]] = []
        for payload, a, b in found:
            if payload < 0:
                unless.setdefault(-payload - 1, []).append((starts[a], ends[b]))
            else:
                matches.append((payload, a, b))
        kept: list[tuple[int, int, int]] = []
        for r, a, b in matches:
            rule = self.rules[r]
            s, e = starts[a], ends[b]
            if not rule.check_quotes and toks.is_quoted(s, e):
                continue
            if any(us <= s and ue >= e for us, ue in unless.get(r, ())):
                continue
            if rule.negation_window and _negated(analysis, a, rule.negation_window):
                continue
            if rule.signal == "desperation" and rule.negation_window and analysis.distanced(a, b):
                continue  # a past belief, a hypothetical or someone else's words
            kept.append((r, a, b))
        return self._resolve(kept, toks)

    def _resolve(self, kept: list[tuple[int, int, int]], toks: Tokens) -> list[Flag]:
        rules = self.rules
        starts, ends, text = toks.starts, toks.ends, toks.text
        # Longest first (in words, then characters), then higher severity, then leftmost.
        kept.sort(
            key=lambda m: (
                -(m[2] - m[1]),
                -(ends[m[2]] - starts[m[1]]),
                -SEVERITY_RANK[rules[m[0]].severity],
                m[1],
                rules[m[0]].id,
            )
        )
        taken: dict[str, set[int]] = {"desperation": set(), "strength": set()}
        flags: list[Flag] = []
        for r, a, b in kept:
            rule = rules[r]
            used = taken[rule.signal]
            span = range(a, b + 1)
            if any(t in used for t in span):
                continue
            used.update(span)
            s, e = starts[a], ends[b]
            flags.append(
                Flag(
                    rule.id,
                    rule.signal,
                    rule.severity,
                    s,
                    e,
                    text[s:e],
                    rule.message,
                    rule.why,
                    rule.rewrite,
                    rule.source,
                )
            )
        flags.sort(key=lambda f: (f.start, f.end, f.signal))
        return flags


def _negated(analysis: Any, first: int, window: int) -> bool:
    """A negator within ``window`` words before ``first``, in the same clause (fillers are not
    counted, and the commas that only set off a filler do not end the clause)."""
    clause_starts = analysis.clause_starts
    negator = analysis.negator
    filler = analysis.filler
    counted = 0
    t = first - 1
    while t >= 0 and counted < window:
        if t + 1 in clause_starts:
            return False
        if t in negator:
            return True
        if not filler[t]:
            counted += 1
        t -= 1
    return False
