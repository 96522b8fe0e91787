"""What a kind of pack item is, for every part of the pack loader (conventions.md, Packs).

A problem loading reports (file, line, id), where an item came from (Origin), an item as read
from one file (RawItem), and the spec each kind registers (KindSpec): which tables hold its
items, which override keys it accepts, how to build a typed item (validation) and how to
self-test one. Which kinds there are is not known here: every loader is handed a
:class:`PackKinds` (coach.pack_kinds.PACK_KINDS).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from coach.rules.layering import Library

from coach.toml_positions import SourceMap

BUILTIN = "built-in"
PROGRAM = "program"
PERSONAL = "personal"
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The phrases kind's lexicon (word classes, fillers, spellings): resolved before every other item
# of the phrases and questions kinds, which are built with it (coach.rules.lexicon).
LEXICON_KIND = "phrases"
LEXICON_TABLES = ("word_class", "spelling")
LEXICON_ONLY = "phrases:lexicon"  # parse marker: the lexicon tables without the rules


@dataclass(frozen=True)
class Problem:
    """One line of output: ``path:line:col: id: message`` (missing parts left out)."""

    path: str
    line: int | None
    col: int | None
    item: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


@dataclass(frozen=True)
class Origin:
    path: str
    layer: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class RawItem:
    """An item as read from one file, before and after overrides are applied."""

    kind: str
    table: str
    id: str
    data: dict[str, Any]
    origin: Origin
    source: SourceMap
    path: tuple[str | int, ...]  # where it sits in its file, e.g. ("rule", 3)
    replaced: list[Origin] = field(default_factory=list)
    overrides: list[tuple[Origin, dict[str, Any]]] = field(default_factory=list)
    digest: str = ""  # of the file it came from
    # What the kind builds its items with beyond the item itself (phrases and questions: the
    # library's lexicon of word classes, fillers and spellings); set by resolve().
    context: Any = field(default=None, compare=False, repr=False)

    def where(
        self, key: str | None = None, needle: str | None = None
    ) -> tuple[int | None, int | None]:
        """(line, col) of this item, one of its keys, or a string inside that key's value."""
        if key is None:
            return self.origin.line, None
        if needle is not None:
            line = self.source.value_line((*self.path, key), needle)
            if line:
                return line, None
        line, col = self.source.key((*self.path, key))
        return (line or self.origin.line), col

    def where_in_value(
        self, path: tuple[str | int, ...], needle: str | None, column: int | None
    ) -> tuple[int | None, int | None]:
        """(line, col) of a string inside a value (e.g. one phrase of ``phrases``), and of the
        character ``column`` (1-based) within that string when it is found on that line."""
        full = (*self.path, *path)
        line = self.source.value_line(full, needle) if needle else None
        if line:
            if column is not None and needle:  # (a line is found only for a needle)
                text = self.source.lines[line - 1]
                at = max(text.find(f'"{needle}"'), text.find(f"'{needle}'"))
                at = at + 1 if at >= 0 else text.find(needle[:40])
                if at >= 0:
                    return line, at + column
            return line, None
        line, col = self.source.key(full)
        return (line or self.origin.line), col

    def problem(
        self,
        message: str,
        key: str | None = None,
        *,
        needle: str | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        line, col = self.where(key, needle)
        return Problem(self.origin.path, line, col, self.id, message, severity)

    def problem_at(
        self,
        position: tuple[int | None, int | None],
        message: str,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        """A problem of this item at a (line, column) already found (e.g. inside a value)."""
        return Problem(self.origin.path, position[0], position[1], self.id, message, severity)

    def check_keys(
        self, allowed: Iterable[str], required: Iterable[str], problems: list[Problem]
    ) -> None:
        """An "unknown key" problem (with the nearest allowed name) for each key of the item not
        allowed, and a "missing required key" for each required key it lacks."""
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                problems.append(self.problem(f"unknown key {key}{did_you_mean(key, allowed)}", key))
        for key in required:
            if key not in self.data:
                problems.append(self.problem(f"missing required key {key}"))

    def check_choice(self, key: str, choices: Sequence[str], problems: list[Problem]) -> bool:
        """Whether the item's ``key`` (when given) is one of ``choices``; if not, a problem that
        lists them and names the nearest."""
        if key not in self.data or self.data[key] in choices:
            return True
        value = self.data[key]
        listed = ", ".join(f'"{c}"' for c in choices[:-1]) + f' or "{choices[-1]}"'
        problems.append(
            self.problem(
                f"{key} must be {listed}, not {value!r}" + did_you_mean(str(value), choices), key
            )
        )
        return False


Builder = Callable[[RawItem, list[Problem]], Any | None]

SelfTest = Callable[[Any, RawItem], list[Problem]]


@dataclass(frozen=True)
class KindSpec:
    """How one kind of pack item is read, overridden, validated and self-tested."""

    kind: str
    tables: tuple[str, ...]  # item tables, e.g. ("rule",); the first is the main one
    # override key -> ("set", key) replaces a value; ("append", key) extends a list
    override_keys: Mapping[str, tuple[str, str]]
    build: Builder  # validate raw data into a typed item, appending problems; None if invalid
    self_test: SelfTest | None = None
    strict_builtin: Callable[[Any, RawItem], list[Problem]] | None = None  # built-in-only rules
    # lint(library) -> problems that do not stop loading (noise, duplicates, unknown placeholders)
    lint: Callable[[Library], list[Problem]] | None = None
    # item table -> the override keys that apply to its items (None: every key, every table)
    override_tables: Mapping[str, tuple[str, ...]] | None = None
    untested_tables: tuple[str, ...] = ()  # tables whose items carry no examples of their own


@dataclass(frozen=True)
class PackKinds:
    """The kinds of pack item a loader knows, handed to it by the composition root
    (coach.pack_kinds): the loader imports no kind's module itself. ``specs`` maps each kind to
    a function returning its spec, or None while the module defining it is not installed; it is
    called only when that kind is loaded."""

    specs: Mapping[str, Callable[[], KindSpec | None]]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.specs)

    def spec(self, kind: str) -> KindSpec | None:
        return self.specs[kind]()

    def available(self) -> list[str]:
        return [k for k in self.specs if self.spec(k) is not None]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def build_item(spec: KindSpec, raw: RawItem, run_tests: bool) -> tuple[Any | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        item = spec.build(raw, problems)
    except Exception as exc:  # a builder bug must not take the library down
        problems.append(raw.problem(f"could not be read: {exc}"))
        return None, problems
    if item is not None and run_tests and spec.self_test is not None:
        problems.extend(spec.self_test(item, raw))
    return item, problems
