"""Checking an answer against compiled phrase rules: the hot path of the app and `coach check`.

No dataclasses here and nothing heavy imported: `coach check` loads this module on its fast path
(a snapshot of the active rules), the app calls it on every keystroke.

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

from coach.rules.matcher import PhraseIndex
from coach.rules.phrase import CompiledPhrase
from coach.rules.text import NEGATORS, Tokens, tokenize

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check
if TYPE_CHECKING:
    from typing import Any, Protocol
else:
    Protocol = object

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


class CheckableRule(Protocol):
    """What the checker needs of a rule (PhraseRule, or a rule read back from a snapshot)."""

    id: str
    signal: str
    severity: str
    message: str
    why: str
    rewrite: tuple[str, ...]
    source: str | None
    negation_window: int
    check_quotes: bool
    enabled: bool
    compiled: Sequence[CompiledPhrase]
    compiled_unless: Sequence[CompiledPhrase]


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
    """Compiled rules: one trie for every phrase and unless-phrase of every enabled rule."""

    def __init__(self, rules: Iterable[CheckableRule]) -> None:
        self.rules: list[CheckableRule] = [r for r in rules if r.enabled]
        self.index = PhraseIndex()
        for i, rule in enumerate(self.rules):
            for phrase in rule.compiled:
                self.index.add(phrase, i)
            for phrase in rule.compiled_unless:
                self.index.add(phrase, -i - 1)

    def check(self, text: str) -> list[Flag]:
        return self.check_tokens(tokenize(text))

    def check_tokens(self, toks: Tokens) -> list[Flag]:
        found = self.index.find(toks)
        if not found:
            return []
        starts, ends, words, clause_starts = toks.starts, toks.ends, toks.words, toks.clause_starts
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
            if rule.negation_window and _negated(words, clause_starts, a, rule.negation_window):
                continue
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


def _negated(words: list[str], clause_starts: set[int], first: int, window: int) -> bool:
    """A negator within ``window`` words before ``first``, in the same clause."""
    for t in range(first - 1, max(-1, first - window - 1), -1):
        if t + 1 in clause_starts:
            return False
        if words[t] in NEGATORS:
            return True
    return False
