"""The phrase syntax doctors write, compiled to word sequences (no regular expressions).

    plain words           open to anything
    [optional words]      I'm [pretty] open to anything
    [one|or|none]         I'm [pretty|really] open to anything
    {alternative|choices} I'll take {any|whatever} call
    ...                   I just need ... job       (a gap of 0 to 4 words)
    <class>               {flexible|open} on <money>   (any member of a word class)
    <amount>              I'd take <amount>          (a figure written any way: $250k, two fifty)
    =word                 I =left                    (this word exactly, not its inflections)

Nothing else is special and there is nothing to escape: a ``<`` is a class only when it touches a
name and a ``>`` ("<money>"), a ``=`` only at the start of a word. Brackets and braces hold whole
words and may nest. Each phrase expands to a bounded list of variants (at most MAX_VARIANTS, each
at most MAX_WORDS words, MAX_GAPS gaps and MAX_CLASS_REFS classes), checked here, so no pack can
make matching expensive.

A variant is a tuple of atoms: a folded word ("open", matched with its inflections when it is a
content word, coach.rules.lemma), "=word" (exactly that word), "<name>" (a word class, resolved
against the pack's lexicon when rules are built) and GAP.
"""

from __future__ import annotations

import re
from itertools import product

from coach.rules.text import tokenize

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than a check

