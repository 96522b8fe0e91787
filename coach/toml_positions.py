"""Positions (line, column) of tables, keys and list items in TOML text: :class:`SourceMap`.

``tomllib`` gives line numbers only for syntax errors; every schema problem must name a line too,
so this scans the text once and records where each table header and each key assignment is.
Paths use the parsed shape: ``("rule", 3)`` is the fourth ``[[rule]]``, ``("offer", 0,
"productivity")`` its ``[offer.productivity]``. It is a locator, not a parser: for text it cannot
place it returns ``None`` and callers fall back to the enclosing table's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*(\]\]?)\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


_HEADER_FAST = re.compile(r"(?m)^[ \t]*(\[\[?)[ \t]*([^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")


def _indexed(names: list[str], is_array: bool, counts: dict[Path, int]) -> Path:
    """A header's path with the index of each array of tables it sits in."""
    indexed: list[str | int] = []
    for i, name in enumerate(names):
        indexed.append(name)
        # Counted per parent element: each [[question]] starts its own [[question.traits]]
        # from 0, as TOML does.
        key = tuple(indexed)
        if i == len(names) - 1 and is_array:
            counts[key] = counts.get(key, 0) + 1
            indexed.append(counts[key] - 1)
        elif key in counts:
            indexed.append(counts[key] - 1)
    return tuple(indexed)


def _split_dotted(key: str) -> list[str]:
    parts: list[str] = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)', key):
        parts.append(next(g for g in m.groups() if g is not None))
    return parts


@dataclass
class SourceMap:
    text: str
    tables: dict[Path, int] = field(default_factory=dict)
    _keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    _spans: dict[Path, tuple[int, int]] = field(default_factory=dict)  # key -> (first, last line)
    _lines: list[str] = field(default_factory=list)
    _scanned: bool = False

    # Key positions are scanned on first use; reading them as attributes must trigger that too,
    # or a caller gets an empty map and silently falls back to table lines.
    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        self._scan_keys()
        return self._keys

    @property
    def spans(self) -> dict[Path, tuple[int, int]]:
        self._scan_keys()
        return self._spans

    @property
    def lines(self) -> list[str]:
        self._scan_keys()
        return self._lines

    @classmethod
    def build(cls, text: str) -> SourceMap:
        """Table lines now (one regex pass); key positions only when first asked for."""
        sm = cls(text)
        counts: dict[Path, int] = {}
        line = 1
        last = 0
        for m in _HEADER_FAST.finditer(text):
            line += text.count("\n", last, m.start())
            last = m.start()
            names = _split_dotted(m.group(2))
            sm.tables.setdefault(_indexed(names, m.group(1) == "[[", counts), line)
        return sm

    def _scan_keys(self) -> None:
        """The full line-by-line scan: exact tables, keys and value spans."""
        if self._scanned:
            return
        self._scanned = True
        text = self.text
        tables: dict[Path, int] = {}
        keys = self._keys
        spans = self._spans
        lines = self._lines = text.splitlines()
        counts: dict[Path, int] = {}
        current: Path = ()
        last_key: Path | None = None
        depth = 0  # open brackets of a multi-line value
        in_string: str | None = None
        for lineno, line in enumerate(lines, start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                if last_key is not None:
                    spans[last_key] = (spans[last_key][0], lineno)
                continue
            if depth > 0:
                depth += _bracket_delta(line)
                if last_key is not None:
                    spans[last_key] = (spans[last_key][0], lineno)
                for q in ('"""', "'''"):
                    if line.count(q) % 2 == 1:
                        in_string = q
                continue
            header = _HEADER.match(line)
            if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                names = _split_dotted(header.group(2))
                current = _indexed(names, header.group(1) == "[[", counts)
                tables.setdefault(current, lineno)
                last_key = None
                continue
            km = _KEY.match(line)
            if km:
                path = current + tuple(_split_dotted(km.group(1)))
                col = len(line) - len(line.lstrip()) + 1
                keys.setdefault(path, (lineno, col))
                spans[path] = (lineno, lineno)
                last_key = path
                rest = line[km.end() :]
                depth = max(0, _bracket_delta(rest))
                for q in ('"""', "'''"):
                    if rest.count(q) % 2 == 1:
                        in_string = q
        self.tables = tables

    def table_line(self, path: Path) -> int | None:
        while path:
            if path in self.tables:
                return self.tables[path]
            path = path[:-1]
        return None

    def key(self, path: Path) -> tuple[int, int | None]:
        """(line, column) of a key, else its table's line; (0, None) when nothing is known."""
        self._scan_keys()
        if path in self.keys:
            return self.keys[path]
        line = self.table_line(path)
        return (line or 0, None)

    def value_line(self, path: Path, needle: str) -> int | None:
        """The line within a key's value where ``needle`` (e.g. an example sentence) appears."""
        self._scan_keys()
        span = self.spans.get(path)
        if span is None or not needle:
            return None
        lines = range(span[0], span[1] + 1)
        # the whole string first, quotes and all: one phrase may begin or end like another
        quoted = (f'"{needle}"', f"'{needle}'")
        for lineno in lines:
            if any(q in self.lines[lineno - 1] for q in quoted):
                return lineno
        probe = needle[:40]
        for lineno in lines:
            if probe in self.lines[lineno - 1]:
                return lineno
        # escaped quotes or line breaks in the source: try the first few words only
        probe = " ".join(needle.split()[:3])
        for lineno in range(span[0], span[1] + 1):
            if probe and probe in self.lines[lineno - 1]:
                return lineno
        return span[0]


def _bracket_delta(text: str) -> int:
    """Net count of [ minus ] outside strings and comments (good enough for TOML arrays)."""
    delta = 0
    quote: str | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            if text.startswith(ch * 3, i):
                close = text.find(ch * 3, i + 3)
                if close < 0:
                    break  # a multi-line string opens: the rest of the line is inside it
                i = close + 3
                continue
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            delta += 1
        elif ch in "]}":
            delta -= 1
        i += 1
    return delta