MAX_WORDS = 12
MAX_VARIANTS = 256
MAX_GAPS = 2
MAX_CLASS_REFS = 4
GAP_WORDS = 4
GAP = "\x00..."  # a sentinel no folded word can equal
AMOUNT = "amount"  # the built-in class <amount>
FILLER = "filler"  # the word class of fillers, skipped between phrase words; not used in phrases
# The word class of distancing words ("when I was a student", "my friend said"): a desperation
# match after one in the same clause is not the speaker's own present stance. Not used in phrases.
DISTANCING = "distancing"
# "<name>" touching both brackets, or "=word": the only markers inside plain words. A "<" that
# does not close before white space ("<5 years") is plain text.
_MARK_RE = re.compile(r"<([^<>\s]*)>|(?<!\S)=(\S*)")
CLASS_NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class PhraseError(ValueError):
    """A phrase that cannot be compiled; ``column`` is 1-based within the phrase."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


_WORD_SEP = "\x1f"  # never in a word: tokens are letters, digits and apostrophes
_VARIANT_SEP = "\x1e"


class CompiledPhrase:
    """A phrase and the word sequences it expands to (GAP marks a gap).

    One read from the compile cache keeps its variants packed in one string until they are
    used: an app start whose phrase index comes from the cache never unpacks them."""

    __slots__ = ("_packed", "_variants", "source")

    def __init__(self, source: str, variants: tuple[tuple[str, ...], ...]) -> None:
        self.source = source
        self._variants: tuple[tuple[str, ...], ...] | None = variants
        self._packed = ""

    @classmethod
    def packed(cls, source: str, packed: str) -> CompiledPhrase:
        phrase = cls.__new__(cls)
        phrase.source = source
        phrase._variants = None
        phrase._packed = packed
        return phrase

    @property
    def variants(self) -> tuple[tuple[str, ...], ...]:
        if self._variants is None:
            self._variants = tuple(
                tuple(v.split(_WORD_SEP)) for v in self._packed.split(_VARIANT_SEP)
            )
            self._packed = ""
        return self._variants

    def pack(self) -> str:
        if self._variants is None:
            return self._packed
        return _VARIANT_SEP.join(_WORD_SEP.join(v) for v in self._variants)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompiledPhrase) and (self.source, self.variants) == (
            other.source,
            other.variants,
        )

    def __hash__(self) -> int:
        return hash((self.source, self.variants))

    def __repr__(self) -> str:
        return f"CompiledPhrase({self.source!r}, {self.variants!r})"


# A node is ("lit", text, col) | ("opt", [nodes], col) | ("alt", [[nodes], ...], col)
if TYPE_CHECKING:
    from typing import Literal

    _Lit = tuple[Literal["lit"], str, int]
    _Opt = tuple[Literal["opt"], list["Node"], int]
    _Alt = tuple[Literal["alt"], list[list["Node"]], int]
    Node = _Lit | _Opt | _Alt


def _parse(src: str) -> list[Node]:
    pos = 0

    def choices(col: int, opener: str, closer: str, empty: str) -> list[list[Node]]:
        """The '|'-separated choices up to ``closer``; ``pos`` is just after ``opener``."""
        nonlocal pos
        found: list[list[Node]] = []
        while True:
            choice_col = pos + 1
            choice = seq("|" + closer)
            if pos >= len(src):
                raise PhraseError(f"'{opener}' is never closed with '{closer}'", col)
            if not choice:
                raise PhraseError(empty, choice_col)
            found.append(choice)
            pos += 1  # past "|" or the closer
            if src[pos - 1] == closer:
                return found

    def seq(closers: str) -> list[Node]:
        nonlocal pos
        nodes: list[Node] = []
        buf_start = pos
        buf: list[str] = []

        def flush() -> None:
            if buf:
                nodes.append(("lit", "".join(buf), buf_start + 1))
                buf.clear()

        while pos < len(src):
            ch = src[pos]
            if ch in closers:
                flush()
                return nodes
            if ch in "[{":
                flush()
                col = pos + 1
                pos += 1
                if ch == "[":
                    options = choices(col, "[", "]", "empty choice in '[...]'")
                    inner: list[Node] = (
                        options[0] if len(options) == 1 else [("alt", options, col)]
                    )
                    nodes.append(("opt", inner, col))
                else:
                    options = choices(
                        col, "{", "}", "empty choice in '{...}' (use [words] for optional words)"
                    )
                    if len(options) < 2:
                        raise PhraseError(
                            "'{...}' needs at least two choices separated by '|'", col
                        )
                    nodes.append(("alt", options, col))
                buf_start = pos
            elif ch in "]}|":
                what = {"]": "']' without a matching '['", "}": "'}' without a matching '{'"}
                raise PhraseError(what.get(ch, "'|' is only allowed inside '{...}'"), pos + 1)
            else:
                if not buf:
                    buf_start = pos
                buf.append(ch)
                pos += 1
        flush()
        return nodes

    nodes = seq("")
    return nodes


def _plain_words(text: str, col: int) -> list[str]:
    toks = tokenize(text)
    if toks.sentence and toks.sentence[-1] != toks.sentence[0]:
        raise PhraseError(
            "a sentence end (. ! ? or a blank line) inside a phrase can never match", col
        )
    return toks.words


def _literal_variant(text: str, col: int) -> tuple[str, ...]:
    out: list[str] = []
    text = text.replace("…", "...")
    offset = 0
    for i, piece in enumerate(text.split("...")):
        if i:
            out.append(GAP)
        last = 0
        for m in _MARK_RE.finditer(piece):
            at = col + offset + m.start()
            out.extend(_plain_words(piece[last : m.start()], col))
            last = m.end()
            if m.group(1) is not None:
                out.append("<" + class_name(m.group(1), at) + ">")
            else:
                words = _plain_words(m.group(2), at) if m.group(2) else []
                if not words or m.group(2)[:1] in "<=":
                    raise PhraseError("'=' marks an exact word and must touch it, as in =left", at)
                out.extend("=" + w for w in words)
        out.extend(_plain_words(piece[last:], col))
        offset += len(piece) + 3
    return tuple(out)


def class_name(raw: str, col: int | None = None) -> str:
    """The name inside ``<...>``, checked (PhraseError otherwise)."""
    name = raw.lower()
    if not CLASS_NAME_RE.fullmatch(name):
        raise PhraseError(
            f"'<{raw}>' is not a word class: write <name> with letters, digits and hyphens, "
            "as in <money>",
            col,
        )
    if name == FILLER:
        raise PhraseError(
            "<filler> cannot be used in a phrase: fillers are skipped between any two words "
            "already",
            col,
        )
    if name == DISTANCING:
        raise PhraseError(
            "<distancing> cannot be used in a phrase: its words cancel desperation flags after "
            "them in the same clause",
            col,
        )
    return name


def class_refs(src: str) -> list[tuple[str, int]]:
    """(class name, 1-based column) of every ``<name>`` in a phrase, in order (for messages)."""
    found = []
    for m in _MARK_RE.finditer(src):
        if m.group(1) is not None:
            found.append((m.group(1).lower(), m.start() + 1))
    return found


def is_class(atom: str) -> bool:
    return atom[:1] == "<"


def bare(atom: str) -> str:
    """The word of an atom, without its '=' or '<...>' marks."""
    if atom[:1] == "=":
        return atom[1:]
    if atom[:1] == "<":
        return atom[1:-1]
    return atom


def _expand(nodes: list[Node]) -> list[tuple[str, ...]]:
    parts: list[list[tuple[str, ...]]] = []
    for node in nodes:
        match node:
            case ("lit", text, col):
                parts.append([_literal_variant(text, col)])
            case ("opt", inner, _):
                parts.append([(), *_expand(inner)])
            case ("alt", choices, _):
                options: list[tuple[str, ...]] = []
                for choice in choices:
                    options.extend(_expand(choice))
                parts.append(options)
        total = 1
        for p in parts:
            total *= len(p)
        if total > MAX_VARIANTS:
            raise PhraseError(
                f"expands to more than {MAX_VARIANTS} variants; split it into several phrases",
                node[2],
            )
    result: list[tuple[str, ...]] = [()]
    for p in parts:
        result = [a + b for a, b in product(result, p)]
    return result


_MEMO: dict[str, CompiledPhrase] = {}
_MEMO_LIMIT = 200_000


def memo_snapshot() -> dict[str, str]:
    """Compiled phrases, each packed in one string, for the user cache dir."""
    return {src: c.pack() for src, c in _MEMO.items()}


def memo_load(data: dict[str, str]) -> None:
    for src, packed in data.items():
        if len(_MEMO) >= _MEMO_LIMIT:
            break
        if isinstance(src, str) and isinstance(packed, str) and packed:
            _MEMO.setdefault(src, CompiledPhrase.packed(src, packed))


def compile_phrase(src: str) -> CompiledPhrase:
    """Compile one phrase (memoised); raises PhraseError naming what is wrong and where."""
    hit = _MEMO.get(src)
    if hit is not None:
        return hit
    compiled = _compile(src)
    if len(_MEMO) < _MEMO_LIMIT:
        _MEMO[src] = compiled
    return compiled


def _compile(src: str) -> CompiledPhrase:
    if not src.strip():
        raise PhraseError("the phrase is empty")
    variants: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for raw in _expand(_parse(src)):
        merged: list[str] = []
        for w in raw:
            if w == GAP and (not merged or merged[-1] == GAP):
                if not merged:
                    raise PhraseError("a gap '...' cannot start a phrase")
                continue
            merged.append(w)
        if merged and merged[-1] == GAP:
            raise PhraseError("a gap '...' cannot end a phrase")
        words = [w for w in merged if w != GAP]
        if not words:
            raise PhraseError("the phrase can match without any words (everything is optional)")
        if len(words) > MAX_WORDS:
            raise PhraseError(f"a variant has {len(words)} words; the limit is {MAX_WORDS}")
        if len(merged) - len(words) > MAX_GAPS:
            raise PhraseError(f"more than {MAX_GAPS} gaps '...' in one phrase")
        if sum(1 for w in words if w[:1] == "<") > MAX_CLASS_REFS:
            raise PhraseError(f"more than {MAX_CLASS_REFS} word classes <...> in one variant")
        variant = tuple(merged)
        if variant not in seen:
            seen.add(variant)
            variants.append(variant)
    return CompiledPhrase(src, tuple(variants))
